import type { DebuggerModel, DebuggerSnapshot } from "./debuggerModel";

/** The code around pc (table-driven disassembler, through the current satp), with symbols. */
export function Disassembly({ model, snap }: { model: DebuggerModel; snap: DebuggerSnapshot }) {
  const pc = snap.status?.pc;
  const user = snap.status?.priv === "U";
  return (
    <div className="dbg-disasm">
      <table>
        <tbody>
          {snap.disasm.map((d) => (
            <tr key={d.pc} className={d.current ? "dbg-current" : undefined}>
              <td className="mono">{d.pc}</td>
              <td className="mono dim">{d.bytes}</td>
              <td className="mono">{d.text}</td>
              <td className="dim">{d.symbol ? `<${d.symbol}>` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pc && (
        <button onClick={() => model.openWalk(pc, "fetch", undefined, user ? 0 : 1)}>Walk pc</button>
      )}
    </div>
  );
}
