import { useEffect, useState } from "react";
import type { DebuggerModel, DebuggerSnapshot } from "./debuggerModel";
import { parseAddress, visibleSteps, walkDone, type Access } from "./actions";

/** The Sv39 walk of one VA, one step per press of Step, drawn from the hart's own walk trace. */
export function PageWalkView({ model, snap }: { model: DebuggerModel; snap: DebuggerSnapshot }) {
  const [va, setVa] = useState(snap.walkQuery?.va ?? "");
  const [access, setAccess] = useState<Access>(snap.walkQuery?.access ?? "load");
  const [satp, setSatp] = useState("");
  const [priv, setPriv] = useState("0");
  // The inputs follow the walk shown (Walk pc, Explain this fault open walks from elsewhere).
  const q = snap.walkQuery;
  useEffect(() => {
    if (!q) return;
    setVa(q.va);
    setAccess(q.access);
    if (q.priv !== undefined) setPriv(String(q.priv));
  }, [q]);
  const w = snap.walk;
  const shown = w ? visibleSteps(w, snap.walkClicks) : 0;
  const stopped = snap.status?.stop?.reason === "trap";
  return (
    <div className="dbg-walk">
      <div className="dbg-controls">
        <input value={va} onChange={(e) => setVa(e.target.value)} size={20} placeholder="virtual address" aria-label="walk address" />
        <select value={access} onChange={(e) => setAccess(e.target.value as Access)} aria-label="access">
          <option value="fetch">fetch</option><option value="load">load</option><option value="store">store</option>
        </select>
        <select value={priv} onChange={(e) => setPriv(e.target.value)} aria-label="mode">
          <option value="0">U</option><option value="1">S</option>
        </select>
        <select value={satp} onChange={(e) => setSatp(e.target.value)} aria-label="satp">
          <option value="">current satp</option>
          {snap.satps.map((s) => <option key={s.satp} value={s.satp}>{s.satp} ({s.summary}; last at {s.pc} in {s.priv})</option>)}
        </select>
        <button disabled={!parseAddress(va)} onClick={() => model.openWalk(parseAddress(va)!, access, satp || undefined, Number(priv))}>Walk</button>
        {snap.status?.pc && <button onClick={() => { setVa(snap.status!.pc); model.openWalk(snap.status!.pc, "fetch", satp || undefined, snap.status!.priv === "U" ? 0 : 1); }}>From pc</button>}
        {stopped && <button onClick={model.explainFault}>Explain this fault</button>}
      </div>
      {w && (
        <>
          <div className="dbg-walk-head">
            {w.access} of <span className="mono">{"0x" + w.va.toString(16)}</span> in {w.priv}-mode · SUM={+w.options.sum} MXR={+w.options.mxr} ·{" "}
            {w.tlb.length ? `in the TLB now (${w.tlb.map((t) => `${t.regime} ${t.kind}`).join(", ")})` : "not in the TLB"}
          </div>
          <ol className="dbg-steps">
            {w.steps.slice(0, shown).map((s, i) => (
              <li key={i} className={`dbg-step${s.fault ? " dbg-fault" : ""}${i === w.faultStep ? " dbg-reason" : ""}`} data-step-kind={s.kind}>
                <b>{s.title}</b>
                <pre className="mono">{s.lines.join("\n")}</pre>
              </li>
            ))}
          </ol>
          {!walkDone(w, snap.walkClicks) ? (
            <button onClick={model.stepWalk} aria-label="Step the walk">Step</button>
          ) : (
            <div className="dbg-walk-result" data-testid="walk-result">
              {w.ok ? <>PA = <span className="mono">{"0x" + w.pa!.toString(16)}</span></> : <>fault: {w.cause?.name} — {w.reasonText}</>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
