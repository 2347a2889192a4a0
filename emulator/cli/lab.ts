// `hartnet lab --nodes N [--script node2=FILE ...] [--expect node2=REGEX ...] [--timeout S] [--pcap FILE]`
// Boots N nodes in worker_threads on one switch, types each script at its node's prompt (a line per
// prompt; use `sleep S` lines to order work across nodes), and exits 0 when every expectation
// matched that node's console output. This is what tests and a grader use.
import { readFile, writeFile } from "node:fs/promises";
import { Lab } from "../lab";
import { DEFAULT_IMAGES } from "./boot";

const USAGE = "usage: hartnet lab --nodes N [--script nodeK=FILE ...] [--expect nodeK=REGEX ...] [--timeout S] [--pcap FILE]";

export async function cmdLab(argv: string[]): Promise<number> {
  let nodes = 3;
  let timeout = 300;
  let pcap: string | undefined;
  const scripts = new Map<string, string>();
  const expects: { node: string; re: RegExp }[] = [];
  const perNode = (v: string | undefined, what: string): [string, string] => {
    const m = /^(node\d+)=(.*)$/s.exec(v ?? "");
    if (!m) throw new Error(`${what} takes nodeK=VALUE, not '${v}'`);
    return [m[1], m[2]];
  };
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const v = () => {
        if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
        return argv[++i];
      };
      if (a === "--nodes") nodes = Number(v());
      else if (a === "--timeout") timeout = Number(v());
      else if (a === "--pcap") pcap = v();
      else if (a === "--script") {
        const [node, file] = perNode(v(), "--script");
        scripts.set(node, await readFile(file, "utf8"));
      } else if (a === "--expect") {
        const [node, re] = perNode(v(), "--expect");
        expects.push({ node, re: new RegExp(re, "m") });
      } else throw new Error(`unknown option '${a}'\n${USAGE}`);
    }
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error(`--nodes takes 1..16, not ${nodes}`);
    if (!(timeout > 0)) throw new Error(`--timeout takes seconds > 0`);
    for (const name of [...scripts.keys(), ...expects.map((e) => e.node)]) {
      const k = Number(name.slice(4));
      if (k < 1 || k > nodes) throw new Error(`${name} is not one of node1..node${nodes}`);
    }
  } catch (e) {
    process.stderr.write(`hartnet: ${(e as Error).message}\n`);
    return 2;
  }

  const lab = new Lab(DEFAULT_IMAGES, scripts);
  const started = performance.now();
  let code = 1;
  const timer = setTimeout(() => {}, 0);
  try {
    const deadline = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeout * 1000).unref());
    const work = (async () => {
      await lab.start(nodes, { promptTimeoutMs: timeout * 1000 });
      process.stderr.write(`hartnet: ${nodes} nodes at their prompts after ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      await Promise.all(expects.map(async ({ node, re }) => {
        const n = lab.node(node);
        while (!n.console.done) await new Promise((r) => setTimeout(r, 50));
        await n.waitFor(re, timeout * 1000);
        process.stderr.write(`hartnet: ${node} matched /${re.source}/\n`);
      }));
      return "ok" as const;
    })();
    const r = await Promise.race([work, deadline]);
    if (r === "ok") code = 0;
    else {
      process.stderr.write(`hartnet: timed out after ${timeout} s\n`);
      for (const { node, re } of expects) {
        const n = lab.nodes.find((x) => x.name === node);
        if (n && !re.test(n.text())) process.stderr.write(`hartnet: ${node} never matched /${re.source}/; last lines:\n${n.text().split("\n").slice(-10).join("\n")}\n`);
      }
    }
  } catch (e) {
    process.stderr.write(`hartnet: ${(e as Error).message}\n`);
    code = 1;
  } finally {
    clearTimeout(timer);
    if (pcap) {
      await writeFile(pcap, lab.switch.capture());
      process.stderr.write(`hartnet: wrote ${pcap}\n`);
    }
    for (const n of lab.nodes) if (process.env.HARTNET_ECHO) process.stdout.write(`\n===== ${n.name} =====\n${n.text()}\n`);
    await lab.stop();
  }
  return code;
}
