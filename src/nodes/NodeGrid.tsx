import type { NodeController } from "./nodeController";
import { NodeCard } from "./NodeCard";

/** The nodes side by side; the grid's column count follows the window width (styles.css). */
export function NodeGrid({ nodes, onRemove }: { nodes: readonly NodeController[]; onRemove: (name: string) => void }) {
  if (nodes.length === 0) return <p className="empty">No nodes. Use “+ Add node” to boot one.</p>;
  return (
    <div className={`node-grid n${nodes.length}`}>
      {nodes.map((n) => (
        <NodeCard key={n.name} node={n} onRemove={() => onRemove(n.name)} />
      ))}
    </div>
  );
}
