// The physical bus as the hart sees it: RAM and the boot ROM live inside wasm memory; every other
// physical address leaves wasm through two imported functions that the machine (TypeScript)
// dispatches to its devices by address range. An address that no device claims comes back with
// MMIO_FAULT set, which the caller turns into an access fault.

import {
  RAM_HOST, RAM_GUEST_BASE, RAM_SIZE, BOOTROM_HOST, BOOTROM_GUEST_BASE, BOOTROM_SIZE, MMIO_FAULT,
} from "./shared/layout";
import { ACCESS_STORE } from "./shared/causes";

// Imported from the machine. Sizes are 1, 2 or 4 bytes; 8-byte accesses are split (low word first).
@external("env", "mmioRead") declare function mmioRead(addr: u32, size: u32): u32;
@external("env", "mmioWrite") declare function mmioWrite(addr: u32, value: u32, size: u32): void;

const RAM_BASE: u64 = <u64>RAM_GUEST_BASE;

/** Guest RAM size in bytes (written by the host at init). */
@inline export function ramSize(): u64 {
  return load<u64>(RAM_SIZE);
}

/**
 * The wasm address of guest physical address `pa` if it is RAM, or ROM for a non-store access,
 * and the whole access of `size` bytes stays inside that region; otherwise 0 (not directly mapped).
 */
export function hostAddress(pa: u64, size: u32, access: i32): usize {
  const off = pa - RAM_BASE;
  if (pa >= RAM_BASE && off < ramSize() && off + size <= ramSize()) return <usize>(<u64>RAM_HOST + off);
  const romOff = pa - <u64>BOOTROM_GUEST_BASE;
  if (access != ACCESS_STORE && pa >= <u64>BOOTROM_GUEST_BASE && romOff + size <= <u64>BOOTROM_SIZE)
    return <usize>(<u64>BOOTROM_HOST + romOff);
  return 0;
}

/**
 * The wasm address of the 4 KiB physical page holding `pa` if the whole page is RAM (or ROM for
 * non-stores), else 0. The TLB caches only such pages; everything else takes the slow path.
 */
export function hostPage(pa: u64, access: i32): usize {
  return hostAddress(pa & ~(<u64>0xfff), 4096, access);
}

/** Is `pa` in guest RAM? (Page-table entries must be read from RAM.) */
@inline export function isRam(pa: u64, size: u32): bool {
  const off = pa - RAM_BASE;
  return pa >= RAM_BASE && off + size <= ramSize() && off < ramSize();
}

/**
 * Read `size` bytes (1, 2, 4, 8) at physical `pa`, zero-extended. Returns false in `physOk`
 * terms via the MMIO_FAULT field when nothing is there.
 */
export function physRead(pa: u64, size: u32): u64 {
  const h = hostAddress(pa, size, 0);
  store<u64>(MMIO_FAULT, 0);
  if (h != 0) {
    if (size == 1) return <u64>load<u8>(h);
    if (size == 2) return <u64>load<u16>(h);
    if (size == 4) return <u64>load<u32>(h);
    return load<u64>(h);
  }
  if (pa >= 0x1_0000_0000) {
    store<u64>(MMIO_FAULT, 1);
    return 0;
  }
  const a = <u32>pa;
  if (size == 8) {
    const lo = <u64>mmioRead(a, 4);
    if (load<u64>(MMIO_FAULT) != 0) return 0;
    const hi = <u64>mmioRead(a + 4, 4);
    return lo | (hi << 32);
  }
  return <u64>mmioRead(a, size);
}

/** Write `size` bytes at physical `pa`. Sets MMIO_FAULT when nothing (writable) is there. */
export function physWrite(pa: u64, value: u64, size: u32): void {
  const h = hostAddress(pa, size, ACCESS_STORE);
  store<u64>(MMIO_FAULT, 0);
  if (h != 0) {
    if (size == 1) store<u8>(h, <u8>value);
    else if (size == 2) store<u16>(h, <u16>value);
    else if (size == 4) store<u32>(h, <u32>value);
    else store<u64>(h, value);
    return;
  }
  if (pa >= 0x1_0000_0000 || (pa >= <u64>BOOTROM_GUEST_BASE && pa < <u64>(BOOTROM_GUEST_BASE + BOOTROM_SIZE))) {
    store<u64>(MMIO_FAULT, 1);
    return;
  }
  const a = <u32>pa;
  if (size == 8) {
    mmioWrite(a, <u32>value, 4);
    if (load<u64>(MMIO_FAULT) != 0) return;
    mmioWrite(a + 4, <u32>(value >> 32), 4);
    return;
  }
  mmioWrite(a, <u32>value, size);
}

/** Did the last physRead/physWrite hit nothing? */
@inline export function physFaulted(): bool {
  return load<u64>(MMIO_FAULT) != 0;
}
