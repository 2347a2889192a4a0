// `hartnet run-elf FILE`: run a bare-metal RV64 ELF (the riscv-tests convention) on one hart with
// 128 MiB of RAM at 0x8000_0000 and a CLINT, speaking HTIF through the ELF's tohost/fromhost.
//
//   tohost = 1                → pass (exit status 0)
//   tohost odd, ≠ 1           → test number tohost >> 1 failed
//   tohost even, ≠ 0          → pointer to a magic_mem syscall block {which, a0, a1, a2, ...}:
//                               SYS_write (64) to fd 1/2 and SYS_exit (93) are served
//
// Time is deterministic here: mtime advances one tick per 100 retired instructions (as Spike does)
// and jumps to the next timer deadline when the hart waits in wfi with nothing pending.

import { readFile } from "node:fs/promises";
import { Hart } from "../hart";
import { parseElf, ElfError, type ElfImage } from "../elf";
import * as L from "../../wasm/shared/layout";
import { EXIT_WFI } from "../../wasm/shared/exits";
import { InstructionClock } from "../clock";
import { Clint } from "../devices/clint";
import { MENVCFG_STCE_SHIFT } from "../../wasm/shared/csr";
import { ACCESS_FETCH } from "../../wasm/shared/causes";
import { walkVirtual } from "../debug/walk-trace";
import { disassembleWord } from "../debug/disasm";

/** One trace line: mode, pc, the instruction bits and their disassembly (through the current satp). */
function traceLine(hart: Hart): string {
  const pc = hart.pc;
  const mode = hart.priv === 3 ? "M" : hart.priv === 1 ? "S" : "U";
  const w = walkVirtual(hart, hart.field(L.SATP), pc, ACCESS_FETCH, hart.priv, 0);
  let text = "(not mapped)";
  if (w.ok && w.pa !== undefined) {
    try {
      const b = hart.readPhys(w.pa, 4);
      const raw = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
      const d = disassembleWord(raw >>> 0, pc);
      text = `${(d.length === 2 ? d.raw & 0xffff : d.raw >>> 0).toString(16).padStart(d.length * 2, "0").padEnd(8)}  ${d.text}`;
    } catch {
      text = "(not in RAM)";
    }
  }
  return `${mode} ${pc.toString(16).padStart(16, "0")}: ${text}`;
}

export interface RunElfOptions {
  maxInsns?: number;
  trace?: boolean | ((line: string) => void);
  /** Where the program's SYS_write output goes as it happens (the result also collects it). */
  onOutput?: (text: string) => void;
  ramSize?: number;
  /** Instructions per run() call (the host checks HTIF between calls). */
  slice?: number;
}

export interface RunElfResult {
  status: "pass" | "fail" | "exit" | "max-insns" | "error";
  exitCode: number;
  failedTest?: number;
  message: string;
  instructions: number;
  stdout: string;
  seconds: number;
}

const SYS_WRITE = 64n;
const SYS_EXIT = 93n;
const RAM_BASE = 0x8000_0000n;
const CLINT_BASE = 0x0200_0000;
const CLINT_SIZE = 0x1_0000;

/** Run the ELF at `path` (or given as bytes). Never throws for a bad guest; a bad file gives status "error". */
export async function runElf(path: string | Uint8Array, opts: RunElfOptions = {}): Promise<RunElfResult> {
  const started = performance.now();
  const name = typeof path === "string" ? path : "program";
  let image: ElfImage;
  try {
    const bytes = typeof path === "string" ? new Uint8Array(await readFile(path)) : path;
    image = parseElf(bytes, name);
  } catch (e) {
    const msg = e instanceof ElfError ? e.message : `${name}: ${(e as Error).message}`;
    return { status: "error", exitCode: 2, message: msg, instructions: 0, stdout: "", seconds: 0 };
  }
  const ramSize = opts.ramSize ?? 128 * 1024 * 1024;
  const clock = new InstructionClock(100);
  let clint: Clint | undefined;
  const hart = await Hart.create(ramSize, {
    read: (addr, size) => (addr >= CLINT_BASE && addr < CLINT_BASE + CLINT_SIZE ? clint!.read(addr - CLINT_BASE, size) : undefined),
    write: (addr, value, size) => {
      if (addr < CLINT_BASE || addr >= CLINT_BASE + CLINT_SIZE) return false;
      clint!.write(addr - CLINT_BASE, value, size);
      return true;
    },
  });
  clint = new Clint({ clock, harts: [hart.clintHart()] });

  // Load every segment at its physical address; the tail beyond the file bytes is zero.
  for (const seg of image.segments) {
    const end = seg.paddr + seg.memSize;
    if (seg.paddr < RAM_BASE || end > RAM_BASE + BigInt(ramSize)) {
      return {
        status: "error", exitCode: 2, instructions: 0, stdout: "", seconds: 0,
        message: `${name}: segment at 0x${seg.paddr.toString(16)}..0x${end.toString(16)} is outside RAM (0x80000000, ${ramSize >> 20} MiB)`,
      };
    }
    hart.ram().fill(0, Number(seg.paddr - RAM_BASE), Number(end - RAM_BASE));
    hart.writePhys(seg.paddr, seg.data);
  }
  const tohostSym = image.symbols.get("tohost");
  const fromhostSym = image.symbols.get("fromhost");
  if (!tohostSym) {
    return { status: "error", exitCode: 2, message: `${name}: no 'tohost' symbol: the program cannot report a result`, instructions: 0, stdout: "", seconds: 0 };
  }
  hart.reset(image.entry, 0n);

  const maxInsns = opts.maxInsns ?? 2_000_000_000;
  const slice = opts.slice ?? (opts.trace ? 1 : 20_000);
  const trace = typeof opts.trace === "function" ? opts.trace : opts.trace ? (l: string) => process.stderr.write(l + "\n") : undefined;
  let stdout = "";
  const decoder = new TextDecoder();
  const out = (s: string) => {
    stdout += s;
    opts.onOutput?.(s);
  };
  const tohost = tohostSym.value;
  const fromhost = fromhostSym?.value;
  const done = (status: RunElfResult["status"], exitCode: number, message: string, failedTest?: number): RunElfResult => ({
    status, exitCode, message, failedTest, instructions: Number(hart.instret), stdout, seconds: (performance.now() - started) / 1000,
  });
  const read64 = (pa: bigint) => new DataView(hart.readPhys(pa, 8).buffer).getBigUint64(0, true);
  const write64 = (pa: bigint, v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    hart.writePhys(pa, b);
  };

  let lastInstret = 0n;
  while (true) {
    if (trace) trace(traceLine(hart));
    const exit = hart.run(slice);
    // Time follows the instructions retired; wfi skips ahead to the next deadline.
    const now = hart.instret;
    clock.advanceInstructions(now - lastInstret);
    lastInstret = now;
    if (exit === EXIT_WFI) {
      const deadline = nextDeadline(hart);
      if (deadline === undefined) return done("error", 3, `${name}: the hart waits in wfi with no interrupt enabled that could wake it`);
      if (deadline > clock.mtime()) clock.setMtime(deadline);
    }
    hart.setField(L.MTIME, clock.mtime());
    hart.exports.notifyInterrupts();

    const v = read64(tohost);
    if (v !== 0n) {
      write64(tohost, 0n);
      const dev = v >> 56n;
      const cmd = (v >> 48n) & 0xffn;
      if (dev === 1n && cmd === 1n) {
        out(String.fromCharCode(Number(v & 0xffn)));                // console putchar
        if (fromhost !== undefined) write64(fromhost, 1n);
      } else if (v === 1n) {
        return done("pass", 0, `${name}: PASS`);
      } else if ((v & 1n) === 1n) {
        const n = Number(v >> 1n);
        return done("fail", 1, `${name}: FAIL test ${n}`, n);
      } else {
        // A syscall block (magic_mem): {which, a0, a1, a2, ...}
        const which = read64(v);
        const a0 = read64(v + 8n), a1 = read64(v + 16n), a2 = read64(v + 24n);
        if (which === SYS_EXIT) {
          const code = Number(BigInt.asIntN(32, a0));
          return done(code === 0 ? "pass" : "exit", code === 0 ? 0 : code & 0xff || 1, `${name}: exit(${code})`);
        } else if (which === SYS_WRITE && (a0 === 1n || a0 === 2n)) {
          let text = "";
          try { text = decoder.decode(hart.readPhys(a1, Number(a2))); } catch { /* bad buffer: write nothing */ }
          out(text);
          write64(v, a2);
        } else {
          write64(v, BigInt.asUintN(64, -38n)); // -ENOSYS
        }
        if (fromhost !== undefined) write64(fromhost, 1n);
      }
    }
    if (hart.instret >= BigInt(maxInsns)) {
      return done("max-insns", 4, `${name}: stopped after ${maxInsns} instructions (--max-insns) at pc 0x${hart.pc.toString(16)}`);
    }
  }
}

/** The earliest time a timer interrupt could wake the hart, if any is armed and enabled. */
function nextDeadline(hart: Hart): bigint | undefined {
  const mie = hart.field(L.MIE);
  const mip = hart.field(L.MIP) | hart.field(L.HW_IRQ);
  if ((mip & mie) !== 0n) return hart.field(L.MTIME);
  let t: bigint | undefined;
  if (mie & (1n << 7n)) t = hart.field(L.MTIMECMP);
  const stce = (hart.field(L.MENVCFG) >> BigInt(MENVCFG_STCE_SHIFT)) & 1n;
  if (stce && mie & (1n << 5n)) {
    const s = hart.field(L.STIMECMP);
    t = t === undefined || s < t ? s : t;
  }
  if (t === undefined || t === 0xffff_ffff_ffff_ffffn) return undefined;
  return t;
}
