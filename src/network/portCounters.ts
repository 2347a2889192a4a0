// Pure helpers for the port counter table: total drops of a port and the per-reason breakdown
// shown on hover (drops.noRxBuffer is reported by the node itself: its virtio-net had no receive
// buffer posted; the page and emulator/lab.ts copy it in every second).

import type { PortStats } from "../../emulator/net/types";

export const DROP_LABELS: Record<keyof PortStats["drops"], string> = {
  rateLimit: "rate limit",
  queueFull: "queue full",
  oversize: "oversize",
  linkDown: "link down",
  loss: "loss",
  partition: "partition",
  noRxBuffer: "no RX buffer (in the node)",
};

export function dropTotal(p: PortStats): number {
  return Object.values(p.drops).reduce((a, b) => a + b, 0);
}

/** "loss: 3\nno RX buffer (in the node): 2", or "no drops". */
export function dropText(p: PortStats): string {
  return (
    Object.entries(p.drops)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${DROP_LABELS[k as keyof PortStats["drops"]] ?? k}: ${n}`)
      .join("\n") || "no drops"
  );
}
