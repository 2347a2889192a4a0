import { describe, expect, it } from 'vitest';
import * as C from '../../../emulator/virtio/constants.js';
import { VirtioMmio } from '../../../emulator/virtio/mmio.js';
import * as N from '../../../emulator/virtio/net.js';
import { VirtioNetDevice, type VirtioNetOptions } from '../../../emulator/virtio/net.js';
import { FakeRam, TestDriver, bit } from './driver.js';

const LINUX_FEATURES = bit(C.VIRTIO_F_VERSION_1) | bit(N.VIRTIO_NET_F_MAC) | bit(N.VIRTIO_NET_F_STATUS) | bit(C.VIRTIO_F_EVENT_IDX);
/** Linux's receive buffer without MRG_RXBUF: header + GOOD_PACKET_LEN (14 + 4 + 1500). */
const LINUX_RX_BUF = N.VIRTIO_NET_HDR_SIZE + 1518;

/** A frame of `length` bytes: dst, src, EtherType 0x0800, then a counting pattern. */
function frame(length: number, tag = 0): Uint8Array {
  const f = new Uint8Array(length);
  f.set([0x52, 0x54, 0, 0x12, 0x34, 0x02, 0x52, 0x54, 0, 0x12, 0x34, 0x01, 0x08, 0x00]);
  for (let i = 14; i < length; i++) f[i] = (i + tag) & 0xff;
  return f;
}

function hdr(overrides: { flags?: number; gso?: number } = {}): Uint8Array {
  const h = new Uint8Array(N.VIRTIO_NET_HDR_SIZE);
  h[0] = overrides.flags ?? 0;
  h[1] = overrides.gso ?? 0;
  return h;
}

function setup(options: Partial<VirtioNetOptions> = {}, features = LINUX_FEATURES) {
  const sent: Uint8Array[] = [];
  const device = new VirtioNetDevice({ mac: '52:54:00:12:34:01', onTransmit: (f) => sent.push(f), ...options });
  const ram = new FakeRam(4 << 20);
  const irq = { level: false, set(l: boolean) { this.level = l; } };
  const dev = new VirtioMmio({ device, memory: ram, irq, log: () => {} });
  const drv = new TestDriver(dev, ram);
  const status = drv.negotiate(features);
  expect(status & C.VIRTIO_CONFIG_S_FEATURES_OK).toBeTruthy();
  expect(drv.setupQueue(N.VIRTIO_NET_QUEUE_RX, 256)).toBe(true);
  expect(drv.setupQueue(N.VIRTIO_NET_QUEUE_TX, 256)).toBe(true);
  drv.driverOk();
  /** Posts `n` Linux-shaped receive buffers and kicks the receive queue. */
  const postRx = (n: number, size = LINUX_RX_BUF) => {
    const heads: number[] = [];
    for (let i = 0; i < n; i++) heads.push(drv.addChain(N.VIRTIO_NET_QUEUE_RX, [{ writable: size }]));
    drv.kick(N.VIRTIO_NET_QUEUE_RX);
    return heads;
  };
  return { device, dev, drv, ram, irq, sent, postRx };
}

describe('virtio-net', () => {
  it('is device id 1 with MAC and STATUS, and shows the MAC and link-up in config space', () => {
    const { drv, dev, device } = setup();
    expect(drv.r(C.VIRTIO_MMIO_DEVICE_ID)).toBe(1);
    const f = drv.deviceFeatures();
    expect(f & bit(N.VIRTIO_NET_F_MAC)).toBeTruthy();
    expect(f & bit(N.VIRTIO_NET_F_STATUS)).toBeTruthy();
    expect(f & bit(C.VIRTIO_F_VERSION_1)).toBeTruthy();
    // No offloads, no mergeable buffers, no control queue.
    for (const b of [N.VIRTIO_NET_F_CSUM, N.VIRTIO_NET_F_GUEST_CSUM, N.VIRTIO_NET_F_MRG_RXBUF, N.VIRTIO_NET_F_CTRL_VQ]) {
      expect(f & bit(b)).toBe(0n);
    }
    const mac = Array.from({ length: 6 }, (_, i) => dev.read(C.VIRTIO_MMIO_CONFIG + N.VIRTIO_NET_CFG_MAC + i, 1));
    expect(mac).toEqual([0x52, 0x54, 0x00, 0x12, 0x34, 0x01]);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + N.VIRTIO_NET_CFG_STATUS, 2)).toBe(N.VIRTIO_NET_S_LINK_UP);
    expect(device.macAddress).toBe('52:54:00:12:34:01');
    // Two queues only: a third does not exist.
    drv.w(C.VIRTIO_MMIO_QUEUE_SEL, 2);
    expect(drv.r(C.VIRTIO_MMIO_QUEUE_NUM_MAX)).toBe(0);
  });

  it('accepts the MAC as bytes', () => {
    const d = new VirtioNetDevice({ mac: Uint8Array.of(2, 0, 0, 0, 0, 9), onTransmit: () => {} });
    expect(d.macAddress).toBe('02:00:00:00:00:09');
    expect(() => new VirtioNetDevice({ mac: 'nonsense', onTransmit: () => {} })).toThrow(/MAC/);
  });

  it('transmits: strips the 12-byte header, hands over a fresh copy, returns the chain', () => {
    const { drv, sent, device, ram } = setup();
    const f = frame(98);
    // Linux pushes the header into the skb head: one descriptor of header + frame...
    const one = new Uint8Array(N.VIRTIO_NET_HDR_SIZE + f.length);
    one.set(f, N.VIRTIO_NET_HDR_SIZE);
    const h1 = drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: one }]);
    // ...or uses a separate descriptor for it, and the frame may be scattered.
    const h2 = drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: f.subarray(0, 20) }, { data: f.subarray(20) }]);
    drv.kick(N.VIRTIO_NET_QUEUE_TX);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_TX)).toEqual([{ id: h1, len: 0 }, { id: h2, len: 0 }]);
    expect(sent.map((s) => [...s])).toEqual([[...f], [...f]]);
    expect(sent[0]!.buffer).not.toBe(ram.data.buffer);
    expect(sent[0]!.byteLength).toBe(sent[0]!.buffer.byteLength); // its own buffer: transferable
    expect(device.stats).toMatchObject({ txFrames: 2, txBytes: 196 });
  });

  it('drops and counts oversize, runt and offload-requesting TX frames, but still returns their chains', () => {
    const { drv, sent, device } = setup();
    const heads = [
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: frame(1514) }]), // the largest allowed
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: frame(1515) }]),
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: frame(60).subarray(0, 13) }]),
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: new Uint8Array(8) }]),
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr({ flags: 1 }) }, { data: frame(60) }]),
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr({ gso: 1 }) }, { data: frame(60) }]),
    ];
    drv.kick(N.VIRTIO_NET_QUEUE_TX);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_TX).map((u) => u.id)).toEqual(heads);
    expect(sent.map((s) => s.length)).toEqual([1514]);
    expect(device.stats).toMatchObject({ txFrames: 1, txDropsOversize: 1, txDropsMalformed: 4 });
  });

  it('receives: a zeroed header with num_buffers = 1, then the frame, and interrupts', () => {
    const { drv, device, irq, postRx } = setup();
    const [head] = postRx(1);
    drv.ackInterrupt();
    expect(irq.level).toBe(false);
    const f = frame(60);
    expect(device.receive(f)).toBe(true);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_RX)).toEqual([{ id: head, len: 12 + 60 }]);
    const w = drv.written(head!);
    expect([...w.subarray(0, 12)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect([...w.subarray(12, 72)]).toEqual([...f]);
    expect(irq.level).toBe(true);
    expect(device.stats).toMatchObject({ rxFrames: 1, rxBytes: 60 });
  });

  it('scatters a received frame over a chain of several writable buffers', () => {
    const { drv, device } = setup();
    const head = drv.addChain(N.VIRTIO_NET_QUEUE_RX, [{ writable: 12 }, { writable: 100 }, { writable: 1418 }]);
    drv.kick(N.VIRTIO_NET_QUEUE_RX);
    const f = frame(1514);
    expect(device.receive(f)).toBe(true);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_RX)).toEqual([{ id: head, len: 1526 }]);
    expect([...drv.written(head).subarray(12, 12 + 1514)]).toEqual([...f]);
  });

  it('with no RX buffer holds a bounded backlog, flushed in order when the guest posts buffers', () => {
    const { drv, device, postRx } = setup({ rxQueueLimit: 4 });
    for (let i = 0; i < 6; i++) device.receive(frame(60, i));
    expect(device.rxBacklog).toBe(4);
    expect(device.stats.rxDropsNoBuffer).toBe(2);
    const heads = postRx(3);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_RX).map((u) => u.id)).toEqual(heads);
    expect(heads.map((h) => drv.written(h)[12 + 14])).toEqual([14, 15, 16]); // frames 0, 1, 2 in order
    expect(device.rxBacklog).toBe(1);
    // A new frame queues behind the one still waiting.
    const [h4, h5] = postRx(2);
    expect(device.receive(frame(60, 9))).toBe(true);
    expect(drv.written(h4!)[12 + 14]).toBe(17); // frame 3
    expect(drv.written(h5!)[12 + 14]).toBe(14 + 9); // then the new one
    expect(device.stats).toMatchObject({ rxFrames: 5, rxDropsNoBuffer: 2 });
    expect(device.rxBacklog).toBe(0);
  });

  it('with rxQueueLimit 0 drops every frame that finds no buffer', () => {
    const { device } = setup({ rxQueueLimit: 0 });
    expect(device.receive(frame(60))).toBe(false);
    expect(device.stats.rxDropsNoBuffer).toBe(1);
  });

  it('drops frames before DRIVER_OK and after a reset, counting them', () => {
    const sent: Uint8Array[] = [];
    const device = new VirtioNetDevice({ mac: '52:54:00:12:34:01', onTransmit: (f) => sent.push(f) });
    expect(device.receive(frame(60))).toBe(false);
    const { device: d2, drv } = setup();
    d2.receive(frame(60));
    expect(d2.rxBacklog).toBe(1);
    drv.w(C.VIRTIO_MMIO_STATUS, 0); // reset
    expect(d2.rxBacklog).toBe(0);
    expect(d2.receive(frame(60))).toBe(false);
    expect(device.stats.rxDropsNoBuffer + d2.stats.rxDropsNoBuffer).toBe(2);
  });

  it('drops a frame larger than the posted buffer, returning the buffer empty', () => {
    const { drv, device, postRx } = setup();
    const [small, big] = [...postRx(1, 12 + 100), ...postRx(1)];
    expect(device.receive(frame(200))).toBe(true); // consumed: the small buffer went back empty
    expect(device.receive(frame(200))).toBe(true);
    expect(drv.takeUsed(N.VIRTIO_NET_QUEUE_RX)).toEqual([{ id: small, len: 0 }, { id: big, len: 212 }]);
    expect(device.stats).toMatchObject({ rxFrames: 1, rxDropsTooBig: 1 });
    expect(device.receive(frame(1515))).toBe(false);
    expect(device.stats.rxDropsTooBig).toBe(2);
  });

  it('link down: status reads 0, a config interrupt is raised, frames either way are dropped', () => {
    const { drv, dev, device, irq, sent, postRx } = setup();
    postRx(2);
    drv.ackInterrupt();
    const gen = drv.r(C.VIRTIO_MMIO_CONFIG_GENERATION);
    device.setLinkUp(false);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + N.VIRTIO_NET_CFG_STATUS, 2)).toBe(0);
    expect(irq.level).toBe(true);
    expect(drv.ackInterrupt()).toBe(C.VIRTIO_MMIO_INT_CONFIG);
    expect(drv.r(C.VIRTIO_MMIO_CONFIG_GENERATION)).not.toBe(gen);
    expect(device.receive(frame(60))).toBe(false);
    drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: frame(60) }]);
    drv.kick(N.VIRTIO_NET_QUEUE_TX);
    expect(sent).toHaveLength(0);
    expect(device.stats).toMatchObject({ rxDropsLinkDown: 1, txDropsLinkDown: 1 });
    expect(drv.ackInterrupt()).toBe(C.VIRTIO_MMIO_INT_VRING); // the TX chain came back
    device.setLinkUp(false); // no change, no interrupt
    expect(drv.ackInterrupt()).toBe(0);
    device.setLinkUp(true);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + N.VIRTIO_NET_CFG_STATUS, 2)).toBe(N.VIRTIO_NET_S_LINK_UP);
    expect(drv.ackInterrupt()).toBe(C.VIRTIO_MMIO_INT_CONFIG);
    expect(device.receive(frame(60))).toBe(true);
  });

  it('runs a ping-pong of 1000 frames through a 256-entry ring (indices wrap)', () => {
    const { drv, device, sent, ram } = setup();
    let delivered = 0;
    for (let i = 0; i < 1000; i++) {
      const head = drv.addChain(N.VIRTIO_NET_QUEUE_RX, [{ writable: LINUX_RX_BUF }]);
      // The helper keys writable buffers by head only, and TX heads collide with RX ones: keep ours.
      const [buf] = drv.writableOf.get(head)!;
      drv.kick(N.VIRTIO_NET_QUEUE_RX);
      drv.addChain(N.VIRTIO_NET_QUEUE_TX, [{ data: hdr() }, { data: frame(64, i) }]);
      drv.kick(N.VIRTIO_NET_QUEUE_TX);
      drv.takeUsed(N.VIRTIO_NET_QUEUE_TX);
      device.receive(sent.shift()!);
      const used = drv.takeUsed(N.VIRTIO_NET_QUEUE_RX);
      expect(used).toEqual([{ id: head, len: 76 }]);
      if (ram.read(buf!.addr, 76)[12 + 20] === ((20 + i) & 0xff)) delivered++;
    }
    expect(delivered).toBe(1000);
    expect(device.stats).toMatchObject({ txFrames: 1000, rxFrames: 1000, rxDropsNoBuffer: 0 });
  });
});
