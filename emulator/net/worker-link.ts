// Frames between a node's worker and the switch travel over a MessagePort as ArrayBuffers, moved
// (transferred) rather than copied. The same code serves browser MessagePorts and Node's
// worker_threads MessagePorts (both are EventTargets with start()).

import type { SwitchPortHandle } from "./types";

/** The part of a MessagePort both platforms share. */
export interface FramePort {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (ev: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** Call `onFrame` for every frame that arrives on `port`. Non-frame messages are ignored. */
export function attachFramePort(port: FramePort, onFrame: (frame: Uint8Array) => void): void {
  port.addEventListener("message", (ev) => {
    const d = ev.data;
    if (d instanceof ArrayBuffer) onFrame(new Uint8Array(d));
  });
  port.start();
}

/** The switch's view of one node: `addPort` gives the handle frames from the node go into. */
export interface SwitchLike {
  addPort(name: string, deliver: (frame: Uint8Array) => void): SwitchPortHandle;
  removePort(name: string): void;
}

/** Connect the switch end of a node's frame channel: frames in go to the switch, frames out go to the node. */
export function connectWorkerToSwitch(sw: SwitchLike, name: string, port: FramePort): { disconnect(): void } {
  const handle = sw.addPort(name, (frame) => {
    // Copy into a buffer we own so it can be transferred (the switch may hold views for the tap).
    const copy = frame.slice();
    port.postMessage(copy.buffer, [copy.buffer]);
  });
  attachFramePort(port, (frame) => handle.receive(frame));
  return {
    disconnect: () => {
      sw.removePort(name);
      port.close();
    },
  };
}
