// The SiFive test finisher (compatible "sifive,test1", "sifive,test0", "syscon"),
// as QEMU's hw/misc/sifive_test.c: one 32-bit register at offset 0. The low 16
// bits select the action, the high 16 bits carry an exit code for FAIL:
//
//   31            16 15             0
//   | code (fail)   | FINISHER_xxxx  |
//
// Linux reaches it through the syscon-poweroff / syscon-reboot nodes (values
// 0x5555 and 0x7777); OpenSBI's generic platform uses it for system reset too.

import { type AccessSize, type DeviceLog, type MmioDevice, onceLog } from './device.js';

export const TEST_FINISHER = 0x0;
export const FINISHER_FAIL = 0x3333;
export const FINISHER_PASS = 0x5555;
export const FINISHER_RESET = 0x7777;
export const FINISHER_STATUS_MASK = 0xffff;

export type PowerOffKind = 'pass' | 'fail' | 'reset';

const FINISHER_ACTIONS: ReadonlyMap<number, PowerOffKind> = new Map([
  [FINISHER_PASS, 'pass'],
  [FINISHER_FAIL, 'fail'],
  [FINISHER_RESET, 'reset'],
]);

export interface TestDeviceOptions {
  /** `code` is the FAIL exit code (value >> 16); 0 for pass and reset. */
  onPowerOff: (kind: PowerOffKind, code: number) => void;
  log?: DeviceLog;
}

export class TestDevice implements MmioDevice {
  readonly name = 'test';
  private readonly onPowerOff: (kind: PowerOffKind, code: number) => void;
  private readonly warn: (key: string, message?: string) => void;

  constructor(options: TestDeviceOptions) {
    this.onPowerOff = options.onPowerOff;
    this.warn = onceLog(options.log);
  }

  read(_offset: number, _size: AccessSize): number {
    return 0;
  }

  write(offset: number, value: number, size: AccessSize): void {
    // QEMU accepts 2- and 4-byte writes (a 2-byte write carries no code).
    if (offset !== TEST_FINISHER || size === 1) {
      this.warn(`write:${offset}:${size}`, `test: ${size}-byte write at 0x${offset.toString(16)} ignored`);
      return;
    }
    const kind = FINISHER_ACTIONS.get(value & FINISHER_STATUS_MASK);
    if (kind === undefined) {
      this.warn(`value:${value}`, `test: unknown finisher value 0x${value.toString(16)} ignored`);
      return;
    }
    this.onPowerOff(kind, kind === 'fail' ? value >>> 16 : 0);
  }
}
