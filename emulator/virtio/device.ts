// What a thin virtio device supplies to the one virtio-mmio transport (style
// habit 7), and what it gets back. A device names its feature bits, declares its
// config space as fields, lists its queues and handles notifications; it never
// touches transport registers or ring memory directly.

import type { Virtqueue } from './queue.js';

/** A feature bit by its spec name, e.g. { name: 'VIRTIO_BLK_F_RO', bit: 5 }. */
export interface VirtioFeature {
  readonly name: string;
  readonly bit: number;
}

/** One field of the device-specific configuration space (little-endian, at 0x100 + offset). */
export interface ConfigField {
  readonly name: string;
  readonly offset: number;
  readonly size: 1 | 2 | 4 | 8;
  read(): number | bigint;
  /** Absent for read-only fields: driver writes to them are ignored. */
  write?(value: bigint): void;
}

export interface VirtioQueueSpec {
  readonly name: string;
  /** QueueNumMax, a power of 2. */
  readonly maxSize: number;
}

/** The transport as a device sees it. */
export interface VirtioTransport {
  /** Queue `index` (0-based, as declared in VirtioDevice.queues). */
  queue(index: number): Virtqueue;
  /** Whether the driver accepted feature `bit` (false before FEATURES_OK). */
  negotiated(bit: number): boolean;
  /** True once the driver set DRIVER_OK (and no reset since). */
  readonly driverOk: boolean;
  /** The device's config space changed: bump ConfigGeneration and interrupt. */
  configChanged(): void;
  /** The guest sent something the device cannot parse: DEVICE_NEEDS_RESET. */
  fail(reason: string): void;
}

export interface VirtioDevice {
  readonly name: string;
  /** 5 "Device Types": 1 net, 2 block, 4 entropy, ... */
  readonly deviceId: number;
  /** Device-specific feature bits offered (the transport adds VERSION_1, INDIRECT_DESC, EVENT_IDX). */
  readonly features: readonly VirtioFeature[];
  readonly queues: readonly VirtioQueueSpec[];
  readonly config: readonly ConfigField[];
  /** Called once by the transport's constructor. */
  attach(transport: VirtioTransport): void;
  /** The driver made buffers available on `queueIndex` (only called once DRIVER_OK is set). */
  onNotify(queueIndex: number): void;
  /** The driver reset the device (Status written 0): drop any per-session state. */
  reset(): void;
  /** The driver set DRIVER_OK. */
  onDriverOk?(): void;
}
