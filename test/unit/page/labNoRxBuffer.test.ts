// emulator/lab.ts feeds each node's virtio-net rxDropsNoBuffer (NodeApi.stats().net) to the
// switch's PortStats.drops.noRxBuffer, every second until stop(). Fake nodes stand in for workers.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Lab, type LabNode } from "../../../emulator/lab";

afterEach(() => vi.useRealTimers());

function fakeNode(lab: Lab, name: string, net: () => Record<string, unknown> | undefined): { terminated: boolean } {
  const state = { terminated: false };
  lab.switch.addPort(name, () => {});
  const node = {
    n: lab.nodes.length + 1,
    name,
    spawned: {
      api: { stats: async () => ({ instret: "0", busyMs: 0, idleMs: 0, state: "running", consoleTail: "", net: net() }) },
      terminate: async () => void (state.terminated = true),
    },
  } as unknown as LabNode;
  lab.nodes.push(node);
  return state;
}

const noRx = (lab: Lab, name: string) => lab.switch.stats().find((p) => p.name === name)!.drops.noRxBuffer;

describe("Lab: a node's RX drops reach the switch", () => {
  it("each poll copies rxDropsNoBuffer into the port's drops.noRxBuffer", async () => {
    const lab = new Lab("/nonexistent");
    let drops = 3;
    fakeNode(lab, "node1", () => ({ rxFrames: 10, rxDropsNoBuffer: drops }));
    fakeNode(lab, "node2", () => undefined); // no network card
    fakeNode(lab, "node3", () => {
      throw new Error("worker gone");
    });
    await lab.pollNetStats();
    expect(noRx(lab, "node1")).toBe(3);
    expect(noRx(lab, "node2")).toBe(0);
    expect(noRx(lab, "node3")).toBe(0);
    drops = 8;
    await lab.pollNetStats();
    expect(noRx(lab, "node1")).toBe(8);
    await lab.stop();
  });

  it("polls every second once nodes are started, and stop() ends it", async () => {
    vi.useFakeTimers();
    const lab = new Lab("/nonexistent");
    let drops = 1;
    const calls = { n: 0 };
    const state = fakeNode(lab, "node1", () => (calls.n++, { rxDropsNoBuffer: drops }));
    (lab as unknown as { startNetStats(): void }).startNetStats(); // what start() does after booting
    await vi.advanceTimersByTimeAsync(1000);
    expect(noRx(lab, "node1")).toBe(1);
    drops = 5;
    await vi.advanceTimersByTimeAsync(1000);
    expect(noRx(lab, "node1")).toBe(5);
    await lab.stop();
    expect(state.terminated).toBe(true);
    const after = calls.n;
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.n).toBe(after);
  });
});
