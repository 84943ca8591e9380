/**
 * Takes up to `limit` of a caravan's changes not yet pushed, oldest first, and removes them: of
 * several instances taking at once, each change goes to one (see TrackStore.takeUnpushed).
 * With a relay channel, it also publishes what it took there, in the same step, for the other
 * instances' viewers: one message for the stored reports, then one for the updated ones, each
 * `origin \n kind \n caravanId \n [JSON, …]` (see realtime/report-relay.ts, which reads them).
 * KEYS: unpushed zset, reports hash
 * ARGV: limit, relay channel ('' for none), origin, caravan id
 * Returns { kind ('s' | 'u'), JSON, … }
 */
export const TAKE_UNPUSHED_LUA = `
local taken = {}
local relayed = { s = {}, u = {} }
-- Member, score, member, score…: the oldest first, removed in the same call.
local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[1])
if #popped == 0 then
  return taken
end
local ids = {}
for i = 1, #popped, 2 do
  ids[#ids + 1] = string.sub(popped[i], 3)
end
local found = redis.call('HMGET', KEYS[2], unpack(ids))
for i, json in ipairs(found) do
  local kind = string.sub(popped[2 * i - 1], 1, 1)
  if json and relayed[kind] then
    taken[#taken + 1] = kind
    taken[#taken + 1] = json
    relayed[kind][#relayed[kind] + 1] = json
  end
end
if ARGV[2] ~= '' then
  for _, kind in ipairs({ 's', 'u' }) do
    if #relayed[kind] > 0 then
      redis.call('PUBLISH', ARGV[2], ARGV[3] .. '\\n' .. kind .. '\\n' .. ARGV[4] .. '\\n[' .. table.concat(relayed[kind], ',') .. ']')
    end
  end
end
return taken
`;
