// The live packet list: a virtualised table (only the visible rows are in the DOM) over the last
// PACKET_LIMIT frames, with node/protocol filters and a pane with the selected frame's decode.

import { useEffect, useMemo, useRef, useState } from "react";
import type { TapRecord } from "../../emulator/net/types";
import type { NetworkModel } from "./networkModel";
import { matches, PROTOCOLS, route, routeTitle, type PacketFilter } from "./packetFilter";
import { PacketDetail } from "./PacketDetail";

const ROW_PX = 22;
const OVERSCAN = 8;

export function PacketList({ network, packets, nodes }: { network: NetworkModel; packets: readonly TapRecord[]; nodes: string[] }) {
  const [filter, setFilter] = useState<PacketFilter>({ node: "", protocol: "" });
  const [selected, setSelected] = useState<number | undefined>();
  const [frozen, setFrozen] = useState(false);
  const rows = useMemo(() => packets.filter((r) => matches(r, filter)), [packets, filter]);
  const chosen = rows.find((r) => r.seq === selected) ?? packets.find((r) => r.seq === selected);

  const freeze = (on: boolean) => {
    setFrozen(on);
    network.setFrozen(on);
  };

  return (
    <div className="packets">
      <div className="toolbar">
        <label>
          node{" "}
          <select value={filter.node} onChange={(e) => setFilter({ ...filter, node: e.target.value })} aria-label="filter by node">
            <option value="">all</option>
            {nodes.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          protocol{" "}
          <select value={filter.protocol} onChange={(e) => setFilter({ ...filter, protocol: e.target.value })} aria-label="filter by protocol">
            <option value="">all</option>
            {PROTOCOLS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <button className="small" onClick={() => freeze(!frozen)} aria-pressed={frozen} title="Stop adding new frames to the list (the capture continues)">
          {frozen ? "▶ Live" : "❚❚ Freeze"}
        </button>
        <button className="small" onClick={() => network.clearPackets()}>
          Clear
        </button>
        <span className="muted">
          {rows.length} shown{packets.length >= 1000 ? " (last 1000 frames)" : ""}
        </span>
      </div>
      <div className="packet-split">
        <VirtualRows rows={rows} selected={selected} onSelect={setSelected} />
        {chosen && <PacketDetail record={chosen} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}

function VirtualRows({ rows, selected, onSelect }: { rows: TapRecord[]; selected?: number; onSelect: (seq: number) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 300 });
  const follow = useRef(true);

  // Keep showing the newest frames while the list is scrolled to its end.
  useEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [rows]);

  useEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setScroll({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = box.current!;
    follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  };

  const first = Math.max(0, Math.floor(scroll.top / ROW_PX) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll.top + scroll.height) / ROW_PX) + OVERSCAN);
  return (
    <div className="packet-rows" ref={box} onScroll={onScroll} role="grid" aria-label="packets" aria-rowcount={rows.length}>
      <div className="packet-row head" role="row">
        <span>#</span>
        <span>time (s)</span>
        <span>route</span>
        <span>proto</span>
        <span>len</span>
        <span>summary</span>
      </div>
      {rows.length === 0 && <p className="muted pad">No frames yet. Try <code>ping -c 3 node2</code> in node1’s terminal.</p>}
      <div style={{ height: rows.length * ROW_PX, position: "relative" }}>
        {rows.slice(first, last).map((r, i) => (
          <div
            key={r.seq}
            role="row"
            className={`packet-row proto-${r.protocol} ${r.dropped ? "dropped" : ""} ${r.seq === selected ? "selected" : ""}`}
            style={{ top: (first + i) * ROW_PX }}
            onClick={() => onSelect(r.seq)}
            aria-selected={r.seq === selected}
          >
            <span className="num">{r.seq}</span>
            <span className="num">{(r.time / 1000).toFixed(3)}</span>
            <span title={routeTitle(r)}>{route(r)}</span>
            <span className="proto">{r.protocol.toUpperCase()}</span>
            <span className="num">{r.length}</span>
            <span className="summary" title={r.summary}>
              {r.summary}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
