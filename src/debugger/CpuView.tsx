import { useState } from "react";
import type { DebuggerModel, DebuggerSnapshot } from "./debuggerModel";
import { parseAddress } from "./actions";

/** Run controls, stops, and the registers (x, f, pc, mode, decoded CSRs) with changed ones highlighted. */
export function CpuView({ model, snap }: { model: DebuggerModel; snap: DebuggerSnapshot }) {
  const [n, setN] = useState("10");
  const [target, setTarget] = useState("");
  const [bp, setBp] = useState("");
  const paused = snap.status?.state === "paused";
  const changed = new Set(snap.changed);
  const cls = (name: string) => (changed.has(name) ? "dbg-changed" : undefined);
  return (
    <div className="dbg-cpu">
      <div className="dbg-controls">
        {paused ? <button onClick={model.resume}>Resume</button> : <button onClick={model.pause}>Pause</button>}
        <button disabled={!paused} onClick={() => model.step(1)} aria-label="Step one instruction">Step</button>
        <input value={n} onChange={(e) => setN(e.target.value)} size={4} aria-label="instructions to step" />
        <button disabled={!paused} onClick={() => model.step(Math.max(1, parseInt(n, 10) || 1))}>Step N</button>
        <input value={target} onChange={(e) => setTarget(e.target.value)} size={18} placeholder="run to address" aria-label="run to address" />
        <button disabled={!parseAddress(target)} onClick={() => model.runTo(parseAddress(target)!)}>Run to</button>
      </div>
      <div className="dbg-controls">
        <label><input type="checkbox" checked={snap.privStop} onChange={(e) => model.setPrivStop(e.target.checked)} /> break on mode change</label>
        <label><input type="checkbox" checked={snap.trapStops.includes(13)} onChange={(e) => model.setTrapStops(e.target.checked ? [12, 13, 15] : [])} /> break on page fault</label>
        <input value={bp} onChange={(e) => setBp(e.target.value)} size={18} placeholder="breakpoint pc" aria-label="breakpoint address" />
        <button disabled={!parseAddress(bp)} onClick={() => model.setBreakpoints([...snap.breakpoints, parseAddress(bp)!])}>Add breakpoint</button>
        {snap.breakpoints.map((b) => (
          <button key={b} className="small" title="remove" onClick={() => model.setBreakpoints(snap.breakpoints.filter((x) => x !== b))}>{b} ✕</button>
        ))}
      </div>
      <div className="dbg-status" data-testid="dbg-status">
        {snap.status?.state} · pc <b className={cls("pc")}>{snap.status?.pc}</b> · mode <b className={cls("priv")} data-testid="dbg-priv">{snap.status?.priv}</b>
        {snap.status?.stop && <> · stopped: {snap.status.stop.reason} at {snap.status.stop.addr}</>}
      </div>
      {snap.regs && (
        <div className="dbg-regs">
          <table className="dbg-x">
            <tbody>
              {snap.regs.x.map((r) => (
                <tr key={r.name} className={cls(r.name)}>
                  <td>{r.abi}</td><td className="mono">{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="dbg-f">
            <tbody>
              {snap.regs.f.map((r) => (
                <tr key={r.name} className={cls(r.name)}>
                  <td>{r.abi}</td><td className="mono">{r.bits}</td><td className="mono">{r.double}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="dbg-csrs">
            <tbody>
              {snap.regs.csrs.map((c) => (
                <tr key={c.name} className={cls(c.name)}>
                  <td>{c.name}</td><td className="mono">{c.value}</td>
                  <td title={c.fields.map((f) => `${f.name}[${f.bits}] = ${f.text}`).join("\n")}>{c.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
