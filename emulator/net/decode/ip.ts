// IPv4 (RFC 791) and IPv6 (RFC 8200, basic: fixed header and the common extension headers).
//
// IPv4:  0 version:4 IHL:4  1 DSCP:6 ECN:2  2 total length  4 identification
//        6 flags:3 (reserved, DF, MF) fragment offset:13 (in 8-byte units)
//        8 TTL  9 protocol  10 header checksum  12 source  16 destination  20 options
// IPv6:  0 version:4 traffic class:8 flow label:20  4 payload length  6 next header  7 hop limit
//        8 source[16]  24 destination[16]  40 extension headers / payload

import { formatIpv4, formatIpv6 } from '../mac.js';
import { type DecodeContext, dataView, field, hex, onesComplementSum } from './context.js';

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;

export const IPV4_MIN_HLEN = 20;
export const IP_DF = 0x4000;
export const IP_MF = 0x2000;
export const IP_OFFMASK = 0x1fff;
export const IPV6_HLEN = 40;

export const IP_PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [IPPROTO_HOPOPTS, 'Hop-by-Hop'],
  [IPPROTO_ICMP, 'ICMP'],
  [IPPROTO_TCP, 'TCP'],
  [IPPROTO_UDP, 'UDP'],
  [IPPROTO_ROUTING, 'Routing'],
  [IPPROTO_FRAGMENT, 'Fragment'],
  [IPPROTO_ICMPV6, 'ICMPv6'],
  [IPPROTO_NONE, 'No Next Header'],
  [IPPROTO_DSTOPTS, 'Destination Options'],
]);

function protocolName(p: number): string {
  return `${IP_PROTOCOL_NAMES.get(p) ?? 'unknown'} (${p})`;
}

export function decodeIpv4(bytes: Uint8Array, ctx: DecodeContext): void {
  ctx.protocol = 'ipv4';
  const version = (bytes[0] ?? 0) >>> 4;
  const ihl = ((bytes[0] ?? 0) & 0x0f) * 4;
  if (bytes.length < IPV4_MIN_HLEN || version !== 4 || ihl < IPV4_MIN_HLEN || bytes.length < ihl) {
    ctx.layers.push({ name: 'IPv4', fields: [field('Error', `bad header (version ${version}, ${ihl}-byte header, ${bytes.length} bytes)`)] });
    ctx.summary = 'IPv4 (malformed header)';
    return;
  }
  const view = dataView(bytes);
  const totalLength = view.getUint16(2);
  const id = view.getUint16(4);
  const flagsOffset = view.getUint16(6);
  const fragOffset = (flagsOffset & IP_OFFMASK) * 8;
  const moreFragments = (flagsOffset & IP_MF) !== 0;
  const ttl = bytes[8]!;
  const protocol = bytes[9]!;
  const checksum = view.getUint16(10);
  const src = formatIpv4(bytes, 12);
  const dst = formatIpv4(bytes, 16);
  // The header checksum over the header (checksum field included) sums to 0xffff when correct.
  const checksumOk = onesComplementSum(bytes.subarray(0, ihl)) === 0xffff;
  const flags = [flagsOffset & IP_DF ? 'DF' : '', moreFragments ? 'MF' : ''].filter(Boolean).join(', ') || 'none';
  ctx.layers.push({
    name: 'IPv4',
    fields: [
      field('Version', 4),
      field('Header length', ihl),
      field('DSCP/ECN', hex(bytes[1]!, 2)),
      field('Total length', totalLength),
      field('Identification', hex(id, 4)),
      field('Flags', flags),
      field('Fragment offset', fragOffset),
      field('TTL', ttl),
      field('Protocol', protocolName(protocol)),
      field('Header checksum', `${hex(checksum, 4)} ${checksumOk ? '[correct]' : '[incorrect]'}`),
      field('Source', src),
      field('Destination', dst),
    ],
  });
  ctx.netSrc = src;
  ctx.netDst = dst;
  if (!checksumOk) ctx.notes.push('[bad IP checksum]');
  // The payload ends at total length (Ethernet pads short frames to 60 bytes).
  const end = totalLength >= ihl && totalLength <= bytes.length ? totalLength : bytes.length;
  if (totalLength > bytes.length) ctx.notes.push('[truncated]');
  const payload = bytes.subarray(ihl, end);
  if (fragOffset > 0) {
    ctx.summary = `${src} → ${dst} IPv4 fragment ${IP_PROTOCOL_NAMES.get(protocol) ?? `proto=${protocol}`} id=${hex(id, 4)} off=${fragOffset} len=${payload.length}${moreFragments ? ' MF' : ''}`;
    ctx.layers.push({ name: 'Fragment', fields: [field('Offset', fragOffset), field('Length', payload.length), field('More fragments', moreFragments ? 'yes' : 'no')] });
    return;
  }
  ctx.summary = `${src} → ${dst} IPv4 proto=${protocol} len=${payload.length}`;
  if (moreFragments) ctx.notes.push(`[first fragment id=${hex(id, 4)}]`);
  ctx.dispatch.ipProtocol(protocol, payload, ctx);
}

/** Extension headers we step over: next header at byte 0, length (8-byte units, excluding the first 8) at byte 1. */
const SKIPPABLE_V6_EXTENSIONS = new Set([IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS]);

export function decodeIpv6(bytes: Uint8Array, ctx: DecodeContext): void {
  ctx.protocol = 'ipv6';
  if (bytes.length < IPV6_HLEN || (bytes[0]! >>> 4) !== 6) {
    ctx.layers.push({ name: 'IPv6', fields: [field('Error', `bad header (${bytes.length} bytes)`)] });
    ctx.summary = 'IPv6 (malformed header)';
    return;
  }
  const view = dataView(bytes);
  const word0 = view.getUint32(0);
  const payloadLength = view.getUint16(4);
  let next = bytes[6]!;
  const hopLimit = bytes[7]!;
  const src = formatIpv6(bytes, 8);
  const dst = formatIpv6(bytes, 24);
  const fields = [
    field('Version', 6),
    field('Traffic class', hex((word0 >>> 20) & 0xff, 2)),
    field('Flow label', hex(word0 & 0xfffff, 5)),
    field('Payload length', payloadLength),
    field('Next header', protocolName(next)),
    field('Hop limit', hopLimit),
    field('Source', src),
    field('Destination', dst),
  ];
  ctx.layers.push({ name: 'IPv6', fields });
  ctx.netSrc = `[${src}]`;
  ctx.netDst = `[${dst}]`;
  const end = Math.min(bytes.length, IPV6_HLEN + payloadLength);
  let offset = IPV6_HLEN;
  let fragment = false;
  // At most a handful of extension headers: bounded by the payload length.
  while (offset + 8 <= end) {
    if (SKIPPABLE_V6_EXTENSIONS.has(next)) {
      fields.push(field('Extension header', protocolName(next)));
      const length = (bytes[offset + 1]! + 1) * 8;
      next = bytes[offset]!;
      offset += length;
    } else if (next === IPPROTO_FRAGMENT) {
      const fragOffset = view.getUint16(offset + 2) & 0xfff8;
      fields.push(field('Fragment', `offset ${fragOffset}${view.getUint16(offset + 2) & 1 ? ', more' : ''}`));
      fragment = fragOffset !== 0;
      next = bytes[offset]!;
      offset += 8;
    } else break;
  }
  const payload = bytes.subarray(Math.min(offset, end), end);
  ctx.summary = `${src} → ${dst} IPv6 next=${next} len=${payload.length}`;
  if (fragment) {
    ctx.summary = `${src} → ${dst} IPv6 fragment len=${payload.length}`;
    return;
  }
  ctx.dispatch.ipProtocol(next, payload, ctx);
}
