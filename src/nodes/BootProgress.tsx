import type { NodeSnapshot } from "./nodeController";

/** A thin bar under the card title: image download/decompress, then an indeterminate "booting". */
export function BootProgress({ snap }: { snap: NodeSnapshot }) {
  if (snap.phase === "loading") {
    const pct = Math.round((snap.progress?.fraction ?? 0) * 100);
    const what = describe(snap.progress?.what);
    return (
      <div className="progress" title={snap.progress?.what ?? "starting the worker"}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
        <span className="progress-label">
          {what} {pct}%
        </span>
      </div>
    );
  }
  if (snap.phase === "booting") {
    return (
      <div className="progress" title="OpenSBI and Linux are starting; waiting for the shell prompt">
        <div className="progress-bar indeterminate" />
        <span className="progress-label">booting Linux… (waiting for the shell prompt)</span>
      </div>
    );
  }
  return null;
}

/** The loader's step ("kernel Image", "decompressing initrd", "ready") as a sentence. */
function describe(what: string | undefined): string {
  if (!what) return "starting the node…";
  const m = /^(firmware|kernel|initrd) (.+)$/.exec(what);
  if (m) return `downloading the ${m[1]} (${m[2]})…`;
  if (what === "ready") return "images ready, starting the CPU…";
  return `${what}…`;
}
