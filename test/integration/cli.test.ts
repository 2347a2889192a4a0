// The command line as a grader uses it: `hartnet boot` and `hartnet lab` with scripts, expectations
// and exit statuses.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readPcap } from "../../emulator/net/pcap";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const hartnet = (args: string[], timeoutMs = 240_000) =>
  spawnSync(process.execPath, [join(ROOT, "emulator/cli/hartnet.mjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: timeoutMs });
const tmp = mkdtempSync(join(tmpdir(), "hartnet-cli-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe("hartnet boot", () => {
  it("types a script at the prompt and exits 0 when the expectation matches", () => {
    const r = hartnet(["boot", "--script", file("uname.txt", "uname -a\n"), "--expect", "riscv64 GNU/Linux", "--timeout", "120"]);
    expect(r.status, r.stderr).toBe(0);
  }, 250_000);
  it("exits non-zero with the last console lines when the expectation never matches", () => {
    const r = hartnet(["boot", "--script", file("echo.txt", "echo hello\n"), "--expect", "this-never-appears", "--timeout", "12"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/timed out after 12 s/);
    expect(r.stderr).toMatch(/hello/);
  }, 250_000);
  it("rejects a bad option value and a missing image with one-line errors", () => {
    expect(hartnet(["boot", "--mem", "lots"]).stderr).toMatch(/--mem takes MiB/);
    const r = hartnet(["boot", "--kernel", join(tmp, "nope"), "--expect", "x", "--timeout", "5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope: no such file/);
  });
});

describe("hartnet lab", () => {
  it("runs the lab sheet on three nodes and writes a capture Wireshark can read", () => {
    const pcap = join(tmp, "lab.pcap");
    const r = hartnet([
      "lab", "--nodes", "3",
      "--script", `node1=${file("n1", "server\n")}`,
      "--script", `node2=${file("n2", "sleep 2\nclient node1\n")}`,
      "--script", `node3=${file("n3", "sleep 3\npython3 /root/demos/client.py node1\n")}`,
      "--expect", "node2=Server response: Message received",
      "--expect", "node3=Server response: Message received",
      "--expect", "node1=Received message: Hello from Python Client",
      "--timeout", "200", "--pcap", pcap,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const capture = readPcap(new Uint8Array(readFileSync(pcap)));
    expect(capture.records.length).toBeGreaterThan(10);
  }, 250_000);
});
