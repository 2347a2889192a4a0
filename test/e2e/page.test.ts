// The page in Chromium: three nodes boot to a shell in their terminals, commands typed into a
// terminal run, and the lab sheet's client/server demo and ping work across the switch.
//
// Run: npx vitest run --config vitest.e2e.config.ts   (needs Debian's chromium: scripts/ensure-apt chromium)
// Screenshots go to test/artifacts/.

import { describe, expect, it } from "vitest";
import { usePage, terminals, prompt } from "./harness";

const BOOT_TIMEOUT_MS = 180_000;
const COMMAND_TIMEOUT_MS = 90_000;

const session = usePage({ viewport: { width: 1366, height: 768 } });
const { terminalText, type, waitForTerminal, run, shot } = terminals(() => session.page, COMMAND_TIMEOUT_MS);

// --- tests ---------------------------------------------------------------------------------------

describe("the page", () => {
  it("boots three nodes to a shell prompt in their terminals", async () => {
    await session.page.waitForFunction(() => window.__hartnet?.nodes().length === 3, undefined, { timeout: 30_000 });
    expect(await session.page.evaluate(() => window.__hartnet.nodes())).toEqual(["node1", "node2", "node3"]);
    for (const node of ["node1", "node2", "node3"]) {
      await waitForTerminal(node, (t) => prompt(node).test(t.trimEnd() + " "), "the shell prompt", BOOT_TIMEOUT_MS);
    }
    await session.page.waitForFunction(() => Object.values(window.__hartnet.phases()).every((p) => p === "running"), undefined, { timeout: 10_000 });
    // Each card shows its name, address and status.
    for (const node of ["node1", "node2", "node3"]) {
      const card = session.page.locator(`section.node-card[data-node="${node}"]`);
      await expect(card.locator("[data-testid=status]").textContent()).resolves.toBe("running");
    }
    await shot("page-booted-1366x768.png");
    expect(session.pageErrors).toEqual([]);
  }, BOOT_TIMEOUT_MS + 60_000);

  it("runs a command typed into a terminal", async () => {
    const out = await run("node1", "uname -m", /riscv64/);
    expect(out).toMatch(/riscv64/);
    // Real key presses into the xterm too (not just the test hook).
    await session.page.locator('.terminal[data-node="node2"]').click();
    await session.page.keyboard.type("echo hello-$((6*7))");
    await session.page.keyboard.press("Enter");
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
    const net = await session.page.evaluate(() => window.__hartnet.network());
    expect(net.totalPackets).toBeGreaterThan(10);

    await session.page.setViewportSize({ width: 1920, height: 1080 });
    await session.page.waitForTimeout(800);
    await shot("page-lab-sheet-1920x1080.png");
    await session.page.setViewportSize({ width: 1366, height: 768 });
  }, 420_000);
});

describe("the network panel", () => {
  it("lists packets; a row opens its decoded headers", async () => {
    const toggle = session.page.getByRole("button", { name: /Network/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await session.page.getByLabel("filter by protocol").selectOption("icmp");
    const row = session.page.locator(".packet-row:not(.head)", { hasText: "echo request" }).first();
    await row.click();
    const detail = session.page.locator(".packet-detail");
    await expect(detail.locator("summary").allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/Ethernet/), expect.stringMatching(/IPv4/), expect.stringMatching(/ICMP/)]));
    await shot("page-packet-detail-1366x768.png");
    await session.page.getByLabel("filter by protocol").selectOption("");
    await detail.getByRole("button", { name: "close" }).click();
  }, 60_000);

  it("partitions node3 off (its client fails) and heals (it works again)", async () => {
    await type("node1", "server\n");
    await waitForTerminal("node1", (t) => (t.match(/Server listening on port/g) ?? []).length >= 2, "the server to listen again");

    await session.page.getByRole("tab", { name: "Partition" }).click();
    await session.page.getByLabel("node3 in group B").check();
    await session.page.getByRole("button", { name: /Apply partition/ }).click();
    await expect(session.page.locator(".partition").textContent()).resolves.toMatch(/partitioned \{node1, node2\} \| \{node3\}/);
    await shot("page-partition-1366x768.png");

    await run("node3", "client node1", /cannot connect|no reply|timed out/, 60_000);
    // node2 is on node1's side and still gets through.
    await run("node2", "client node1", /Server response: Message received/);

    await session.page.getByRole("button", { name: "Heal" }).click();
    await expect(session.page.locator(".partition").textContent()).resolves.toMatch(/one network/);
    await run("node3", "client node1", /Server response: Message received/, 60_000);
    await type("node1", "\x03");
  }, 240_000);
});

describe("adding and removing nodes", () => {
  it("boots node4 on demand, reaches it over the switch, then powers it off", async () => {
    await session.page.getByRole("button", { name: /Add node/ }).click();
    await session.page.waitForFunction(() => window.__hartnet.nodes().includes("node4"), undefined, { timeout: 10_000 });
    await waitForTerminal("node4", (t) => prompt("node4").test(t.trimEnd() + " "), "node4's shell prompt", BOOT_TIMEOUT_MS);
    await run("node1", "ping -c 2 node4", /2 packets transmitted, 2 packets received/, 60_000);
    await shot("page-four-nodes-1366x768.png");

    await session.page.locator('section.node-card[data-node="node4"]').getByRole("button", { name: "✕" }).click();
    await session.page.waitForFunction(() => window.__hartnet.nodes().length === 3, undefined, { timeout: 10_000 });
    await expect(session.page.locator('section.node-card[data-node="node4"]').count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  }, BOOT_TIMEOUT_MS + 120_000);
});

declare global {
  interface Window {
    __hartnet: import("../../src/app/testHook").HartnetTestHook;
  }
}
