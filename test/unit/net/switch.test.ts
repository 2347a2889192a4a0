import { describe, expect, it } from 'vitest';
import { EthernetSwitch, type EthernetSwitchOptions, type SwitchTapRecord } from '../../../emulator/net/switch.js';
import { readPcap } from '../../../emulator/net/pcap.js';
import { BROADCAST, FakeClock, MAC, rawFrame, sequenceRandom } from './helpers.js';

/** A switch on a fake clock with ports node1..nodeN that record what they receive. */
function lab(n: number, options: EthernetSwitchOptions = {}) {
  const clock = new FakeClock();
  const sw = new EthernetSwitch({ now: clock.now, schedule: clock.schedule, random: () => 0.5, timeOrigin: 1_700_000_000_000, ...options });
  const got = new Map<string, Uint8Array[]>();
  const at = new Map<string, number[]>();
  const handles = Array.from({ length: n }, (_, i) => {
    const name = `node${i + 1}`;
    got.set(name, []);
    at.set(name, []);
    return sw.addPort(name, (f) => {
      got.get(name)!.push(f);
      at.get(name)!.push(clock.t);
    });
  });
  const taps: SwitchTapRecord[] = [];
  sw.onTap((r) => taps.push(r));
  /** Node i (1-based) sends a frame to MAC `to` (a node number or a MAC). */
  const send = (from: number, to: number | Uint8Array, size = 46, fill = 0) =>
    handles[from - 1]!.receive(rawFrame(typeof to === 'number' ? MAC(to) : to, MAC(from), size, fill));
  const count = (name: string) => got.get(name)!.length;
  return { sw, clock, got, at, handles, taps, send, count };
}

describe('EthernetSwitch: learning and forwarding', () => {
  it('floods unknown unicast and broadcast, learns sources, then forwards unicast to one port', () => {
    const { send, count, taps } = lab(3);
    send(1, 2); // node2 unknown: flooded to node2 and node3
    expect([count('node1'), count('node2'), count('node3')]).toEqual([0, 1, 1]);
    send(2, 1); // node1 was learned from the first frame: only node1
    expect([count('node1'), count('node2'), count('node3')]).toEqual([1, 1, 1]);
    send(1, 2); // node2 learned too
    expect([count('node1'), count('node2'), count('node3')]).toEqual([1, 2, 1]);
    send(3, BROADCAST);
    expect([count('node1'), count('node2'), count('node3')]).toEqual([2, 3, 1]);
    expect(taps.map((t) => [t.inPort, t.outPorts])).toEqual([
      ['node1', ['node2', 'node3']],
      ['node2', ['node1']],
      ['node1', ['node2']],
      ['node3', ['node1', 'node2']],
    ]);
  });

  it('floods multicast and never delivers back to the ingress port', () => {
    const { send, count, sw } = lab(2);
    send(1, Uint8Array.of(0x01, 0x00, 0x5e, 0, 0, 1));
    expect([count('node1'), count('node2')]).toEqual([0, 1]);
    // A frame addressed to a MAC learned on its own ingress port is filtered.
    send(1, 1);
    expect([count('node1'), count('node2')]).toEqual([0, 1]);
    expect(sw.macTable()).toEqual([{ mac: '52:54:00:12:34:01', port: 'node1', ageMs: 0 }]);
  });

  it('ages MAC entries out and floods again', () => {
    const { send, count, clock } = lab(3, { macAgeMs: 1000 });
    send(2, 1); // learn node2
    send(1, 2);
    expect(count('node3')).toBe(1); // only the first flood
    clock.advance(1001);
    send(1, 2);
    expect(count('node3')).toBe(2); // node2 aged out: flooded
  });

  it('moves a MAC when it shows up on another port', () => {
    const { sw, handles, got } = lab(3);
    handles[1]!.receive(rawFrame(MAC(9), MAC(2)));
    handles[2]!.receive(rawFrame(MAC(9), MAC(2))); // node2's MAC now behind node3
    handles[0]!.receive(rawFrame(MAC(2), MAC(1)));
    expect(got.get('node3')!.length).toBe(2);
    expect(got.get('node2')!.length).toBe(1);
    expect(sw.macTable().find((e) => e.mac === '52:54:00:12:34:02')!.port).toBe('node3');
  });

  it('bounds the MAC table', () => {
    const { sw, handles } = lab(2, { macTableLimit: 8 });
    for (let i = 0; i < 100; i++) handles[0]!.receive(rawFrame(BROADCAST, Uint8Array.of(2, 0, 0, 0, 0, i)));
    expect(sw.macTable()).toHaveLength(8);
    expect(sw.macTable()[7]!.mac).toBe('02:00:00:00:00:63');
  });

  it('keeps per-port counters', () => {
    const { send, sw } = lab(2);
    send(1, 2, 100);
    send(2, 1, 50);
    send(2, 1, 50);
    const [s1, s2] = sw.stats();
    expect(s1).toMatchObject({ name: 'node1', mac: '52:54:00:12:34:01', txFrames: 1, txBytes: 114, rxFrames: 2, rxBytes: 128 });
    expect(s2).toMatchObject({ name: 'node2', txFrames: 2, txBytes: 128, rxFrames: 1, rxBytes: 114 });
    sw.setNoRxBuffer('node2', 7);
    expect(sw.stats()[1]!.drops.noRxBuffer).toBe(7);
  });

  it('drops and counts oversize and runt frames', () => {
    const { handles, sw, count, taps } = lab(2);
    handles[0]!.receive(rawFrame(BROADCAST, MAC(1), 1500)); // 1514: fine
    handles[0]!.receive(rawFrame(BROADCAST, MAC(1), 1501)); // 1515: too big
    handles[0]!.receive(new Uint8Array(10));
    expect(count('node2')).toBe(1);
    expect(sw.stats()[0]!.drops.oversize).toBe(2);
    expect(taps.map((t) => t.dropped)).toEqual([undefined, 'oversize', 'oversize']);
  });

  it('gives every receiver its own buffer', () => {
    const { send, got } = lab(3);
    send(1, BROADCAST);
    const [a] = got.get('node2')!;
    const [b] = got.get('node3')!;
    expect(a!.buffer).not.toBe(b!.buffer);
    expect([...a!]).toEqual([...b!]);
  });

  it('removePort forgets the port and its MACs; its handle goes quiet', () => {
    const { sw, send, handles, count } = lab(3);
    send(2, BROADCAST);
    sw.removePort('node2');
    send(1, 2); // unknown again: flooded to node3 only
    expect(count('node3')).toBe(2);
    handles[1]!.receive(rawFrame(BROADCAST, MAC(2)));
    expect(count('node1')).toBe(1);
    expect(sw.portNames()).toEqual(['node1', 'node3']);
    expect(() => sw.addPort('node1', () => {})).toThrow(/exists/);
  });
});

describe('EthernetSwitch: link models on a fake clock', () => {
  it('adds latency per port (summed along the path) and per pair (both directions)', () => {
    const { sw, send, at, clock } = lab(3);
    send(2, BROADCAST);
    send(3, BROADCAST); // learn everyone; node1 got both at t=0
    sw.setLink('node2', { latencyMs: 10 });
    sw.setPairLink('node1', 'node2', { latencyMs: 5 });
    expect(sw.pairLinkParams('node2', 'node1')).toEqual({ latencyMs: 5 });
    send(1, 2);
    send(1, 3);
    expect(at.get('node3')).toEqual([0, 0]); // ideal path: delivered at once
    clock.advance(14);
    expect(at.get('node2')).toEqual([0]); // only the earlier broadcast from node3
    clock.advance(1);
    expect(at.get('node2')).toEqual([0, 15]);
    send(2, 1); // back: pair 5 + node2's 10
    clock.advance(20);
    expect(at.get('node1')).toEqual([0, 0, 30]);
    sw.setLink('node2', {});
    sw.setPairLink('node1', 'node2', {});
    expect(sw.linkParams('node2')).toEqual({});
    expect(sw.pairLinks()).toEqual([]);
  });

  it('adds uniform ± jitter from random()', () => {
    const { sw, send, at, clock } = lab(2, { random: sequenceRandom([0, 0.75]) });
    send(2, BROADCAST);
    sw.setLink('node2', { latencyMs: 20, jitterMs: 8 });
    send(1, 2);
    send(1, 2);
    clock.advance(100);
    // 20 - 8 and 20 + 8 * 0.5 (2 * 0.75 - 1 = 0.5); jitter may reorder, delivery is by time.
    expect(at.get('node2')).toEqual([12, 24]);
  });

  it('drops a loss percentage using random()', () => {
    const { sw, send, count, taps } = lab(2, { random: sequenceRandom([0.1, 0.3, 0.5, 0.7]) });
    send(2, BROADCAST);
    sw.setLink('node2', { lossPercent: 40 });
    for (let i = 0; i < 8; i++) send(1, 2);
    expect(count('node2')).toBe(4); // 0.1, 0.3 lost; 0.5, 0.7 pass
    expect(sw.stats()[0]!.drops.loss).toBe(4);
    expect(taps.filter((t) => t.dropped === 'loss')).toHaveLength(4);
    // Loss on both cables combines: 1 - 0.6 * 0.5 = 70 %.
    sw.setLink('node1', { lossPercent: 50 });
    send(1, 2);
    send(1, 2);
    send(1, 2);
    send(1, 2);
    expect(count('node2')).toBe(5); // only 0.7 passes (0.7 * 100 < 70 is false)
  });

  it('serialises frames at the bandwidth limit, queues them behind each other, and bounds the queue', () => {
    const { sw, send, at, clock } = lab(2, { portQueueLimit: 4 });
    send(2, BROADCAST);
    sw.setLink('node1', { bandwidthKbps: 80 }); // 80 bit/ms = 10 bytes per ms
    for (let i = 0; i < 6; i++) send(1, 2, 86); // 100-byte frames: 10 ms each
    expect(sw.stats()[0]!.drops.queueFull).toBe(2);
    clock.advance(100);
    expect(at.get('node2')).toEqual([10, 20, 30, 40]);
    // Once the queue has drained there is room again.
    send(1, 2, 86);
    clock.advance(100);
    expect(at.get('node2')).toEqual([10, 20, 30, 40, 110]);
  });

  it('a pair bandwidth limit applies each way on its own clock', () => {
    const { sw, send, at, clock } = lab(2);
    send(1, BROADCAST);
    send(2, BROADCAST);
    sw.setPairLink('node1', 'node2', { bandwidthKbps: 8 }); // 1 byte per ms
    send(1, 2, 36); // 50 bytes
    send(2, 1, 36);
    clock.advance(60);
    expect(at.get('node2')).toEqual([0, 50]);
    expect(at.get('node1')).toEqual([0, 50]);
  });

  it('link down drops frames both ways, counted; up again and they flow', () => {
    const { sw, send, count, taps } = lab(2);
    send(2, BROADCAST);
    sw.setLink('node2', { up: false });
    send(1, 2);
    send(2, 1);
    expect([count('node1'), count('node2')]).toEqual([1, 0]); // node1 has only the broadcast from before
    expect(sw.stats().map((s) => s.drops.linkDown)).toEqual([1, 1]);
    expect(taps.slice(1).map((t) => t.dropped)).toEqual(['linkDown', 'linkDown']);
    sw.setLink('node2', { up: true });
    send(1, 2);
    expect(count('node2')).toBe(1);
  });

  it('rejects nonsense parameters', () => {
    const { sw } = lab(2);
    expect(() => sw.setLink('node1', { lossPercent: 101 })).toThrow(/lossPercent/);
    expect(() => sw.setLink('node1', { latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => sw.setLink('node1', { bandwidthKbps: 0 })).toThrow(/bandwidthKbps/);
    expect(() => sw.setPairLink('node1', 'node1', {})).toThrow(/two ports/);
  });
});

describe('EthernetSwitch: partitions', () => {
  it('passes frames only within a group, isolates ports in none, and heals', () => {
    const { sw, send, count, taps } = lab(4);
    for (let i = 1; i <= 4; i++) send(i, BROADCAST);
    const before = [1, 2, 3, 4].map((i) => count(`node${i}`));
    sw.setPartitions([['node1', 'node2'], ['node3']]);
    expect(sw.partitions()).toEqual([['node1', 'node2'], ['node3']]);
    send(1, 2);
    send(1, 3);
    send(3, 1);
    send(4, 1); // node4 is in no group
    send(1, BROADCAST); // reaches node2 only
    const after = [1, 2, 3, 4].map((i) => count(`node${i}`) - before[i - 1]!);
    expect(after).toEqual([0, 2, 0, 0]);
    expect(sw.stats().map((s) => s.drops.partition)).toEqual([3, 0, 1, 1]);
    expect(taps.at(-1)!.outPorts).toEqual(['node2']);
    expect(taps.at(-1)!.outDrops).toEqual([{ port: 'node3', reason: 'partition' }, { port: 'node4', reason: 'partition' }]);
    expect(taps.at(-2)!.dropped).toBe('partition');
    sw.setPartitions(null);
    send(1, 3);
    send(3, 1);
    expect(count('node3') - before[2]!).toBe(1);
    expect(count('node1') - before[0]!).toBe(1);
    expect(() => sw.setPartitions([['node1'], ['node1', 'node2']])).toThrow(/two partitions/);
  });
});

describe('EthernetSwitch: protection', () => {
  it('rate-limits a 100 000-frame flood with bounded memory while other ports still deliver', () => {
    const { sw, handles, count, clock, at } = lab(3);
    const storm = rawFrame(BROADCAST, MAC(1), 46);
    for (let i = 0; i < 100_000; i++) handles[0]!.receive(storm.slice());
    // The burst (1000) went through at once, 256 wait in node1's ingress queue, the rest were dropped.
    expect(count('node2')).toBe(1000);
    const s1 = sw.stats()[0]!;
    expect(s1.txFrames).toBe(100_000);
    expect(s1.drops.rateLimit).toBe(100_000 - 1000 - 256);
    // Meanwhile node3 talks to node2 undisturbed, at once.
    handles[2]!.receive(rawFrame(MAC(2), MAC(3)));
    expect(at.get('node2')!.at(-1)).toBe(0);
    expect(count('node2')).toBe(1001);
    // The queue drains at 20 000 frames/s: 256 frames in 12.8 ms.
    clock.advance(13);
    expect(count('node2')).toBe(1001 + 256);
    expect(clock.pending).toBe(0);
    // Bounded: the tap ring, the capture, the queues.
    expect(sw.recent()).toHaveLength(1000);
    expect(sw.captureLength).toBe(10_000);
    expect(sw.stats()[1]!.drops).toMatchObject({ rateLimit: 0, queueFull: 0 });
  });

  it('bounds frames waiting out their latency', () => {
    const { sw, send, count, clock } = lab(2, { inFlightLimit: 10 });
    send(2, BROADCAST);
    sw.setLink('node2', { latencyMs: 100 });
    for (let i = 0; i < 15; i++) send(1, 2);
    expect(sw.stats()[0]!.drops.queueFull).toBe(5);
    clock.advance(100);
    expect(count('node2')).toBe(10);
  });

  it('with the rate limit off forwards everything', () => {
    const { handles, count } = lab(2, { portRateLimitFps: Infinity });
    for (let i = 0; i < 5000; i++) handles[0]!.receive(rawFrame(BROADCAST, MAC(1)));
    expect(count('node2')).toBe(5000);
  });
});

describe('EthernetSwitch: tap and capture', () => {
  it('reports each frame once, keeps the last N, and unsubscribes', () => {
    const { sw, send, taps } = lab(2, { tapRecent: 3 });
    const mine: number[] = [];
    const off = sw.onTap((r) => mine.push(r.seq));
    for (let i = 0; i < 5; i++) send(1, BROADCAST, 46, i);
    off();
    send(1, BROADCAST);
    expect(mine).toEqual([1, 2, 3, 4, 5]);
    expect(taps.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sw.recent(2).map((r) => r.seq)).toEqual([5, 6]);
    expect(sw.recent().map((r) => r.seq)).toEqual([4, 5, 6]);
    expect(taps[2]!.frame[20]).toBe(2);
    expect(taps[2]!).toMatchObject({ inPort: 'node1', outPorts: ['node2'], length: 60, protocol: 'other' });
  });

  it('a throwing listener does not stop the network', () => {
    const { sw, send, count } = lab(2);
    const warn = console.warn;
    console.warn = () => {};
    sw.onTap(() => {
      throw new Error('boom');
    });
    send(1, 2);
    console.warn = warn;
    expect(count('node2')).toBe(1);
  });

  it('exports the capture as pcap with wall-clock timestamps, bounded by frames and bytes', () => {
    const { sw, send, clock } = lab(2, { captureFrames: 4, captureBytes: 1_000_000 });
    for (let i = 0; i < 6; i++) {
      send(1, BROADCAST, 46, i);
      clock.advance(1.5);
    }
    const file = readPcap(sw.capture());
    expect(file).toMatchObject({ versionMajor: 2, versionMinor: 4, snaplen: 65535, linktype: 1 });
    expect(file.records.map((r) => r.frame[20])).toEqual([2, 3, 4, 5]);
    expect(file.records.map((r) => r.timeMs - 1_700_000_000_000)).toEqual([3, 4.5, 6, 7.5]);
    const small = lab(2, { captureBytes: 150 });
    for (let i = 0; i < 5; i++) small.send(1, BROADCAST);
    expect(small.sw.captureLength).toBe(2); // 60-byte frames
  });
});
