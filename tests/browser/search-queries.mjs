// Queries in languages written without spaces, run by the site's own
// searcher (theme/search.js, in Node) over the indexes the tool wrote for
// a built Rust by Example: the translated title of a chapter, typed as a
// reader would, must bring that chapter's page first; a two-character word
// from inside a paragraph must bring its page among the first five.
// The answers were read off the catalogs by hand (po/ja.po, po/zh.po,
// po/ko.po).
//
//   cargo xtask build /path/to/rust-by-example --dest /tmp/rbe-site
//   node tests/browser/search-queries.mjs /tmp/rbe-site
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Index, search } from "../../crates/mdbook-i18n-site/theme/search.js";

export const QUERIES = {
  ja: [
    ["変数束縛", "variable_bindings.html", 1], ["クロージャ", "fn/closures.html", 1], ["モジュール", "mod.html", 1],
    ["ジェネリクス", "generics.html", 1], ["ライフタイム", "scope/lifetime.html", 1], ["イテレータ", "trait/iter.html", 1],
    ["エラーハンドリング", "error.html", 1], ["所有権とムーブ", "scope/move.html", 1], ["変数", "variable_bindings.html", 5],
  ],
  zh: [
    ["变量绑定", "variable_bindings.html", 1], ["闭包", "fn/closures.html", 1], ["模块", "mod.html", 1],
    ["泛型", "generics.html", 1], ["生命周期", "scope/lifetime.html", 1], ["迭代器", "trait/iter.html", 1],
    ["错误处理", "error.html", 1], ["所有权和移动", "scope/move.html", 1], ["变量", "variable_bindings.html", 5],
  ],
  // Korean puts spaces between words, but particles join the word before
  // them (변수를, 변수의): the word alone must still be found.
  ko: [
    ["기본 자료형", "primitives.html", 1], ["변수 바인딩", "variable_bindings.html", 1], ["클로저", "fn/closures.html", 1],
    ["모듈", "mod.html", 1], ["제네릭", "generics.html", 1], ["라이프타임", "scope/lifetime.html", 1],
    ["이터레이터", "trait/iter.html", 1], ["에러 핸들링", "error.html", 1], ["변수", "variable_bindings.html", 5],
  ],
  // Spanish, typed without its accents as often as with them (po/es.po).
  es: [
    ["enlaces de variables", "variable_bindings.html", 1], ["genericos", "generics.html", 1], ["manejo de errores", "error.html", 1],
    ["módulos", "mod.html", 1], ["primitivas", "primitives.html", 1],
  ],
};

/** Runs every query over the indexes in `site`; prints each; resolves to the number missed. */
export async function runQueries(site) {
  let failed = 0;
  for (const [lang, queries] of Object.entries(QUERIES)) {
    const dir = join(site, lang, "search");
    const meta = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    const index = new Index(meta, (name) => JSON.parse(readFileSync(join(dir, meta.version, name), "utf8")));
    let right = 0;
    for (const [query, page, within] of queries) {
      const results = await search(index, query + " ");
      const pages = [...new Set(results.map((r) => r.href.split("#")[0]))];
      const at = pages.indexOf(page);
      const ok = at >= 0 && at < within;
      right += ok;
      console.log(`${lang} ${ok ? "ok  " : "MISS"} “${query}” → ${page} at ${at < 0 ? "–" : at + 1} (of ${results.length} sections; first: ${pages.slice(0, 3).join(", ")})`);
    }
    console.log(`${lang}: ${right} of ${queries.length} right`);
    failed += queries.length - right;
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const site = process.argv[2];
  if (!site) {
    console.error("usage: node tests/browser/search-queries.mjs SITE_DIR (a built Rust by Example)");
    process.exit(2);
  }
  process.exit((await runQueries(site)) ? 1 : 0);
}
