// The page-walk view model: turns the hart's own walk trace (readWalkTrace / walkVirtual, written
// by wasm/mmu/walk.ts) into the steps the page-walk view shows one at a time. It never decides a
// translation itself: every verdict (which PTE was read, leaf or pointer, the final address, the
// reason a walk failed) is the hart's; this module only explains it — the VA's bit fields, the
// arithmetic of each PTE address, the decoded PTE bits, and the checks the spec makes at the leaf in
// the order the hart makes them, marking the one the hart's reason names.
//
//  Sv39 VA:  | 63..39 sign | 38..30 VPN[2] | 29..21 VPN[1] | 20..12 VPN[0] | 11..0 offset |

import * as W from "../../wasm/shared/walk";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS,
  CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT } from "../../wasm/shared/causes";
import { PRV_S, PRV_U } from "../../wasm/shared/csr";
import type { WalkResult, WalkLevel } from "./walk-trace";
import { causeName, decodeSatp, privName } from "./csr-fields";

export const ACCESS_NAMES = ["fetch", "load", "store"] as const;

const hex = (v: bigint) => "0x" + v.toString(16);
const bin = (v: bigint, width: number) => v.toString(2).padStart(width, "0");

export interface VaField {
  name: string;   // "VPN[2]", "offset"
  bits: string;   // "38:30"
  value: bigint;
  binary: string;
}

export type CheckState = "pass" | "fail" | "not reached";
export interface Check {
  name: string;
  detail: string;
  state: CheckState;
}

export interface LevelStep {
  kind: "level";
  title: string;
  level: number;
  tableAddress: bigint;
  vpn: bigint;
  pteAddress: bigint;
  /** "0x80100000 + 0x1 × 8 = 0x80100008" */
  arithmetic: string;
  /** Undefined when the PTE could not be read (its address is not in RAM). */
  pte?: bigint;
  flags?: WalkLevel["flags"];
  ppn?: bigint;
  /** What this PTE is: a pointer to the next table, a leaf, or the end of the walk. */
  verdict: string;
  leaf: boolean;
  /** The leaf's checks (permissions, superpage alignment, A/D), in the hart's order. */
  checks: Check[];
  /** The walk failed at this step. */
  fault?: boolean;
}

export interface Step {
  kind: "va" | "satp" | "level" | "result";
  title: string;
  lines: string[];
  fault?: boolean;
  level?: LevelStep;
}

export interface WalkView {
  va: bigint;
  access: string;
  priv: string;
  satp: bigint;
  options: { sum: boolean; mxr: boolean; adue: boolean };
  vaFields: VaField[];
  canonical: boolean;
  steps: Step[];
  ok: boolean;
  pa?: bigint;
  reason: number;
  reasonText: string;
  /** The trap a failed walk raises (mcause), with its name. */
  cause?: { code: number; name: string };
  /** The step index the reason belongs to (for highlighting), or -1. */
  faultStep: number;
}

/** The VA's Sv39 fields with their bit ranges and binary digits. */
export function splitVa(va: bigint): VaField[] {
  const f = (name: string, hi: number, lo: number): VaField => {
    const width = hi - lo + 1;
    const value = (va >> BigInt(lo)) & ((1n << BigInt(width)) - 1n);
    return { name, bits: `${hi}:${lo}`, value, binary: bin(value, width) };
  };
  return [f("VPN[2]", 38, 30), f("VPN[1]", 29, 21), f("VPN[0]", 20, 12), f("offset", 11, 0)];
}

/** The trap a failed walk raises for this access (the same mapping as the hart's faultCause()). */
export function walkFaultCause(reason: number, access: number): number {
  if (reason === W.WALK_PTE_ACCESS_FAULT) return access === ACCESS_FETCH ? CAUSE_FETCH_ACCESS : access === ACCESS_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS;
  return access === ACCESS_FETCH ? CAUSE_FETCH_PAGE_FAULT : access === ACCESS_LOAD ? CAUSE_LOAD_PAGE_FAULT : CAUSE_STORE_PAGE_FAULT;
}

const PAGE_SIZE_NAMES = ["4 KiB page", "2 MiB megapage", "1 GiB gigapage"];

/**
 * The leaf checks, in the order the hart makes them (wasm/mmu/walk.ts steps 5–7). `failing` is the
 * hart's reason; checks before it passed, it failed, the ones after were not reached.
 */
function leafChecks(r: WalkResult, leaf: WalkLevel): Check[] {
  const sum = (r.options & W.WALK_OPT_SUM) !== 0;
  const mxr = (r.options & W.WALK_OPT_MXR) !== 0;
  const adue = (r.options & W.WALK_OPT_ADUE) !== 0;
  const fl = leaf.flags;
  const acc = ACCESS_NAMES[r.access] ?? `access ${r.access}`;
  const lowBits = 9 * leaf.level;
  const lowPpn = leaf.ppn & ((1n << BigInt(lowBits)) - 1n);
  const rows: [reasons: number[], name: string, detail: string][] = [
    [[W.WALK_S_PAGE_FROM_U, W.WALK_U_PAGE_FETCH_FROM_S, W.WALK_U_PAGE_FROM_S], "U bit vs mode",
      r.priv === PRV_U ? `U-mode needs PTE.U = 1 (U = ${+fl.U})`
        : r.priv === PRV_S ? (fl.U ? (r.access === ACCESS_FETCH ? "S-mode never executes a U page" : `S-mode may touch a U page only with SUM = 1 (SUM = ${+sum})`) : "S-mode page (U = 0): allowed")
          : `${privName(r.priv)}-mode`],
    [[W.WALK_NOT_EXECUTABLE, W.WALK_NOT_READABLE, W.WALK_NOT_WRITABLE], `permission for ${acc}`,
      r.access === ACCESS_FETCH ? `fetch needs X = 1 (X = ${+fl.X})`
        : r.access === ACCESS_LOAD ? `load needs R = 1, or X = 1 with MXR = 1 (R = ${+fl.R}, X = ${+fl.X}, MXR = ${+mxr})`
          : `store needs W = 1 (W = ${+fl.W})`],
    [[W.WALK_MISALIGNED_SUPERPAGE], "superpage alignment",
      leaf.level === 0 ? "4 KiB page: nothing to check"
        : `PPN bits ${lowBits - 1}:0 must be 0 for a ${PAGE_SIZE_NAMES[leaf.level]} (they are ${hex(lowPpn)})`],
    [[W.WALK_A_CLEAR, W.WALK_D_CLEAR], "accessed / dirty",
      `A = ${+fl.A}${r.access === ACCESS_STORE ? `, D = ${+fl.D} (a store needs D)` : ""}; ` +
        (adue ? "the hardware sets missing A/D bits (menvcfg.ADUE = 1)" : "missing A/D bits fault (ADUE = 0)") +
        (r.adUpdate.setA || r.adUpdate.setD ? ` → will set ${[r.adUpdate.setA && "A", r.adUpdate.setD && "D"].filter(Boolean).join(" and ")}` : "")],
  ];
  let failed = false;
  return rows.map(([reasons, name, detail]) => {
    let state: CheckState;
    if (failed) state = "not reached";
    else if (reasons.includes(r.reason)) { state = "fail"; failed = true; }
    else state = "pass";
    return { name, detail, state };
  });
}

/** Build the view model of a walk from the hart's trace. */
export function buildWalkView(r: WalkResult): WalkView {
  const vaFields = splitVa(r.va);
  const canonical = r.reason !== W.WALK_NONCANONICAL;
  const options = { sum: (r.options & W.WALK_OPT_SUM) !== 0, mxr: (r.options & W.WALK_OPT_MXR) !== 0, adue: (r.options & W.WALK_OPT_ADUE) !== 0 };
  const access = ACCESS_NAMES[r.access] ?? String(r.access);
  const steps: Step[] = [];
  let faultStep = -1;

  steps.push({
    kind: "va", title: `Split the virtual address ${hex(r.va)}`,
    lines: [
      ...vaFields.map((f) => `${f.name.padEnd(6)} bits ${f.bits.padEnd(5)} = ${f.binary} = ${hex(f.value)}${f.name.startsWith("VPN") ? ` (${f.value})` : ""}`),
      canonical ? "bits 63:39 all equal bit 38: canonical" : "bits 63:39 are NOT all equal to bit 38: not canonical → page fault",
    ],
    fault: !canonical,
  });
  if (!canonical) faultStep = 0;

  const satp = decodeSatp(r.satp);
  if (r.reason === W.WALK_BARE) {
    steps.push({ kind: "satp", title: "No translation", lines: [r.priv === 3 ? "M-mode: addresses are physical" : "satp.MODE = Bare: addresses are physical"] });
  } else if (canonical) {
    steps.push({
      kind: "satp", title: "Root page table from satp",
      lines: [`satp = ${hex(r.satp)}: MODE = ${satp.fields[0].text}, ASID = ${satp.asid}, PPN = ${hex(satp.ppn)}`,
        `root table = PPN × 4096 = ${hex(satp.ppn)} × 0x1000 = ${hex(satp.root)}`],
    });
  }

  r.levels.forEach((l, i) => {
    const last = i === r.levels.length - 1;
    const vpn = vaFields[2 - l.level].value;
    const unread = last && r.reason === W.WALK_PTE_ACCESS_FAULT;
    const isLeaf = !unread && last && r.leafLevel === l.level;
    let verdict: string;
    let fault = false;
    if (unread) { verdict = `the PTE address ${hex(l.pteAddress)} is not in RAM → access fault`; fault = true; }
    else if (last && [W.WALK_INVALID, W.WALK_RESERVED_WX, W.WALK_RESERVED_BITS, W.WALK_NO_LEAF].includes(r.reason)) {
      verdict = `${r.reasonText} → page fault`; fault = true;
    } else if (isLeaf) verdict = `leaf (R/X set): a ${PAGE_SIZE_NAMES[l.level]}`;
    else verdict = `pointer (R = W = X = 0): next table at PPN × 4096 = ${hex(l.ppn << 12n)}`;
    const checks = isLeaf ? leafChecks(r, l) : [];
    if (checks.some((c) => c.state === "fail")) fault = true;
    const step: LevelStep = {
      kind: "level", title: `Level ${l.level}`, level: l.level, tableAddress: l.tableAddress, vpn, pteAddress: l.pteAddress,
      arithmetic: `${hex(l.tableAddress)} + VPN[${l.level}] × 8 = ${hex(l.tableAddress)} + ${hex(vpn)} × 8 = ${hex(l.pteAddress)}`,
      pte: unread ? undefined : l.pte, flags: unread ? undefined : l.flags, ppn: unread ? undefined : l.ppn,
      verdict, leaf: isLeaf, checks, fault,
    };
    const flagText = step.flags ? Object.entries(step.flags).map(([k, v]) => `${k}=${+v}`).join(" ") : "";
    steps.push({
      kind: "level", title: step.title, fault, level: step,
      lines: [
        `table at ${hex(l.tableAddress)}`,
        `PTE address = ${step.arithmetic}`,
        unread ? "PTE: (not readable)" : `PTE = ${hex(l.pte)}  PPN = ${hex(l.ppn)}  ${flagText}`,
        verdict,
        ...checks.map((c) => `${c.state === "pass" ? "✓" : c.state === "fail" ? "✗" : "·"} ${c.name}: ${c.detail}`),
      ],
    });
    if (fault && faultStep < 0) faultStep = steps.length - 1;
  });

  let cause: WalkView["cause"];
  const resultLines: string[] = [];
  if (r.ok) {
    if (r.reason === W.WALK_BARE) resultLines.push(`PA = VA = ${hex(r.pa!)}`);
    else {
      const leafLevel = r.leafLevel;
      const offBits = 12 + 9 * leafLevel;
      const leaf = r.levels[r.levels.length - 1];
      resultLines.push(`PA = (PPN × 4096 with its low ${offBits} bits from the VA) = ${hex((leaf.ppn << 12n) & ~((1n << BigInt(offBits)) - 1n))} | ${hex(r.va & ((1n << BigInt(offBits)) - 1n))} = ${hex(r.pa!)}`);
    }
  } else {
    const code = walkFaultCause(r.reason, r.access);
    cause = { code, name: causeName(BigInt(code)) };
    resultLines.push(`${cause.name} (cause ${code}): ${r.reasonText}`);
    if (faultStep < 0) faultStep = steps.length; // the result step itself
  }
  steps.push({ kind: "result", title: r.ok ? `Physical address ${hex(r.pa!)}` : `Fault: ${cause!.name}`, lines: resultLines, fault: !r.ok });
  return {
    va: r.va, access, priv: privName(r.priv), satp: r.satp, options, vaFields, canonical, steps, ok: r.ok, pa: r.pa,
    reason: r.reason, reasonText: r.reasonText, cause, faultStep,
  };
}
