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
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
  redis.call('ZREM', KEYS[1], member)
  local json = redis.call('HGET', KEYS[2], string.sub(member, 3))
  local kind = string.sub(member, 1, 1)
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
