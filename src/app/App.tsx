import { useState, useSyncExternalStore } from "react";
import type { Lab } from "./lab";
import { NodeGrid } from "../nodes/NodeGrid";
import { NetworkPanel } from "../network/NetworkPanel";
import { NodeCountControl } from "./NodeCountControl";
import { RingPanel } from "../ring/RingView";
import { ringFeedFor } from "../ring/ringFeed";

/**
 * The page: a top bar, the nodes' grid, and the network panel below it. Later panels (the
 * debugger, the ring) go into the same column as further collapsible <section>s.
 */
export function App({ lab }: { lab: Lab }) {
  const nodes = useSyncExternalStore(lab.subscribe, lab.snapshot);
  // On a short screen (a 768-line projector) the terminals get the height first; the panel opens on demand.
  const [netOpen, setNetOpen] = useState(() => window.innerHeight >= 900);
  const [ringOpen, setRingOpen] = useState(false);
  ringFeedFor(lab.network); // the ring model listens from the start, so the panel has the keys when opened
  return (
    <div className={`app ${netOpen ? "net-open" : "net-closed"}`}>
      <header className="topbar">
        <h1>
          hartnet <span className="subtitle">RISC-V computer lab</span>
        </h1>
        <NodeCountControl lab={lab} count={nodes.length} />
        <button className="ring-toggle" onClick={() => setRingOpen(!ringOpen)} aria-pressed={ringOpen} title="The consistent-hashing ring, drawn from the switch's traffic">
          ◎ Ring
        </button>
        <span className="spacer" />
        <span className="hint">Click a terminal and type. Every node is an RV64GC machine running Linux in its own worker.</span>
      </header>
      <main className="nodes-area">
        <NodeGrid nodes={nodes} onRemove={(name) => lab.removeNode(name)} />
      </main>
      <NetworkPanel network={lab.network} nodes={nodes.map((n) => n.name)} open={netOpen} onToggle={() => setNetOpen(!netOpen)} />
      {ringOpen && <RingPanel lab={lab} onClose={() => setRingOpen(false)} />}
    </div>
  );
}
