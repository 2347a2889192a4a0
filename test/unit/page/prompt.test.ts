// The boot-progress prompt detector (src/nodes/nodeController.ts looksLikePrompt) and macFor.
import { describe, expect, it } from "vitest";
import { looksLikePrompt, macFor } from "../../../src/nodes/nodeController";

describe("looksLikePrompt", () => {
  it("sees busybox ash's root prompt", () => {
    expect(looksLikePrompt("Welcome\nroot@node1:~# ")).toBe(true);
    expect(looksLikePrompt("user@node2:/tmp$ ")).toBe(true);
  });
  it("sees it followed by the cursor-position query ESC[6n and with colours", () => {
    expect(looksLikePrompt("root@node1:~# \x1b[6n")).toBe(true);
    expect(looksLikePrompt("\x1b[1;32mroot@node1\x1b[0m:~# \x1b[6n")).toBe(true);
    expect(looksLikePrompt("root@node1:~# \x1b[?25h")).toBe(true);
  });
  it("does not fire on boot messages", () => {
    expect(looksLikePrompt("")).toBe(false);
    expect(looksLikePrompt("[    0.000000] Linux version 6.6.0 (gcc) #1 SMP")).toBe(false);
    expect(looksLikePrompt("Starting network: OK\n")).toBe(false);
    expect(looksLikePrompt("root@node1:~#")).toBe(false); // no trailing space yet
    expect(looksLikePrompt("root@node1:~# ls\n")).toBe(false); // a command typed after it
    expect(looksLikePrompt("price: 5$ x")).toBe(false);
  });
});

describe("macFor", () => {
  it("is 52:54:00:00:00:NN in hex", () => {
    expect(macFor(1)).toBe("52:54:00:00:00:01");
    expect(macFor(12)).toBe("52:54:00:00:00:0c");
  });
});
