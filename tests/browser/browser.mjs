// Shared by the suite, the screenshots and Lighthouse: Debian's Chromium
// driven by playwright-core (it cannot download a browser here), and a fresh
// build of the site served under /binh-duong/ with gzip.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./server.mjs";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches headless Chromium with a fresh profile. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Builds the site with `cargo xtask build` for the URL it will be served at,
 * serves it, and returns `{ url, dir, close }`. A port is picked first, since
 * the build writes absolute canonical URLs.
 */
export async function buildAndServe({ base = "/binh-duong/" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "binh-duong-site-"));
  const probe = await serve(dir, { base });
  const port = probe.server.address().port;
  await new Promise((done) => probe.server.close(done));
  const siteUrl = `http://127.0.0.1:${port}${base}`;
  const dest = join(dir, "site");
  execFileSync("cargo", ["xtask", "build", "--dest", dest, "--site-url", siteUrl], {
    cwd: REPO,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const { server, url } = await serve(dest, { base, port });
  return {
    url,
    dir: dest,
    close: async () => {
      await new Promise((done) => server.close(done));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The chapters of the book, as their file names (the same in every language). */
export const PAGES = [
  "index.html",
  "thanh-pho-thong-minh.html",
  "do-thi-thong-minh-ben-vung.html",
  "van-minh-nghia-tinh-dang-song.html",
];
export const CHAPTER = "thanh-pho-thong-minh.html";
export const LANGUAGES = [
  { code: "vi", prefix: "" },
  { code: "en", prefix: "en/" },
];
