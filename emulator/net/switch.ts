// The lab's Ethernet switch: one implementation for the page's main thread and
// for the headless `lab` command. Nothing here knows about the UI.
//
// A frame from a node walks this path (each step may drop it, counted on the
// port it came from, and reported once to the tap):
//
//   handle.receive(frame)
//     1. size check ............................. oversize (also runts < 14 bytes)
//     2. ingress port up? ........................ linkDown
//     3. ingress token bucket; a frame without a token waits in the port's bounded
//        ingress queue until one refills ........ rateLimit (queue full)
//   forward
//     4. learn source MAC → port (with ageing); choose destinations: the known port
//        of a unicast destination, else every other port (flood)
//     5. the ingress port's uplink bandwidth clock  queueFull
//     6. per destination: partitions ............. partition
//        link up (port, pair, port) .............. linkDown
//        loss (random) ........................... loss
//        pair bandwidth clock, destination downlink clock  queueFull
//        latency ± jitter, then delivery from the destination's bounded
//        in-flight heap .......................... queueFull
//
// Time, timers and randomness are injected so that tests run on a fake clock.
// Every buffer here is bounded: the MAC table, the ingress queues, the
// serialisation clocks, the in-flight heaps, the tap ring and the capture.

import { type FrameDecode, type FrameDecoder, defaultFrameDecoder } from './decode/index.js';
import { formatMac, isGroupMac, macKey } from './mac.js';
import { type PcapRecord, writePcap } from './pcap.js';
import type { LinkParams, PortStats, SwitchPortHandle, TapRecord } from './types.js';

export type DropReason = keyof PortStats['drops'];
export type Scheduler = (fn: () => void, ms: number) => () => void;

export interface EthernetSwitchOptions {
  /** Milliseconds, monotonic (default performance.now). */
  now?: () => number;
  /** Runs `fn` after `ms` and returns a cancel function (default setTimeout). */
  schedule?: Scheduler;
  /** Uniform in [0, 1) (default Math.random); drives loss and jitter. */
  random?: () => number;
  /** Wall-clock epoch ms at now() = 0, for pcap timestamps (default Date.now() - now() at construction). */
  timeOrigin?: number;
  /** A learned MAC is forgotten after this long without a frame from it (default 300 000). */
  macAgeMs?: number;
  /** MAC table entries at most (default 4096); the least recently seen is evicted. */
  macTableLimit?: number;
  /** Largest frame without FCS (default 1514). */
  maxFrame?: number;
  /** Frames per second each port may send (default 20 000; Infinity = no limit). */
  portRateLimitFps?: number;
  /** Token bucket depth: frames a port may send at once after being idle (default 1000). */
  portBurst?: number;
  /** Frames waiting in each ingress queue, and in each bandwidth-limited link's queue (default 256). */
  portQueueLimit?: number;
  /** Frames waiting out their latency per destination port (default 4096). */
  inFlightLimit?: number;
  /** Records kept for recent() (default 1000). */
  tapRecent?: number;
  /** Frames kept for capture() (default 10 000) ... */
  captureFrames?: number;
  /** ... and bytes (default 16 MiB); the oldest go first. */
  captureBytes?: number;
  /** Decodes frames for the tap (default: the shared decoder with any registered dissectors). */
  decoder?: FrameDecoder;
}

/** A TapRecord, plus for a flooded frame the destinations it did not reach and why. */
export interface SwitchTapRecord extends TapRecord {
  outDrops?: { port: string; reason: DropReason }[];
}

export interface MacTableEntry {
  mac: string;
  port: string;
  ageMs: number;
}

const ETH_HLEN = 14;
const ETH_FRAME_MAX = 1514;
/** Token arithmetic in floating point: a token "due now" may come out a hair short of 1. */
const TOKEN_EPSILON = 1e-9;
/** The shortest wait for the next token, so a timer always moves time forward. */
const MIN_TOKEN_WAIT_MS = 0.001;
const MAX_LATENCY_MS = 60_000;

function defaultNow(): number {
  return globalThis.performance.now();
}

const defaultSchedule: Scheduler = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

function zeroDrops(): PortStats['drops'] {
  return { rateLimit: 0, queueFull: 0, oversize: 0, linkDown: 0, loss: 0, partition: 0, noRxBuffer: 0 };
}

/** A fixed-capacity FIFO (no unbounded arrays). */
class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  length = 0;
  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }
  get full(): boolean {
    return this.length >= this.capacity;
  }
  /** Appends; when full, the oldest item is dropped and returned. */
  push(item: T): T | undefined {
    if (this.capacity === 0) return item;
    let evicted: T | undefined;
    if (this.full) evicted = this.shift();
    this.items[(this.head + this.length) % this.capacity] = item;
    this.length++;
    return evicted;
  }
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return item;
  }
  peek(): T | undefined {
    return this.length ? this.items[this.head] : undefined;
  }
  /** The last `n` items, oldest first. */
  last(n: number): T[] {
    const count = Math.max(0, Math.min(n, this.length));
    const out: T[] = [];
    for (let i = this.length - count; i < this.length; i++) out.push(this.items[(this.head + i) % this.capacity]!);
    return out;
  }
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.length = 0;
  }
}

/**
 * A link's serialisation clock: frames leave one after another at the link's
 * rate; at most `limit` may be queued (counting the one on the wire).
 */
class SerialClock {
  private readonly ends: Ring<number>;
  private free = 0;
  constructor(limit: number) {
    this.ends = new Ring<number>(Math.max(1, limit));
  }
  /** When a frame of `bytes` ready at `ready` is fully sent at `kbps`, or -1 if the queue is full at `now`. */
  send(now: number, ready: number, bytes: number, kbps: number): number {
    while (this.ends.length && this.ends.peek()! <= now) this.ends.shift();
    if (this.ends.full) return -1;
    const end = Math.max(ready, this.free) + (bytes * 8) / kbps; // kbit/s = bit/ms
    this.free = end;
    this.ends.push(end);
    return end;
  }
}

interface InFlight {
  at: number;
  order: number;
  frame: Uint8Array;
}

/** A bounded binary min-heap of frames by delivery time (ties in arrival order). */
class DeliveryHeap {
  private readonly heap: InFlight[] = [];
  constructor(readonly capacity: number) {}
  get size(): number {
    return this.heap.length;
  }
  peek(): InFlight | undefined {
    return this.heap[0];
  }
  push(item: InFlight): boolean {
    if (this.heap.length >= this.capacity) return false;
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
    return true;
  }
  pop(): InFlight | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
  clear(): void {
    this.heap.length = 0;
  }
}

function before(a: InFlight, b: InFlight): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

class Port {
  readonly stats: PortStats;
  tokens: number;
  lastRefill: number;
  readonly ingress: Ring<Uint8Array>;
  cancelIngress: (() => void) | undefined;
  uplink: SerialClock | undefined;
  downlink: SerialClock | undefined;
  readonly inFlight: DeliveryHeap;
  cancelDelivery: (() => void) | undefined;
  deliveryAt = Infinity;
  removed = false;
  readonly handle: SwitchPortHandle;

  constructor(
    readonly name: string,
    readonly deliver: (frame: Uint8Array) => void,
    sw: EthernetSwitch,
    options: { burst: number; queueLimit: number; inFlightLimit: number; now: number },
  ) {
    this.stats = { name, txFrames: 0, txBytes: 0, rxFrames: 0, rxBytes: 0, drops: zeroDrops() };
    this.tokens = options.burst;
    this.lastRefill = options.now;
    this.ingress = new Ring<Uint8Array>(options.queueLimit);
    this.inFlight = new DeliveryHeap(options.inFlightLimit);
    const port = this;
    this.handle = {
      name,
      receive(frame: Uint8Array): void {
        if (!port.removed) sw['ingress'](port, frame);
      },
    };
  }
}

/** The link conditions a frame meets from one port to another, all three sources combined. */
interface PathParams {
  up: boolean;
  latencyMs: number;
  jitterMs: number;
  lossPercent: number;
}

export class EthernetSwitch {
  private readonly now: () => number;
  private readonly schedule: Scheduler;
  private readonly random: () => number;
  readonly timeOrigin: number;
  readonly macAgeMs: number;
  readonly maxFrame: number;
  readonly portRateLimitFps: number;
  readonly portBurst: number;
  readonly portQueueLimit: number;
  private readonly macTableLimit: number;
  private readonly inFlightLimit: number;
  private readonly decoder: FrameDecoder;

  private readonly ports = new Map<string, Port>();
  /** MAC (48-bit number) → where it was last seen; Map order = least recently refreshed first. */
  private readonly macs = new Map<number, { port: string; seen: number }>();
  private readonly portParams = new Map<string, LinkParams>();
  private readonly pairParams = new Map<string, LinkParams>();
  private readonly pairClocks = new Map<string, SerialClock>();
  private partitionOf: Map<string, number> | null = null;
  private partitionGroups: string[][] | null = null;

  private readonly listeners = new Set<(r: SwitchTapRecord) => void>();
  private readonly recentRing: Ring<SwitchTapRecord>;
  private readonly captureRing: Ring<{ time: number; frame: Uint8Array }>;
  private readonly captureBytesLimit: number;
  private captureBytes = 0;
  private seq = 0;
  private order = 0;

  constructor(options: EthernetSwitchOptions = {}) {
    this.now = options.now ?? defaultNow;
    this.schedule = options.schedule ?? defaultSchedule;
    this.random = options.random ?? Math.random;
    this.timeOrigin = options.timeOrigin ?? Date.now() - this.now();
    this.macAgeMs = options.macAgeMs ?? 300_000;
    this.maxFrame = options.maxFrame ?? ETH_FRAME_MAX;
    this.portRateLimitFps = options.portRateLimitFps ?? 20_000;
    this.portBurst = Math.max(1, options.portBurst ?? 1000);
    this.portQueueLimit = options.portQueueLimit ?? 256;
    this.macTableLimit = options.macTableLimit ?? 4096;
    this.inFlightLimit = options.inFlightLimit ?? 4096;
    this.decoder = options.decoder ?? defaultFrameDecoder;
    this.recentRing = new Ring(options.tapRecent ?? 1000);
    this.captureRing = new Ring(options.captureFrames ?? 10_000);
    this.captureBytesLimit = options.captureBytes ?? 16 * 1024 * 1024;
    if (!(this.portRateLimitFps > 0)) throw new Error(`portRateLimitFps ${this.portRateLimitFps} must be > 0`);
  }

  // --- ports ---------------------------------------------------------------------

  /**
   * Attaches a node. `deliver` gets each frame for it as a Uint8Array it owns
   * (its own copy: it may transfer the buffer). Frames passed to the handle's
   * receive() become the switch's: the caller must not modify them afterwards.
   */
  addPort(name: string, deliver: (frame: Uint8Array) => void): SwitchPortHandle {
    if (this.ports.has(name)) throw new Error(`switch: port "${name}" already exists`);
    const port = new Port(name, deliver, this, {
      burst: this.portBurst,
      queueLimit: this.portQueueLimit,
      inFlightLimit: this.inFlightLimit,
      now: this.now(),
    });
    this.ports.set(name, port);
    return port.handle;
  }

  /** Detaches a node: its queued frames are discarded and the MACs learned on it forgotten. */
  removePort(name: string): void {
    const port = this.ports.get(name);
    if (!port) return;
    port.removed = true;
    port.cancelIngress?.();
    port.cancelDelivery?.();
    port.ingress.clear();
    port.inFlight.clear();
    this.ports.delete(name);
    for (const [mac, entry] of this.macs) if (entry.port === name) this.macs.delete(mac);
    for (const key of [...this.pairClocks.keys()]) if (key.split('\u0000').includes(name)) this.pairClocks.delete(key);
  }

  portNames(): string[] {
    return [...this.ports.keys()];
  }

  /** Counters of every port, in the order they were added (copies). */
  stats(): PortStats[] {
    return [...this.ports.values()].map((p) => ({ ...p.stats, drops: { ...p.stats.drops } }));
  }

  /** The node's own receive drops (virtio-net's rxDropsNoBuffer), reported by whoever runs the node. */
  setNoRxBuffer(port: string, total: number): void {
    const p = this.ports.get(port);
    if (p) p.stats.drops.noRxBuffer = total;
  }

  /** The learning table, for display. */
  macTable(): MacTableEntry[] {
    const now = this.now();
    const out: MacTableEntry[] = [];
    const bytes = new Uint8Array(6);
    for (const [mac, e] of this.macs) {
      if (now - e.seen > this.macAgeMs) continue;
      for (let i = 5, m = mac; i >= 0; i--, m = Math.floor(m / 256)) bytes[i] = m % 256;
      out.push({ mac: formatMac(bytes), port: e.port, ageMs: now - e.seen });
    }
    return out;
  }

  // --- link controls -------------------------------------------------------------

  /** Conditions on one port's cable, both directions (replaces earlier ones; {} = ideal). May precede addPort. */
  setLink(port: string, params: LinkParams): void {
    const p = checkParams(params);
    if (isIdeal(p)) this.portParams.delete(port);
    else this.portParams.set(port, p);
  }

  /** Conditions between two ports, both directions (on top of each port's own). */
  setPairLink(a: string, b: string, params: LinkParams): void {
    if (a === b) throw new Error(`switch: a pair link needs two ports, got "${a}" twice`);
    const p = checkParams(params);
    const key = pairKey(a, b);
    if (isIdeal(p)) this.pairParams.delete(key);
    else this.pairParams.set(key, p);
  }

  linkParams(port: string): LinkParams {
    return { ...(this.portParams.get(port) ?? {}) };
  }

  pairLinkParams(a: string, b: string): LinkParams {
    return { ...(this.pairParams.get(pairKey(a, b)) ?? {}) };
  }

  /** Every pair with conditions set, for display. */
  pairLinks(): { a: string; b: string; params: LinkParams }[] {
    return [...this.pairParams].map(([key, params]) => {
      const [a, b] = key.split('\u0000') as [string, string];
      return { a, b, params: { ...params } };
    });
  }

  /**
   * Named partitions, e.g. [["node1", "node2"], ["node3"]]: frames flow only
   * within a group, and a port in no group is cut off from all. null heals.
   */
  setPartitions(groups: string[][] | null): void {
    if (!groups) {
      this.partitionOf = null;
      this.partitionGroups = null;
      return;
    }
    const of = new Map<string, number>();
    groups.forEach((g, i) => {
      for (const name of g) {
        if (of.has(name) && of.get(name) !== i) throw new Error(`switch: port "${name}" is in two partitions`);
        of.set(name, i);
      }
    });
    this.partitionOf = of;
    this.partitionGroups = groups.map((g) => [...g]);
  }

  partitions(): string[][] | null {
    return this.partitionGroups ? this.partitionGroups.map((g) => [...g]) : null;
  }

  // --- tap -----------------------------------------------------------------------

  /** Calls `listener` once for every frame forwarded or dropped. Returns an unsubscribe function. */
  onTap(listener: (r: SwitchTapRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last `n` tap records (at most tapRecent), oldest first. */
  recent(n = Infinity): SwitchTapRecord[] {
    return this.recentRing.last(n);
  }

  /** The capture buffer as a pcap file (LINKTYPE_ETHERNET, wall-clock timestamps). */
  capture(): Uint8Array {
    const records: PcapRecord[] = this.captureRing.last(Infinity).map((c) => ({ timeMs: this.timeOrigin + c.time, frame: c.frame }));
    return writePcap(records);
  }

  /** Frames currently in the capture buffer. */
  get captureLength(): number {
    return this.captureRing.length;
  }

  clearCapture(): void {
    this.captureRing.clear();
    this.captureBytes = 0;
    this.recentRing.clear();
  }

  /** Cancels every timer and forgets queued frames (the switch keeps working for new frames). */
  close(): void {
    for (const p of this.ports.values()) {
      p.cancelIngress?.();
      p.cancelIngress = undefined;
      p.cancelDelivery?.();
      p.cancelDelivery = undefined;
      p.deliveryAt = Infinity;
      p.ingress.clear();
      p.inFlight.clear();
    }
  }

  // --- the path of a frame ---------------------------------------------------------

  /** Steps 1-3: a frame from the node on `port`. */
  private ingress(port: Port, frame: Uint8Array): void {
    port.stats.txFrames++;
    port.stats.txBytes += frame.length;
    if (frame.length > this.maxFrame || frame.length < ETH_HLEN) return this.dropAtIngress(port, frame, 'oversize');
    if (this.portParams.get(port.name)?.up === false) return this.dropAtIngress(port, frame, 'linkDown');
    if (this.portRateLimitFps === Infinity) return this.forward(port, frame);
    this.refill(port);
    if (port.ingress.length === 0 && port.tokens >= 1 - TOKEN_EPSILON) {
      port.tokens -= 1;
      return this.forward(port, frame);
    }
    if (port.ingress.full) return this.dropAtIngress(port, frame, 'rateLimit');
    port.ingress.push(frame);
    this.armIngress(port);
  }

  private refill(port: Port): void {
    const now = this.now();
    port.tokens = Math.min(this.portBurst, port.tokens + ((now - port.lastRefill) * this.portRateLimitFps) / 1000);
    port.lastRefill = now;
  }

  /** Schedules the ingress queue to drain when the next token is due. */
  private armIngress(port: Port): void {
    if (port.cancelIngress || port.ingress.length === 0) return;
    const wait = Math.max(MIN_TOKEN_WAIT_MS, ((1 - port.tokens) * 1000) / this.portRateLimitFps);
    port.cancelIngress = this.schedule(() => {
      port.cancelIngress = undefined;
      if (port.removed) return;
      this.refill(port);
      while (port.ingress.length && port.tokens >= 1 - TOKEN_EPSILON) {
        port.tokens -= 1;
        this.forward(port, port.ingress.shift()!);
      }
      this.armIngress(port);
    }, wait);
  }

  private dropAtIngress(port: Port, frame: Uint8Array, reason: DropReason): void {
    port.stats.drops[reason]++;
    this.record(port.name, frame, [], reason, undefined);
  }

  /** Steps 4-6. */
  private forward(port: Port, frame: Uint8Array): void {
    const now = this.now();
    const destinations = this.destinations(port, frame, now);
    const out: string[] = [];
    const drops: { port: string; reason: DropReason }[] = [];
    const immediate: Port[] = [];
    const drop = (to: string, reason: DropReason) => {
      port.stats.drops[reason]++;
      drops.push({ port: to, reason });
    };

    // 5. The sender's own cable serialises the frame once, whatever the destinations.
    let ready = now;
    const upBw = this.portParams.get(port.name)?.bandwidthKbps;
    if (upBw !== undefined && destinations.length) {
      port.uplink ??= new SerialClock(this.portQueueLimit);
      ready = port.uplink.send(now, now, frame.length, upBw);
      if (ready < 0) {
        for (const d of destinations) drop(d.name, 'queueFull');
        destinations.length = 0;
      }
    }

    // 6. Per destination.
    for (const dest of destinations) {
      if (!this.samePartition(port.name, dest.name)) {
        drop(dest.name, 'partition');
        continue;
      }
      const path = this.path(port.name, dest.name);
      if (!path.up) {
        drop(dest.name, 'linkDown');
        continue;
      }
      if (path.lossPercent > 0 && this.random() * 100 < path.lossPercent) {
        drop(dest.name, 'loss');
        continue;
      }
      let sent = ready;
      const pairBw = this.pairParams.get(pairKey(port.name, dest.name))?.bandwidthKbps;
      if (pairBw !== undefined) {
        const key = `${port.name}\u0000${dest.name}`;
        let clock = this.pairClocks.get(key);
        if (!clock) this.pairClocks.set(key, (clock = new SerialClock(this.portQueueLimit)));
        sent = clock.send(now, sent, frame.length, pairBw);
        if (sent < 0) {
          drop(dest.name, 'queueFull');
          continue;
        }
      }
      const downBw = this.portParams.get(dest.name)?.bandwidthKbps;
      if (downBw !== undefined) {
        dest.downlink ??= new SerialClock(this.portQueueLimit);
        sent = dest.downlink.send(now, sent, frame.length, downBw);
        if (sent < 0) {
          drop(dest.name, 'queueFull');
          continue;
        }
      }
      const jitter = path.jitterMs ? path.jitterMs * (2 * this.random() - 1) : 0;
      const at = sent + Math.max(0, Math.min(MAX_LATENCY_MS, path.latencyMs + jitter));
      if (at <= now && dest.inFlight.size === 0) {
        immediate.push(dest);
      } else if (dest.inFlight.push({ at, order: this.order++, frame: out.length || immediate.length ? frame.slice() : frame })) {
        this.armDelivery(dest);
      } else {
        drop(dest.name, 'queueFull');
        continue;
      }
      out.push(dest.name);
    }

    // The tap sees the frame before anyone receives it (a reply cannot be recorded before its request).
    const reason = out.length === 0 && drops.length ? drops[0]!.reason : undefined;
    this.record(port.name, frame, out, reason, drops.length ? drops : undefined);
    // Each receiver gets its own copy, so it may transfer the buffer.
    immediate.forEach((dest, i) => this.deliver(dest, i === immediate.length - 1 && out.length === immediate.length ? frame : frame.slice()));
  }

  /** Step 4: learns the source and picks the ports a frame goes to. */
  private destinations(port: Port, frame: Uint8Array, now: number): Port[] {
    if (!isGroupMac(frame, 6)) {
      const src = macKey(frame, 6);
      const known = this.macs.get(src);
      if (known) this.macs.delete(src); // re-insert: Map order stays least recently seen first
      else if (this.macs.size >= this.macTableLimit) this.macs.delete(this.macs.keys().next().value!);
      this.macs.set(src, { port: port.name, seen: now });
      port.stats.mac ??= formatMac(frame, 6);
    }
    if (!isGroupMac(frame, 0)) {
      const dst = macKey(frame, 0);
      const entry = this.macs.get(dst);
      if (entry && now - entry.seen <= this.macAgeMs) {
        const target = this.ports.get(entry.port);
        // A frame for the port it came from is filtered, as a real switch does.
        if (target) return target === port ? [] : [target];
      } else if (entry) {
        this.macs.delete(dst);
      }
    }
    const all: Port[] = [];
    for (const p of this.ports.values()) if (p !== port) all.push(p);
    return all;
  }

  private samePartition(a: string, b: string): boolean {
    if (!this.partitionOf) return true;
    const ga = this.partitionOf.get(a);
    return ga !== undefined && ga === this.partitionOf.get(b);
  }

  /** The sender's cable, the pair, and the receiver's cable, in series. */
  private path(from: string, to: string): PathParams {
    const parts = [this.portParams.get(from), this.pairParams.get(pairKey(from, to)), this.portParams.get(to)];
    let up = true;
    let latencyMs = 0;
    let jitterMs = 0;
    let pass = 1;
    for (const p of parts) {
      if (!p) continue;
      if (p.up === false) up = false;
      latencyMs += p.latencyMs ?? 0;
      jitterMs += p.jitterMs ?? 0;
      pass *= 1 - (p.lossPercent ?? 0) / 100;
    }
    return { up, latencyMs, jitterMs, lossPercent: (1 - pass) * 100 };
  }

  /** Keeps one timer per destination, for its earliest in-flight frame. */
  private armDelivery(port: Port): void {
    const next = port.inFlight.peek();
    if (!next) return;
    if (port.cancelDelivery && port.deliveryAt <= next.at) return;
    port.cancelDelivery?.();
    port.deliveryAt = next.at;
    port.cancelDelivery = this.schedule(() => {
      port.cancelDelivery = undefined;
      port.deliveryAt = Infinity;
      if (port.removed) return;
      const now = this.now();
      while (port.inFlight.size && port.inFlight.peek()!.at <= now) this.deliver(port, port.inFlight.pop()!.frame);
      this.armDelivery(port);
    }, Math.max(0, next.at - this.now()));
  }

  private deliver(port: Port, frame: Uint8Array): void {
    port.stats.rxFrames++;
    port.stats.rxBytes += frame.length;
    port.deliver(frame);
  }

  /** One tap record per frame: to the listeners, the recent ring and the capture. */
  private record(
    inPort: string,
    frame: Uint8Array,
    outPorts: string[],
    dropped: DropReason | undefined,
    outDrops: { port: string; reason: DropReason }[] | undefined,
  ): void {
    const time = this.now();
    const copy = frame.slice();
    const decoded: FrameDecode = this.decoder.decode(copy);
    const r: SwitchTapRecord = {
      seq: ++this.seq,
      time,
      inPort,
      outPorts,
      length: frame.length,
      frame: copy,
      summary: decoded.summary,
      protocol: decoded.protocol,
      layers: decoded.layers,
    };
    if (dropped) r.dropped = dropped;
    if (outDrops) r.outDrops = outDrops;
    this.recentRing.push(r);
    this.captureRing.push({ time, frame: copy });
    this.captureBytes += copy.length;
    while (this.captureBytes > this.captureBytesLimit && this.captureRing.length) {
      this.captureBytes -= this.captureRing.shift()!.frame.length;
    }
    if (this.captureRing.length === 0) this.captureBytes = 0;
    for (const listener of this.listeners) {
      try {
        listener(r);
      } catch (e) {
        // A broken listener must not stop the network.
        console.warn(`[switch] tap listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function isIdeal(p: LinkParams): boolean {
  return p.up !== false && !p.latencyMs && !p.jitterMs && !p.lossPercent && p.bandwidthKbps === undefined;
}

/** Validates link parameters (a caller error throws) and returns a clean copy. */
function checkParams(params: LinkParams): LinkParams {
  const out: LinkParams = {};
  const num = (name: string, v: number | undefined, lo: number, hi: number) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`switch: ${name} ${v} is not in ${lo}..${hi}`);
    return v;
  };
  if (params.up === false) out.up = false;
  const latency = num('latencyMs', params.latencyMs, 0, MAX_LATENCY_MS);
  const jitter = num('jitterMs', params.jitterMs, 0, MAX_LATENCY_MS);
  const loss = num('lossPercent', params.lossPercent, 0, 100);
  const bw = num('bandwidthKbps', params.bandwidthKbps, Number.MIN_VALUE, 1e9);
  if (latency) out.latencyMs = latency;
  if (jitter) out.jitterMs = jitter;
  if (loss) out.lossPercent = loss;
  if (bw !== undefined) out.bandwidthKbps = bw;
  return out;
}
