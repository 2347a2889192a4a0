// The guest images (firmware, kernel, initramfs) as public/images/manifest.json lists them:
// fetched (browser) or read (Node), checked against their recorded size and sha256, and the
// initramfs decompressed on the host — the kernel gets a plain cpio, which saves it most of its
// boot work (guest-facts: 118 M instructions instead of 475 M with CPython).

import { gunzipSync } from "fflate";

export interface ImageEntry {
  file: string;
  sha256: string;
  size: number;
}
export interface ImageManifest {
  firmware: ImageEntry;
  kernel: ImageEntry;
  initrd: ImageEntry & { compression?: string };
  systemMap?: ImageEntry;
  bootargs: string;
  kernelVersion?: string;
  [key: string]: unknown;
}
export interface BootImages {
  firmware: Uint8Array;
  kernel: Uint8Array;
  initrd: Uint8Array;
  bootargs: string;
  manifest?: ImageManifest;
}

export class ImageError extends Error {}

/** Read a file relative to `base` (a directory URL or path): Node reads the file system, the browser fetches. */
async function readBytes(base: string | URL, name: string): Promise<Uint8Array> {
  const url = new URL(name, base instanceof URL ? base : pathToDirUrl(base));
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    try {
      return new Uint8Array(await readFile(url));
    } catch (e) {
      throw new ImageError(`${decodeURIComponent(url.pathname)}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
  }
  const res = await fetch(url);
  if (!res.ok) throw new ImageError(`${url.pathname}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function pathToDirUrl(p: string): URL {
  if (/^[a-z]+:\/\//i.test(p)) return new URL(p.endsWith("/") ? p : p + "/");
  const abs = p.startsWith("/") ? p : `${globalThis.process?.cwd?.() ?? ""}/${p}`;
  return new URL(`file://${abs.endsWith("/") ? abs : abs + "/"}`);
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Read `entry` from `dir` and check its size and sha256 against the manifest. `alt` is what the
 * file may legitimately arrive as instead (an initrd that a web server sent with
 * Content-Encoding: gzip, so the browser already unzipped it).
 */
async function readChecked(dir: string | URL, entry: ImageEntry, role: string, alt?: { size?: number; sha256?: string }): Promise<Uint8Array> {
  const bytes = await readBytes(dir, entry.file);
  if (alt?.size !== undefined && alt.sha256 && bytes.length === alt.size && bytes.length !== entry.size) {
    const sum = await sha256Hex(bytes);
    if (sum === alt.sha256) return bytes;
  }
  if (bytes.length !== entry.size) throw new ImageError(`${role} ${entry.file}: ${bytes.length} bytes, the manifest says ${entry.size} (truncated or replaced?)`);
  const sum = await sha256Hex(bytes);
  if (sum !== entry.sha256) throw new ImageError(`${role} ${entry.file}: sha256 ${sum.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}… (corrupt?)`);
  return bytes;
}

/**
 * gunzip with the platform's native decompressor (DecompressionStream exists in browsers, workers
 * and Node ≥ 18; about 10× faster than JavaScript inflate), falling back to fflate.
 */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const DS = (globalThis as unknown as { DecompressionStream?: new (f: string) => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  if (!DS) return gunzipSync(bytes);
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DS("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decompress an initramfs if it is gzip; check it is a newc cpio either way. */
export async function plainInitrd(bytes: Uint8Array, name = "initrd"): Promise<Uint8Array> {
  let cpio = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      cpio = await gunzip(bytes);
    } catch (e) {
      throw new ImageError(`${name}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  const magic = new TextDecoder().decode(cpio.subarray(0, 6));
  if (magic !== "070701" && magic !== "070702") throw new ImageError(`${name}: not a newc cpio archive (starts with ${JSON.stringify(magic)})`);
  return cpio;
}

/** The firmware must look like a RISC-V binary, not, say, an HTML error page or an ELF. */
function checkRawBinary(bytes: Uint8Array, name: string, what: string): void {
  if (bytes.length < 64) throw new ImageError(`${name}: ${bytes.length} bytes is too small for ${what}`);
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    throw new ImageError(`${name}: is an ELF file; ${what} must be a raw binary (objcopy -O binary)`);
  }
}

/** Check the RISC-V Linux Image header (Documentation/arch/riscv/boot-image-header.rst): magic "RISCV\0\0\0" and "RSC\x05". */
export function checkKernelImage(bytes: Uint8Array, name = "kernel"): void {
  checkRawBinary(bytes, name, "a Linux Image");
  const magic = new TextDecoder().decode(bytes.subarray(48, 53));
  const magic2 = new TextDecoder().decode(bytes.subarray(56, 59));
  if (magic !== "RISCV" || magic2 !== "RSC") throw new ImageError(`${name}: not a RISC-V Linux Image (no RISCV/RSC magic in its header)`);
}

/** Load the project's images from `dir` (default: public/images of this checkout, or /images/ in the page). */
export async function loadManifestImages(dir: string | URL, onProgress?: (what: string, done: number, total: number) => void): Promise<BootImages> {
  let manifest: ImageManifest;
  const raw = await readBytes(dir, "manifest.json");
  try {
    manifest = JSON.parse(new TextDecoder().decode(raw)) as ImageManifest;
  } catch (e) {
    throw new ImageError(`manifest.json: not valid JSON (${(e as Error).message})`);
  }
  for (const k of ["firmware", "kernel", "initrd"] as const) {
    const e = manifest[k];
    if (!e || typeof e.file !== "string" || typeof e.sha256 !== "string" || typeof e.size !== "number") throw new ImageError(`manifest.json: '${k}' must be {file, sha256, size}`);
  }
  const total = manifest.firmware.size + manifest.kernel.size + manifest.initrd.size;
  let done = 0;
  const step = async (entry: ImageEntry, role: string, alt?: { size?: number; sha256?: string }) => {
    onProgress?.(`${role} ${entry.file}`, done, total);
    const b = await readChecked(dir, entry, role, alt);
    done += entry.size;
    return b;
  };
  const firmware = await step(manifest.firmware, "firmware");
  checkRawBinary(firmware, manifest.firmware.file, "the firmware");
  const kernel = await step(manifest.kernel, "kernel");
  checkKernelImage(kernel, manifest.kernel.file);
  const initrdRaw = await step(manifest.initrd, "initrd", {
    size: manifest.initrdUncompressedSize as number | undefined,
    sha256: manifest.initrdUncompressedSha256 as string | undefined,
  });
  onProgress?.("decompressing initrd", done, total);
  const initrd = await plainInitrd(initrdRaw, manifest.initrd.file);
  onProgress?.("ready", total, total);
  return { firmware, kernel, initrd, bootargs: manifest.bootargs, manifest };
}

/** Load images given as separate files (the CLI's --fw/--kernel/--initrd), with the same checks. */
export async function loadImageFiles(files: { firmware: string; kernel: string; initrd?: string }): Promise<Omit<BootImages, "bootargs">> {
  const rd = async (p: string) => readBytes(pathToDirUrl("/"), p.startsWith("/") ? p.slice(1) : `${globalThis.process.cwd().slice(1)}/${p}`);
  const firmware = await rd(files.firmware);
  checkRawBinary(firmware, files.firmware, "the firmware");
  const kernel = await rd(files.kernel);
  checkKernelImage(kernel, files.kernel);
  const initrd = files.initrd ? await plainInitrd(await rd(files.initrd), files.initrd) : new Uint8Array(0);
  return { firmware, kernel, initrd };
}
