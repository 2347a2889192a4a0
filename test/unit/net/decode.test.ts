import { describe, expect, it } from 'vitest';
import { createFrameDecoder, decodeFrame } from '../../../emulator/net/decode/index.js';
import { formatIpv6, ipForNode, macForNode, parseMac } from '../../../emulator/net/mac.js';
import { BROADCAST, MAC, arp, concat, ethernet, icmpEcho, ipv4, tcp, text, udp } from './helpers.js';

const IP = 0x0800;
const field = (layers: { name: string; fields: { name: string; value: string }[] }[], layer: string, name: string) =>
  layers.find((l) => l.name === layer)?.fields.find((f) => f.name === name)?.value;

// SYN options as Linux sends them: MSS 1460, SACK_PERM, TS, NOP, WS 7.
const SYN_OPTIONS = Uint8Array.of(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7);

describe('mac helpers', () => {
  it('derives node addresses and round-trips MACs', () => {
    expect(macForNode(1)).toBe('52:54:00:12:34:01');
    expect(macForNode(10)).toBe('52:54:00:12:34:0a');
    expect(ipForNode(3)).toBe('10.0.0.3');
    expect(() => macForNode(0)).toThrow();
    expect([...parseMac('52-54-00-12-34-FF')]).toEqual([0x52, 0x54, 0, 0x12, 0x34, 0xff]);
    expect(formatIpv6(Uint8Array.of(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('fe80::1');
    expect(formatIpv6(Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('2001:db8:0:1::1');
  });
});

describe('decoders: exact summaries', () => {
  it('ARP request and reply', () => {
    const req = decodeFrame(ethernet(BROADCAST, MAC(1), 0x0806, arp(1, MAC(1), '10.0.0.1', new Uint8Array(6), '10.0.0.2')));
    expect(req.summary).toBe('ARP Who has 10.0.0.2? Tell 10.0.0.1');
    expect(req.protocol).toBe('arp');
    expect(req.layers.map((l) => l.name)).toEqual(['Ethernet II', 'ARP']);
    expect(field(req.layers, 'Ethernet II', 'Type')).toBe('ARP (0x0806)');
    const rep = decodeFrame(ethernet(MAC(1), MAC(2), 0x0806, arp(2, MAC(2), '10.0.0.2', MAC(1), '10.0.0.1')));
    expect(rep.summary).toBe('ARP 10.0.0.2 is at 52:54:00:12:34:02');
    expect(field(rep.layers, 'ARP', 'Opcode')).toBe('reply (2)');
    const grat = decodeFrame(ethernet(BROADCAST, MAC(3), 0x0806, arp(1, MAC(3), '10.0.0.3', new Uint8Array(6), '10.0.0.3')));
    expect(grat.summary).toBe('ARP Announcement for 10.0.0.3');
  });

  it('ICMP echo request and reply', () => {
    const data = new Uint8Array(56).fill(0x61);
    const req = decodeFrame(ethernet(MAC(2), MAC(1), IP, ipv4('10.0.0.1', '10.0.0.2', 1, icmpEcho(8, 0x1a2b, 1, data))));
    expect(req.summary).toBe('10.0.0.1 → 10.0.0.2 ICMP echo request id=6699 seq=1 len=56');
    expect(req.protocol).toBe('icmp');
    expect(req.layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP']);
    expect(field(req.layers, 'IPv4', 'Header checksum')).toMatch(/\[correct\]$/);
    expect(field(req.layers, 'IPv4', 'Flags')).toBe('DF');
    expect(field(req.layers, 'ICMP', 'Identifier')).toBe('6699 (0x1a2b)');
    const rep = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 1, icmpEcho(0, 0x1a2b, 1, data))));
    expect(rep.summary).toBe('10.0.0.2 → 10.0.0.1 ICMP echo reply id=6699 seq=1 len=56');
  });

  it('ICMP port unreachable', () => {
    const m = concat(Uint8Array.of(3, 3, 0, 0, 0, 0, 0, 0), new Uint8Array(28));
    expect(decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 1, m))).summary).toBe(
      '10.0.0.2 → 10.0.0.1 ICMP destination unreachable (port unreachable)',
    );
  });

  it('a TCP handshake and data', () => {
    const syn = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(43512, 8080, 1000, 0, 0x02, 64240, SYN_OPTIONS, new Uint8Array(0)))));
    expect(syn.summary).toBe('10.0.0.2:43512 → 10.0.0.1:8080 TCP [SYN] seq=1000 win=64240 len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128');
    expect(syn.protocol).toBe('tcp');
    expect(field(syn.layers, 'TCP', 'Options')).toBe('MSS=1460, SACK_PERM, TS val=1 ecr=0, NOP, WS=128 (shift 7)');
    expect(field(syn.layers, 'TCP', 'Flags')).toBe('0x02 [SYN]');
    const synAck = decodeFrame(ethernet(MAC(2), MAC(1), IP, ipv4('10.0.0.1', '10.0.0.2', 6, tcp(8080, 43512, 5000, 1001, 0x12, 65160, new Uint8Array(0), new Uint8Array(0)))));
    expect(synAck.summary).toBe('10.0.0.1:8080 → 10.0.0.2:43512 TCP [SYN, ACK] seq=5000 ack=1001 win=65160 len=0');
    const ack = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(43512, 8080, 1001, 5001, 0x10, 502, new Uint8Array(0), new Uint8Array(0)))));
    expect(ack.summary).toBe('10.0.0.2:43512 → 10.0.0.1:8080 TCP [ACK] seq=1001 ack=5001 win=502 len=0');
    const data = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(43512, 8080, 1001, 5001, 0x18, 502, new Uint8Array(0), text('Hello from client')))));
    expect(data.summary).toBe('10.0.0.2:43512 → 10.0.0.1:8080 TCP [PSH, ACK] seq=1001 ack=5001 win=502 len=17');
    expect(data.layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP', 'Payload']);
    expect(field(data.layers, 'Payload', 'Text')).toBe('Hello from client');
    const fin = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(1, 2, 3, 4, 0x11, 5, new Uint8Array(0), new Uint8Array(0)))));
    expect(fin.summary).toContain('TCP [FIN, ACK]');
  });

  it('UDP, and Ethernet padding is not payload', () => {
    const frame = ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, udp(5000, 6000, text('ping'))));
    const padded = concat(frame, new Uint8Array(60 - frame.length));
    const d = decodeFrame(padded);
    expect(d.summary).toBe('10.0.0.2:5000 → 10.0.0.1:6000 UDP len=4');
    expect(d.protocol).toBe('udp');
    expect(field(d.layers, 'Payload', 'Length')).toBe('4');
  });

  it('notes bad IPv4 checksums, fragments and 802.1Q tags', () => {
    const bad = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, udp(1, 2, text('x')), { badChecksum: true })));
    expect(bad.summary).toBe('10.0.0.2:1 → 10.0.0.1:2 UDP len=1 [bad IP checksum]');
    expect(field(bad.layers, 'IPv4', 'Header checksum')).toMatch(/\[incorrect\]$/);
    const frag = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, new Uint8Array(100), { id: 7, flagsOffset: 185 })));
    expect(frag.summary).toBe('10.0.0.2 → 10.0.0.1 IPv4 fragment UDP id=0x0007 off=1480 len=100');
    expect(frag.protocol).toBe('ipv4');
    const first = decodeFrame(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, udp(1, 2, new Uint8Array(20)), { id: 7, flagsOffset: 0x2000 })));
    expect(first.summary).toBe('10.0.0.2:1 → 10.0.0.1:2 UDP len=20 [first fragment id=0x0007]');
    const tagged = decodeFrame(ethernet(BROADCAST, MAC(1), 0x0806, arp(1, MAC(1), '10.0.0.1', new Uint8Array(6), '10.0.0.2'), 5));
    expect(tagged.summary).toBe('VLAN 5 ARP Who has 10.0.0.2? Tell 10.0.0.1');
    expect(field(tagged.layers, 'Ethernet II', '802.1Q VLAN')).toBe('5 (priority 0)');
  });

  it('IPv6 with ICMPv6 neighbour solicitation behind a hop-by-hop header, and UDP', () => {
    const src = Uint8Array.of(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 1);
    const dst = Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x12, 0x34, 2);
    const ns = concat(Uint8Array.of(135, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 2));
    const hbh = Uint8Array.of(58, 0, 5, 2, 0, 0, 1, 0);
    const v6 = (next: number, payload: Uint8Array) =>
      concat(Uint8Array.of(0x60, 0, 0, 0, payload.length >> 8, payload.length & 0xff, next, 255), src, dst, payload);
    const d = decodeFrame(ethernet(parseMac('33:33:ff:12:34:02'), MAC(1), 0x86dd, v6(0, concat(hbh, ns))));
    expect(d.summary).toBe('fe80::5054:ff:fe12:3401 → ff02::1:ff12:3402 ICMPv6 neighbor solicitation for fe80::5054:ff:fe12:3402');
    expect(d.protocol).toBe('icmp');
    const u = decodeFrame(ethernet(MAC(2), MAC(1), 0x86dd, v6(17, udp(546, 547, text('hi')))));
    expect(u.summary).toBe('[fe80::5054:ff:fe12:3401]:546 → [ff02::1:ff12:3402]:547 UDP len=2');
  });

  it('other EtherTypes and truncated frames never throw', () => {
    expect(decodeFrame(ethernet(BROADCAST, MAC(1), 0x88cc, new Uint8Array(46))).summary).toBe(
      '52:54:00:12:34:01 → ff:ff:ff:ff:ff:ff EtherType 0x88cc len=60',
    );
    expect(decodeFrame(new Uint8Array(5)).summary).toBe('truncated Ethernet frame (5 bytes)');
    const whole = ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(1, 2, 3, 4, 0x02, 5, SYN_OPTIONS, new Uint8Array(0))));
    for (let n = 0; n < whole.length; n++) expect(() => decodeFrame(whole.subarray(0, n))).not.toThrow();
  });
});

describe('payload dissectors', () => {
  it('hang off UDP/TCP ports, replace the Payload layer and may rewrite the summary', () => {
    const d = createFrameDecoder();
    const off = d.registerPayloadDissector({ transport: 'udp', port: 7000 }, (info) => {
      const msg = JSON.parse(new TextDecoder().decode(info.payload)) as { type: string };
      return { layer: { name: 'Ring', fields: [{ name: 'type', value: msg.type }] }, summary: `${info.src} → ${info.dst} RING ${msg.type}` };
    });
    const frame = ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, udp(7000, 7000, text('{"type":"token"}'))));
    const r = d.decode(frame);
    expect(r.summary).toBe('10.0.0.2 → 10.0.0.1 RING token');
    expect(r.layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'Ring']);
    // Other ports and TCP are untouched.
    expect(d.decode(ethernet(MAC(1), MAC(2), IP, ipv4('10.0.0.2', '10.0.0.1', 17, udp(7001, 9, text('{}'))))).summary).toContain('UDP len=2');
    off();
    expect(d.decode(frame).summary).toBe('10.0.0.2:7000 → 10.0.0.1:7000 UDP len=16');
    // The shared decoder is separate.
    expect(decodeFrame(frame).layers.at(-1)!.name).toBe('Payload');
  });
});
