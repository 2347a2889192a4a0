// The page in Chromium: three nodes boot to a shell in their terminals, commands typed into a
// terminal run, and the lab sheet's client/server demo and ping work across the switch.
//
// Run: npx vitest run --config vitest.e2e.config.ts   (needs Debian's chromium: scripts/ensure-apt chromium)
// Screenshots go to test/artifacts/.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { rawGzipImages } from "../../src/vite/rawGzip";

const ROOT = resolve(import.meta.dirname, "../..");
const ARTIFACTS = join(ROOT, "test/artifacts");
const CHROMIUM = process.env.HARTNET_CHROMIUM ?? "/usr/bin/chromium";
const BOOT_TIMEOUT_MS = 180_000;
const COMMAND_TIMEOUT_MS = 90_000;

let server: ViteDevServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await createServer({
    root: ROOT,
    configFile: join(ROOT, "vite.config.ts"),
    plugins: [rawGzipImages()],
    logLevel: "warn",
    // No HMR or file watching: an edit elsewhere in the checkout must not reload the page (and reboot the nodes).
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls!.local[0]!;

  userDataDir = mkdtempSync(join(tmpdir(), "hartnet-e2e-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1366, height: 768 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(url);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

// --- helpers -------------------------------------------------------------------------------------

const terminalText = (node: string) => page.evaluate((n) => window.__hartnet.terminalText(n), node);
const type = (node: string, text: string) => page.evaluate(([n, t]) => window.__hartnet.type(n!, t!), [node, text]);

/** Poll until `predicate(text of node's terminal)` holds; on timeout, fail showing the terminal's tail. */
async function waitForTerminal(node: string, predicate: (text: string) => boolean, what: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<string> {
  const t0 = Date.now();
  let text = "";
  while (Date.now() - t0 < timeoutMs) {
    text = await terminalText(node);
    if (predicate(text)) return text;
    await page.waitForTimeout(500);
  }
  throw new Error(`${node}: timed out after ${timeoutMs / 1000} s waiting for ${what}; the terminal ends with:\n${text.slice(-1500)}`);
}

/** Type `command` + Enter and wait until output after the echoed command matches `expect`. */
async function run(node: string, command: string, expected: RegExp, timeoutMs = COMMAND_TIMEOUT_MS): Promise<string> {
  const before = (await terminalText(node)).length;
  await type(node, command + "\n");
  const text = await waitForTerminal(node, (t) => expected.test(afterCommand(t, before, command)), `${JSON.stringify(command)} to print ${expected}`, timeoutMs);
  return afterCommand(text, before, command);
}

/** The terminal text after the echo of `command` typed when the text was `from` characters long. */
function afterCommand(text: string, from: number, command: string): string {
  // The prompt line's trailing space is trimmed in `from`'s text, hence the slack.
  const i = text.indexOf(command, Math.max(0, from - 8));
  return i >= 0 ? text.slice(i + command.length) : "";
}

const prompt = (node: string) => new RegExp(`root@${node}:[^\\n]*# ?$`);

async function shot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name) });
}

// --- tests ---------------------------------------------------------------------------------------

describe("the page", () => {
  it("boots three nodes to a shell prompt in their terminals", async () => {
    await page.waitForFunction(() => window.__hartnet?.nodes().length === 3, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__hartnet.nodes())).toEqual(["node1", "node2", "node3"]);
    for (const node of ["node1", "node2", "node3"]) {
      await waitForTerminal(node, (t) => prompt(node).test(t.trimEnd() + " "), "the shell prompt", BOOT_TIMEOUT_MS);
    }
    await page.waitForFunction(() => Object.values(window.__hartnet.phases()).every((p) => p === "running"), undefined, { timeout: 10_000 });
    // Each card shows its name, address and status.
    for (const node of ["node1", "node2", "node3"]) {
      const card = page.locator(`section.node-card[data-node="${node}"]`);
      await expect(card.locator("[data-testid=status]").textContent()).resolves.toBe("running");
    }
    await shot("page-booted-1366x768.png");
    expect(pageErrors).toEqual([]);
  }, BOOT_TIMEOUT_MS + 60_000);

  it("runs a command typed into a terminal", async () => {
    const out = await run("node1", "uname -m", /riscv64/);
    expect(out).toMatch(/riscv64/);
    // Real key presses into the xterm too (not just the test hook).
    await page.locator('.terminal[data-node="node2"]').click();
    await page.keyboard.type("echo hello-$((6*7))");
    await page.keyboard.press("Enter");
    await waitForTerminal("node2", (t) => /\nhello-42/.test(t), "echo's output");
  }, COMMAND_TIMEOUT_MS + 30_000);

  it("runs the lab sheet: C server on node1, C client on node2, Python client on node3, ping", async () => {
    await type("node1", "server\n");
    await waitForTerminal("node1", (t) => /Server listening on port \d+/.test(t), "the server to listen");

    await run("node2", "client node1", /Server response: Message received/);
    await run("node3", "python3 /root/demos/client.py node1", /Server response: /, 120_000);
    await waitForTerminal("node1", (t) => (t.match(/Received message:/g) ?? []).length >= 2, "two 'Received message:' lines");

    await type("node1", "\x03"); // Ctrl-C stops the server
    await waitForTerminal("node1", (t) => prompt("node1").test(t.trimEnd() + " "), "the prompt after Ctrl-C");
    await run("node1", "ping -c 3 node3", /3 packets transmitted, 3 packets received/, 60_000);

    // The switch saw the traffic.
    const net = await page.evaluate(() => window.__hartnet.network());
    expect(net.totalPackets).toBeGreaterThan(10);

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(800);
    await shot("page-lab-sheet-1920x1080.png");
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 420_000);
});

describe("the network panel", () => {
  it("lists packets; a row opens its decoded headers", async () => {
    const toggle = page.getByRole("button", { name: /Network/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await page.getByLabel("filter by protocol").selectOption("icmp");
    const row = page.locator(".packet-row:not(.head)", { hasText: "echo request" }).first();
    await row.click();
    const detail = page.locator(".packet-detail");
    await expect(detail.locator("summary").allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/Ethernet/), expect.stringMatching(/IPv4/), expect.stringMatching(/ICMP/)]));
    await shot("page-packet-detail-1366x768.png");
    await page.getByLabel("filter by protocol").selectOption("");
    await detail.getByRole("button", { name: "close" }).click();
  }, 60_000);

  it("partitions node3 off (its client fails) and heals (it works again)", async () => {
    await type("node1", "server\n");
    await waitForTerminal("node1", (t) => (t.match(/Server listening on port/g) ?? []).length >= 2, "the server to listen again");

    await page.getByRole("tab", { name: "Partition" }).click();
    await page.getByLabel("node3 in group B").check();
    await page.getByRole("button", { name: /Apply partition/ }).click();
    await expect(page.locator(".partition").textContent()).resolves.toMatch(/partitioned \{node1, node2\} \| \{node3\}/);
    await shot("page-partition-1366x768.png");

    await run("node3", "client node1", /cannot connect|no reply|timed out/, 60_000);
    // node2 is on node1's side and still gets through.
    await run("node2", "client node1", /Server response: Message received/);

    await page.getByRole("button", { name: "Heal" }).click();
    await expect(page.locator(".partition").textContent()).resolves.toMatch(/one network/);
    await run("node3", "client node1", /Server response: Message received/, 60_000);
    await type("node1", "\x03");
  }, 240_000);
});

describe("adding and removing nodes", () => {
  it("boots node4 on demand, reaches it over the switch, then powers it off", async () => {
    await page.getByRole("button", { name: /Add node/ }).click();
    await page.waitForFunction(() => window.__hartnet.nodes().includes("node4"), undefined, { timeout: 10_000 });
    await waitForTerminal("node4", (t) => prompt("node4").test(t.trimEnd() + " "), "node4's shell prompt", BOOT_TIMEOUT_MS);
    await run("node1", "ping -c 2 node4", /2 packets transmitted, 2 packets received/, 60_000);
    await shot("page-four-nodes-1366x768.png");

    await page.locator('section.node-card[data-node="node4"]').getByRole("button", { name: "✕" }).click();
    await page.waitForFunction(() => window.__hartnet.nodes().length === 3, undefined, { timeout: 10_000 });
    await expect(page.locator('section.node-card[data-node="node4"]').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  }, BOOT_TIMEOUT_MS + 120_000);
});

declare global {
  interface Window {
    __hartnet: import("../../src/app/testHook").HartnetTestHook;
  }
}
