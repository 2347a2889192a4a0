// hartnet's command line: `hartnet <command> [options]`.
import { runElf } from "./run-elf";
import { parseArgs } from "./args";
import { cmdBoot } from "./boot";
import { cmdLab } from "./lab";

const USAGE = `usage: hartnet <command> [options]

commands:
  run-elf FILE [--max-insns N] [--trace]   run a bare-metal RV64 ELF (riscv-tests HTIF convention)
  boot [--kernel F] [--initrd F] [--fw F] [--mem MiB] [--append ARGS]
       [--script FILE] [--expect REGEX] [--timeout S]
                                           boot one node (OpenSBI + Linux) on this terminal
  lab --nodes N [--script nodeK=FILE ...] [--expect nodeK=REGEX ...] [--timeout S] [--pcap FILE]
                                           boot N nodes on one switch, run scripts, check output
  help                                     this text
`;

async function cmdRunElf(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ["trace"]);
  if (positional.length !== 1) {
    process.stderr.write("usage: hartnet run-elf FILE [--max-insns N] [--trace]\n");
    return 2;
  }
  let maxInsns: number | undefined;
  if (options.has("max-insns")) {
    maxInsns = Number(options.get("max-insns"));
    if (!Number.isSafeInteger(maxInsns) || maxInsns <= 0) {
      process.stderr.write(`hartnet: --max-insns needs a positive integer, not '${options.get("max-insns")}'\n`);
      return 2;
    }
  }
  const r = await runElf(positional[0], {
    maxInsns,
    trace: options.has("trace"),
    onOutput: (s) => process.stdout.write(s),
  });
  if (r.status !== "pass") process.stderr.write(`hartnet: ${r.message}\n`);
  return r.exitCode;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "run-elf":
        return await cmdRunElf(rest);
      case "boot":
        return await cmdBoot(rest);
      case "lab":
        return await cmdLab(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        process.stderr.write(`hartnet: unknown command '${cmd}'\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`hartnet: ${(e as Error).message}\n`);
    return 2;
  }
}
