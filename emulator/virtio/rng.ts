// virtio-rng, the entropy device (VIRTIO 1.2 section 5.4): one queue,
// "requestq"; the driver posts device-writable buffers and the device fills them
// with random bytes. No feature bits, no config space.

import { VIRTIO_ID_RNG } from './constants.js';
import type { ConfigField, VirtioDevice, VirtioFeature, VirtioQueueSpec, VirtioTransport } from './device.js';

export const VIRTIO_RNG_QUEUE_REQUEST = 0;
/** crypto.getRandomValues fills at most 65536 bytes per call. */
const GET_RANDOM_VALUES_MAX = 65536;

export interface VirtioRngOptions {
  /** Fills `buffer` with random bytes; defaults to crypto.getRandomValues. Tests inject a fixed source. */
  random?: (buffer: Uint8Array) => void;
  queueSize?: number;
}

export class VirtioRngDevice implements VirtioDevice {
  readonly name = 'rng';
  readonly deviceId = VIRTIO_ID_RNG;
  readonly features: readonly VirtioFeature[] = [];
  readonly queues: readonly VirtioQueueSpec[];
  readonly config: readonly ConfigField[] = [];
  private transport: VirtioTransport | undefined;
  private readonly random: (buffer: Uint8Array) => void;
  // Random bytes are made in a private buffer and then copied: getRandomValues
  // refuses views of a SharedArrayBuffer, which guest RAM may be.
  private readonly scratch = new Uint8Array(GET_RANDOM_VALUES_MAX);

  constructor(options: VirtioRngOptions = {}) {
    this.random = options.random ?? ((b) => globalThis.crypto.getRandomValues(b));
    this.queues = [{ name: 'requestq', maxSize: options.queueSize ?? 64 }];
  }

  attach(transport: VirtioTransport): void {
    this.transport = transport;
  }

  reset(): void {}

  onNotify(queueIndex: number): void {
    if (queueIndex !== VIRTIO_RNG_QUEUE_REQUEST || !this.transport) return;
    const q = this.transport.queue(VIRTIO_RNG_QUEUE_REQUEST);
    for (let chain = q.popRequest(); chain; chain = q.popRequest()) {
      // 5.4.6: the device may fill fewer bytes than offered; cap each request at one batch.
      const chunk = this.scratch.subarray(0, Math.min(this.scratch.length, chain.writableLength));
      this.random(chunk);
      q.pushReply(chain, chain.copyTo(0, chunk));
    }
    q.flushReplies();
  }
}
