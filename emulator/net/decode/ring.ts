// The ring protocol's dissector (guest/demos/RING-PROTOCOL.md): small JSON documents, one per UDP
// datagram on port 7946 (heartbeat, leave: broadcast) or one per line on TCP port 7947 (put, get,
// replicate, handoff and their replies). Summaries read like "RING heartbeat node2 tokens=8",
// "RING put k17 → node3". The ring model (emulator/ring/model.ts) reads the same messages.

import type { DecodedLayer } from '../types.js';
import { defaultFrameDecoder, type FrameDecoder } from './index.js';
import type { PayloadInfo } from './context.js';

export const RING_UDP_PORT = 7946;
export const RING_TCP_PORT = 7947;

/** One ring message as it crosses the wire: a JSON object with a "type" and whatever else it carries. */
export interface RingMessage {
  type: string;
  node?: string;
  addr?: string;
  vnodes?: number;
  tokens?: number[];
  keys?: number;
  key?: string;
  value?: string;
  hash?: number;
  chain?: string[];
  from?: string;
  [field: string]: unknown;
}

/** The ring messages in one UDP/TCP payload: every line that parses as a JSON object with a string "type". */
export function parseRingMessages(payload: Uint8Array | string): RingMessage[] {
  const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  const out: RingMessage[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as unknown;
      if (m && typeof m === 'object' && !Array.isArray(m) && typeof (m as RingMessage).type === 'string') out.push(m as RingMessage);
    } catch {
      // a partial line (split across TCP segments) or not ours
    }
  }
  return out;
}

/** Ring payload of a raw Ethernet frame (IPv4, UDP 7946 / TCP 7947), without the full decoder. */
export type RingSegment = Omit<PayloadInfo, 'summary'>;

export function ringSegment(frame: Uint8Array): RingSegment | null {
  if (frame.length < 14 + 20 || frame[12] !== 0x08 || frame[13] !== 0x00) return null;
  const ip = 14;
  const ihl = (frame[ip]! & 0x0f) * 4;
  const total = (frame[ip + 2]! << 8) | frame[ip + 3]!;
  const proto = frame[ip + 9]!;
  const end = Math.min(frame.length, ip + total);
  const addr = (at: number) => `${frame[at]}.${frame[at + 1]}.${frame[at + 2]}.${frame[at + 3]}`;
  const t = ip + ihl;
  if (t + 8 > end) return null;
  const srcPort = (frame[t]! << 8) | frame[t + 1]!;
  const dstPort = (frame[t + 2]! << 8) | frame[t + 3]!;
  let transport: 'udp' | 'tcp';
  let data: number;
  if (proto === 17 && (srcPort === RING_UDP_PORT || dstPort === RING_UDP_PORT)) {
    transport = 'udp';
    data = t + 8;
  } else if (proto === 6 && (srcPort === RING_TCP_PORT || dstPort === RING_TCP_PORT) && t + 20 <= end) {
    transport = 'tcp';
    data = t + (frame[t + 12]! >> 4) * 4;
  } else return null;
  return { transport, src: addr(ip + 12), dst: addr(ip + 16), srcPort, dstPort, payload: frame.subarray(Math.min(data, end), end) };
}

/** Node names by address, learned from heartbeats (summaries say "node3" rather than "10.0.0.3"). */
const namesByAddr = new Map<string, string>();

/** One line for one message, e.g. "put k17 → node3". */
export function describeRingMessage(m: RingMessage, src: string, dst: string): string {
  const from = namesByAddr.get(src) ?? src;
  const to = namesByAddr.get(dst) ?? dst;
  const chain = Array.isArray(m.chain) ? m.chain.join(',') : '';
  switch (m.type) {
    case 'heartbeat':
      return `heartbeat ${m.node} tokens=${m.tokens?.length ?? 0} keys=${m.keys ?? 0}`;
    case 'leave':
      return `leave ${m.node}`;
    case 'put':
    case 'get':
      return `${m.type} ${m.key} ${from} → ${to}`;
    case 'replicate':
    case 'handoff':
      return `${m.type} ${m.key} ${from} → ${to} chain=${chain}`;
    case 'stored':
      return `stored ${m.key} on ${chain}`;
    case 'value':
      return `value ${m.key}=${m.value} from ${m.node}`;
    case 'missing':
      return `missing ${m.key} at ${m.node ?? from}`;
    case 'ack':
      return `ack ${m.key} ${m.node ?? from}`;
    default:
      return m.type;
  }
}

/** The dissector: a "Ring" layer with the message fields, and a RING summary. */
export function dissectRing(info: PayloadInfo): { layer: DecodedLayer; summary: string } | null {
  const messages = parseRingMessages(info.payload);
  if (!messages.length) return info.payload.length ? { layer: ringLayer([], info.payload), summary: `RING (part of a message) ${info.src} → ${info.dst}` } : null;
  for (const m of messages) if (m.type === 'heartbeat' && m.node && m.addr) namesByAddr.set(m.addr, m.node);
  return {
    layer: ringLayer(messages, info.payload),
    summary: `RING ${messages.map((m) => describeRingMessage(m, info.src, info.dst)).join('; ')}`,
  };
}

function ringLayer(messages: RingMessage[], payload: Uint8Array): DecodedLayer {
  const fields = messages.flatMap((m) =>
    Object.entries(m).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) })),
  );
  fields.push({ name: 'JSON', value: new TextDecoder().decode(payload).trim() });
  return { name: 'Ring', fields };
}

const registered = new WeakSet<FrameDecoder>();

/** Registers the ring dissectors (UDP 7946, TCP 7947) on `decoder` (the switch's shared one by default), once. */
export function registerRingDissectors(decoder: FrameDecoder = defaultFrameDecoder): void {
  if (registered.has(decoder)) return;
  registered.add(decoder);
  decoder.registerPayloadDissector({ transport: 'udp', port: RING_UDP_PORT }, dissectRing);
  decoder.registerPayloadDissector({ transport: 'tcp', port: RING_TCP_PORT }, dissectRing);
}
