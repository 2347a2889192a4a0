// PLIC: the RISC-V platform-level interrupt controller (compatible
// "sifive,plic-1.0.0", "riscv,plic0"), register layout as in the RISC-V PLIC
// specification and QEMU virt:
//
//   0x000000 + 4*src            priority of source src (1..N; source 0 does not exist)
//   0x001000 + 4*word           pending bits, 32 sources per word (read-only)
//   0x002000 + 0x80*ctx + 4*w   enable bits of context ctx
//   0x200000 + 0x1000*ctx + 0   priority threshold of context ctx
//   0x200000 + 0x1000*ctx + 4   claim (read) / complete (write) of context ctx
//
// Sources are level-triggered. The gateway model (PLIC spec, "Interrupt
// Gateways"): a source whose line is high and which is not in service is
// pending; a claim clears pending and puts the source in service; a complete
// takes it out of service, so if the line is still high it becomes pending again.
// A context's output is high while some enabled pending source has a priority
// above the context's threshold.

import { type AccessSize, type DeviceLog, type IrqLine, type MmioDevice, extractSubword, mergeSubword, onceLog } from './device.js';

export const PLIC_PRIORITY = 0x000000;
export const PLIC_PENDING = 0x001000;
export const PLIC_ENABLE = 0x002000;
export const PLIC_ENABLE_STRIDE = 0x80;
export const PLIC_CONTEXT = 0x200000;
export const PLIC_CONTEXT_STRIDE = 0x1000;
export const PLIC_CONTEXT_THRESHOLD = 0x0;
export const PLIC_CONTEXT_CLAIM = 0x4;
/** QEMU virt implements 7 priority levels (3 bits); 0 means "never interrupt". */
export const PLIC_PRIORITY_MASK = 0x7;
/** The spec's limits: 1023 sources, 15872 contexts. */
export const PLIC_MAX_SOURCES = 1023;
export const PLIC_MAX_CONTEXTS = 15872;

export interface PlicOptions {
  /** Number of sources; ids are 1..sources. */
  sources: number;
  /** Number of contexts (2 per hart on virt: M then S). */
  contexts: number;
  /** Called whenever a context's output level changes. */
  onContextIrq: (context: number, level: boolean) => void;
  log?: DeviceLog;
}

export class Plic implements MmioDevice {
  readonly name = 'plic';
  readonly sources: number;
  readonly contexts: number;
  private readonly words: number; // 32-bit words of pending/enable bits
  private readonly priority: Uint32Array; // [src]
  private readonly line: Uint8Array; // [src] input level
  private readonly inService: Uint8Array; // [src] claimed, not yet completed
  private readonly pending: Uint32Array; // [word]
  private readonly enable: Uint32Array; // [ctx * words + word]
  private readonly threshold: Uint32Array; // [ctx]
  private readonly output: Uint8Array; // [ctx] last level reported
  private readonly onContextIrq: (context: number, level: boolean) => void;
  private readonly warn: (key: string, message?: string) => void;

  constructor(options: PlicOptions) {
    const { sources, contexts } = options;
    if (!Number.isInteger(sources) || sources < 1 || sources > PLIC_MAX_SOURCES) {
      throw new Error(`plic: ${sources} sources, expected 1..${PLIC_MAX_SOURCES}`);
    }
    if (!Number.isInteger(contexts) || contexts < 1 || contexts > PLIC_MAX_CONTEXTS) {
      throw new Error(`plic: ${contexts} contexts, expected 1..${PLIC_MAX_CONTEXTS}`);
    }
    this.sources = sources;
    this.contexts = contexts;
    this.words = (sources + 1 + 31) >>> 5;
    this.priority = new Uint32Array(sources + 1);
    this.line = new Uint8Array(sources + 1);
    this.inService = new Uint8Array(sources + 1);
    this.pending = new Uint32Array(this.words);
    this.enable = new Uint32Array(contexts * this.words);
    this.threshold = new Uint32Array(contexts);
    this.output = new Uint8Array(contexts);
    this.onContextIrq = options.onContextIrq;
    this.warn = onceLog(options.log);
  }

  /** The input wire of source `src` (1..sources), for a device to drive. */
  irqLine(src: number): IrqLine {
    if (!Number.isInteger(src) || src < 1 || src > this.sources) {
      throw new Error(`plic: no source ${src} (1..${this.sources})`);
    }
    return { set: (level: boolean) => this.setLine(src, level) };
  }

  /** Drives source `src`'s input line (level-triggered). */
  setLine(src: number, level: boolean): void {
    this.line[src] = level ? 1 : 0;
    this.gateway(src);
    this.update();
  }

  /** Whether source `src` is pending (for tests and the debugger). */
  isPending(src: number): boolean {
    return (this.pending[src >>> 5]! & (1 << (src & 31))) !== 0;
  }

  /** Current output level of `context`. */
  contextLevel(context: number): boolean {
    return this.output[context] === 1;
  }

  read(offset: number, size: AccessSize): number {
    const aligned = offset & ~3;
    // A claim has a side effect; only a read that covers the claim register's low byte claims.
    return extractSubword(this.readWord(aligned, (offset & 3) === 0), offset, size);
  }

  write(offset: number, value: number, size: AccessSize): void {
    const aligned = offset & ~3;
    if (size !== 4) {
      // Rare: merge with the current value, but never claim while doing so.
      value = mergeSubword(this.readWord(aligned, false), offset, value, size);
    }
    this.writeWord(aligned, value);
  }

  // ---------------------------------------------------------------------------

  private readWord(offset: number, claimAllowed: boolean): number {
    if (offset < PLIC_PENDING) {
      const src = (offset - PLIC_PRIORITY) >>> 2;
      return src >= 1 && src <= this.sources ? this.priority[src]! : 0;
    }
    if (offset < PLIC_ENABLE) {
      const w = (offset - PLIC_PENDING) >>> 2;
      return w < this.words ? this.pending[w]! : 0;
    }
    if (offset < PLIC_CONTEXT) {
      const rel = offset - PLIC_ENABLE;
      const ctx = Math.floor(rel / PLIC_ENABLE_STRIDE);
      const w = (rel % PLIC_ENABLE_STRIDE) >>> 2;
      return ctx < this.contexts && w < this.words ? this.enable[ctx * this.words + w]! : 0;
    }
    const rel = offset - PLIC_CONTEXT;
    const ctx = Math.floor(rel / PLIC_CONTEXT_STRIDE);
    const reg = rel % PLIC_CONTEXT_STRIDE;
    if (ctx < this.contexts) {
      if (reg === PLIC_CONTEXT_THRESHOLD) return this.threshold[ctx]!;
      if (reg === PLIC_CONTEXT_CLAIM) return claimAllowed ? this.claim(ctx) : 0;
    }
    this.warn(`read:${offset}`, `plic: read of unimplemented offset 0x${offset.toString(16)}`);
    return 0;
  }

  private writeWord(offset: number, value: number): void {
    if (offset < PLIC_PENDING) {
      const src = (offset - PLIC_PRIORITY) >>> 2;
      if (src >= 1 && src <= this.sources) {
        this.priority[src] = value & PLIC_PRIORITY_MASK;
        this.update();
      }
      return;
    }
    if (offset < PLIC_ENABLE) {
      // Pending bits are read-only on the PLIC (set by gateways, cleared by claims).
      this.warn('write:pending', `plic: write to read-only pending bits ignored`);
      return;
    }
    if (offset < PLIC_CONTEXT) {
      const rel = offset - PLIC_ENABLE;
      const ctx = Math.floor(rel / PLIC_ENABLE_STRIDE);
      const w = (rel % PLIC_ENABLE_STRIDE) >>> 2;
      if (ctx < this.contexts && w < this.words) {
        this.enable[ctx * this.words + w] = value & this.validBits(w);
        this.update();
      }
      return;
    }
    const rel = offset - PLIC_CONTEXT;
    const ctx = Math.floor(rel / PLIC_CONTEXT_STRIDE);
    const reg = rel % PLIC_CONTEXT_STRIDE;
    if (ctx < this.contexts && reg === PLIC_CONTEXT_THRESHOLD) {
      this.threshold[ctx] = value & PLIC_PRIORITY_MASK;
      this.update();
      return;
    }
    if (ctx < this.contexts && reg === PLIC_CONTEXT_CLAIM) {
      this.complete(ctx, value);
      return;
    }
    this.warn(`write:${offset}`, `plic: write to unimplemented offset 0x${offset.toString(16)} ignored`);
  }

  /** Bits of enable/pending word `w` that name real sources (bit 0 of word 0 is source 0: none). */
  private validBits(w: number): number {
    let mask = 0xffff_ffff;
    if (w === 0) mask &= ~1;
    const last = this.sources - w * 32; // highest valid bit index in this word
    if (last < 31) mask &= (2 ** (last + 1) - 1);
    return mask >>> 0;
  }

  /** Gateway: pending follows the line while the source is not in service. */
  private gateway(src: number): void {
    const w = src >>> 5;
    const bit = 1 << (src & 31);
    if (this.line[src] && !this.inService[src]) this.pending[w] = (this.pending[w]! | bit) >>> 0;
    else if (!this.line[src]) this.pending[w] = (this.pending[w]! & ~bit) >>> 0;
  }

  /** The best source for `ctx`: enabled, pending, priority above threshold; ties go to the lowest id. 0 if none. */
  private best(ctx: number): number {
    let bestSrc = 0;
    let bestPrio = this.threshold[ctx]!;
    const base = ctx * this.words;
    for (let w = 0; w < this.words; w++) {
      let bits = this.pending[w]! & this.enable[base + w]!;
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits); // lowest set bit first
        bits &= bits - 1;
        const src = w * 32 + b;
        const p = this.priority[src]!;
        if (p > bestPrio) {
          bestPrio = p;
          bestSrc = src;
        }
      }
    }
    return bestSrc;
  }

  /** PLIC spec "Interrupt Claim Process": returns the id and clears its pending bit, or 0. */
  private claim(ctx: number): number {
    const src = this.best(ctx);
    if (src !== 0) {
      this.pending[src >>> 5] = (this.pending[src >>> 5]! & ~(1 << (src & 31))) >>> 0;
      this.inService[src] = 1;
      this.update();
    }
    return src;
  }

  /** PLIC spec "Interrupt Completion": "If the completion ID does not match an interrupt
   *  source that is currently enabled for the target, the completion is silently ignored." */
  private complete(ctx: number, src: number): void {
    if (src < 1 || src > this.sources) return;
    const enabled = (this.enable[ctx * this.words + (src >>> 5)]! & (1 << (src & 31))) !== 0;
    if (!enabled) {
      this.warn(`complete:${src}`, `plic: completion of source ${src} not enabled for context ${ctx} ignored`);
      return;
    }
    this.inService[src] = 0;
    this.gateway(src);
    this.update();
  }

  /** Recomputes each context's output and reports changes. */
  private update(): void {
    for (let ctx = 0; ctx < this.contexts; ctx++) {
      const level = this.best(ctx) !== 0 ? 1 : 0;
      if (level !== this.output[ctx]) {
        this.output[ctx] = level;
        this.onContextIrq(ctx, level === 1);
      }
    }
  }
}
