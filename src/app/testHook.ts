// window.__hartnet: a small, stable surface for the Playwright tests (and curious students in the
// devtools console). It reads the terminals' xterm buffers, so a test sees what a student sees.

import type { Terminal } from "@xterm/xterm";
import type { Lab } from "./lab";

const terminals = new Map<string, Terminal>();

/** Called by the Terminal component when it creates (or drops) a node's xterm. */
export function registerTerminal(name: string, term: Terminal | undefined): void {
  if (term) terminals.set(name, term);
  else terminals.delete(name);
}

export interface HartnetTestHook {
  /** Node names on the page, in order. */
  nodes(): string[];
  /** The status badge's phase of each node. */
  phases(): Record<string, string>;
  /** All text in the node's terminal (scrollback included), lines joined with "\n". */
  terminalText(name: string): string;
  /** Type into the node's console as if from its terminal. */
  type(name: string, text: string): void;
  addNode(): string | undefined;
  removeNode(name?: string): void;
  network(): { totalPackets: number; ports: unknown[] };
  setPartition(groups: Record<string, string>): void;
  healPartition(): void;
}

export function installTestHook(lab: Lab): void {
  const hook: HartnetTestHook = {
    nodes: () => lab.snapshot().map((n) => n.name),
    phases: () => Object.fromEntries(lab.snapshot().map((n) => [n.name, n.snapshot().phase])),
    terminalText: (name) => {
      const term = terminals.get(name);
      if (!term) return "";
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buf.length; i++) {
        const line = buf.getLine(i);
        if (!line) continue;
        // A wrapped line continues the previous one.
        if (line.isWrapped && lines.length) lines[lines.length - 1] += line.translateToString(true);
        else lines.push(line.translateToString(true));
      }
      return lines.join("\n");
    },
    type: (name, text) => lab.node(name)?.sendConsole(text),
    addNode: () => lab.addNode()?.name,
    removeNode: (name) => lab.removeNode(name),
    network: () => {
      const s = lab.network.snapshot();
      return { totalPackets: s.totalPackets, ports: [...s.ports] };
    },
    setPartition: (groups) => lab.network.setPartition(groups),
    healPartition: () => lab.network.healPartition(),
  };
  (window as unknown as { __hartnet: HartnetTestHook }).__hartnet = hook;
}
