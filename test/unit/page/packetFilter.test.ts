// The packet list's filter and route labels (src/network/packetFilter.ts).
import { describe, expect, it } from "vitest";
import type { TapRecord } from "../../../emulator/net/types";
import type { SwitchTapRecord } from "../../../emulator/net/switch";
import { PROTOCOLS, matches, route, routeTitle } from "../../../src/network/packetFilter";

function rec(over: Partial<SwitchTapRecord>): SwitchTapRecord {
  return { seq: 1, time: 0, inPort: "node1", outPorts: ["node2"], length: 60, frame: new Uint8Array(60), summary: "", protocol: "icmp", layers: [], ...over } as SwitchTapRecord;
}

describe("matches", () => {
  const r = rec({ inPort: "node1", outPorts: ["node2"], protocol: "tcp" });
  it("an empty filter matches everything", () => {
    expect(matches(r, { node: "", protocol: "" })).toBe(true);
  });
  it("filters by protocol", () => {
    expect(matches(r, { node: "", protocol: "tcp" })).toBe(true);
    expect(matches(r, { node: "", protocol: "udp" })).toBe(false);
  });
  it("filters by node: the sender or a receiver", () => {
    expect(matches(r, { node: "node1", protocol: "" })).toBe(true);
    expect(matches(r, { node: "node2", protocol: "" })).toBe(true);
    expect(matches(r, { node: "node3", protocol: "" })).toBe(false);
    const flooded = rec({ inPort: "node2", outPorts: ["node1", "node3"], protocol: "arp" });
    expect(matches(flooded, { node: "node3", protocol: "arp" })).toBe(true);
    expect(matches(flooded, { node: "node3", protocol: "tcp" })).toBe(false);
  });
  it("a dropped frame matches its sender only", () => {
    const d = rec({ inPort: "node3", outPorts: [], dropped: "partition" });
    expect(matches(d, { node: "node3", protocol: "" })).toBe(true);
    expect(matches(d, { node: "node1", protocol: "" })).toBe(false);
  });
});

describe("route labels", () => {
  it("one receiver", () => {
    expect(route(rec({}))).toBe("node1 → node2");
    expect(routeTitle(rec({}))).toBe("node1 → node2");
  });
  it("flooded to several ports", () => {
    const r = rec({ outPorts: ["node2", "node3"] });
    expect(route(r)).toBe("node1 → all (2)");
    expect(routeTitle(r)).toBe("node1 → node2, node3");
  });
  it("dropped at the switch", () => {
    const r = rec({ outPorts: [], dropped: "loss" });
    expect(route(r)).toBe("node1 ✕ loss");
    expect(routeTitle(r)).toBe("node1: dropped (loss)");
  });
  it("delivered to some ports, lost on others", () => {
    const r = rec({ outPorts: ["node2"], outDrops: [{ port: "node3", reason: "loss" }] } as Partial<SwitchTapRecord>);
    expect(route(r)).toBe("node1 → node2 (✕1)");
    expect(routeTitle(r)).toBe("node1 → node2; not to node3 (loss)");
  });
  it("delivered nowhere without a drop reason", () => {
    const r = rec({ outPorts: [] });
    expect(route(r)).toBe("node1 → –");
    expect(routeTitle(r)).toBe("node1 → nowhere");
  });
  it("offers every protocol the decoder produces", () => {
    const all: TapRecord["protocol"][] = ["arp", "icmp", "tcp", "udp", "ipv4", "ipv6", "other"];
    expect([...PROTOCOLS].sort()).toEqual([...all].sort());
  });
});
