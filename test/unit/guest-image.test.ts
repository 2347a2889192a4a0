// The committed guest image (public/images/, built by guest/build) matches its manifest, fits the
// budgets of issue 5, and its initramfs holds what the nodes need. No cross tools required: the
// test reads the files, gunzips the initrd with node:zlib and walks the newc cpio itself.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const IMAGES = join(__dirname, '..', '..', 'public', 'images');
const MiB = 1024 * 1024;

/** Budgets from issue 5. */
const INITRD_GZ_MAX = 12 * MiB;
const KERNEL_IMAGE_MAX = 8 * MiB;

interface FileEntry {
  file: string;
  sha256: string;
  size: number;
}

interface Manifest {
  firmware: FileEntry;
  kernel: FileEntry;
  initrd: FileEntry;
  systemMap: FileEntry;
  bootargs: string;
  kernelVersion: string;
  kernelConfigSha256: string;
  initrdUncompressedSize: number;
  initrdUncompressedSha256: string;
  sourceDateEpoch: number;
  packages: Record<string, { version: string; sha256: string }>;
}

// ---- newc cpio ------------------------------------------------------------------------------
// Each member: a 110-byte ASCII header "070701" + 13 fields of 8 hex digits, the NUL-terminated
// name padded so header+name is a multiple of 4, then the data padded to a multiple of 4.
// The archive ends with a member named "TRAILER!!!".

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

interface CpioEntry {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  rdevMajor: number;
  rdevMinor: number;
  data: Buffer;
}

const align4 = (n: number): number => (n + 3) & ~3;

function parseNewc(buf: Buffer): CpioEntry[] {
  const entries: CpioEntry[] = [];
  let off = 0;
  for (;;) {
    const magic = buf.toString('ascii', off, off + 6);
    if (magic !== '070701') throw new Error(`bad cpio magic ${JSON.stringify(magic)} at ${off}`);
    const field = (i: number): number => parseInt(buf.toString('ascii', off + 6 + i * 8, off + 14 + i * 8), 16);
    const [mode, uid, gid, mtime, filesize, rdevMajor, rdevMinor, namesize] = [
      field(1), field(2), field(3), field(5), field(6), field(9), field(10), field(11),
    ];
    const name = buf.toString('utf8', off + 110, off + 110 + namesize - 1);
    const dataStart = align4(off + 110 + namesize);
    if (name === 'TRAILER!!!') break;
    entries.push({ name, mode, uid, gid, mtime, rdevMajor, rdevMinor, data: buf.subarray(dataStart, dataStart + filesize) });
    off = align4(dataStart + filesize);
  }
  return entries;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

// ---- the tests ----------------------------------------------------------------------------------

const manifestPath = join(IMAGES, 'manifest.json');
const haveImage = existsSync(manifestPath);

describe.skipIf(!haveImage)('guest image (public/images)', () => {
  let manifest: Manifest;
  let cpio: Buffer;
  let entries: Map<string, CpioEntry>;
  let order: string[];

  beforeAll(() => {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    cpio = gunzipSync(readFileSync(join(IMAGES, manifest.initrd.file)));
    const list = parseNewc(cpio);
    order = list.map((e) => e.name);
    entries = new Map(list.map((e) => [e.name, e]));
  });

  it('manifest has the keys other tools read', () => {
    for (const key of ['firmware', 'kernel', 'initrd', 'systemMap'] as const) {
      expect(manifest[key].file).toMatch(/^[\w.-]+$/);
      expect(manifest[key].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(manifest[key].size).toBeGreaterThan(0);
    }
    expect(manifest.bootargs).toContain('console=ttyS0');
    expect(manifest.kernelVersion).toMatch(/^6\.12\.\d+/);
    expect(manifest.kernelConfigSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const name of ['opensbi', 'linux-source-6.12', 'busybox-static', 'python3.13-minimal', 'libc6']) {
      expect(manifest.packages[name]?.version, name).toBeTruthy();
      expect(manifest.packages[name]?.sha256, name).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('every listed file exists with the recorded size and sha256', () => {
    for (const key of ['firmware', 'kernel', 'initrd', 'systemMap'] as const) {
      const data = readFileSync(join(IMAGES, manifest[key].file));
      expect(data.length, key).toBe(manifest[key].size);
      expect(sha256(data), key).toBe(manifest[key].sha256);
    }
  });

  it('fits the budgets: initrd.gz <= 12 MiB, Image <= 8 MiB', () => {
    expect(manifest.initrd.size).toBeLessThanOrEqual(INITRD_GZ_MAX);
    expect(manifest.kernel.size).toBeLessThanOrEqual(KERNEL_IMAGE_MAX);
  });

  it('the kernel Image has the RISC-V Image header, the firmware is OpenSBI', () => {
    const image = readFileSync(join(IMAGES, manifest.kernel.file));
    // boot-image-header.rst: magic2 "RSC\x05" at offset 56.
    expect(image.toString('latin1', 56, 60)).toBe('RSC\x05');
    const fw = readFileSync(join(IMAGES, manifest.firmware.file));
    expect(fw.includes(Buffer.from('OpenSBI'))).toBe(true);
  });

  it('the initrd decompresses to the recorded newc cpio', () => {
    expect(cpio.length).toBe(manifest.initrdUncompressedSize);
    expect(sha256(cpio)).toBe(manifest.initrdUncompressedSha256);
  });

  it('the cpio is reproducible: sorted, root-owned, fixed mtimes', () => {
    expect(order).toEqual([...order].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))));
    for (const e of entries.values()) {
      expect(e.uid, e.name).toBe(0);
      expect(e.gid, e.name).toBe(0);
      expect(e.mtime, e.name).toBe(manifest.sourceDateEpoch);
    }
  });

  it('holds /init, /dev/console and the merged-/usr layout', () => {
    const init = entries.get('init');
    expect(init && (init.mode & S_IFMT)).toBe(S_IFREG);
    expect(init!.mode & 0o111).not.toBe(0);
    expect(init!.data.toString('utf8', 0, 10)).toBe('#!/bin/sh\n');
    const console = entries.get('dev/console');
    expect(console && (console.mode & S_IFMT)).toBe(S_IFCHR);
    expect([console!.rdevMajor, console!.rdevMinor]).toEqual([5, 1]);
    for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib']]) {
      const e = entries.get(link);
      expect(e && (e.mode & S_IFMT), link).toBe(S_IFLNK);
      expect(e!.data.toString(), link).toBe(target);
    }
    expect(entries.get('root')!.mode & S_IFMT).toBe(S_IFDIR);
  });

  it('holds busybox with its applets, CPython, the demos and their sources', () => {
    const regular = [
      'usr/bin/busybox', 'usr/bin/python3.13', 'usr/lib/ld-linux-riscv64-lp64d.so.1',
      'usr/bin/server', 'usr/bin/client', 'usr/bin/client.py',
      'root/demos/server.c', 'root/demos/client.c', 'root/demos/client.py', 'root/demos/README',
      'usr/lib/hartnet/import-check.py', 'etc/hosts', 'etc/passwd', 'etc/group', 'etc/profile',
      'etc/inittab', 'usr/lib/python3.13/socket.py', 'usr/lib/python3.13/xmlrpc/server.py',
    ];
    for (const name of regular) {
      const e = entries.get(name);
      expect(e, name).toBeDefined();
      // the dynamic loader is a symlink into the multiarch directory; the rest are files
      if (!name.endsWith('.so.1')) expect(e!.mode & S_IFMT, name).toBe(S_IFREG);
    }
    expect(entries.get('usr/bin/python3')!.data.toString()).toBe('python3.13');
    for (const applet of ['usr/bin/sh', 'usr/bin/ls', 'usr/sbin/ip', 'usr/sbin/init', 'usr/bin/cttyhack']) {
      const e = entries.get(applet);
      expect(e && (e.mode & S_IFMT), applet).toBe(S_IFLNK);
      expect(e!.data.toString(), applet).toBe('/usr/bin/busybox');
    }
    // the demos are static riscv64 ELF executables (e_machine 243 = EM_RISCV)
    for (const bin of ['usr/bin/server', 'usr/bin/client']) {
      const elf = entries.get(bin)!.data;
      expect(elf.toString('latin1', 0, 4), bin).toBe('\x7fELF');
      expect(elf.readUInt16LE(18), bin).toBe(243);
    }
    // precompiled bytecode for start-up modules
    // (flags word 1 = hash-based, unchecked: valid whatever the .py's mtime, PEP 552)
    const pyc = entries.get('usr/lib/python3.13/__pycache__/socket.cpython-313.pyc');
    expect(pyc).toBeDefined();
    expect(pyc!.data.readUInt32LE(4)).toBe(1);
  });

  it('/etc/profile gives the root@nodeN:~# prompt', () => {
    expect(entries.get('etc/profile')!.data.toString()).toContain("PS1='\\u@\\h:\\w\\$ '");
  });
});
