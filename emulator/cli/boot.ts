// `hartnet boot`: one node with its console on this terminal (raw mode; Ctrl-A x quits, as in
// QEMU), or, with --script/--expect/--timeout, an automated run whose exit status says whether the
// expected output appeared.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as Comlink from "comlink";
import { parseArgs } from "./args";
import { spawnNode } from "../spawn-node";
import { loadImageFiles, loadManifestImages, type BootImages } from "../images";
import { ConsoleScript } from "./console-script";

const USAGE = `usage: hartnet boot [--kernel F] [--initrd F] [--fw F] [--mem MiB] [--append "..."]
                   [--script FILE] [--expect REGEX] [--timeout S]`;

export const DEFAULT_IMAGES = fileURLToPath(new URL("../../public/images/", import.meta.url));

export async function cmdBoot(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, []);
  if (positional.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const opt = (k: string) => (options.get(k) as string | undefined);
  const mem = opt("mem") ? Number(opt("mem")) : 128;
  if (!Number.isInteger(mem) || mem < 16 || mem > 2048) {
    process.stderr.write(`hartnet: --mem takes MiB from 16 to 2048, not '${opt("mem")}'\n`);
    return 2;
  }
  const timeout = opt("timeout") ? Number(opt("timeout")) : undefined;
  const expect = opt("expect") ? new RegExp(opt("expect")!, "m") : undefined;
  const scriptText = opt("script") ? await readFile(opt("script")!, "utf8") : undefined;
  const automated = scriptText !== undefined || expect !== undefined;

  // Images: the project's own by default, any of them replaceable by a file.
  let images: BootImages;
  try {
    const base = await loadManifestImages(DEFAULT_IMAGES);
    if (opt("kernel") || opt("initrd") || opt("fw")) {
      const files = await loadImageFiles({ firmware: opt("fw") ?? `${DEFAULT_IMAGES}${base.manifest!.firmware.file}`, kernel: opt("kernel") ?? `${DEFAULT_IMAGES}${base.manifest!.kernel.file}`, initrd: opt("initrd") });
      images = { ...base, ...files, initrd: opt("initrd") ? files.initrd : base.initrd };
    } else images = base;
  } catch (e) {
    process.stderr.write(`hartnet: ${(e as Error).message}\n`);
    return 2;
  }

  const node = spawnNode();
  const script = new ConsoleScript(scriptText ?? "", (s) => void node.api.sendConsole(s));
  let result: { code: number; message?: string } | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const end = (code: number, message?: string) => {
    if (result) return;
    result = { code, message };
    finish();
  };
  const decoder = new TextDecoder();

  await node.api.boot(
    { name: "node1", memoryMiB: mem, images, bootargs: opt("append") ? `${images.bootargs} ${opt("append")}` : undefined },
    Comlink.proxy({
      console: (bytes: Uint8Array) => {
        const s = decoder.decode(bytes, { stream: true });
        if (!automated) process.stdout.write(bytes);
        else if (process.env.HARTNET_ECHO) process.stdout.write(s);
        script.feed(s);
      },
      state: (st: { state: string; detail?: string }) => {
        if (st.state === "crashed") end(3, `guest kernel panic: ${st.detail}`);
        if (st.state === "halted") end(automated && expect ? 1 : 0, `node powered off (${st.detail})`);
      },
    }),
  );

  if (automated) {
    if (timeout) setTimeout(() => end(1, `timed out after ${timeout} s`), timeout * 1000).unref();
    if (expect) {
      // The expectation is checked only once the script has been typed.
      (async () => {
        while (!script.done) await new Promise((r) => setTimeout(r, 50));
        await script.waitFor(expect);
        end(0);
      })();
    } else {
      (async () => {
        while (!script.done || script.promptsSeen === 0) await new Promise((r) => setTimeout(r, 50));
        await script.waitFor(/[#$] (\x1b\[6n)?$/, script.output.length);
        end(0);
      })();
    }
  } else {
    // Interactive: raw terminal, Ctrl-A x quits.
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    let ctrlA = false;
    stdin.on("data", (buf: Buffer) => {
      for (const b of buf) {
        if (ctrlA) {
          ctrlA = false;
          if (b === 0x78 /* x */) return end(0, "quit (Ctrl-A x)");
          if (b !== 0x01) void node.api.sendConsole(new Uint8Array([0x01]));
        } else if (b === 0x01) {
          ctrlA = true;
          continue;
        }
        void node.api.sendConsole(new Uint8Array([b]));
      }
    });
    stdin.resume();
  }
  await finished;
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdin.pause();
  if (result!.code !== 0 || !automated) {
    const stats = await node.api.stats();
    if (result!.message) process.stderr.write(`\nhartnet: ${result!.message}\n`);
    if (result!.code !== 0 && automated) {
      const tail = stats.consoleTail.split("\n").slice(-15).join("\n");
      process.stderr.write(`hartnet: last console lines:\n${tail}\n`);
    }
  }
  await node.terminate();
  return result!.code;
}
