import type { DebuggerSnapshot } from "./debuggerModel";

/** The last traps and interrupts, newest first. */
export function TrapLog({ snap }: { snap: DebuggerSnapshot }) {
  return (
    <table className="dbg-traps">
      <thead><tr><th>#</th><th>cause</th><th>epc</th><th>tval</th><th>mode</th></tr></thead>
      <tbody>
        {snap.traps.map((t) => (
          <tr key={t.index} className={t.interrupt ? "dim" : undefined}>
            <td>{t.index}</td><td>{t.name}</td><td className="mono">{t.epc}</td><td className="mono">{t.tval}</td><td>{t.from}→{t.to}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
