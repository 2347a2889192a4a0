// The ring visualizer in Chromium (issue 8): four nodes on the page run `ring start`, node1 puts 100
// keys, and the ring panel — drawn only from the switch's traffic — shows 4 nodes and 100 keys; then
// node2's daemon stops and the panel shows 3 nodes still holding all 100 keys. Screenshots before and
// after the leave go to test/artifacts/.
//
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/ring.test.ts

import { describe, expect, it } from "vitest";
import { usePage, ARTIFACTS } from "./harness";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const NODES = ["node1", "node2", "node3", "node4"];
const BOOT_TIMEOUT_MS = 400_000;
const COMMAND_TIMEOUT_MS = 300_000;

const session = usePage({ viewport: { width: 1600, height: 900 } });

const terminalText = (node: string) => session.page.evaluate((n) => window.__hartnet.terminalText(n), node);
const type = (node: string, text: string) => session.page.evaluate(([n, t]) => window.__hartnet.type(n!, t!), [node, text]);
const ring = <T,>(f: string) => session.page.evaluate((name) => (window as unknown as Record<string, Record<string, () => unknown>>).__hartnetRing![name]!(), f) as Promise<T>;

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = COMMAND_TIMEOUT_MS): Promise<T> {
  const t0 = Date.now();
  let v = await probe();
  while (!ok(v)) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(v).slice(-1500)}`);
    await session.page.waitForTimeout(1000);
    v = await probe();
  }
  return v;
}

async function shot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await session.page.screenshot({ path: join(ARTIFACTS, name) });
}

const prompt = (node: string) => new RegExp(`root@${node}:[^\\n]*# ?$`);

describe("the ring visualizer", () => {
  it("boots four nodes and starts the ring daemon on each", async () => {
    await session.page.waitForFunction(() => window.__hartnet?.nodes().length === 3, undefined, { timeout: 30_000 });
    await session.page.evaluate(() => window.__hartnet.addNode());
    for (const n of NODES) await waitFor(`${n}'s prompt`, () => terminalText(n), (t) => prompt(n).test(t.trimEnd() + " "), BOOT_TIMEOUT_MS);
    for (const n of NODES) await type(n, "ring start\n");
    for (const n of NODES) await waitFor(`ring to start on ${n}`, () => terminalText(n), (t) => t.includes(`ring: ${n} started`));
    await waitFor("the model to see 4 members", () => ring<string[]>("members"), (m) => m.length === 4, 60_000);
  }, BOOT_TIMEOUT_MS * 2);

  it("shows 4 nodes and 100 keys after node1 puts 100 keys", async () => {
    await type("node1", "ring put $(for i in $(seq 1 100); do echo k$i v$i; done)\n");
    await waitFor("the put to finish", () => terminalText("node1"), (t) => t.includes("stored 100 keys"));
    await waitFor("the model to see 100 keys", () => ring<number>("keyCount"), (n) => n === 100, 30_000);
    await session.page.getByRole("button", { name: /Ring/ }).click();
    const counts = session.page.getByTestId("ring-counts");
    await expect(counts.getAttribute("data-members")).resolves.toBe("4");
    await expect(counts.getAttribute("data-keys")).resolves.toBe("100");
    await expect(session.page.locator(".ring-key").count()).resolves.toBe(100);
    await expect(session.page.locator(".ring-token").count()).resolves.toBe(32);
    const bars = session.page.locator(".ring-box .bar-row[data-keys]");
    const owned = (await bars.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-keys"))))) as number[];
    expect(owned.reduce((s, x) => s + x, 0)).toBe(100);
    // Hover a key: its hash and chain appear.
    // (dispatched on the dot itself: a real pointer may land on a neighbouring key's dot)
    await session.page.locator('.ring-key[data-key="k17"] .key-dot').dispatchEvent("mouseover");
    await expect(session.page.locator(".ring-hover").textContent()).resolves.toMatch(/k17 = v17 · hash 0x[0-9a-f]{8}.*\(owner\)/);
    await shot("ring-4-nodes-100-keys.png");
  }, COMMAND_TIMEOUT_MS + 60_000);

  it("shows 3 nodes still owning all 100 keys after node2 leaves", async () => {
    await type("node2", "ring stop\n");
    await waitFor("the model to drop node2", () => ring<string[]>("members"), (m) => m.length === 3 && !m.includes("node2"), 60_000);
    await session.page.waitForTimeout(400);
    await shot("ring-node2-leaving.png");
    const counts = session.page.getByTestId("ring-counts");
    await waitFor("the panel to show 3 nodes", () => counts.getAttribute("data-members"), (v) => v === "3", 10_000);
    await expect(counts.getAttribute("data-keys")).resolves.toBe("100");
    await expect(session.page.locator(".ring-token").count()).resolves.toBe(24);
    // Every key is still readable from node4 (the replicas took over).
    await type("node4", "ring get $(for i in $(seq 1 100); do echo k$i; done) | grep -c '^k[0-9]* v[0-9]*$'\n");
    await waitFor("node4's gets", () => terminalText("node4"), (t) => /\n100\s*\n[^\n]*root@node4/.test(t));
    await session.page.waitForTimeout(2000);
    await shot("ring-after-node2-left.png");
    expect(session.pageErrors).toEqual([]);
  }, COMMAND_TIMEOUT_MS + 60_000);
});

declare global {
  interface Window {
    __hartnet: import("../../src/app/testHook").HartnetTestHook;
  }
}
