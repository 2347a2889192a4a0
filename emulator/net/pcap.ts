// The classic libpcap file format ("pcap", what Wireshark and tcpdump read):
//
//   global header (24 bytes, little-endian here):
//     0 magic 0xa1b2c3d4 (microsecond timestamps)  4 version 2.4  8 thiszone 0  12 sigfigs 0
//     16 snaplen  20 network (link type; 1 = LINKTYPE_ETHERNET)
//   per record (16 bytes, then incl_len bytes of frame):
//     0 ts_sec  4 ts_usec  8 incl_len  12 orig_len

export const PCAP_MAGIC = 0xa1b2c3d4;
/** The same magic written big-endian reads like this little-endian. */
export const PCAP_MAGIC_SWAPPED = 0xd4c3b2a1;
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
export const PCAP_GLOBAL_HEADER_SIZE = 24;
export const PCAP_RECORD_HEADER_SIZE = 16;
export const PCAP_DEFAULT_SNAPLEN = 65535;
export const LINKTYPE_ETHERNET = 1;

export interface PcapRecord {
  /** Wall-clock time of capture, ms since the Unix epoch (fractions keep microseconds). */
  timeMs: number;
  /** The captured bytes (at most snaplen are written). */
  frame: Uint8Array;
  /** The frame's length on the wire, if more than was captured. */
  originalLength?: number;
}

export interface PcapOptions {
  snaplen?: number;
  linktype?: number;
}

/** Writes `records` as one pcap file. */
export function writePcap(records: readonly PcapRecord[], options: PcapOptions = {}): Uint8Array {
  const snaplen = options.snaplen ?? PCAP_DEFAULT_SNAPLEN;
  let size = PCAP_GLOBAL_HEADER_SIZE;
  for (const r of records) size += PCAP_RECORD_HEADER_SIZE + Math.min(r.frame.length, snaplen);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, PCAP_MAGIC, true);
  view.setUint16(4, PCAP_VERSION_MAJOR, true);
  view.setUint16(6, PCAP_VERSION_MINOR, true);
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, snaplen, true);
  view.setUint32(20, options.linktype ?? LINKTYPE_ETHERNET, true);
  let at = PCAP_GLOBAL_HEADER_SIZE;
  for (const r of records) {
    const { sec, usec } = splitTime(r.timeMs);
    const incl = Math.min(r.frame.length, snaplen);
    view.setUint32(at, sec, true);
    view.setUint32(at + 4, usec, true);
    view.setUint32(at + 8, incl, true);
    view.setUint32(at + 12, Math.max(r.originalLength ?? r.frame.length, incl), true);
    out.set(r.frame.subarray(0, incl), at + PCAP_RECORD_HEADER_SIZE);
    at += PCAP_RECORD_HEADER_SIZE + incl;
  }
  return out;
}

/** Epoch ms → whole seconds and microseconds (0..999999). */
function splitTime(timeMs: number): { sec: number; usec: number } {
  const totalUsec = Math.max(0, Math.round(timeMs * 1000));
  return { sec: Math.floor(totalUsec / 1e6) >>> 0, usec: totalUsec % 1e6 };
}

export interface PcapFile {
  snaplen: number;
  linktype: number;
  versionMajor: number;
  versionMinor: number;
  records: Required<PcapRecord>[];
}

/** Reads a pcap file (either byte order, microsecond magic). Throws on a file that is not one. */
export function readPcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < PCAP_GLOBAL_HEADER_SIZE) throw new Error('pcap: shorter than the global header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== PCAP_MAGIC && magic !== PCAP_MAGIC_SWAPPED) throw new Error(`pcap: bad magic 0x${magic.toString(16)}`);
  const le = magic === PCAP_MAGIC;
  const file: PcapFile = {
    versionMajor: view.getUint16(4, le),
    versionMinor: view.getUint16(6, le),
    snaplen: view.getUint32(16, le),
    linktype: view.getUint32(20, le),
    records: [],
  };
  let at = PCAP_GLOBAL_HEADER_SIZE;
  while (at < bytes.length) {
    if (at + PCAP_RECORD_HEADER_SIZE > bytes.length) throw new Error(`pcap: truncated record header at ${at}`);
    const sec = view.getUint32(at, le);
    const usec = view.getUint32(at + 4, le);
    const incl = view.getUint32(at + 8, le);
    const orig = view.getUint32(at + 12, le);
    const start = at + PCAP_RECORD_HEADER_SIZE;
    if (start + incl > bytes.length) throw new Error(`pcap: truncated record at ${at}`);
    file.records.push({ timeMs: sec * 1000 + usec / 1000, frame: bytes.slice(start, start + incl), originalLength: orig });
    at = start + incl;
  }
  return file;
}
