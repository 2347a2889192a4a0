// The debugger panel's pure actions (src/debugger/actions.ts).
import { describe, expect, it } from "vitest";
import { parseAddress, accessForCause, privBeforeTrap, visibleSteps, stepsToFault, walkDone } from "../../../src/debugger/actions";
import type { WalkView } from "../../../emulator/debug/page-walk-view";

const view = (n: number, faultStep: number) => ({ steps: Array.from({ length: n }, () => ({})), faultStep }) as unknown as WalkView;

describe("debugger actions", () => {
  it("parses typed addresses", () => {
    expect(parseAddress("0x8000_1000")).toBe("0x80001000");
    expect(parseAddress(" FFFFFFFF80001000 ")).toBe("0xffffffff80001000");
    expect(parseAddress("0x")).toBeUndefined();
    expect(parseAddress("hello")).toBeUndefined();
    expect(parseAddress("12345678901234567")).toBeUndefined();
  });
  it("maps page-fault causes to the access and the trap's previous mode", () => {
    expect(accessForCause(12n)).toBe("fetch");
    expect(accessForCause(13)).toBe("load");
    expect(accessForCause(15n)).toBe("store");
    expect(accessForCause(8n)).toBeUndefined();
    expect(accessForCause((1n << 63n) | 13n)).toBeUndefined();
    expect(privBeforeTrap(1n << 8n)).toBe(1);
    expect(privBeforeTrap(0x22n)).toBe(0);
  });
  it("reveals the walk one step per click and jumps to the fault", () => {
    const v = view(6, 4);
    expect(visibleSteps(v, 0)).toBe(1);
    expect(visibleSteps(v, 3)).toBe(4);
    expect(visibleSteps(v, 99)).toBe(6);
    expect(walkDone(v, 4)).toBe(false);
    expect(walkDone(v, 5)).toBe(true);
    expect(stepsToFault(v)).toBe(4);
    expect(stepsToFault(view(6, -1))).toBe(5);
  });
});
