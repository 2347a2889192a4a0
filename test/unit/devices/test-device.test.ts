import { describe, expect, it } from 'vitest';
import { FINISHER_FAIL, FINISHER_PASS, FINISHER_RESET, TestDevice, type PowerOffKind } from '../../../emulator/devices/test-device.js';
import { silentDeviceLog } from '../../../emulator/devices/device.js';

describe('sifive,test0 finisher', () => {
  const make = () => {
    const calls: [PowerOffKind, number][] = [];
    const dev = new TestDevice({ onPowerOff: (k, c) => calls.push([k, c]), log: silentDeviceLog });
    return { dev, calls };
  };

  it('reports pass, fail with its code, and reset', () => {
    const { dev, calls } = make();
    dev.write(0, FINISHER_PASS, 4);
    dev.write(0, (42 << 16) | FINISHER_FAIL, 4);
    dev.write(0, FINISHER_RESET, 4);
    expect(calls).toEqual([
      ['pass', 0],
      ['fail', 42],
      ['reset', 0],
    ]);
  });

  it('ignores unknown values, other offsets and byte writes; reads 0', () => {
    const { dev, calls } = make();
    dev.write(0, 0x1234, 4);
    dev.write(4, FINISHER_PASS, 4);
    dev.write(0, 0x55, 1);
    expect(calls).toEqual([]);
    expect(dev.read(0, 4)).toBe(0);
  });
});
