// CSR values → named fields, for the CPU view. Pure functions of the raw 64-bit value; the names
// and positions come from wasm/shared/csr.ts (the spec's names), so the view and the hart agree.
//
//  mstatus (RV64)
//  63 | 37  36  | 35:34 33:32 | 22  21 20  19  18   17  | 16:15 14:13 12:11 10:9 | 8   7    6   5    | 3   1
//  SD | MBE SBE | SXL   UXL   | TSR TW TVM MXR SUM MPRV | XS    FS    MPP   VS   | SPP MPIE UBE SPIE | MIE SIE

import * as C from "../../wasm/shared/csr";
import * as K from "../../wasm/shared/causes";

export interface CsrField {
  name: string;
  /** Bit range as the spec draws it, e.g. "12:11" or "3". */
  bits: string;
  value: bigint;
  /** The value in words where it has a meaning ("S", "Dirty", "Sv39"), else the number. */
  text: string;
}

export interface DecodedCsr {
  name: string;
  value: bigint;
  fields: CsrField[];
  /** A one-line summary (e.g. the cause's name). */
  summary?: string;
}

/** The lowest set bit's position of a mask (masks, not shifts, are the source of truth). */
function shiftOf(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
function field(v: bigint, name: string, lo: number, width: number, names?: readonly string[]): CsrField {
  const value = (v >> BigInt(lo)) & ((1n << BigInt(width)) - 1n);
  const bits = width === 1 ? `${lo}` : `${lo + width - 1}:${lo}`;
  return { name, bits, value, text: names?.[Number(value)] ?? value.toString() };
}
function maskField(v: bigint, name: string, mask: number, names?: readonly string[]): CsrField {
  const lo = shiftOf(mask);
  const width = 32 - Math.clz32(mask >>> lo);
  return field(v, name, lo, width, names);
}

export const PRIV_NAMES = ["U", "S", "reserved", "M"] as const;
const FS_NAMES = ["Off", "Initial", "Clean", "Dirty"];
const XL_NAMES = ["?", "32", "64", "128"];

/** mstatus, or with `supervisorView` the sstatus subset of it. */
export function decodeMstatus(v: bigint, supervisorView = false): DecodedCsr {
  const all: CsrField[] = [
    maskField(v, "SIE", C.MSTATUS_SIE),
    maskField(v, "MIE", C.MSTATUS_MIE),
    maskField(v, "SPIE", C.MSTATUS_SPIE),
    maskField(v, "UBE", C.MSTATUS_UBE),
    maskField(v, "MPIE", C.MSTATUS_MPIE),
    maskField(v, "SPP", C.MSTATUS_SPP, ["U", "S"]),
    maskField(v, "VS", C.MSTATUS_VS, FS_NAMES),
    maskField(v, "MPP", C.MSTATUS_MPP, PRIV_NAMES),
    maskField(v, "FS", C.MSTATUS_FS, FS_NAMES),
    maskField(v, "XS", C.MSTATUS_XS, FS_NAMES),
    maskField(v, "MPRV", C.MSTATUS_MPRV),
    maskField(v, "SUM", C.MSTATUS_SUM),
    maskField(v, "MXR", C.MSTATUS_MXR),
    maskField(v, "TVM", C.MSTATUS_TVM),
    maskField(v, "TW", C.MSTATUS_TW),
    maskField(v, "TSR", C.MSTATUS_TSR),
    field(v, "UXL", C.MSTATUS_UXL_SHIFT, 2, XL_NAMES),
    field(v, "SXL", C.MSTATUS_SXL_SHIFT, 2, XL_NAMES),
    field(v, "SBE", C.MSTATUS_SBE_SHIFT, 1),
    field(v, "MBE", C.MSTATUS_MBE_SHIFT, 1),
    field(v, "SD", C.MSTATUS_SD_SHIFT, 1),
  ];
  const S_VIEW = new Set(["SIE", "SPIE", "UBE", "SPP", "VS", "FS", "XS", "SUM", "MXR", "UXL", "SD"]);
  const fields = supervisorView ? all.filter((f) => S_VIEW.has(f.name)) : all;
  const on = fields.filter((f) => f.bits.indexOf(":") < 0 && f.value === 1n).map((f) => f.name);
  const mpp = all.find((f) => f.name === "MPP")!;
  const fs = all.find((f) => f.name === "FS")!;
  const summary = [...on, supervisorView ? "" : `MPP=${mpp.text}`, `FS=${fs.text}`].filter(Boolean).join(" ");
  return { name: supervisorView ? "sstatus" : "mstatus", value: v, fields, summary };
}

export const SATP_MODE_NAMES: Record<number, string> = { 0: "Bare", 8: "Sv39", 9: "Sv48", 10: "Sv57" };

/** satp: MODE (63:60), ASID (59:44), PPN (43:0) and the root page table's physical address. */
export function decodeSatp(v: bigint): DecodedCsr & { mode: number; asid: number; ppn: bigint; root: bigint } {
  const mode = Number(v >> BigInt(C.SATP_MODE_SHIFT));
  const asid = Number((v >> BigInt(C.SATP_ASID_SHIFT)) & ((1n << BigInt(C.SATP_ASID_BITS)) - 1n));
  const ppn = v & ((1n << BigInt(C.SATP_PPN_BITS)) - 1n);
  const root = ppn << 12n;
  const modeName = SATP_MODE_NAMES[mode] ?? `reserved (${mode})`;
  return {
    name: "satp", value: v, mode, asid, ppn, root,
    fields: [
      { name: "MODE", bits: "63:60", value: BigInt(mode), text: modeName },
      { name: "ASID", bits: "59:44", value: BigInt(asid), text: String(asid) },
      { name: "PPN", bits: "43:0", value: ppn, text: "0x" + ppn.toString(16) },
    ],
    summary: mode === C.SATP_MODE_BARE ? "Bare: no translation" : `${modeName} ASID ${asid}, root table at 0x${root.toString(16)}`,
  };
}

/** Exception causes (privileged spec, "mcause values after trap"). */
export const EXCEPTION_NAMES: Record<number, string> = {
  [K.CAUSE_MISALIGNED_FETCH]: "instruction address misaligned",
  [K.CAUSE_FETCH_ACCESS]: "instruction access fault",
  [K.CAUSE_ILLEGAL_INSTRUCTION]: "illegal instruction",
  [K.CAUSE_BREAKPOINT]: "breakpoint",
  [K.CAUSE_MISALIGNED_LOAD]: "load address misaligned",
  [K.CAUSE_LOAD_ACCESS]: "load access fault",
  [K.CAUSE_MISALIGNED_STORE]: "store/AMO address misaligned",
  [K.CAUSE_STORE_ACCESS]: "store/AMO access fault",
  [K.CAUSE_USER_ECALL]: "environment call from U-mode",
  [K.CAUSE_SUPERVISOR_ECALL]: "environment call from S-mode",
  [K.CAUSE_MACHINE_ECALL]: "environment call from M-mode",
  [K.CAUSE_FETCH_PAGE_FAULT]: "instruction page fault",
  [K.CAUSE_LOAD_PAGE_FAULT]: "load page fault",
  [K.CAUSE_STORE_PAGE_FAULT]: "store/AMO page fault",
};
/** Interrupts by number (bit position in mip/mie). */
export const INTERRUPT_NAMES: Record<number, string> = {
  [C.IRQ_S_SOFT]: "supervisor software interrupt",
  [C.IRQ_M_SOFT]: "machine software interrupt",
  [C.IRQ_S_TIMER]: "supervisor timer interrupt",
  [C.IRQ_M_TIMER]: "machine timer interrupt",
  [C.IRQ_S_EXT]: "supervisor external interrupt",
  [C.IRQ_M_EXT]: "machine external interrupt",
  13: "counter-overflow interrupt",
};

/** A cause value's name: "load page fault", "supervisor timer interrupt", or "reserved (n)". */
export function causeName(cause: bigint): string {
  const interrupt = (cause >> 63n) & 1n;
  const code = Number(cause & ((1n << 63n) - 1n));
  const name = interrupt ? INTERRUPT_NAMES[code] : EXCEPTION_NAMES[code];
  return name ?? `reserved ${interrupt ? "interrupt" : "exception"} ${code}`;
}

/** mcause / scause: Interrupt (63) and Exception Code (62:0). */
export function decodeCause(v: bigint, name = "mcause"): DecodedCsr {
  const interrupt = (v >> 63n) & 1n;
  const code = v & ((1n << 63n) - 1n);
  return {
    name, value: v,
    fields: [
      { name: "Interrupt", bits: "63", value: interrupt, text: interrupt ? "interrupt" : "exception" },
      { name: "Code", bits: "62:0", value: code, text: code.toString() },
    ],
    summary: causeName(v),
  };
}

const IRQ_BITS: [string, number][] = [
  ["SSIP", C.IRQ_S_SOFT], ["MSIP", C.IRQ_M_SOFT], ["STIP", C.IRQ_S_TIMER], ["MTIP", C.IRQ_M_TIMER],
  ["SEIP", C.IRQ_S_EXT], ["MEIP", C.IRQ_M_EXT], ["LCOFIP", 13],
];

/** mip / mie / mideleg (and sip/sie): one flag per interrupt. `suffix` "IP" or "IE". */
export function decodeInterruptBits(v: bigint, name: string): DecodedCsr {
  const ie = name.endsWith("ie");
  const fields = IRQ_BITS.map(([n, bit]) => field(v, ie ? n.replace(/IP$/, "IE") : n, bit, 1));
  return { name, value: v, fields, summary: fields.filter((f) => f.value).map((f) => f.name).join(" ") || "none" };
}

/** mtvec / stvec: BASE (63:2, 4-byte aligned) and MODE (1:0: Direct or Vectored). */
export function decodeTvec(v: bigint, name = "stvec"): DecodedCsr {
  const mode = Number(v & 3n);
  const baseAddr = v & ~3n;
  return {
    name, value: v,
    fields: [
      { name: "BASE", bits: "63:2", value: baseAddr, text: "0x" + baseAddr.toString(16) },
      { name: "MODE", bits: "1:0", value: BigInt(mode), text: ["Direct", "Vectored", "reserved", "reserved"][mode] },
    ],
    summary: `${mode === 1 ? "Vectored" : "Direct"} at 0x${baseAddr.toString(16)}`,
  };
}

/** medeleg: which exceptions go to S-mode (one field per defined cause). */
export function decodeMedeleg(v: bigint): DecodedCsr {
  const fields = Object.entries(EXCEPTION_NAMES).map(([code, n]) => ({ ...field(v, n, Number(code), 1), name: n }));
  return { name: "medeleg", value: v, fields, summary: fields.filter((f) => f.value).map((f) => f.name).join(", ") || "none" };
}

/** mideleg: which interrupts go to S-mode. */
export function decodeMideleg(v: bigint): DecodedCsr {
  return { ...decodeInterruptBits(v, "mideleg") };
}

/** Privilege level number → letter. */
export function privName(p: number): string {
  return PRIV_NAMES[p] ?? `?${p}`;
}
