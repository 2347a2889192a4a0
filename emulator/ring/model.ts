// The ring as the switch sees it. Fed only with tap records (or pcap frames), it rebuilds what the
// nodes' ring.py daemons know: members and their tokens (from heartbeats), the arcs each node owns,
// the keys (from put / replicate / handoff / value traffic) with their hash and chain, and the load
// per node. Pure TypeScript, no DOM: the page's RingView draws it and test/unit/ring-model.test.ts
// checks it against what the nodes reported.
//
// The ring: positions 0 .. 2^32-1; hash(text) = first 4 bytes of MD5(text), big-endian. Node N has
// tokens hash("N#0") .. hash("N#V-1"). A key's owner is the node of the first token at or after the
// key's hash (clockwise, wrapping); the next R distinct nodes hold replicas.

import type { TapRecord } from '../net/types.js';
import { parseRingMessages, ringSegment, type RingMessage } from '../net/decode/ring.js';
import { ringHash } from './md5.js';

export const RING_SIZE = 2 ** 32;
/** ring.py drops a member after 4 s of silence; the model waits at least that long (and 4 heartbeat intervals). */
export const DEAD_AFTER_MS = 4000;

/** A token on the ring: its position and the node it belongs to. */
export type Token = readonly [position: number, node: string];

/** Owner then replicas of position `hash`: the distinct nodes met walking clockwise from it. */
export function chainFor(hash: number, ring: readonly Token[], replicas: number): string[] {
  if (!ring.length) return [];
  let lo = 0, hi = ring.length;                     // first token with position >= hash
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ring[mid]![0] < hash) lo = mid + 1; else hi = mid;
  }
  const nodes: string[] = [];
  for (let i = 0; i < ring.length && nodes.length < replicas + 1; i++) {
    const name = ring[(lo + i) % ring.length]![1];
    if (!nodes.includes(name)) nodes.push(name);
  }
  return nodes;
}

/** The tokens of node `name` with `vnodes` virtual nodes. */
export function tokensFor(name: string, vnodes: number): number[] {
  return Array.from({ length: vnodes }, (_, i) => ringHash(`${name}#${i}`));
}

/** Sorts tokens into a ring (by position, then name, as Python sorts (token, name) tuples). */
export function makeRing(tokens: Iterable<Token>): Token[] {
  return [...tokens].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** An arc (start, end]: the positions owned by the token at `end`. Lengths sum to 2^32. */
export interface Arc { start: number; end: number; node: string; length: number }

export function arcsOf(ring: readonly Token[]): Arc[] {
  return ring.map(([end, node], i) => {
    const start = ring[(i + ring.length - 1) % ring.length]![0];
    const length = ring.length === 1 ? RING_SIZE : (end - start + RING_SIZE) % RING_SIZE;
    return { start, end, node, length };
  });
}

/** Share of the ring (0..1) each node owns. */
export function sharesOf(ring: readonly Token[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const a of arcsOf(ring)) shares.set(a.node, (shares.get(a.node) ?? 0) + a.length / RING_SIZE);
  return shares;
}

/** Theory: the share each of `names` would own with `vnodes` tokens each, and how uneven that is. */
export function theorySpread(names: readonly string[], vnodes: number): { shares: Map<string, number>; maxOverIdeal: number; minOverIdeal: number; stddevOverIdeal: number } {
  const ring = makeRing(names.flatMap((n) => tokensFor(n, vnodes).map((t) => [t, n] as Token)));
  const shares = sharesOf(ring);
  return { shares, ...spreadStats([...shares.values()], names.length) };
}

/** max/min/stddev of shares relative to the ideal 1/n. */
export function spreadStats(shares: number[], n: number) {
  const ideal = 1 / Math.max(1, n);
  const all = shares.length < n ? [...shares, ...Array(n - shares.length).fill(0)] : shares;
  const mean = all.reduce((s, x) => s + x, 0) / Math.max(1, all.length);
  const sd = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, all.length));
  return { maxOverIdeal: Math.max(0, ...all) / ideal, minOverIdeal: Math.min(...all) / ideal, stddevOverIdeal: sd / ideal };
}

export interface RingMember {
  name: string;
  addr: string;
  tokens: number[];
  firstSeen: number;
  lastSeen: number;
  /** Mean time between its heartbeats (ms), as seen on the wire. */
  interval: number;
  /** Keys it says it holds (heartbeat field). */
  keysReported: number;
}

export interface RingKey {
  key: string;
  hash: number;
  value?: string;
  /** Nodes a copy was seen going to (put, replicate, handoff) or coming from (value), still members. */
  holders: Set<string>;
  firstSeen: number;
}

export type RingEventKind = 'join' | 'leave' | 'put' | 'replicate' | 'handoff' | 'get' | 'value' | 'missing';
export interface RingEvent { seq: number; time: number; kind: RingEventKind; node?: string; key?: string; from?: string; to?: string; why?: string }

/** What the model accepts: a tap record, or a pcap record's time and frame. */
export type RingFrame = Pick<TapRecord, 'time' | 'frame'> & Partial<Pick<TapRecord, 'inPort' | 'outPorts' | 'dropped'>>;

export interface NodeLoad { node: string; keys: number; copies: number; share: number }

export class RingModel {
  readonly members = new Map<string, RingMember>();
  readonly keys = new Map<string, RingKey>();
  readonly events: RingEvent[] = [];
  /** Replicas per key (R), inferred from the chains on the wire; ring.py's default until one is seen. */
  replicas = 2;
  /** Latest record time fed (ms). */
  now = 0;
  /** Bumped on every change, so a view can redraw only when needed. */
  version = 0;
  private seq = 0;
  private readonly names = new Map<string, string>(); // addr -> node name
  private ringCache: Token[] | null = null;
  constructor(private readonly maxEvents = 400) {}

  /** Feeds one frame. Non-ring frames are ignored (but still advance the clock for expiry). */
  feed(r: RingFrame): void {
    this.tick(r.time);
    const seg = ringSegment(r.frame);
    if (!seg) return;
    const delivered = !r.dropped && (r.outPorts === undefined || r.outPorts.length > 0);
    for (const m of parseRingMessages(seg.payload)) this.message(m, seg.src, seg.dst, r, delivered);
  }

  /** Drops members silent for longer than DEAD_AFTER_MS (or 4 of their heartbeat intervals). */
  tick(now: number): void {
    if (now > this.now) this.now = now;
    for (const m of [...this.members.values()])
      if (this.now - m.lastSeen > Math.max(DEAD_AFTER_MS, 4 * m.interval)) this.drop(m.name, 'silent');
  }

  private message(m: RingMessage, src: string, dst: string, r: RingFrame, delivered: boolean): void {
    const from = this.names.get(src) ?? r.inPort ?? src;
    const to = this.names.get(dst) ?? (r.outPorts?.length === 1 ? r.outPorts[0] : undefined) ?? dst;
    if (Array.isArray(m.chain) && m.chain.length > 1) this.replicas = m.chain.length - 1;
    switch (m.type) {
      case 'heartbeat': {
        // A heartbeat nobody received (a partitioned node) does not keep a node in the ring.
        if (!delivered || !m.node || !Array.isArray(m.tokens)) return;
        if (m.addr) this.names.set(m.addr, m.node);
        const old = this.members.get(m.node);
        const tokens = m.tokens.map((t) => Number(t) >>> 0);
        if (!old) {
          this.members.set(m.node, { name: m.node, addr: m.addr ?? src, tokens, firstSeen: r.time, lastSeen: r.time, interval: 1000, keysReported: m.keys ?? 0 });
          this.ringCache = null;
          this.event({ kind: 'join', node: m.node, time: r.time });
        } else {
          const gap = r.time - old.lastSeen;
          if (gap > 0) old.interval = Math.min(old.interval * 0.7 + gap * 0.3, 10_000);
          old.lastSeen = r.time;
          old.keysReported = m.keys ?? old.keysReported;
          if (tokens.join() !== old.tokens.join()) { old.tokens = tokens; this.ringCache = null; this.version++; }
        }
        return;
      }
      case 'leave':
        if (m.node) this.drop(m.node, 'left');
        return;
      case 'put': case 'replicate': case 'handoff':
        if (typeof m.key !== 'string') return;
        this.learnKey(m.key, m.value, r.time).holders.add(to);
        this.event({ kind: m.type, key: m.key, from, to, time: r.time });
        return;
      case 'get':
        if (typeof m.key === 'string') this.event({ kind: 'get', key: m.key, from, to, time: r.time });
        return;
      case 'value':
        if (typeof m.key !== 'string') return;
        this.learnKey(m.key, m.value, r.time).holders.add(m.node ?? from);
        this.event({ kind: 'value', key: m.key, from, to, time: r.time });
        return;
      case 'missing':
        if (typeof m.key === 'string') this.event({ kind: 'missing', key: m.key, from, to, time: r.time });
        return;
      case 'stored':
        if (typeof m.key === 'string') this.learnKey(m.key, undefined, r.time);
        return;
    }
  }

  private learnKey(key: string, value: string | undefined, time: number): RingKey {
    let k = this.keys.get(key);
    if (!k) {
      k = { key, hash: ringHash(key), holders: new Set(), firstSeen: time };
      this.keys.set(key, k);
    }
    if (value !== undefined) k.value = value;
    this.version++;
    return k;
  }

  private drop(name: string, why: string): void {
    if (!this.members.delete(name)) return;
    this.ringCache = null;
    for (const k of this.keys.values()) k.holders.delete(name);
    this.event({ kind: 'leave', node: name, why, time: this.now });
  }

  private event(e: Omit<RingEvent, 'seq'>): void {
    this.events.push({ seq: ++this.seq, ...e });
    if (this.events.length > this.maxEvents) this.events.splice(0, this.events.length - this.maxEvents);
    this.version++;
  }

  /** The ring: every member's tokens, sorted. */
  ring(): Token[] {
    return (this.ringCache ??= makeRing([...this.members.values()].flatMap((m) => m.tokens.map((t) => [t, m.name] as Token))));
  }

  /** Owner then replicas of `key` under the current membership. */
  chain(key: string): string[] {
    return chainFor(this.keys.get(key)?.hash ?? ringHash(key), this.ring(), this.replicas);
  }

  owner(key: string): string | undefined {
    return this.chain(key)[0];
  }

  arcs(): Arc[] {
    return arcsOf(this.ring());
  }

  /** Per member: keys it owns, copies it should hold (owner or replica), and its share of the ring. */
  load(): NodeLoad[] {
    const shares = sharesOf(this.ring());
    const rows = new Map([...this.members.keys()].sort(byNodeName).map((n) => [n, { node: n, keys: 0, copies: 0, share: shares.get(n) ?? 0 }]));
    for (const k of this.keys.values()) {
      const chain = chainFor(k.hash, this.ring(), this.replicas);
      chain.forEach((n, i) => {
        const row = rows.get(n);
        if (!row) return;
        row.copies++;
        if (i === 0) row.keys++;
      });
    }
    return [...rows.values()];
  }
}

/** node2 before node10. */
export function byNodeName(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? NaN), nb = Number(/\d+$/.exec(b)?.[0] ?? NaN);
  return na === nb || Number.isNaN(na) || Number.isNaN(nb) ? (a < b ? -1 : a > b ? 1 : 0) : na - nb;
}
