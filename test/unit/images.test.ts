// Bad boot images get a one-line error that names the file and says what is wrong.
import { describe, it, expect, beforeAll } from "vitest";
import { mkdtempSync, cpSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadManifestImages, loadImageFiles, plainInitrd, ImageError } from "../../emulator/images";
import { IMAGES } from "../helpers/booted-node";

let manifest: { firmware: { file: string }; kernel: { file: string }; initrd: { file: string } };
beforeAll(() => {
  manifest = JSON.parse(readFileSync(join(IMAGES, "manifest.json"), "utf8"));
});

/** A copy of public/images with `edit` applied. */
function variant(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "hartnet-img-"));
  cpSync(IMAGES, dir, { recursive: true });
  edit(dir);
  return dir;
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("boot images", () => {
  it("load and check out as the manifest says", async () => {
    const img = await loadManifestImages(IMAGES);
    expect(img.kernel.length).toBeGreaterThan(1_000_000);
    expect(new TextDecoder().decode(img.initrd.subarray(0, 6))).toBe("070701");
  });
  it("a missing kernel is named", async () => {
    const dir = variant((d) => rmSync(join(d, manifest.kernel.file)));
    const msg = await errorOf(loadManifestImages(dir));
    expect(msg).toContain(manifest.kernel.file);
    expect(msg).toMatch(/no such file/);
    expect(msg).not.toContain("\n");
  });
  it("a corrupt initrd fails its checksum", async () => {
    const dir = variant((d) => {
      const p = join(d, manifest.initrd.file);
      const b = readFileSync(p);
      b[1000] ^= 0xff;
      writeFileSync(p, b);
    });
    const msg = await errorOf(loadManifestImages(dir));
    expect(msg).toMatch(new RegExp(`initrd ${manifest.initrd.file}: sha256 .* does not match`));
  });
  it("a truncated firmware is reported by size", async () => {
    const dir = variant((d) => {
      const p = join(d, manifest.firmware.file);
      writeFileSync(p, readFileSync(p).subarray(0, 1000));
    });
    expect(await errorOf(loadManifestImages(dir))).toMatch(/firmware fw_dynamic.bin: 1000 bytes, the manifest says \d+/);
  });
  it("a broken manifest is reported", async () => {
    const dir = variant((d) => writeFileSync(join(d, "manifest.json"), "{ not json"));
    expect(await errorOf(loadManifestImages(dir))).toMatch(/manifest.json: not valid JSON/);
  });
  it("a kernel that is not a RISC-V Image, and an ELF given as firmware, are refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hartnet-img-"));
    writeFileSync(join(dir, "bogus-kernel"), new Uint8Array(4096).fill(7));
    writeFileSync(join(dir, "elf-fw"), Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, ...new Uint8Array(100)]));
    writeFileSync(join(dir, "Image"), readFileSync(join(IMAGES, manifest.kernel.file)));
    expect(await errorOf(loadImageFiles({ firmware: join(IMAGES, manifest.firmware.file), kernel: join(dir, "bogus-kernel") }))).toMatch(/bogus-kernel: not a RISC-V Linux Image/);
    expect(await errorOf(loadImageFiles({ firmware: join(dir, "elf-fw"), kernel: join(dir, "Image") }))).toMatch(/elf-fw: is an ELF file/);
  });
  it("an initrd that is not a cpio, or not valid gzip, is refused", async () => {
    expect(await errorOf(plainInitrd(new TextEncoder().encode("hello world, not a cpio"), "x.cpio"))).toMatch(/x.cpio: not a newc cpio archive/);
    const gz = gzipSync(Buffer.from("070701" + "0".repeat(200)));
    gz[gz.length - 6] ^= 0xff; // break the CRC
    expect(await errorOf(plainInitrd(gz, "y.gz"))).toMatch(/y.gz: corrupt gzip data/);
  });
});
