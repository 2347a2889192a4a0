// Feeds the page's tap records into a RingModel (emulator/ring/model.ts) and tells the ring panel
// when to redraw. The records come from the network panel's packet list (the same decoded frames
// the switch's tap reports), so the ring picture is drawn only from what crossed the switch.

import { RingModel, type Arc } from "../../emulator/ring/model";
import { registerRingDissectors } from "../../emulator/net/decode/ring";
import type { NetworkModel } from "../network/networkModel";
import type { TapRecord } from "../../emulator/net/types";

/** How long join / leave / handoff / get animations last (ms). */
export const ANIM_MS = 1600;
const TICK_MS = 250;

/** Arcs a node owned just before it left, drawn fading out while the others absorb them. */
export interface Ghost { node: string; arcs: Arc[]; time: number }

const PULL_MS = 100;
const PENDING_LIMIT = 5000;

export class RingFeed {
  readonly model = new RingModel();
  ghosts: Ghost[] = [];
  private lastSeq = -1;
  private listeners = new Set<() => void>();
  private version = -1;
  private tickCount = 0;

  /** Frames from the switch's tap not yet fed to the model (bounded: a flood cannot grow it). */
  private pending: TapRecord[] = [];

  constructor(private readonly network: NetworkModel) {
    registerRingDissectors(); // the packet list shows "RING put k17 …" instead of raw bytes
    // Straight from the tap, so freezing the packet list does not freeze the ring.
    for (const p of network.snapshot().packets) this.pending.push(p);
    network.subscribeTap((r) => {
      this.pending.push(r);
      if (this.pending.length > PENDING_LIMIT) this.pending.splice(0, this.pending.length - PENDING_LIMIT);
    });
    setInterval(() => this.pull(), PULL_MS);
    setInterval(() => this.tick(), TICK_MS);
  }

  private pull(): void {
    const fresh = this.pending.filter((p) => p.seq > this.lastSeq);
    this.pending = [];
    if (!fresh.length) return;
    this.lastSeq = fresh[fresh.length - 1]!.seq;
    for (const p of fresh) {
      const before = this.model.members.size ? this.model.arcs() : [];
      const lastEvent = this.model.events.at(-1)?.seq ?? 0;
      this.model.feed(p);
      this.collectGhosts(before, lastEvent);
    }
    this.emitIfChanged();
  }

  private tick(): void {
    const lastEvent = this.model.events.at(-1)?.seq ?? 0;
    const before = this.model.arcs();
    this.model.tick(performance.now());
    this.collectGhosts(before, lastEvent);
    const now = performance.now();
    this.ghosts = this.ghosts.filter((g) => now - g.time < ANIM_MS * 2);
    // Redraw while animations run (every tick), otherwise only on change.
    const animating = this.ghosts.length > 0 || this.model.events.some((e) => now - e.time < ANIM_MS);
    if (animating) this.tickCount++;
    this.emitIfChanged(animating);
  }

  private collectGhosts(before: Arc[], lastEvent: number): void {
    for (const e of this.model.events)
      if (e.seq > lastEvent && e.kind === "leave" && e.node)
        this.ghosts.push({ node: e.node, arcs: before.filter((a) => a.node === e.node), time: performance.now() });
  }

  private emitIfChanged(force = false): void {
    if (!force && this.model.version === this.version) return;
    this.version = this.model.version;
    for (const l of this.listeners) l();
  }

  /** A number that changes whenever the picture should be redrawn (for useSyncExternalStore). */
  snapshot = (): number => this.model.version * 100_000 + this.tickCount;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

const feeds = new WeakMap<NetworkModel, RingFeed>();

/** The one feed of a network (created on first use, which should be when the page starts). */
export function ringFeedFor(network: NetworkModel): RingFeed {
  let feed = feeds.get(network);
  if (!feed) {
    feed = new RingFeed(network);
    feeds.set(network, feed);
    installRingTestHook(feed);
  }
  return feed;
}

/** window.__hartnetRing: what the model knows, for the Playwright test and the devtools console. */
function installRingTestHook(feed: RingFeed): void {
  const m = feed.model;
  (window as unknown as { __hartnetRing: unknown }).__hartnetRing = {
    members: () => [...m.members.keys()].sort(),
    keyCount: () => m.keys.size,
    owners: () => Object.fromEntries([...m.keys.keys()].map((k) => [k, m.owner(k)])),
    load: () => m.load(),
  };
}
