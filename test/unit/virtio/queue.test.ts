import { describe, expect, it } from 'vitest';
import * as C from '../../../emulator/virtio/constants.js';
import type { ConfigField, VirtioDevice, VirtioTransport } from '../../../emulator/virtio/device.js';
import { VirtioMmio } from '../../../emulator/virtio/mmio.js';
import { type VirtqChain, needEvent } from '../../../emulator/virtio/queue.js';
import { FakeRam, RAM_BASE, TestDriver, bit } from './driver.js';

/** A device that answers each request with its readable bytes upper-cased into the writable ones. */
class EchoDevice implements VirtioDevice {
  readonly name = 'echo';
  readonly deviceId = 0x7e;
  readonly features = [{ name: 'ECHO_F_SHOUT', bit: 0 }];
  readonly queues = [{ name: 'q0', maxSize: 16 }];
  mac = 0x1122_3344;
  mode = 0;
  readonly config: ConfigField[] = [
    { name: 'mac', offset: 0, size: 4, read: () => this.mac },
    { name: 'mode', offset: 4, size: 2, read: () => this.mode, write: (v) => void (this.mode = Number(v)) },
    { name: 'big', offset: 8, size: 8, read: () => 0x0102_0304_0506_0708n },
  ];
  transport!: VirtioTransport;
  notifications = 0;
  resets = 0;
  /** When set, chains are popped and kept instead of answered (an asynchronous device). */
  hold = false;
  held: VirtqChain[] = [];
  /** Replies per flush; Infinity = answer everything then flush once. */
  attach(t: VirtioTransport) {
    this.transport = t;
  }
  reset() {
    this.resets++;
  }
  onNotify(q: number) {
    this.notifications++;
    const queue = this.transport.queue(q);
    for (let chain = queue.popRequest(); chain; chain = queue.popRequest()) {
      if (this.hold) {
        this.held.push(chain);
        continue;
      }
      const text = new TextDecoder().decode(chain.readBytes()).toUpperCase();
      const n = chain.copyTo(0, new TextEncoder().encode(text));
      queue.pushReply(chain, n);
    }
    queue.flushReplies();
  }
}

const BASE_FEATURES = bit(C.VIRTIO_F_VERSION_1);
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function setup(options: { features?: bigint; ramSize?: number; queueSize?: number } = {}) {
  const ram = new FakeRam(options.ramSize);
  const irq = { level: false, set(l: boolean) { this.level = l; } };
  const logs: string[] = [];
  const device = new EchoDevice();
  const dev = new VirtioMmio({ device, memory: ram, irq, log: (m) => logs.push(m) });
  const drv = new TestDriver(dev, ram);
  const status = drv.negotiate(options.features ?? BASE_FEATURES);
  return { ram, irq, logs, device, dev, drv, status };
}

function ready(options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  expect(t.drv.setupQueue(0, options.queueSize ?? 8)).toBe(true);
  t.drv.driverOk();
  return t;
}

const NEEDS_RESET = C.VIRTIO_CONFIG_S_NEEDS_RESET;

describe('virtio-mmio registers', () => {
  it('identifies itself as a version 2 device', () => {
    const { drv } = setup();
    expect(drv.r(C.VIRTIO_MMIO_MAGIC_VALUE)).toBe(0x74726976);
    expect(drv.r(C.VIRTIO_MMIO_VERSION)).toBe(2);
    expect(drv.r(C.VIRTIO_MMIO_DEVICE_ID)).toBe(0x7e);
    expect(drv.r(C.VIRTIO_MMIO_VENDOR_ID)).toBe(C.VIRTIO_MMIO_VENDOR_HARTNET);
    drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 0);
    expect(drv.r(C.VIRTIO_MMIO_QUEUE_NUM_MAX)).toBe(16);
    drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 1);
    expect(drv.r(C.VIRTIO_MMIO_QUEUE_NUM_MAX)).toBe(0); // no such queue
    expect(drv.r(C.VIRTIO_MMIO_SHM_LEN_LOW)).toBe(0xffff_ffff); // no shared memory region
  });

  it('offers the transport features plus the device bits', () => {
    const { drv } = setup();
    expect(drv.deviceFeatures()).toBe(bit(0) | bit(C.VIRTIO_F_INDIRECT_DESC) | bit(C.VIRTIO_F_EVENT_IDX) | bit(C.VIRTIO_F_VERSION_1));
  });

  it('sets FEATURES_OK only for an offered subset that includes VERSION_1', () => {
    expect(setup({ features: BASE_FEATURES | bit(0) }).status & C.VIRTIO_CONFIG_S_FEATURES_OK).toBeTruthy();
    expect(setup({ features: BASE_FEATURES | bit(5) }).status & C.VIRTIO_CONFIG_S_FEATURES_OK).toBe(0);
    expect(setup({ features: bit(0) }).status & C.VIRTIO_CONFIG_S_FEATURES_OK).toBe(0);
  });

  it('reads declared config fields at any width and writes only writable ones', () => {
    const { dev, device } = setup();
    expect(dev.read(C.VIRTIO_MMIO_CONFIG, 4)).toBe(0x1122_3344);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + 1, 1)).toBe(0x33);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + 2, 2)).toBe(0x1122);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + 8, 4)).toBe(0x0506_0708);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + 12, 4)).toBe(0x0102_0304);
    dev.write(C.VIRTIO_MMIO_CONFIG + 4, 0xbeef, 2);
    expect(device.mode).toBe(0xbeef);
    dev.write(C.VIRTIO_MMIO_CONFIG + 5, 0x12, 1);
    expect(device.mode).toBe(0x12ef);
    dev.write(C.VIRTIO_MMIO_CONFIG, 0, 4); // read-only field
    expect(device.mac).toBe(0x1122_3344);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + 0x80, 4)).toBe(0); // beyond the config space
  });

  it('signals a config change with a new generation and a CONFIG interrupt', () => {
    const { drv, device, irq } = setup();
    const gen = drv.r(C.VIRTIO_MMIO_CONFIG_GENERATION);
    device.transport.configChanged();
    expect(drv.r(C.VIRTIO_MMIO_CONFIG_GENERATION)).toBe(gen + 1);
    expect(irq.level).toBe(true);
    expect(drv.ackInterrupt()).toBe(C.VIRTIO_MMIO_INT_CONFIG);
    expect(irq.level).toBe(false);
  });

  it('resets everything when Status is written 0', () => {
    const t = ready();
    t.drv.addChain(0, [{ data: enc('x') }, { writable: 4 }]);
    t.drv.kick(0);
    expect(t.irq.level).toBe(true);
    t.drv.w(C.VIRTIO_MMIO_STATUS, 0);
    expect(t.drv.status()).toBe(0);
    expect(t.irq.level).toBe(false);
    expect(t.drv.r(C.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(0);
    t.drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 0);
    expect(t.drv.r(C.VIRTIO_MMIO_QUEUE_READY)).toBe(0);
    expect(t.device.resets).toBe(2); // negotiate() resets first too
  });

  it('defers notifications until DRIVER_OK', () => {
    const t = setup();
    t.drv.setupQueue(0, 8);
    const head = t.drv.addChain(0, [{ data: enc('early') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([]);
    t.drv.driverOk();
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 5 }]);
  });
});

describe('split virtqueue', () => {
  it('serves a direct chain: readable then writable, used entry with the byte count', () => {
    const t = ready();
    const head = t.drv.addChain(0, [{ data: enc('hello') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 5 }]);
    expect(dec(t.drv.written(head).subarray(0, 5))).toBe('HELLO');
    expect(t.irq.level).toBe(true);
    expect(t.drv.ackInterrupt()).toBe(C.VIRTIO_MMIO_INT_VRING);
  });

  it('gathers and scatters across chained descriptors', () => {
    const t = ready();
    const head = t.drv.addChain(0, [{ data: enc('abc') }, { data: enc('defg') }, { data: enc('h') }, { writable: 2 }, { writable: 3 }, { writable: 10 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 8 }]);
    expect(dec(t.drv.written(head).subarray(0, 8))).toBe('ABCDEFGH');
  });

  it('serves several chains per notification and wraps the rings', () => {
    const t = ready({ queueSize: 4 });
    const seen: string[] = [];
    for (let round = 0; round < 5; round++) {
      const heads = ['a', 'b'].map((s) => t.drv.addChain(0, [{ data: enc(s + round) }, { writable: 4 }]));
      t.drv.kick(0);
      const used = t.drv.takeUsed(0);
      expect(used.map((u) => u.id)).toEqual(heads);
      for (const u of used) seen.push(dec(t.drv.written(u.id).subarray(0, u.len)));
    }
    expect(seen).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4', 'B4']);
  });

  it('follows indirect descriptor tables when VIRTIO_F_INDIRECT_DESC is negotiated', () => {
    const t = ready({ features: BASE_FEATURES | bit(C.VIRTIO_F_INDIRECT_DESC) });
    const head = t.drv.addChain(0, [{ data: enc('in') }, { data: enc('direct') }, { writable: 3 }, { writable: 8 }], { indirect: true });
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 8 }]);
    expect(dec(t.drv.written(head).subarray(0, 8))).toBe('INDIRECT');
    expect(t.drv.status() & NEEDS_RESET).toBe(0);
  });

  it('suppresses interrupts with VIRTQ_AVAIL_F_NO_INTERRUPT when EVENT_IDX is off', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    t.ram.setU16(q.avail, C.VIRTQ_AVAIL_F_NO_INTERRUPT);
    t.drv.addChain(0, [{ data: enc('quiet') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toHaveLength(1);
    expect(t.irq.level).toBe(false);
  });

  it('with EVENT_IDX interrupts only when used idx passes used_event, and publishes avail_event', () => {
    const t = ready({ features: BASE_FEATURES | bit(C.VIRTIO_F_EVENT_IDX) });
    const q = t.drv.queues.get(0)!;
    const usedEventAddr = q.avail + 4 + 2 * q.size;
    const availEventAddr = q.used + 4 + 8 * q.size;
    t.ram.setU16(usedEventAddr, 2); // "interrupt me when entry 2 is used"
    const irqs: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      t.drv.addChain(0, [{ data: enc('e' + i) }, { writable: 4 }]);
      t.drv.kick(0);
      irqs.push(t.irq.level);
      t.drv.ackInterrupt();
      expect(t.ram.u16(availEventAddr)).toBe(i + 1); // device wants a kick for the next new entry
    }
    expect(irqs).toEqual([false, false, true]);
    expect(t.drv.takeUsed(0)).toHaveLength(3);
  });

  it('accepts late replies by head, but drops replies for chains popped before a queue reset', () => {
    const t = ready();
    t.device.hold = true;
    const head = t.drv.addChain(0, [{ data: enc('slow') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([]);
    const q = t.device.transport.queue(0);
    const [chain] = t.device.held.splice(0);
    chain!.copyTo(0, enc('SLOW'));
    q.pushReply(head, 4); // by head index
    expect(q.flushReplies()).toBe(true);
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 4 }]);

    t.drv.addChain(0, [{ data: enc('stale') }, { writable: 8 }]);
    t.drv.kick(0);
    const [stale] = t.device.held.splice(0);
    t.drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 0);
    t.drv.w(C.VIRTIO_MMIO_QUEUE_READY, 0);
    expect(t.drv.r(C.VIRTIO_MMIO_QUEUE_READY)).toBe(0);
    t.drv.setupQueue(0, 8);
    expect(() => q.pushReply(stale!, 5)).not.toThrow();
    expect(q.flushReplies()).toBe(false);
    expect(t.drv.takeUsed(0)).toEqual([]);
  });

  it('needEvent follows the spec formula across 16-bit wrap', () => {
    expect(needEvent(0, 1, 0)).toBe(true);
    expect(needEvent(5, 3, 2)).toBe(false);
    expect(needEvent(0xffff, 0, 0xfffe)).toBe(true);
    expect(needEvent(0xfffe, 0xffff, 0xfffe)).toBe(true);
    expect(needEvent(0xffff, 0xffff, 0xfffe)).toBe(false);
  });
});

describe('virtqueue defences: DEVICE_NEEDS_RESET, never a throw', () => {
  function expectNeedsReset(t: ReturnType<typeof setup>) {
    expect(t.drv.status() & NEEDS_RESET).toBe(NEEDS_RESET);
    expect(t.drv.r(C.VIRTIO_MMIO_INTERRUPT_STATUS) & C.VIRTIO_MMIO_INT_CONFIG).toBe(C.VIRTIO_MMIO_INT_CONFIG);
    expect(t.irq.level).toBe(true);
  }

  it('rejects a buffer outside RAM and writes nothing', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    t.drv.writeDesc(q.desc, 0, RAM_BASE + t.ram.ramSize - 2, 8, C.VIRTQ_DESC_F_WRITE, 0);
    t.drv.publish(0, 0);
    const before = t.ram.data.slice();
    expect(() => t.drv.kick(0)).not.toThrow();
    expectNeedsReset(t);
    expect(t.drv.takeUsed(0)).toEqual([]);
    expect(Buffer.compare(t.ram.data, before)).toBe(0);
    expect(t.dev.lastFault).toMatch(/outside RAM/);
  });

  it('rejects addresses below RAM and at or above 2^53', () => {
    for (const addr of [0x1000, 2n ** 53n, 0xffff_ffff_ffff_f000n]) {
      const t = ready();
      const q = t.drv.queues.get(0)!;
      t.drv.writeDesc(q.desc, 0, addr, 16, 0, 0);
      t.drv.publish(0, 0);
      expect(() => t.drv.kick(0)).not.toThrow();
      expectNeedsReset(t);
    }
  });

  it('stops a descriptor loop', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    const buf = t.ram.alloc(16);
    t.drv.writeDesc(q.desc, 0, buf, 16, C.VIRTQ_DESC_F_NEXT, 1);
    t.drv.writeDesc(q.desc, 1, buf, 16, C.VIRTQ_DESC_F_NEXT, 0);
    t.drv.publish(0, 0);
    expect(() => t.drv.kick(0)).not.toThrow();
    expectNeedsReset(t);
    expect(t.dev.lastFault).toMatch(/loops/);
  });

  it('rejects a next index outside the table and a head outside the ring', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    t.drv.writeDesc(q.desc, 0, t.ram.alloc(4), 4, C.VIRTQ_DESC_F_NEXT, 200);
    t.drv.publish(0, 0);
    t.drv.kick(0);
    expectNeedsReset(t);
    const t2 = ready();
    t2.drv.publish(0, 9); // queue of 8
    t2.drv.kick(0);
    expectNeedsReset(t2);
  });

  it('rejects queue sizes that are not powers of two or exceed QueueNumMax', () => {
    for (const size of [3, 6, 32, 0]) {
      const t = setup();
      expect(() => t.drv.setupQueue(0, size)).not.toThrow();
      t.drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 0);
      expect(t.drv.r(C.VIRTIO_MMIO_QUEUE_READY)).toBe(0);
      expectNeedsReset(t);
    }
  });

  it('rejects ring areas outside RAM', () => {
    const t = setup();
    expect(t.drv.setupQueue(0, 8, { used: RAM_BASE + t.ram.ramSize - 16 })).toBe(false);
    expectNeedsReset(t);
  });

  it('rejects an avail idx that jumps by more than the queue size', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    t.ram.setU16(q.avail + 2, 9);
    expect(() => t.drv.kick(0)).not.toThrow();
    expectNeedsReset(t);
  });

  it('rejects indirect tables that are nested, ragged, unnegotiated, or combined with NEXT', () => {
    const cases: [string, (t: ReturnType<typeof setup>, desc: number) => void, bigint][] = [
      ['nested', (t, desc) => {
        const inner = t.ram.alloc(16, 16);
        const outer = t.ram.alloc(16, 16);
        t.drv.writeDesc(outer, 0, inner, 16, C.VIRTQ_DESC_F_INDIRECT, 0);
        t.drv.writeDesc(desc, 0, outer, 16, C.VIRTQ_DESC_F_INDIRECT, 0);
      }, bit(C.VIRTIO_F_INDIRECT_DESC)],
      ['ragged', (t, desc) => t.drv.writeDesc(desc, 0, t.ram.alloc(24, 16), 24, C.VIRTQ_DESC_F_INDIRECT, 0), bit(C.VIRTIO_F_INDIRECT_DESC)],
      ['unnegotiated', (t, desc) => t.drv.writeDesc(desc, 0, t.ram.alloc(16, 16), 16, C.VIRTQ_DESC_F_INDIRECT, 0), 0n],
      ['with NEXT', (t, desc) => t.drv.writeDesc(desc, 0, t.ram.alloc(16, 16), 16, C.VIRTQ_DESC_F_INDIRECT | C.VIRTQ_DESC_F_NEXT, 1), bit(C.VIRTIO_F_INDIRECT_DESC)],
    ];
    for (const [name, build, extra] of cases) {
      const t = ready({ features: BASE_FEATURES | extra });
      build(t, t.drv.queues.get(0)!.desc);
      t.drv.publish(0, 0);
      expect(() => t.drv.kick(0), name).not.toThrow();
      expectNeedsReset(t);
    }
  });

  it('rejects a readable descriptor after a writable one', () => {
    const t = ready();
    const q = t.drv.queues.get(0)!;
    t.drv.writeDesc(q.desc, 0, t.ram.alloc(4), 4, C.VIRTQ_DESC_F_WRITE | C.VIRTQ_DESC_F_NEXT, 1);
    t.drv.writeDesc(q.desc, 1, t.ram.alloc(4), 4, 0, 0);
    t.drv.publish(0, 0);
    t.drv.kick(0);
    expectNeedsReset(t);
  });

  it('stays broken until reset, then works again', () => {
    const t = ready();
    t.drv.publish(0, 9);
    t.drv.kick(0);
    expectNeedsReset(t);
    t.drv.addChain(0, [{ data: enc('later') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.device.notifications).toBeGreaterThan(0);
    expect(t.drv.negotiate(BASE_FEATURES) & NEEDS_RESET).toBe(0);
    t.drv.queues.clear();
    t.drv.setupQueue(0, 8);
    t.drv.driverOk();
    const head = t.drv.addChain(0, [{ data: enc('again') }, { writable: 8 }]);
    t.drv.kick(0);
    expect(t.drv.takeUsed(0)).toEqual([{ id: head, len: 5 }]);
  });

  it('ignores sub-word register writes and notifies of missing queues', () => {
    const t = ready();
    expect(() => t.dev.write(C.VIRTIO_MMIO_STATUS, 0, 1)).not.toThrow();
    expect(t.drv.status() & C.VIRTIO_CONFIG_S_DRIVER_OK).toBeTruthy();
    expect(() => t.drv.kick(7)).not.toThrow();
    expect(t.logs.some((l) => /nonexistent queue 7/.test(l))).toBe(true);
  });
});
