import type { TapRecord } from "../../emulator/net/types";
import { routeTitle } from "./packetFilter";

/** The selected frame's decode, outermost layer first, then its bytes as hex. */
export function PacketDetail({ record, onClose }: { record: TapRecord; onClose: () => void }) {
  return (
    <div className="packet-detail" aria-label={`frame ${record.seq}`}>
      <div className="detail-head">
        <strong>
          Frame {record.seq}: {record.length} bytes, {routeTitle(record)}
        </strong>
        <button className="small" onClick={onClose} aria-label="close">
          ✕
        </button>
      </div>
      {record.layers.map((layer, i) => (
        <details key={i} open>
          <summary>{layer.name}</summary>
          <dl>
            {layer.fields.map((f, j) => (
              <div key={j}>
                <dt>{f.name}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
      <details>
        <summary>Bytes</summary>
        <pre className="hex">{hexDump(record.frame)}</pre>
      </details>
    </div>
  );
}

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = bytes.subarray(off, off + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const text = [...chunk].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${off.toString(16).padStart(4, "0")}  ${hex.padEnd(47)}  ${text}`);
  }
  return lines.join("\n");
}
