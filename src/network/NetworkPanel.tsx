import { useState } from "react";
import type { NetworkModel } from "./networkModel";
import { useNetwork } from "./useNetwork";
import { PacketList } from "./PacketList";
import { PortTable } from "./PortTable";
import { LinkControls } from "./LinkControls";
import { PartitionControls } from "./PartitionControls";
import { CaptureButton } from "./CaptureButton";

type SideTab = "counters" | "links" | "partition";

/** The switch's view: live packets on the left, counters / link faults / partitions on the right. */
export function NetworkPanel(props: { network: NetworkModel; nodes: string[]; open: boolean; onToggle: () => void }) {
  const { network, nodes, open, onToggle } = props;
  const snap = useNetwork(network);
  const [tab, setTab] = useState<SideTab>("counters");
  return (
    <section className="panel network-panel" aria-label="network">
      <header className="panel-head">
        <button className="collapse" onClick={onToggle} aria-expanded={open} title={open ? "Collapse the network panel" : "Show the network panel"}>
          {open ? "▾" : "▸"} Network
        </button>
        <span className="muted">
          Ethernet switch · {snap.ports.length} ports · {snap.totalPackets} frames{snap.partition ? " · partitioned" : ""}
        </span>
        <span className="spacer" />
        <CaptureButton network={network} />
      </header>
      {open && (
        <div className="panel-body network-body">
          <PacketList network={network} packets={snap.packets} nodes={nodes} />
          <div className="side">
            <nav className="tabs" role="tablist">
              {(["counters", "links", "partition"] as const).map((t) => (
                <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? "active" : ""} onClick={() => setTab(t)}>
                  {t === "counters" ? "Port counters" : t === "links" ? "Link faults" : "Partition"}
                </button>
              ))}
            </nav>
            <div className="tab-body">
              {tab === "counters" && <PortTable ports={snap.ports} />}
              {tab === "links" && <LinkControls network={network} nodes={nodes} links={snap.links} pairLinks={snap.pairLinks} />}
              {tab === "partition" && <PartitionControls network={network} nodes={nodes} partition={snap.partition} />}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
