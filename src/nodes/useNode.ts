import { useSyncExternalStore } from "react";
import type { NodeController, NodeSnapshot } from "./nodeController";

/** The node's current status, stats and progress; re-renders when they change. */
export function useNode(node: NodeController): NodeSnapshot {
  return useSyncExternalStore(node.subscribe, node.snapshot);
}
