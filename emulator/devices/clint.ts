// CLINT: the SiFive core-local interruptor (compatible "sifive,clint0",
// "riscv,clint0"), laid out as the ACLINT MSWI + MTIMER pair QEMU virt uses:
//
//   0x0000 + 4*hart   msip[hart]      32-bit, bit 0 = machine software interrupt pending
//   0x4000 + 8*hart   mtimecmp[hart]  64-bit
//   0xbff8            mtime           64-bit, counts at the timebase frequency
//
// The timer state lives in the hart (wasm memory), so this device only forwards:
// mtime to the machine's Clock, mtimecmp and msip to each ClintHart. 64-bit
// registers are reached as two 32-bit halves (the hart splits RV64 8-byte
// accesses into low word then high word); each half is read and written alone.

import {
  type AccessSize,
  type DeviceLog,
  type MmioDevice,
  extractSubword,
  half64,
  mergeSubword,
  onceLog,
  withHalf64,
} from './device.js';

export const CLINT_MSIP = 0x0000;
export const CLINT_MSIP_STRIDE = 4;
export const CLINT_MTIMECMP = 0x4000;
export const CLINT_MTIMECMP_STRIDE = 8;
export const CLINT_MTIME = 0xbff8;
/** Only bit 0 of msip is implemented; the rest read as zero. */
export const CLINT_MSIP_BIT = 0x1;
/** ACLINT allows up to 4095 harts per MSWI/MTIMER device. */
export const CLINT_MAX_HARTS = 4095;

/** The hart-side timer and software-interrupt state the CLINT reads and writes. */
export interface ClintHart {
  mtime(): bigint;
  mtimecmp(): bigint;
  setMtimecmp(v: bigint): void;
  setMsip(level: boolean): void;
  msip(): boolean;
}

/** The machine's time source at the timebase frequency (10 MHz). */
export interface Clock {
  mtime(): bigint;
  setMtime(v: bigint): void;
}

export interface ClintOptions {
  /** harts[i] is the hart with hartid i. */
  harts: readonly ClintHart[];
  clock: Clock;
  log?: DeviceLog;
}

const MASK64 = 0xffff_ffff_ffff_ffffn;

export class Clint implements MmioDevice {
  readonly name = 'clint';
  private readonly harts: readonly ClintHart[];
  private readonly clock: Clock;
  private readonly warn: (key: string, message?: string) => void;
  /** mtime as sampled by the last access, if that access read mtime's low word. */
  private mtimeSnapshot: bigint | undefined;

  constructor(options: ClintOptions) {
    if (options.harts.length < 1 || options.harts.length > CLINT_MAX_HARTS) {
      throw new Error(`clint: ${options.harts.length} harts, expected 1..${CLINT_MAX_HARTS}`);
    }
    this.harts = options.harts;
    this.clock = options.clock;
    this.warn = onceLog(options.log);
  }

  read(offset: number, size: AccessSize): number {
    const aligned = offset & ~3;
    // An RV64 `ld` of mtime arrives as low word then high word while the clock keeps
    // running; the high half read right after the low half comes from the same
    // sample, so a carry between the two reads cannot tear the value.
    const snapshot = this.mtimeSnapshot;
    this.mtimeSnapshot = undefined;
    if (aligned === CLINT_MTIME) {
      this.mtimeSnapshot = this.clock.mtime();
      return extractSubword(half64(this.mtimeSnapshot, 0), offset, size);
    }
    if (aligned === CLINT_MTIME + 4 && snapshot !== undefined) {
      return extractSubword(half64(snapshot, 4), offset, size);
    }
    return extractSubword(this.readWord(aligned), offset, size);
  }

  write(offset: number, value: number, size: AccessSize): void {
    this.mtimeSnapshot = undefined;
    const aligned = offset & ~3;
    const word = size === 4 ? value : mergeSubword(this.readWord(aligned), offset, value, size);
    this.writeWord(aligned, word);
  }

  /** The 32-bit word at 4-aligned `offset`; 0 for holes. */
  private readWord(offset: number): number {
    const reg = this.decode(offset);
    switch (reg.kind) {
      case 'msip':
        return reg.hart.msip() ? CLINT_MSIP_BIT : 0;
      case 'mtimecmp':
        return half64(reg.hart.mtimecmp(), reg.within);
      case 'mtime':
        return half64(this.clock.mtime(), reg.within);
      case 'none':
        this.warn(`read:${offset}`, `clint: read of unimplemented offset 0x${offset.toString(16)}`);
        return 0;
    }
  }

  private writeWord(offset: number, word: number): void {
    const reg = this.decode(offset);
    switch (reg.kind) {
      case 'msip':
        reg.hart.setMsip((word & CLINT_MSIP_BIT) !== 0);
        return;
      case 'mtimecmp':
        reg.hart.setMtimecmp(withHalf64(reg.hart.mtimecmp(), reg.within, word) & MASK64);
        return;
      case 'mtime':
        this.clock.setMtime(withHalf64(this.clock.mtime(), reg.within, word) & MASK64);
        return;
      case 'none':
        this.warn(`write:${offset}`, `clint: write to unimplemented offset 0x${offset.toString(16)} ignored`);
        return;
    }
  }

  /** Which register a 4-aligned offset falls in; `within` is 0 (low half) or 4 (high half). */
  private decode(offset: number):
    | { kind: 'msip' | 'mtimecmp'; hart: ClintHart; within: number }
    | { kind: 'mtime'; within: number }
    | { kind: 'none' } {
    const n = this.harts.length;
    if (offset >= CLINT_MSIP && offset < CLINT_MSIP + n * CLINT_MSIP_STRIDE) {
      return { kind: 'msip', hart: this.harts[(offset - CLINT_MSIP) / CLINT_MSIP_STRIDE]!, within: 0 };
    }
    if (offset >= CLINT_MTIMECMP && offset < CLINT_MTIMECMP + n * CLINT_MTIMECMP_STRIDE) {
      const rel = offset - CLINT_MTIMECMP;
      return { kind: 'mtimecmp', hart: this.harts[Math.floor(rel / CLINT_MTIMECMP_STRIDE)]!, within: rel & 4 };
    }
    if (offset === CLINT_MTIME || offset === CLINT_MTIME + 4) {
      return { kind: 'mtime', within: offset - CLINT_MTIME };
    }
    return { kind: 'none' };
  }
}
