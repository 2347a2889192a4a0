import { defineConfig } from "vitest/config";
import { rawGzipImages } from "./src/vite/rawGzip";

// The page is served with cross-origin isolation so workers may share memory (SharedArrayBuffer)
// with the page where the design needs it.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: ".",
  // Serve public/images/*.gz byte for byte (no Content-Encoding), so the loader checks what the manifest lists.
  plugins: [rawGzipImages()],
  publicDir: "public",
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  worker: { format: "es" },
  build: { outDir: "dist", target: "es2022" },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
