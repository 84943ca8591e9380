/**
 * Atomic change of one report's visibility (see RedisStore.setHidden): rewrites its JSON and,
 * when it joins or leaves the track, moves it in the track set and adjusts traveledKm; counts the
 * change in the state hash (`moderations`).
 * KEYS: reports hash, track zset, state hash
 * ARGV: id, JSON it was read as, new JSON, op ('add' | 'remove' | 'none'), score,
 *       expected previous id, expected next id ('' for none), traveledKm delta for them
 *       (`legDeltaKm` in @rumbo/shared/track; neighbours by rank, in track order: `compareTrackOrder`)
 * Returns {'ok'} | {'retry'} (something changed since it was read: read again).
 */
export const SET_VISIBILITY_LUA = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return {'retry'}
end
local op = ARGV[4]
if op == 'add' then
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
end
if op ~= 'none' then
  local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  if not rank then
    return {'retry'}
  end
  local previous = ''
  if rank > 0 then
    previous = redis.call('ZRANGE', KEYS[2], rank - 1, rank - 1)[1]
  end
  local next = redis.call('ZRANGE', KEYS[2], rank + 1, rank + 1)[1] or ''
  if previous ~= ARGV[6] or next ~= ARGV[7] then
    if op == 'add' then
      redis.call('ZREM', KEYS[2], ARGV[1])
    end
    return {'retry'}
  end
  if op == 'remove' then
    redis.call('ZREM', KEYS[2], ARGV[1])
  end
  redis.call('HINCRBYFLOAT', KEYS[3], 'traveledKm', ARGV[8])
end
redis.call('HINCRBY', KEYS[3], 'moderations', 1)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return {'ok'}
`;
