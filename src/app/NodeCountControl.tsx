import { MAX_NODES, type Lab } from "./lab";

/** − / + buttons around the number of nodes (1..MAX_NODES). Removing powers the last node off. */
export function NodeCountControl({ lab, count }: { lab: Lab; count: number }) {
  return (
    <div className="node-count" role="group" aria-label="number of nodes">
      <button onClick={() => lab.removeNode()} disabled={count === 0} title="Power off and remove the last node">
        − Remove node
      </button>
      <span className="count" aria-live="polite">
        {count} node{count === 1 ? "" : "s"}
      </span>
      <button onClick={() => lab.addNode()} disabled={count >= MAX_NODES} title={`Boot another node (up to ${MAX_NODES})`}>
        + Add node
      </button>
    </div>
  );
}
