// A paused node on the network: the switch keeps delivering frames to it while its hart is stopped
// by the debugger. They land in the guest's posted receive buffers, then in the device's bounded
// backlog (64 frames), and beyond that are dropped and counted; nothing queues without bound. After
// resume the node answers pings again.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Lab } from "../../emulator/lab";
import { IMAGES } from "../helpers/booted-node";

let lab: Lab;
beforeAll(async () => {
  lab = new Lab(IMAGES);
  await lab.start(2);
}, 300_000);
afterAll(async () => lab?.stop());

describe("a paused node on the switch", () => {
  it("queues frames boundedly while paused, drops the excess, and answers pings after resume", async () => {
    const [n1, n2] = [lab.node("node1"), lab.node("node2")];
    const api2 = n2.spawned.api;
    // warm up: node1 learns node2's MAC (ARP) and python is paged in
    expect(await n1.run("ping -c 1 -W 5 node2", 60_000)).toMatch(/1 packets received|1 received/);
    await n1.run("python3 -c 1", 120_000);
    await n1.run("ping -c 1 -W 5 node2", 60_000);

    await api2.debugPause();
    const before = (await api2.debugNetQueue())!;
    expect((await api2.debugState()).state).toBe("paused");
    // a burst of 600 UDP datagrams at the paused node: more than its posted buffers plus the backlog
    await n1.run(`python3 -c "import socket;s=socket.socket(2,2);[s.sendto(b'x'*1000,('node2',9)) for i in range(600)]"`, 120_000);
    // pings from node1 get no answer while node2 is paused
    const ping = await n1.run("ping -c 3 -W 1 node2; echo exit=$?", 60_000);
    expect(ping).toMatch(/exit=1/);
    expect(ping).toMatch(/0 packets received|0 received|100% packet loss/);
    await new Promise((r) => setTimeout(r, 500));
    const during = (await api2.debugNetQueue())!;
    expect((await api2.debugState()).state).toBe("paused");
    // frames arrived while paused: written into posted buffers or held, and the excess dropped
    const arrived = during.stats.rxFrames - before.stats.rxFrames + during.backlog + (during.stats.rxDropsNoBuffer - before.stats.rxDropsNoBuffer);
    expect(arrived).toBeGreaterThan(100);
    expect(during.backlog).toBeGreaterThan(0);
    expect(during.backlog).toBeLessThanOrEqual(64);
    expect(during.stats.rxDropsNoBuffer).toBeGreaterThan(before.stats.rxDropsNoBuffer);
    const net = (await api2.stats()).net as Record<string, number>;
    expect(net.rxDropsNoBuffer).toBe(during.stats.rxDropsNoBuffer);
    console.log("paused node2 rx:", JSON.stringify({ before, during }));

    await api2.resume();
    const after = await n1.run("ping -c 3 -W 2 node2", 60_000);
    expect(after).toMatch(/3 packets received|3 received/);
    // the backlog drained once the guest ran again
    expect((await api2.debugNetQueue())!.backlog).toBe(0);
  }, 400_000);
});
