import type { NodeSnapshot } from "./nodeController";

const LABELS: Record<NodeSnapshot["phase"], string> = {
  loading: "loading",
  booting: "booting",
  running: "running",
  paused: "paused",
  halted: "halted",
  crashed: "crashed",
  off: "powered off",
};

/** The node's state as a coloured pill; halted/crashed carry their reason as a tooltip and text. */
export function StatusBadge({ phase, detail }: Pick<NodeSnapshot, "phase" | "detail">) {
  const showReason = (phase === "crashed" || phase === "halted") && detail;
  return (
    <span className={`badge badge-${phase}`} title={detail} data-testid="status">
      {LABELS[phase]}
      {showReason ? `: ${detail}` : ""}
    </span>
  );
}
