#!/usr/bin/env node
// The `hartnet` command: loads the TypeScript CLI through tsx (no separate build step) and runs it.
import { register } from "tsx/esm/api";
register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
