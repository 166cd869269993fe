// Shared by the suite, the screenshots and Lighthouse: Debian's Chromium
// driven by playwright-core (it cannot download a browser here), and a fresh
// build of the site served under /binh-duong/ with gzip.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** A port nobody listens on now, for a site that must know its address before it is built. */
export async function freePort() {
  const probe = await serve(tmpdir(), { base: "/" });
  const port = probe.server.address().port;
  await new Promise((done) => probe.server.close(done));
  return port;
}

/** Builds `book` with `cargo xtask build` into `dest` for `siteUrl`; `args` are more of its options (`--pdf`). */
export function buildSite({ book = REPO, dest, siteUrl, args = [] }) {
  execFileSync("cargo", ["xtask", "build", book, "--dest", dest, "--site-url", siteUrl, ...args], {
    cwd: REPO,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/**
 * Builds the site with `cargo xtask build` for the URL it will be served at,
 * serves it, and returns `{ url, dir, close }`. A port is picked first, since
 * the build writes absolute canonical URLs.
 */
export async function buildAndServe({ base = "/binh-duong/", book = REPO, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "binh-duong-site-"));
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}${base}`;
  const dest = join(dir, "site");
  buildSite({ book, dest, siteUrl, args });
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

/** A copy of this book's sources (book.toml, src, theme, po) in a new folder, to change; returns its path. */
export function copyBook() {
  const book = mkdtempSync(join(tmpdir(), "binh-duong-book-"));
  for (const name of ["book.toml", "src", "theme", "po"]) cpSync(join(REPO, name), join(book, name), { recursive: true });
  // The preprocessor is this workspace's crate, wherever the copy is.
  const toml = readFileSync(join(book, "book.toml"), "utf8")
    .replace("cargo run --quiet --locked -p", `cargo run --quiet --locked --manifest-path ${join(REPO, "Cargo.toml")} -p`);
  writeFileSync(join(book, "book.toml"), toml);
  return book;
}

/** The languages of the variant book beside Vietnamese and English. */
export const VARIANT_LANGUAGES = ["ar", "de", "fr", "ja", "zh-Hans"];
/** The variant's chapter whose paragraph English leaves untranslated. */
export const UNTRANSLATED_CHAPTER = "do-thi-thong-minh-ben-vung.html";
/** The variant's chapter whose paragraph's English is outdated (fuzzy). */
export const OUTDATED_CHAPTER = "van-minh-nghia-tinh-dang-song.html";

/**
 * What this book does not have, built from a copy of it: seven languages
 * (so the language switch is a menu, and one of them right to left: their
 * catalogs are the English one under another code, named by the tool's
 * locale data), and an English catalog that leaves one chapter's paragraph
 * untranslated and marks another's outdated, as `msgmerge` does when the
 * Vietnamese changed. Returns what `buildAndServe` returns.
 */
export async function buildAndServeVariant() {
  const book = copyBook();
  const entries = readFileSync(join(REPO, "po", "en.po"), "utf8").split("\n\n");
  const chapter = UNTRANSLATED_CHAPTER.replace(".html", ".md");
  const outdated = OUTDATED_CHAPTER.replace(".html", ".md");
  const english = entries.map((entry) => {
    if (entry.startsWith(`#: src/${chapter}\n`)) return entry.replace(/\nmsgstr [^]*$/, '\nmsgstr ""');
    if (entry.startsWith(`#: src/${outdated}\n`)) return entry.replace("\nmsgid", '\n#, fuzzy\n#| msgid "An earlier version of this paragraph."\nmsgid');
    return entry;
  });
  writeFileSync(join(book, "po", "en.po"), english.join("\n\n"));
  for (const code of VARIANT_LANGUAGES) {
    const other = entries.map((entry) => entry.includes('msgctxt "ui:language-name"')
      ? entry.replace(/\nmsgstr .*$/, '\nmsgstr ""')
      : entry.replace('"Language: en\\n"', `"Language: ${code}\\n"`));
    writeFileSync(join(book, "po", `${code}.po`), other.join("\n\n"));
  }
  const site = await buildAndServe({ book });
  return { ...site, close: async () => { await site.close(); rmSync(book, { recursive: true, force: true }); } };
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
