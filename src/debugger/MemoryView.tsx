import { useState } from "react";
import type { DebuggerModel, DebuggerSnapshot } from "./debuggerModel";
import { parseAddress } from "./actions";

/** Hex + ASCII, addressed virtually (through the current satp) or physically. */
export function MemoryView({ model, snap }: { model: DebuggerModel; snap: DebuggerSnapshot }) {
  const [addr, setAddr] = useState(snap.memory.addr);
  const [mode, setMode] = useState(snap.memory.mode);
  return (
    <div className="dbg-memory">
      <div className="dbg-controls">
        <input value={addr} onChange={(e) => setAddr(e.target.value)} size={20} aria-label="memory address" />
        <select value={mode} onChange={(e) => setMode(e.target.value as "virtual" | "physical")} aria-label="address kind">
          <option value="virtual">virtual</option>
          <option value="physical">physical</option>
        </select>
        <button disabled={!parseAddress(addr)} onClick={() => model.loadMemory(parseAddress(addr)!, mode)}>Show</button>
      </div>
      <pre className="mono">
        {snap.memory.rows.map((r) => `${r.address.padStart(18)}  ${r.hex.join(" ")}  ${r.ascii}`).join("\n")}
      </pre>
    </div>
  );
}
