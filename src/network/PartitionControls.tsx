// Network partitions: put each node into a group; frames only cross between nodes of the same
// group until the partition is healed.

import { useState } from "react";
import type { NetworkModel } from "./networkModel";

const GROUPS = ["A", "B", "C"];

export function PartitionControls(props: { network: NetworkModel; nodes: string[]; partition: Readonly<Record<string, string>> | null }) {
  const { network, nodes, partition } = props;
  const [draft, setDraft] = useState<Record<string, string>>(() => ({ ...partition }));
  const groupOf = (n: string) => draft[n] ?? "A";
  const describe = (p: Readonly<Record<string, string>>) =>
    GROUPS.map((g) => nodes.filter((n) => (p[n] ?? "A") === g))
      .filter((ns) => ns.length)
      .map((ns) => `{${ns.join(", ")}}`)
      .join(" | ");
  return (
    <div className="partition">
      <p className="pad">
        Status:{" "}
        {partition ? <strong className="warn">partitioned {describe(partition)}</strong> : <strong className="ok">one network (no partition)</strong>}
      </p>
      <table className="grid-table">
        <thead>
          <tr>
            <th>node</th>
            {GROUPS.map((g) => (
              <th key={g}>group {g}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n}>
              <td>{n}</td>
              {GROUPS.map((g) => (
                <td key={g}>
                  <input type="radio" name={`group-${n}`} checked={groupOf(n) === g} aria-label={`${n} in group ${g}`} onChange={() => setDraft({ ...draft, [n]: g })} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pad row">
        <button onClick={() => network.setPartition(Object.fromEntries(nodes.map((n) => [n, groupOf(n)])))}>Apply partition {describe(draft)}</button>
        <button onClick={() => network.healPartition()} disabled={!partition}>
          Heal
        </button>
      </div>
    </div>
  );
}
