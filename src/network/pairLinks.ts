// Pure helpers for the per-pair link controls (LinkControls' "between two nodes" form): the
// canonical order of a pair, whether parameters are ideal, a one-line description for the list of
// active pair settings, and the list update the NetworkModel applies. No DOM, no switch.

import type { LinkParams } from "../../emulator/net/types";

export interface PairLinkSetting {
  a: string;
  b: string;
  params: LinkParams;
}

/** The pair in a stable order (the switch treats a↔b and b↔a as one link). */
export function orderedPair(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

/** No fault at all: up, no delay, no loss, unlimited bandwidth. */
export function isIdealLink(p: LinkParams): boolean {
  return p.up !== false && !p.latencyMs && !p.jitterMs && !p.lossPercent && p.bandwidthKbps === undefined;
}

/** "down", "ideal", or e.g. "50±10 ms · 5% loss · 100 kbit/s". */
export function describeLink(p: LinkParams): string {
  if (p.up === false) return "down";
  const parts: string[] = [];
  if (p.latencyMs || p.jitterMs) parts.push(`${p.latencyMs ?? 0}${p.jitterMs ? `±${p.jitterMs}` : ""} ms`);
  if (p.lossPercent) parts.push(`${p.lossPercent}% loss`);
  if (p.bandwidthKbps !== undefined) parts.push(`${p.bandwidthKbps} kbit/s`);
  return parts.length ? parts.join(" · ") : "ideal";
}

/**
 * The list after setting `params` between `a` and `b`: replaces that pair's entry (in either
 * order), drops it when the params are ideal (= reset), keeps the list sorted by pair.
 */
export function withPairLink(list: readonly PairLinkSetting[], a: string, b: string, params: LinkParams): PairLinkSetting[] {
  if (a === b) throw new Error(`a pair link needs two different nodes, got ${a} twice`);
  const [x, y] = orderedPair(a, b);
  const rest = list.filter((s) => !(orderedPair(s.a, s.b)[0] === x && orderedPair(s.a, s.b)[1] === y));
  if (!isIdealLink(params)) rest.push({ a: x, b: y, params: { ...params } });
  return rest.sort((p, q) => (p.a === q.a ? (p.b < q.b ? -1 : p.b > q.b ? 1 : 0) : p.a < q.a ? -1 : 1));
}

/** Pair settings whose nodes are both still on the page (a removed node's settings drop out of the list). */
export function pairsAmong(list: readonly PairLinkSetting[], nodes: readonly string[]): PairLinkSetting[] {
  return list.filter((s) => nodes.includes(s.a) && nodes.includes(s.b));
}

/** A number typed into a field: "" = undefined (unset), otherwise clamped to lo..hi (NaN → lo). */
export function parseField(text: string, lo: number, hi: number): number | undefined {
  if (text.trim() === "") return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

/** The number of receive drops for "no RX buffer" in a node's reported net stats, if any. */
export function noRxBufferDrops(net: Record<string, unknown> | undefined): number | undefined {
  const v = net?.rxDropsNoBuffer;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}
