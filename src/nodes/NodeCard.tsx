import type { NodeController } from "./nodeController";
import { useNode } from "./useNode";
import { StatusBadge } from "./StatusBadge";
import { BootProgress } from "./BootProgress";
import { NodeStats } from "./NodeStats";
import { Terminal } from "./Terminal";
import { useState } from "react";
import { DebuggerPanel } from "../debugger/DebuggerPanel";

/** One machine: title bar (name, address, status, stats, controls), boot progress, terminal. */
export function NodeCard({ node, onRemove }: { node: NodeController; onRemove: () => void }) {
  const snap = useNode(node);
  const live = snap.phase === "running" || snap.phase === "booting";
  const [debugging, setDebugging] = useState(false);
  return (
    <section className="card node-card" aria-label={snap.name} data-node={snap.name}>
      <header className="card-head">
        <h2>{snap.name}</h2>
        <span className="addr" title={`MAC ${snap.mac}${snap.networked ? "" : " (not connected to the switch)"}`}>
          {snap.ip}
        </span>
        <StatusBadge phase={snap.phase} detail={snap.detail} />
        <span className="spacer" />
        <NodeStats snap={snap} />
        {live && (
          <button className="small" onClick={() => node.pause()} title="Stop the CPU (guest time stands still)">
            Pause
          </button>
        )}
        {snap.phase === "paused" && (
          <button className="small" onClick={() => node.resume()}>
            Resume
          </button>
        )}
        <button className="small" onClick={() => setDebugging(true)} title="Open the debugger: CPU, disassembly, memory, page walks">
          Debug
        </button>
        <button className="small danger" onClick={onRemove} title="Power off and remove this node">
          ✕
        </button>
      </header>
      <BootProgress snap={snap} />
      <Terminal node={node} />
      {debugging && <DebuggerPanel node={node} onClose={() => setDebugging(false)} />}
    </section>
  );
}
