// The ring visualizer: the hash ring drawn from the switch's traffic (RingFeed → RingModel), its
// load per node, a theory-vs-practice slider for virtual nodes, and the lab controls a student
// needs to make the ring change (add / remove / partition a node).

import { useMemo, useState, useSyncExternalStore } from "react";
import { RING_SIZE, byNodeName, chainFor, spreadStats, theorySpread, type Arc, type RingModel } from "../../emulator/ring/model";
import type { Lab } from "../app/lab";
import { ANIM_MS, ringFeedFor } from "./ringFeed";
import "./ring.css";

const SIZE = 420, C = SIZE / 2, R = 160;
const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

export function nodeColour(name: string): string {
  const n = Number(/\d+$/.exec(name)?.[0] ?? 1);
  return PALETTE[(n - 1 + PALETTE.length) % PALETTE.length]!;
}

/** Point at ring position `pos` (0 at the top, clockwise) on a circle of radius `r`. */
function at(pos: number, r: number): [number, number] {
  const a = (pos / RING_SIZE) * 2 * Math.PI - Math.PI / 2;
  return [C + r * Math.cos(a), C + r * Math.sin(a)];
}

function arcPath(a: Arc, r: number): string {
  if (a.length >= RING_SIZE) return `M ${C} ${C - r} A ${r} ${r} 0 1 1 ${C - 0.01} ${C - r}`;
  const [x1, y1] = at(a.start, r), [x2, y2] = at(a.end, r);
  return `M ${x1} ${y1} A ${r} ${r} 0 ${a.length > RING_SIZE / 2 ? 1 : 0} 1 ${x2} ${y2}`;
}

const hex = (h: number) => `0x${h.toString(16).padStart(8, "0")}`;

/** The token of `node` responsible for position `hash` (its first token clockwise from it). */
function anchor(model: RingModel, node: string, hash: number): number {
  const tokens = model.members.get(node)?.tokens;
  if (!tokens?.length) return hash;
  return tokens.reduce((best, t) => ((t - hash + RING_SIZE) % RING_SIZE < (best - hash + RING_SIZE) % RING_SIZE ? t : best));
}

export function RingPanel({ lab, onClose }: { lab: Lab; onClose: () => void }) {
  const feed = ringFeedFor(lab.network);
  useSyncExternalStore(feed.subscribe, feed.snapshot);
  const nodes = useSyncExternalStore(lab.subscribe, lab.snapshot);
  const model = feed.model;
  const [hover, setHover] = useState<string | null>(null);
  const now = performance.now();
  const members = [...model.members.values()].sort((a, b) => byNodeName(a.name, b.name));
  const ring = model.ring();
  const arcs = model.arcs();
  const keys = [...model.keys.values()];
  const recent = model.events.filter((e) => now - e.time < ANIM_MS);
  const hovered = hover ? model.keys.get(hover) : undefined;
  const hoveredChain = hovered ? chainFor(hovered.hash, ring, model.replicas) : [];
  return (
    <aside className="ring-panel" aria-label="ring">
      <header className="panel-head">
        <strong>Consistent-hashing ring</strong>
        <span className="muted" data-testid="ring-counts" data-members={members.length} data-keys={keys.length}>
          {members.length} nodes · {ring.length} tokens · {keys.length} keys · R={model.replicas}
        </span>
        <span className="spacer" />
        <button onClick={onClose} title="Close the ring panel">✕</button>
      </header>
      <div className="ring-body">
        <div className="ring-left">
          <svg className="ring-svg" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label="hash ring">
            <circle cx={C} cy={C} r={R} className="ring-base" />
            {feed.ghosts.flatMap((g) => g.arcs.map((a, i) => (
              <path key={`g-${g.node}-${g.time}-${i}`} d={arcPath(a, R)} className="ring-arc ghost" stroke={nodeColour(g.node)} />
            )))}
            {arcs.map((a) => {
              const joined = now - (model.members.get(a.node)?.firstSeen ?? 0) < ANIM_MS;
              return <path key={`a-${a.end}-${a.node}`} d={arcPath(a, R)} className={`ring-arc${joined ? " joined" : ""}`} stroke={nodeColour(a.node)} data-node={a.node} />;
            })}
            {ring.map(([pos, node]) => {
              const [x, y] = at(pos, R);
              return (
                <circle key={`t-${pos}-${node}`} cx={x} cy={y} r={5} className="ring-token" fill={nodeColour(node)} data-node={node}>
                  <title>{`${node} token ${hex(pos)}`}</title>
                </circle>
              );
            })}
            {keys.map((k) => {
              const chain = chainFor(k.hash, ring, model.replicas);
              const [x, y] = at(k.hash, R - 20);
              return (
                <g key={`k-${k.key}`} className="ring-key" onMouseEnter={() => setHover(k.key)} onMouseLeave={() => setHover(null)} data-key={k.key}>
                  {chain.slice(1).map((n, i) => {
                    const [rx, ry] = at(k.hash, R - 30 - i * 7);
                    return <circle key={n} cx={rx} cy={ry} r={2} fill={nodeColour(n)} className="ring-replica" />;
                  })}
                  <circle cx={x} cy={y} r={hover === k.key ? 6 : 3.5} fill={chain[0] ? nodeColour(chain[0]) : "#888"} className="key-dot" />
                </g>
              );
            })}
            {hovered && hoveredChain.map((n, i) => {
              const [x1, y1] = at(hovered.hash, R - 20), [x2, y2] = at(anchor(model, n, hovered.hash), R);
              return <line key={n} x1={x1} y1={y1} x2={x2} y2={y2} stroke={nodeColour(n)} className={i ? "chain-line replica" : "chain-line"} />;
            })}
            {recent.map((e) => {
              const k = e.key ? model.keys.get(e.key) : undefined;
              if (!k || !e.from || !e.to || !["handoff", "get", "put", "replicate", "value"].includes(e.kind)) return null;
              const [x1, y1] = at(anchor(model, e.from, k.hash), R + (e.kind === "get" || e.kind === "value" ? 14 : 0));
              const [x2, y2] = at(anchor(model, e.to, k.hash), R + (e.kind === "get" || e.kind === "value" ? 14 : 0));
              const style = { "--dx": `${x2 - x1}px`, "--dy": `${y2 - y1}px` } as React.CSSProperties;
              return (
                <g key={`e-${e.seq}`} className={`ring-flight ${e.kind}`}>
                  {(e.kind === "get" || e.kind === "value") && <line x1={x1} y1={y1} x2={x2} y2={y2} className="route" />}
                  <circle cx={x1} cy={y1} r={e.kind === "handoff" ? 5 : 4} fill={nodeColour(e.kind === "value" ? e.from : e.to)} style={style} />
                </g>
              );
            })}
            {members.map((m) => {
              // The label sits outside the middle of the node's longest arc.
              const longest = arcs.filter((a) => a.node === m.name).reduce<Arc | undefined>((b, a) => (!b || a.length > b.length ? a : b), undefined);
              const [x, y] = at(longest ? (longest.start + longest.length / 2) % RING_SIZE : 0, R + 28);
              return <text key={`l-${m.name}`} x={x} y={y} className="ring-label" fill={nodeColour(m.name)}>{m.name}</text>;
            })}
            <text x={C} y={C - 8} className="ring-center">{keys.length} keys</text>
            <text x={C} y={C + 10} className="ring-center small">0 … 2³² − 1, clockwise from the top</text>
          </svg>
          <p className="ring-note">
            Position = first 4 bytes of MD5(text), big-endian. Node N's tokens: MD5("N#0") … MD5("N#V−1"). A key belongs to the first
            token at or after its hash (its <b>owner</b>); the next {model.replicas} distinct nodes hold replicas (small dots).
          </p>
          <div className="ring-hover" aria-live="polite">
            {hovered ? (
              <>
                <b>{hovered.key}</b>{hovered.value !== undefined && <> = {hovered.value}</>} · hash {hex(hovered.hash)} ({((hovered.hash / RING_SIZE) * 100).toFixed(1)}% round) · chain{" "}
                {hoveredChain.map((n, i) => <span key={n} style={{ color: nodeColour(n) }}>{i ? " → " : ""}{n}{i ? "" : " (owner)"}</span>)}
              </>
            ) : (
              <span className="muted">Hover a key to see its hash and owner chain.</span>
            )}
          </div>
        </div>
        <div className="ring-right">
          <LoadChart model={model} />
          <Theory model={model} />
          <RingControls lab={lab} nodes={nodes.map((n) => n.name)} />
          <EventLog model={model} />
        </div>
      </div>
    </aside>
  );
}

function LoadChart({ model }: { model: RingModel }) {
  const load = model.load();
  const maxKeys = Math.max(1, ...load.map((l) => l.keys));
  return (
    <section className="ring-box">
      <h3>Load per node (what the nodes did)</h3>
      {load.length === 0 && <p className="muted">No heartbeats yet. Run <code>ring start</code> on the nodes.</p>}
      {load.map((l) => (
        <div key={l.node} className="bar-row" data-node={l.node} data-keys={l.keys}>
          <span className="bar-name" style={{ color: nodeColour(l.node) }}>{l.node}</span>
          <span className="bar-track"><span className="bar" style={{ width: `${(l.keys / maxKeys) * 100}%`, background: nodeColour(l.node) }} /></span>
          <span className="bar-text">{l.keys} keys · {(l.share * 100).toFixed(1)}% of ring · {l.copies} copies</span>
        </div>
      ))}
    </section>
  );
}

function Theory({ model }: { model: RingModel }) {
  const names = [...model.members.keys()].sort(byNodeName);
  const running = model.members.values().next().value?.tokens.length ?? 8;
  const [v, setV] = useState(running);
  const theory = useMemo(() => theorySpread(names, v), [names.join(), v]);
  const actual = spreadStats(model.load().map((l) => l.share), names.length);
  return (
    <section className="ring-box">
      <h3>Virtual nodes: theory vs the running ring</h3>
      <label className="row">
        V = <input type="range" min={1} max={64} value={v} onChange={(e) => setV(Number(e.target.value))} aria-label="virtual nodes per node" /> <b>{v}</b>
      </label>
      {names.length > 0 ? (
        <>
          <p className="small">
            With {names.length} nodes and V={v}, the biggest share would be <b>{theory.maxOverIdeal.toFixed(2)}×</b> the ideal 1/{names.length}
            (spread σ = {(theory.stddevOverIdeal * 100).toFixed(0)}% of ideal). The running nodes (V={running}): biggest{" "}
            <b>{actual.maxOverIdeal.toFixed(2)}×</b>, σ = {(actual.stddevOverIdeal * 100).toFixed(0)}%.
          </p>
          {names.map((n) => (
            <div key={n} className="bar-row">
              <span className="bar-name" style={{ color: nodeColour(n) }}>{n}</span>
              <span className="bar-track"><span className="bar theory" style={{ width: `${Math.min(100, (theory.shares.get(n) ?? 0) * names.length * 50)}%`, background: nodeColour(n) }} /></span>
              <span className="bar-text">{((theory.shares.get(n) ?? 0) * 100).toFixed(1)}% (ideal {(100 / names.length).toFixed(1)}%)</span>
            </div>
          ))}
        </>
      ) : (
        <p className="muted small">Needs members.</p>
      )}
    </section>
  );
}

function RingControls({ lab, nodes }: { lab: Lab; nodes: string[] }) {
  const [target, setTarget] = useState<string>("");
  const chosen = nodes.includes(target) ? target : nodes[nodes.length - 1] ?? "";
  const partitioned = lab.network.snapshot().partition;
  return (
    <section className="ring-box">
      <h3>Change the ring</h3>
      <div className="row wrap">
        <button onClick={() => nodes.forEach((n) => lab.node(n)?.sendConsole("ring start\n"))} title="Types `ring start` into every terminal">Start ring on all nodes</button>
        <button onClick={() => lab.addNode()} disabled={nodes.length >= 8} title="Boots another node; run `ring start` on it to join">+ Add node</button>
      </div>
      <div className="row wrap">
        <select value={chosen} onChange={(e) => setTarget(e.target.value)} aria-label="node to change">
          {nodes.map((n) => <option key={n}>{n}</option>)}
        </select>
        <button onClick={() => chosen && lab.node(chosen)?.sendConsole("ring stop\n")} disabled={!chosen}>ring stop</button>
        <button onClick={() => chosen && lab.removeNode(chosen)} disabled={!chosen} title="Powers the node off">Remove</button>
        <button onClick={() => chosen && lab.network.setPartition(Object.fromEntries(nodes.map((n) => [n, n === chosen ? "B" : "A"])))} disabled={!chosen}>Partition away</button>
        <button onClick={() => lab.network.healPartition()} disabled={!partitioned}>Heal</button>
      </div>
    </section>
  );
}

function EventLog({ model }: { model: RingModel }) {
  // The last few membership changes, then the last few keys moved.
  const membership = model.events.filter((e) => e.kind === "join" || e.kind === "leave").slice(-4);
  const moves = model.events.filter((e) => e.kind === "handoff").slice(-6);
  const shown = [...membership, ...moves].sort((a, b) => a.seq - b.seq).reverse();
  return (
    <section className="ring-box">
      <h3>Membership and moves</h3>
      <ul className="ring-events">
        {shown.map((e) => (
          <li key={e.seq}>
            {e.kind === "join" && <><b style={{ color: nodeColour(e.node!) }}>{e.node}</b> joined</>}
            {e.kind === "leave" && <><b style={{ color: nodeColour(e.node!) }}>{e.node}</b> {e.why === "left" ? "left" : "dropped (silent)"}</>}
            {e.kind === "handoff" && <>{e.key} moved {e.from} → <b style={{ color: nodeColour(e.to!) }}>{e.to}</b></>}
          </li>
        ))}
      </ul>
    </section>
  );
}
