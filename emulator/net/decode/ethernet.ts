// Ethernet II (IEEE 802.3 with an EtherType), with at most one 802.1Q tag:
//
//   0 dst[6]  6 src[6]  12 EtherType/TPID (2)  [14 TCI (2): PCP:3 DEI:1 VID:12  16 EtherType]  payload

import { formatMac } from '../mac.js';
import { type DecodeContext, dataView, field, hex } from './context.js';

export const ETH_ALEN = 6;
export const ETH_HLEN = 14;
export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;
export const ETH_P_8021Q = 0x8100;
export const ETH_P_IPV6 = 0x86dd;
/** Values below this are an 802.3 length, not an EtherType. */
export const ETH_P_802_3_MIN = 0x0600;
export const VLAN_HLEN = 4;
export const VLAN_VID_MASK = 0x0fff;

export const ETHER_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [ETH_P_IP, 'IPv4'],
  [ETH_P_ARP, 'ARP'],
  [ETH_P_8021Q, '802.1Q'],
  [ETH_P_IPV6, 'IPv6'],
  [0x88cc, 'LLDP'],
]);

function etherTypeName(type: number): string {
  const name = ETHER_TYPE_NAMES.get(type);
  return name ? `${name} (${hex(type, 4)})` : hex(type, 4);
}

/** Decodes the Ethernet header of `frame` and dispatches its payload. */
export function decodeEthernet(frame: Uint8Array, ctx: DecodeContext): void {
  if (frame.length < ETH_HLEN) {
    ctx.layers.push({ name: 'Ethernet II', fields: [field('Length', frame.length), field('Error', 'truncated header')] });
    ctx.summary = `truncated Ethernet frame (${frame.length} bytes)`;
    return;
  }
  const view = dataView(frame);
  const dst = formatMac(frame, 0);
  const src = formatMac(frame, ETH_ALEN);
  let type = view.getUint16(12);
  let offset = ETH_HLEN;
  const fields = [field('Destination', dst), field('Source', src)];
  let vlan: number | undefined;
  if (type === ETH_P_8021Q && frame.length >= ETH_HLEN + VLAN_HLEN) {
    const tci = view.getUint16(14);
    vlan = tci & VLAN_VID_MASK;
    fields.push(field('802.1Q VLAN', `${vlan} (priority ${tci >>> 13})`));
    type = view.getUint16(16);
    offset += VLAN_HLEN;
  }
  fields.push(field('Type', type < ETH_P_802_3_MIN ? `length ${type} (802.3)` : etherTypeName(type)));
  ctx.layers.push({ name: 'Ethernet II', fields });
  ctx.netSrc = src;
  ctx.netDst = dst;
  ctx.summary = `${src} → ${dst} ${type < ETH_P_802_3_MIN ? '802.3' : `EtherType ${hex(type, 4)}`} len=${frame.length}`;
  ctx.dispatch.etherType(type, frame.subarray(offset), ctx);
  if (vlan !== undefined) ctx.summary = `VLAN ${vlan} ${ctx.summary}`;
}
