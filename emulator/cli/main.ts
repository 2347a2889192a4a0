// hartnet's command line: `hartnet <command> [options]`.
import { runElf } from "./run-elf";

const USAGE = `usage: hartnet <command> [options]

commands:
  run-elf FILE [--max-insns N] [--trace]   run a bare-metal RV64 ELF (riscv-tests HTIF convention)
  help                                     this text
`;

/** Parse `--name value` / `--flag` options after the positional arguments. */
export function parseArgs(argv: string[], flags: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) options.set(a.slice(2, eq), a.slice(eq + 1));
      else if (flags.includes(a.slice(2))) options.set(a.slice(2), true);
      else if (i + 1 < argv.length) options.set(a.slice(2), argv[++i]);
      else throw new Error(`option ${a} needs a value`);
    } else positional.push(a);
  }
  return { positional, options };
}

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
