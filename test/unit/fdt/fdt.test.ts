import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DeviceTreeConfig, buildDeviceTree, isaString } from '../../../emulator/device-tree.js';
import { EMPTY, FDT_MAGIC, cells, node, prop, serializeFdt, str, strList, u64Cells } from '../../../emulator/fdt.js';

// --- a tiny FDT reader, independent of the writer ---------------------------------

interface ReadNode {
  name: string;
  props: Map<string, Uint8Array>;
  children: ReadNode[];
}

interface ReadFdt {
  header: number[];
  reservations: [bigint, bigint][];
  root: ReadNode;
  strings: Uint8Array;
}

function readFdt(blob: Uint8Array): ReadFdt {
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const header = Array.from({ length: 10 }, (_, i) => v.getUint32(i * 4));
  const [, , offStruct, offStrings, offRsv, , , , sizeStrings, sizeStruct] = header as [number, number, number, number, number, number, number, number, number, number];
  const reservations: [bigint, bigint][] = [];
  for (let at = offRsv; ; at += 16) {
    const a = v.getBigUint64(at);
    const s = v.getBigUint64(at + 8);
    if (a === 0n && s === 0n) break;
    reservations.push([a, s]);
  }
  const strings = blob.subarray(offStrings, offStrings + sizeStrings);
  const cstr = (bytes: Uint8Array, at: number) => {
    const end = bytes.indexOf(0, at);
    return new TextDecoder().decode(bytes.subarray(at, end));
  };
  let at = offStruct;
  const end = offStruct + sizeStruct;
  const stack: ReadNode[] = [];
  let root: ReadNode | undefined;
  const pad = (n: number) => (n + 3) & ~3;
  while (at < end) {
    const token = v.getUint32(at);
    at += 4;
    if (token === 1) {
      const name = cstr(blob, at);
      at += pad(new TextEncoder().encode(name).length + 1);
      const n: ReadNode = { name, props: new Map(), children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(n);
      else root = n;
      stack.push(n);
    } else if (token === 3) {
      const len = v.getUint32(at);
      const nameoff = v.getUint32(at + 4);
      at += 8;
      stack[stack.length - 1]!.props.set(cstr(strings, nameoff), blob.slice(at, at + len));
      at += pad(len);
    } else if (token === 2) {
      stack.pop();
    } else if (token === 9) {
      break;
    } else if (token !== 4) {
      throw new Error(`bad token ${token} at ${at - 4}`);
    }
  }
  return { header, reservations, root: root!, strings };
}

function find(root: ReadNode, path: string): ReadNode | undefined {
  let n: ReadNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) n = n?.children.find((c) => c.name === part);
  return n;
}

const u32s = (b: Uint8Array) => Array.from({ length: b.length / 4 }, (_, i) => new DataView(b.buffer, b.byteOffset).getUint32(i * 4));
const text = (b: Uint8Array) => new TextDecoder().decode(b).replace(/\0$/, '').split('\0');

const CONFIG: DeviceTreeConfig = {
  ramSize: 128 * 1024 * 1024,
  bootargs: 'console=ttyS0 earlycon=sbi',
  initrd: { start: 0x8800_0000n, end: 0x1_0000_0000n },
  harts: 1,
  isa: { base: 'rv64imafdc', extensions: ['i', 'm', 'a', 'f', 'd', 'c', 'zicsr', 'zifencei', 'zicntr', 'sstc'] },
  timebaseFrequency: 10_000_000,
  virtio: [
    { slot: 0, type: 'blk' },
    { slot: 2, type: 'rng' },
  ],
  rngSeed: new Uint8Array(32).fill(7),
};

function tool(name: string): boolean {
  return spawnSync('which', [name]).status === 0;
}

describe('FDT writer', () => {
  it('writes a v17 header, aligned blocks, reservations and dedups strings', () => {
    const root = node('', [prop('compatible', str('x')), prop('#address-cells', cells(2))], [
      node('a@1', [prop('compatible', str('y')), prop('flag', EMPTY), prop('pair', u64Cells(0x1_0000_0002n))]),
      node('b', [prop('list', strList('p', 'qq')), prop('compatible', str('z'))]),
    ]);
    const blob = serializeFdt(root, { reservations: [{ address: 0x8000_0000n, size: 0x20_0000n }], bootCpuId: 0 });
    const fdt = readFdt(blob);
    const [magic, total, offStruct, offStrings, offRsv, version, lastComp] = fdt.header;
    expect(magic).toBe(FDT_MAGIC);
    expect(total).toBe(blob.length);
    expect(blob.length % 8).toBe(0);
    expect(offRsv! % 8).toBe(0);
    expect(offStruct! % 4).toBe(0);
    expect(offStrings).toBeGreaterThan(offStruct!);
    expect(version).toBe(17);
    expect(lastComp).toBe(16);
    expect(fdt.reservations).toEqual([[0x8000_0000n, 0x20_0000n]]);
    expect(text(fdt.strings)).toEqual(['compatible', '#address-cells', 'flag', 'pair', 'list']); // each once
    const a = find(fdt.root, 'a@1')!;
    expect(a.props.get('flag')!.length).toBe(0);
    expect(u32s(a.props.get('pair')!)).toEqual([1, 2]);
    expect(text(find(fdt.root, 'b')!.props.get('list')!)).toEqual(['p', 'qq']);
  });

  it('refuses our own mistakes: duplicate properties or children, bad cells', () => {
    expect(() => serializeFdt(node('', [prop('a', EMPTY), prop('a', EMPTY)]))).toThrow();
    expect(() => serializeFdt(node('', [], [node('x'), node('x')]))).toThrow();
    expect(() => cells(-1)).toThrow();
    expect(() => cells(2 ** 32)).toThrow();
  });
});

describe('virt device tree', () => {
  const blob = buildDeviceTree(CONFIG);
  const fdt = readFdt(blob);

  it('describes the cpu honestly', () => {
    const cpu = find(fdt.root, 'cpus/cpu@0')!;
    expect(text(cpu.props.get('riscv,isa')!)).toEqual(['rv64imafdc_zicntr_zicsr_zifencei_sstc']);
    expect(text(cpu.props.get('riscv,isa-base')!)).toEqual(['rv64i']);
    expect(text(cpu.props.get('riscv,isa-extensions')!)).toEqual(['i', 'm', 'a', 'f', 'd', 'c', 'zicsr', 'zifencei', 'zicntr', 'sstc']);
    expect(text(cpu.props.get('mmu-type')!)).toEqual(['riscv,sv39']);
    expect(text(cpu.props.get('device_type')!)).toEqual(['cpu']);
    expect(u32s(find(fdt.root, 'cpus')!.props.get('timebase-frequency')!)).toEqual([10_000_000]);
    const intc = find(fdt.root, 'cpus/cpu@0/interrupt-controller')!;
    expect(text(intc.props.get('compatible')!)).toEqual(['riscv,cpu-intc']);
    expect(intc.props.has('interrupt-controller')).toBe(true);
  });

  it('wires clint and plic to the hart interrupt controller by phandle', () => {
    const intc = u32s(find(fdt.root, 'cpus/cpu@0/interrupt-controller')!.props.get('phandle')!)[0]!;
    expect(u32s(find(fdt.root, 'soc/clint@2000000')!.props.get('interrupts-extended')!)).toEqual([intc, 3, intc, 7]);
    const plic = find(fdt.root, 'soc/plic@c000000')!;
    expect(u32s(plic.props.get('interrupts-extended')!)).toEqual([intc, 11, intc, 9]);
    expect(u32s(plic.props.get('riscv,ndev')!)).toEqual([95]);
    const plicPhandle = u32s(plic.props.get('phandle')!)[0]!;
    const serial = find(fdt.root, 'soc/serial@10000000')!;
    expect(u32s(serial.props.get('interrupt-parent')!)).toEqual([plicPhandle]);
    expect(u32s(serial.props.get('interrupts')!)).toEqual([10]);
    expect(u32s(serial.props.get('clock-frequency')!)).toEqual([3_686_400]);
  });

  it('lists memory, chosen and the configured virtio slots from the memory map', () => {
    expect(u32s(find(fdt.root, 'memory@80000000')!.props.get('reg')!)).toEqual([0, 0x8000_0000, 0, 0x800_0000]);
    const chosen = find(fdt.root, 'chosen')!;
    expect(text(chosen.props.get('bootargs')!)).toEqual(['console=ttyS0 earlycon=sbi']);
    expect(text(chosen.props.get('stdout-path')!)).toEqual(['/soc/serial@10000000']);
    expect(u32s(chosen.props.get('linux,initrd-start')!)).toEqual([0, 0x8800_0000]);
    expect(u32s(chosen.props.get('linux,initrd-end')!)).toEqual([1, 0]);
    const virtio = find(fdt.root, 'soc')!.children.filter((c) => c.name.startsWith('virtio_mmio'));
    expect(virtio.map((c) => c.name)).toEqual(['virtio_mmio@10001000', 'virtio_mmio@10003000']);
    expect(virtio.map((c) => u32s(c.props.get('interrupts')!)[0])).toEqual([1, 3]);
  });

  it('points syscon poweroff/reboot at the test device', () => {
    const test = find(fdt.root, 'soc/test@100000')!;
    expect(text(test.props.get('compatible')!)).toEqual(['sifive,test1', 'sifive,test0', 'syscon']);
    const phandle = u32s(test.props.get('phandle')!)[0];
    expect(u32s(find(fdt.root, 'poweroff')!.props.get('regmap')!)).toEqual([phandle]);
    expect(u32s(find(fdt.root, 'poweroff')!.props.get('value')!)).toEqual([0x5555]);
    expect(u32s(find(fdt.root, 'reboot')!.props.get('value')!)).toEqual([0x7777]);
  });

  it('orders multi-letter extensions canonically and rejects a dishonest base', () => {
    expect(isaString({ base: 'rv64imac', extensions: ['svadu', 'zifencei', 'sstc', 'zicsr', 'zmmul'] })).toBe('rv64imac_zicsr_zifencei_zmmul_sstc_svadu');
    expect(() => buildDeviceTree({ ...CONFIG, isa: { base: 'rv64imafdc', extensions: ['i', 'm', 'a'] } })).toThrow(/disagree/);
  });

  it.skipIf(!tool('dtc'))('decodes cleanly with dtc (skipped when device-tree-compiler is not installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartnet-fdt-'));
    try {
      writeFileSync(join(dir, 'ours.dtb'), blob);
      const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', join(dir, 'ours.dtb')], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(''); // no warnings
      expect(r.stdout).toContain('compatible = "sifive,plic-1.0.0\\0riscv,plic0";');
      expect(r.stdout).toContain('riscv,isa = "rv64imafdc_zicntr_zicsr_zifencei_sstc";');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!tool('qemu-system-riscv64'))('has every property QEMU virt has on the nodes both trees share (skipped without QEMU)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartnet-qemu-'));
    try {
      const dtb = join(dir, 'virt.dtb');
      execFileSync('qemu-system-riscv64', ['-M', `virt,dumpdtb=${dtb}`, '-m', '128M', '-nographic'], { stdio: 'ignore', timeout: 20_000 });
      const qemu = readFdt(new Uint8Array(readFileSync(dtb)));
      const shared = ['chosen', 'cpus', 'cpus/cpu@0', 'cpus/cpu@0/interrupt-controller', 'memory@80000000', 'poweroff', 'reboot', 'soc',
        'soc/clint@2000000', 'soc/plic@c000000', 'soc/serial@10000000', 'soc/test@100000', 'soc/virtio_mmio@10001000'];
      for (const path of shared) {
        const theirs = find(qemu.root, path);
        const ours = find(fdt.root, path);
        expect(theirs, `QEMU has ${path}`).toBeDefined();
        expect(ours, `we have ${path}`).toBeDefined();
        const missing = [...theirs!.props.keys()].filter((k) => !ours!.props.has(k));
        expect(missing, path).toEqual([]);
        // Same values where the two machines must agree (everything but the ISA, MMU and phandle numbering).
        for (const k of ['reg', 'compatible', 'interrupts', 'clock-frequency', 'device_type', 'value', 'offset', 'stdout-path', '#address-cells', '#size-cells', '#interrupt-cells']) {
          if (theirs!.props.has(k)) expect([...ours!.props.get(k)!], `${path} ${k}`).toEqual([...theirs!.props.get(k)!]);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
