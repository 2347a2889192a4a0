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
