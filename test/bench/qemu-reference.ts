// QEMU as the reference machine for boot figures: Debian's qemu-system-riscv64 -M virt boots the
// same images; we time it to the shell prompt. For its instruction count we run it again with
// -icount shift=0,sleep=off, where one guest nanosecond is one instruction. (QEMU 7.2's minstret
// CSR returns host ticks, not instructions, so it cannot be read directly.) The guest has no RTC,
// so CLOCK_REALTIME counts from timekeeping_init: `date +%s%N` typed at the prompt gives the
// instructions executed since then — a lower bound that misses only OpenSBI and the kernel's first
// steps before its timer starts.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BootImages } from "../../emulator/images";

const PROMPT = /root@node1:~# /;

export interface QemuBoot {
  wallSeconds: number;
  instructions?: number;
}

/** Boot the images on QEMU; with `icount`, also read minstret at the prompt. */
export async function qemuBoot(images: BootImages, dir: string, icount: boolean): Promise<QemuBoot> {
  const tmp = mkdtempSync(join(tmpdir(), "hartnet-qemu-"));
  const initrd = join(tmp, "initrd.cpio");
  writeFileSync(initrd, images.initrd);
  const args = [
    "-M", "virt", "-m", "128M", "-smp", "1", "-nographic", "-no-reboot",
    "-cpu", "rv64,h=false,v=false,zba=false,zbb=false,zbc=false,zbs=false,svnapot=false,svpbmt=false,svinval=false,sscofpmf=false,sstc=true",
    "-bios", join(dir, images.manifest!.firmware.file), "-kernel", join(dir, images.manifest!.kernel.file), "-initrd", initrd,
    "-append", `${images.bootargs} no4lvl`,
    ...(icount ? ["-icount", "shift=0,sleep=off"] : []),
  ];
  const t0 = performance.now();
  const q = spawn("qemu-system-riscv64", args, { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QEMU did not reach the prompt in 120 s:\n${out.slice(-800)}`)), 120_000);
      q.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (PROMPT.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      q.on("exit", (c) => reject(new Error(`QEMU exited (${c}) before the prompt:\n${out.slice(-800)}`)));
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    let instructions: number | undefined;
    if (icount) {
      const from = out.length;
      q.stdin.write("date +%s%N\n");
      const ns = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no answer to date")), 30_000);
        q.stdout.on("data", () => {
          const m = /\n(\d{6,})\r?\n/.exec(out.slice(from));
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      instructions = Number(ns);
    }
    return { wallSeconds, instructions };
  } finally {
    q.kill("SIGKILL");
  }
}

/**
 * Instructions from the kernel's sched_clock start to "Run /init as init process" under
 * -icount shift=0,sleep=off (the printk timestamp in ns is the instruction count).
 */
export async function qemuInstructionsToInit(images: BootImages, dir: string): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), "hartnet-qemu-"));
  const initrd = join(tmp, "initrd.cpio");
  writeFileSync(initrd, images.initrd);
  const q = spawn("qemu-system-riscv64", [
    "-M", "virt", "-m", "128M", "-smp", "1", "-nographic", "-no-reboot",
    "-cpu", "rv64,h=false,v=false,zba=false,zbb=false,zbc=false,zbs=false,svnapot=false,svpbmt=false,svinval=false,sscofpmf=false,sstc=true",
    "-bios", join(dir, images.manifest!.firmware.file), "-kernel", join(dir, images.manifest!.kernel.file), "-initrd", initrd,
    "-append", `${images.bootargs} no4lvl printk.time=1`, "-icount", "shift=0,sleep=off",
  ], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("QEMU -icount did not reach /init in 120 s")), 120_000);
      q.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /\[\s*(\d+)\.(\d{6})\] Run \/init as init process/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve((Number(m[1]) * 1e6 + Number(m[2])) * 1000);
        }
      });
    });
  } finally {
    q.kill("SIGKILL");
  }
}
