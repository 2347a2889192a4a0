// What every page test needs: a Vite server for this checkout (no HMR, so edits elsewhere cannot
// reload the page and reboot its nodes), Debian's Chromium through playwright-core with a fresh
// profile, and helpers that read and type into the nodes' terminals.

import { afterAll, beforeAll } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { rawGzipImages } from "../../src/vite/rawGzip";

export const ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = join(ROOT, "test/artifacts");
const CHROMIUM = process.env.HARTNET_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface PageSession {
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

/** Serve the page and open it in Chromium. */
export async function openPage(opts: { viewport?: { width: number; height: number } } = {}): Promise<PageSession> {
  const server: ViteDevServer = await createServer({
    root: ROOT,
    configFile: join(ROOT, "vite.config.ts"),
    plugins: [rawGzipImages()],
    logLevel: "warn",
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const userDataDir = mkdtempSync(join(tmpdir(), "hartnet-e2e-"));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1366, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(server.resolvedUrls!.local[0]!);
  return {
    page,
    pageErrors,
    close: async () => {
      await context.close();
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Open the page before this file's tests and close it after them. The returned object's `page`
 * and `pageErrors` are filled in by the time the tests run.
 */
export function usePage(opts: { viewport?: { width: number; height: number } } = {}): PageSession {
  let session: PageSession | undefined;
  const live = {
    get page() { return session!.page; },
    get pageErrors() { return session!.pageErrors; },
    close: async () => session?.close(),
  };
  beforeAll(async () => {
    session = await openPage(opts);
  }, 120_000);
  afterAll(() => live.close());
  return live;
}

/** The terminal text after the echo of `command` typed when the text was `from` characters long. */
export function afterCommand(text: string, from: number, command: string): string {
  // The prompt line's trailing space is trimmed in `from`'s text, hence the slack.
  const i = text.indexOf(command, Math.max(0, from - 8));
  return i >= 0 ? text.slice(i + command.length) : "";
}

export const prompt = (node: string) => new RegExp(`root@${node}:[^\\n]*# ?$`);

/** Terminal helpers for the page `getPage()` returns (through the page's window.__hartnet test hook). */
export function terminals(getPage: () => Page, commandTimeoutMs = 90_000) {
  const terminalText = (node: string) => getPage().evaluate((n) => window.__hartnet.terminalText(n), node);
  const type = (node: string, text: string) => getPage().evaluate(([n, t]) => window.__hartnet.type(n!, t!), [node, text]);
  /** Poll until `predicate(text of node's terminal)` holds; on timeout, fail showing the terminal's tail. */
  async function waitForTerminal(node: string, predicate: (text: string) => boolean, what: string, timeoutMs = commandTimeoutMs): Promise<string> {
    const t0 = Date.now();
    let text = "";
    while (Date.now() - t0 < timeoutMs) {
      text = await terminalText(node);
      if (predicate(text)) return text;
      await getPage().waitForTimeout(500);
    }
    throw new Error(`${node}: timed out after ${timeoutMs / 1000} s waiting for ${what}; the terminal ends with:\n${text.slice(-1500)}`);
  }
  /** Type `command` + Enter and wait until output after the echoed command matches `expected`. */
  async function run(node: string, command: string, expected: RegExp, timeoutMs = commandTimeoutMs): Promise<string> {
    const before = (await terminalText(node)).length;
    await type(node, command + "\n");
    const text = await waitForTerminal(node, (t) => expected.test(afterCommand(t, before, command)), `${JSON.stringify(command)} to print ${expected}`, timeoutMs);
    return afterCommand(text, before, command);
  }
  /** A screenshot under test/artifacts/. */
  async function shot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await getPage().screenshot({ path: join(ARTIFACTS, name) });
  }
  return { terminalText, type, waitForTerminal, run, shot };
}
