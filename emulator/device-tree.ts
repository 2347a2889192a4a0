// Builds the node's device tree (the DTB OpenSBI and Linux read) from the same
// memory map the bus uses (style habit 9), shaped like QEMU virt's own tree so
// stock OpenSBI and Linux drivers find everything:
//
//   /                      #address-cells 2, #size-cells 2
//   ├── chosen             bootargs, stdout-path, linux,initrd-start/end
//   ├── cpus               timebase-frequency
//   │   ├── cpu@N          riscv,isa, riscv,isa-base, riscv,isa-extensions, mmu-type
//   │   │   └── interrupt-controller   riscv,cpu-intc
//   │   └── cpu-map
//   ├── memory@80000000
//   ├── poweroff, reboot   syscon-poweroff/-reboot through the test device
//   └── soc                simple-bus: clint, plic, serial, test, virtio_mmio@...

import { type FdtNode, type FdtProperty, type FdtReservation, EMPTY, cells, node, prop, serializeFdt, str, strList, u64Cells } from './fdt.js';
import {
  type MemoryMapConfig,
  type MemoryRegion,
  type RegionDevice,
  PLIC_NUM_SOURCES,
  UART0_CLOCK_FREQUENCY,
  memoryRegions,
} from './memory-map.js';
import { FINISHER_PASS, FINISHER_RESET } from './devices/test-device.js';

// Local interrupt numbers on the hart's interrupt controller (privileged spec, mip bits): the
// hart's own constants, so the device tree and the hart cannot disagree.
import { IRQ_S_SOFT, IRQ_M_SOFT, IRQ_S_TIMER, IRQ_M_TIMER, IRQ_S_EXT, IRQ_M_EXT } from '../wasm/shared/csr';
export { IRQ_S_SOFT, IRQ_M_SOFT, IRQ_S_TIMER, IRQ_M_TIMER, IRQ_S_EXT, IRQ_M_EXT };

export interface IsaConfig {
  /** e.g. 'rv64imafdc': XLEN and the single-letter extensions. */
  readonly base: string;
  /** Every extension, lowercase, single-letter ones included: 'i','m','a','f','d','c','zicsr',... */
  readonly extensions: readonly string[];
}

export interface DeviceTreeConfig extends MemoryMapConfig {
  readonly bootargs: string;
  /** Physical [start, end) of the initramfs in RAM. */
  readonly initrd?: { readonly start: number | bigint; readonly end: number | bigint };
  readonly harts: number;
  readonly isa: IsaConfig;
  readonly timebaseFrequency: number;
  /** Default 'riscv,sv39'. */
  readonly mmuType?: string;
  /** Bytes for /chosen/rng-seed (early boot entropy), if any. */
  readonly rngSeed?: Uint8Array;
  readonly reservations?: readonly FdtReservation[];
}

/** The tree as data, for tests and the debugger. */
export function deviceTree(config: DeviceTreeConfig): FdtNode {
  if (!Number.isInteger(config.harts) || config.harts < 1) throw new Error(`device tree: ${config.harts} harts`);
  const regions = memoryRegions(config);
  const phandles = new PhandleAllocator();
  const cpus = cpusNode(config, phandles);
  const ctx: WriterContext = {
    config,
    phandles,
    intc: cpus.intcPhandles,
    plic: phandles.next(),
    test: phandles.next(),
  };

  const soc = node('soc', [
    prop('#address-cells', cells(2)),
    prop('#size-cells', cells(2)),
    prop('compatible', str('simple-bus')),
    prop('ranges', EMPTY),
  ]);
  const root = node('', [
    prop('#address-cells', cells(2)),
    prop('#size-cells', cells(2)),
    prop('compatible', str('riscv-virtio')),
    prop('model', str('hartnet,virt')),
  ]);
  root.children.push(chosenNode(config, regions), cpus.node);
  for (const region of regions) {
    const writer = REGION_WRITERS[region.device];
    const written = writer(region, ctx);
    if (written.root) root.children.push(...written.root);
    if (written.soc) soc.children.push(...written.soc);
  }
  root.children.push(soc);
  return root;
}

/** The DTB blob for `config`. */
export function buildDeviceTree(config: DeviceTreeConfig): Uint8Array {
  return serializeFdt(deviceTree(config), { reservations: config.reservations ?? [], bootCpuId: 0 });
}

/** The legacy riscv,isa string: base, then multi-letter extensions in canonical order, '_'-separated. */
export function isaString(isa: IsaConfig): string {
  const multi = isa.extensions.filter((e) => e.length > 1).map((e) => e.toLowerCase());
  return [isa.base.toLowerCase(), ...multi.sort(compareMultiLetter)].join('_');
}

// --- regions -> nodes (style habit 3: one writer per kind of region) -------------

interface WriterContext {
  readonly config: DeviceTreeConfig;
  readonly phandles: PhandleAllocator;
  readonly intc: readonly number[];
  readonly plic: number;
  readonly test: number;
}

type RegionWriter = (region: MemoryRegion, ctx: WriterContext) => { root?: FdtNode[]; soc?: FdtNode[] };

const REGION_WRITERS: Record<RegionDevice, RegionWriter> = {
  // QEMU does not describe the reset ROM either: nothing after reset needs it.
  'boot-rom': () => ({}),
  ram: (r) => ({
    root: [node(unitName('memory', r.base), [prop('device_type', str('memory')), reg(r)])],
  }),
  clint: (r, ctx) => ({
    soc: [
      node(unitName('clint', r.base), [
        prop('interrupts-extended', perHart(ctx, IRQ_M_SOFT, IRQ_M_TIMER)),
        reg(r),
        prop('compatible', strList('sifive,clint0', 'riscv,clint0')),
      ]),
    ],
  }),
  plic: (r, ctx) => ({
    soc: [
      node(unitName('plic', r.base), [
        prop('phandle', cells(ctx.plic)),
        prop('riscv,ndev', cells(PLIC_NUM_SOURCES)),
        reg(r),
        prop('interrupts-extended', perHart(ctx, IRQ_M_EXT, IRQ_S_EXT)),
        prop('interrupt-controller', EMPTY),
        prop('compatible', strList('sifive,plic-1.0.0', 'riscv,plic0')),
        prop('#address-cells', cells(0)),
        prop('#interrupt-cells', cells(1)),
      ]),
    ],
  }),
  uart: (r, ctx) => ({
    soc: [
      node(unitName('serial', r.base), [
        prop('interrupts', cells(r.irq!)),
        prop('interrupt-parent', cells(ctx.plic)),
        prop('clock-frequency', cells(UART0_CLOCK_FREQUENCY)),
        reg(r),
        prop('compatible', str('ns16550a')),
      ]),
    ],
  }),
  test: (r, ctx) => ({
    // Linux's poweroff/reboot go through syscon nodes pointing at the test device, as QEMU virt does.
    root: [
      node('poweroff', [
        prop('value', cells(FINISHER_PASS)),
        prop('offset', cells(0)),
        prop('regmap', cells(ctx.test)),
        prop('compatible', str('syscon-poweroff')),
      ]),
      node('reboot', [
        prop('value', cells(FINISHER_RESET)),
        prop('offset', cells(0)),
        prop('regmap', cells(ctx.test)),
        prop('compatible', str('syscon-reboot')),
      ]),
    ],
    soc: [
      node(unitName('test', r.base), [
        prop('phandle', cells(ctx.test)),
        reg(r),
        prop('compatible', strList('sifive,test1', 'sifive,test0', 'syscon')),
      ]),
    ],
  }),
  virtio: (r, ctx) => ({
    soc: [
      node(unitName('virtio_mmio', r.base), [
        prop('interrupts', cells(r.irq!)),
        prop('interrupt-parent', cells(ctx.plic)),
        reg(r),
        prop('compatible', str('virtio,mmio')),
      ]),
    ],
  }),
};

function chosenNode(config: DeviceTreeConfig, regions: readonly MemoryRegion[]): FdtNode {
  const uart = regions.find((r) => r.device === 'uart');
  const props: FdtProperty[] = [prop('bootargs', str(config.bootargs))];
  if (uart) props.push(prop('stdout-path', str(`/soc/${unitName('serial', uart.base)}`)));
  if (config.initrd) {
    const start = BigInt(config.initrd.start);
    const end = BigInt(config.initrd.end);
    if (end < start) throw new Error(`device tree: initrd ends (0x${end.toString(16)}) before it starts`);
    props.push(prop('linux,initrd-start', u64Cells(start)), prop('linux,initrd-end', u64Cells(end)));
  }
  if (config.rngSeed) props.push(prop('rng-seed', config.rngSeed));
  return node('chosen', props);
}

function cpusNode(config: DeviceTreeConfig, phandles: PhandleAllocator): { node: FdtNode; intcPhandles: number[] } {
  const isa = config.isa;
  checkIsa(isa);
  const xlen = /^rv(32|64)/.exec(isa.base.toLowerCase())![1]!;
  const cpus = node('cpus', [
    prop('#address-cells', cells(1)),
    prop('#size-cells', cells(0)),
    prop('timebase-frequency', cells(config.timebaseFrequency)),
  ]);
  const intcPhandles: number[] = [];
  const cpuPhandles: number[] = [];
  for (let hart = 0; hart < config.harts; hart++) {
    const cpuPhandle = phandles.next();
    const intcPhandle = phandles.next();
    cpuPhandles.push(cpuPhandle);
    intcPhandles.push(intcPhandle);
    cpus.children.push(
      node(
        unitName('cpu', hart),
        [
          prop('phandle', cells(cpuPhandle)),
          prop('device_type', str('cpu')),
          prop('reg', cells(hart)),
          prop('status', str('okay')),
          prop('compatible', str('riscv')),
          prop('riscv,isa', str(isaString(isa))),
          prop('riscv,isa-base', str(`rv${xlen}i`)),
          prop('riscv,isa-extensions', strList(...isa.extensions.map((e) => e.toLowerCase()))),
          prop('mmu-type', str(config.mmuType ?? 'riscv,sv39')),
        ],
        [
          node('interrupt-controller', [
            prop('#address-cells', cells(0)), // dtc's interrupt_provider check wants it
            prop('#interrupt-cells', cells(1)),
            prop('interrupt-controller', EMPTY),
            prop('compatible', str('riscv,cpu-intc')),
            prop('phandle', cells(intcPhandle)),
          ]),
        ],
      ),
    );
  }
  const cluster = node(
    'cluster0',
    [],
    cpuPhandles.map((p, hart) => node(`core${hart}`, [prop('cpu', cells(p))])),
  );
  cpus.children.push(node('cpu-map', [], [cluster]));
  return { node: cpus, intcPhandles };
}

/** The base's single letters and the single-letter extensions listed must agree, so the tree is honest. */
function checkIsa(isa: IsaConfig): void {
  const m = /^rv(32|64)([a-z]+)$/.exec(isa.base.toLowerCase());
  if (!m || !m[2]!.startsWith('i')) throw new Error(`device tree: ISA base ${JSON.stringify(isa.base)} is not rv32i…/rv64i…`);
  const baseLetters = [...m[2]!].sort().join('');
  const listed = isa.extensions.filter((e) => e.length === 1).map((e) => e.toLowerCase()).sort().join('');
  if (baseLetters !== listed) {
    throw new Error(`device tree: ISA base ${isa.base} and single-letter extensions [${listed}] disagree`);
  }
}

/** ISA manual "ISA Extension Naming Conventions": Z names by their category letter, then S, then X. */
const CANONICAL_LETTERS = 'imafdqlcbkjtpvh';
function compareMultiLetter(a: string, b: string): number {
  const rank = (e: string): number[] => {
    const group = e[0] === 'z' ? 0 : e[0] === 's' ? 1 : 2;
    const category = group === 0 ? CANONICAL_LETTERS.indexOf(e[1] ?? '') : 0;
    return [group, category < 0 ? CANONICAL_LETTERS.length : category];
  };
  const [ga, ca] = rank(a);
  const [gb, cb] = rank(b);
  return ga! - gb! || ca! - cb! || (a < b ? -1 : a > b ? 1 : 0);
}

function perHart(ctx: WriterContext, first: number, second: number): Uint8Array {
  return cells(...ctx.intc.flatMap((phandle) => [phandle, first, phandle, second]));
}

function reg(r: MemoryRegion): FdtProperty {
  return prop('reg', u64Cells(r.base, r.size));
}

function unitName(name: string, address: number): string {
  return `${name}@${address.toString(16)}`;
}

class PhandleAllocator {
  private last = 0;
  next(): number {
    return ++this.last;
  }
}
