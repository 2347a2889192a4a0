import { describe, expect, it } from 'vitest';
import { Clint, CLINT_MSIP, CLINT_MTIME, CLINT_MTIMECMP, type ClintHart, type Clock } from '../../../emulator/devices/clint.js';
import { silentDeviceLog } from '../../../emulator/devices/device.js';

function fakeHart(): ClintHart & { cmp: bigint; sip: boolean } {
  return {
    cmp: 0xffff_ffff_ffff_ffffn,
    sip: false,
    mtime: () => 0n,
    mtimecmp() {
      return this.cmp;
    },
    setMtimecmp(v) {
      this.cmp = v;
    },
    setMsip(level) {
      this.sip = level;
    },
    msip() {
      return this.sip;
    },
  };
}

function fakeClock(start: bigint): Clock & { now: bigint } {
  return {
    now: start,
    mtime() {
      return this.now;
    },
    setMtime(v) {
      this.now = v;
    },
  };
}

describe('CLINT', () => {
  it('reads mtime as two independent 32-bit halves', () => {
    const clock = fakeClock(0x1234_5678_9abc_def0n);
    const clint = new Clint({ harts: [fakeHart()], clock, log: silentDeviceLog });
    expect(clint.read(CLINT_MTIME, 4)).toBe(0x9abc_def0);
    expect(clint.read(CLINT_MTIME + 4, 4)).toBe(0x1234_5678);
    expect(clint.read(CLINT_MTIME + 4, 2)).toBe(0x5678);
    expect(clint.read(CLINT_MTIME + 7, 1)).toBe(0x12);
  });

  it('does not tear an mtime read when the low word carries between the two halves', () => {
    const clock = fakeClock(0x0000_0001_ffff_ffffn);
    const clint = new Clint({ harts: [fakeHart()], clock, log: silentDeviceLog });
    const lo = clint.read(CLINT_MTIME, 4);
    clock.now += 1n; // the clock ticks between the hart's two 4-byte accesses
    const hi = clint.read(CLINT_MTIME + 4, 4);
    expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(0x0000_0001_ffff_ffffn);
    // A high-word read on its own samples the clock afresh.
    expect(clint.read(CLINT_MTIME + 4, 4)).toBe(2);
  });

  it('writes mtime halves through the clock', () => {
    const clock = fakeClock(0x1111_1111_2222_2222n);
    const clint = new Clint({ harts: [fakeHart()], clock, log: silentDeviceLog });
    clint.write(CLINT_MTIME, 0xdead_beef, 4);
    expect(clock.now).toBe(0x1111_1111_dead_beefn);
    clint.write(CLINT_MTIME + 4, 0, 4);
    expect(clock.now).toBe(0xdead_beefn);
  });

  it('writes mtimecmp low then high, each half alone', () => {
    const hart = fakeHart();
    const clint = new Clint({ harts: [hart], clock: fakeClock(0n), log: silentDeviceLog });
    clint.write(CLINT_MTIMECMP, 0x0000_1000, 4);
    expect(hart.cmp).toBe(0xffff_ffff_0000_1000n);
    clint.write(CLINT_MTIMECMP + 4, 0x2, 4);
    expect(hart.cmp).toBe(0x2_0000_1000n);
    expect(clint.read(CLINT_MTIMECMP, 4)).toBe(0x1000);
    expect(clint.read(CLINT_MTIMECMP + 4, 4)).toBe(0x2);
  });

  it('addresses msip and mtimecmp per hart, msip bit 0 only', () => {
    const harts = [fakeHart(), fakeHart()];
    const clint = new Clint({ harts, clock: fakeClock(0n), log: silentDeviceLog });
    clint.write(CLINT_MSIP + 4, 0xffff_ffff, 4);
    expect(harts[1]!.sip).toBe(true);
    expect(harts[0]!.sip).toBe(false);
    expect(clint.read(CLINT_MSIP + 4, 4)).toBe(1);
    clint.write(CLINT_MSIP + 4, 2, 4);
    expect(harts[1]!.sip).toBe(false);
    clint.write(CLINT_MTIMECMP + 8, 77, 4);
    expect(harts[1]!.cmp & 0xffff_ffffn).toBe(77n);
    expect(harts[0]!.cmp).toBe(0xffff_ffff_ffff_ffffn);
  });

  it('reads holes as 0 and ignores writes there', () => {
    const hart = fakeHart();
    const clint = new Clint({ harts: [hart], clock: fakeClock(5n), log: silentDeviceLog });
    expect(clint.read(CLINT_MSIP + 4, 4)).toBe(0); // hart 1 does not exist
    expect(clint.read(0x8000, 4)).toBe(0);
    expect(() => clint.write(0x8000, 1, 4)).not.toThrow();
    expect(hart.cmp).toBe(0xffff_ffff_ffff_ffffn);
  });
});
