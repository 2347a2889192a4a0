// virtio-blk (VIRTIO 1.2 section 5.2): a disk held in memory as a Uint8Array,
// read-write in memory, or read-only on request (VIRTIO_BLK_F_RO).
//
// A request is one descriptor chain:
//   readable:  struct virtio_blk_req header { le32 type; le32 reserved; le64 sector; }
//              then the data for OUT (write) requests
//   writable:  the data for IN (read) and GET_ID requests, then one status byte (last)

import { VIRTIO_ID_BLOCK } from './constants.js';
import type { ConfigField, VirtioDevice, VirtioFeature, VirtioQueueSpec, VirtioTransport } from './device.js';
import type { VirtqChain } from './queue.js';

// 5.2.3 "Feature bits".
export const VIRTIO_BLK_F_SIZE_MAX = 1;
export const VIRTIO_BLK_F_SEG_MAX = 2;
export const VIRTIO_BLK_F_GEOMETRY = 4;
export const VIRTIO_BLK_F_RO = 5;
export const VIRTIO_BLK_F_BLK_SIZE = 6;
export const VIRTIO_BLK_F_FLUSH = 9;

// 5.2.4 "struct virtio_blk_config" offsets.
export const VIRTIO_BLK_CFG_CAPACITY = 0; // le64, in 512-byte sectors
export const VIRTIO_BLK_CFG_SIZE_MAX = 8; // le32
export const VIRTIO_BLK_CFG_SEG_MAX = 12; // le32
export const VIRTIO_BLK_CFG_BLK_SIZE = 20; // le32

// 5.2.6 request types and status values.
export const VIRTIO_BLK_T_IN = 0;
export const VIRTIO_BLK_T_OUT = 1;
export const VIRTIO_BLK_T_FLUSH = 4;
export const VIRTIO_BLK_T_GET_ID = 8;
export const VIRTIO_BLK_S_OK = 0;
export const VIRTIO_BLK_S_IOERR = 1;
export const VIRTIO_BLK_S_UNSUPP = 2;

/** "sector" in the spec always means 512 bytes, whatever blk_size says. */
export const VIRTIO_BLK_SECTOR_SIZE = 512;
export const VIRTIO_BLK_ID_BYTES = 20;
export const VIRTIO_BLK_REQ_HEADER_SIZE = 16;

export const VIRTIO_BLK_QUEUE_REQUEST = 0;

export interface VirtioBlkOptions {
  /** The disk; its length is rounded down to whole sectors. Writes land in this array. */
  image: Uint8Array;
  readOnly?: boolean;
  /** GET_ID answer, up to 20 bytes of ASCII. */
  serial?: string;
  queueSize?: number;
}

type RequestResult = { status: number; dataWritten: number };

export class VirtioBlkDevice implements VirtioDevice {
  readonly name = 'blk';
  readonly deviceId = VIRTIO_ID_BLOCK;
  readonly features: readonly VirtioFeature[];
  readonly queues: readonly VirtioQueueSpec[];
  readonly config: readonly ConfigField[];
  readonly image: Uint8Array;
  readonly readOnly: boolean;
  /** Capacity in 512-byte sectors. */
  readonly capacity: number;
  private readonly serial: Uint8Array;
  private transport: VirtioTransport | undefined;

  /** Request handlers by type (style habit 3: a table, not an if-chain). */
  private readonly handlers: ReadonlyMap<number, (chain: VirtqChain, sector: number) => RequestResult> = new Map([
    [VIRTIO_BLK_T_IN, (c: VirtqChain, s: number) => this.readSectors(c, s)],
    [VIRTIO_BLK_T_OUT, (c: VirtqChain, s: number) => this.writeSectors(c, s)],
    [VIRTIO_BLK_T_FLUSH, () => ({ status: VIRTIO_BLK_S_OK, dataWritten: 0 })], // the disk is memory
    [VIRTIO_BLK_T_GET_ID, (c: VirtqChain) => this.getId(c)],
  ]);

  constructor(options: VirtioBlkOptions) {
    this.image = options.image;
    this.readOnly = options.readOnly ?? false;
    this.capacity = Math.floor(options.image.length / VIRTIO_BLK_SECTOR_SIZE);
    this.serial = new TextEncoder().encode((options.serial ?? 'hartnet-disk').slice(0, VIRTIO_BLK_ID_BYTES));
    const queueSize = options.queueSize ?? 256;
    this.queues = [{ name: 'requestq', maxSize: queueSize }];
    this.features = [
      { name: 'VIRTIO_BLK_F_SEG_MAX', bit: VIRTIO_BLK_F_SEG_MAX },
      { name: 'VIRTIO_BLK_F_BLK_SIZE', bit: VIRTIO_BLK_F_BLK_SIZE },
      { name: 'VIRTIO_BLK_F_FLUSH', bit: VIRTIO_BLK_F_FLUSH },
      ...(this.readOnly ? [{ name: 'VIRTIO_BLK_F_RO', bit: VIRTIO_BLK_F_RO }] : []),
    ];
    const segMax = Math.max(1, queueSize - 2); // header and status take two descriptors
    this.config = [
      { name: 'capacity', offset: VIRTIO_BLK_CFG_CAPACITY, size: 8, read: () => BigInt(this.capacity) },
      { name: 'size_max', offset: VIRTIO_BLK_CFG_SIZE_MAX, size: 4, read: () => 0 },
      { name: 'seg_max', offset: VIRTIO_BLK_CFG_SEG_MAX, size: 4, read: () => segMax },
      { name: 'geometry', offset: 16, size: 4, read: () => 0 },
      { name: 'blk_size', offset: VIRTIO_BLK_CFG_BLK_SIZE, size: 4, read: () => VIRTIO_BLK_SECTOR_SIZE },
    ];
  }

  attach(transport: VirtioTransport): void {
    this.transport = transport;
  }

  reset(): void {}

  onNotify(queueIndex: number): void {
    if (queueIndex !== VIRTIO_BLK_QUEUE_REQUEST || !this.transport) return;
    const q = this.transport.queue(VIRTIO_BLK_QUEUE_REQUEST);
    for (let chain = q.popRequest(); chain; chain = q.popRequest()) {
      // 5.2.6.1: a request needs at least the header and the status byte.
      if (chain.readableLength < VIRTIO_BLK_REQ_HEADER_SIZE || chain.writableLength < 1) {
        this.transport.fail(`request ${chain.head} without header or status byte`);
        return;
      }
      const header = new Uint8Array(VIRTIO_BLK_REQ_HEADER_SIZE);
      chain.copyFrom(0, header);
      const view = new DataView(header.buffer);
      const type = view.getUint32(0, true);
      const sectorHigh = view.getUint32(12, true);
      // Sectors beyond 2^53 bytes cannot exist on any disk we hold: make them out of range.
      const sector = sectorHigh >= 2 ** 21 ? Number.MAX_SAFE_INTEGER : sectorHigh * 2 ** 32 + view.getUint32(8, true);
      const handler = this.handlers.get(type);
      const { status, dataWritten } = handler ? handler(chain, sector) : { status: VIRTIO_BLK_S_UNSUPP, dataWritten: 0 };
      chain.copyTo(chain.writableLength - 1, Uint8Array.of(status));
      q.pushReply(chain, dataWritten + 1);
    }
    q.flushReplies();
  }

  /** Byte offset of `sector` if [sector, +bytes) fits on the disk, else -1. */
  private diskRange(sector: number, bytes: number): number {
    if (bytes % VIRTIO_BLK_SECTOR_SIZE !== 0) return -1;
    if (sector > this.capacity || bytes / VIRTIO_BLK_SECTOR_SIZE > this.capacity - sector) return -1;
    return sector * VIRTIO_BLK_SECTOR_SIZE;
  }

  private readSectors(chain: VirtqChain, sector: number): RequestResult {
    const bytes = chain.writableLength - 1;
    const start = this.diskRange(sector, bytes);
    if (start < 0) return { status: VIRTIO_BLK_S_IOERR, dataWritten: 0 };
    chain.copyTo(0, this.image.subarray(start, start + bytes));
    return { status: VIRTIO_BLK_S_OK, dataWritten: bytes };
  }

  private writeSectors(chain: VirtqChain, sector: number): RequestResult {
    if (this.readOnly) return { status: VIRTIO_BLK_S_IOERR, dataWritten: 0 };
    const bytes = chain.readableLength - VIRTIO_BLK_REQ_HEADER_SIZE;
    const start = this.diskRange(sector, bytes);
    if (start < 0) return { status: VIRTIO_BLK_S_IOERR, dataWritten: 0 };
    chain.copyFrom(VIRTIO_BLK_REQ_HEADER_SIZE, this.image.subarray(start, start + bytes));
    return { status: VIRTIO_BLK_S_OK, dataWritten: 0 };
  }

  private getId(chain: VirtqChain): RequestResult {
    const id = new Uint8Array(Math.min(VIRTIO_BLK_ID_BYTES, chain.writableLength - 1));
    id.set(this.serial.subarray(0, id.length));
    return { status: VIRTIO_BLK_S_OK, dataWritten: chain.copyTo(0, id) };
  }
}
