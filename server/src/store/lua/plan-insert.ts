/**
 * Reads what inserting a batch of reports needs, changing nothing (see RedisStore.insertReports):
 * for each report, the version already stored under its id, else, for a report that goes on the
 * track, its neighbours on the track as it is now, in track order (`compareTrackOrder` in
 * @rumbo/shared/track: by score, the fix time, then by id byte by byte, as the sorted set orders
 * them; `before` below is that id comparison); and the stored JSON of every neighbour named.
 * server/test/store/track-order.test.ts holds the sets and `before` to compareTrackOrder.
 * KEYS: reports hash, track zset
 * ARGV: n, then n × (id, score, onTrack '1' | '0')
 * Returns { n × (storedJson | '', previousId | '', nextId | ''), neighbour ids and JSON, alternating }
 */
export const PLAN_INSERT_LUA = `
-- Byte order, as the sorted set compares members of equal score (Lua's < would use the locale);
-- compareTrackOrder's tie-break on ids.
local function before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

local planned, neighbours, named = {}, {}, {}
local function name(id)
  if id ~= '' and not named[id] then
    named[id] = true
    neighbours[#neighbours + 1] = id
  end
  return id
end

for i = 0, tonumber(ARGV[1]) - 1 do
  local id, score, onTrack = ARGV[2 + 3 * i], ARGV[3 + 3 * i], ARGV[4 + 3 * i]
  local stored = redis.call('HGET', KEYS[1], id)
  local previous, next = '', ''
  if not stored and onTrack == '1' then
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], score, score)) do
      if before(member, id) then
        previous = member
      elseif next == '' then
        next = member
      end
    end
    if previous == '' then
      previous = redis.call('ZREVRANGEBYSCORE', KEYS[2], '(' .. score, '-inf', 'LIMIT', 0, 1)[1] or ''
    end
    if next == '' then
      next = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. score, '+inf', 'LIMIT', 0, 1)[1] or ''
    end
  end
  planned[#planned + 1] = stored or ''
  planned[#planned + 1] = name(previous)
  planned[#planned + 1] = name(next)
end

for _, id in ipairs(neighbours) do
  planned[#planned + 1] = id
  planned[#planned + 1] = redis.call('HGET', KEYS[1], id) or ''
end
return planned
`;
