// The page's per-pair link control in Chromium: 100% loss between node1 and node3 set through the
// Link faults tab's pair form stops node1→node3 pings while node1→node2 still works; the listed
// setting's reset brings node3 back. Also checks the port table carries the node-reported
// no-RX-buffer drop counter.
//
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/pairlink.test.ts

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

describe("per-pair link controls", () => {
  it("boots three nodes", async () => {
    await page.waitForFunction(() => window.__hartnet?.nodes().length === 3, undefined, { timeout: 30_000 });
    for (const node of ["node1", "node2", "node3"]) {
      await waitForTerminal(node, (t) => prompt(node).test(t.trimEnd() + " "), "the shell prompt", BOOT_TIMEOUT_MS);
    }
  }, BOOT_TIMEOUT_MS * 2);

  it("100% loss between node1 and node3: node1→node3 ping fails, node1→node2 works; reset heals it", async () => {
    const toggle = page.getByRole("button", { name: /Network/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await page.getByRole("tab", { name: "Link faults" }).click();
    await expect(page.locator(".pair-links").textContent()).resolves.toMatch(/No pair settings/);

    await page.getByLabel("pair from", { exact: true }).selectOption("node1");
    await page.getByLabel("pair to", { exact: true }).selectOption("node3");
    await page.getByLabel("pair lossPercent", { exact: true }).fill("100");
    await page.getByRole("button", { name: "Apply pair" }).click();
    const item = page.locator('.pair-list li[data-pair="node1|node3"]');
    await expect(item.textContent()).resolves.toMatch(/node1 ↔ node3: 100% loss/);
    await shot("page-pair-link-1366x768.png");

    const cut = await run("node1", "ping -c 2 -W 2 node3; echo exit=$?", /exit=\d/, 60_000);
    expect(cut).toMatch(/exit=[1-9]/);
    expect(cut).not.toMatch(/2 packets received/);
    // It was the pair setting: the switch counted loss drops (node1's frames to node3 and back).
    const lost = (await page.evaluate(() => window.__hartnet.network().ports)) as { drops: { loss: number } }[];
    expect(lost.reduce((a, p) => a + p.drops.loss, 0)).toBeGreaterThan(0);
    await run("node1", "ping -c 2 node2", /2 packets transmitted, 2 packets received/, 60_000);

    await page.getByRole("button", { name: "reset pair node1 node3" }).click();
    await expect(page.locator(".pair-list").count()).resolves.toBe(0);
    await run("node1", "ping -c 2 node3", /2 packets transmitted, 2 packets received/, 60_000);
  }, 240_000);

  it("the port table carries each node's no-RX-buffer drops", async () => {
    await page.getByRole("tab", { name: "Port counters" }).click();
    for (const node of ["node1", "node2", "node3"]) {
      const cell = page.locator(`tr[data-port="${node}"] [data-testid=drops]`);
      await expect(cell.getAttribute("data-no-rx-buffer")).resolves.toMatch(/^\d+$/);
    }
    const ports = (await page.evaluate(() => window.__hartnet.network().ports)) as { name: string; drops: { noRxBuffer: number } }[];
    for (const p of ports) expect(typeof p.drops.noRxBuffer).toBe("number");
    expect(pageErrors).toEqual([]);
  }, 30_000);
});

declare global {
  interface Window {
    __hartnet: import("../../src/app/testHook").HartnetTestHook;
  }
}
