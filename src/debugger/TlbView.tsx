import type { DebuggerModel, DebuggerSnapshot } from "./debuggerModel";

/** The TLB's valid entries: regime, access kind, VA page → PA page. */
export function TlbView({ model, snap }: { model: DebuggerModel; snap: DebuggerSnapshot }) {
  return (
    <div className="dbg-tlb">
      <button onClick={model.loadTlb}>Read TLB</button> {snap.tlb.length} entries
      <table>
        <thead><tr><th>regime</th><th>kind</th><th>VA page</th><th>PA page</th></tr></thead>
        <tbody>
          {snap.tlb.slice(0, 400).map((e) => (
            <tr key={`${e.regime}-${e.kind}-${e.index}`}><td>{e.regime}</td><td>{e.kind}</td><td className="mono">{e.va}</td><td className="mono">{e.pa}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
