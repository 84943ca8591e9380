/**
 * Reads what a change of a caravan's speed candidates needs, changing nothing (see
 * RedisStore.change): the stored JSON of some ids, and the window around the change that
 * rejudgeWindow (@rumbo/shared/track) judges again: every candidate with a score between the
 * margin-th candidate before the change's first fix time and the margin-th after its last, and the
 * track's reports just outside that. The sorted sets order members of one score by id in bytes:
 * track order (`compareTrackOrder`), as rejudgeWindow expects.
 * The window spans the fix times of the ids that are not stored yet and may join the candidates
 * ('1'), and of `extra` scores (a hide or restore); with none, no window is read.
 * KEYS: reports hash, candidates zset, track zset, state hash
 * ARGV: margin, n, then n × (id, score, joins '1' | '0'), then extra scores
 * Returns { revision, n × storedJson | '', windowRead '1' | '0', atStart, atEnd, trackBeforeJson,
 *           trackAfterJson, then the window's JSON in track order }
 */
export const READ_WINDOW_LUA = `
local margin = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local reply = { redis.call('HGET', KEYS[4], 'revision') or '0' }
local low, high
local function widen(score)
  if not low or score < low then low = score end
  if not high or score > high then high = score end
end
for i = 0, count - 1 do
  local id, score, joins = ARGV[3 + 3 * i], tonumber(ARGV[4 + 3 * i]), ARGV[5 + 3 * i]
  local stored = redis.call('HGET', KEYS[1], id)
  reply[#reply + 1] = stored or ''
  if not stored and joins == '1' then widen(score) end
end
for i = 3 + 3 * count, #ARGV do
  widen(tonumber(ARGV[i]))
end
if not low then
  reply[#reply + 1] = '0'
  return reply
end

local function json(id)
  if not id then return '' end
  return redis.call('HGET', KEYS[1], id)
end
-- The margin-th candidate fixed before the first change and after the last, if there are that many.
local before = redis.call('ZREVRANGEBYSCORE', KEYS[2], '(' .. low, '-inf', 'WITHSCORES', 'LIMIT', margin - 1, 1)
local after = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. high, '+inf', 'WITHSCORES', 'LIMIT', margin - 1, 1)
local from, to = '-inf', '+inf'
local atStart, atEnd = '1', '1'
local trackBefore, trackAfter = '', ''
if before[2] then
  from = before[2]
  if redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. from) > 0 then atStart = '0' end
  trackBefore = json(redis.call('ZREVRANGEBYSCORE', KEYS[3], '(' .. from, '-inf', 'LIMIT', 0, 1)[1])
end
if after[2] then
  to = after[2]
  if redis.call('ZCOUNT', KEYS[2], '(' .. to, '+inf') > 0 then atEnd = '0' end
  trackAfter = json(redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. to, '+inf', 'LIMIT', 0, 1)[1])
end
reply[#reply + 1] = '1'
reply[#reply + 1] = atStart
reply[#reply + 1] = atEnd
reply[#reply + 1] = trackBefore
reply[#reply + 1] = trackAfter
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], from, to)) do
  reply[#reply + 1] = json(id)
end
return reply
`;
