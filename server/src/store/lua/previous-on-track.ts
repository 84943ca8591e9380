/**
 * The newest track report fixed at or before a time, in one round trip (see RedisStore.previousOnTrack).
 * KEYS: reports hash, track zset
 * ARGV: recordedAt ms
 * Returns its JSON, or false when there is none.
 */
export const PREVIOUS_ON_TRACK_LUA = `
local id = redis.call('ZREVRANGEBYSCORE', KEYS[2], ARGV[1], '-inf', 'LIMIT', 0, 1)[1]
if not id then
  return false
end
return redis.call('HGET', KEYS[1], id)
`;
