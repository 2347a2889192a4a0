// The network's contracts, shared by the switch (emulator/net/switch.ts), the virtio-net device,
// the CLI's `lab` command and the page. Frames are raw Ethernet frames without FCS.

/** Link conditions for one port, or one pair of ports. Defaults: an ideal link. */
export interface LinkParams {
  up?: boolean;              // default true
  latencyMs?: number;        // added one-way delay, default 0
  jitterMs?: number;         // uniform ± jitter added to the delay, default 0
  lossPercent?: number;      // 0..100, default 0
  bandwidthKbps?: number;    // serialisation rate limit; undefined = unlimited
}

/** Counters for one port (as the node sees it: rx = frames the switch delivered to the node). */
export interface PortStats {
  name: string;
  mac?: string;              // learned source MAC(s), first one
  txFrames: number; txBytes: number;   // from the node into the switch
  rxFrames: number; rxBytes: number;   // from the switch to the node
  drops: { rateLimit: number; queueFull: number; oversize: number; linkDown: number; loss: number; partition: number; noRxBuffer: number };
}

/** One decoded frame as the tap reports it (the page's packet list shows these). */
export interface TapRecord {
  seq: number;               // increasing record number
  time: number;              // host ms (performance.now() base) when the switch forwarded or dropped it
  inPort: string;            // where it entered
  outPorts: string[];        // where it was delivered (empty if dropped)
  dropped?: keyof PortStats["drops"];
  length: number;
  frame: Uint8Array;         // the bytes (a copy the tap owns)
  summary: string;           // one line, Wireshark-like: "10.0.0.2:43512 → 10.0.0.1:8080 TCP [SYN] seq=… len=0"
  protocol: "arp" | "icmp" | "tcp" | "udp" | "ipv4" | "ipv6" | "other";
  layers: DecodedLayer[];    // the decode tree, outermost first
}

export interface DecodedLayer {
  name: string;              // "Ethernet II", "ARP", "IPv4", "ICMP", "UDP", "TCP", "Payload"
  fields: { name: string; value: string }[];
}

/** What a node's side of the wire looks like to the switch. */
export interface SwitchPortHandle {
  readonly name: string;
  /** A frame from the node into the switch. */
  receive(frame: Uint8Array): void;
}
