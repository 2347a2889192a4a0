import type { PortStats } from "../../emulator/net/types";
import { dropText, dropTotal } from "./portCounters";

/** Per-port counters as the node sees them: tx = into the switch, rx = delivered to the node. */
export function PortTable({ ports }: { ports: readonly PortStats[] }) {
  if (!ports.length) return <p className="muted pad">No ports yet.</p>;
  return (
    <table className="grid-table ports">
      <thead>
        <tr>
          <th>port</th>
          <th>MAC</th>
          <th className="num" title="frames (bytes) from the node into the switch">sent</th>
          <th className="num" title="frames (bytes) the switch delivered to the node">received</th>
          <th className="num" title="frames dropped (hover a number for the reasons)">drops</th>
        </tr>
      </thead>
      <tbody>
        {ports.map((p) => (
          <tr key={p.name} data-port={p.name}>
            <td>{p.name}</td>
            <td className="mono">{p.mac ?? "–"}</td>
            <td className="num" title={`${p.txBytes} bytes`}>
              {p.txFrames} <span className="muted">({bytes(p.txBytes)})</span>
            </td>
            <td className="num" title={`${p.rxBytes} bytes`}>
              {p.rxFrames} <span className="muted">({bytes(p.rxBytes)})</span>
            </td>
            <td className={`num ${dropTotal(p) ? "warn" : ""}`} title={dropText(p)} data-testid="drops" data-no-rx-buffer={p.drops.noRxBuffer}>
              {dropTotal(p)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function bytes(n: number): string {
  return n < 10_000 ? `${n} B` : n < 10_000_000 ? `${(n / 1024).toFixed(0)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}
