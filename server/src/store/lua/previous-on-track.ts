/**
 * The last report on the track fixed at or before a time, in one round trip (see
 * RedisStore.previousOnTrack): `lastFixedBy` in @rumbo/shared/track. Of several at that score,
 * ZREVRANGEBYSCORE gives the greatest id in byte order, the last in track order (`compareTrackOrder`).
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
