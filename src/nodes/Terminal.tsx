// A node's console: an xterm.js terminal. Keys go to the node's UART, the UART's output is written
// straight into xterm (not through React state, which would re-render per byte).

import { useEffect, useRef } from "react";
import { Terminal as XTerm } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import type { NodeController } from "./nodeController";
import { registerTerminal } from "../app/testHook";

export function Terminal({ node }: { node: NodeController }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current!;
    const term = new XTerm({
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
      convertEol: false,
      cursorBlink: true,
      theme: { background: "#10141a", foreground: "#d8dee9", cursor: "#f0c674", selectionBackground: "#3b4a5e" },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    registerTerminal(node.name, term);

    const input = term.onData((data) => node.sendConsole(data));
    const output = node.onConsoleOutput((bytes) => term.write(bytes));

    // Fit to the card whenever it changes size (window resize, panel collapsed, nodes added).
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
      });
    });
    observer.observe(el);

    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      output();
      input.dispose();
      registerTerminal(node.name, undefined);
      term.dispose();
    };
  }, [node]);

  return <div className="terminal" ref={host} data-node={node.name} />;
}
