// virtio-net, the network card (VIRTIO 1.2 section 5.1 "Network Device"): one
// receive queue and one transmit queue, a MAC address and a link status in
// config space, and no offloads (no checksum, no segmentation, no mergeable
// receive buffers): every frame is a whole Ethernet frame without FCS.
//
// Every packet on either queue is preceded by struct virtio_net_hdr; with
// VIRTIO_F_VERSION_1 it always has num_buffers, so it is 12 bytes (5.1.6):
//
//    0  u8   flags          NEEDS_CSUM / DATA_VALID — we offer neither, so 0
//    1  u8   gso_type       GSO_NONE (0): we offer no segmentation offload
//    2  le16 hdr_len
//    4  le16 gso_size
//    6  le16 csum_start
//    8  le16 csum_offset
//   10  le16 num_buffers    RX: 1 ("MUST set num_buffers to 1" without MRG_RXBUF)
//
// Config space (5.1.4):  0 u8 mac[6]   6 le16 status (VIRTIO_NET_S_LINK_UP)
//
// Transmit: the driver posts device-readable chains of header + frame; we strip
// the header and hand a fresh copy of the frame to onTransmit (which may transfer
// its buffer). Receive: the driver posts device-writable buffers (Linux, without
// MRG_RXBUF: one buffer of header + 1518 bytes each); receive() writes a zeroed
// header and the frame into the next one. With no buffer posted a frame waits in a
// small bounded backlog, or is dropped and counted: never queued without bound.

import { VIRTIO_ID_NET } from './constants.js';
import type { ConfigField, VirtioDevice, VirtioFeature, VirtioQueueSpec, VirtioTransport } from './device.js';
import type { VirtqChain } from './queue.js';
import { formatMac, toMacBytes } from '../net/mac.js';

// 5.1.3 "Feature bits" (the ones we name; we offer MAC and STATUS).
export const VIRTIO_NET_F_CSUM = 0;
export const VIRTIO_NET_F_GUEST_CSUM = 1;
export const VIRTIO_NET_F_MTU = 3;
export const VIRTIO_NET_F_MAC = 5;
export const VIRTIO_NET_F_MRG_RXBUF = 15;
export const VIRTIO_NET_F_STATUS = 16;
export const VIRTIO_NET_F_CTRL_VQ = 17;

// 5.1.4 "Device configuration layout".
export const VIRTIO_NET_CFG_MAC = 0; // u8 mac[6]
export const VIRTIO_NET_CFG_STATUS = 6; // le16
export const VIRTIO_NET_S_LINK_UP = 1;
export const VIRTIO_NET_S_ANNOUNCE = 2;

// 5.1.6 struct virtio_net_hdr.
export const VIRTIO_NET_HDR_SIZE = 12;
export const VIRTIO_NET_HDR_FLAGS = 0;
export const VIRTIO_NET_HDR_GSO_TYPE = 1;
export const VIRTIO_NET_HDR_NUM_BUFFERS = 10;
export const VIRTIO_NET_HDR_GSO_NONE = 0;

// 5.1.2 "Virtqueues".
export const VIRTIO_NET_QUEUE_RX = 0;
export const VIRTIO_NET_QUEUE_TX = 1;

/** Ethernet II header: destination, source, EtherType. */
export const ETH_HLEN = 14;
/** The largest untagged frame without FCS (1500-byte MTU). */
export const ETH_FRAME_MAX = 1514;

export interface VirtioNetOptions {
  /** The card's address, as 6 bytes or "52:54:00:12:34:01". */
  mac: Uint8Array | string;
  /** A frame the guest sent (without virtio_net_hdr). It is a fresh copy: the callee may keep or transfer it. */
  onTransmit: (frame: Uint8Array) => void;
  /** Frames held while the guest has no receive buffer posted (default 64); beyond that they are dropped. */
  rxQueueLimit?: number;
  /** Largest frame accepted either way, without FCS (default 1514). */
  maxFrame?: number;
  /** Link state at power-on (default up). */
  linkUp?: boolean;
  /** Queue sizes offered (QueueNumMax), default 256. */
  queueSize?: number;
}

/** Counters, by direction as the guest sees it (tx = guest → wire). */
export interface VirtioNetStats {
  txFrames: number;
  txBytes: number;
  rxFrames: number;
  rxBytes: number;
  /** TX frames larger than maxFrame. */
  txDropsOversize: number;
  /** TX chains too short for header + Ethernet header, or asking for offloads never offered. */
  txDropsMalformed: number;
  /** TX frames sent while the link was down. */
  txDropsLinkDown: number;
  /** RX frames that found no buffer (driver not ready, or none posted and the backlog full). */
  rxDropsNoBuffer: number;
  /** RX frames larger than the receive buffer they were offered, or than maxFrame. */
  rxDropsTooBig: number;
  /** RX frames that arrived while the link was down. */
  rxDropsLinkDown: number;
}

function zeroStats(): VirtioNetStats {
  return {
    txFrames: 0, txBytes: 0, rxFrames: 0, rxBytes: 0,
    txDropsOversize: 0, txDropsMalformed: 0, txDropsLinkDown: 0,
    rxDropsNoBuffer: 0, rxDropsTooBig: 0, rxDropsLinkDown: 0,
  };
}

export class VirtioNetDevice implements VirtioDevice {
  readonly name = 'net';
  readonly deviceId = VIRTIO_ID_NET;
  readonly features: readonly VirtioFeature[] = [
    { name: 'VIRTIO_NET_F_MAC', bit: VIRTIO_NET_F_MAC },
    { name: 'VIRTIO_NET_F_STATUS', bit: VIRTIO_NET_F_STATUS },
  ];
  readonly queues: readonly VirtioQueueSpec[];
  readonly config: readonly ConfigField[];
  readonly mac: Uint8Array;
  readonly maxFrame: number;
  readonly stats: VirtioNetStats = zeroStats();

  private transport: VirtioTransport | undefined;
  private readonly onTransmit: (frame: Uint8Array) => void;
  private linkIsUp: boolean;
  /** Frames waiting for an RX buffer: a ring of at most rxQueueLimit entries. */
  private readonly backlog: (Uint8Array | undefined)[];
  private backlogHead = 0;
  private backlogCount = 0;
  /** The zeroed header every received frame gets (num_buffers = 1). */
  private readonly rxHeader = new Uint8Array(VIRTIO_NET_HDR_SIZE);

  constructor(options: VirtioNetOptions) {
    this.mac = toMacBytes(options.mac);
    this.onTransmit = options.onTransmit;
    this.maxFrame = options.maxFrame ?? ETH_FRAME_MAX;
    this.linkIsUp = options.linkUp ?? true;
    const limit = options.rxQueueLimit ?? 64;
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`virtio-net: rxQueueLimit ${limit}`);
    this.backlog = new Array<Uint8Array | undefined>(limit);
    const queueSize = options.queueSize ?? 256;
    this.queues = [
      { name: 'receiveq1', maxSize: queueSize },
      { name: 'transmitq1', maxSize: queueSize },
    ];
    this.rxHeader[VIRTIO_NET_HDR_NUM_BUFFERS] = 1;
    this.config = [
      ...Array.from({ length: 6 }, (_, i): ConfigField => ({
        name: `mac[${i}]`, offset: VIRTIO_NET_CFG_MAC + i, size: 1, read: () => this.mac[i]!,
      })),
      { name: 'status', offset: VIRTIO_NET_CFG_STATUS, size: 2, read: () => (this.linkIsUp ? VIRTIO_NET_S_LINK_UP : 0) },
    ];
  }

  /** The MAC as text, "52:54:00:12:34:01". */
  get macAddress(): string {
    return formatMac(this.mac);
  }

  get linkUp(): boolean {
    return this.linkIsUp;
  }

  /** Frames waiting in the RX backlog for the guest to post buffers. */
  get rxBacklog(): number {
    return this.backlogCount;
  }

  /**
   * Sets the link state the guest sees in config `status`, and raises a
   * configuration change interrupt when it changed (5.1.4.2: the driver re-reads
   * status on that interrupt). While down, frames either way are dropped and counted.
   */
  setLinkUp(up: boolean): void {
    if (up === this.linkIsUp) return;
    this.linkIsUp = up;
    if (!up) this.clearBacklog(); // frames "on the wire" are lost with the link
    if (this.transport?.driverOk) this.transport.configChanged();
  }

  attach(transport: VirtioTransport): void {
    this.transport = transport;
  }

  reset(): void {
    this.clearBacklog();
  }

  onNotify(queueIndex: number): void {
    if (queueIndex === VIRTIO_NET_QUEUE_TX) this.transmit();
    else if (queueIndex === VIRTIO_NET_QUEUE_RX) this.drainBacklog();
  }

  /**
   * A frame from the wire for the guest. Returns true when it was written into
   * a receive buffer or held in the backlog for one, false when it was dropped
   * (counted in stats). The device never writes to `frame` and keeps it only while
   * it waits in the backlog.
   */
  receive(frame: Uint8Array): boolean {
    if (!this.linkIsUp) {
      this.stats.rxDropsLinkDown++;
      return false;
    }
    if (frame.length > this.maxFrame) {
      this.stats.rxDropsTooBig++;
      return false;
    }
    if (!this.transport?.driverOk) {
      this.stats.rxDropsNoBuffer++;
      return false;
    }
    // Keep order: older frames in the backlog go first.
    if (this.backlogCount === 0 && this.deliverNow(frame)) return true;
    if (this.backlogCount === this.backlog.length) {
      this.stats.rxDropsNoBuffer++;
      return false;
    }
    this.backlog[(this.backlogHead + this.backlogCount) % this.backlog.length] = frame;
    this.backlogCount++;
    this.drainBacklog();
    return true;
  }

  // ---------------------------------------------------------------------------

  /** Pops every TX chain, hands each valid frame to onTransmit, and returns the chains. */
  private transmit(): void {
    const q = this.transport!.queue(VIRTIO_NET_QUEUE_TX);
    for (let chain = q.popRequest(); chain; chain = q.popRequest()) {
      const frame = this.takeFrame(chain);
      q.pushReply(chain, 0); // 5.1.6.2: the device writes nothing into TX buffers
      if (frame) this.onTransmit(frame);
    }
    q.flushReplies();
  }

  /** The frame in a TX chain (a fresh copy), or undefined when it must be dropped (counted). */
  private takeFrame(chain: VirtqChain): Uint8Array | undefined {
    const frameLength = chain.readableLength - VIRTIO_NET_HDR_SIZE;
    if (frameLength < ETH_HLEN) {
      this.stats.txDropsMalformed++;
      return undefined;
    }
    const head = new Uint8Array(2);
    chain.copyFrom(VIRTIO_NET_HDR_FLAGS, head);
    // We offered no checksum or segmentation offload, so a header asking for one is malformed.
    if (head[0] !== 0 || head[1] !== VIRTIO_NET_HDR_GSO_NONE) {
      this.stats.txDropsMalformed++;
      return undefined;
    }
    if (frameLength > this.maxFrame) {
      this.stats.txDropsOversize++;
      return undefined;
    }
    if (!this.linkIsUp) {
      this.stats.txDropsLinkDown++;
      return undefined;
    }
    const frame = new Uint8Array(frameLength);
    chain.copyFrom(VIRTIO_NET_HDR_SIZE, frame);
    this.stats.txFrames++;
    this.stats.txBytes += frameLength;
    return frame;
  }

  /**
   * Writes `frame` into the next RX chain. Returns false only when no chain is
   * available (the frame is then still the caller's); a chain too small for it
   * is returned to the guest empty and the frame dropped (counted), which is "done".
   */
  private deliverNow(frame: Uint8Array): boolean {
    const q = this.transport!.queue(VIRTIO_NET_QUEUE_RX);
    if (!q.hasRequests()) return false;
    const chain = q.popRequest();
    if (!chain) return false;
    if (chain.writableLength < VIRTIO_NET_HDR_SIZE + frame.length) {
      this.stats.rxDropsTooBig++;
      q.pushReply(chain, 0);
    } else {
      chain.copyTo(0, this.rxHeader);
      chain.copyTo(VIRTIO_NET_HDR_SIZE, frame);
      q.pushReply(chain, VIRTIO_NET_HDR_SIZE + frame.length);
      this.stats.rxFrames++;
      this.stats.rxBytes += frame.length;
    }
    q.flushReplies();
    return true;
  }

  /** Moves backlog frames into RX buffers while both last. */
  private drainBacklog(): void {
    if (!this.transport?.driverOk) return;
    while (this.backlogCount > 0) {
      const frame = this.backlog[this.backlogHead]!;
      if (!this.deliverNow(frame)) return;
      this.backlog[this.backlogHead] = undefined;
      this.backlogHead = (this.backlogHead + 1) % this.backlog.length;
      this.backlogCount--;
    }
  }

  private clearBacklog(): void {
    this.backlog.fill(undefined);
    this.backlogHead = 0;
    this.backlogCount = 0;
  }
}
