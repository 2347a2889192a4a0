import type { NodeSnapshot } from "./nodeController";

/** Guest speed (million instructions per second of host time) and how much of the time the guest idles in wfi. */
export function NodeStats({ snap }: { snap: NodeSnapshot }) {
  if (snap.mips === undefined) return null;
  return (
    <span className="stats" title="guest MIPS (instructions retired per second) · share of time the guest sleeps in wfi">
      {snap.mips.toFixed(snap.mips < 10 ? 1 : 0)} MIPS · {Math.round(snap.idlePercent ?? 0)}% idle
    </span>
  );
}
