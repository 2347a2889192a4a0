import type { TapRecord } from "../../emulator/net/types";
import type { SwitchTapRecord } from "../../emulator/net/switch";

export interface PacketFilter {
  node: string;      // "" = any node
  protocol: string;  // "" = any protocol
}

/** Does the frame touch `node` (sent by it or delivered to it) and is it of `protocol`? */
export function matches(r: TapRecord, f: PacketFilter): boolean {
  if (f.protocol && r.protocol !== f.protocol) return false;
  if (f.node && r.inPort !== f.node && !r.outPorts.includes(f.node)) return false;
  return true;
}

export const PROTOCOLS: TapRecord["protocol"][] = ["arp", "icmp", "tcp", "udp", "ipv4", "ipv6", "other"];

/** "node1 → node2"; "node1 → all (2)" when flooded to several ports; "node1 ✕ loss" when dropped. */
export function route(r: TapRecord): string {
  if (r.dropped) return `${r.inPort} ✕ ${r.dropped}`;
  const lost = (r as SwitchTapRecord).outDrops?.length ? ` (✕${(r as SwitchTapRecord).outDrops!.length})` : "";
  if (r.outPorts.length > 1) return `${r.inPort} → all (${r.outPorts.length})${lost}`;
  return `${r.inPort} → ${r.outPorts[0] ?? "–"}${lost}`;
}

/** The full route, for a tooltip. */
export function routeTitle(r: TapRecord): string {
  if (r.dropped) return `${r.inPort}: dropped (${r.dropped})`;
  const lost = ((r as SwitchTapRecord).outDrops ?? []).map((d) => `; not to ${d.port} (${d.reason})`).join("");
  return `${r.inPort} → ${r.outPorts.join(", ") || "nowhere"}${lost}`;
}
