// The hart's one Sv39 walker against hand-built page tables: every level, superpages, each fault
// reason, the trace the debugger draws, and the Svadu A/D request.
import { describe, it, expect, beforeAll } from "vitest";
import { Hart } from "../../../emulator/hart";
import { walkVirtual } from "../../../emulator/debug/walk-trace";
import * as W from "../../../wasm/shared/walk";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from "../../../wasm/shared/causes";
import { PRV_U, PRV_S, PRV_M } from "../../../wasm/shared/csr";

const RAM = 0x8000_0000n;
const ROOT = RAM + 0x10_0000n;    // level-2 table
const L1 = RAM + 0x10_1000n;      // level-1 table
const L0 = RAM + 0x10_2000n;      // level-0 table
const SV39 = 8n << 60n;
const satp = (asid = 0n) => SV39 | (asid << 44n) | (ROOT >> 12n);
const { PTE_V: V, PTE_R: R, PTE_W: Wr, PTE_X: X, PTE_U: U, PTE_A: A, PTE_D: D } = W;

let hart: Hart;
function pte(pa: bigint, flags: number): bigint {
  return ((pa >> 12n) << 10n) | BigInt(flags);
}
function setPte(table: bigint, index: number, value: bigint) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, value, true);
  hart.writePhys(table + BigInt(index * 8), b);
}
const va = (vpn2: number, vpn1: number, vpn0: number, off = 0) => (BigInt(vpn2) << 30n) | (BigInt(vpn1) << 21n) | (BigInt(vpn0) << 12n) | BigInt(off);
const canon = (v: bigint) => ((v >> 38n) & 1n ? v | ~((1n << 39n) - 1n) : v) & 0xffff_ffff_ffff_ffffn;

beforeAll(async () => {
  hart = await Hart.create(4 * 1024 * 1024, { read: () => undefined, write: () => false });
  hart.ram().fill(0);
  // va(1,2,3) → 4 KiB page at RAM+0x20_0000 via root[1] → L1[2] → L0[3]
  setPte(ROOT, 1, pte(L1, V));
  setPte(L1, 2, pte(L0, V));
  setPte(L0, 3, pte(RAM + 0x20_0000n, V | R | Wr | A | D));
  setPte(L0, 4, pte(RAM + 0x20_1000n, V | R | X | A));          // read/execute only
  setPte(L0, 5, pte(RAM + 0x20_2000n, V | R | Wr | U | A | D));  // a user page
  setPte(L0, 6, pte(RAM + 0x20_3000n, V | X | A));              // execute-only
  setPte(L0, 7, pte(RAM + 0x20_4000n, V | R | Wr));             // A = 0, D = 0
  setPte(L0, 8, pte(RAM + 0x20_5000n, V | Wr));                 // W without R: reserved
  setPte(L0, 9, pte(RAM + 0x20_6000n, V | R | A) | (1n << 60n)); // reserved high bits
  setPte(L0, 10, pte(L0, V));                                   // pointer at level 0
  // 2 MiB superpage: root[1] → L1[5] leaf at RAM + 0x40_0000 (aligned), L1[6] misaligned
  setPte(L1, 5, pte(RAM + 0x40_0000n, V | R | Wr | A | D));
  setPte(L1, 6, pte(RAM + 0x40_1000n, V | R | A));
  // 1 GiB superpage: root[2] → RAM (0x8000_0000 is 1 GiB aligned)
  setPte(ROOT, 2, pte(RAM, V | R | Wr | X | A | D));
  // root[3] → a table outside RAM: access fault while reading the next PTE
  setPte(ROOT, 3, pte(0x1000_0000n, V));
});

describe("Sv39 walker", () => {
  it("translates a 4 KiB page through three levels and records each level", () => {
    const r = walkVirtual(hart, satp(), va(1, 2, 3, 0x123), ACCESS_LOAD, PRV_S, 0);
    expect(r.reason).toBe(W.WALK_OK);
    expect(r.pa).toBe(RAM + 0x20_0123n);
    expect(r.leafLevel).toBe(0);
    expect(r.levels.map((l) => l.level)).toEqual([2, 1, 0]);
    expect(r.levels[0].tableAddress).toBe(ROOT);
    expect(r.levels[0].pteAddress).toBe(ROOT + 8n);
    expect(r.levels[1].pteAddress).toBe(L1 + 16n);
    expect(r.levels[2].pteAddress).toBe(L0 + 24n);
    expect(r.levels[2].flags).toMatchObject({ V: true, R: true, W: true, X: false, A: true, D: true });
    expect(r.levels[2].leaf).toBe(true);
    expect(r.levels[0].leaf).toBe(false);
  });
  it("translates 2 MiB and 1 GiB superpages, keeping the VA's low VPN fields", () => {
    const r2 = walkVirtual(hart, satp(), va(1, 5, 7, 0x10), ACCESS_STORE, PRV_S, 0);
    expect(r2.reason).toBe(W.WALK_OK);
    expect(r2.leafLevel).toBe(1);
    expect(r2.pa).toBe(RAM + 0x40_0000n + (7n << 12n) + 0x10n);
    const r1 = walkVirtual(hart, satp(), va(2, 3, 4, 5), ACCESS_FETCH, PRV_S, 0);
    expect(r1.reason).toBe(W.WALK_OK);
    expect(r1.leafLevel).toBe(2);
    expect(r1.pa).toBe(RAM + (3n << 21n) + (4n << 12n) + 5n);
  });
  it("faults a misaligned superpage", () => {
    expect(walkVirtual(hart, satp(), va(1, 6, 0), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_MISALIGNED_SUPERPAGE);
  });
  it("checks R/W/X against the access", () => {
    expect(walkVirtual(hart, satp(), va(1, 2, 4), ACCESS_STORE, PRV_S, 0).reason).toBe(W.WALK_NOT_WRITABLE);
    expect(walkVirtual(hart, satp(), va(1, 2, 4), ACCESS_FETCH, PRV_S, 0).reason).toBe(W.WALK_OK);
    expect(walkVirtual(hart, satp(), va(1, 2, 3), ACCESS_FETCH, PRV_S, 0).reason).toBe(W.WALK_NOT_EXECUTABLE);
    expect(walkVirtual(hart, satp(), va(1, 2, 6), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_NOT_READABLE);
    // MXR makes execute-only pages readable
    expect(walkVirtual(hart, satp(), va(1, 2, 6), ACCESS_LOAD, PRV_S, W.WALK_OPT_MXR).reason).toBe(W.WALK_OK);
  });
  it("applies the U bit, SUM and the S-never-executes-U rule", () => {
    expect(walkVirtual(hart, satp(), va(1, 2, 5), ACCESS_LOAD, PRV_U, 0).reason).toBe(W.WALK_OK);
    expect(walkVirtual(hart, satp(), va(1, 2, 3), ACCESS_LOAD, PRV_U, 0).reason).toBe(W.WALK_S_PAGE_FROM_U);
    expect(walkVirtual(hart, satp(), va(1, 2, 5), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_U_PAGE_FROM_S);
    expect(walkVirtual(hart, satp(), va(1, 2, 5), ACCESS_STORE, PRV_S, W.WALK_OPT_SUM).reason).toBe(W.WALK_OK);
    expect(walkVirtual(hart, satp(), va(1, 2, 5), ACCESS_FETCH, PRV_S, W.WALK_OPT_SUM).reason).toBe(W.WALK_U_PAGE_FETCH_FROM_S);
  });
  it("reports invalid, reserved and pointer-at-level-0 entries", () => {
    expect(walkVirtual(hart, satp(), va(0, 0, 0), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_INVALID);
    expect(walkVirtual(hart, satp(), va(1, 2, 8), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_RESERVED_WX);
    expect(walkVirtual(hart, satp(), va(1, 2, 9), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_RESERVED_BITS);
    expect(walkVirtual(hart, satp(), va(1, 2, 10), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_NO_LEAF);
  });
  it("raises an access fault when a page table is not in RAM", () => {
    const r = walkVirtual(hart, satp(), va(3, 0, 0), ACCESS_LOAD, PRV_S, 0);
    expect(r.reason).toBe(W.WALK_PTE_ACCESS_FAULT);
    expect(r.levels[1].pteAddress).toBe(0x1000_0000n);
  });
  it("rejects non-canonical addresses and accepts canonical high ones", () => {
    expect(walkVirtual(hart, satp(), 1n << 40n, ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_NONCANONICAL);
    expect(walkVirtual(hart, satp(), canon(va(511, 0, 0)), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_INVALID);
  });
  it("faults on clear A/D without Svadu, and asks for the update with it", () => {
    expect(walkVirtual(hart, satp(), va(1, 2, 7), ACCESS_LOAD, PRV_S, 0).reason).toBe(W.WALK_A_CLEAR);
    const r = walkVirtual(hart, satp(), va(1, 2, 7), ACCESS_STORE, PRV_S, W.WALK_OPT_ADUE);
    expect(r.reason).toBe(W.WALK_OK);
    expect(r.adUpdate).toEqual({ setA: true, setD: true });
  });
  it("does not translate in M-mode or Bare mode, and never writes guest memory", () => {
    const before = hart.ram().slice();
    expect(walkVirtual(hart, satp(), 0x8000_1234n, ACCESS_LOAD, PRV_M, 0)).toMatchObject({ reason: W.WALK_BARE, pa: 0x8000_1234n });
    expect(walkVirtual(hart, 0n, 0x8000_1234n, ACCESS_LOAD, PRV_S, 0)).toMatchObject({ reason: W.WALK_BARE, pa: 0x8000_1234n });
    walkVirtual(hart, satp(), va(1, 2, 7), ACCESS_STORE, PRV_S, W.WALK_OPT_ADUE);
    expect(Buffer.from(hart.ram()).equals(Buffer.from(before))).toBe(true);
  });
});
