// The page's per-pair link control in Chromium: 100% loss between node1 and node3 set through the
// Link faults tab's pair form stops node1→node3 pings while node1→node2 still works; the listed
// setting's reset brings node3 back. Also checks the port table carries the node-reported
// no-RX-buffer drop counter.
//
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/pairlink.test.ts

import { describe, expect, it } from "vitest";
import { usePage, terminals, prompt } from "./harness";

const BOOT_TIMEOUT_MS = 180_000;
const COMMAND_TIMEOUT_MS = 90_000;

const session = usePage({ viewport: { width: 1366, height: 768 } });
const { terminalText, type, waitForTerminal, run, shot } = terminals(() => session.page, COMMAND_TIMEOUT_MS);

// --- tests ---------------------------------------------------------------------------------------

describe("per-pair link controls", () => {
  it("boots three nodes", async () => {
    await session.page.waitForFunction(() => window.__hartnet?.nodes().length === 3, undefined, { timeout: 30_000 });
    for (const node of ["node1", "node2", "node3"]) {
      await waitForTerminal(node, (t) => prompt(node).test(t.trimEnd() + " "), "the shell prompt", BOOT_TIMEOUT_MS);
    }
  }, BOOT_TIMEOUT_MS * 2);

  it("100% loss between node1 and node3: node1→node3 ping fails, node1→node2 works; reset heals it", async () => {
    const toggle = session.page.getByRole("button", { name: /Network/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await session.page.getByRole("tab", { name: "Link faults" }).click();
    await expect(session.page.locator(".pair-links").textContent()).resolves.toMatch(/No pair settings/);

    await session.page.getByLabel("pair from", { exact: true }).selectOption("node1");
    await session.page.getByLabel("pair to", { exact: true }).selectOption("node3");
    await session.page.getByLabel("pair lossPercent", { exact: true }).fill("100");
    await session.page.getByRole("button", { name: "Apply pair" }).click();
    const item = session.page.locator('.pair-list li[data-pair="node1|node3"]');
    await expect(item.textContent()).resolves.toMatch(/node1 ↔ node3: 100% loss/);
    await shot("page-pair-link-1366x768.png");

    const cut = await run("node1", "ping -c 2 -W 2 node3; echo exit=$?", /exit=\d/, 60_000);
    expect(cut).toMatch(/exit=[1-9]/);
    expect(cut).not.toMatch(/2 packets received/);
    // It was the pair setting: the switch counted loss drops (node1's frames to node3 and back).
    const lost = (await session.page.evaluate(() => window.__hartnet.network().ports)) as { drops: { loss: number } }[];
    expect(lost.reduce((a, p) => a + p.drops.loss, 0)).toBeGreaterThan(0);
    await run("node1", "ping -c 2 node2", /2 packets transmitted, 2 packets received/, 60_000);

    await session.page.getByRole("button", { name: "reset pair node1 node3" }).click();
    await expect(session.page.locator(".pair-list").count()).resolves.toBe(0);
    await run("node1", "ping -c 2 node3", /2 packets transmitted, 2 packets received/, 60_000);
  }, 240_000);

  it("the port table carries each node's no-RX-buffer drops", async () => {
    await session.page.getByRole("tab", { name: "Port counters" }).click();
    for (const node of ["node1", "node2", "node3"]) {
      const cell = session.page.locator(`tr[data-port="${node}"] [data-testid=drops]`);
      await expect(cell.getAttribute("data-no-rx-buffer")).resolves.toMatch(/^\d+$/);
    }
    const ports = (await session.page.evaluate(() => window.__hartnet.network().ports)) as { name: string; drops: { noRxBuffer: number } }[];
    for (const p of ports) expect(typeof p.drops.noRxBuffer).toBe("number");
    expect(session.pageErrors).toEqual([]);
  }, 30_000);
});

declare global {
  interface Window {
    __hartnet: import("../../src/app/testHook").HartnetTestHook;
  }
}
