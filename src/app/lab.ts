// The lab: the set of nodes on the page and the network they share. Plain TypeScript with a
// subscribe/snapshot pair for React (useSyncExternalStore), so worker lifecycles do not depend
// on render timing.

import { NodeController } from "../nodes/nodeController";
import { NetworkModel } from "../network/networkModel";

export const MAX_NODES = 8;
export const DEFAULT_NODES = 3;

export class Lab {
  private nodes: NodeController[] = [];
  private listeners = new Set<() => void>();
  readonly network = new NetworkModel();
  private started = false;

  /** Boot the default nodes. */
  start(count = DEFAULT_NODES): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < count; i++) this.addNode();
  }

  /** Boot the lowest-numbered free node (node1..node8); returns it, or undefined when full. */
  addNode(): NodeController | undefined {
    if (this.nodes.length >= MAX_NODES) return undefined;
    const used = new Set(this.nodes.map((n) => n.index));
    let index = 1;
    while (used.has(index)) index++;
    const node = new NodeController(index, this.network.hook());
    this.nodes = [...this.nodes, node].sort((a, b) => a.index - b.index);
    this.emit();
    void node.boot({ maxNodes: MAX_NODES });
    return node;
  }

  /** Power off and remove a node (default: the highest-numbered one). */
  removeNode(name?: string): void {
    const node = name ? this.nodes.find((n) => n.name === name) : this.nodes[this.nodes.length - 1];
    if (!node) return;
    node.dispose();
    this.nodes = this.nodes.filter((n) => n !== node);
    this.emit();
  }

  node(name: string): NodeController | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  snapshot = (): readonly NodeController[] => this.nodes;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
