// The ring visualizer's model (emulator/ring/model.ts), its MD5 and the ring dissector. The model is
// fed the frames recorded by test/integration/ring.test.ts (test/fixtures/ring-4nodes.pcap) and must
// name the same owner for every key as the nodes themselves reported (ring-4nodes.expected.json).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { md5Hex, ringHash } from "../../emulator/ring/md5";
import { RingModel, arcsOf, chainFor, makeRing, sharesOf, theorySpread, tokensFor, RING_SIZE, type Token } from "../../emulator/ring/model";
import { createFrameDecoder } from "../../emulator/net/decode/index";
import { registerRingDissectors, parseRingMessages, ringSegment } from "../../emulator/net/decode/ring";
import { readPcap } from "../../emulator/net/pcap";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

describe("md5", () => {
  it("gives the RFC 1321 test suite's digests", () => {
    const suite: [string, string][] = [
      ["", "d41d8cd98f00b204e9800998ecf8427e"],
      ["a", "0cc175b9c0f1b6a831c399e269772661"],
      ["abc", "900150983cd24fb0d6963f7d28e17f72"],
      ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
      ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
      ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"],
      ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"],
    ];
    for (const [input, digest] of suite) expect(md5Hex(input), JSON.stringify(input)).toBe(digest);
  });

  it("pads correctly around the 56-byte boundary and hashes UTF-8", () => {
    // Digests from Python's hashlib.md5.
    expect(md5Hex("x".repeat(55))).toBe("04364420e25c512fd958a70738aa8f72");
    expect(md5Hex("x".repeat(56))).toBe("668a72d5ba17f08e62dabcafad6db14b");
    expect(md5Hex("x".repeat(64))).toBe("c1bb4f81d892b2d57947682aeb252456");
    expect(md5Hex("é")).toBe(md5Hex(new Uint8Array([0xc3, 0xa9])));
  });

  it("places names and keys where ring.py does (first 4 bytes, big-endian)", () => {
    // From the guest: `ring status` on node1 lists token f45f9c96 for node1, and key k21 at 1235f961.
    expect(ringHash("node1#0")).toBe(0xf45f9c96);
    expect(ringHash("k21")).toBe(0x1235f961);
    expect(tokensFor("node2", 8).map((t) => t.toString(16).padStart(8, "0")).sort()).toEqual(
      ["1154b8bc", "1c51c418", "29391b09", "337f04b2", "78758127", "93d30a60", "a9436cf2", "fc43656e"],
    );
  });
});

describe("ring arithmetic", () => {
  const ring: Token[] = makeRing([[100, "a"], [200, "b"], [300, "a"], [400, "c"]]);

  it("gives a key to the first token at or after its hash, wrapping past the top", () => {
    expect(chainFor(150, ring, 0)).toEqual(["b"]);
    expect(chainFor(200, ring, 0)).toEqual(["b"]);          // exactly on a token: that token
    expect(chainFor(401, ring, 0)).toEqual(["a"]);          // past the last token: wrap to the first
    expect(chainFor(0, ring, 0)).toEqual(["a"]);
  });

  it("collects R distinct successors as replicas", () => {
    expect(chainFor(150, ring, 1)).toEqual(["b", "a"]);
    expect(chainFor(150, ring, 2)).toEqual(["b", "a", "c"]);
    expect(chainFor(150, ring, 5)).toEqual(["b", "a", "c"]);  // no more nodes than exist
    expect(chainFor(5, [], 2)).toEqual([]);
  });

  it("cuts the circle into arcs (previous token, token] whose lengths sum to 2^32", () => {
    const arcs = arcsOf(ring);
    expect(arcs.map((a) => [a.start, a.end, a.node])).toEqual([[400, 100, "a"], [100, 200, "b"], [200, 300, "a"], [300, 400, "c"]]);
    expect(arcs[0]!.length).toBe(RING_SIZE - 300);
    expect(arcs.reduce((s, a) => s + a.length, 0)).toBe(RING_SIZE);
    const shares = sharesOf(ring);
    expect(shares.get("b")).toBeCloseTo(100 / RING_SIZE);
    expect([...shares.values()].reduce((s, x) => s + x, 0)).toBeCloseTo(1);
    expect(arcsOf(makeRing([[7, "solo"]]))[0]!.length).toBe(RING_SIZE);
  });

  it("spreads load more evenly with more virtual nodes", () => {
    const names = ["node1", "node2", "node3", "node4"];
    const one = theorySpread(names, 1), many = theorySpread(names, 64);
    expect(many.stddevOverIdeal).toBeLessThan(one.stddevOverIdeal);
    expect([...many.shares.values()].reduce((s, x) => s + x, 0)).toBeCloseTo(1);
  });
});

interface Expected { before: Record<string, string>; after: Record<string, string>; values: Record<string, string> }

describe("the model fed with the integration test's frames", () => {
  const pcap = readPcap(readFileSync(`${FIXTURES}ring-4nodes.pcap`));
  const expected = JSON.parse(readFileSync(`${FIXTURES}ring-4nodes.expected.json`, "utf8")) as Expected;
  const isLeave = (frame: Uint8Array) => {
    const seg = ringSegment(frame);
    return !!seg && parseRingMessages(seg.payload).some((m) => m.type === "leave");
  };

  it("names the owner the nodes reported for every key, with four nodes and after node2 left", () => {
    const model = new RingModel();
    const firstLeave = pcap.records.findIndex((r) => isLeave(r.frame));
    expect(firstLeave).toBeGreaterThan(0);
    pcap.records.slice(0, firstLeave).forEach((r) => model.feed({ time: r.timeMs, frame: r.frame }));
    expect([...model.members.keys()].sort()).toEqual(["node1", "node2", "node3", "node4"]);
    expect(model.keys.size).toBe(100);
    for (const [key, owner] of Object.entries(expected.before)) expect(model.owner(key), key).toBe(owner);
    for (const [key, value] of Object.entries(expected.values)) expect(model.keys.get(key)?.value).toBe(value);

    pcap.records.slice(firstLeave).forEach((r) => model.feed({ time: r.timeMs, frame: r.frame }));
    expect([...model.members.keys()].sort()).toEqual(["node1", "node3", "node4"]);
    for (const [key, owner] of Object.entries(expected.after)) expect(model.owner(key), key).toBe(owner);
    expect(model.events.some((e) => e.kind === "leave" && e.node === "node2")).toBe(true);
    expect(model.events.some((e) => e.kind === "handoff")).toBe(true);

    const load = model.load();
    expect(load.map((l) => l.node)).toEqual(["node1", "node3", "node4"]);
    expect(load.reduce((s, l) => s + l.keys, 0)).toBe(100);
    expect(load.reduce((s, l) => s + l.share, 0)).toBeCloseTo(1);
  });

  it("rebuilds members and tokens from heartbeats alone when opened late", () => {
    const model = new RingModel();
    const start = pcap.records.length - 40;   // the last few seconds
    pcap.records.slice(start).forEach((r) => model.feed({ time: r.timeMs, frame: r.frame }));
    expect([...model.members.keys()].sort()).toEqual(["node1", "node3", "node4"]);
    expect(model.members.get("node3")!.tokens).toEqual(tokensFor("node3", 8));
  });

  it("drops a node whose heartbeats reach nobody (partitioned away) after 4 s", () => {
    const model = new RingModel();
    pcap.records.forEach((r) => model.feed({ time: r.timeMs, frame: r.frame }));
    const end = pcap.records.at(-1)!.timeMs;
    const heartbeatOf = (node: string) =>
      [...pcap.records].reverse().find((r) => { const seg = ringSegment(r.frame); return !!seg && parseRingMessages(seg.payload).some((m) => m.type === "heartbeat" && m.node === node); })!;
    // Replay the last heartbeats for 6 more seconds: node3's are dropped by the switch (no out ports).
    for (let s = 1; s <= 6; s++)
      for (const node of ["node1", "node3", "node4"])
        model.feed({ time: end + s * 1000, frame: heartbeatOf(node).frame, outPorts: node === "node3" ? [] : ["x"], dropped: node === "node3" ? "partition" : undefined });
    expect([...model.members.keys()].sort()).toEqual(["node1", "node4"]);
    expect(model.events.at(-1)).toMatchObject({ kind: "leave", node: "node3", why: "silent" });
    for (const key of model.keys.keys()) expect(["node1", "node4"]).toContain(model.owner(key));
  });

  it("decodes the frames into readable RING summaries", () => {
    const decoder = createFrameDecoder();
    registerRingDissectors(decoder);
    const summaries = pcap.records.map((r) => decoder.decode(r.frame).summary);
    expect(summaries.find((s) => s.startsWith("RING heartbeat node2"))).toMatch(/^RING heartbeat node2 tokens=8 keys=\d+$/);
    expect(summaries.some((s) => /^RING put k\d+ node1 → node\d$/.test(s))).toBe(true);
    expect(summaries.some((s) => /^RING replicate k\d+ node\d → node\d chain=node\d,node\d,node\d$/.test(s))).toBe(true);
    expect(summaries.some((s) => /^RING get k\d+ node4 → node\d$/.test(s))).toBe(true);
    expect(summaries).toContain("RING leave node2");
  });
});
