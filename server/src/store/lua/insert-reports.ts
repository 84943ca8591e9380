/**
 * Atomic insert of a batch of new reports, as planned from a read (see RedisStore.insertReports):
 * all of them or none. None when any id is stored by now, or when any report that goes on the
 * track would not sit between the neighbours the plan expected (another instance wrote in
 * between): the caller plans again.
 * KEYS: reports hash, all zset, track zset, state hash
 * ARGV: traveledKm delta of the whole batch, n, then n × (id, score, JSON, onTrack '1' | '0',
 *       expected previous id, expected next id ('' for none), on the track with the batch in it)
 * Neighbours are read by rank: the sorted set's order, which is track order (`compareTrackOrder`
 * in @rumbo/shared/track), as the plan assumed.
 * Returns {'ok'} | {'retry'}
 */
export const INSERT_REPORTS_LUA = `
local count = tonumber(ARGV[2])
local function field(i, f) return ARGV[2 + 6 * i + f] end

for i = 0, count - 1 do
  if redis.call('HEXISTS', KEYS[1], field(i, 1)) == 1 then
    return {'retry'}
  end
end

local onTrack = {}
for i = 0, count - 1 do
  if field(i, 4) == '1' then
    redis.call('ZADD', KEYS[3], field(i, 2), field(i, 1))
    onTrack[#onTrack + 1] = i
  end
end
for _, i in ipairs(onTrack) do
  local rank = redis.call('ZRANK', KEYS[3], field(i, 1))
  local previous = ''
  if rank > 0 then
    previous = redis.call('ZRANGE', KEYS[3], rank - 1, rank - 1)[1]
  end
  local next = redis.call('ZRANGE', KEYS[3], rank + 1, rank + 1)[1] or ''
  if previous ~= field(i, 5) or next ~= field(i, 6) then
    for _, j in ipairs(onTrack) do
      redis.call('ZREM', KEYS[3], field(j, 1))
    end
    return {'retry'}
  end
end

if #onTrack > 0 then
  redis.call('HINCRBYFLOAT', KEYS[4], 'traveledKm', ARGV[1])
end
for i = 0, count - 1 do
  redis.call('HSET', KEYS[1], field(i, 1), field(i, 3))
  redis.call('ZADD', KEYS[2], field(i, 2), field(i, 1))
end
return {'ok'}
`;
