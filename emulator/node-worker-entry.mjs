// Node worker_threads entry: load the TypeScript worker through tsx (as the CLI does).
import { register } from "tsx/esm/api";
register();
await import("./node-worker.ts");
