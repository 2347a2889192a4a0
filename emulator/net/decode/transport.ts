// UDP (RFC 768) and TCP (RFC 9293).
//
// UDP:  0 source port  2 destination port  4 length (header + data)  6 checksum  8 data
// TCP:  0 source port  2 destination port  4 sequence number  8 acknowledgment number
//       12 data offset:4 reserved:4  13 flags (CWR ECE URG ACK PSH RST SYN FIN)  14 window
//       16 checksum  18 urgent pointer  20 options (data offset * 4 - 20 bytes)  data

import { type DecodeContext, dataView, field, hex } from './context.js';

export const UDP_HLEN = 8;
export const TCP_MIN_HLEN = 20;

/** TCP flag bits in byte 13, lowest first: this is also the order Wireshark lists them in. */
export const TCP_FLAGS: readonly { readonly name: string; readonly bit: number }[] = [
  { name: 'FIN', bit: 0x01 },
  { name: 'SYN', bit: 0x02 },
  { name: 'RST', bit: 0x04 },
  { name: 'PSH', bit: 0x08 },
  { name: 'ACK', bit: 0x10 },
  { name: 'URG', bit: 0x20 },
  { name: 'ECE', bit: 0x40 },
  { name: 'CWR', bit: 0x80 },
];
export const TCP_FLAG_ACK = 0x10;

// TCP option kinds (IANA "TCP Option Kind Numbers").
export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MSS = 2;
export const TCPOPT_WINDOW = 3;
export const TCPOPT_SACK_PERM = 4;
export const TCPOPT_SACK = 5;
export const TCPOPT_TIMESTAMP = 8;

export function decodeUdp(bytes: Uint8Array, ctx: DecodeContext): void {
  ctx.protocol = 'udp';
  if (bytes.length < UDP_HLEN) {
    ctx.layers.push({ name: 'UDP', fields: [field('Error', 'truncated')] });
    ctx.summary = `${ctx.netSrc} → ${ctx.netDst} UDP (truncated)`;
    return;
  }
  const view = dataView(bytes);
  const srcPort = view.getUint16(0);
  const dstPort = view.getUint16(2);
  const length = view.getUint16(4);
  const end = length >= UDP_HLEN && length <= bytes.length ? length : bytes.length;
  const payload = bytes.subarray(UDP_HLEN, end);
  ctx.layers.push({
    name: 'UDP',
    fields: [
      field('Source port', srcPort),
      field('Destination port', dstPort),
      field('Length', length),
      field('Checksum', hex(view.getUint16(6), 4)),
      field('Payload length', payload.length),
    ],
  });
  ctx.summary = `${ctx.netSrc}:${srcPort} → ${ctx.netDst}:${dstPort} UDP len=${payload.length}`;
  if (payload.length > 0) {
    ctx.dispatch.payload({ transport: 'udp', src: ctx.netSrc, dst: ctx.netDst, srcPort, dstPort, payload, summary: ctx.summary }, ctx);
  }
}

export function decodeTcp(bytes: Uint8Array, ctx: DecodeContext): void {
  ctx.protocol = 'tcp';
  const dataOffset = ((bytes[12] ?? 0) >>> 4) * 4;
  if (bytes.length < TCP_MIN_HLEN || dataOffset < TCP_MIN_HLEN || dataOffset > bytes.length) {
    ctx.layers.push({ name: 'TCP', fields: [field('Error', `bad header (${bytes.length} bytes, data offset ${dataOffset})`)] });
    ctx.summary = `${ctx.netSrc} → ${ctx.netDst} TCP (malformed header)`;
    return;
  }
  const view = dataView(bytes);
  const srcPort = view.getUint16(0);
  const dstPort = view.getUint16(2);
  const seq = view.getUint32(4);
  const ack = view.getUint32(8);
  const flagBits = bytes[13]!;
  const window = view.getUint16(14);
  const flags = TCP_FLAGS.filter((f) => flagBits & f.bit).map((f) => f.name);
  const options = tcpOptions(bytes.subarray(TCP_MIN_HLEN, dataOffset));
  const payload = bytes.subarray(dataOffset);
  const fields = [
    field('Source port', srcPort),
    field('Destination port', dstPort),
    field('Sequence number', seq),
    field('Acknowledgment number', flagBits & TCP_FLAG_ACK ? ack : `${ack} (ACK not set)`),
    field('Header length', dataOffset),
    field('Flags', `${hex(flagBits, 2)} [${flags.join(', ')}]`),
    field('Window', window),
    field('Checksum', hex(view.getUint16(16), 4)),
    field('Urgent pointer', view.getUint16(18)),
  ];
  if (options.detail.length) fields.push(field('Options', options.detail.join(', ')));
  fields.push(field('Payload length', payload.length));
  ctx.layers.push({ name: 'TCP', fields });
  let summary = `${ctx.netSrc}:${srcPort} → ${ctx.netDst}:${dstPort} TCP [${flags.join(', ')}] seq=${seq}`;
  if (flagBits & TCP_FLAG_ACK) summary += ` ack=${ack}`;
  summary += ` win=${window} len=${payload.length}`;
  if (options.info.length) summary += ` ${options.info.join(' ')}`;
  ctx.summary = summary;
  if (payload.length > 0) {
    ctx.dispatch.payload({ transport: 'tcp', src: ctx.netSrc, dst: ctx.netDst, srcPort, dstPort, payload, summary }, ctx);
  }
}

/**
 * Walks TCP options. `info` is Wireshark's Info-column form ("MSS=1460 SACK_PERM
 * TSval=1 TSecr=0 WS=128", no NOPs); `detail` lists every option in order.
 */
export function tcpOptions(bytes: Uint8Array): { info: string[]; detail: string[] } {
  const info: string[] = [];
  const detail: string[] = [];
  const view = dataView(bytes);
  let i = 0;
  while (i < bytes.length) {
    const kind = bytes[i]!;
    if (kind === TCPOPT_EOL) {
      detail.push('EOL');
      break;
    }
    if (kind === TCPOPT_NOP) {
      detail.push('NOP');
      i++;
      continue;
    }
    const len = bytes[i + 1] ?? 0;
    if (len < 2 || i + len > bytes.length) {
      detail.push(`malformed option ${kind}`);
      break;
    }
    if (kind === TCPOPT_MSS && len === 4) {
      const mss = view.getUint16(i + 2);
      info.push(`MSS=${mss}`);
      detail.push(`MSS=${mss}`);
    } else if (kind === TCPOPT_WINDOW && len === 3) {
      const shift = bytes[i + 2]!;
      info.push(`WS=${2 ** shift}`);
      detail.push(`WS=${2 ** shift} (shift ${shift})`);
    } else if (kind === TCPOPT_SACK_PERM && len === 2) {
      info.push('SACK_PERM');
      detail.push('SACK_PERM');
    } else if (kind === TCPOPT_SACK && (len - 2) % 8 === 0) {
      const blocks: string[] = [];
      for (let b = i + 2; b < i + len; b += 8) blocks.push(`${view.getUint32(b)}-${view.getUint32(b + 4)}`);
      info.push(`SLE=${view.getUint32(i + 2)} SRE=${view.getUint32(i + 6)}`);
      detail.push(`SACK ${blocks.join(' ')}`);
    } else if (kind === TCPOPT_TIMESTAMP && len === 10) {
      const val = view.getUint32(i + 2);
      const ecr = view.getUint32(i + 6);
      info.push(`TSval=${val} TSecr=${ecr}`);
      detail.push(`TS val=${val} ecr=${ecr}`);
    } else {
      detail.push(`option ${kind} (${len} bytes)`);
    }
    i += len;
  }
  return { info, detail };
}
