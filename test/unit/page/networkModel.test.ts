// The page's NetworkModel without a DOM: pair link settings reach the switch and the snapshot, and a
// node's reported virtio-net rxDropsNoBuffer shows up in the port counters (PortStats.drops.noRxBuffer).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MessageChannel } from "node:worker_threads";
import { NetworkModel } from "../../../src/network/networkModel";

let channels: MessageChannel[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  channels = [];
});
afterEach(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
  vi.useRealTimers();
});

function connect(model: NetworkModel, name: string): void {
  const c = new MessageChannel();
  channels.push(c);
  model.hook().connect(name, c.port1 as unknown as MessagePort);
}

describe("NetworkModel", () => {
  it("feeds a node's reported rxDropsNoBuffer to the switch's port counters", () => {
    const model = new NetworkModel();
    connect(model, "node1");
    connect(model, "node2");
    const hook = model.hook();
    hook.reportNetStats!("node1", { rxFrames: 10, rxDropsNoBuffer: 4 });
    vi.advanceTimersByTime(1000); // the 1 s counters refresh
    const ports = model.snapshot().ports;
    expect(ports.find((p) => p.name === "node1")!.drops.noRxBuffer).toBe(4);
    expect(ports.find((p) => p.name === "node2")!.drops.noRxBuffer).toBe(0);
    // A total, not an increment; net stats without the counter change nothing; unknown ports are ignored.
    hook.reportNetStats!("node1", { rxDropsNoBuffer: 6 });
    hook.reportNetStats!("node2", {});
    hook.reportNetStats!("node9", { rxDropsNoBuffer: 1 });
    vi.advanceTimersByTime(1000);
    expect(model.snapshot().ports.find((p) => p.name === "node1")!.drops.noRxBuffer).toBe(6);
    expect(model.snapshot().ports.find((p) => p.name === "node2")!.drops.noRxBuffer).toBe(0);
  });

  it("sets and resets pair links in the snapshot", () => {
    const model = new NetworkModel();
    model.setPairLink("node3", "node1", { lossPercent: 100 });
    expect(model.snapshot().pairLinks).toEqual([{ a: "node1", b: "node3", params: { lossPercent: 100 } }]);
    model.setPairLink("node1", "node2", { up: false });
    expect(model.snapshot().pairLinks).toHaveLength(2);
    model.resetPairLink("node1", "node3");
    expect(model.snapshot().pairLinks).toEqual([{ a: "node1", b: "node2", params: { up: false } }]);
    expect(() => model.setPairLink("node1", "node2", { lossPercent: 101 })).toThrow();
  });
});
