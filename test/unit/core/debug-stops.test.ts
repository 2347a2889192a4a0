// The hart's debugger hooks: PC breakpoints (stop before executing, step over on resume),
// watchpoints, stops on chosen trap causes and on privilege changes, the trap log and the satp log.
import { describe, it, expect, beforeEach } from "vitest";
import { Hart } from "../../../emulator/hart";
import * as L from "../../../wasm/shared/layout";
import * as X from "../../../wasm/shared/exits";

const BASE = 0x8000_0000n;
let hart: Hart;

/** Encoders for the few instructions the programs use. */
const I = (imm: number, rs1: number, f3: number, rd: number, op: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => I(imm, rs1, 0, rd, 0x13);
const sd = (rs2: number, rs1: number, imm: number) => ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const lui = (rd: number, imm20: number) => ((imm20 << 12) | (rd << 7) | 0x37) >>> 0;
const csrw = (csr: number, rs1: number) => I(csr, rs1, 1, 0, 0x73);
const auipc = (rd: number) => ((rd << 7) | 0x17) >>> 0; // rd = pc
const JSELF = 0x0000006f; // j .
const ECALL = 0x00000073;
const MRET = 0x30200073;

async function load(words: number[]) {
  hart = await Hart.create(1 << 20, { read: () => undefined, write: () => false });
  const b = new Uint8Array(words.length * 4);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w, true));
  hart.writePhys(BASE, b);
  hart.reset(BASE);
  for (const f of [L.DBG_FLAGS, L.DBG_TRAP_MASK, L.DBG_IRQ_MASK, L.DBG_BP_COUNT, L.DBG_WATCH_COUNT]) hart.setField(f, 0n);
}
const setBreakpoints = (pcs: bigint[]) => {
  hart.setField(L.DBG_BP_COUNT, BigInt(pcs.length));
  pcs.forEach((p, i) => hart.setField(L.DBG_BP + i * 8, p));
  hart.setField(L.DBG_FLAGS, hart.field(L.DBG_FLAGS) | BigInt(X.DBG_FLAG_BREAKPOINTS));
};

describe("debugger stops", () => {
  beforeEach(() => {});
  it("stops before a PC breakpoint and steps over it on resume", async () => {
    await load([addi(1, 0, 1), addi(1, 1, 1), addi(1, 1, 1), JSELF]);
    setBreakpoints([BASE + 8n]);
    expect(hart.run(100)).toBe(X.EXIT_BREAKPOINT);
    expect(hart.field(L.EXIT_ARG)).toBe(BigInt(X.DBG_STOP_PC));
    expect(hart.pc).toBe(BASE + 8n);
    expect(hart.x(1)).toBe(2n);
    expect(hart.instret).toBe(2n);
    hart.setField(L.DBG_FLAGS, hart.field(L.DBG_FLAGS) | BigInt(X.DBG_FLAG_STEP_OVER));
    expect(hart.run(50)).toBe(X.EXIT_BUDGET);
    expect(hart.x(1)).toBe(3n);
    expect(hart.pc).toBe(BASE + 12n);
  });
  it("keeps running correctly with a breakpoint set that is never hit (jumps across pages)", async () => {
    // Jumps across pages with breakpoints on. (The bug this guards against only shows when
    // neighbouring virtual pages are not neighbouring physical pages: see the live-node test in
    // test/integration/debugger.test.ts.) x1 counts three blocks 0x1800 bytes apart.
    const J = (off: number) => (((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 | ((off >> 12) & 0xff) << 12 | 0x6f) >>> 0;
    await load([addi(1, 0, 1), J(0x1800 - 4)]);
    const blk = (words: number[], at: number) => {
      const b = new Uint8Array(words.length * 4);
      words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w, true));
      hart.writePhys(BASE + BigInt(at), b);
    };
    blk([addi(1, 1, 1), J(0x1800 - 4)], 0x1800);
    blk([addi(1, 1, 1), JSELF], 0x3000);
    setBreakpoints([0x3fff_0000n]);
    expect(hart.run(50)).toBe(X.EXIT_BUDGET);
    expect(hart.x(1)).toBe(3n);
    expect(hart.pc).toBe(BASE + 0x3004n);
  });
  it("stops after a store into a watched virtual range", async () => {
    // x2 = BASE; sd x1, 0x108(x2); addi x3, x0, 7; j .
    await load([auipc(2), addi(1, 0, 42), sd(1, 2, 0x108), addi(3, 0, 7), JSELF]);
    hart.setField(L.DBG_WATCH_COUNT, 1n);
    hart.setField(L.DBG_WATCH, BASE + 0x108n);
    hart.setField(L.DBG_WATCH + 8, BASE + 0x110n);
    hart.setField(L.DBG_WATCH + 16, 2n); // write
    hart.setField(L.DBG_FLAGS, BigInt(X.DBG_FLAG_WATCH));
    hart.exports.flushCaches();
    expect(hart.run(100)).toBe(X.EXIT_BREAKPOINT);
    expect(hart.field(L.EXIT_ARG)).toBe(BigInt(X.DBG_STOP_WATCH_WRITE));
    expect(hart.field(L.DBG_STOP_ADDR)).toBe(BASE + 0x108n);
    expect(hart.pc).toBe(BASE + 12n); // the store completed, the next instruction did not run
    expect(hart.x(3)).toBe(0n);
  });
  it("stops after taking a chosen trap cause, and logs every trap", async () => {
    // mtvec = 0x8000_0100 (a j . there); ecall from M-mode (cause 11)
    await load([auipc(5), addi(5, 5, 0x100), csrw(0x305, 5), ECALL]);
    hart.writePhys(BASE + 0x100n, new Uint8Array(new Uint32Array([JSELF]).buffer));
    hart.setField(L.DBG_TRAP_MASK, 1n << 11n);
    expect(hart.run(100)).toBe(X.EXIT_BREAKPOINT);
    expect(hart.field(L.EXIT_ARG)).toBe(BigInt(X.DBG_STOP_TRAP));
    expect(hart.pc).toBe(BASE + 0x100n);
    const n = Number(hart.field(L.TRAP_COUNT));
    const rec = L.TRAP_LOG + ((n - 1) % L.TRAP_LOG_ENTRIES) * L.TRAP_LOG_STRIDE;
    expect(hart.field(rec)).toBe(11n);
    expect(hart.field(rec + 8)).toBe(BASE + 12n);
    expect(hart.field(rec + 24)).toBe(3n | (3n << 8n));
  });
  it("stops when the privilege changes", async () => {
    // mepc = BASE + 0x20 (j .), MPP = S via mstatus = 1 << 11; mret
    await load([auipc(5), addi(5, 5, 0x20), csrw(0x341, 5), lui(6, 0), addi(6, 0, 0x400), addi(6, 6, 0x400), csrw(0x300, 6), MRET, JSELF]);
    hart.setField(L.DBG_FLAGS, BigInt(X.DBG_FLAG_PRIV));
    expect(hart.run(100)).toBe(X.EXIT_BREAKPOINT);
    expect(hart.field(L.EXIT_ARG)).toBe(BigInt(X.DBG_STOP_PRIV));
    expect(hart.priv).toBe(1);
    expect(hart.pc).toBe(BASE + 0x20n);
  });
  it("records the satp values it ran under", async () => {
    // satp = Sv39 | ppn 0x80010 written twice, then Bare: two distinct entries
    const sv39 = (8n << 60n) | 0x80010n;
    await load([csrw(0x180, 5), csrw(0x180, 5), csrw(0x180, 0), JSELF]);
    hart.setX(5, sv39);
    hart.run(10);
    const entries: bigint[] = [];
    for (let i = 0; i < L.SATP_LOG_ENTRIES; i++) {
      const e = L.SATP_LOG + i * L.SATP_LOG_STRIDE;
      if (hart.field(e + 24) !== 0n) entries.push(hart.field(e));
    }
    expect(entries.sort()).toEqual([0n, sv39].sort());
  });
});
