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
 *       writes (id, JSON, 'stored' | 'updated'), new reports (id, score), candidates in (id, score),
 *       candidates out (id), track in (id, score), track out (id)
 * Returns {'ok', the new revision} | {'retry'}
 */
export const APPLY_CHANGE_LUA = `
local state = redis.call('HMGET', KEYS[5], 'revision', 'writer')
if (state[1] or '0') ~= ARGV[1] or (ARGV[2] ~= '' and state[2] ~= ARGV[2]) then
  return {'retry'}
end
for i = 7, 6 + 3 * tonumber(ARGV[6]), 3 do
  if ARGV[i + 2] == 'stored' and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    return {'retry'}
  end
end
local revision = redis.call('HINCRBY', KEYS[5], 'revision', 1)
redis.call('HSET', KEYS[5], 'writer', ARGV[3])
local at = 6
local function list(width, each)
  local n = tonumber(ARGV[at])
  for i = 0, n - 1 do
    each(at + 1 + width * i)
  end
  at = at + 1 + width * n
end

list(3, function(i)
  local id, kind = ARGV[i], ARGV[i + 2]
  redis.call('HSET', KEYS[1], id, ARGV[i + 1])
  if kind == 'stored' then
    redis.call('ZADD', KEYS[6], 'NX', revision, 's|' .. id)
  elseif not redis.call('ZSCORE', KEYS[6], 's|' .. id) then
    redis.call('ZADD', KEYS[6], 'NX', revision, 'u|' .. id)
  end
end)
list(2, function(i) redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i]) end)
list(2, function(i) redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i]) end)
list(1, function(i) redis.call('ZREM', KEYS[3], ARGV[i]) end)
list(2, function(i) redis.call('ZADD', KEYS[4], ARGV[i + 1], ARGV[i]) end)
list(1, function(i) redis.call('ZREM', KEYS[4], ARGV[i]) end)
if tonumber(ARGV[4]) ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[5], 'traveledKm', ARGV[4])
end
if tonumber(ARGV[5]) > 0 then
  redis.call('HINCRBY', KEYS[5], 'revisions', ARGV[5])
end
return {'ok', revision}
`;
