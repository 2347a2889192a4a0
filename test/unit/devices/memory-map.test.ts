import { describe, expect, it } from 'vitest';
import { CLINT_BASE, PLIC_BASE, RAM_BASE, UART0_BASE, memoryRegions, regionAt, virtioSlotBase, virtioSlotIrq } from '../../../emulator/memory-map.js';

describe('memory map', () => {
  const regions = memoryRegions({ ramSize: 64 << 20, virtio: [{ slot: 3, type: 'net' }, { slot: 0, type: 'blk' }] });

  it('lists the QEMU virt regions in address order with their PLIC sources', () => {
    expect(regions.map((r) => [r.name, r.base, r.size, r.irq])).toEqual([
      ['boot-rom', 0x1000, 0x1000, undefined],
      ['test', 0x10_0000, 0x1000, undefined],
      ['clint', 0x200_0000, 0x1_0000, undefined],
      ['plic', 0xc00_0000, 0x60_0000, undefined],
      ['uart0', 0x1000_0000, 0x100, 10],
      ['virtio0', 0x1000_1000, 0x1000, 1],
      ['virtio3', 0x1000_4000, 0x1000, 4],
      ['ram', 0x8000_0000, 64 << 20, undefined],
    ]);
    expect(regions.find((r) => r.name === 'virtio3')!.virtio).toEqual({ slot: 3, type: 'net' });
    expect(virtioSlotBase(7)).toBe(0x1000_8000);
    expect(virtioSlotIrq(7)).toBe(8);
  });

  it('finds the region of an address, half-open, or none', () => {
    expect(regionAt(regions, CLINT_BASE + 0xbff8)?.name).toBe('clint');
    expect(regionAt(regions, PLIC_BASE + 0x60_0000)).toBeUndefined();
    expect(regionAt(regions, UART0_BASE + 0xff)?.name).toBe('uart0');
    expect(regionAt(regions, UART0_BASE + 0x100)).toBeUndefined();
    expect(regionAt(regions, RAM_BASE + (64 << 20) - 1)?.name).toBe('ram');
    expect(regionAt(regions, 0)).toBeUndefined();
  });

  it('rejects bad configurations (our bug, so it throws)', () => {
    expect(() => memoryRegions({ ramSize: 1000, virtio: [] })).toThrow();
    expect(() => memoryRegions({ ramSize: 1 << 20, virtio: [{ slot: 8, type: 'rng' }] })).toThrow();
    expect(() => memoryRegions({ ramSize: 1 << 20, virtio: [{ slot: 1, type: 'rng' }, { slot: 1, type: 'blk' }] })).toThrow();
  });
});
