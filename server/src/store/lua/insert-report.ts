/** Atomic, idempotent insert of one report: see RedisStore.insertReport. */
export const INSERT_REPORT_LUA = `
-- Atomic, idempotent insert of one report (see redis-store.ts).
-- KEYS: reports hash, all zset, track zset, state hash
-- ARGV: id, score (recordedAt ms), report JSON, onTrack (1/0), expected previous id,
--       expected next id ('' for none), traveledKm delta computed for those neighbours
-- Returns {'dup', storedJson} | {'retry', previousId, nextId} | {'ok'}
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then
  return {'dup', existing}
end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
  local rank = redis.call('ZRANK', KEYS[3], ARGV[1])
  local previous = ''
  if rank > 0 then
    previous = redis.call('ZRANGE', KEYS[3], rank - 1, rank - 1)[1]
  end
  local next = redis.call('ZRANGE', KEYS[3], rank + 1, rank + 1)[1] or ''
  if previous ~= ARGV[5] or next ~= ARGV[6] then
    -- Another insert landed next to this one since the neighbours were read: try again.
    redis.call('ZREM', KEYS[3], ARGV[1])
    return {'retry', previous, next}
  end
  redis.call('HINCRBYFLOAT', KEYS[4], 'traveledKm', ARGV[7])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return {'ok'}
`;
