// Fault injection per node link: up/down, added latency and jitter, loss, bandwidth limit.

import { useState } from "react";
import type { LinkParams } from "../../emulator/net/types";
import type { NetworkModel } from "./networkModel";

const IDEAL: LinkParams = { up: true, latencyMs: 0, jitterMs: 0, lossPercent: 0, bandwidthKbps: undefined };

export function LinkControls({ network, nodes, links }: { network: NetworkModel; nodes: string[]; links: Readonly<Record<string, LinkParams>> }) {
  return (
    <div>
      <table className="grid-table links">
        <thead>
          <tr>
            <th>link</th>
            <th>up</th>
            <th title="added one-way delay">latency ms</th>
            <th title="± random extra delay">jitter ms</th>
            <th>loss %</th>
            <th title="empty = unlimited">kbit/s</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <LinkRow key={n} name={n} current={links[n] ?? IDEAL} onApply={(p) => network.setLink(n, p)} />
          ))}
        </tbody>
      </table>
      <p className="muted pad">Changes apply to the cable between the node and the switch, in both directions.</p>
    </div>
  );
}

function LinkRow({ name, current, onApply }: { name: string; current: LinkParams; onApply: (p: LinkParams) => void }) {
  const [draft, setDraft] = useState<LinkParams>(current);
  const dirty = JSON.stringify(draft) !== JSON.stringify(current);
  const num = (key: keyof LinkParams, max: number) => (
    <input
      type="number"
      min={0}
      max={max}
      value={(draft[key] as number | undefined) ?? ""}
      placeholder={key === "bandwidthKbps" ? "∞" : "0"}
      aria-label={`${name} ${key}`}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value === "" ? undefined : clamp(Number(e.target.value), 0, max) })}
    />
  );
  return (
    <tr className={current.up === false ? "link-down" : ""}>
      <td>{name}</td>
      <td>
        <input
          type="checkbox"
          checked={draft.up !== false}
          aria-label={`${name} link up`}
          onChange={(e) => {
            // Up/down takes effect at once: it is the control students reach for first.
            const next = { ...draft, up: e.target.checked };
            setDraft(next);
            onApply(next);
          }}
        />
      </td>
      <td>{num("latencyMs", 10_000)}</td>
      <td>{num("jitterMs", 10_000)}</td>
      <td>{num("lossPercent", 100)}</td>
      <td>{num("bandwidthKbps", 1_000_000)}</td>
      <td className="actions">
        <button className="small" disabled={!dirty} onClick={() => onApply(draft)}>
          Apply
        </button>
        <button
          className="small"
          title="Back to an ideal link"
          aria-label={`reset ${name}`}
          onClick={() => {
            setDraft(IDEAL);
            onApply(IDEAL);
          }}
        >
          ↺
        </button>
      </td>
    </tr>
  );
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}
