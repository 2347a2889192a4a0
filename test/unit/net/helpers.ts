// Hand-built frames and a fake clock for the switch and decoder tests.

import { concatBytes } from '../../../emulator/bytes';
import { internetChecksum } from '../../../emulator/net/decode/index.js';
import { macForNode, parseIpv4, parseMac } from '../../../emulator/net/mac.js';

export const MAC = (n: number) => parseMac(macForNode(n));
export const BROADCAST = parseMac('ff:ff:ff:ff:ff:ff');

export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

function u16(v: number): Uint8Array {
  return Uint8Array.of(v >>> 8, v & 0xff);
}
function u32(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

export function ethernet(dst: Uint8Array, src: Uint8Array, type: number, payload: Uint8Array, vlan?: number): Uint8Array {
  const tag = vlan === undefined ? new Uint8Array(0) : concat(u16(0x8100), u16(vlan));
  return concat(dst, src, tag, u16(type), payload);
}

/** An Ethernet frame with `n` filler bytes of EtherType 0x88b5 (local experimental), from node `from` to `to`. */
export function rawFrame(to: Uint8Array, from: Uint8Array, n = 46, fill = 0): Uint8Array {
  return ethernet(to, from, 0x88b5, new Uint8Array(n).fill(fill));
}

export function arp(op: 1 | 2, sha: Uint8Array, spa: string, tha: Uint8Array, tpa: string): Uint8Array {
  return concat(u16(1), u16(0x0800), Uint8Array.of(6, 4), u16(op), sha, parseIpv4(spa), tha, parseIpv4(tpa));
}

export function ipv4(src: string, dst: string, protocol: number, payload: Uint8Array, o: { ttl?: number; id?: number; flagsOffset?: number; badChecksum?: boolean } = {}): Uint8Array {
  const h = concat(
    Uint8Array.of(0x45, 0),
    u16(20 + payload.length),
    u16(o.id ?? 0x1234),
    u16(o.flagsOffset ?? 0x4000),
    Uint8Array.of(o.ttl ?? 64, protocol),
    u16(0),
    parseIpv4(src),
    parseIpv4(dst),
  );
  const sum = internetChecksum(h);
  h.set(u16(o.badChecksum ? sum ^ 1 : sum), 10);
  return concat(h, payload);
}

export function icmpEcho(type: 8 | 0, id: number, seq: number, data: Uint8Array): Uint8Array {
  const m = concat(Uint8Array.of(type, 0), u16(0), u16(id), u16(seq), data);
  m.set(u16(internetChecksum(m)), 2);
  return m;
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(u16(sport), u16(dport), u16(8 + payload.length), u16(0), payload);
}

export function tcp(sport: number, dport: number, seq: number, ack: number, flags: number, window: number, options: Uint8Array, payload: Uint8Array): Uint8Array {
  const hlen = 20 + options.length;
  return concat(u16(sport), u16(dport), u32(seq), u32(ack), Uint8Array.of((hlen / 4) << 4, flags), u16(window), u16(0), u16(0), options, payload);
}

export const text = (s: string) => new TextEncoder().encode(s);

/** A scheduler on a fake clock: advance(ms) runs due callbacks in time order, moving now() to each. */
export class FakeClock {
  t = 0;
  private timers: { at: number; order: number; fn: () => void; cancelled: boolean }[] = [];
  private order = 0;
  now = () => this.t;
  schedule = (fn: () => void, ms: number) => {
    const timer = { at: this.t + Math.max(0, ms), order: this.order++, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }
}

/** A deterministic random() from a fixed sequence (cycled). */
export function sequenceRandom(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
