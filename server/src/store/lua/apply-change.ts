import { keys } from '../keys';

/**
 * Applies a change planned from READ_WINDOW_LUA's read, or from the caravan's tail as this process
 * last wrote it or is writing it (see RedisStore.insertReports), all of it or nothing: nothing when
 * the caravan is not in the state the plan was made on, and the caller reads again. That state is
 * the revision, and for a plan made on a tail, also the write that made it (`writer`, which every
 * change sets to its own id): a plan made on a write still in flight (expected revision one past
 * the last, expected writer that write) must not land when that write was refused and someone
 * else's made the same revision. Nothing lands either when a report written as new is stored
 * already (a duplicate the plan did not read). Each write is recorded as not yet pushed (the unpushed
 * zset, scored by the revision it made), in the same step: TAKE_UNPUSHED_LUA hands it out once.
 * KEYS: reports hash, all zset, candidates zset, track zset, state hash, unpushed zset
 * ARGV: expected revision, expected writer ('' for any), this change's writer id, traveledKm delta,
 *       revisions (stored reports changed), then six lists, each its length first:
 *       writes (id, JSON) followed by their kinds as one string ('s' stored, 'u' updated: "ssu"),
 *       new reports (score, id), candidates in (score, id), candidates out (id), track in
 *       (score, id), track out (id). Each list is laid out as its command takes it (HSET's field
 *       and value, ZADD's score and member), so the script hands a whole list to one call.
 * Returns {'ok', the new revision} | {'retry'}
 */
/** APPLY_CHANGE_LUA's KEYS for a caravan, in the script's order. */
export const applyChangeKeys = (caravanId: string) =>
  [
    keys.reports(caravanId),
    keys.all(caravanId),
    keys.candidates(caravanId),
    keys.track(caravanId),
    keys.state(caravanId),
    keys.unpushed(caravanId),
  ] as const;

export const APPLY_CHANGE_LUA = `
local state = redis.call('HMGET', KEYS[5], 'revision', 'writer')
if (state[1] or '0') ~= ARGV[1] or (ARGV[2] ~= '' and state[2] ~= ARGV[2]) then
  return {'retry'}
end

-- Each command runs once for the whole change, its members unpacked from ARGV, not once a
-- report: every call from Lua has a cost of its own (the command looked up, its arguments and
-- reply converted). At most CHUNK arguments a call (Lua unpacks fewer than 8,000); even, so no
-- (field, value) or (score, member) pair is split.
local CHUNK = 1000
local function many(command, key, option, first, last)
  for from = first, last, CHUNK do
    local to = math.min(last, from + CHUNK - 1)
    if option then
      redis.call(command, key, option, unpack(ARGV, from, to))
    else
      redis.call(command, key, unpack(ARGV, from, to))
    end
  end
end

-- The next list: the ARGV range of its items (width arguments each).
local at = 6
local function list(width)
  local n = tonumber(ARGV[at])
  local first, last = at + 1, at + width * n
  at = last + 1
  return first, last, n
end

local writesFirst, writesLast, writeCount = list(2)
local kinds = ARGV[at]
at = at + 1
local storedIds = {}
for k = 1, writeCount do
  if string.sub(kinds, k, k) == 's' then
    storedIds[#storedIds + 1] = ARGV[writesFirst + 2 * (k - 1)]
  end
end
for from = 1, #storedIds, CHUNK do
  for _, json in ipairs(redis.call('HMGET', KEYS[1], unpack(storedIds, from, math.min(#storedIds, from + CHUNK - 1)))) do
    if json then
      return {'retry'}
    end
  end
end

local revision = redis.call('HINCRBY', KEYS[5], 'revision', 1)
redis.call('HSET', KEYS[5], 'writer', ARGV[3])
many('HSET', KEYS[1], nil, writesFirst, writesLast)
local unpushed = {}
for _, id in ipairs(storedIds) do
  unpushed[#unpushed + 1] = revision
  unpushed[#unpushed + 1] = 's|' .. id
end
for from = 1, #unpushed, CHUNK do
  redis.call('ZADD', KEYS[6], 'NX', unpack(unpushed, from, math.min(#unpushed, from + CHUNK - 1)))
end
for k = 1, writeCount do
  local id = ARGV[writesFirst + 2 * (k - 1)]
  if string.sub(kinds, k, k) ~= 's' and not redis.call('ZSCORE', KEYS[6], 's|' .. id) then
    redis.call('ZADD', KEYS[6], 'NX', revision, 'u|' .. id)
  end
end

local first, last = list(2)
many('ZADD', KEYS[2], nil, first, last)
first, last = list(2)
many('ZADD', KEYS[3], nil, first, last)
first, last = list(1)
many('ZREM', KEYS[3], nil, first, last)
first, last = list(2)
many('ZADD', KEYS[4], nil, first, last)
first, last = list(1)
many('ZREM', KEYS[4], nil, first, last)
if tonumber(ARGV[4]) ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[5], 'traveledKm', ARGV[4])
end
if tonumber(ARGV[5]) > 0 then
  redis.call('HINCRBY', KEYS[5], 'revisions', ARGV[5])
end
return {'ok', revision}
`;
