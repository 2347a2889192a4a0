// The hart as TypeScript sees it: the compiled wasm module, its exports, and typed views of the
// state it keeps at fixed offsets (wasm/shared/layout.ts). Loads the same way under Node and in a
// browser Worker.

import * as L from "../wasm/shared/layout";
import { MIP_MSIP } from "../wasm/shared/csr";
import type { ClintHart } from "./devices/clint";

/** The functions the wasm hart exports (wasm/hart.ts). */
export interface HartExports {
  memory: WebAssembly.Memory;
  init(ramBytes: number): number;
  reset(pc: bigint, hartid: bigint): void;
  run(budget: number): number;
  requestStop(): void;
  notifyInterrupts(): void;
  flushCaches(): void;
  debugWalk(satp: bigint, va: bigint, access: number, priv: number, options: number): number;
  decodeOnly(raw: number): number;
  cancelDebugStop(): void;
}

/** The bus the hart calls for every physical access outside RAM and ROM (sizes 1, 2, 4). */
export interface MmioBus {
  /** Returns the value, or undefined when nothing is mapped at `addr` (an access fault). */
  read(addr: number, size: 1 | 2 | 4): number | undefined;
  /** Returns false when nothing is mapped at `addr`. */
  write(addr: number, value: number, size: 1 | 2 | 4): boolean;
}

let modulePromise: Promise<WebAssembly.Module> | undefined;

/** Compile hart.wasm once per thread. */
export function loadHartModule(): Promise<WebAssembly.Module> {
  modulePromise ??= (async () => {
    const url = new URL("../wasm/build/hart.wasm", import.meta.url);
    if (typeof process !== "undefined" && process.versions?.node && url.protocol === "file:") {
      const { readFile } = await import("node:fs/promises");
      return WebAssembly.compile(await readFile(url));
    }
    return WebAssembly.compileStreaming(fetch(url));
  })();
  return modulePromise;
}

/** One hart with its RAM. */
export class Hart {
  readonly exports: HartExports;
  readonly ramSize: number;
  private bus: MmioBus;
  private i64!: BigInt64Array;
  private u64!: BigUint64Array;
  private u8!: Uint8Array;

  private constructor(instance: WebAssembly.Instance, ramSize: number, bus: MmioBus) {
    this.exports = instance.exports as unknown as HartExports;
    this.ramSize = ramSize;
    this.bus = bus;
  }

  /** Instantiate a hart with `ramSize` bytes of RAM (a multiple of 4 KiB) behind `bus`. */
  static async create(ramSize: number, bus: MmioBus): Promise<Hart> {
    if (ramSize <= 0 || ramSize % 4096 !== 0 || ramSize > 0xc000_0000) {
      throw new Error(`RAM size must be a positive multiple of 4 KiB up to 3 GiB, not ${ramSize}`);
    }
    const module = await loadHartModule();
    let hart: Hart | undefined;
    const env = {
      mmioRead: (addr: number, size: number): number => hart!.mmioRead(addr >>> 0, size as 1 | 2 | 4),
      mmioWrite: (addr: number, value: number, size: number): void => hart!.mmioWrite(addr >>> 0, value >>> 0, size as 1 | 2 | 4),
    };
    const instance = await WebAssembly.instantiate(module, { env });
    hart = new Hart(instance, ramSize, bus);
    if (!hart.exports.init(ramSize)) throw new Error(`cannot allocate ${ramSize} bytes of guest RAM`);
    hart.refreshViews();
    hart.exports.reset(0x8000_0000n, 0n);
    return hart;
  }

  private refreshViews(): void {
    const buf = this.exports.memory.buffer;
    this.i64 = new BigInt64Array(buf);
    this.u64 = new BigUint64Array(buf);
    this.u8 = new Uint8Array(buf);
  }

  private mmioRead(addr: number, size: 1 | 2 | 4): number {
    const v = this.bus.read(addr, size);
    if (v === undefined) {
      this.u64[L.MMIO_FAULT / 8] = 1n;
      return 0;
    }
    return v >>> 0;
  }

  private mmioWrite(addr: number, value: number, size: 1 | 2 | 4): void {
    if (!this.bus.write(addr, value, size)) this.u64[L.MMIO_FAULT / 8] = 1n;
  }

  /** Read a 64-bit state field (an offset from layout.ts). */
  field(offset: number): bigint {
    return this.u64[offset / 8];
  }
  setField(offset: number, v: bigint): void {
    this.u64[offset / 8] = BigInt.asUintN(64, v);
  }
  /** Integer register x0..x31. */
  x(i: number): bigint {
    return i === 0 ? 0n : this.u64[(L.X_BASE >> 3) + i];
  }
  setX(i: number, v: bigint): void {
    if (i !== 0) this.u64[(L.X_BASE >> 3) + i] = BigInt.asUintN(64, v);
  }
  /** Floating-point register f0..f31 as raw bits. */
  f(i: number): bigint {
    return this.u64[(L.F_BASE >> 3) + i];
  }
  get pc(): bigint {
    return this.u64[L.PC / 8];
  }
  set pc(v: bigint) {
    this.u64[L.PC / 8] = v;
  }
  get priv(): number {
    return Number(this.u64[L.PRIV / 8]);
  }

  /** Guest RAM as bytes (guest physical 0x8000_0000 is index 0). */
  ram(): Uint8Array {
    return this.u8.subarray(L.RAM_HOST, L.RAM_HOST + this.ramSize);
  }
  /** The 4 KiB boot ROM (guest physical 0x1000). */
  bootRom(): Uint8Array {
    return this.u8.subarray(L.BOOTROM_HOST, L.BOOTROM_HOST + L.BOOTROM_SIZE);
  }
  /** Raw wasm memory (for the debugger's views of the walk trace, TLB and decode cache). */
  memoryBytes(): Uint8Array {
    return this.u8;
  }

  /** Copy `data` into guest physical memory at `pa` (RAM only). */
  writePhys(pa: bigint, data: Uint8Array): void {
    const off = pa - 0x8000_0000n;
    if (off < 0n || off + BigInt(data.length) > BigInt(this.ramSize)) {
      throw new RangeError(`0x${pa.toString(16)}+${data.length} is outside guest RAM`);
    }
    this.ram().set(data, Number(off));
    this.exports.flushCaches();
  }
  readPhys(pa: bigint, length: number): Uint8Array {
    const off = pa - 0x8000_0000n;
    if (off < 0n || off + BigInt(length) > BigInt(this.ramSize)) {
      throw new RangeError(`0x${pa.toString(16)}+${length} is outside guest RAM`);
    }
    return this.ram().slice(Number(off), Number(off) + length);
  }

  /** Run up to `budget` instructions; returns the EXIT_* reason. */
  run(budget: number): number {
    return this.exports.run(budget);
  }
  reset(pc: bigint, hartid = 0n): void {
    this.exports.reset(pc, hartid);
  }
  /** The CLINT's view of this hart: mtimecmp and msip live in the hart's state. */
  clintHart(): ClintHart {
    return {
      mtime: () => this.field(L.MTIME),
      mtimecmp: () => this.field(L.MTIMECMP),
      setMtimecmp: (v) => {
        this.setField(L.MTIMECMP, v);
        this.exports.notifyInterrupts();
      },
      msip: () => (this.field(L.HW_IRQ) & BigInt(MIP_MSIP)) !== 0n,
      setMsip: (level) => this.setIrqBits(BigInt(MIP_MSIP), level),
    };
  }
  /** Raise or lower device-driven mip bits (MSIP, SEIP, MEIP). */
  setIrqBits(mask: bigint, level: boolean): void {
    const old = this.field(L.HW_IRQ);
    const v = level ? old | mask : old & ~mask;
    if (v !== old) {
      this.setField(L.HW_IRQ, v);
      this.exports.notifyInterrupts();
    }
  }

  /** Instructions retired since reset (not the guest-writable minstret: this one only counts up). */
  get instret(): bigint {
    return this.u64[L.INSN_COUNT / 8];
  }
  // Keep a signed view for callers that want it.
  signedField(offset: number): bigint {
    return this.i64[offset / 8];
  }
}
