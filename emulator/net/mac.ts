// Ethernet MAC and IPv4 address helpers, and the lab's addressing plan:
// node N has MAC 52:54:00:12:34:NN (NN in hex, QEMU's locally administered
// prefix) and IPv4 address 10.0.0.N/24.

export const MAC_BYTES = 6;
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
/** The lab's MAC prefix: 52:54:00 is QEMU's (locally administered, unicast). */
export const LAB_MAC_PREFIX = [0x52, 0x54, 0x00, 0x12, 0x34] as const;
export const LAB_SUBNET = '10.0.0';
/** Node numbers fit the last octet of both the MAC and the IPv4 address. */
export const MAX_NODE = 254;

/** Parses "52:54:00:12:34:01" (or with '-') into 6 bytes; throws on anything else. */
export function parseMac(text: string): Uint8Array {
  const parts = text.trim().split(/[:-]/);
  if (parts.length !== MAC_BYTES || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new Error(`not a MAC address: "${text}"`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** Formats the 6 bytes at `offset` of `bytes` as "52:54:00:12:34:01". */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  let s = '';
  for (let i = 0; i < MAC_BYTES; i++) {
    if (i) s += ':';
    s += (bytes[offset + i] ?? 0).toString(16).padStart(2, '0');
  }
  return s;
}

/** A MAC given as text or bytes, as 6 fresh bytes. */
export function toMacBytes(mac: Uint8Array | string): Uint8Array {
  if (typeof mac === 'string') return parseMac(mac);
  if (mac.length !== MAC_BYTES) throw new Error(`a MAC address has 6 bytes, not ${mac.length}`);
  return Uint8Array.from(mac);
}

/** The 48-bit MAC at `offset` as a number (exact: 2^48 < 2^53), for table keys. */
export function macKey(bytes: Uint8Array, offset = 0): number {
  let k = 0;
  for (let i = 0; i < MAC_BYTES; i++) k = k * 256 + (bytes[offset + i] ?? 0);
  return k;
}

/** Group (multicast or broadcast) addresses have the I/G bit, bit 0 of the first octet, set. */
export function isGroupMac(bytes: Uint8Array, offset = 0): boolean {
  return ((bytes[offset] ?? 0) & 0x01) !== 0;
}

export function isBroadcastMac(bytes: Uint8Array, offset = 0): boolean {
  for (let i = 0; i < MAC_BYTES; i++) if (bytes[offset + i] !== 0xff) return false;
  return true;
}

function checkNode(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_NODE) throw new Error(`node number ${n} is not in 1..${MAX_NODE}`);
}

/** Node n's MAC: 52:54:00:12:34:NN with NN = n in hex (node 10 → 52:54:00:12:34:0a). */
export function macForNode(n: number): string {
  checkNode(n);
  return formatMac(Uint8Array.of(...LAB_MAC_PREFIX, n));
}

/** Node n's IPv4 address: 10.0.0.n (in a /24). */
export function ipForNode(n: number): string {
  checkNode(n);
  return `${LAB_SUBNET}.${n}`;
}

/** Formats the 4 bytes at `offset` as dotted decimal. */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Parses dotted decimal into 4 bytes; throws on anything else. */
export function parseIpv4(text: string): Uint8Array {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`not an IPv4 address: "${text}"`);
  }
  return Uint8Array.from(parts, Number);
}

/** Formats the 16 bytes at `offset` as an IPv6 address (RFC 5952: lowercase, longest zero run as "::"). */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0));
  let bestAt = -1;
  let bestLen = 1; // a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(groups);
  return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
}
