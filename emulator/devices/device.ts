// The one device contract (style habit 6): every memory-mapped device answers
// read(offset, size) / write(offset, value, size) with offsets relative to its
// own base, so two instances of a device can coexist at different addresses.
//
// Rules every device follows (style habit 8, "tolerate the guest"):
//   - an access to an offset the device does not implement reads as 0 (or what
//     the datasheet says) and a write there is ignored, logged once; never throw;
//   - an exception is only for our own broken invariants (a host-side bug).

/** Width of one MMIO access in bytes. The hart splits 8-byte accesses into two
 *  4-byte ones, low word first. */
export type AccessSize = 1 | 2 | 4;

export interface MmioDevice {
  readonly name: string;
  /** Returns the unsigned value (0 .. 2^(8*size)-1) at `offset` from the device base. */
  read(offset: number, size: AccessSize): number;
  /** `value` is unsigned and already truncated to `size`. */
  write(offset: number, value: number, size: AccessSize): void;
}

/** A level-triggered wire into the PLIC (or straight into the hart). */
export interface IrqLine {
  set(level: boolean): void;
}

/** Guest RAM as devices that do DMA (virtio) see it. */
export interface GuestMemory {
  /** Guest-physical address of the first byte of RAM (0x8000_0000 on virt). */
  readonly ramBase: number;
  readonly ramSize: number;
  /** A view of RAM. Call again after any await: the buffer may be replaced. */
  bytes(): Uint8Array;
}

/** Where devices report guest mistakes. */
export type DeviceLog = (message: string) => void;

/** A log that prints each distinct key only once, so a guest that hammers an
 *  unimplemented register cannot flood the console. */
export function onceLog(log: DeviceLog = defaultDeviceLog): (key: string, message?: string) => void {
  const seen = new Set<string>();
  return (key, message) => {
    if (seen.has(key)) return;
    seen.add(key);
    log(message ?? key);
  };
}

export const defaultDeviceLog: DeviceLog = (message) => console.warn(`[device] ${message}`);
export const silentDeviceLog: DeviceLog = () => {};

// ---------------------------------------------------------------------------
// Helpers for devices whose registers are 32-bit words but which must tolerate
// 1- and 2-byte guest accesses (the bus may hand us any size at any offset).
//
//   word at (offset & ~3):  | byte 3 | byte 2 | byte 1 | byte 0 |
//   an access of `size` bytes at `offset` covers bytes (offset&3) .. (offset&3)+size-1
// ---------------------------------------------------------------------------

/** The bytes of the 32-bit register `word` that an access of `size` at `offset` reads. */
export function extractSubword(word: number, offset: number, size: AccessSize): number {
  if (size === 4) return word >>> 0;
  const shift = (offset & 3) * 8;
  const mask = size === 1 ? 0xff : 0xffff;
  return (word >>> shift) & mask;
}

/** The 32-bit register `word` after an access of `size` at `offset` wrote `value` into it. */
export function mergeSubword(word: number, offset: number, value: number, size: AccessSize): number {
  if (size === 4) return value >>> 0;
  const shift = (offset & 3) * 8;
  const mask = (size === 1 ? 0xff : 0xffff) << shift;
  return ((word & ~mask) | ((value << shift) & mask)) >>> 0;
}

/** Splits a 64-bit register into the 32-bit half an offset selects (0 = low, 4 = high). */
export function half64(value: bigint, offsetInRegister: number): number {
  return Number((offsetInRegister & 4 ? value >> 32n : value) & 0xffff_ffffn);
}

/** A 64-bit register with one 32-bit half replaced (offset 0 = low, 4 = high). */
export function withHalf64(value: bigint, offsetInRegister: number, half: number): bigint {
  const h = BigInt(half >>> 0);
  return offsetInRegister & 4
    ? (value & 0xffff_ffffn) | (h << 32n)
    : (value & 0xffff_ffff_0000_0000n) | h;
}
