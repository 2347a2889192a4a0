// The debugger on real nodes (OpenSBI + Linux in workers): pausing one node freezes its guest time
// (CLINT mtime) while another keeps running; stepping a paused node into a user process and walking
// its pc with the core's walker; trap log, satp history, TLB and disassembly through the user's satp.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bootNode, IMAGES, type BootedNode } from "../helpers/booted-node";

let a: BootedNode;
let b: BootedNode;

beforeAll(async () => {
  [a, b] = await Promise.all([bootNode(), bootNode()]);
  await Promise.all([a.waitFor(/root@node1:~# /, 180_000), b.waitFor(/root@node1:~# /, 180_000)]);
}, 240_000);
afterAll(async () => {
  await a?.terminate?.();
  await b?.terminate?.();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("debugger on a booted node", () => {
  it("pausing freezes the paused node's mtime while the other node's keeps advancing", async () => {
    await a.api.debugPause();
    const a0 = BigInt(await a.api.debugMtime());
    const b0 = BigInt(await b.api.debugMtime());
    await sleep(1200);
    expect(BigInt(await a.api.debugMtime())).toBe(a0);
    expect(BigInt(await b.api.debugMtime())).toBeGreaterThan(b0 + 1_000_000n); // 10 MHz timebase: > 0.1 s
    // stepping while paused does not move guest time either
    await a.api.debugStep(200);
    expect(BigInt(await a.api.debugMtime())).toBe(a0);
    await a.api.resume();
  }, 30_000);

  it("stops in a user process on a priv-change stop and walks its pc with the core's walker", async () => {
    expect(await a.api.debugSetSymbols(readFileSync(join(IMAGES, "System.map"), "utf8"))).toBeGreaterThan(10000);
    await a.api.sendConsole("while true; do :; done &\n");
    await sleep(500);
    await a.api.debugSetPrivStop(true);
    let st = await a.api.debugState();
    for (let i = 0; i < 50 && (st.priv !== "U" || st.state !== "paused"); i++) {
      await a.api.resume();
      await sleep(20);
      await a.api.debugPause();
      st = await a.api.debugState();
    }
    await a.api.debugSetPrivStop(false);
    expect(st.priv).toBe("U");
    expect(st.state).toBe("paused");
    const regs = await a.api.debugRegisters();
    const satp = regs.csrs.find((c) => c.name === "satp")!;
    expect(satp.summary).toMatch(/^Sv39 ASID \d+, root table at 0x8/);
    const w = await a.api.debugWalk(st.pc, "fetch", undefined, 0);
    expect(w.ok).toBe(true);
    expect(w.steps.filter((s) => s.kind === "level").length).toBeGreaterThanOrEqual(1);
    expect(w.pa! >= 0x8000_0000n).toBe(true);
    expect(w.pa! & 0xfffn).toBe(BigInt(st.pc) & 0xfffn);
    // the bytes at the walked PA are the instruction the disassembler shows at pc
    const dis = await a.api.debugDisassembly(st.pc, 4, 4);
    const cur = dis.find((d) => d.current)!;
    expect(cur.pc).toBe(st.pc);
    const raw = await a.api.readPhysical("0x" + w.pa!.toString(16), 2);
    expect(parseInt(cur.bytes.slice(-4), 16) & 0xff).toBe(raw[0]);
    // user code is not kernel code: no System.map symbol for it
    expect(cur.symbol).toBeUndefined();
    // the trap log and satp history saw the kernel at work
    const traps = await a.api.debugTrapLog();
    expect(traps.length).toBe(32);
    expect(traps.some((t) => t.to === "S")).toBe(true);
    const satps = await a.api.debugSatpLog();
    expect(satps.length).toBeGreaterThanOrEqual(2);
    expect(satps.some((s) => s.current)).toBe(true);
    const tlb = await a.api.debugTlb();
    expect(tlb.length).toBeGreaterThan(0);
    // kernel disassembly with symbols: stvec's handler
    const stvec = regs.csrs.find((c) => c.name === "stvec")!;
    const k = await a.api.debugDisassembly(stvec.fields[0].value, 0, 3);
    expect(k[0].symbol).toMatch(/^handle_exception/);
    await a.api.resume();
  }, 60_000);

  it("breaks on the next load/store page fault", async () => {
    await a.api.debugSetTrapStops([13, 15]);
    await a.api.sendConsole("ls / >/dev/null\n");
    let st = await a.api.debugState();
    for (let i = 0; i < 100 && st.stop?.reason !== "trap"; i++) {
      // a privilege-change stop requested on the last instruction of a slice can still be pending
      // from the previous test (see the report to the lead); skip past it
      if (st.stop) await a.api.resume();
      await sleep(50);
      st = await a.api.debugState();
    }
    await a.api.debugSetTrapStops([]);
    expect(st.stop?.reason).toBe("trap");
    const regs = await a.api.debugRegisters();
    const scause = regs.csrs.find((c) => c.name === "scause")!;
    expect(["load page fault", "store/AMO page fault"]).toContain(scause.summary);
    const stval = regs.csrs.find((c) => c.name === "stval")!.value;
    expect(st.stop!.addr).toBe(stval);
    await a.api.resume();
  }, 30_000);
  it("stops on a write watchpoint on jiffies (virtual and physical) and the memory view agrees with readPhysical", async () => {
    const map = readFileSync(join(IMAGES, "System.map"), "utf8");
    const jva = BigInt("0x" + /^([0-9a-f]+) [dD] jiffies$/m.exec(map)![1]);
    const va = "0x" + jva.toString(16);
    await a.api.debugSetSymbols(map);
    await a.api.debugPause();
    // where the kernel maps it: walk the VA in S-mode under the current satp with the core's walker
    const w = await a.api.debugWalk(va, "store", undefined, 1);
    expect(w.ok).toBe(true);
    const pa = w.pa!;
    // the kernel image mapping: Image loaded at 0x80200000 and mapped at 0xffffffff80000000
    expect(pa).toBe(jva - 0xffffffff80000000n + 0x80200000n);
    const paHex = "0x" + pa.toString(16);

    const waitStop = async (reason: string) => {
      let st = await a.api.debugState();
      for (let i = 0; i < 100 && st.stop?.reason !== reason; i++) {
        if (st.stop) await a.api.resume();
        await sleep(50);
        st = await a.api.debugState();
      }
      return st;
    };
    // virtual write watchpoint: the timer tick's jiffies_64 += ticks stops the node
    await a.api.debugSetWatchpoints([{ lo: va, hi: "0x" + (jva + 8n).toString(16), read: false, write: true, physical: false }]);
    await a.api.resume();
    let st = await waitStop("watchpoint (write)");
    expect(st.stop?.reason).toBe("watchpoint (write)");
    expect(st.stop!.addr).toBe(va);
    expect(st.state).toBe("paused");
    expect(st.priv).toBe("S");
    // the store that hit it is in the kernel's timekeeping code
    const dis = await a.api.debugDisassembly(undefined, 4, 2);
    expect(dis.find((d) => d.current)?.symbol).toMatch(/jiffies|tick|do_timer|timekeeping/);

    // the memory view, virtually and physically, shows the bytes readPhysical returns
    const v = await a.api.debugMemory(va, 32, "virtual");
    const p = await a.api.debugMemory(paHex, 32, "physical");
    const raw = await a.api.readPhysical(paHex, 32);
    const rawHex = Array.from(raw, (b) => b.toString(16).padStart(2, "0"));
    expect(v.flatMap((r) => r.hex)).toEqual(rawHex);
    expect(p.flatMap((r) => r.hex)).toEqual(rawHex);
    expect(v[0].address).toBe(va);
    expect(p[0].address).toBe(paHex);
    const j0 = new DataView(raw.buffer, raw.byteOffset).getBigUint64(0, true);
    expect(j0).toBeGreaterThan(0n);

    // physical write watchpoint on the same variable: stops at the PA, and jiffies moved on
    await a.api.debugSetWatchpoints([{ lo: paHex, hi: "0x" + (pa + 8n).toString(16), read: false, write: true, physical: true }]);
    await a.api.resume();
    st = await waitStop("watchpoint (write)");
    expect(st.stop?.reason).toBe("watchpoint (write)");
    expect(st.stop!.addr).toBe(paHex);
    const raw2 = await a.api.readPhysical(paHex, 8);
    expect(new DataView(raw2.buffer, raw2.byteOffset).getBigUint64(0, true)).toBeGreaterThan(j0);
    await a.api.debugSetWatchpoints([]);
    await a.api.resume();
  }, 60_000);
  it("stops on a write watchpoint on a user stack address; the memory view there matches the walked PA", async () => {
    // node a still runs the busy shell loop from above: stop in U-mode, watch just below its sp
    await a.api.debugSetPrivStop(true);
    let st = await a.api.debugState();
    for (let i = 0; i < 100 && !(st.state === "paused" && st.priv === "U"); i++) {
      await a.api.resume();
      await sleep(10);
      await a.api.debugPause();
      st = await a.api.debugState();
    }
    await a.api.debugSetPrivStop(false);
    expect(st.priv).toBe("U");
    const sp = BigInt((await a.api.debugRegisters()).x[2].value);
    const lo = sp - 1024n;
    const hi = sp + 64n;
    await a.api.debugSetWatchpoints([{ lo: "0x" + lo.toString(16), hi: "0x" + hi.toString(16), read: false, write: true, physical: false }]);
    await a.api.resume();
    for (let i = 0; i < 100 && st.stop?.reason !== "watchpoint (write)"; i++) {
      await sleep(20);
      st = await a.api.debugState();
      if (st.stop && st.stop.reason !== "watchpoint (write)") await a.api.resume();
    }
    await a.api.debugSetWatchpoints([]);
    expect(st.stop?.reason).toBe("watchpoint (write)");
    const addr = BigInt(st.stop!.addr);
    expect(addr >= lo && addr < hi).toBe(true);
    expect(["U", "S"]).toContain(st.priv); // the process itself, or the kernel writing to its stack
    const w = await a.api.debugWalk(st.stop!.addr, "store", undefined, 0);
    expect(w.ok).toBe(true);
    const raw = await a.api.readPhysical("0x" + w.pa!.toString(16), 8);
    const v = await a.api.debugMemory(st.stop!.addr, 8, "virtual");
    expect(v[0].hex).toEqual(Array.from(raw, (b) => b.toString(16).padStart(2, "0")));
    await a.api.resume();
  }, 60_000);

  it("names user code too: the demo server stopped in U-mode shows function+offset, and main as <main>, <main+0x..>", async () => {
    await b.api.debugSetSymbols(readFileSync(join(IMAGES, "System.map"), "utf8"));
    // the demos talking over loopback: both run user code over and over
    await b.api.sendConsole("server >/dev/null & sleep 1; while true; do client 127.0.0.1 8080 x >/dev/null; done &\n");
    await sleep(1500);
    // stop on mode changes until the hart is in U-mode in the server (the client starts more often)
    // (not with a PC breakpoint at main: see the report, any active breakpoint currently breaks user code)
    await b.api.debugSetPrivStop(true);
    let st = await b.api.debugState();
    let program: string | undefined;
    for (let i = 0; i < 1500; i++) {
      await b.api.debugPause();
      st = await b.api.debugState();
      if (st.priv === "U") {
        program = await b.api.debugUserProgram();
        if (program === "/usr/bin/server") break;
      }
      await b.api.resume();
      await sleep(10);
    }
    await b.api.debugSetPrivStop(false);
    expect(st.priv).toBe("U");
    expect(program).toBe("/usr/bin/server");
    // the disassembly around the stopped pc names the function it is in
    const dis = await b.api.debugDisassembly(undefined, 4, 4);
    const cur = dis.find((d) => d.current)!;
    expect(cur.pc).toBe(st.pc);
    expect(cur.symbol).toMatch(/^[A-Za-z_][\w.]*(\+0x[0-9a-f]+)?$/);
    console.log(`stopped in ${program} at ${cur.pc} <${cur.symbol}> ${cur.text}`);
    // and main, in the same address space: <main>, then <main+0x..>
    const main = "0x1052a"; // server's main (nm of the byte-identical unstripped build)
    const m = await b.api.debugDisassembly(main, 2, 6);
    expect(m.find((d) => d.current)!.symbol).toBe("main");
    const after = m.filter((d) => BigInt(d.pc) > BigInt(main));
    expect(after.length).toBeGreaterThan(3);
    for (const d of after) expect(d.symbol).toMatch(/^main\+0x[0-9a-f]+$/);
    // busybox (the shell) has no symbols: find its address space in the satp log, no names there
    const others: (string | undefined)[] = [];
    for (const s of await b.api.debugSatpLog()) others.push(await b.api.debugUserProgram(s.satp));
    expect(others).toContain(undefined);
    await b.api.resume();
    await b.api.sendConsole("kill %2 %1\n");
  }, 90_000);
});

describe("breakpoints on a live node", () => {
  it("leave user programs running correctly while a breakpoint that is never hit is set", async () => {
    // Regression: with breakpoints on, the fetch window followed pc + 0x1000 and a jump into the
    // next virtual page read the wrong physical page (user programs died with SIGILL).
    const n = await bootNode();
    try {
      await n.waitFor(/root@node1:~# /, 120_000);
      await n.api.debugSetBreakpoints(["0x3fff0000"]);
      const out = await n.run("ls /usr/bin | wc -l; echo status=$?", 60_000);
      expect(out).toMatch(/^\d+$/m);
      expect(out).toContain("status=0");
      expect(out).not.toMatch(/signal|Illegal/i);
      await n.api.debugSetBreakpoints([]);
    } finally {
      await n.terminate();
    }
  }, 200_000);
});
