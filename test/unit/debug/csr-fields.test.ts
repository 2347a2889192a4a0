// CSR values decoded into the spec's named fields (the CPU view's register pane).
import { describe, expect, it } from "vitest";
import { decodeMstatus, decodeSatp, decodeCause, decodeInterruptBits, decodeTvec, decodeMedeleg, causeName } from "../../../emulator/debug/csr-fields";

const get = (d: { fields: { name: string; text: string }[] }, n: string) => d.fields.find((f) => f.name === n)?.text;

describe("CSR field decoding", () => {
  it("mstatus: Linux's S-mode state after boot (SUM, SPP, FS dirty, SD, UXL/SXL 64)", () => {
    const v = (1n << 63n) | (2n << 34n) | (2n << 32n) | (1n << 18n) | (3n << 13n) | (1n << 11n) | (1n << 8n) | (1n << 5n) | 2n;
    const d = decodeMstatus(v);
    expect(get(d, "SIE")).toBe("1");
    expect(get(d, "SPIE")).toBe("1");
    expect(get(d, "SPP")).toBe("S");
    expect(get(d, "MPP")).toBe("S");
    expect(get(d, "FS")).toBe("Dirty");
    expect(get(d, "SUM")).toBe("1");
    expect(get(d, "MXR")).toBe("0");
    expect(get(d, "UXL")).toBe("64");
    expect(get(d, "SXL")).toBe("64");
    expect(get(d, "SD")).toBe("1");
    expect(d.fields.find((f) => f.name === "MPP")!.bits).toBe("12:11");
    expect(d.summary).toContain("SUM");
    const s = decodeMstatus(v, true);
    expect(s.name).toBe("sstatus");
    expect(s.fields.map((f) => f.name)).not.toContain("MPP");
    expect(s.fields.map((f) => f.name)).toContain("SUM");
  });

  it("satp: MODE, ASID, PPN and the root table address", () => {
    const d = decodeSatp((8n << 60n) | (5n << 44n) | 0x81234n);
    expect(d.mode).toBe(8);
    expect(get(d, "MODE")).toBe("Sv39");
    expect(d.asid).toBe(5);
    expect(d.ppn).toBe(0x81234n);
    expect(d.root).toBe(0x81234000n);
    expect(d.summary).toBe("Sv39 ASID 5, root table at 0x81234000");
    expect(decodeSatp(0n).summary).toBe("Bare: no translation");
  });

  it("mcause/scause: exceptions and interrupts by name", () => {
    expect(decodeCause(13n, "scause").summary).toBe("load page fault");
    expect(decodeCause(15n).summary).toBe("store/AMO page fault");
    expect(decodeCause(8n).summary).toBe("environment call from U-mode");
    const t = decodeCause((1n << 63n) | 5n, "scause");
    expect(get(t, "Interrupt")).toBe("interrupt");
    expect(t.summary).toBe("supervisor timer interrupt");
    expect(causeName(30n)).toBe("reserved exception 30");
  });

  it("mip/mie/mideleg: one flag per interrupt", () => {
    const p = decodeInterruptBits((1n << 5n) | (1n << 9n), "mip");
    expect(p.summary).toBe("STIP SEIP");
    expect(decodeInterruptBits(1n << 7n, "mie").summary).toBe("MTIE");
    expect(decodeInterruptBits(0x222n, "mideleg").summary).toBe("SSIP STIP SEIP");
  });

  it("stvec/mtvec: BASE and MODE", () => {
    const d = decodeTvec(0xffffffff80001235n - 0x1235n + 0x1001n, "stvec");
    expect(get(d, "MODE")).toBe("Vectored");
    expect(get(d, "BASE")).toBe("0xffffffff80001000");
    expect(decodeTvec(0x80000400n, "mtvec").summary).toBe("Direct at 0x80000400");
  });

  it("medeleg: the delegated exceptions by name", () => {
    const d = decodeMedeleg((1n << 8n) | (1n << 12n) | (1n << 13n) | (1n << 15n));
    expect(d.summary).toBe("environment call from U-mode, instruction page fault, load page fault, store/AMO page fault");
  });
});
