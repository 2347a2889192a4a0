import { describe, expect, it } from 'vitest';
import { Plic, PLIC_CONTEXT, PLIC_CONTEXT_CLAIM, PLIC_CONTEXT_STRIDE, PLIC_CONTEXT_THRESHOLD, PLIC_ENABLE, PLIC_ENABLE_STRIDE, PLIC_PENDING, PLIC_PRIORITY } from '../../../emulator/devices/plic.js';
import { silentDeviceLog } from '../../../emulator/devices/device.js';

function makePlic() {
  const levels = new Map<number, boolean>();
  const changes: [number, boolean][] = [];
  const plic = new Plic({
    sources: 95,
    contexts: 2,
    onContextIrq: (ctx, level) => {
      levels.set(ctx, level);
      changes.push([ctx, level]);
    },
    log: silentDeviceLog,
  });
  const setPriority = (src: number, p: number) => plic.write(PLIC_PRIORITY + 4 * src, p, 4);
  const enable = (ctx: number, ...srcs: number[]) => {
    const words = new Map<number, number>();
    for (const s of srcs) words.set(s >>> 5, (words.get(s >>> 5) ?? 0) | (1 << (s & 31)));
    for (const [w, bits] of words) plic.write(PLIC_ENABLE + PLIC_ENABLE_STRIDE * ctx + 4 * w, bits >>> 0, 4);
  };
  const threshold = (ctx: number, t: number) => plic.write(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_THRESHOLD, t, 4);
  const claim = (ctx: number) => plic.read(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_CLAIM, 4);
  const complete = (ctx: number, src: number) => plic.write(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_CLAIM, src, 4);
  return { plic, levels, changes, setPriority, enable, threshold, claim, complete };
}

describe('PLIC', () => {
  it('raises a context only for enabled sources with priority above its threshold', () => {
    const t = makePlic();
    const uart = t.plic.irqLine(10);
    uart.set(true);
    expect(t.plic.isPending(10)).toBe(true);
    expect(t.levels.get(1)).toBeUndefined(); // priority 0 never interrupts, not enabled either
    t.enable(1, 10);
    expect(t.levels.get(1)).toBeUndefined();
    t.setPriority(10, 1);
    expect(t.levels.get(1)).toBe(true);
    expect(t.levels.get(0)).toBeUndefined(); // context 0 did not enable it
    t.threshold(1, 1);
    expect(t.levels.get(1)).toBe(false); // priority must be strictly greater than threshold
    t.setPriority(10, 2);
    expect(t.levels.get(1)).toBe(true);
  });

  it('reads back priorities (3 bits), pending bits and enables; source 0 is hardwired', () => {
    const t = makePlic();
    t.setPriority(5, 0xff);
    expect(t.plic.read(PLIC_PRIORITY + 20, 4)).toBe(7);
    t.setPriority(0, 3);
    expect(t.plic.read(PLIC_PRIORITY, 4)).toBe(0);
    t.plic.irqLine(33).set(true);
    expect(t.plic.read(PLIC_PENDING + 4, 4)).toBe(1 << 1);
    t.plic.write(PLIC_PENDING + 4, 0, 4); // read-only
    expect(t.plic.read(PLIC_PENDING + 4, 4)).toBe(1 << 1);
    t.plic.write(PLIC_ENABLE, 0xffff_ffff, 4);
    expect(t.plic.read(PLIC_ENABLE, 4)).toBe(0xffff_fffe);
    expect(t.plic.read(PLIC_ENABLE + PLIC_ENABLE_STRIDE, 4)).toBe(0); // context 1 separate
  });

  it('claims the highest priority, ties to the lowest id, and clears pending', () => {
    const t = makePlic();
    for (const s of [3, 7, 9]) {
      t.setPriority(s, s === 3 ? 1 : 4);
      t.plic.irqLine(s).set(true);
    }
    t.enable(1, 3, 7, 9);
    expect(t.claim(1)).toBe(7); // 7 and 9 both priority 4: lowest id wins
    expect(t.plic.isPending(7)).toBe(false);
    expect(t.claim(1)).toBe(9);
    expect(t.claim(1)).toBe(3);
    expect(t.claim(1)).toBe(0); // nothing left
    expect(t.levels.get(1)).toBe(false);
  });

  it('re-pends a level source on complete while its line is still high, not before', () => {
    const t = makePlic();
    const line = t.plic.irqLine(1);
    t.setPriority(1, 1);
    t.enable(1, 1);
    line.set(true);
    expect(t.claim(1)).toBe(1);
    expect(t.levels.get(1)).toBe(false);
    line.set(true); // still high while in service: no new pending
    expect(t.plic.isPending(1)).toBe(false);
    t.complete(1, 1);
    expect(t.plic.isPending(1)).toBe(true);
    expect(t.levels.get(1)).toBe(true);
    expect(t.claim(1)).toBe(1);
    line.set(false);
    t.complete(1, 1);
    expect(t.plic.isPending(1)).toBe(false);
    expect(t.levels.get(1)).toBe(false);
  });

  it('drops pending when the line falls before a claim', () => {
    const t = makePlic();
    const line = t.plic.irqLine(4);
    t.setPriority(4, 1);
    t.enable(0, 4);
    line.set(true);
    expect(t.levels.get(0)).toBe(true);
    line.set(false);
    expect(t.levels.get(0)).toBe(false);
    expect(t.claim(0)).toBe(0);
  });

  it('keeps M and S contexts independent', () => {
    const t = makePlic();
    t.setPriority(2, 1);
    t.setPriority(8, 1);
    t.enable(0, 2);
    t.enable(1, 8);
    t.plic.irqLine(2).set(true);
    expect(t.levels.get(0)).toBe(true);
    expect(t.levels.get(1)).toBeUndefined();
    t.plic.irqLine(8).set(true);
    expect(t.levels.get(1)).toBe(true);
    expect(t.claim(1)).toBe(8);
    expect(t.claim(0)).toBe(2);
  });

  it('ignores completions for sources not enabled in the context, and bad offsets', () => {
    const t = makePlic();
    const line = t.plic.irqLine(6);
    t.setPriority(6, 1);
    t.enable(1, 6);
    line.set(true);
    expect(t.claim(1)).toBe(6);
    t.complete(0, 6); // context 0 does not enable 6: ignored, still in service
    expect(t.plic.isPending(6)).toBe(false);
    t.complete(1, 6);
    expect(t.plic.isPending(6)).toBe(true);
    expect(t.plic.read(0x1f_fff0, 4)).toBe(0);
    expect(() => t.plic.write(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * 5, 1, 4)).not.toThrow();
    expect(() => t.plic.irqLine(0)).toThrow();
    expect(() => t.plic.irqLine(96)).toThrow();
  });

  it('reports output changes only on edges', () => {
    const t = makePlic();
    t.setPriority(1, 1);
    t.enable(1, 1);
    t.plic.irqLine(1).set(true);
    t.plic.irqLine(1).set(true);
    expect(t.changes).toEqual([[1, true]]);
  });
});
