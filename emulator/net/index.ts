// The network in one import: the switch, its contract types, the decoders, pcap and addressing helpers.
export * from './types.js';
export * from './mac.js';
export * from './pcap.js';
export { EthernetSwitch, type DropReason, type EthernetSwitchOptions, type MacTableEntry, type Scheduler, type SwitchTapRecord } from './switch.js';
export {
  FrameDecoder,
  createFrameDecoder,
  decodeFrame,
  defaultFrameDecoder,
  payloadLayer,
  registerPayloadDissector,
  type FrameDecode,
  type PayloadDissector,
  type PayloadInfo,
  type PayloadMatch,
} from './decode/index.js';
// The ring protocol (guest/demos/ring.py): its dissector decodes UDP 7946 / TCP 7947 on the shared decoder.
export { RING_TCP_PORT, RING_UDP_PORT, parseRingMessages, registerRingDissectors, ringSegment, type RingMessage } from './decode/ring.js';
import { registerRingDissectors as registerRing } from './decode/ring.js';
registerRing();
