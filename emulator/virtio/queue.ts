// Split virtqueues (VIRTIO 1.2 section 2.7), from the device's side.
//
// Thin devices never do ring arithmetic: they call popRequest() for the next
// descriptor chain, copy data with the chain's helpers, pushReply() when done and
// flushReplies() to interrupt the driver when the notification rules say so.
//
// A guest that programs the queue badly (addresses outside RAM, descriptor loops,
// nested or malformed indirect tables, an avail index that jumps by more than the
// queue size, writable descriptors before readable ones) gets the queue marked
// broken and the transport told through fault(); the transport then sets
// DEVICE_NEEDS_RESET. Nothing here throws for a guest mistake, and nothing writes
// outside the three ring areas and the chain's own writable buffers, all of which
// were checked against RAM.

import {
  VIRTQ_AVAIL_F_NO_INTERRUPT,
  VIRTQ_AVAIL_FLAGS,
  VIRTQ_AVAIL_IDX,
  VIRTQ_AVAIL_RING,
  VIRTQ_DESC_ADDR,
  VIRTQ_DESC_F_INDIRECT,
  VIRTQ_DESC_F_NEXT,
  VIRTQ_DESC_F_WRITE,
  VIRTQ_DESC_FLAGS,
  VIRTQ_DESC_LEN,
  VIRTQ_DESC_NEXT,
  VIRTQ_DESC_SIZE,
  VIRTQ_MAX_SIZE,
  VIRTQ_USED_ELEM_SIZE,
  VIRTQ_USED_IDX,
  VIRTQ_USED_RING,
  virtqAvailBytes,
  virtqDescTableBytes,
  virtqUsedBytes,
} from './constants.js';
import { ADDRESS_OUT_OF_RANGE, GuestRam } from './guest-ram.js';

/** One guest buffer: [addr, addr + len) in guest-physical memory, already checked against RAM. */
export interface VirtqBuffer {
  readonly addr: number;
  readonly len: number;
}

/** What a queue needs from its transport. */
export interface VirtqueueHost {
  readonly ram: GuestRam;
  /** Negotiated VIRTIO_F_EVENT_IDX. */
  eventIdx(): boolean;
  /** Negotiated VIRTIO_F_INDIRECT_DESC. */
  indirectDesc(): boolean;
  /** The guest broke the queue; the transport sets DEVICE_NEEDS_RESET. */
  fault(queue: number, reason: string): void;
  /** Used buffers are ready and the driver wants to hear about it. */
  interrupt(queue: number): void;
}

/** A descriptor chain the driver made available: device-readable buffers first, then device-writable ones. */
export class VirtqChain {
  readonly readableLength: number;
  readonly writableLength: number;

  constructor(
    private readonly ram: GuestRam,
    /** The head descriptor index, to hand back to pushReply(). */
    readonly head: number,
    readonly readable: readonly VirtqBuffer[],
    readonly writable: readonly VirtqBuffer[],
    /** The queue's epoch when popped: a reply for an older epoch (queue reset since) is dropped. */
    readonly epoch = 0,
  ) {
    this.readableLength = readable.reduce((n, b) => n + b.len, 0);
    this.writableLength = writable.reduce((n, b) => n + b.len, 0);
  }

  /** A copy of all device-readable bytes, gathered. */
  readBytes(): Uint8Array {
    const out = new Uint8Array(this.readableLength);
    this.copyFrom(0, out);
    return out;
  }

  /** Copies readable bytes from byte `offset` of the chain into `dst`; returns how many were copied. */
  copyFrom(offset: number, dst: Uint8Array): number {
    return this.transfer(this.readable, offset, dst.length, (view, at) => dst.set(view, at));
  }

  /** Scatters `src` into the writable buffers starting at byte `offset`; returns how many bytes fit. */
  copyTo(offset: number, src: Uint8Array): number {
    return this.transfer(this.writable, offset, src.length, (view, at) => view.set(src.subarray(at, at + view.length)));
  }

  /** Live views of the readable buffers (valid until the next await). */
  readableViews(): Uint8Array[] {
    return this.readable.map((b) => this.ram.view(b.addr, b.len));
  }

  /** Live views of the writable buffers (valid until the next await). */
  writableViews(): Uint8Array[] {
    return this.writable.map((b) => this.ram.view(b.addr, b.len));
  }

  /** Walks `buffers` from chain byte `offset` for up to `length` bytes, handing each piece to `move`. */
  private transfer(
    buffers: readonly VirtqBuffer[],
    offset: number,
    length: number,
    move: (view: Uint8Array, at: number) => void,
  ): number {
    let skip = offset;
    let done = 0;
    for (const b of buffers) {
      if (done === length) break;
      if (skip >= b.len) {
        skip -= b.len;
        continue;
      }
      const n = Math.min(b.len - skip, length - done);
      move(this.ram.view(b.addr + skip, n), done);
      done += n;
      skip = 0;
    }
    return done;
  }
}

export class Virtqueue {
  // Registers the transport writes (4.2.2: QueueNum, QueueDesc, QueueDriver, QueueDevice, QueueReady).
  size = 0;
  descAddr = 0;
  availAddr = 0;
  usedAddr = 0;
  private readyFlag = false;
  private broken = false;
  /** Bumped on every reset and enable, so chains popped before then can be recognised. */
  private epoch = 0;

  /** Next avail ring entry the device will consume (free-running 16-bit). */
  private lastAvail = 0;
  /** The used index the device has published (free-running 16-bit). */
  private usedIdx = 0;
  /** The used index at the last interrupt decision. */
  private signalledUsed = 0;

  constructor(
    readonly index: number,
    /** QueueNumMax: the largest size the driver may choose. */
    readonly maxSize: number,
    private readonly host: VirtqueueHost,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > VIRTQ_MAX_SIZE || (maxSize & (maxSize - 1)) !== 0) {
      throw new Error(`virtqueue ${index}: max size ${maxSize} is not a power of 2 in 1..${VIRTQ_MAX_SIZE}`);
    }
  }

  get ready(): boolean {
    return this.readyFlag;
  }

  /** True after a guest error, until reset. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Back to the reset state (device reset, or QueueReady written 0). */
  reset(): void {
    this.epoch++;
    this.size = 0;
    this.descAddr = 0;
    this.availAddr = 0;
    this.usedAddr = 0;
    this.readyFlag = false;
    this.broken = false;
    this.lastAvail = 0;
    this.usedIdx = 0;
    this.signalledUsed = 0;
  }

  /** QueueReady written 1: checks the size and that the three areas lie in RAM. Returns whether the queue is live. */
  enable(): boolean {
    const { size } = this;
    const ram = this.host.ram;
    let problem: string | undefined;
    if (size < 1 || size > this.maxSize || (size & (size - 1)) !== 0) {
      problem = `queue size ${size} is not a power of 2 in 1..${this.maxSize}`;
    } else if (!ram.contains(this.descAddr, virtqDescTableBytes(size))) {
      problem = `descriptor table at ${hex(this.descAddr)} outside RAM`;
    } else if (!ram.contains(this.availAddr, virtqAvailBytes(size))) {
      problem = `driver area at ${hex(this.availAddr)} outside RAM`;
    } else if (!ram.contains(this.usedAddr, virtqUsedBytes(size))) {
      problem = `device area at ${hex(this.usedAddr)} outside RAM`;
    }
    if (problem) {
      this.fault(problem);
      return false;
    }
    this.readyFlag = true;
    this.epoch++;
    this.lastAvail = 0;
    this.usedIdx = 0;
    this.signalledUsed = 0;
    return true;
  }

  /** True when the driver has made chains available that the device has not popped. */
  hasRequests(): boolean {
    return this.live() && this.availableCount() > 0;
  }

  /**
   * The next available descriptor chain, or null when there is none (or the
   * queue is not ready, or the guest broke it: then the queue is faulted).
   */
  popRequest(): VirtqChain | null {
    if (!this.live()) return null;
    const count = this.availableCount();
    if (count < 0) return null;
    if (count === 0) {
      this.publishAvailEvent();
      return null;
    }
    const ram = this.host.ram;
    const head = ram.u16(this.availAddr + VIRTQ_AVAIL_RING + 2 * (this.lastAvail % this.size));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    this.publishAvailEvent();
    return this.walk(head);
  }

  /**
   * Returns a chain to the driver with `bytesWritten` bytes written into its
   * writable buffers. Pass the chain itself (preferred: a reply for a chain popped
   * before a queue reset is then dropped) or its head index.
   */
  pushReply(chain: VirtqChain | number, bytesWritten: number): void {
    // A reply that arrives after a reset (an asynchronous device finishing late) is dropped.
    if (!this.live()) return;
    if (typeof chain !== 'number' && chain.epoch !== this.epoch) return;
    const head = typeof chain === 'number' ? chain : chain.head;
    if (!Number.isInteger(head) || head < 0 || head >= this.size) {
      throw new Error(`virtqueue ${this.index}: pushReply of head ${head} outside queue of ${this.size}`);
    }
    if (!Number.isInteger(bytesWritten) || bytesWritten < 0 || bytesWritten > 0xffff_ffff) {
      throw new Error(`virtqueue ${this.index}: pushReply with bad length ${bytesWritten}`);
    }
    const ram = this.host.ram;
    const elem = this.usedAddr + VIRTQ_USED_RING + VIRTQ_USED_ELEM_SIZE * (this.usedIdx % this.size);
    ram.setU32(elem, head);
    ram.setU32(elem + 4, bytesWritten);
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    ram.setU16(this.usedAddr + VIRTQ_USED_IDX, this.usedIdx);
  }

  /**
   * Decides whether the replies pushed since the last flush deserve an
   * interrupt (2.7.10 "Used Buffer Notification Suppression") and raises it
   * through the transport if so. Returns whether it interrupted.
   */
  flushReplies(): boolean {
    if (!this.live()) return false;
    const newIdx = this.usedIdx;
    const oldIdx = this.signalledUsed;
    if (newIdx === oldIdx) return false;
    this.signalledUsed = newIdx;
    const ram = this.host.ram;
    let notify: boolean;
    if (this.host.eventIdx()) {
      const usedEvent = ram.u16(this.availAddr + VIRTQ_AVAIL_RING + 2 * this.size);
      notify = needEvent(usedEvent, newIdx, oldIdx);
    } else {
      notify = (ram.u16(this.availAddr + VIRTQ_AVAIL_FLAGS) & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0;
    }
    if (notify) this.host.interrupt(this.index);
    return notify;
  }

  // ---------------------------------------------------------------------------

  private live(): boolean {
    return this.readyFlag && !this.broken;
  }

  /** Chains available beyond lastAvail, or -1 after faulting on an impossible avail index. */
  private availableCount(): number {
    const idx = this.host.ram.u16(this.availAddr + VIRTQ_AVAIL_IDX);
    const count = (idx - this.lastAvail) & 0xffff;
    if (count > this.size) {
      this.fault(`avail idx ${idx} is ${count} ahead of ${this.lastAvail}, more than the queue size ${this.size}`);
      return -1;
    }
    return count;
  }

  /** With EVENT_IDX, ask to be notified as soon as the driver adds anything beyond what was consumed. */
  private publishAvailEvent(): void {
    if (!this.host.eventIdx()) return;
    this.host.ram.setU16(this.usedAddr + VIRTQ_USED_RING + VIRTQ_USED_ELEM_SIZE * this.size, this.lastAvail);
  }

  /**
   * Follows the chain starting at descriptor `head` (2.7.5 "The Virtqueue Descriptor
   * Table", 2.7.5.3 "Indirect Descriptors"):
   *   1. a head with INDIRECT switches to the table it points to (once; only at the head);
   *   2. every descriptor's buffer must lie in RAM;
   *   3. readable descriptors precede writable ones;
   *   4. the walk stops after as many steps as the table has entries (a loop).
   */
  private walk(head: number): VirtqChain | null {
    const ram = this.host.ram;
    const readable: VirtqBuffer[] = [];
    const writable: VirtqBuffer[] = [];
    let table = this.descAddr;
    let entries = this.size;
    let index = head;
    let steps = 0;
    let indirect = false;
    for (;;) {
      if (index >= entries) return this.fault(`descriptor index ${index} outside a table of ${entries}`);
      const desc = table + VIRTQ_DESC_SIZE * index;
      const addr = ram.u64(desc + VIRTQ_DESC_ADDR);
      const len = ram.u32(desc + VIRTQ_DESC_LEN);
      const flags = ram.u16(desc + VIRTQ_DESC_FLAGS);
      const next = ram.u16(desc + VIRTQ_DESC_NEXT);

      if (flags & VIRTQ_DESC_F_INDIRECT) {
        if (!this.host.indirectDesc()) return this.fault('indirect descriptor without VIRTIO_F_INDIRECT_DESC');
        if (indirect) return this.fault('nested indirect descriptor');
        if (steps !== 0) return this.fault('indirect descriptor in the middle of a chain');
        if (flags & VIRTQ_DESC_F_NEXT) return this.fault('indirect descriptor with NEXT set');
        if (len === 0 || len % VIRTQ_DESC_SIZE !== 0) return this.fault(`indirect table of ${len} bytes`);
        if (len / VIRTQ_DESC_SIZE > VIRTQ_MAX_SIZE) return this.fault(`indirect table of ${len / VIRTQ_DESC_SIZE} entries`);
        if (!ram.contains(addr, len)) return this.fault(`indirect table at ${hex(addr)} outside RAM`);
        table = addr;
        entries = len / VIRTQ_DESC_SIZE;
        index = 0;
        indirect = true;
        continue;
      }

      if (++steps > entries) return this.fault(`descriptor chain from head ${head} loops`);
      if (!ram.contains(addr, len)) return this.fault(`buffer at ${hex(addr)} (+${len}) outside RAM`);
      if (flags & VIRTQ_DESC_F_WRITE) {
        writable.push({ addr, len });
      } else {
        if (writable.length > 0) return this.fault('device-readable descriptor after a device-writable one');
        readable.push({ addr, len });
      }
      if (!(flags & VIRTQ_DESC_F_NEXT)) break;
      index = next;
    }
    return new VirtqChain(ram, head, readable, writable, this.epoch);
  }

  private fault(reason: string): null {
    this.broken = true;
    this.host.fault(this.index, reason);
    return null;
  }
}

/** 2.7.10.1: interrupt if new_idx has passed used_event since old_idx (all 16-bit, wrapping). */
export function needEvent(eventIdx: number, newIdx: number, oldIdx: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - oldIdx) & 0xffff);
}

function hex(address: number): string {
  return address === ADDRESS_OUT_OF_RANGE ? '≥2^53' : `0x${address.toString(16)}`;
}
