// What every protocol decoder shares: the decode in progress (layers, the
// one-line summary, the protocol class) and the tables it dispatches through.
// A decoder reads its header from `bytes` (a view starting at that header),
// appends its layer, sets the summary it knows, and hands its payload on.

import type { DecodedLayer, TapRecord } from '../types.js';

export type Protocol = TapRecord['protocol'];

/** What a payload dissector (e.g. the ring protocol's JSON over UDP/TCP) is given. */
export interface PayloadInfo {
  transport: 'udp' | 'tcp';
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
  /** The summary so far, e.g. "10.0.0.2:5000 → 10.0.0.1:6000 UDP len=42". */
  summary: string;
}

/** A dissector returns its layer (replacing the generic "Payload" layer) and optionally a new summary line. */
export type PayloadDissector = (info: PayloadInfo) => { layer: DecodedLayer; summary?: string } | null;

/** Which payloads a dissector wants: a transport and/or a port (source or destination), or a predicate. */
export type PayloadMatch = { transport?: 'udp' | 'tcp'; port?: number } | ((info: PayloadInfo) => boolean);

export interface Dispatch {
  /** Decodes `bytes` as the payload of an Ethernet frame of `etherType`. */
  etherType(etherType: number, bytes: Uint8Array, ctx: DecodeContext): void;
  /** Decodes `bytes` as the payload of IP protocol / next header `protocol`. */
  ipProtocol(protocol: number, bytes: Uint8Array, ctx: DecodeContext): void;
  /** Describes a UDP/TCP payload: a registered dissector, or the generic "Payload" layer. */
  payload(info: PayloadInfo, ctx: DecodeContext): void;
}

export interface DecodeContext {
  readonly frame: Uint8Array;
  readonly layers: DecodedLayer[];
  protocol: Protocol;
  summary: string;
  /** Network-layer addresses, for transport summaries ("10.0.0.1:80"; IPv6 as "[fe80::1]:80"). */
  netSrc: string;
  netDst: string;
  /** Things to append to the summary at the end ("[bad IP checksum]"). */
  readonly notes: string[];
  readonly dispatch: Dispatch;
}

/** A layer decoder: reads its header at the start of `bytes`. */
export type LayerDecoder = (bytes: Uint8Array, ctx: DecodeContext) => void;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

export function field(name: string, value: string | number): { name: string; value: string } {
  return { name, value: String(value) };
}

/** The Internet checksum (RFC 1071) of `bytes`, folded, not complemented, plus `initial`. */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const n = bytes.length;
  for (let i = 0; i + 1 < n; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (n & 1) sum += bytes[n - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum to put in a header whose checksum field is zero. */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  return ~onesComplementSum(bytes, initial) & 0xffff;
}
