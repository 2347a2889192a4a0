import { useSyncExternalStore } from "react";
import type { NetworkModel, NetworkSnapshot } from "./networkModel";

export function useNetwork(network: NetworkModel): NetworkSnapshot {
  return useSyncExternalStore(network.subscribe, network.snapshot);
}
