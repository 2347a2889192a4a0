// The port table's drop total and hover breakdown (src/network/portCounters.ts), including the
// node-reported drops.noRxBuffer.
import { describe, expect, it } from "vitest";
import type { PortStats } from "../../../emulator/net/types";
import { DROP_LABELS, dropText, dropTotal } from "../../../src/network/portCounters";

const port = (drops: Partial<PortStats["drops"]>): PortStats => ({
  name: "node1",
  txFrames: 0, txBytes: 0, rxFrames: 0, rxBytes: 0,
  drops: { rateLimit: 0, queueFull: 0, oversize: 0, linkDown: 0, loss: 0, partition: 0, noRxBuffer: 0, ...drops },
} as PortStats);

describe("port counters", () => {
  it("no drops", () => {
    expect(dropTotal(port({}))).toBe(0);
    expect(dropText(port({}))).toBe("no drops");
  });
  it("counts the node's no-RX-buffer drops with the switch's own", () => {
    const p = port({ loss: 3, noRxBuffer: 2 });
    expect(dropTotal(p)).toBe(5);
    expect(dropText(p)).toBe("loss: 3\nno RX buffer (in the node): 2");
  });
  it("has a label for every drop reason", () => {
    expect(Object.keys(DROP_LABELS).sort()).toEqual(Object.keys(port({}).drops).sort());
  });
});
