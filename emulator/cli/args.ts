// Command-line option parsing shared by the hartnet commands.

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

