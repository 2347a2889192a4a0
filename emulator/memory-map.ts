// The machine's physical memory map, declared once (style habit 9). The bus
// dispatches by these regions and the device tree is written from the same list,
// so the two can never disagree. Addresses follow QEMU's riscv `virt` machine
// (hw/riscv/virt.c, virt_memmap[]) so stock OpenSBI and Linux drivers work and a
// node can be compared with QEMU line by line.
//
//   0x0000_1000  boot ROM           reset stub: a0 = hartid, a1 = DTB address
//   0x0010_0000  test device        sifive,test0: poweroff / reboot
//   0x0200_0000  CLINT              msip, mtimecmp, mtime
//   0x0c00_0000  PLIC               external interrupts, M and S context per hart
//   0x1000_0000  UART0              ns16550a, PLIC source 10
//   0x1000_1000  virtio-mmio slot 0 PLIC source 1 (slot n at + n*0x1000, source 1+n)
//   0x8000_0000  RAM

export const BOOT_ROM_BASE = 0x0000_1000;
/** The lead's reset stub fits in one page (QEMU's mrom is 0xf000 long). */
export const BOOT_ROM_SIZE = 0x1000;

export const TEST_BASE = 0x0010_0000;
export const TEST_SIZE = 0x1000;

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;

export const PLIC_BASE = 0x0c00_0000;
export const PLIC_SIZE = 0x60_0000;
/** Interrupt sources 1..PLIC_NUM_SOURCES (source 0 means "no interrupt"). QEMU
 *  virt has 96 source slots (VIRT_IRQCHIP_NUM_SOURCES), i.e. ids 1..95. */
export const PLIC_NUM_SOURCES = 95;
/** PLIC contexts per hart: 0 = M-mode external, 1 = S-mode external (as QEMU virt). */
export const PLIC_CONTEXTS_PER_HART = 2;
export const PLIC_CONTEXT_M = 0;
export const PLIC_CONTEXT_S = 1;

export const UART0_BASE = 0x1000_0000;
export const UART0_SIZE = 0x100;
export const UART0_IRQ = 10;
/** The ns16550a input clock QEMU advertises (1.8432 MHz * 2). */
export const UART0_CLOCK_FREQUENCY = 3_686_400;

export const VIRTIO_MMIO_BASE = 0x1000_1000;
export const VIRTIO_MMIO_STRIDE = 0x1000;
export const VIRTIO_MMIO_SIZE = 0x1000;
export const VIRTIO_MMIO_SLOTS = 8;
/** PLIC source of virtio slot 0; slot n uses VIRTIO_MMIO_IRQ_BASE + n. */
export const VIRTIO_MMIO_IRQ_BASE = 1;

export const RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;

/** The clock the CLINT's mtime counts and the device tree states. */
export const TIMEBASE_FREQUENCY = 10_000_000;

export type VirtioDeviceType = 'net' | 'blk' | 'rng';

export interface VirtioSlotConfig {
  /** 0 .. VIRTIO_MMIO_SLOTS-1 */
  readonly slot: number;
  readonly type: VirtioDeviceType;
}

/** The part of a node's configuration that decides its memory map. */
export interface MemoryMapConfig {
  readonly ramSize: number;
  /** Only the listed slots are mapped (and appear in the device tree). */
  readonly virtio: readonly VirtioSlotConfig[];
}

export type RegionDevice = 'boot-rom' | 'test' | 'clint' | 'plic' | 'uart' | 'virtio' | 'ram';

export interface MemoryRegion {
  /** Unique, stable: 'boot-rom', 'test', 'clint', 'plic', 'uart0', 'virtio0'..'virtio7', 'ram'. */
  readonly name: string;
  readonly base: number;
  /** The region is the half-open range [base, base + size). */
  readonly size: number;
  readonly device: RegionDevice;
  /** PLIC source number, for devices wired to the PLIC. */
  readonly irq?: number;
  /** For device 'virtio': which slot and what sits in it. */
  readonly virtio?: VirtioSlotConfig;
}

/** Base address of virtio-mmio slot `slot`. */
export function virtioSlotBase(slot: number): number {
  return VIRTIO_MMIO_BASE + slot * VIRTIO_MMIO_STRIDE;
}

/** PLIC source of virtio-mmio slot `slot`. */
export function virtioSlotIrq(slot: number): number {
  return VIRTIO_MMIO_IRQ_BASE + slot;
}

/** The fixed part of the map: every node has these. */
const FIXED_REGIONS: readonly MemoryRegion[] = [
  { name: 'boot-rom', base: BOOT_ROM_BASE, size: BOOT_ROM_SIZE, device: 'boot-rom' },
  { name: 'test', base: TEST_BASE, size: TEST_SIZE, device: 'test' },
  { name: 'clint', base: CLINT_BASE, size: CLINT_SIZE, device: 'clint' },
  { name: 'plic', base: PLIC_BASE, size: PLIC_SIZE, device: 'plic' },
  { name: 'uart0', base: UART0_BASE, size: UART0_SIZE, device: 'uart', irq: UART0_IRQ },
];

/**
 * Lists the node's regions in ascending address order. Throws (a host
 * configuration bug, not a guest mistake) on a bad slot number, a slot used
 * twice, a RAM size that is not a positive multiple of 4 KiB, or overlaps.
 */
export function memoryRegions(config: MemoryMapConfig): MemoryRegion[] {
  const { ramSize } = config;
  if (!Number.isSafeInteger(ramSize) || ramSize <= 0 || ramSize % 4096 !== 0) {
    throw new Error(`memory map: RAM size ${ramSize} is not a positive multiple of 4 KiB`);
  }
  const regions: MemoryRegion[] = [...FIXED_REGIONS];
  const used = new Set<number>();
  for (const v of config.virtio) {
    if (!Number.isInteger(v.slot) || v.slot < 0 || v.slot >= VIRTIO_MMIO_SLOTS) {
      throw new Error(`memory map: virtio slot ${v.slot} outside 0..${VIRTIO_MMIO_SLOTS - 1}`);
    }
    if (used.has(v.slot)) throw new Error(`memory map: virtio slot ${v.slot} used twice`);
    used.add(v.slot);
    regions.push({
      name: `virtio${v.slot}`,
      base: virtioSlotBase(v.slot),
      size: VIRTIO_MMIO_SIZE,
      device: 'virtio',
      irq: virtioSlotIrq(v.slot),
      virtio: v,
    });
  }
  regions.push({ name: 'ram', base: RAM_BASE, size: ramSize, device: 'ram' });
  regions.sort((a, b) => a.base - b.base);
  for (let i = 1; i < regions.length; i++) {
    const prev = regions[i - 1]!;
    if (prev.base + prev.size > regions[i]!.base) {
      throw new Error(`memory map: ${prev.name} overlaps ${regions[i]!.name}`);
    }
  }
  return regions;
}

/** The region holding guest-physical address `address`, or undefined (unmapped).
 *  `regions` must be sorted by base, as memoryRegions returns them. */
export function regionAt(regions: readonly MemoryRegion[], address: number): MemoryRegion | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid]!;
    if (address < r.base) hi = mid - 1;
    else if (address >= r.base + r.size) lo = mid + 1;
    else return r;
  }
  return undefined;
}
