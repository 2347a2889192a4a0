import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, readPcap, writePcap } from '../../../emulator/net/pcap.js';
import { EthernetSwitch } from '../../../emulator/net/switch.js';
import { BROADCAST, FakeClock, MAC, arp, ethernet, icmpEcho, ipv4, tcp, text, udp } from './helpers.js';

function tsharkAvailable(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('pcap writer', () => {
  it('writes the libpcap header and records, byte for byte', () => {
    const frame = Uint8Array.of(1, 2, 3, 4, 5);
    const file = writePcap([{ timeMs: 1_700_000_000_123.456, frame }]);
    const v = new DataView(file.buffer);
    expect(file.length).toBe(24 + 16 + 5);
    expect([...file.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]); // 0xa1b2c3d4 little-endian
    expect([v.getUint16(4, true), v.getUint16(6, true), v.getInt32(8, true), v.getUint32(12, true)]).toEqual([2, 4, 0, 0]);
    expect([v.getUint32(16, true), v.getUint32(20, true)]).toEqual([65535, LINKTYPE_ETHERNET]);
    expect([v.getUint32(24, true), v.getUint32(28, true), v.getUint32(32, true), v.getUint32(36, true)]).toEqual([1_700_000_000, 123_456, 5, 5]);
    expect([...file.subarray(40)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('round-trips through readPcap, truncating at snaplen but keeping the original length', () => {
    const frames = [new Uint8Array(60).fill(1), new Uint8Array(1514).fill(2)];
    const back = readPcap(writePcap(frames.map((frame, i) => ({ timeMs: 1000 * i + 0.5, frame })), { snaplen: 100 }));
    expect(back.snaplen).toBe(100);
    expect(back.records.map((r) => [r.timeMs, r.frame.length, r.originalLength, r.frame[0]])).toEqual([
      [0.5, 60, 60, 1],
      [1000.5, 100, 1514, 2],
    ]);
    expect(() => readPcap(new Uint8Array(24))).toThrow(/magic/);
  });

  it.runIf(tsharkAvailable())('opens in tshark with the expected protocols (Debian tshark installed)', () => {
    const clock = new FakeClock();
    const sw = new EthernetSwitch({ now: clock.now, schedule: clock.schedule, timeOrigin: Date.UTC(2025, 0, 1) });
    const n1 = sw.addPort('node1', () => {});
    const n2 = sw.addPort('node2', () => {});
    n1.receive(ethernet(BROADCAST, MAC(1), 0x0806, arp(1, MAC(1), '10.0.0.1', new Uint8Array(6), '10.0.0.2')));
    clock.advance(1);
    n2.receive(ethernet(MAC(1), MAC(2), 0x0806, arp(2, MAC(2), '10.0.0.2', MAC(1), '10.0.0.1')));
    clock.advance(1);
    n1.receive(ethernet(MAC(2), MAC(1), 0x0800, ipv4('10.0.0.1', '10.0.0.2', 1, icmpEcho(8, 7, 1, new Uint8Array(56)))));
    n1.receive(ethernet(MAC(2), MAC(1), 0x0800, ipv4('10.0.0.1', '10.0.0.2', 17, udp(5000, 6000, text('hello')))));
    n2.receive(ethernet(MAC(1), MAC(2), 0x0800, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(43512, 8080, 1000, 0, 0x02, 64240, new Uint8Array(0), new Uint8Array(0)))));
    const dir = mkdtempSync(join(tmpdir(), 'hartnet-pcap-'));
    try {
      const path = join(dir, 'capture.pcap');
      writeFileSync(path, sw.capture());
      const out = execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.protocols', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
      const lines = out.trim().split('\n').map((l) => l.split('\t'));
      expect(lines.map((l) => l[0])).toEqual(['eth:ethertype:arp', 'eth:ethertype:arp', 'eth:ethertype:ip:icmp:data', 'eth:ethertype:ip:udp:data', 'eth:ethertype:ip:tcp']);
      expect(Number(lines[1]![1])).toBeCloseTo(Date.UTC(2025, 0, 1) / 1000 + 0.001, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(tsharkAvailable())('tshark check skipped: tshark is not installed (scripts/ensure-apt tshark)', () => {});
});
