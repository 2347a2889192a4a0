// Drives a node's console for automation: waits for the shell prompt, types a script's lines one
// prompt at a time, and watches the output for an expected pattern. Used by `hartnet boot` and
// `hartnet lab`.

/** A shell prompt at the end of the output: "...# " or "...$ ", maybe followed by ash's ESC[6n query. */
export const PROMPT_RE = /[#$] (\x1b\[6n)?$/;

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[a-zA-Z]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, "");
}

export class ConsoleScript {
  private text = "";
  private lines: string[];
  private waiters: { re: RegExp; from: number; resolve: () => void }[] = [];
  promptsSeen = 0;

  constructor(script: string, private readonly type: (s: string) => void) {
    this.lines = script.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#!"));
  }

  /** All console output so far (raw). */
  get output(): string {
    return this.text;
  }

  /** Feed console output from the node. */
  feed(s: string): void {
    this.text += s;
    if (PROMPT_RE.test(this.text.slice(-16))) {
      this.promptsSeen++;
      if (this.lines.length > 0) this.type(this.lines.shift()! + "\n");
    }
    for (const w of [...this.waiters]) {
      if (w.re.test(stripAnsi(this.text.slice(w.from)))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Have all lines been typed and the shell come back to its prompt? */
  get done(): boolean {
    return this.lines.length === 0;
  }

  /** Resolves when `re` matches the (ANSI-stripped) output. */
  waitFor(re: RegExp, from = 0): Promise<void> {
    if (re.test(stripAnsi(this.text.slice(from)))) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ re, from, resolve }));
  }

  /** waitFor with a deadline; the error names `label` and shows the console's last lines. */
  async waitWithin(re: RegExp, timeoutMs: number, from = 0, label = "console"): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: timed out after ${timeoutMs / 1000} s waiting for ${re}; console tail:\n${stripAnsi(this.text).slice(-1200)}`)), timeoutMs);
    });
    try {
      await Promise.race([this.waitFor(re, from), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Type `command` with `send` and resolve with its output once the shell prompt is back (the echoed
   * command line and the new prompt are left out).
   */
  async runCommand(send: (s: string) => unknown, command: string, timeoutMs = 60_000, label = "console"): Promise<string> {
    const from = this.text.length;
    await send(command + "\n");
    await this.waitWithin(/\n[^\n]*[#$] (\x1b\[6n)?$/, timeoutMs, from, label);
    const lines = stripAnsi(this.text.slice(from)).split(/\r?\n/);
    return lines.slice(1, -1).join("\n");
  }
}
