// Opt-in (HARTNET_QEMU_BOOT=1): boots the project's guest image in QEMU virt with OUR device
// tree instead of QEMU's, proving OpenSBI and Linux accept it (UART, PLIC, CLINT, syscon
// poweroff, virtio-blk and virtio-rng all probe). About 2 s here; opt-in because it depends on QEMU
// and on the built guest image, which the unit suite should not.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildDeviceTree } from '../../../emulator/device-tree.js';

const IMAGES = fileURLToPath(new URL('../../../public/images', import.meta.url));
const wanted = process.env.HARTNET_QEMU_BOOT === '1';
const haveQemu = spawnSync('which', ['qemu-system-riscv64']).status === 0;
const haveImages = ['fw_dynamic.bin', 'Image', 'initrd.cpio.gz'].every((f) => existsSync(join(IMAGES, f)));

describe('our device tree under QEMU', () => {
  it.runIf(wanted && haveQemu && haveImages)('boots OpenSBI + Linux to a shell, probes virtio-blk/rng, powers off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartnet-qemu-boot-'));
    try {
      const dtb = join(dir, 'ours.dtb');
      // QEMU's virt has all eight transports; the guest sees the first two devices in slots 0 and 1.
      writeFileSync(dtb, buildDeviceTree({
        ramSize: 128 << 20,
        bootargs: 'console=ttyS0',
        harts: 1,
        isa: { base: 'rv64imafdc', extensions: ['i', 'm', 'a', 'f', 'd', 'c', 'zicsr', 'zifencei', 'zicntr', 'sstc'] },
        timebaseFrequency: 10_000_000,
        virtio: [0, 1, 2, 3, 4, 5, 6, 7].map((slot) => ({ slot, type: 'blk' as const })),
      }));
      writeFileSync(join(dir, 'initrd.cpio'), gunzipSync(readFileSync(join(IMAGES, 'initrd.cpio.gz'))));
      writeFileSync(join(dir, 'disk.img'), new Uint8Array(2048 * 512));
      const qemu = spawn('qemu-system-riscv64', [
        '-M', 'virt', '-m', '128M', '-nographic', '-no-reboot',
        '-bios', join(IMAGES, 'fw_dynamic.bin'), '-kernel', join(IMAGES, 'Image'), '-initrd', join(dir, 'initrd.cpio'),
        '-dtb', dtb, '-append', 'console=ttyS0',
        '-device', 'virtio-rng-device',
        '-drive', `file=${join(dir, 'disk.img')},if=none,format=raw,id=d0`, '-device', 'virtio-blk-device,drive=d0',
      ]);
      let out = '';
      let typed = false;
      qemu.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!typed && /built-in shell[\s\S]*# /.test(out)) {
          typed = true;
          qemu.stdin.write('cat /sys/bus/virtio/devices/*/device; cat /sys/block/vda/size; poweroff -f\n');
        }
      });
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => qemu.kill(), 100_000);
        qemu.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      if (!out.includes('reboot: Power down')) console.log(JSON.stringify(out.slice(-600)));
      expect(out).toContain('Platform Console Device     : uart8250');
      expect(out).toContain('Platform Shutdown Device    : syscon-poweroff');
      expect(out).toMatch(/riscv-plic: plic@c000000: mapped 95 interrupts/);
      expect(out).toMatch(/ttyS0 at MMIO 0x10000000 .* is a 16550A/);
      expect(out).toMatch(/0x0002\s+0x0004\s+2048/);
      expect(out).toContain('reboot: Power down');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
