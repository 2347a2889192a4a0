// The page's view of the emulated Ethernet: the switch (emulator/net/switch.ts, which runs on the
// page's thread; it only moves frames, the CPUs stay in the workers), its tap as a capped packet
// list, its port counters, and the link fault controls.

import type { LinkParams, PortStats, TapRecord } from "../../emulator/net/types";
import { EthernetSwitch } from "../../emulator/net/switch";
import { connectWorkerToSwitch } from "../../emulator/net/worker-link";
import type { NodeNetworkHook } from "../nodes/nodeController";
import { noRxBufferDrops, withPairLink, type PairLinkSetting } from "./pairLinks";

/** Packets kept for the list (older ones drop off; the pcap export has the full capture). */
export const PACKET_LIMIT = 1000;

export interface NetworkSnapshot {
  packets: readonly TapRecord[];
  /** Packets seen since the page loaded (the list keeps the last PACKET_LIMIT). */
  totalPackets: number;
  ports: readonly PortStats[];
  links: Readonly<Record<string, LinkParams>>;
  /** Conditions set between two nodes (switch.setPairLink), sorted by pair; ideal pairs are absent. */
  pairLinks: readonly PairLinkSetting[];
  /** Partition group of each node ("A", "B", …) while a partition is applied. */
  partition: Readonly<Record<string, string>> | null;
}

const PUBLISH_MS = 200;
const STATS_MS = 1000;

export class NetworkModel {
  private readonly sw = new EthernetSwitch();
  private snap: NetworkSnapshot = { packets: [], totalPackets: 0, ports: [], links: {}, pairLinks: [], partition: null };
  private listeners = new Set<() => void>();
  private pending: TapRecord[] = [];
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private frozen = false;

  constructor() {
    this.sw.onTap((r) => this.onTap(r));
    setInterval(() => this.set({ ports: this.sw.stats() }), STATS_MS);
  }

  /** How a node joins the switch (NodeController calls it with its end of the frame channel). */
  hook(): NodeNetworkHook {
    const sw = this.sw;
    return {
      connect: (name, port) => {
        const link = connectWorkerToSwitch(sw, name, port);
        this.set({ ports: sw.stats() });
        return () => {
          link.disconnect();
          this.set({ ports: sw.stats() });
        };
      },
      // The node's own receive drops (virtio-net had no RX buffer posted): shown in the port counters.
      reportNetStats: (name, net) => {
        const drops = noRxBufferDrops(net);
        if (drops !== undefined) sw.setNoRxBuffer(name, drops);
      },
    };
  }

  /** Every frame the switch's tap reports, unaffected by the packet list's Freeze (for the ring view). */
  subscribeTap(listener: (r: TapRecord) => void): () => void {
    return this.sw.onTap(listener);
  }

  // --- packets ---------------------------------------------------------------------------------

  private onTap(r: TapRecord): void {
    this.pending.push(r);
    if (this.pending.length > PACKET_LIMIT) this.pending.splice(0, this.pending.length - PACKET_LIMIT);
    // Publish in batches: a ping flood must not re-render the list per frame.
    this.publishTimer ??= setTimeout(() => this.publish(), PUBLISH_MS);
  }

  private publish(): void {
    this.publishTimer = undefined;
    const total = this.snap.totalPackets + this.pending.length;
    if (this.frozen) {
      this.set({ totalPackets: total });
      this.pending = [];
      return;
    }
    const packets = [...this.snap.packets, ...this.pending].slice(-PACKET_LIMIT);
    this.pending = [];
    this.set({ packets, totalPackets: total });
  }

  /** Stop (or restart) adding packets to the list so it can be read; the capture goes on. */
  setFrozen(frozen: boolean): void {
    this.frozen = frozen;
  }

  clearPackets(): void {
    this.set({ packets: [] });
  }

  // --- link faults -----------------------------------------------------------------------------

  setLink(port: string, params: LinkParams): void {
    this.sw.setLink(port, params);
    this.set({ links: { ...this.snap.links, [port]: params } });
  }

  /** Conditions between two nodes, both directions, on top of each node's own link; ideal params reset the pair. */
  setPairLink(a: string, b: string, params: LinkParams): void {
    this.sw.setPairLink(a, b, params);
    this.set({ pairLinks: withPairLink(this.snap.pairLinks, a, b, params) });
  }

  /** Back to an ideal link between `a` and `b`. */
  resetPairLink(a: string, b: string): void {
    this.setPairLink(a, b, {});
  }

  /** Apply a partition: nodes with the same group letter can talk to each other, no one else. */
  setPartition(groups: Record<string, string>): void {
    const byGroup = new Map<string, string[]>();
    for (const [node, g] of Object.entries(groups)) byGroup.set(g, [...(byGroup.get(g) ?? []), node]);
    this.sw.setPartitions([...byGroup.values()]);
    this.set({ partition: groups });
  }

  healPartition(): void {
    this.sw.setPartitions(null);
    this.set({ partition: null });
  }

  /** The capture so far as a libpcap file. */
  capture(): Uint8Array {
    return this.sw.capture();
  }

  // --- subscriptions ---------------------------------------------------------------------------

  snapshot = (): NetworkSnapshot => this.snap;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<NetworkSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }
}
