// A whole node: one hart, its RAM, the devices of QEMU's `virt` map, the device tree, and the boot
// of firmware + kernel + initramfs. Runs the hart in slices; between slices it brings guest time up
// to date, flushes the console, and reports whether the hart is idle (so the caller can sleep).
//
// Physical layout at boot (RAM at 0x8000_0000):
//   0x8000_0000  OpenSBI fw_dynamic          (firmware)
//   0x8020_0000  Linux Image                 (2 MiB aligned, as the RISC-V boot protocol wants)
//   ...          free
//   top - ...    initramfs (plain cpio, 4 KiB aligned)
//   top - 64 KiB device tree blob

import { Hart } from "./hart";
import * as L from "../wasm/shared/layout";
import { EXIT_WFI, EXIT_BREAKPOINT, DBG_FLAG_STEP_OVER } from "../wasm/shared/exits";
import { MIP_MEIP, MIP_SEIP, MIP_MTIP, MIP_STIP, MENVCFG_STCE_SHIFT } from "../wasm/shared/csr";
import { buildBootRom } from "./boot-rom";
import { buildDeviceTree } from "./device-tree";
import {
  memoryRegions, regionAt, RAM_BASE, BOOT_ROM_BASE, PLIC_NUM_SOURCES, PLIC_CONTEXT_M, PLIC_CONTEXT_S, UART0_IRQ,
  TIMEBASE_FREQUENCY, type MemoryRegion, type VirtioSlotConfig,
} from "./memory-map";
import type { MmioDevice, GuestMemory, DeviceLog } from "./devices/device";
import { Clint } from "./devices/clint";
import { Plic } from "./devices/plic";
import { Uart16550 } from "./devices/uart16550";
import { TestDevice, type PowerOffKind } from "./devices/test-device";
import { VirtioMmio } from "./virtio/mmio";
import { VirtioRngDevice } from "./virtio/rng";
import { VirtioBlkDevice } from "./virtio/blk";
import type { VirtioDevice } from "./virtio/device";
import { RealTimeClock } from "./clock";

export const KERNEL_OFFSET = 0x20_0000;
const MIE_MTIE_BIT = BigInt(MIP_MTIP);
const MIE_STIE_BIT = BigInt(MIP_STIP);
const DTB_RESERVE = 64 * 1024;

/** The ISA this hart implements, as the device tree tells Linux. */
export const HART_ISA = {
  base: "rv64imafdc",
  extensions: ["i", "m", "a", "f", "d", "c", "zicsr", "zifencei", "zicntr", "sstc", "svadu"],
};

export interface MachineConfig {
  /** Guest RAM in bytes (default 128 MiB). */
  ramSize?: number;
  firmware: Uint8Array;
  kernel: Uint8Array;
  /** A plain (uncompressed) newc cpio archive. */
  initrd?: Uint8Array;
  bootargs: string;
  disk?: { image: Uint8Array; readOnly?: boolean };
  /** Extra virtio devices (e.g. the network device), by slot. */
  extraVirtio?: { slot: number; type: VirtioSlotConfig["type"]; device: VirtioDevice }[];
  hartId?: number;
  /** Console bytes from the guest's UART. */
  onConsole?: (bytes: Uint8Array) => void;
  onPowerOff?: (kind: PowerOffKind, code: number) => void;
  log?: DeviceLog;
  /** Guest instructions per tick of mtime within a slice (time still follows the host between slices). */
  instructionsPerTick?: number;
  /**
   * "instructions": time is exactly minstret / instructionsPerTick and an idle wfi skips straight to
   * the next timer deadline — QEMU's -icount shift=0,sleep=off, for reproducible counts and for
   * comparing boot work with QEMU. Default "realtime": time follows the host clock.
   */
  timeMode?: "realtime" | "instructions";
}

export type MachineState = "stopped" | "running" | "halted";

export interface SliceResult {
  /** The hart is in wfi: nothing to do until this many host ms pass (or an event arrives). */
  idleMs?: number;
  halted: boolean;
  /** The hart stopped for the debugger (DBG_STOP_* reason, and the pc or watched address). */
  debugStop?: { reason: number; addr: bigint };
}

/** The CPU-side contract of the PLIC's outputs: context 0 → MEIP, context 1 → SEIP. */
function plicToMip(ctx: number): bigint | undefined {
  if (ctx === PLIC_CONTEXT_M) return BigInt(MIP_MEIP);
  if (ctx === PLIC_CONTEXT_S) return BigInt(MIP_SEIP);
  return undefined;
}

export class Machine {
  readonly hart: Hart;
  readonly clock = new RealTimeClock();
  readonly regions: MemoryRegion[];
  readonly uart: Uart16550;
  readonly plic: Plic;
  readonly ramSize: number;
  readonly dtb: Uint8Array;
  readonly layout: { firmware: bigint; kernel: bigint; initrd?: { start: bigint; end: bigint }; dtb: bigint };
  private devices = new Map<string, MmioDevice>();
  private consoleTailBuf = "";
  private powerOff?: { kind: PowerOffKind; code: number };
  private readonly config: MachineConfig;

  private constructor(hart: Hart, config: MachineConfig, parts: {
    regions: MemoryRegion[]; uart: Uart16550; plic: Plic; dtb: Uint8Array; layout: Machine["layout"];
  }) {
    this.hart = hart;
    this.config = config;
    this.ramSize = hart.ramSize;
    this.regions = parts.regions;
    this.uart = parts.uart;
    this.plic = parts.plic;
    this.dtb = parts.dtb;
    this.layout = parts.layout;
  }

  /** Build the machine and load the boot images; the hart is left at the boot ROM's first instruction. */
  static async create(config: MachineConfig): Promise<Machine> {
    const ramSize = config.ramSize ?? 128 * 1024 * 1024;
    const top = BigInt(RAM_BASE) + BigInt(ramSize);
    const firmware = BigInt(RAM_BASE);
    const kernel = BigInt(RAM_BASE + KERNEL_OFFSET);
    if (config.firmware.length > KERNEL_OFFSET) throw new Error(`firmware is ${config.firmware.length} bytes: more than the ${KERNEL_OFFSET} before the kernel`);
    const dtbAddr = top - BigInt(DTB_RESERVE);
    let initrd: { start: bigint; end: bigint } | undefined;
    if (config.initrd) {
      const start = (dtbAddr - BigInt(config.initrd.length)) & ~0xfffn;
      initrd = { start, end: start + BigInt(config.initrd.length) };
      if (start < kernel + BigInt(config.kernel.length) + 0x100_0000n) {
        throw new Error(`initrd (${config.initrd.length} bytes) and kernel (${config.kernel.length} bytes) do not fit in ${ramSize >> 20} MiB of RAM`);
      }
    } else if (kernel + BigInt(config.kernel.length) > dtbAddr) {
      throw new Error(`kernel (${config.kernel.length} bytes) does not fit in ${ramSize >> 20} MiB of RAM`);
    }

    const virtio: VirtioSlotConfig[] = [{ slot: 1, type: "rng" }];
    if (config.disk) virtio.push({ slot: 2, type: "blk" });
    for (const x of config.extraVirtio ?? []) virtio.push({ slot: x.slot, type: x.type });
    const regions = memoryRegions({ ramSize, virtio });

    // The hart's bus: every physical access that is not RAM/ROM comes here.
    let machine: Machine | undefined;
    const hart = await Hart.create(ramSize, {
      read: (addr, size) => machine!.mmioRead(addr, size),
      write: (addr, value, size) => machine!.mmioWrite(addr, value, size),
    });

    const log = config.log;
    const plic = new Plic({
      sources: PLIC_NUM_SOURCES, contexts: 2, log,
      onContextIrq: (ctx, level) => {
        const bit = plicToMip(ctx);
        if (bit !== undefined) hart.setIrqBits(bit, level);
      },
    });
    const uart = new Uart16550({
      irq: plic.irqLine(UART0_IRQ), batchTransmit: true, log,
      onTransmit: (bytes) => machine!.consoleOut(bytes),
    });
    const dtb = buildDeviceTree({
      ramSize, virtio, bootargs: config.bootargs, initrd, harts: 1, isa: HART_ISA, timebaseFrequency: TIMEBASE_FREQUENCY,
      rngSeed: crypto.getRandomValues(new Uint8Array(32)),
    });
    if (dtb.length > DTB_RESERVE) throw new Error(`device tree is ${dtb.length} bytes, more than ${DTB_RESERVE}`);

    machine = new Machine(hart, config, { regions, uart, plic, dtb, layout: { firmware, kernel, initrd, dtb: dtbAddr } });
    const memory: GuestMemory = { ramBase: RAM_BASE, ramSize, bytes: () => hart.ram() };
    const clint = new Clint({ harts: [hart.clintHart()], clock: { mtime: () => machine!.now(), setMtime: (v) => machine!.setNow(v) }, log });
    const test = new TestDevice({ log, onPowerOff: (kind, code) => machine!.onPowerOff(kind, code) });
    for (const r of regions) {
      switch (r.device) {
        case "clint": machine.devices.set(r.name, clint); break;
        case "plic": machine.devices.set(r.name, plic); break;
        case "uart": machine.devices.set(r.name, uart); break;
        case "test": machine.devices.set(r.name, test); break;
        case "virtio": {
          const slot = r.virtio!.slot;
          const extra = config.extraVirtio?.find((x) => x.slot === slot);
          const device: VirtioDevice = extra?.device ??
            (r.virtio!.type === "rng" ? new VirtioRngDevice() : new VirtioBlkDevice({ image: config.disk!.image, readOnly: config.disk!.readOnly }));
          machine.devices.set(r.name, new VirtioMmio({ device, memory, irq: plic.irqLine(r.irq!), log }));
          break;
        }
      }
    }
    machine.loadImages();
    return machine;
  }

  /** Put firmware, kernel, initrd, DTB and the boot ROM in place and reset the hart to the ROM. */
  private loadImages(): void {
    const c = this.config;
    // RAM is fresh from memory.grow, so already zero: only the images are copied in.
    this.hart.writePhys(this.layout.firmware, c.firmware);
    this.hart.writePhys(this.layout.kernel, c.kernel);
    if (c.initrd && this.layout.initrd) this.hart.writePhys(this.layout.initrd.start, c.initrd);
    this.hart.writePhys(this.layout.dtb, this.dtb);
    this.hart.bootRom().set(buildBootRom({ firmwareEntry: this.layout.firmware, dtbAddress: this.layout.dtb, nextAddress: this.layout.kernel }));
    this.hart.reset(BigInt(BOOT_ROM_BASE), BigInt(c.hartId ?? 0));
    this.hart.setField(L.TIME_INSNS_PER_TICK, BigInt(c.instructionsPerTick ?? 100));
    this.anchorTime();
  }

  // ---- the bus ------------------------------------------------------------------------------------

  private lastRegion: MemoryRegion | undefined;
  private mmioRead(addr: number, size: 1 | 2 | 4): number | undefined {
    const r = this.region(addr, size);
    if (!r) return undefined;
    return this.devices.get(r.name)!.read(addr - r.base, size);
  }
  private mmioWrite(addr: number, value: number, size: 1 | 2 | 4): boolean {
    const r = this.region(addr, size);
    if (!r) return false;
    this.devices.get(r.name)!.write(addr - r.base, value, size);
    return true;
  }
  private region(addr: number, size: number): MemoryRegion | undefined {
    let r = this.lastRegion;
    if (!r || addr < r.base || addr + size > r.base + r.size) {
      r = regionAt(this.regions, addr);
      if (!r || addr + size > r.base + r.size || !this.devices.has(r.name)) return undefined;
      this.lastRegion = r;
    }
    return r;
  }

  // ---- time ------------------------------------------------------------------------------------------

  /** Guest time as the hart sees it now. */
  now(): bigint {
    const per = this.hart.field(L.TIME_INSNS_PER_TICK);
    const base = this.hart.field(L.MTIME);
    if (per === 0n) return base;
    return base + (this.hart.instret - this.hart.field(L.MTIME_INSTRET)) / per;
  }
  private setNow(v: bigint): void {
    this.clock.setMtime(v);
    this.anchorTime();
  }
  /** Re-anchor the hart's time to the host clock, never letting it run backwards. */
  private anchorTime(): void {
    if (this.config.timeMode === "instructions") return; // time = instret / ticks, set once at reset
    const guest = this.now();
    let t = this.clock.mtime();
    if (t < guest) {
      this.clock.setMtime(guest);
      t = guest;
    }
    this.hart.setField(L.MTIME, t);
    this.hart.setField(L.MTIME_INSTRET, this.hart.instret);
    this.hart.exports.notifyInterrupts();
  }

  /** The earliest mtime at which an enabled timer interrupt fires, if any. */
  nextTimerDeadline(): bigint | undefined {
    const mie = this.hart.field(L.MIE);
    let t: bigint | undefined;
    if (mie & MIE_MTIE_BIT) t = this.hart.field(L.MTIMECMP);
    const stce = (this.hart.field(L.MENVCFG) >> BigInt(MENVCFG_STCE_SHIFT)) & 1n;
    if (stce && mie & MIE_STIE_BIT) {
      const s = this.hart.field(L.STIMECMP);
      if (t === undefined || s < t) t = s;
    }
    return t;
  }

  // ---- running ------------------------------------------------------------------------------------------

  /**
   * Run one slice of at most `budget` instructions. Returns whether the machine halted and, when the
   * hart waits in wfi, how long the host may sleep before the next timer interrupt is due.
   */
  runSlice(budget: number): SliceResult {
    if (this.powerOff) return { halted: true };
    this.anchorTime();
    const exit = this.hart.run(budget);
    this.uart.flushTransmit();
    if (this.powerOff) return { halted: true };
    if (exit === EXIT_WFI) {
      const deadline = this.nextTimerDeadline();
      if (this.config.timeMode === "instructions") {
        // Skip the idle time: move the time base so that now() reaches the deadline.
        if (deadline !== undefined && deadline > this.now()) {
          this.hart.setField(L.MTIME, this.hart.field(L.MTIME) + (deadline - this.now()));
          this.hart.exports.notifyInterrupts();
        }
        return { halted: false, idleMs: deadline === undefined ? 1000 : 0 };
      }
      const ms = deadline === undefined ? 1000 : this.clock.msUntil(deadline);
      return { halted: false, idleMs: ms };
    }
    if (exit === EXIT_BREAKPOINT) {
      return { halted: false, debugStop: { reason: Number(this.hart.field(L.EXIT_ARG)), addr: this.hart.field(L.DBG_STOP_ADDR) } };
    }
    return { halted: false };
  }

  /** The next fetch skips the PC-breakpoint check once (resuming or stepping from a breakpoint). */
  stepOverBreakpoint(): void {
    this.hart.setField(L.DBG_FLAGS, this.hart.field(L.DBG_FLAGS) | BigInt(DBG_FLAG_STEP_OVER));
  }

  /** Type bytes at the console (the UART's receiver). */
  sendConsole(bytes: Uint8Array | string): void {
    this.uart.receive(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes);
    this.hart.exports.requestStop();
  }

  get halted(): { kind: PowerOffKind; code: number } | undefined {
    return this.powerOff;
  }

  /** The last console output (up to 8 KiB), for error reports such as a kernel panic. */
  consoleTail(): string {
    return this.consoleTailBuf;
  }

  private consoleOut(bytes: Uint8Array): void {
    this.consoleTailBuf = (this.consoleTailBuf + new TextDecoder().decode(bytes)).slice(-8192);
    this.config.onConsole?.(bytes);
  }

  private onPowerOff(kind: PowerOffKind, code: number): void {
    this.powerOff = { kind, code };
    this.hart.exports.requestStop();
    this.config.onPowerOff?.(kind, code);
  }
}
