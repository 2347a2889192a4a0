// Real OpenSBI + Linux boot under Node, in a worker, through the node API.
import { describe, it, expect, afterAll } from "vitest";
import { bootNode, type BootedNode } from "../helpers/booted-node";

let node: BootedNode | undefined;
afterAll(async () => node?.terminate());

describe("Linux boot", () => {
  it("boots to a shell prompt and reports a riscv64 Sv39 hart with our ISA", async () => {
    node = await bootNode();
    await node.waitFor(/root@node1:~# /, 120_000);
    expect(node.output()).toContain("OpenSBI v1.6");
    expect(node.output()).toMatch(/Linux version 6\.12\./);
    expect((await node.run("uname -m")).trim()).toBe("riscv64");
    const cpuinfo = await node.run("cat /proc/cpuinfo");
    expect(cpuinfo).toMatch(/^isa\s*:\s*rv64imafdc_zicntr_zicsr_zifencei\S*_sstc/m);
    expect(cpuinfo).toMatch(/^mmu\s*:\s*sv39/m);
  }, 180_000);

  it("leaves at least 64 MiB of 128 MiB free after boot", async () => {
    const free = await node!.run("free -k");
    const m = /Mem:\s+(\d+)\s+(\d+)\s+(\d+)/.exec(free);
    expect(m, free).not.toBeNull();
    expect(Number(m![3])).toBeGreaterThanOrEqual(64 * 1024);
  }, 60_000);

  it("runs CPython and imports every module a student and the demos need", async () => {
    const out = await node!.run("python3 /usr/lib/hartnet/import-check.py", 120_000);
    expect(out).toContain("IMPORT-CHECK OK");
  }, 150_000);

  it("powers off cleanly from the guest", async () => {
    await node!.api.sendConsole("poweroff\n");
    const deadline = Date.now() + 60_000;
    while (!node!.states.some((s) => s.state === "halted") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(node!.states.map((s) => s.state)).toContain("halted");
  }, 70_000);
});

describe("a guest kernel panic", () => {
  it("is reported as such, with the reason", async () => {
    const n = await bootNode({ extraBootargs: "rdinit=/does-not-exist panic=0" });
    try {
      const deadline = Date.now() + 120_000;
      while (!n.states.some((s) => s.state === "crashed") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const crash = n.states.find((s) => s.state === "crashed");
      expect(crash?.detail).toMatch(/Kernel panic - not syncing/);
    } finally {
      await n.terminate();
    }
  }, 150_000);
});
