// A test-side virtio driver that lays out split virtqueues in a Uint8Array
// "RAM" the way Linux's virtio_ring.c does, and talks to the transport through
// its MMIO registers only.

import { concatBytes } from '../../../emulator/bytes';
import type { GuestMemory } from '../../../emulator/devices/device.js';
import * as C from '../../../emulator/virtio/constants.js';
import type { VirtioMmio } from '../../../emulator/virtio/mmio.js';

export const RAM_BASE = 0x8000_0000;

export class FakeRam implements GuestMemory {
  readonly ramBase = RAM_BASE;
  readonly data: Uint8Array;
  readonly view: DataView;
  private next: number;
  constructor(readonly ramSize = 1 << 20) {
    this.data = new Uint8Array(ramSize);
    this.view = new DataView(this.data.buffer);
    this.next = RAM_BASE + 0x1000;
  }
  bytes(): Uint8Array {
    return this.data;
  }
  /** Bump-allocates `n` bytes aligned to `align`; returns the guest-physical address. */
  alloc(n: number, align = 16): number {
    this.next = Math.ceil(this.next / align) * align;
    const at = this.next;
    this.next += n;
    if (this.next > RAM_BASE + this.ramSize) throw new Error('FakeRam full');
    return at;
  }
  u16(a: number) { return this.view.getUint16(a - RAM_BASE, true); }
  u32(a: number) { return this.view.getUint32(a - RAM_BASE, true); }
  setU16(a: number, v: number) { this.view.setUint16(a - RAM_BASE, v, true); }
  setU32(a: number, v: number) { this.view.setUint32(a - RAM_BASE, v, true); }
  setU64(a: number, v: number | bigint) { this.view.setBigUint64(a - RAM_BASE, BigInt(v), true); }
  write(a: number, bytes: Uint8Array) { this.data.set(bytes, a - RAM_BASE); }
  read(a: number, n: number) { return this.data.slice(a - RAM_BASE, a - RAM_BASE + n); }
}

/** One buffer of a request: readable data, or a writable area of `writable` bytes. */
export type Buf = { data: Uint8Array } | { writable: number };

export interface QueueLayout {
  size: number;
  desc: number;
  avail: number;
  used: number;
  /** Driver's shadow of avail->idx. */
  availIdx: number;
  /** Used entries consumed so far. */
  lastUsed: number;
  /** Descriptor slots in use by the head: address of writable buffers, to read replies. */
  freeHead: number;
}

export class TestDriver {
  readonly queues = new Map<number, QueueLayout>();
  /** Writable buffers per head, so tests can read what the device wrote. */
  readonly writableOf = new Map<number, { addr: number; len: number }[]>();

  constructor(readonly dev: VirtioMmio, readonly ram: FakeRam) {}

  r(off: number): number {
    return this.dev.read(off, 4);
  }
  w(off: number, v: number): void {
    this.dev.write(off, v >>> 0, 4);
  }

  deviceFeatures(): bigint {
    this.w(C.VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    const lo = BigInt(this.r(C.VIRTIO_MMIO_DEVICE_FEATURES));
    this.w(C.VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    const hi = BigInt(this.r(C.VIRTIO_MMIO_DEVICE_FEATURES));
    return (hi << 32n) | lo;
  }

  /** 3.1.1 steps 1-6; returns the status read back after FEATURES_OK. */
  negotiate(features: bigint): number {
    this.w(C.VIRTIO_MMIO_STATUS, 0);
    this.w(C.VIRTIO_MMIO_STATUS, C.VIRTIO_CONFIG_S_ACKNOWLEDGE);
    this.w(C.VIRTIO_MMIO_STATUS, C.VIRTIO_CONFIG_S_ACKNOWLEDGE | C.VIRTIO_CONFIG_S_DRIVER);
    this.w(C.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    this.w(C.VIRTIO_MMIO_DRIVER_FEATURES, Number(features & 0xffff_ffffn));
    this.w(C.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    this.w(C.VIRTIO_MMIO_DRIVER_FEATURES, Number(features >> 32n));
    this.w(C.VIRTIO_MMIO_STATUS, C.VIRTIO_CONFIG_S_ACKNOWLEDGE | C.VIRTIO_CONFIG_S_DRIVER | C.VIRTIO_CONFIG_S_FEATURES_OK);
    return this.r(C.VIRTIO_MMIO_STATUS);
  }

  /** Allocates and programs queue `index` with `size` entries; returns whether it reads back ready. */
  setupQueue(index: number, size: number, override: Partial<Pick<QueueLayout, 'desc' | 'avail' | 'used'>> = {}): boolean {
    const desc = override.desc ?? this.ram.alloc(16 * size, 16);
    const avail = override.avail ?? this.ram.alloc(6 + 2 * size, 2);
    const used = override.used ?? this.ram.alloc(6 + 8 * size, 4);
    this.w(C.VIRTIO_MMIO_QUEUE_SEL, index);
    this.w(C.VIRTIO_MMIO_QUEUE_NUM, size);
    const set64 = (lo: number, v: number) => {
      this.w(lo, v % 2 ** 32);
      this.w(lo + 4, Math.floor(v / 2 ** 32));
    };
    set64(C.VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
    set64(C.VIRTIO_MMIO_QUEUE_AVAIL_LOW, avail);
    set64(C.VIRTIO_MMIO_QUEUE_USED_LOW, used);
    this.w(C.VIRTIO_MMIO_QUEUE_READY, 1);
    this.queues.set(index, { size, desc, avail, used, availIdx: 0, lastUsed: 0, freeHead: 0 });
    return this.r(C.VIRTIO_MMIO_QUEUE_READY) === 1;
  }

  driverOk(): void {
    this.w(C.VIRTIO_MMIO_STATUS, this.r(C.VIRTIO_MMIO_STATUS) | C.VIRTIO_CONFIG_S_DRIVER_OK);
  }

  /** Writes one descriptor. */
  writeDesc(table: number, i: number, addr: number | bigint, len: number, flags: number, next: number): void {
    const d = table + 16 * i;
    this.ram.setU64(d, addr);
    this.ram.setU32(d + 8, len);
    this.ram.setU16(d + 12, flags);
    this.ram.setU16(d + 14, next);
  }

  /** Places buffers for one request, directly (consecutive descriptors) or through an indirect table. Returns the head. */
  addChain(q: number, bufs: Buf[], options: { indirect?: boolean } = {}): number {
    const layout = this.queues.get(q)!;
    const placed = bufs.map((b) => {
      if ('data' in b) {
        const addr = this.ram.alloc(b.data.length, 8);
        this.ram.write(addr, b.data);
        return { addr, len: b.data.length, flags: 0 };
      }
      return { addr: this.ram.alloc(b.writable, 8), len: b.writable, flags: C.VIRTQ_DESC_F_WRITE };
    });
    const head = layout.freeHead;
    if (options.indirect) {
      const table = this.ram.alloc(16 * placed.length, 16);
      placed.forEach((p, i) => this.writeDesc(table, i, p.addr, p.len, p.flags | (i < placed.length - 1 ? C.VIRTQ_DESC_F_NEXT : 0), i + 1));
      this.writeDesc(layout.desc, head, table, 16 * placed.length, C.VIRTQ_DESC_F_INDIRECT, 0);
      layout.freeHead = (head + 1) % layout.size;
    } else {
      placed.forEach((p, i) => {
        const idx = (head + i) % layout.size;
        const more = i < placed.length - 1;
        this.writeDesc(layout.desc, idx, p.addr, p.len, p.flags | (more ? C.VIRTQ_DESC_F_NEXT : 0), (idx + 1) % layout.size);
      });
      layout.freeHead = (head + placed.length) % layout.size;
    }
    this.writableOf.set(head, placed.filter((p) => p.flags & C.VIRTQ_DESC_F_WRITE));
    this.publish(q, head);
    return head;
  }

  /** Puts `head` in the avail ring and bumps avail->idx. */
  publish(q: number, head: number): void {
    const layout = this.queues.get(q)!;
    this.ram.setU16(layout.avail + 4 + 2 * (layout.availIdx % layout.size), head);
    layout.availIdx = (layout.availIdx + 1) & 0xffff;
    this.ram.setU16(layout.avail + 2, layout.availIdx);
  }

  kick(q: number): void {
    this.w(C.VIRTIO_MMIO_QUEUE_NOTIFY, q);
  }

  /** New used entries since the last call. */
  takeUsed(q: number): { id: number; len: number }[] {
    const layout = this.queues.get(q)!;
    const idx = this.ram.u16(layout.used + 2);
    const out: { id: number; len: number }[] = [];
    while (layout.lastUsed !== idx) {
      const e = layout.used + 4 + 8 * (layout.lastUsed % layout.size);
      out.push({ id: this.ram.u32(e), len: this.ram.u32(e + 4) });
      layout.lastUsed = (layout.lastUsed + 1) & 0xffff;
    }
    return out;
  }

  /** The bytes the device wrote into head's writable buffers, concatenated. */
  written(head: number): Uint8Array {
    return concatBytes((this.writableOf.get(head) ?? []).map((b) => this.ram.read(b.addr, b.len)));
  }

  /** InterruptStatus, then ACK everything. */
  ackInterrupt(): number {
    const s = this.r(C.VIRTIO_MMIO_INTERRUPT_STATUS);
    this.w(C.VIRTIO_MMIO_INTERRUPT_ACK, s);
    return s;
  }

  status(): number {
    return this.r(C.VIRTIO_MMIO_STATUS);
  }
}

export const bit = (n: number): bigint => 1n << BigInt(n);
