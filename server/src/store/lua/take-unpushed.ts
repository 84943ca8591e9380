/**
 * Takes up to `limit` of a caravan's changes not yet pushed, oldest first, and removes them: of
 * several instances taking at once, each change goes to one (see TrackStore.takeUnpushed).
 * KEYS: unpushed zset, reports hash
 * ARGV: limit
 * Returns { kind ('s' | 'u'), JSON, … }
 */
export const TAKE_UNPUSHED_LUA = `
local taken = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
  redis.call('ZREM', KEYS[1], member)
  local json = redis.call('HGET', KEYS[2], string.sub(member, 3))
  if json then
    taken[#taken + 1] = string.sub(member, 1, 1)
    taken[#taken + 1] = json
  end
end
return taken
`;
