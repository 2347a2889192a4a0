// ICMP (RFC 792) and ICMPv6 (RFC 4443, with the neighbour discovery messages of RFC 4861):
//
//   0 type  1 code  2 checksum  4 rest of header (echo: identifier, sequence; ND: reserved)  8 data

import { formatIpv6 } from '../mac.js';
import { type DecodeContext, dataView, field, hex } from './context.js';

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_HLEN = 8;

export const ICMPV6_DEST_UNREACH = 1;
export const ICMPV6_PKT_TOOBIG = 2;
export const ICMPV6_TIME_EXCEED = 3;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
export const NDISC_ROUTER_SOLICITATION = 133;
export const NDISC_ROUTER_ADVERTISEMENT = 134;
export const NDISC_NEIGHBOUR_SOLICITATION = 135;
export const NDISC_NEIGHBOUR_ADVERTISEMENT = 136;
export const ICMPV6_MLD2_REPORT = 143;

const ICMP_TYPES: ReadonlyMap<number, string> = new Map([
  [ICMP_ECHOREPLY, 'echo reply'],
  [ICMP_DEST_UNREACH, 'destination unreachable'],
  [ICMP_REDIRECT, 'redirect'],
  [ICMP_ECHO, 'echo request'],
  [ICMP_TIME_EXCEEDED, 'time exceeded'],
]);

const ICMP_UNREACH_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'network unreachable'],
  [1, 'host unreachable'],
  [2, 'protocol unreachable'],
  [3, 'port unreachable'],
  [4, 'fragmentation needed'],
]);

const ICMPV6_TYPES: ReadonlyMap<number, string> = new Map([
  [ICMPV6_DEST_UNREACH, 'destination unreachable'],
  [ICMPV6_PKT_TOOBIG, 'packet too big'],
  [ICMPV6_TIME_EXCEED, 'time exceeded'],
  [ICMPV6_ECHO_REQUEST, 'echo request'],
  [ICMPV6_ECHO_REPLY, 'echo reply'],
  [NDISC_ROUTER_SOLICITATION, 'router solicitation'],
  [NDISC_ROUTER_ADVERTISEMENT, 'router advertisement'],
  [NDISC_NEIGHBOUR_SOLICITATION, 'neighbor solicitation'],
  [NDISC_NEIGHBOUR_ADVERTISEMENT, 'neighbor advertisement'],
  [ICMPV6_MLD2_REPORT, 'multicast listener report v2'],
]);

export function decodeIcmp(bytes: Uint8Array, ctx: DecodeContext): void {
  decodeIcmpCommon(bytes, ctx, {
    name: 'ICMP',
    types: ICMP_TYPES,
    echo: [ICMP_ECHO, ICMP_ECHOREPLY],
    codeName: (type, code) => (type === ICMP_DEST_UNREACH ? ICMP_UNREACH_CODES.get(code) : undefined),
  });
}

export function decodeIcmpv6(bytes: Uint8Array, ctx: DecodeContext): void {
  decodeIcmpCommon(bytes, ctx, { name: 'ICMPv6', types: ICMPV6_TYPES, echo: [ICMPV6_ECHO_REQUEST, ICMPV6_ECHO_REPLY] });
  const type = bytes[0];
  if ((type === NDISC_NEIGHBOUR_SOLICITATION || type === NDISC_NEIGHBOUR_ADVERTISEMENT) && bytes.length >= 24) {
    const target = formatIpv6(bytes, 8);
    ctx.layers[ctx.layers.length - 1]!.fields.push(field('Target', target));
    ctx.summary += type === NDISC_NEIGHBOUR_SOLICITATION ? ` for ${target}` : ` ${target}`;
  }
}

function decodeIcmpCommon(
  bytes: Uint8Array,
  ctx: DecodeContext,
  kind: {
    name: string;
    types: ReadonlyMap<number, string>;
    echo: readonly number[];
    codeName?: (type: number, code: number) => string | undefined;
  },
): void {
  ctx.protocol = 'icmp';
  const where = `${ctx.netSrc.replace(/^\[|\]$/g, '')} → ${ctx.netDst.replace(/^\[|\]$/g, '')}`;
  if (bytes.length < 4) {
    ctx.layers.push({ name: kind.name, fields: [field('Error', 'truncated')] });
    ctx.summary = `${where} ${kind.name} (truncated)`;
    return;
  }
  const view = dataView(bytes);
  const type = bytes[0]!;
  const code = bytes[1]!;
  const typeName = kind.types.get(type) ?? `type ${type}`;
  const fields = [
    field('Type', `${type} (${typeName})`),
    field('Code', code),
    field('Checksum', hex(view.getUint16(2), 4)),
  ];
  ctx.summary = `${where} ${kind.name} ${typeName}`;
  if (kind.echo.includes(type) && bytes.length >= ICMP_HLEN) {
    const id = view.getUint16(4);
    const seq = view.getUint16(6);
    const dataLength = bytes.length - ICMP_HLEN;
    fields.push(field('Identifier', `${id} (${hex(id, 4)})`), field('Sequence', seq), field('Data length', dataLength));
    ctx.summary += ` id=${id} seq=${seq} len=${dataLength}`;
  } else if (kind.codeName?.(type, code)) {
    ctx.summary += ` (${kind.codeName(type, code)})`;
  } else if (code !== 0) {
    ctx.summary += ` code=${code}`;
  }
  ctx.layers.push({ name: kind.name, fields });
}
