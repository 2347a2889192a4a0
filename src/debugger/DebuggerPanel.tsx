import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { NodeController } from "../nodes/nodeController";
import { DebuggerModel, registerDebugger } from "./debuggerModel";
import { CpuView } from "./CpuView";
import { Disassembly } from "./Disassembly";
import { MemoryView } from "./MemoryView";
import { TrapLog } from "./TrapLog";
import { PageWalkView } from "./PageWalkView";
import { TlbView } from "./TlbView";
import "./debugger.css";

const TABS = ["CPU", "Page walk", "Memory", "Traps", "TLB"] as const;
type Tab = (typeof TABS)[number];

/** The debugger for one node: a dialog over the page, opened from the node card. */
export function DebuggerPanel({ node, onClose }: { node: NodeController; onClose: () => void }) {
  const model = useMemo(() => new DebuggerModel(node.name, node.api), [node]);
  const snap = useSyncExternalStore(model.subscribe, model.snapshot);
  const [tab, setTab] = useState<Tab>("CPU");
  useEffect(() => {
    registerDebugger(model, node.name);
    void model.refresh();
    return () => registerDebugger(undefined, node.name);
  }, [model, node.name]);
  // While running, poll the state so a breakpoint stop shows up.
  useEffect(() => {
    if (snap.status?.state !== "running") return;
    const t = setInterval(() => void model.refresh(), 500);
    return () => clearInterval(t);
  }, [model, snap.status?.state]);
  useEffect(() => {
    if (snap.walk) setTab("Page walk");
  }, [snap.walk]);
  return (
    <div className="dbg-panel" role="dialog" aria-label={`Debugger ${node.name}`}>
      <header className="dbg-head">
        <h2>Debugger · {node.name}</h2>
        <nav>
          {TABS.map((t) => (
            <button key={t} className={t === tab ? "dbg-tab active" : "dbg-tab"} onClick={() => setTab(t)}>{t}</button>
          ))}
        </nav>
        <span className="spacer" />
        {snap.busy && <span className="dim">…</span>}
        {snap.error && <span className="dbg-error">{snap.error}</span>}
        <button className="small" onClick={onClose} aria-label="Close debugger">✕</button>
      </header>
      <div className="dbg-body">
        {tab === "CPU" && (
          <div className="dbg-cpu-grid">
            <CpuView model={model} snap={snap} />
            <Disassembly model={model} snap={snap} />
          </div>
        )}
        {tab === "Page walk" && <PageWalkView model={model} snap={snap} />}
        {tab === "Memory" && <MemoryView model={model} snap={snap} />}
        {tab === "Traps" && <TrapLog snap={snap} />}
        {tab === "TLB" && <TlbView model={model} snap={snap} />}
      </div>
    </div>
  );
}
