// ARP (RFC 826) for Ethernet and IPv4:
//
//   0 htype (1 = Ethernet)  2 ptype (0x0800)  4 hlen (6)  5 plen (4)  6 oper (1 request, 2 reply)
//   8 sha[6]  14 spa[4]  18 tha[6]  24 tpa[4]

import { formatIpv4, formatMac } from '../mac.js';
import { type DecodeContext, dataView, field, hex } from './context.js';

export const ARP_HRD_ETHER = 1;
export const ARP_PRO_IP = 0x0800;
export const ARPOP_REQUEST = 1;
export const ARPOP_REPLY = 2;
export const ARP_ETH_IPV4_LEN = 28;

const OPCODE_NAMES: ReadonlyMap<number, string> = new Map([
  [ARPOP_REQUEST, 'request'],
  [ARPOP_REPLY, 'reply'],
]);

export function decodeArp(bytes: Uint8Array, ctx: DecodeContext): void {
  ctx.protocol = 'arp';
  if (bytes.length < 8) {
    ctx.layers.push({ name: 'ARP', fields: [field('Error', 'truncated')] });
    ctx.summary = 'ARP (truncated)';
    return;
  }
  const view = dataView(bytes);
  const htype = view.getUint16(0);
  const ptype = view.getUint16(2);
  const op = view.getUint16(6);
  const opName = `${OPCODE_NAMES.get(op) ?? 'unknown'} (${op})`;
  if (htype !== ARP_HRD_ETHER || ptype !== ARP_PRO_IP || bytes[4] !== 6 || bytes[5] !== 4 || bytes.length < ARP_ETH_IPV4_LEN) {
    ctx.layers.push({ name: 'ARP', fields: [field('Hardware type', htype), field('Protocol type', hex(ptype, 4)), field('Opcode', opName)] });
    ctx.summary = `ARP ${opName} (not Ethernet/IPv4)`;
    return;
  }
  const sha = formatMac(bytes, 8);
  const spa = formatIpv4(bytes, 14);
  const tha = formatMac(bytes, 18);
  const tpa = formatIpv4(bytes, 24);
  ctx.layers.push({
    name: 'ARP',
    fields: [
      field('Hardware type', 'Ethernet (1)'),
      field('Protocol type', 'IPv4 (0x0800)'),
      field('Opcode', opName),
      field('Sender MAC', sha),
      field('Sender IP', spa),
      field('Target MAC', tha),
      field('Target IP', tpa),
    ],
  });
  ctx.netSrc = spa;
  ctx.netDst = tpa;
  if (op === ARPOP_REQUEST) {
    ctx.summary = spa === tpa ? `ARP Announcement for ${spa}` : `ARP Who has ${tpa}? Tell ${spa}`;
  } else if (op === ARPOP_REPLY) {
    ctx.summary = `ARP ${spa} is at ${sha}`;
  } else {
    ctx.summary = `ARP ${opName} ${spa} → ${tpa}`;
  }
}
