// Lighthouse over every chapter of both languages, their side-by-side pages
// in both frames and each language's print page, mobile and desktop, on the
// gzip-serving local server, asserting the scores the site promises:
// performance ≥ 98 on mobile and 100 on desktop; accessibility, best
// practices and SEO 100. Audits that error (Chromium 156 breaks a few of
// Lighthouse 12.2.3's trace audits) are listed, not hidden.
// Usage: npm run lighthouse --prefix tests/browser
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS, LANGUAGES, PAGES, REPO, buildAndServe } from "./browser.mjs";

const MINIMUM = {
  mobile: { performance: 98, accessibility: 100, "best-practices": 100, seo: 100 },
  desktop: { performance: 100, accessibility: 100, "best-practices": 100, seo: 100 },
};
const CATEGORIES = Object.keys(MINIMUM.mobile);
// Every page audited: the chapters, their side-by-side pages, the print pages.
const beside = (path, code) => path.replace(/\.html$/, `.${code}.html`);
const AUDITED = LANGUAGES.flatMap(({ code, prefix }) => [
  ...PAGES.map((path) => prefix + path),
  ...PAGES.map((path) => prefix + beside(path, code === "vi" ? "en" : "vi")),
  prefix + "print.html",
]);

const site = await buildAndServe();
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ["--headless=new", ...CHROMIUM_ARGS],
});
const rows = [];
const failures = [];
const erroredAudits = new Map();
try {
  for (const formFactor of ["mobile", "desktop"]) {
    for (const page of AUDITED) {
      {
        const url = site.url + page;
        const result = await lighthouse(
          url,
          { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES },
          formFactor === "desktop" ? desktopConfig : undefined,
        );
        const { categories, audits } = result.lhr;
        const row = { page, formFactor };
        for (const category of CATEGORIES) {
          const score = Math.round((categories[category].score ?? 0) * 100);
          row[category] = score;
          const lost = categories[category].auditRefs
            .map((ref) => audits[ref.id])
            .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
            .map((a) => a.id);
          if (score < MINIMUM[formFactor][category]) {
            failures.push(`${page} ${formFactor} ${category} ${score} < ${MINIMUM[formFactor][category]} (${lost.join(", ")})`);
          }
        }
        for (const audit of Object.values(audits)) {
          if (audit.scoreDisplayMode === "error") {
            erroredAudits.set(audit.id, audit.errorMessage?.split("\n")[0] ?? "");
          }
        }
        rows.push(row);
      }
    }
  }
} finally {
  await chrome.kill();
  await site.close();
}

console.table(rows);
const version = (await import("lighthouse/package.json", { with: { type: "json" } })).default.version;
console.log(`Lighthouse ${version}; audits that errored (not scored):`);
for (const [id, message] of erroredAudits) console.log(`  ${id}: ${message}`);
const out = join(REPO, "tests", "browser", "test-results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "lighthouse.json"), JSON.stringify({ rows, erroredAudits: Object.fromEntries(erroredAudits) }, null, 2));
if (failures.length) {
  console.error(`\n${failures.length} scores below the minimum:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`\n${rows.length} runs, every score at or above its minimum`);
