// Fault injection per node link and per pair of nodes: up/down, added latency and jitter, loss,
// bandwidth limit.

import { useState } from "react";
import type { LinkParams } from "../../emulator/net/types";
import type { NetworkModel } from "./networkModel";
import { describeLink, pairsAmong, parseField, type PairLinkSetting } from "./pairLinks";

const IDEAL: LinkParams = { up: true, latencyMs: 0, jitterMs: 0, lossPercent: 0, bandwidthKbps: undefined };

export function LinkControls({ network, nodes, links, pairLinks = [] }: { network: NetworkModel; nodes: string[]; links: Readonly<Record<string, LinkParams>>; pairLinks?: readonly PairLinkSetting[] }) {
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
      <PairLinkControls network={network} nodes={nodes} pairLinks={pairsAmong(pairLinks, nodes)} />
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

/** Conditions between two chosen nodes only (both directions), and the list of those set. */
function PairLinkControls({ network, nodes, pairLinks }: { network: NetworkModel; nodes: string[]; pairLinks: readonly PairLinkSetting[] }) {
  const [a, setA] = useState(nodes[0] ?? "");
  const [b, setB] = useState(nodes[1] ?? "");
  const [draft, setDraft] = useState<LinkParams>(IDEAL);
  const from = nodes.includes(a) ? a : (nodes[0] ?? "");
  const to = nodes.includes(b) && b !== from ? b : (nodes.find((n) => n !== from) ?? "");
  const valid = from !== "" && to !== "" && from !== to;
  const num = (key: keyof LinkParams, max: number, label: string) => (
    <label>
      {label}
      <input
        type="number"
        min={0}
        max={max}
        style={{ width: "4.2em", marginLeft: 3 }}
        value={(draft[key] as number | undefined) ?? ""}
        placeholder={key === "bandwidthKbps" ? "∞" : "0"}
        aria-label={`pair ${key}`}
        onChange={(e) => setDraft({ ...draft, [key]: parseField(e.target.value, 0, max) })}
      />
    </label>
  );
  return (
    <div className="pair-links pad" aria-label="pair links">
      <div className="pair-form" style={{ display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "center" }}>
        <strong>Between</strong>
        <select aria-label="pair from" value={from} onChange={(e) => setA(e.target.value)}>
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <span>↔</span>
        <select aria-label="pair to" value={to} onChange={(e) => setB(e.target.value)}>
          {nodes
            .filter((n) => n !== from)
            .map((n) => (
              <option key={n}>{n}</option>
            ))}
        </select>
        <label>
          <input type="checkbox" aria-label="pair link up" checked={draft.up !== false} onChange={(e) => setDraft({ ...draft, up: e.target.checked })} />
          up
        </label>
        {num("latencyMs", 10_000, "ms")}
        {num("jitterMs", 10_000, "±ms")}
        {num("lossPercent", 100, "loss %")}
        {num("bandwidthKbps", 1_000_000, "kbit/s")}
        <button className="small" disabled={!valid} onClick={() => network.setPairLink(from, to, draft)}>
          Apply pair
        </button>
      </div>
      {pairLinks.length ? (
        <ul className="pair-list" style={{ margin: "6px 0 0", paddingLeft: 18 }}>
          {pairLinks.map((p) => (
            <li key={`${p.a}|${p.b}`} data-pair={`${p.a}|${p.b}`}>
              <span>
                {p.a} ↔ {p.b}: {describeLink(p.params)}
              </span>{" "}
              <button className="small" title="Back to an ideal link between these two" aria-label={`reset pair ${p.a} ${p.b}`} onClick={() => network.resetPairLink(p.a, p.b)}>
                ↺
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" style={{ margin: "6px 0 0" }}>No pair settings: every pair is ideal (apart from the per-node links above).</p>
      )}
    </div>
  );
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}
