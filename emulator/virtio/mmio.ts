// The virtio-mmio transport, version 2 (VIRTIO 1.2 section 4.2 "Virtio Over
// MMIO"), shared by every virtio device. It owns the registers, feature
// negotiation, the device status state machine, the queues and the interrupt
// line; the device behind it only supplies what VirtioDevice describes.
//
// Register map (all 32-bit, little-endian; config space from 0x100 takes 1/2/4):
//   0x000 MagicValue  0x004 Version  0x008 DeviceID  0x00c VendorID
//   0x010 DeviceFeatures  0x014 DeviceFeaturesSel  0x020 DriverFeatures  0x024 DriverFeaturesSel
//   0x030 QueueSel  0x034 QueueNumMax  0x038 QueueNum  0x044 QueueReady  0x050 QueueNotify
//   0x060 InterruptStatus  0x064 InterruptACK  0x070 Status
//   0x080/084 QueueDesc  0x090/094 QueueDriver  0x0a0/0a4 QueueDevice
//   0x0ac SHMSel  0x0b0/0b4 SHMLen  0x0b8/0bc SHMBase  0x0c0 QueueReset  0x0fc ConfigGeneration

import {
  type AccessSize,
  type DeviceLog,
  type GuestMemory,
  type IrqLine,
  type MmioDevice,
  extractSubword,
  onceLog,
  defaultDeviceLog,
} from '../devices/device.js';
import {
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FEATURES_OK,
  VIRTIO_CONFIG_S_NEEDS_RESET,
  VIRTIO_F_EVENT_IDX,
  VIRTIO_F_INDIRECT_DESC,
  VIRTIO_F_VERSION_1,
  VIRTIO_MMIO_CONFIG,
  VIRTIO_MMIO_CONFIG_GENERATION,
  VIRTIO_MMIO_DEVICE_FEATURES,
  VIRTIO_MMIO_DEVICE_FEATURES_SEL,
  VIRTIO_MMIO_DEVICE_ID,
  VIRTIO_MMIO_DRIVER_FEATURES,
  VIRTIO_MMIO_DRIVER_FEATURES_SEL,
  VIRTIO_MMIO_INT_CONFIG,
  VIRTIO_MMIO_INT_VRING,
  VIRTIO_MMIO_INTERRUPT_ACK,
  VIRTIO_MMIO_INTERRUPT_STATUS,
  VIRTIO_MMIO_MAGIC,
  VIRTIO_MMIO_MAGIC_VALUE,
  VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
  VIRTIO_MMIO_QUEUE_AVAIL_LOW,
  VIRTIO_MMIO_QUEUE_DESC_HIGH,
  VIRTIO_MMIO_QUEUE_DESC_LOW,
  VIRTIO_MMIO_QUEUE_NOTIFY,
  VIRTIO_MMIO_QUEUE_NUM,
  VIRTIO_MMIO_QUEUE_NUM_MAX,
  VIRTIO_MMIO_QUEUE_READY,
  VIRTIO_MMIO_QUEUE_RESET,
  VIRTIO_MMIO_QUEUE_SEL,
  VIRTIO_MMIO_QUEUE_USED_HIGH,
  VIRTIO_MMIO_QUEUE_USED_LOW,
  VIRTIO_MMIO_SHM_BASE_HIGH,
  VIRTIO_MMIO_SHM_BASE_LOW,
  VIRTIO_MMIO_SHM_LEN_HIGH,
  VIRTIO_MMIO_SHM_LEN_LOW,
  VIRTIO_MMIO_SHM_SEL,
  VIRTIO_MMIO_STATUS,
  VIRTIO_MMIO_VENDOR_HARTNET,
  VIRTIO_MMIO_VENDOR_ID,
  VIRTIO_MMIO_VERSION,
  VIRTIO_MMIO_VERSION_2,
} from './constants.js';
import type { ConfigField, VirtioDevice, VirtioFeature, VirtioTransport } from './device.js';
import { GuestRam, joinAddress } from './guest-ram.js';
import { Virtqueue, type VirtqueueHost } from './queue.js';

/** Features every device on this transport offers. */
export const TRANSPORT_FEATURES: readonly VirtioFeature[] = [
  { name: 'VIRTIO_F_INDIRECT_DESC', bit: VIRTIO_F_INDIRECT_DESC },
  { name: 'VIRTIO_F_EVENT_IDX', bit: VIRTIO_F_EVENT_IDX },
  { name: 'VIRTIO_F_VERSION_1', bit: VIRTIO_F_VERSION_1 },
];

export interface VirtioMmioOptions {
  device: VirtioDevice;
  memory: GuestMemory;
  irq: IrqLine;
  /** Defaults to `virtio-<device name>`. */
  name?: string;
  log?: DeviceLog;
}

/** The six 32-bit address halves a driver writes per queue, in register order. */
const QueueAddr = { DescLow: 0, DescHigh: 1, AvailLow: 2, AvailHigh: 3, UsedLow: 4, UsedHigh: 5 } as const;
type QueueAddr = (typeof QueueAddr)[keyof typeof QueueAddr];

const NO_SHM_REGION = 0xffff_ffff; // 4.2.2: "a length of -1" for a non-existent region

export class VirtioMmio implements MmioDevice, VirtioTransport {
  readonly name: string;
  readonly device: VirtioDevice;
  private readonly irq: IrqLine;
  private readonly log: DeviceLog;
  private readonly warn: (key: string, message?: string) => void;
  private readonly ram: GuestRam;
  private readonly queues: Virtqueue[];
  private readonly queueAddr: Uint32Array[];
  private readonly offered: bigint;
  private readonly configSize: number;

  private status = 0;
  private deviceFeaturesSel = 0;
  private driverFeaturesSel = 0;
  private driverFeatures = 0n;
  private queueSel = 0;
  private interruptStatus = 0;
  private configGeneration = 0;
  private irqLevel = false;
  /** Why the device last entered DEVICE_NEEDS_RESET (for the debugger). */
  lastFault: string | undefined;

  constructor(options: VirtioMmioOptions) {
    const { device } = options;
    this.device = device;
    this.name = options.name ?? `virtio-${device.name}`;
    this.irq = options.irq;
    this.log = options.log ?? defaultDeviceLog;
    this.warn = onceLog(this.log);
    this.ram = new GuestRam(options.memory);
    let offered = 0n;
    for (const f of [...TRANSPORT_FEATURES, ...device.features]) {
      if (!Number.isInteger(f.bit) || f.bit < 0 || f.bit > 63) throw new Error(`${this.name}: feature ${f.name} bit ${f.bit}`);
      offered |= 1n << BigInt(f.bit);
    }
    this.offered = offered;
    this.configSize = checkConfigLayout(this.name, device.config);
    const host: VirtqueueHost = {
      ram: this.ram,
      eventIdx: () => this.negotiated(VIRTIO_F_EVENT_IDX),
      indirectDesc: () => this.negotiated(VIRTIO_F_INDIRECT_DESC),
      fault: (queue, reason) => this.fail(`queue ${queue}: ${reason}`),
      interrupt: () => this.raise(VIRTIO_MMIO_INT_VRING),
    };
    this.queues = device.queues.map((q, i) => new Virtqueue(i, q.maxSize, host));
    this.queueAddr = device.queues.map(() => new Uint32Array(6));
    device.attach(this);
  }

  // --- VirtioTransport (device side) ----------------------------------------

  queue(index: number): Virtqueue {
    const q = this.queues[index];
    if (!q) throw new Error(`${this.name}: no queue ${index}`);
    return q;
  }

  negotiated(bit: number): boolean {
    return (this.status & VIRTIO_CONFIG_S_FEATURES_OK) !== 0 && ((this.driverFeatures >> BigInt(bit)) & 1n) === 1n;
  }

  get driverOk(): boolean {
    return (this.status & VIRTIO_CONFIG_S_DRIVER_OK) !== 0;
  }

  /** The device status byte (for tests and the debugger). */
  get deviceStatus(): number {
    return this.status;
  }

  configChanged(): void {
    this.configGeneration = (this.configGeneration + 1) >>> 0;
    this.raise(VIRTIO_MMIO_INT_CONFIG);
  }

  /** 2.1.2: set DEVICE_NEEDS_RESET and send a configuration change notification. */
  fail(reason: string): void {
    this.lastFault = reason;
    this.log(`${this.name}: needs reset: ${reason}`);
    this.status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    this.raise(VIRTIO_MMIO_INT_CONFIG);
  }

  // --- MmioDevice (guest side) ----------------------------------------------

  read(offset: number, size: AccessSize): number {
    if (offset >= VIRTIO_MMIO_CONFIG) return this.readConfig(offset - VIRTIO_MMIO_CONFIG, size);
    if (size !== 4 || (offset & 3) !== 0) {
      this.warn(`read-size:${offset}:${size}`, `${this.name}: ${size}-byte read of register 0x${offset.toString(16)}`);
    }
    return extractSubword(this.readRegister(offset & ~3), offset, size);
  }

  write(offset: number, value: number, size: AccessSize): void {
    if (offset >= VIRTIO_MMIO_CONFIG) {
      this.writeConfig(offset - VIRTIO_MMIO_CONFIG, value, size);
      return;
    }
    // 4.2.2.2: "The driver MUST only use 32 bit wide and aligned reads and writes to access the control registers".
    if (size !== 4 || (offset & 3) !== 0) {
      this.warn(`write-size:${offset}:${size}`, `${this.name}: ${size}-byte write to register 0x${offset.toString(16)} ignored`);
      return;
    }
    this.writeRegister(offset, value >>> 0);
  }

  // --- registers -------------------------------------------------------------

  private selectedQueue(): Virtqueue | undefined {
    return this.queues[this.queueSel];
  }

  private readRegister(offset: number): number {
    const q = this.selectedQueue();
    switch (offset) {
      case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
      case VIRTIO_MMIO_VERSION:
        return VIRTIO_MMIO_VERSION_2;
      case VIRTIO_MMIO_DEVICE_ID:
        return this.device.deviceId;
      case VIRTIO_MMIO_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR_HARTNET;
      case VIRTIO_MMIO_DEVICE_FEATURES:
        return this.deviceFeaturesSel < 2 ? Number((this.offered >> BigInt(32 * this.deviceFeaturesSel)) & 0xffff_ffffn) : 0;
      case VIRTIO_MMIO_QUEUE_NUM_MAX:
        // 0 tells the driver the selected queue does not exist.
        return q ? q.maxSize : 0;
      case VIRTIO_MMIO_QUEUE_NUM:
        return q ? q.size : 0;
      case VIRTIO_MMIO_QUEUE_READY:
        return q?.ready ? 1 : 0;
      case VIRTIO_MMIO_INTERRUPT_STATUS:
        return this.interruptStatus;
      case VIRTIO_MMIO_STATUS:
        return this.status;
      case VIRTIO_MMIO_QUEUE_DESC_LOW:
      case VIRTIO_MMIO_QUEUE_DESC_HIGH:
      case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
      case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
      case VIRTIO_MMIO_QUEUE_USED_LOW:
      case VIRTIO_MMIO_QUEUE_USED_HIGH:
        return q ? this.queueAddr[this.queueSel]![queueAddrIndex(offset)]! : 0;
      case VIRTIO_MMIO_SHM_LEN_LOW:
      case VIRTIO_MMIO_SHM_LEN_HIGH:
      case VIRTIO_MMIO_SHM_BASE_LOW:
      case VIRTIO_MMIO_SHM_BASE_HIGH:
        return NO_SHM_REGION;
      case VIRTIO_MMIO_QUEUE_RESET:
        return 0;
      case VIRTIO_MMIO_CONFIG_GENERATION:
        return this.configGeneration;
      case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
      case VIRTIO_MMIO_DRIVER_FEATURES:
      case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
      case VIRTIO_MMIO_QUEUE_SEL:
      case VIRTIO_MMIO_QUEUE_NOTIFY:
      case VIRTIO_MMIO_INTERRUPT_ACK:
      case VIRTIO_MMIO_SHM_SEL:
        return 0; // write-only
      default:
        this.warn(`read:${offset}`, `${this.name}: read of unimplemented register 0x${offset.toString(16)}`);
        return 0;
    }
  }

  private writeRegister(offset: number, value: number): void {
    const q = this.selectedQueue();
    switch (offset) {
      case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        this.deviceFeaturesSel = value;
        return;
      case VIRTIO_MMIO_DRIVER_FEATURES:
        this.writeDriverFeatures(value);
        return;
      case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        this.driverFeaturesSel = value;
        return;
      case VIRTIO_MMIO_QUEUE_SEL:
        this.queueSel = value;
        return;
      case VIRTIO_MMIO_QUEUE_NUM:
        if (q && !q.ready) q.size = value;
        return;
      case VIRTIO_MMIO_QUEUE_READY:
        if (q) this.writeQueueReady(q, value & 1);
        return;
      case VIRTIO_MMIO_QUEUE_NOTIFY:
        this.notify(value & 0xffff);
        return;
      case VIRTIO_MMIO_INTERRUPT_ACK:
        this.interruptStatus &= ~value;
        this.updateIrq();
        return;
      case VIRTIO_MMIO_STATUS:
        this.writeStatus(value & 0xff);
        return;
      case VIRTIO_MMIO_QUEUE_DESC_LOW:
      case VIRTIO_MMIO_QUEUE_DESC_HIGH:
      case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
      case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
      case VIRTIO_MMIO_QUEUE_USED_LOW:
      case VIRTIO_MMIO_QUEUE_USED_HIGH:
        if (q && !q.ready) this.writeQueueAddress(q, offset, value);
        return;
      case VIRTIO_MMIO_SHM_SEL:
      case VIRTIO_MMIO_QUEUE_RESET:
        return; // no shared memory regions; VIRTIO_F_RING_RESET is not offered
      default:
        this.warn(`write:${offset}`, `${this.name}: write to register 0x${offset.toString(16)} ignored`);
    }
  }

  private writeDriverFeatures(value: number): void {
    // 3.1.1: features are fixed once FEATURES_OK is set.
    if (this.status & VIRTIO_CONFIG_S_FEATURES_OK) return;
    if (this.driverFeaturesSel >= 2) return;
    const shift = BigInt(32 * this.driverFeaturesSel);
    this.driverFeatures = (this.driverFeatures & ~(0xffff_ffffn << shift)) | (BigInt(value) << shift);
  }

  private writeQueueAddress(q: Virtqueue, offset: number, value: number): void {
    const regs = this.queueAddr[q.index]!;
    regs[queueAddrIndex(offset)] = value;
    q.descAddr = joinAddress(regs[QueueAddr.DescLow]!, regs[QueueAddr.DescHigh]!);
    q.availAddr = joinAddress(regs[QueueAddr.AvailLow]!, regs[QueueAddr.AvailHigh]!);
    q.usedAddr = joinAddress(regs[QueueAddr.UsedLow]!, regs[QueueAddr.UsedHigh]!);
  }

  private writeQueueReady(q: Virtqueue, ready: number): void {
    if (ready && !q.ready) {
      q.enable(); // faults (NEEDS_RESET) on a bad size or areas outside RAM
    } else if (!ready && q.ready) {
      q.reset();
      this.queueAddr[q.index]!.fill(0);
    }
  }

  private notify(index: number): void {
    const q = this.queues[index];
    if (!q) {
      this.warn(`notify:${index}`, `${this.name}: notify of nonexistent queue ${index}`);
      return;
    }
    // 3.1.1: the device only consumes buffers after DRIVER_OK; the DRIVER_OK edge catches up.
    if (q.ready && this.driverOk) this.device.onNotify(index);
  }

  /** 2.1 "Device Status Field" and 3.1 "Device Initialization". */
  private writeStatus(value: number): void {
    if (value === 0) {
      this.reset();
      return;
    }
    const before = this.status;
    if (value & VIRTIO_CONFIG_S_FEATURES_OK && !(before & VIRTIO_CONFIG_S_FEATURES_OK) && !this.featuresAcceptable()) {
      // 3.1.1 step 5-6: the driver re-reads Status and sees FEATURES_OK was refused.
      value &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    this.status = (value & ~VIRTIO_CONFIG_S_NEEDS_RESET) | (before & VIRTIO_CONFIG_S_NEEDS_RESET);
    if (this.status & VIRTIO_CONFIG_S_DRIVER_OK && !(before & VIRTIO_CONFIG_S_DRIVER_OK)) {
      this.device.onDriverOk?.();
      for (const q of this.queues) if (q.ready) this.device.onNotify(q.index);
    }
  }

  /** The driver may accept only what was offered, and must accept VIRTIO_F_VERSION_1 on this transport. */
  private featuresAcceptable(): boolean {
    const version1 = 1n << BigInt(VIRTIO_F_VERSION_1);
    if ((this.driverFeatures & ~this.offered) !== 0n) {
      this.log(`${this.name}: driver accepted features 0x${(this.driverFeatures & ~this.offered).toString(16)} never offered`);
      return false;
    }
    if ((this.driverFeatures & version1) === 0n) {
      this.log(`${this.name}: driver did not accept VIRTIO_F_VERSION_1 (legacy drivers are not supported)`);
      return false;
    }
    return true;
  }

  /** Status 0: back to the state after power-on (4.2.3.1). */
  private reset(): void {
    this.status = 0;
    this.deviceFeaturesSel = 0;
    this.driverFeaturesSel = 0;
    this.driverFeatures = 0n;
    this.queueSel = 0;
    this.interruptStatus = 0;
    this.lastFault = undefined;
    for (const q of this.queues) q.reset();
    for (const regs of this.queueAddr) regs.fill(0);
    this.updateIrq();
    this.device.reset();
  }

  private raise(bits: number): void {
    this.interruptStatus |= bits;
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.interruptStatus !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq.set(level);
    }
  }

  // --- config space ------------------------------------------------------------

  /** The config space as bytes, serialised from the device's fields. */
  private configBytes(): Uint8Array {
    const bytes = new Uint8Array(this.configSize);
    for (const f of this.device.config) {
      let v = BigInt(f.read());
      for (let i = 0; i < f.size; i++) {
        bytes[f.offset + i] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return bytes;
  }

  private readConfig(offset: number, size: AccessSize): number {
    if (offset + size > this.configSize) {
      this.warn(`config-read:${offset}`, `${this.name}: config read at 0x${offset.toString(16)} beyond ${this.configSize} bytes`);
      return 0;
    }
    const bytes = this.configBytes();
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v * 256) + bytes[offset + i]!;
    return v;
  }

  private writeConfig(offset: number, value: number, size: AccessSize): void {
    if (offset + size > this.configSize) {
      this.warn(`config-write:${offset}`, `${this.name}: config write at 0x${offset.toString(16)} beyond ${this.configSize} bytes ignored`);
      return;
    }
    const bytes = this.configBytes();
    for (let i = 0; i < size; i++) bytes[offset + i] = (value >>> (8 * i)) & 0xff;
    for (const f of this.device.config) {
      if (offset + size <= f.offset || offset >= f.offset + f.size) continue;
      if (!f.write) {
        this.warn(`config-ro:${f.name}`, `${this.name}: write to read-only config field ${f.name} ignored`);
        continue;
      }
      let v = 0n;
      for (let i = f.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[f.offset + i]!);
      f.write(v);
    }
  }
}

function queueAddrIndex(offset: number): QueueAddr {
  switch (offset) {
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
      return QueueAddr.DescLow;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
      return QueueAddr.DescHigh;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
      return QueueAddr.AvailLow;
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
      return QueueAddr.AvailHigh;
    case VIRTIO_MMIO_QUEUE_USED_LOW:
      return QueueAddr.UsedLow;
    default:
      return QueueAddr.UsedHigh;
  }
}

/** Checks the declared fields do not overlap and fit the MMIO window; returns the config size in bytes. */
function checkConfigLayout(name: string, fields: readonly ConfigField[]): number {
  const maxBytes = 0x1000 - VIRTIO_MMIO_CONFIG;
  const taken = new Uint8Array(maxBytes);
  let size = 0;
  for (const f of fields) {
    if (f.offset < 0 || f.offset + f.size > maxBytes) throw new Error(`${name}: config field ${f.name} outside the window`);
    for (let i = f.offset; i < f.offset + f.size; i++) {
      if (taken[i]) throw new Error(`${name}: config field ${f.name} overlaps another`);
      taken[i] = 1;
    }
    size = Math.max(size, f.offset + f.size);
  }
  return size;
}
