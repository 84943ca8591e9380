/**
 * Connections held open per client address, at most `maxPerAddress` each: one address cannot
 * take every connection an instance can hold.
 */
export function createAddressSlots(maxPerAddress: number) {
  const open = new Map<string, number>();
  return {
    hasRoom: (address: string): boolean => (open.get(address) ?? 0) < maxPerAddress,
    /** Takes a slot for `address`; false, taking nothing, when it holds all of its slots. */
    take(address: string): boolean {
      const held = open.get(address) ?? 0;
      if (held >= maxPerAddress) return false;
      open.set(address, held + 1);
      return true;
    },
    release(address: string): void {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    },
  };
}
export type AddressSlots = ReturnType<typeof createAddressSlots>;
