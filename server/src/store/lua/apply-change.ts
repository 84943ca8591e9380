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

-- Each command below runs once for the whole change, with all of its members, not once a report:
-- a call from Lua costs Redis more than the member it adds (INFO commandstats under the ingest
-- benchmark). Arguments go out CHUNK at a time, far below the Lua stack's limit on unpack; an
-- even CHUNK never splits a (field, value) or (score, member) pair.
local CHUNK = 1000
local function many(command, key, option, args)
  for first = 1, #args, CHUNK do
    local last = math.min(#args, first + CHUNK - 1)
    if option then
      redis.call(command, key, option, unpack(args, first, last))
    else
      redis.call(command, key, unpack(args, first, last))
    end
  end
end

local at = 6
local function list(width, each)
  local n = tonumber(ARGV[at])
  for i = 0, n - 1 do
    each(at + 1 + width * i)
  end
  at = at + 1 + width * n
end

local fields, storedIds, updatedIds = {}, {}, {}
list(3, function(i)
  fields[#fields + 1] = ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
  if ARGV[i + 2] == 'stored' then
    storedIds[#storedIds + 1] = ARGV[i]
  else
    updatedIds[#updatedIds + 1] = ARGV[i]
  end
end)
for first = 1, #storedIds, CHUNK do
  local found = redis.call('HMGET', KEYS[1], unpack(storedIds, first, math.min(#storedIds, first + CHUNK - 1)))
  for _, json in ipairs(found) do
    if json then
      return {'retry'}
    end
  end
end

local revision = redis.call('HINCRBY', KEYS[5], 'revision', 1)
redis.call('HSET', KEYS[5], 'writer', ARGV[3])
many('HSET', KEYS[1], nil, fields)
local unpushed = {}
for _, id in ipairs(storedIds) do
  unpushed[#unpushed + 1] = revision
  unpushed[#unpushed + 1] = 's|' .. id
end
many('ZADD', KEYS[6], 'NX', unpushed)
for _, id in ipairs(updatedIds) do
  if not redis.call('ZSCORE', KEYS[6], 's|' .. id) then
    redis.call('ZADD', KEYS[6], 'NX', revision, 'u|' .. id)
  end
end

local function scored()
  local args = {}
  list(2, function(i)
    args[#args + 1] = ARGV[i + 1]
    args[#args + 1] = ARGV[i]
  end)
  return args
end
local function ids()
  local args = {}
  list(1, function(i) args[#args + 1] = ARGV[i] end)
  return args
end
many('ZADD', KEYS[2], nil, scored())
many('ZADD', KEYS[3], nil, scored())
many('ZREM', KEYS[3], nil, ids())
many('ZADD', KEYS[4], nil, scored())
many('ZREM', KEYS[4], nil, ids())
if tonumber(ARGV[4]) ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[5], 'traveledKm', ARGV[4])
end
if tonumber(ARGV[5]) > 0 then
  redis.call('HINCRBY', KEYS[5], 'revisions', ARGV[5])
end
return {'ok', revision}
`;
