// The frame decoder the tap uses: Ethernet II → (ARP | IPv4 | IPv6) → (ICMP |
// ICMPv6 | UDP | TCP) → payload, through three tables that others may extend:
// EtherTypes, IP protocol numbers, and payload dissectors matched on UDP/TCP
// ports (the ring protocol's JSON dissector hangs off the last one).

import type { DecodedLayer } from '../types.js';
import { decodeArp } from './arp.js';
import {
  type DecodeContext,
  type Dispatch,
  type LayerDecoder,
  type PayloadDissector,
  type PayloadInfo,
  type PayloadMatch,
  type Protocol,
  field,
} from './context.js';
import { ETH_P_ARP, ETH_P_IP, ETH_P_IPV6, decodeEthernet } from './ethernet.js';
import { decodeIcmp, decodeIcmpv6 } from './icmp.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, decodeIpv4, decodeIpv6 } from './ip.js';
import { decodeTcp, decodeUdp } from './transport.js';

export type { DecodeContext, LayerDecoder, PayloadDissector, PayloadInfo, PayloadMatch, Protocol } from './context.js';
export { internetChecksum, onesComplementSum } from './context.js';

/** The decode of one frame: what a TapRecord carries besides the bytes. */
export interface FrameDecode {
  summary: string;
  protocol: Protocol;
  layers: DecodedLayer[];
}

/** How many bytes of payload the generic "Payload" layer shows. */
export const PAYLOAD_PREVIEW_BYTES = 64;
/** Registries are small by nature; this bounds them anyway. */
const MAX_DISSECTORS = 64;

export class FrameDecoder {
  private readonly etherTypes = new Map<number, LayerDecoder>();
  private readonly ipProtocols = new Map<number, LayerDecoder>();
  private readonly dissectors: { match: PayloadMatch; dissect: PayloadDissector }[] = [];
  private readonly dispatch: Dispatch = {
    etherType: (type, bytes, ctx) => this.etherTypes.get(type)?.(bytes, ctx),
    ipProtocol: (protocol, bytes, ctx) => this.ipProtocols.get(protocol)?.(bytes, ctx),
    payload: (info, ctx) => this.payload(info, ctx),
  };

  /** Decodes payloads of EtherType `type` with `decoder` (replacing any earlier one). */
  registerEtherType(type: number, decoder: LayerDecoder): void {
    this.etherTypes.set(type, decoder);
  }

  /** Decodes payloads of IP protocol / IPv6 next header `protocol` with `decoder`. */
  registerIpProtocol(protocol: number, decoder: LayerDecoder): void {
    this.ipProtocols.set(protocol, decoder);
  }

  /**
   * Adds a dissector for UDP/TCP payloads that `match` (e.g. { transport: 'udp', port: 7000 },
   * either port). The first registered dissector that matches and returns non-null wins.
   * Returns a function that removes it.
   */
  registerPayloadDissector(match: PayloadMatch, dissect: PayloadDissector): () => void {
    if (this.dissectors.length >= MAX_DISSECTORS) throw new Error(`more than ${MAX_DISSECTORS} payload dissectors`);
    const entry = { match, dissect };
    this.dissectors.push(entry);
    return () => {
      const i = this.dissectors.indexOf(entry);
      if (i >= 0) this.dissectors.splice(i, 1);
    };
  }

  /** Decodes one Ethernet frame (without FCS). Never throws for a malformed frame. */
  decode(frame: Uint8Array): FrameDecode {
    const ctx: DecodeContext = {
      frame,
      layers: [],
      protocol: 'other',
      summary: '',
      netSrc: '',
      netDst: '',
      notes: [],
      dispatch: this.dispatch,
    };
    try {
      decodeEthernet(frame, ctx);
    } catch (e) {
      // A decoder reading past a short buffer is our bug, but the tap must go on.
      ctx.notes.push(`[decode error: ${e instanceof Error ? e.message : String(e)}]`);
    }
    const summary = ctx.notes.length ? `${ctx.summary} ${ctx.notes.join(' ')}` : ctx.summary;
    return { summary, protocol: ctx.protocol, layers: ctx.layers };
  }

  private payload(info: PayloadInfo, ctx: DecodeContext): void {
    for (const d of this.dissectors) {
      if (!matches(d.match, info)) continue;
      const result = d.dissect(info);
      if (!result) continue;
      ctx.layers.push(result.layer);
      if (result.summary !== undefined) ctx.summary = result.summary;
      return;
    }
    ctx.layers.push(payloadLayer(info.payload));
  }
}

function matches(match: PayloadMatch, info: PayloadInfo): boolean {
  if (typeof match === 'function') return match(info);
  if (match.transport !== undefined && match.transport !== info.transport) return false;
  if (match.port !== undefined && match.port !== info.srcPort && match.port !== info.dstPort) return false;
  return true;
}

/** The generic layer for bytes nobody dissects: length, a hex preview and a text preview. */
export function payloadLayer(payload: Uint8Array): DecodedLayer {
  const shown = payload.subarray(0, PAYLOAD_PREVIEW_BYTES);
  const more = payload.length > shown.length ? ' …' : '';
  const hexText = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(shown, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return {
    name: 'Payload',
    fields: [field('Length', payload.length), field('Data', hexText + more), field('Text', text + more)],
  };
}

/** A decoder with the built-in protocols. */
export function createFrameDecoder(): FrameDecoder {
  const d = new FrameDecoder();
  d.registerEtherType(ETH_P_ARP, decodeArp);
  d.registerEtherType(ETH_P_IP, decodeIpv4);
  d.registerEtherType(ETH_P_IPV6, decodeIpv6);
  d.registerIpProtocol(IPPROTO_ICMP, decodeIcmp);
  d.registerIpProtocol(IPPROTO_ICMPV6, decodeIcmpv6);
  d.registerIpProtocol(IPPROTO_UDP, decodeUdp);
  d.registerIpProtocol(IPPROTO_TCP, decodeTcp);
  return d;
}

/** The shared decoder the switch uses unless given another. */
export const defaultFrameDecoder = createFrameDecoder();

/** Decodes `frame` with the shared decoder. */
export function decodeFrame(frame: Uint8Array): FrameDecode {
  return defaultFrameDecoder.decode(frame);
}

/** Registers a payload dissector on the shared decoder (see FrameDecoder.registerPayloadDissector). */
export function registerPayloadDissector(match: PayloadMatch, dissect: PayloadDissector): () => void {
  return defaultFrameDecoder.registerPayloadDissector(match, dissect);
}
