// A small flattened device tree (FDT, "DTB") writer, Devicetree Specification
// v0.4 chapter 5 "Flattened Devicetree (DTB) Format", version 17.
//
// The tree is plain data (FdtNode) so tests and the debugger can look at it; one
// function serialises it:
//
//   offset 0  fdt_header (10 big-endian u32, 40 bytes)
//             padding to 8
//             memory reservation block: {u64 address, u64 size}* then {0, 0}
//             structure block: FDT_BEGIN_NODE name\0 pad4 | FDT_PROP len nameoff value pad4 |
//                              FDT_END_NODE | ... FDT_END
//             strings block: property names, NUL-terminated, each stored once

import { concatBytes } from './bytes.js';

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
export const FDT_HEADER_SIZE = 40;
export const FDT_BEGIN_NODE = 0x1;
export const FDT_END_NODE = 0x2;
export const FDT_PROP = 0x3;
export const FDT_NOP = 0x4;
export const FDT_END = 0x9;

export interface FdtProperty {
  readonly name: string;
  /** The raw value, already big-endian encoded (use the helpers below). */
  readonly value: Uint8Array;
}

export interface FdtNode {
  /** "" for the root, otherwise node-name[@unit-address]. */
  readonly name: string;
  readonly props: FdtProperty[];
  readonly children: FdtNode[];
}

export interface FdtReservation {
  readonly address: bigint;
  readonly size: bigint;
}

// --- value encoders (Devicetree spec 2.2.4 "Property Values") ---------------------

/** A <u32 ...> cell list. */
export function cells(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new Error(`fdt: cell value ${v} is not a u32`);
    view.setUint32(i * 4, v);
  });
  return out;
}

/** 64-bit values, each as two cells (high, low). */
export function u64Cells(...values: (number | bigint)[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const b = BigInt(v);
    if (b < 0n || b > 0xffff_ffff_ffff_ffffn) throw new Error(`fdt: value ${v} is not a u64`);
    view.setBigUint64(i * 8, b);
  });
  return out;
}

/** A NUL-terminated string. */
export function str(s: string): Uint8Array {
  return strList(s);
}

/** A <stringlist>: strings, each NUL-terminated, back to back. */
export function strList(...strings: string[]): Uint8Array {
  const parts = strings.map((s) => {
    if (s.includes('\0')) throw new Error(`fdt: string ${JSON.stringify(s)} contains NUL`);
    return new TextEncoder().encode(s + '\0');
  });
  return concatBytes(parts);
}

/** A property with no value (a boolean flag such as interrupt-controller). */
export const EMPTY = new Uint8Array(0);

// --- building -----------------------------------------------------------------

export function node(name: string, props: FdtProperty[] = [], children: FdtNode[] = []): FdtNode {
  return { name, props, children };
}

export function prop(name: string, value: Uint8Array): FdtProperty {
  return { name, value };
}

export interface SerializeOptions {
  reservations?: readonly FdtReservation[];
  /** boot_cpuid_phys: the hartid of the boot CPU. */
  bootCpuId?: number;
}

/** Serialises `root` into a DTB blob (version 17, 8-byte aligned total size). */
export function serializeFdt(root: FdtNode, options: SerializeOptions = {}): Uint8Array {
  if (root.name !== '') throw new Error('fdt: the root node must have an empty name');
  const strings = new StringTable();
  const struct = new Words();
  emitNode(root, struct, strings);
  struct.u32(FDT_END);

  const reservations = options.reservations ?? [];
  const rsvOffset = align(FDT_HEADER_SIZE, 8);
  const rsvSize = (reservations.length + 1) * 16;
  const structOffset = rsvOffset + rsvSize;
  const structBytes = struct.bytes();
  const stringsOffset = structOffset + structBytes.length;
  const stringsBytes = strings.bytes();
  const totalSize = align(stringsOffset + stringsBytes.length, 8);

  const blob = new Uint8Array(totalSize);
  const view = new DataView(blob.buffer);
  const header = [
    FDT_MAGIC,
    totalSize,
    structOffset, // off_dt_struct
    stringsOffset, // off_dt_strings
    rsvOffset, // off_mem_rsvmap
    FDT_VERSION,
    FDT_LAST_COMP_VERSION,
    options.bootCpuId ?? 0, // boot_cpuid_phys
    stringsBytes.length, // size_dt_strings
    structBytes.length, // size_dt_struct
  ];
  header.forEach((v, i) => view.setUint32(i * 4, v));
  reservations.forEach((r, i) => {
    view.setBigUint64(rsvOffset + i * 16, r.address);
    view.setBigUint64(rsvOffset + i * 16 + 8, r.size);
  });
  blob.set(structBytes, structOffset);
  blob.set(stringsBytes, stringsOffset);
  return blob;
}

function emitNode(n: FdtNode, out: Words, strings: StringTable): void {
  out.u32(FDT_BEGIN_NODE);
  out.padded(new TextEncoder().encode(n.name + '\0'));
  const seen = new Set<string>();
  for (const p of n.props) {
    if (seen.has(p.name)) throw new Error(`fdt: node ${JSON.stringify(n.name)} has property ${p.name} twice`);
    seen.add(p.name);
    out.u32(FDT_PROP);
    out.u32(p.value.length);
    out.u32(strings.offsetOf(p.name));
    out.padded(p.value);
  }
  const names = new Set<string>();
  for (const c of n.children) {
    if (c.name === '' || names.has(c.name)) throw new Error(`fdt: bad or duplicate child ${JSON.stringify(c.name)} under ${JSON.stringify(n.name)}`);
    names.add(c.name);
    emitNode(c, out, strings);
  }
  out.u32(FDT_END_NODE);
}

/** The strings block: each property name stored once, addressed by byte offset. */
class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  offsetOf(name: string): number {
    let off = this.offsets.get(name);
    if (off === undefined) {
      off = this.size;
      const bytes = new TextEncoder().encode(name + '\0');
      this.parts.push(bytes);
      this.size += bytes.length;
      this.offsets.set(name, off);
    }
    return off;
  }
  bytes(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/** A growing big-endian byte buffer of 4-byte aligned items. */
class Words {
  private buf = new Uint8Array(1024);
  private len = 0;
  u32(v: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer).setUint32(this.len, v);
    this.len += 4;
  }
  /** Appends bytes and zero-pads to a multiple of 4. */
  padded(bytes: Uint8Array): void {
    const n = align(bytes.length, 4);
    this.reserve(n);
    this.buf.set(bytes, this.len);
    this.buf.fill(0, this.len + bytes.length, this.len + n);
    this.len += n;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

