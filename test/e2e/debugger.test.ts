// The debugger panel in Chromium: boot the page's nodes, start a busy loop on node1, open node1's
// debugger from its card, stop in user mode with the "break on mode change" stop, open the page-walk
// view for the user pc, step it to the leaf, and check the physical address against the core's own
// walker (through the node's API). Screenshot under test/artifacts/.
//
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/debugger.test.ts

import { describe, expect, it } from "vitest";
import { usePage, ARTIFACTS } from "./harness";
import { mkdirSync } from "node:fs";
import { join } from "node:path";


const session = usePage({ viewport: { width: 1366, height: 768 } });

const terminalText = (node: string) => session.page.evaluate((n) => window.__hartnet.terminalText(n), node);
const snapshot = () => session.page.evaluate(() => {
  const s = window.__hartnetDebug!.snapshot("node1")!;
  return { status: s.status, walk: s.walk ? { ok: s.walk.ok, pa: s.walk.pa?.toString(16), va: s.walk.va.toString(16), steps: s.walk.steps.length } : undefined, error: s.error };
});

describe("debugger panel", () => {
  it("stops a user process, steps its pc's page walk to the leaf, and agrees with the core's walker", async () => {
    await session.page.waitForFunction(() => window.__hartnet?.nodes().includes("node1"), undefined, { timeout: 30_000 });
    const t0 = Date.now();
    while (!/root@node1:[^\n]*# ?$/.test((await terminalText("node1")).trimEnd() + " ")) {
      if (Date.now() - t0 > 180_000) throw new Error("node1 did not boot");
      await session.page.waitForTimeout(500);
    }
    await session.page.evaluate(() => window.__hartnet.type("node1", "while true; do :; done &\n"));
    await session.page.waitForTimeout(1000);

    const card = session.page.locator('section.node-card[data-node="node1"]');
    await card.getByRole("button", { name: "Debug" }).click();
    const panel = session.page.getByRole("dialog", { name: "Debugger node1" });
    await panel.waitFor();
    await panel.getByLabel("break on mode change").check();
    // Each resume runs to the next mode change; stop when the hart is in U-mode.
    let s = await snapshot();
    for (let i = 0; i < 40; i++) {
      s = await snapshot();
      if (s.status?.state === "paused" && s.status.priv === "U") break;
      if (s.status?.state === "paused") await panel.getByRole("button", { name: "Resume" }).click();
      else if (s.status?.state === "running" && i > 5) await panel.getByRole("button", { name: "Pause" }).click();
      await session.page.waitForTimeout(300);
    }
    expect(s.status?.priv).toBe("U");
    await panel.getByLabel("break on mode change").uncheck();
    const pc = s.status!.pc;

    await panel.getByRole("button", { name: "Walk pc" }).click();
    const stepButton = panel.getByRole("button", { name: "Step the walk" });
    await stepButton.waitFor();
    let clicks = 0;
    while (await stepButton.isVisible()) {
      await stepButton.click();
      clicks++;
      if (clicks > 10) throw new Error("the walk never finished");
    }
    // VA split, satp, three levels (a user page is a 4 KiB leaf at level 0), result
    expect(clicks).toBe(5);
    await expect(panel.locator("[data-step-kind=level]").count()).resolves.toBe(3);
    const result = await panel.getByTestId("walk-result").textContent();
    const shownPa = /PA = (0x[0-9a-f]+)/.exec(result ?? "")?.[1];
    expect(shownPa).toBeDefined();
    const core = await session.page.evaluate(async (va) => {
      const w = await window.__hartnetDebug!.coreWalk("node1", va, "fetch", 0)!;
      return { ok: w.ok, pa: "0x" + w.pa!.toString(16) };
    }, pc);
    expect(core.ok).toBe(true);
    expect(shownPa).toBe(core.pa);
    expect(BigInt(core.pa) & 0xfffn).toBe(BigInt(pc) & 0xfffn);
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: join(ARTIFACTS, "debugger-page-walk-1366x768.png") });

    // the CPU view: step one instruction, something is highlighted as changed (pc at least)
    await panel.getByRole("button", { name: "CPU" }).click();
    await panel.getByRole("button", { name: "Step one instruction" }).click();
    await session.page.waitForFunction(() => (window.__hartnetDebug!.snapshot("node1")?.changed.length ?? 0) > 0, undefined, { timeout: 10_000 });
    await expect(panel.locator(".dbg-changed").count()).resolves.toBeGreaterThan(0);
    await session.page.screenshot({ path: join(ARTIFACTS, "debugger-cpu-1366x768.png") });
    await panel.getByRole("button", { name: "Resume" }).click();
    expect(session.pageErrors).toEqual([]);
  });
  it("breaks on the next page fault and explains it: the page walk of stval, failing step highlighted", async () => {
    const panel = session.page.getByRole("dialog", { name: "Debugger node1" });
    await panel.getByRole("button", { name: "CPU" }).click();
    await panel.getByLabel("break on page fault").check();
    // Linux demand-pages every new process: a fresh command faults on its first touches
    await session.page.evaluate(() => window.__hartnet.type("node1", "dd if=/dev/zero of=/dev/null bs=64k count=4\n"));
    const faultStatus = () => session.page.evaluate(() => {
      const s = window.__hartnetDebug!.snapshot("node1")!;
      const csr = (n: string) => s.regs?.csrs.find((c) => c.name === n);
      return { state: s.status?.state, stop: s.status?.stop, scause: csr("scause")?.summary, stval: csr("stval")?.value };
    });
    let f = await faultStatus();
    for (let i = 0; i < 60 && !(f.state === "paused" && f.stop?.reason === "trap" && f.stval === f.stop.addr); i++) {
      // a stop of another kind (or a running hart that has not faulted yet): keep going
      if (f.state === "paused" && f.stop?.reason !== "trap") {
        await panel.getByRole("button", { name: "CPU" }).click();
        await panel.getByRole("button", { name: "Resume" }).click();
      }
      await session.page.waitForTimeout(250);
      f = await faultStatus();
    }
    await panel.getByRole("button", { name: "CPU" }).click();
    await panel.getByLabel("break on page fault").uncheck();
    expect(f.stop?.reason).toBe("trap");
    expect(["instruction page fault", "load page fault", "store/AMO page fault"]).toContain(f.scause);
    const stval = f.stval!;

    await panel.getByRole("button", { name: "Page walk" }).click();
    await panel.getByRole("button", { name: "Explain this fault" }).click();
    const reason = panel.locator(".dbg-step.dbg-reason");
    await reason.waitFor();
    const w = await session.page.evaluate(() => {
      const s = window.__hartnetDebug!.snapshot("node1")!;
      return { va: "0x" + s.walk!.va.toString(16), ok: s.walk!.ok, faultStep: s.walk!.faultStep, reasonText: s.walk!.reasonText, query: s.walkQuery };
    });
    expect(w.va).toBe(stval);
    expect(w.ok).toBe(false);
    expect(w.faultStep).toBeGreaterThanOrEqual(0);
    expect(w.reasonText).toBeTruthy();
    // the address box shows the faulting address too
    await expect(panel.getByLabel("walk address").inputValue()).resolves.toBe(stval);
    // the walk opens up to the failing step, and that step carries the highlight
    await expect(reason.count()).resolves.toBe(1);
    expect(await reason.isVisible()).toBe(true);
    await expect(panel.locator(".dbg-step").count()).resolves.toBe(w.faultStep + 1);
    await expect(panel.locator(".dbg-step").last().getAttribute("class")).resolves.toContain("dbg-reason");
    mkdirSync(ARTIFACTS, { recursive: true });
    await session.page.screenshot({ path: join(ARTIFACTS, "debugger-explain-fault-1366x768.png") });
    // stepping on to the end gives the verdict: the page fault and the reason
    const stepButton = panel.getByRole("button", { name: "Step the walk" });
    for (let i = 0; i < 10 && (await stepButton.isVisible()); i++) await stepButton.click();
    const verdict = await panel.getByTestId("walk-result").textContent();
    expect(verdict).toMatch(/fault: .*page fault/);
    expect(verdict).toContain(w.reasonText);
    // the same verdict as the core's walker for that access in the faulting mode
    const core = await session.page.evaluate(async (q) => {
      const c = await window.__hartnetDebug!.coreWalk("node1", q!.va, q!.access, q!.priv)!;
      return { ok: c.ok, faultStep: c.faultStep };
    }, w.query);
    expect(core).toEqual({ ok: false, faultStep: w.faultStep });
    await panel.getByRole("button", { name: "CPU" }).click();
    await panel.getByRole("button", { name: "Resume" }).click();
    expect(session.pageErrors).toEqual([]);
  });
});
