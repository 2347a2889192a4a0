import { describe, expect, it } from 'vitest';
import * as C from '../../../emulator/virtio/constants.js';
import { VirtioMmio } from '../../../emulator/virtio/mmio.js';
import { VirtioRngDevice } from '../../../emulator/virtio/rng.js';
import * as B from '../../../emulator/virtio/blk.js';
import { VirtioBlkDevice } from '../../../emulator/virtio/blk.js';
import { FakeRam, TestDriver, bit } from './driver.js';

function attach(device: ConstructorParameters<typeof VirtioMmio>[0]['device'], features: bigint) {
  const ram = new FakeRam();
  const irq = { level: false, set(l: boolean) { this.level = l; } };
  const dev = new VirtioMmio({ device, memory: ram, irq, log: () => {} });
  const drv = new TestDriver(dev, ram);
  const status = drv.negotiate(features);
  expect(status & C.VIRTIO_CONFIG_S_FEATURES_OK).toBeTruthy();
  expect(drv.setupQueue(0, 16)).toBe(true);
  drv.driverOk();
  return { ram, irq, dev, drv };
}

describe('virtio-rng', () => {
  it('is device id 4 and fills writable buffers with random bytes', () => {
    let counter = 0;
    const rng = new VirtioRngDevice({ random: (b) => b.forEach((_, i) => (b[i] = counter++ & 0xff)) });
    const { drv, irq } = attach(rng, bit(C.VIRTIO_F_VERSION_1));
    expect(drv.r(C.VIRTIO_MMIO_DEVICE_ID)).toBe(4);
    const head = drv.addChain(0, [{ writable: 5 }, { writable: 3 }]);
    drv.kick(0);
    expect(drv.takeUsed(0)).toEqual([{ id: head, len: 8 }]);
    expect([...drv.written(head)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(irq.level).toBe(true);
  });

  it('uses crypto.getRandomValues by default', () => {
    const { drv } = attach(new VirtioRngDevice(), bit(C.VIRTIO_F_VERSION_1));
    const head = drv.addChain(0, [{ writable: 64 }]);
    drv.kick(0);
    expect(drv.takeUsed(0)).toEqual([{ id: head, len: 64 }]);
    expect(new Set(drv.written(head)).size).toBeGreaterThan(8); // 64 random bytes are not all alike
  });
});

const SECTOR = B.VIRTIO_BLK_SECTOR_SIZE;

function blkHeader(type: number, sector: number | bigint): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, type, true);
  v.setBigUint64(8, BigInt(sector), true);
  return h;
}

function makeDisk(sectors: number): Uint8Array {
  const disk = new Uint8Array(sectors * SECTOR);
  for (let s = 0; s < sectors; s++) disk.fill(s + 1, s * SECTOR, (s + 1) * SECTOR);
  return disk;
}

function blk(options: { readOnly?: boolean; sectors?: number; features?: bigint } = {}) {
  const image = makeDisk(options.sectors ?? 8);
  const device = new VirtioBlkDevice({ image, readOnly: options.readOnly ?? false, serial: 'hartnet-test' });
  const t = attach(device, options.features ?? bit(C.VIRTIO_F_VERSION_1));
  /** Sends one request; returns the status byte and used length. */
  const request = (bufs: Parameters<typeof t.drv.addChain>[1], indirect = false) => {
    const head = t.drv.addChain(0, bufs, { indirect });
    t.drv.kick(0);
    const [used] = t.drv.takeUsed(0);
    const w = t.drv.written(head);
    return { used: used!, status: w[w.length - 1], data: w.subarray(0, w.length - 1) };
  };
  return { ...t, image, device, request };
}

describe('virtio-blk', () => {
  it('advertises capacity, seg_max, blk_size and its features', () => {
    const { drv, dev } = blk({ sectors: 8 });
    expect(drv.r(C.VIRTIO_MMIO_DEVICE_ID)).toBe(2);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + B.VIRTIO_BLK_CFG_CAPACITY, 4)).toBe(8);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + B.VIRTIO_BLK_CFG_CAPACITY + 4, 4)).toBe(0);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + B.VIRTIO_BLK_CFG_SEG_MAX, 4)).toBe(254);
    expect(dev.read(C.VIRTIO_MMIO_CONFIG + B.VIRTIO_BLK_CFG_BLK_SIZE, 4)).toBe(512);
    const f = drv.deviceFeatures();
    expect(f & bit(B.VIRTIO_BLK_F_FLUSH)).toBeTruthy();
    expect(f & bit(B.VIRTIO_BLK_F_RO)).toBe(0n);
    expect(blk({ readOnly: true }).drv.deviceFeatures() & bit(B.VIRTIO_BLK_F_RO)).toBeTruthy();
  });

  it('reads sectors (IN) into scattered buffers', () => {
    const { request } = blk();
    const r = request([{ data: blkHeader(B.VIRTIO_BLK_T_IN, 2) }, { writable: 300 }, { writable: 724 }, { writable: 1 }]);
    expect(r.status).toBe(B.VIRTIO_BLK_S_OK);
    expect(r.used.len).toBe(1025);
    expect(r.data.subarray(0, 512).every((b) => b === 3)).toBe(true);
    expect(r.data.subarray(512, 1024).every((b) => b === 4)).toBe(true);
  });

  it('writes sectors (OUT) into the in-memory image, through indirect descriptors too', () => {
    const { request, image } = blk({ features: bit(C.VIRTIO_F_VERSION_1) | bit(C.VIRTIO_F_INDIRECT_DESC) });
    const payload = new Uint8Array(SECTOR).fill(0xab);
    const r = request([{ data: blkHeader(B.VIRTIO_BLK_T_OUT, 5) }, { data: payload }, { writable: 1 }], true);
    expect(r.status).toBe(B.VIRTIO_BLK_S_OK);
    expect(r.used.len).toBe(1);
    expect(image.subarray(5 * SECTOR, 6 * SECTOR).every((b) => b === 0xab)).toBe(true);
    expect(image[4 * SECTOR]).toBe(5);
    expect(image[6 * SECTOR]).toBe(7);
  });

  it('refuses writes on a read-only disk with IOERR and leaves the image alone', () => {
    const { request, image } = blk({ readOnly: true, features: bit(C.VIRTIO_F_VERSION_1) | bit(B.VIRTIO_BLK_F_RO) });
    const r = request([{ data: blkHeader(B.VIRTIO_BLK_T_OUT, 0) }, { data: new Uint8Array(SECTOR) }, { writable: 1 }]);
    expect(r.status).toBe(B.VIRTIO_BLK_S_IOERR);
    expect(image[0]).toBe(1);
  });

  it('answers out-of-range sectors with IOERR', () => {
    const { request } = blk({ sectors: 8 });
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_IN, 7) }, { writable: 1024 }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_IOERR);
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_IN, 8) }, { writable: 512 }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_IOERR);
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_IN, 2n ** 63n) }, { writable: 512 }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_IOERR);
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_OUT, 8) }, { data: new Uint8Array(512) }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_IOERR);
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_IN, 7) }, { writable: 512 }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_OK);
  });

  it('handles FLUSH, GET_ID and unknown types', () => {
    const { request } = blk();
    expect(request([{ data: blkHeader(B.VIRTIO_BLK_T_FLUSH, 0) }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_OK);
    const id = request([{ data: blkHeader(B.VIRTIO_BLK_T_GET_ID, 0) }, { writable: 20 }, { writable: 1 }]);
    expect(id.status).toBe(B.VIRTIO_BLK_S_OK);
    expect(new TextDecoder().decode(id.data).replace(/\0+$/, '')).toBe('hartnet-test');
    expect(id.used.len).toBe(21);
    expect(request([{ data: blkHeader(99, 0) }, { writable: 1 }]).status).toBe(B.VIRTIO_BLK_S_UNSUPP);
  });

  it('puts the device in NEEDS_RESET for a request without header or status', () => {
    const { drv } = blk();
    drv.addChain(0, [{ data: new Uint8Array(4) }, { writable: 1 }]);
    expect(() => drv.kick(0)).not.toThrow();
    expect(drv.status() & C.VIRTIO_CONFIG_S_NEEDS_RESET).toBeTruthy();
  });
});
