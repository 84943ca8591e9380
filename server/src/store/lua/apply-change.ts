/**
 * Applies a change planned from READ_WINDOW_LUA's read, or from the caravan's tail as this process
 * last wrote it (see RedisStore.insertReports), all of it or nothing: nothing when the caravan's
 * revision moved since (another instance wrote in between) or a report written as new is stored
 * already (a duplicate the plan did not read), and the caller reads again. Each write is recorded as not yet pushed (the unpushed
 * zset, scored by the revision it made), in the same step: TAKE_UNPUSHED_LUA hands it out once.
 * KEYS: reports hash, all zset, candidates zset, track zset, state hash, unpushed zset
 * ARGV: expected revision, traveledKm delta, revisions (stored reports changed),
 *       then six lists, each its length first:
 *       writes (id, JSON, 'stored' | 'updated'), new reports (id, score), candidates in (id, score),
 *       candidates out (id), track in (id, score), track out (id)
 * Returns {'ok', the new revision} | {'retry'}
 */
export const APPLY_CHANGE_LUA = `
if (redis.call('HGET', KEYS[5], 'revision') or '0') ~= ARGV[1] then
  return {'retry'}
end
for i = 5, 4 + 3 * tonumber(ARGV[4]), 3 do
  if ARGV[i + 2] == 'stored' and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    return {'retry'}
  end
end
local revision = redis.call('HINCRBY', KEYS[5], 'revision', 1)
local at = 4
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
if tonumber(ARGV[2]) ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[5], 'traveledKm', ARGV[2])
end
if tonumber(ARGV[3]) > 0 then
  redis.call('HINCRBY', KEYS[5], 'revisions', ARGV[3])
end
return {'ok', revision}
`;
