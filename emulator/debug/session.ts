// The debugger's view of one hart: small functions that read the hart's state (registers, CSRs,
// trap log, satp log, TLB) into plain, structured-clone-friendly records, translate and read
// guest memory through the hart's own walker, and write the DBG_* controls the hart honours.
// Everything takes a Hart; nothing here runs guest code (stepping is the NodeApi's business).
// BigInts cross the worker boundary as hex strings, so the page needs no BigInt-aware clone.

import * as L from "../../wasm/shared/layout";
import * as X from "../../wasm/shared/exits";
import * as C from "../../wasm/shared/csr";
import { ACCESS_LOAD } from "../../wasm/shared/causes";
import { WALK_OPT_SUM, WALK_OPT_MXR, WALK_OPT_ADUE, WALK_OK, WALK_BARE } from "../../wasm/shared/walk";
import type { Hart } from "../hart";
import { walkVirtual } from "./walk-trace";
import { buildWalkView, type WalkView } from "./page-walk-view";
import { disassemble, X_ABI, F_ABI, type DisasmLine } from "./disasm";
import type { SymbolTable } from "./symbols";
import { identifyUserProgram, isUserAddress, type UserProgram } from "./user-symbols";
import {
  decodeMstatus, decodeSatp, decodeCause, decodeInterruptBits, decodeTvec, decodeMedeleg, decodeMideleg, causeName, privName,
  type DecodedCsr,
} from "./csr-fields";

export const hex = (v: bigint) => "0x" + BigInt.asUintN(64, v).toString(16);
const MASK64 = (1n << 64n) - 1n;

// ---- registers --------------------------------------------------------------------------------

export interface CsrView {
  name: string;
  value: string;
  summary?: string;
  fields: { name: string; bits: string; value: string; text: string }[];
}
export interface RegisterView {
  pc: string;
  priv: string;
  x: { name: string; abi: string; value: string }[];
  f: { name: string; abi: string; bits: string; double: string; single: string }[];
  csrs: CsrView[];
  instret: string;
}

function csrView(d: DecodedCsr): CsrView {
  return { name: d.name, value: hex(d.value), summary: d.summary, fields: d.fields.map((f) => ({ name: f.name, bits: f.bits, value: hex(f.value), text: f.text })) };
}

/** An f register's bits as a double and as a NaN-boxed single ("—" when not boxed). */
function fNumbers(bits: bigint): { double: string; single: string } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits, true);
  const boxed = bits >> 32n === 0xffffffffn;
  return { double: String(dv.getFloat64(0, true)), single: boxed ? String(dv.getFloat32(0, true)) : "—" };
}

export function readRegisters(hart: Hart): RegisterView {
  const fld = (o: number) => hart.field(o);
  const plain = (name: string, v: bigint): CsrView => ({ name, value: hex(v), fields: [] });
  return {
    pc: hex(hart.pc),
    priv: privName(hart.priv),
    instret: hart.instret.toString(),
    x: X_ABI.map((abi, i) => ({ name: `x${i}`, abi, value: hex(hart.x(i)) })),
    f: F_ABI.map((abi, i) => ({ name: `f${i}`, abi, bits: hex(hart.f(i)), ...fNumbers(hart.f(i)) })),
    csrs: [
      csrView(decodeMstatus(fld(L.MSTATUS))),
      csrView(decodeMstatus(fld(L.MSTATUS), true)),
      csrView(decodeSatp(fld(L.SATP))),
      csrView(decodeCause(fld(L.MCAUSE), "mcause")),
      csrView(decodeCause(fld(L.SCAUSE), "scause")),
      plain("mepc", fld(L.MEPC)), plain("sepc", fld(L.SEPC)),
      plain("mtval", fld(L.MTVAL)), plain("stval", fld(L.STVAL)),
      csrView(decodeTvec(fld(L.MTVEC), "mtvec")), csrView(decodeTvec(fld(L.STVEC), "stvec")),
      csrView(decodeInterruptBits(fld(L.MIP) | fld(L.HW_IRQ), "mip")), csrView(decodeInterruptBits(fld(L.MIE), "mie")),
      csrView(decodeMedeleg(fld(L.MEDELEG))), csrView(decodeMideleg(fld(L.MIDELEG))),
      plain("mscratch", fld(L.MSCRATCH)), plain("sscratch", fld(L.SSCRATCH)),
      plain("menvcfg", fld(L.MENVCFG)), plain("fcsr", fld(L.FCSR)),
      plain("mtime", fld(L.MTIME)), plain("mtimecmp", fld(L.MTIMECMP)), plain("stimecmp", fld(L.STIMECMP)),
    ],
  };
}

/** Names of the registers whose value differs between two snapshots (for highlighting after a step). */
export function changedRegisters(before: RegisterView, after: RegisterView): string[] {
  const out: string[] = [];
  if (before.pc !== after.pc) out.push("pc");
  if (before.priv !== after.priv) out.push("priv");
  after.x.forEach((r, i) => r.value !== before.x[i]?.value && out.push(r.name));
  after.f.forEach((r, i) => r.bits !== before.f[i]?.bits && out.push(r.name));
  after.csrs.forEach((c, i) => c.value !== before.csrs[i]?.value && out.push(c.name));
  return out;
}

// ---- translation and memory -------------------------------------------------------------------

export interface TranslateOptions {
  /** satp to walk under (default: the hart's). */
  satp?: bigint;
  /** Privilege of the access (default: the hart's, with M treated as S so the tables are shown). */
  priv?: number;
}

/** The walk options the hart would use now: SUM and MXR from mstatus, ADUE from menvcfg. */
export function currentWalkOptions(hart: Hart): number {
  const ms = hart.field(L.MSTATUS);
  let o = 0;
  if (ms & BigInt(C.MSTATUS_SUM)) o |= WALK_OPT_SUM;
  if (ms & BigInt(C.MSTATUS_MXR)) o |= WALK_OPT_MXR;
  if ((hart.field(L.MENVCFG) >> BigInt(C.MENVCFG_ADUE_SHIFT)) & 1n) o |= WALK_OPT_ADUE;
  return o;
}

/** Walk `va` with the hart's walker and build the page-walk view. */
export function walkView(hart: Hart, va: bigint, access: number, opts: TranslateOptions = {}): WalkView {
  const satp = opts.satp ?? hart.field(L.SATP);
  const priv = opts.priv ?? (hart.priv === C.PRV_M ? C.PRV_S : hart.priv);
  return buildWalkView(walkVirtual(hart, satp, BigInt.asUintN(64, va), access, priv, currentWalkOptions(hart)));
}

/**
 * The physical address of `va` for a debugger read (S-mode view with SUM and MXR, so user pages
 * and execute-only code are readable), or undefined when the walk faults.
 */
export function translateForDebugger(hart: Hart, va: bigint, access: number, opts: TranslateOptions = {}): bigint | undefined {
  const satp = opts.satp ?? hart.field(L.SATP);
  const priv = opts.priv ?? C.PRV_S;
  const r = walkVirtual(hart, satp, BigInt.asUintN(64, va), access, priv, WALK_OPT_SUM | WALK_OPT_MXR | WALK_OPT_ADUE);
  return r.reason === WALK_OK || r.reason === WALK_BARE ? r.pa : undefined;
}

/** Read guest RAM at a physical address; null for bytes outside RAM. */
export function readPhysBytes(hart: Hart, pa: bigint, length: number): (number | null)[] {
  const out: (number | null)[] = new Array(length).fill(null);
  const ram = hart.ram();
  const base = 0x8000_0000n;
  for (let i = 0; i < length; i++) {
    const off = pa + BigInt(i) - base;
    if (off >= 0n && off < BigInt(ram.length)) out[i] = ram[Number(off)];
  }
  return out;
}

/** Read `length` bytes at a virtual address page by page through the walker; null where unmapped. */
export function readVirtBytes(hart: Hart, va: bigint, length: number, access = ACCESS_LOAD, opts: TranslateOptions = {}): (number | null)[] {
  const out: (number | null)[] = [];
  let a = BigInt.asUintN(64, va);
  while (out.length < length) {
    const pageLeft = Number(0x1000n - (a & 0xfffn));
    const n = Math.min(pageLeft, length - out.length);
    const pa = translateForDebugger(hart, a, access, opts);
    if (pa === undefined) for (let i = 0; i < n; i++) out.push(null);
    else out.push(...readPhysBytes(hart, pa, n));
    a = (a + BigInt(n)) & MASK64;
  }
  return out;
}

export interface MemoryRow {
  address: string;
  hex: string[];   // "3f" or "??"
  ascii: string;
}

/** Bytes → hex+ASCII rows of 16 (the memory view). */
export function memoryRows(start: bigint, bytes: (number | null)[]): MemoryRow[] {
  const rows: MemoryRow[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const chunk = bytes.slice(i, i + 16);
    rows.push({
      address: hex(start + BigInt(i)),
      hex: chunk.map((b) => (b === null ? "??" : b.toString(16).padStart(2, "0"))),
      ascii: chunk.map((b) => (b === null ? " " : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join(""),
    });
  }
  return rows;
}

// ---- disassembly around pc ----------------------------------------------------------------------

export interface DisasmRow {
  pc: string;
  bytes: string;
  text: string;
  symbol?: string;
  current: boolean;
}

function bytesToArray(b: (number | null)[]): Uint8Array | undefined {
  if (b.some((x) => x === null)) return undefined;
  return Uint8Array.from(b as number[]);
}

/**
 * Disassemble about `before` instructions before `pc` and `after` from it, fetching code through
 * the current satp (or physically when it is Bare / the hart is in M-mode). Since RVC makes
 * backwards decoding ambiguous, it tries start points until one lands exactly on pc.
 */
export function disassembleAround(hart: Hart, pc: bigint, before: number, after: number, symbols?: SymbolTable, opts: TranslateOptions = {}): DisasmRow[] {
  const physical = hart.priv === C.PRV_M && opts.satp === undefined;
  // Code is read as a load with MXR (S-mode may never fetch from a user page, but it may read it).
  const read = (a: bigint, n: number) => (physical ? readPhysBytes(hart, a, n) : readVirtBytes(hart, a, n, ACCESS_LOAD, opts));
  const span = after * 4 + 4;
  let lines: DisasmLine[] | undefined;
  for (let back = before * 4; back >= 0; back -= 2) {
    const start = pc - BigInt(back);
    const bytes = bytesToArray(read(start, back + span));
    if (!bytes) continue;
    const l = disassemble(bytes, start, { symbols });
    const i = l.findIndex((x) => x.pc === pc);
    if (i >= 0) {
      lines = l.slice(Math.max(0, i - before), i + after);
      break;
    }
  }
  if (!lines) {
    const bytes = bytesToArray(read(pc, span));
    lines = bytes ? disassemble(bytes, pc, { symbols }).slice(0, after) : [];
  }
  return lines.map((l) => ({
    pc: hex(l.pc),
    bytes: l.length === 2 ? l.raw.toString(16).padStart(4, "0") : l.raw.toString(16).padStart(8, "0"),
    text: l.text.replace("\t", " "),
    symbol: symbols?.lookup(l.pc),
    current: l.pc === pc,
  }));
}

// ---- trap log and satp log ------------------------------------------------------------------

export interface TrapRecord {
  index: number;        // the trap's sequence number (TRAP_COUNT at the time)
  cause: string;
  name: string;
  interrupt: boolean;
  epc: string;
  tval: string;
  from: string;
  to: string;
}

/** The last traps, newest first (the TRAP_LOG ring indexed by TRAP_COUNT). */
export function readTrapLog(hart: Hart): TrapRecord[] {
  const count = Number(hart.field(L.TRAP_COUNT));
  const n = Math.min(count, L.TRAP_LOG_ENTRIES);
  const out: TrapRecord[] = [];
  for (let k = 0; k < n; k++) {
    const seq = count - 1 - k;
    const e = L.TRAP_LOG + (seq % L.TRAP_LOG_ENTRIES) * L.TRAP_LOG_STRIDE;
    const cause = hart.field(e);
    const modes = hart.field(e + 24);
    out.push({
      index: seq, cause: hex(cause), name: causeName(cause), interrupt: cause >> 63n === 1n,
      epc: hex(hart.field(e + 8)), tval: hex(hart.field(e + 16)),
      from: privName(Number(modes & 0xffn)), to: privName(Number((modes >> 8n) & 0xffn)),
    });
  }
  return out;
}

export interface SatpRecord {
  satp: string;
  summary: string;
  pc: string;
  priv: string;
  /** minstret when last written (+1). */
  seen: string;
  current: boolean;
}

/** The distinct satp values run under recently, most recently seen first. */
export function readSatpLog(hart: Hart): SatpRecord[] {
  const cur = hart.field(L.SATP);
  const out: (SatpRecord & { n: bigint })[] = [];
  for (let i = 0; i < L.SATP_LOG_ENTRIES; i++) {
    const e = L.SATP_LOG + i * L.SATP_LOG_STRIDE;
    const seen = hart.field(e + 24);
    if (seen === 0n) continue;
    const v = hart.field(e);
    out.push({ satp: hex(v), summary: decodeSatp(v).summary ?? "", pc: hex(hart.field(e + 8)), priv: privName(Number(hart.field(e + 16))), seen: seen.toString(), current: v === cur, n: seen });
  }
  return out.sort((a, b) => (a.n > b.n ? -1 : a.n < b.n ? 1 : 0)).map(({ n: _n, ...r }) => r);
}

// ---- TLB ---------------------------------------------------------------------------------------------

export const TLB_REGIME_NAMES = ["U", "S", "S+SUM", "M"] as const;
export const TLB_KIND_NAMES = ["fetch", "load", "store"] as const;

export interface TlbEntry {
  regime: string;
  kind: string;
  index: number;
  vpn: string;
  va: string;
  ppn: string;
  pa: string;
}

/** A TLB entry's physical page: the delta turns va into a wasm address; RAM_HOST is guest 0x8000_0000. */
function tlbPhysPage(vpn: bigint, delta: bigint): bigint {
  const host = BigInt.asUintN(64, (vpn << 12n) + delta);
  const hostBase = host >= BigInt(L.RAM_HOST) ? BigInt(L.RAM_HOST) : BigInt(L.BOOTROM_HOST);
  const guestBase = host >= BigInt(L.RAM_HOST) ? BigInt(L.RAM_GUEST_BASE) : BigInt(L.BOOTROM_GUEST_BASE);
  return (host - hostBase + guestBase) >> 12n;
}

/** Every valid entry of every TLB table (4 regimes × fetch/load/store). */
export function readTlb(hart: Hart): TlbEntry[] {
  const mem = hart.memoryBytes();
  const dv = new DataView(mem.buffer, mem.byteOffset);
  const out: TlbEntry[] = [];
  for (let regime = 0; regime < L.TLB_REGIMES; regime++) {
    for (let kind = 0; kind < 3; kind++) {
      const t = L.TLB_BASE + (regime * 3 + kind) * L.TLB_TABLE_BYTES;
      for (let i = 0; i < L.TLB_ENTRIES; i++) {
        const tag = dv.getBigUint64(t + i * 16, true);
        if (tag === MASK64) continue;
        const delta = dv.getBigUint64(t + i * 16 + 8, true);
        const ppn = tlbPhysPage(tag, delta);
        const va = BigInt.asUintN(64, BigInt.asIntN(52, tag) << 12n);
        out.push({ regime: TLB_REGIME_NAMES[regime], kind: TLB_KIND_NAMES[kind], index: i, vpn: hex(tag), va: hex(va), ppn: hex(ppn), pa: hex(ppn << 12n) });
      }
    }
  }
  return out;
}

/** The TLB entries that translate `va` right now (any regime/kind). */
export function tlbLookup(hart: Hart, va: bigint): TlbEntry[] {
  const vpn = BigInt.asUintN(64, va) >> 12n;
  const want = hex(vpn);
  // Tags are the VA's bits 63:12 (sign-extended VA), as the hart stores them.
  return readTlb(hart).filter((e) => e.vpn === want && e.index === Number(vpn & BigInt(L.TLB_ENTRIES - 1)));
}

// ---- debugger controls (DBG_* fields) ----------------------------------------------------------------

export interface Watchpoint {
  lo: bigint;
  hi: bigint;   // exclusive
  read: boolean;
  write: boolean;
  physical: boolean;
}

function setFlag(hart: Hart, flag: number, on: boolean): void {
  const f = hart.field(L.DBG_FLAGS);
  hart.setField(L.DBG_FLAGS, on ? f | BigInt(flag) : f & ~BigInt(flag));
}

/** Replace the PC breakpoints (at most DBG_BP_MAX). The hart checks them on its slow fetch path. */
export function setBreakpoints(hart: Hart, pcs: bigint[]): void {
  if (pcs.length > L.DBG_BP_MAX) throw new RangeError(`at most ${L.DBG_BP_MAX} breakpoints`);
  hart.setField(L.DBG_BP_COUNT, BigInt(pcs.length));
  pcs.forEach((p, i) => hart.setField(L.DBG_BP + i * 8, p));
  setFlag(hart, X.DBG_FLAG_BREAKPOINTS, pcs.length > 0);
  hart.exports.flushCaches();
}
export function getBreakpoints(hart: Hart): bigint[] {
  const n = Math.min(Number(hart.field(L.DBG_BP_COUNT)), L.DBG_BP_MAX);
  return Array.from({ length: n }, (_, i) => hart.field(L.DBG_BP + i * 8));
}

/** Replace the watchpoints. With any set the TLB caches nothing, so the caches are flushed now. */
export function setWatchpoints(hart: Hart, list: Watchpoint[]): void {
  if (list.length > L.DBG_WATCH_MAX) throw new RangeError(`at most ${L.DBG_WATCH_MAX} watchpoints`);
  hart.setField(L.DBG_WATCH_COUNT, BigInt(list.length));
  list.forEach((w, i) => {
    const e = L.DBG_WATCH + i * 24;
    hart.setField(e, w.lo);
    hart.setField(e + 8, w.hi);
    hart.setField(e + 16, BigInt((w.read ? 1 : 0) | (w.write ? 2 : 0) | (w.physical ? 4 : 0)));
  });
  setFlag(hart, X.DBG_FLAG_WATCH, list.length > 0);
  hart.exports.flushCaches();
}

/** Stop after taking an exception whose cause is in `causes` (and interrupts in `irqs`). */
export function setTrapStops(hart: Hart, causes: number[], irqs: number[] = []): void {
  hart.setField(L.DBG_TRAP_MASK, causes.reduce((m, c) => m | (1n << BigInt(c)), 0n));
  hart.setField(L.DBG_IRQ_MASK, irqs.reduce((m, c) => m | (1n << BigInt(c)), 0n));
}

/** Stop whenever the privilege mode changes. */
export function setPrivStop(hart: Hart, on: boolean): void {
  setFlag(hart, X.DBG_FLAG_PRIV, on);
}

export const DBG_STOP_NAMES: Record<number, string> = {
  [X.DBG_STOP_PC]: "breakpoint",
  [X.DBG_STOP_PRIV]: "privilege change",
  [X.DBG_STOP_TRAP]: "trap",
  [X.DBG_STOP_WATCH_READ]: "watchpoint (read)",
  [X.DBG_STOP_WATCH_WRITE]: "watchpoint (write)",
};

// ---- user-program symbols ------------------------------------------------------------------------

export { shippedUserPrograms, userProgramsFromInitrd, userProgramsFromInitrdFile, identifyUserProgram, isUserAddress, type UserProgram } from "./user-symbols";

/**
 * The symbol table for code at `pc`: the kernel's for kernel addresses; for user addresses, that
 * of the program (among `programs`) the address space of `opts.satp` (default: the current) runs.
 */
export function symbolsFor(hart: Hart, pc: bigint, kernel: SymbolTable | undefined, programs: UserProgram[], opts: TranslateOptions = {}): { symbols?: SymbolTable; program?: string } {
  if (!isUserAddress(pc)) return { symbols: kernel };
  const satp = opts.satp ?? hart.field(L.SATP);
  if (satp >> 60n === 0n) return {}; // Bare: no process
  const p = identifyUserProgram(programs, (va, n) => readVirtBytes(hart, va, n, ACCESS_LOAD, { satp }));
  return p ? { symbols: p.symbols, program: p.path } : {};
}
