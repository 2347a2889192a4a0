import type { NetworkModel } from "./networkModel";

/** Save everything the switch has seen as hartnet.pcap (opens in Wireshark). */
export function CaptureButton({ network }: { network: NetworkModel }) {
  const download = () => {
    const pcap = network.capture();
    const url = URL.createObjectURL(new Blob([pcap as Uint8Array<ArrayBuffer>], { type: "application/vnd.tcpdump.pcap" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "hartnet.pcap";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button className="small" onClick={download} title="Download the capture (libpcap, Ethernet) for Wireshark">
      ⤓ Download pcap
    </button>
  );
}
