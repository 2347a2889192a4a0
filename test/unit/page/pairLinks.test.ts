// The per-pair link controls' pure helpers (src/network/pairLinks.ts).
import { describe, expect, it } from "vitest";
import { describeLink, isIdealLink, noRxBufferDrops, orderedPair, pairsAmong, parseField, withPairLink } from "../../../src/network/pairLinks";

describe("pair link helpers", () => {
  it("orders a pair the same way either way round", () => {
    expect(orderedPair("node3", "node1")).toEqual(["node1", "node3"]);
    expect(orderedPair("node1", "node3")).toEqual(["node1", "node3"]);
  });

  it("knows ideal parameters (the switch's notion: up, no delay, no loss, unlimited)", () => {
    expect(isIdealLink({})).toBe(true);
    expect(isIdealLink({ up: true, latencyMs: 0, jitterMs: 0, lossPercent: 0, bandwidthKbps: undefined })).toBe(true);
    expect(isIdealLink({ up: false })).toBe(false);
    expect(isIdealLink({ lossPercent: 100 })).toBe(false);
    expect(isIdealLink({ bandwidthKbps: 0 })).toBe(false);
  });

  it("describes a setting in one line", () => {
    expect(describeLink({})).toBe("ideal");
    expect(describeLink({ up: false, lossPercent: 50 })).toBe("down");
    expect(describeLink({ lossPercent: 100 })).toBe("100% loss");
    expect(describeLink({ latencyMs: 50, jitterMs: 10, lossPercent: 5, bandwidthKbps: 100 })).toBe("50±10 ms · 5% loss · 100 kbit/s");
    expect(describeLink({ jitterMs: 7 })).toBe("0±7 ms");
  });

  it("sets, replaces (in either order) and resets a pair, keeping the list sorted", () => {
    let list = withPairLink([], "node3", "node1", { lossPercent: 100 });
    expect(list).toEqual([{ a: "node1", b: "node3", params: { lossPercent: 100 } }]);
    list = withPairLink(list, "node1", "node2", { latencyMs: 20 });
    expect(list.map((p) => `${p.a}|${p.b}`)).toEqual(["node1|node2", "node1|node3"]);
    list = withPairLink(list, "node1", "node3", { up: false });
    expect(list).toHaveLength(2);
    expect(list[1]).toEqual({ a: "node1", b: "node3", params: { up: false } });
    list = withPairLink(list, "node3", "node1", {});
    expect(list).toEqual([{ a: "node1", b: "node2", params: { latencyMs: 20 } }]);
    expect(() => withPairLink(list, "node2", "node2", { lossPercent: 1 })).toThrow(/two different nodes/);
  });

  it("does not mutate the list or the params it was given", () => {
    const params = { lossPercent: 10 };
    const before = withPairLink([], "node1", "node2", params);
    const after = withPairLink(before, "node1", "node2", {});
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(0);
    params.lossPercent = 99;
    expect(before[0]!.params.lossPercent).toBe(10);
  });

  it("lists only pairs whose nodes are both on the page", () => {
    const list = withPairLink(withPairLink([], "node1", "node4", { lossPercent: 1 }), "node1", "node2", { lossPercent: 2 });
    expect(pairsAmong(list, ["node1", "node2", "node3"]).map((p) => p.b)).toEqual(["node2"]);
  });

  it("parses number fields: empty = unset, clamped, junk = the minimum", () => {
    expect(parseField("", 0, 100)).toBeUndefined();
    expect(parseField("  ", 0, 100)).toBeUndefined();
    expect(parseField("42", 0, 100)).toBe(42);
    expect(parseField("150", 0, 100)).toBe(100);
    expect(parseField("-5", 0, 100)).toBe(0);
    expect(parseField("abc", 0, 100)).toBe(0);
  });

  it("reads rxDropsNoBuffer from a node's net stats", () => {
    expect(noRxBufferDrops({ rxDropsNoBuffer: 7, rxFrames: 3 })).toBe(7);
    expect(noRxBufferDrops({ rxDropsNoBuffer: 0 })).toBe(0);
    expect(noRxBufferDrops(undefined)).toBeUndefined();
    expect(noRxBufferDrops({})).toBeUndefined();
    expect(noRxBufferDrops({ rxDropsNoBuffer: "7" })).toBeUndefined();
    expect(noRxBufferDrops({ rxDropsNoBuffer: -1 })).toBeUndefined();
  });
});
