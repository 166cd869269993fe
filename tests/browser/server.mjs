// A tiny static server for the built site, as GitHub Pages serves it: under a
// subpath (/binh-duong/), gzip when the browser accepts it, 404.html for
// missing pages. Bound to 127.0.0.1 only.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".pdf": "application/pdf",
};
const COMPRESSIBLE = new Set([".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".webmanifest"]);

/** Serves `root` under `base` (such as "/binh-duong/"); resolves to the server and its URL. */
export function serve(root, { base = "/binh-duong/", port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404, { "content-type": TYPES[".txt"] }).end("not found\n");
      return;
    }
    let relative = decodeURIComponent(url.pathname.slice(base.length));
    if (relative === "" || relative.endsWith("/")) relative += "index.html";
    const file = normalize(join(root, relative));
    if (!file.startsWith(normalize(root) + sep)) {
      res.writeHead(403).end();
      return;
    }
    let status = 200;
    let path = file;
    try {
      if (!(await stat(path)).isFile()) throw new Error("not a file");
    } catch {
      status = 404;
      path = join(root, "404.html");
    }
    let body;
    try {
      body = await readFile(path);
    } catch {
      res.writeHead(404, { "content-type": TYPES[".txt"] }).end("not found\n");
      return;
    }
    const ext = extname(path);
    const headers = {
      "content-type": TYPES[ext] || "application/octet-stream",
      "cache-control": "max-age=600",
      vary: "Accept-Encoding",
    };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://127.0.0.1:${actual}${base}` });
    });
  });
}

// `node server.mjs DIR [PORT]`: serve a built site by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port] = process.argv.slice(2);
  const { url } = await serve(dir, { port: Number(port || 8765) });
  console.log(`serving ${dir} at ${url}`);
}
