// The page-walk view model over the hart's own walker, with hand-built Sv39 tables: the VA split,
// the PTE-address arithmetic per level, the decoded PTE, leaf checks in the hart's order with the
// failing one marked, and the final address or the exact fault.
import { beforeAll, describe, expect, it } from "vitest";
import { Hart } from "../../../emulator/hart";
import { walkVirtual } from "../../../emulator/debug/walk-trace";
import { buildWalkView, splitVa } from "../../../emulator/debug/page-walk-view";
import * as W from "../../../wasm/shared/walk";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from "../../../wasm/shared/causes";
import { PRV_U, PRV_S } from "../../../wasm/shared/csr";

const RAM = 0x8000_0000n;
const ROOT = RAM + 0x10_0000n;
const L1 = RAM + 0x10_1000n;
const L0 = RAM + 0x10_2000n;
const satp = (8n << 60n) | (ROOT >> 12n);
const { PTE_V: V, PTE_R: R, PTE_W: Wr, PTE_X: X, PTE_U: U, PTE_A: A, PTE_D: D } = W;
let hart: Hart;
const pte = (pa: bigint, flags: number) => ((pa >> 12n) << 10n) | BigInt(flags);
function setPte(table: bigint, index: number, value: bigint) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, value, true);
  hart.writePhys(table + BigInt(index * 8), b);
}
const va = (v2: number, v1: number, v0: number, off = 0) => (BigInt(v2) << 30n) | (BigInt(v1) << 21n) | (BigInt(v0) << 12n) | BigInt(off);
const view = (v: bigint, access: number, priv: number, opts = 0) => buildWalkView(walkVirtual(hart, satp, v, access, priv, opts));

beforeAll(async () => {
  hart = await Hart.create(4 * 1024 * 1024, { read: () => undefined, write: () => false });
  hart.ram().fill(0);
  setPte(ROOT, 1, pte(L1, V));
  setPte(L1, 2, pte(L0, V));
  setPte(L0, 3, pte(RAM + 0x20_0000n, V | R | Wr | U | A | D));   // user data page
  setPte(L0, 4, pte(RAM + 0x20_1000n, V | R | X | U | A));        // user code page
  setPte(L1, 6, pte(RAM + 0x40_1000n, V | R | A));                // misaligned 2 MiB
  setPte(ROOT, 3, pte(0x1000_0000n, V));                         // next table outside RAM
});

describe("page-walk view", () => {
  it("splits the VA into VPN[2], VPN[1], VPN[0] and offset with their bits", () => {
    const f = splitVa(va(1, 2, 3, 0xabc));
    expect(f.map((x) => [x.name, x.bits, x.value])).toEqual([
      ["VPN[2]", "38:30", 1n], ["VPN[1]", "29:21", 2n], ["VPN[0]", "20:12", 3n], ["offset", "11:0", 0xabcn],
    ]);
    expect(f[0].binary).toBe("000000001");
  });

  it("walks a user page in three steps with the PTE-address arithmetic and the final PA", () => {
    const v = view(va(1, 2, 3, 0x45), ACCESS_LOAD, PRV_U);
    expect(v.ok).toBe(true);
    expect(v.pa).toBe(RAM + 0x20_0045n);
    expect(v.steps.map((s) => s.kind)).toEqual(["va", "satp", "level", "level", "level", "result"]);
    const [l2, l1, l0] = v.steps.filter((s) => s.kind === "level").map((s) => s.level!);
    expect(l2.arithmetic).toBe("0x80100000 + VPN[2] × 8 = 0x80100000 + 0x1 × 8 = 0x80100008");
    expect(l1.pteAddress).toBe(L1 + 16n);
    expect(l0.pteAddress).toBe(L0 + 24n);
    expect(l2.leaf).toBe(false);
    expect(l2.verdict).toContain("next table at PPN × 4096 = 0x80101000");
    expect(l0.leaf).toBe(true);
    expect(l0.flags).toMatchObject({ V: true, R: true, W: true, X: false, U: true, A: true, D: true });
    expect(l0.checks.map((c) => c.state)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(v.steps[1].lines[1]).toBe("root table = PPN × 4096 = 0x80100 × 0x1000 = 0x80100000");
    expect(v.steps.at(-1)!.title).toBe("Physical address 0x80200045");
    expect(v.faultStep).toBe(-1);
  });

  it("explains a store to a read-only page: the permission check fails, later checks are not reached", () => {
    const v = view(va(1, 2, 4), ACCESS_STORE, PRV_U);
    expect(v.ok).toBe(false);
    expect(v.reason).toBe(W.WALK_NOT_WRITABLE);
    expect(v.cause).toEqual({ code: 15, name: "store/AMO page fault" });
    const leaf = v.steps[v.faultStep].level!;
    expect(leaf.level).toBe(0);
    expect(leaf.checks.map((c) => c.state)).toEqual(["pass", "fail", "not reached", "not reached"]);
    expect(leaf.checks[1].detail).toBe("store needs W = 1 (W = 0)");
  });

  it("explains S-mode touching a user page without SUM, and allows it with SUM", () => {
    const v = view(va(1, 2, 3), ACCESS_LOAD, PRV_S);
    expect(v.reason).toBe(W.WALK_U_PAGE_FROM_S);
    expect(v.cause!.name).toBe("load page fault");
    expect(v.steps[v.faultStep].level!.checks[0]).toMatchObject({ state: "fail", detail: "S-mode may touch a U page only with SUM = 1 (SUM = 0)" });
    expect(view(va(1, 2, 3), ACCESS_LOAD, PRV_S, W.WALK_OPT_SUM).ok).toBe(true);
    expect(view(va(1, 2, 4), ACCESS_FETCH, PRV_S, W.WALK_OPT_SUM).reason).toBe(W.WALK_U_PAGE_FETCH_FROM_S);
  });

  it("marks the level where an invalid PTE ends the walk", () => {
    const v = view(va(1, 7, 0), ACCESS_FETCH, PRV_U);
    expect(v.reason).toBe(W.WALK_INVALID);
    expect(v.cause!.code).toBe(12);
    const s = v.steps[v.faultStep];
    expect(s.level!.level).toBe(1);
    expect(s.level!.verdict).toBe("PTE.V = 0 (invalid entry) → page fault");
  });

  it("shows the superpage alignment check with the offending PPN bits", () => {
    const v = view(va(1, 6, 0), ACCESS_LOAD, PRV_S);
    expect(v.reason).toBe(W.WALK_MISALIGNED_SUPERPAGE);
    const leaf = v.steps[v.faultStep].level!;
    expect(leaf.level).toBe(1);
    expect(leaf.checks[2]).toMatchObject({ state: "fail", detail: "PPN bits 8:0 must be 0 for a 2 MiB megapage (they are 0x1)" });
  });

  it("reports an access fault when the next table is not in RAM, with no PTE shown", () => {
    const v = view(va(3, 0, 0), ACCESS_LOAD, PRV_S);
    expect(v.reason).toBe(W.WALK_PTE_ACCESS_FAULT);
    expect(v.cause).toEqual({ code: 5, name: "load access fault" });
    const s = v.steps[v.faultStep].level!;
    expect(s.pte).toBeUndefined();
    expect(s.pteAddress).toBe(0x1000_0000n);
  });

  it("stops at the VA step for a non-canonical address", () => {
    const v = view(1n << 40n, ACCESS_LOAD, PRV_S);
    expect(v.canonical).toBe(false);
    expect(v.faultStep).toBe(0);
    expect(v.steps.map((s) => s.kind)).toEqual(["va", "result"]);
  });
});
