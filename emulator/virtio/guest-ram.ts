// Bounds-checked little-endian access to guest RAM for DMA.
//
// Every guest-physical address a virtio device touches goes through contains()
// first; the accessors check again and throw, because reaching them with an
// unchecked address is a bug of ours, not the guest's. Addresses are plain numbers
// (exact below 2^53); a 64-bit guest address at or above 2^53 reads as
// ADDRESS_OUT_OF_RANGE, which no RAM contains.

import type { GuestMemory } from '../devices/device.js';

/** What u64() returns for a value too large to be a number exactly; contains() rejects it. */
export const ADDRESS_OUT_OF_RANGE = Number.POSITIVE_INFINITY;

const TWO_POW_32 = 2 ** 32;
/** Largest high word whose 64-bit value is still below 2^53. */
const MAX_SAFE_HIGH_WORD = 2 ** 21 - 1;

export class GuestRam {
  constructor(readonly memory: GuestMemory) {}

  get base(): number {
    return this.memory.ramBase;
  }

  get size(): number {
    return this.memory.ramSize;
  }

  /** True when the whole range [address, address + length) lies in RAM. */
  contains(address: number, length: number): boolean {
    const { ramBase, ramSize } = this.memory;
    return (
      Number.isSafeInteger(address) &&
      Number.isSafeInteger(length) &&
      length >= 0 &&
      address >= ramBase &&
      address + length <= ramBase + ramSize
    );
  }

  u16(address: number): number {
    const b = this.bytesAt(address, 2);
    const o = address - this.memory.ramBase;
    return b[o]! | (b[o + 1]! << 8);
  }

  u32(address: number): number {
    const b = this.bytesAt(address, 4);
    const o = address - this.memory.ramBase;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  /** A 64-bit value as a number, or ADDRESS_OUT_OF_RANGE when it is ≥ 2^53. */
  u64(address: number): number {
    const lo = this.u32(address);
    const hi = this.u32(address + 4);
    return hi > MAX_SAFE_HIGH_WORD ? ADDRESS_OUT_OF_RANGE : hi * TWO_POW_32 + lo;
  }

  setU16(address: number, value: number): void {
    const b = this.bytesAt(address, 2);
    const o = address - this.memory.ramBase;
    b[o] = value;
    b[o + 1] = value >>> 8;
  }

  setU32(address: number, value: number): void {
    const b = this.bytesAt(address, 4);
    const o = address - this.memory.ramBase;
    b[o] = value;
    b[o + 1] = value >>> 8;
    b[o + 2] = value >>> 16;
    b[o + 3] = value >>> 24;
  }

  /** A live view of [address, address + length). Valid until the next await. */
  view(address: number, length: number): Uint8Array {
    const b = this.bytesAt(address, length);
    const o = address - this.memory.ramBase;
    return b.subarray(o, o + length);
  }

  private bytesAt(address: number, length: number): Uint8Array {
    if (!this.contains(address, length)) {
      throw new Error(`guest-ram: unchecked access [0x${address.toString(16)}, +${length}) outside RAM`);
    }
    return this.memory.bytes();
  }
}

/** Joins two 32-bit register halves into an address (≥ 2^53 becomes ADDRESS_OUT_OF_RANGE). */
export function joinAddress(low: number, high: number): number {
  return high >>> 0 > MAX_SAFE_HIGH_WORD ? ADDRESS_OUT_OF_RANGE : (high >>> 0) * TWO_POW_32 + (low >>> 0);
}
