// A Vite plugin (dev server and `vite preview`): serve the guest images' .gz files as they are.
//
// Vite's static file server (sirv) sends every *.gz with `Content-Encoding: gzip`, so the browser
// silently gunzips initrd.cpio.gz and the node's loader sees 27 MB of cpio where the manifest says
// 10 MB of gzip ("initrd initrd.cpio.gz: 26970624 bytes, the manifest says …"). Under /images/ we
// answer *.gz ourselves, as application/gzip with no Content-Encoding, before sirv sees the request.
// This file runs in Node (vite.config.ts), never in the page.

import { createReadStream, statSync } from "node:fs";
import { join, normalize } from "node:path";
import type { Connect, Plugin } from "vite";

export function rawGzipImages(options: { prefix?: string; dir?: string } = {}): Plugin {
  const prefix = options.prefix ?? "/images/";
  let dir = options.dir ?? "public/images";
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? "").split("?")[0]!;
    if (!path.startsWith(prefix) || !path.endsWith(".gz")) return next();
    const rel = normalize(decodeURIComponent(path.slice(prefix.length)));
    if (rel.startsWith("..") || rel.includes("\0")) return next();
    const file = join(dir, rel);
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) return next();
      size = st.size;
    } catch {
      return next();
    }
    res.statusCode = 200;
    res.setHeader("Content-Type", "application/gzip");
    res.setHeader("Content-Length", String(size));
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  };
  return {
    name: "hartnet-raw-gzip-images",
    configResolved(config) {
      if (!options.dir && config.publicDir) dir = join(config.publicDir, "images");
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
