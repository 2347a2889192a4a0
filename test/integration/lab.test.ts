// Three real Linux nodes on the switch: the lab sheet's C server and clients, the Python client,
// ping, and a partition that cuts node3 off and heals.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Lab } from "../../emulator/lab";
import { IMAGES } from "../helpers/booted-node";

let lab: Lab;
beforeAll(async () => {
  lab = new Lab(IMAGES);
  await lab.start(3);
}, 300_000);
afterAll(async () => lab?.stop());

describe("three nodes on one switch", () => {
  it("runs the C server on node1, the C client on node2 and the Python client on node3", async () => {
    const [n1, n2, n3] = ["node1", "node2", "node3"].map((n) => lab.node(n));
    await n1.type("server");
    await n1.waitFor(/8080/, 30_000);
    const c = await n2.run("client node1", 60_000);
    expect(c).toContain("Server response: Message received");
    const p = await n3.run("python3 /root/demos/client.py node1", 120_000);
    expect(p).toContain("Server response: Message received");
    await n1.waitFor(/Received message: Hello from Client[\s\S]*Received message: Hello from Python Client/, 30_000);
  }, 300_000);

  it("pings node3 from node1", async () => {
    const n1 = lab.node("node1");
    await n1.type("\x03"); // stop the server
    await n1.waitFor(/# (\x1b\[6n)?$/, 10_000, n1.console.output.length - 1).catch(() => {});
    const out = await n1.run("ping -c 3 node3", 60_000);
    expect(out).toMatch(/3 packets transmitted, 3 (packets )?received/);
    const stats = lab.switch.stats();
    expect(stats.find((s) => s.name === "node1")!.txFrames).toBeGreaterThan(3);
  }, 90_000);

  it("cuts node3 off with a partition and lets it talk again after the heal", async () => {
    const [n1, n3] = [lab.node("node1"), lab.node("node3")];
    await n1.type("server");
    await n1.waitFor(/8080/, 30_000, n1.console.output.length - 200);
    lab.switch.setPartitions([["node1", "node2"], ["node3"]]);
    const cut = await n3.run("client node1 8080 'during partition'; echo exit=$?", 60_000);
    expect(cut).toMatch(/timed out|timeout|No route|unreachable|refused|error/i);
    expect(cut).toMatch(/exit=[1-9]/);
    lab.switch.setPartitions(null);
    const healed = await n3.run("client node1 8080 'after heal'", 60_000);
    expect(healed).toContain("Server response: Message received");
  }, 180_000);
});
