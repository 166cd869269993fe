// Search over this language's pages, loaded by book.js when the reader first
// opens the search panel. The index (written by `cargo xtask build`, see
// xtask/src/search.rs and theme/SEARCH.md) maps each folded word to the exact
// forms it was written in and the sections holding them, so a query with or
// without diacritics, composed or decomposed, finds the same sections, and
// those spelled exactly as typed come first.

const MAX_RESULTS = 30;

// Folding and tokenizing are the indexer's (src/search.rs), step for
// step: a test folds the same several hundred strings with both.

/** Full-width forms narrowed, NFC, lowercase: how a word is spelled. */
export function exact(text) {
  return text.replace(/[\uff00-\uffef\u3000]/g, (c) => c.normalize("NFKC")).normalize("NFC").toLowerCase();
}

const LETTERS = { "đ": "d", "ß": "ss", "ς": "σ", "ı": "i", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": "" };

/** The exact form without marks, đ → d, ß → ss, ς → σ…: how a word is looked up. */
export function fold(text) {
  return exact(text)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đßςıٱىیکـ]/g, (c) => LETTERS[c]);
}

/** Scripts written without spaces (Han, kana, Thai): searched by pairs. */
const UNSPACED = /[\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}\u0e00-\u0e7f]/u;

/** Words: runs of letters, digits and marks; pairs of characters in scripts without spaces. */
export function tokenize(text) {
  const words = [];
  let run = [];
  let unspaced = false;
  const flush = () => {
    if (unspaced && run.length > 1) {
      for (let i = 0; i + 1 < run.length; i++) words.push(run[i] + run[i + 1]);
    } else if (run.length) {
      words.push(run.join(""));
    }
    run = [];
  };
  for (const c of exact(text)) {
    if (/\p{M}/u.test(c)) {
      if (run.length) run[run.length - 1] += c;
      else { unspaced = false; run.push(c); }
    } else if (/[\p{Alphabetic}\p{N}]/u.test(c)) {
      const here = UNSPACED.test(c);
      if (here !== unspaced) { flush(); unspaced = here; }
      if (run.length && !unspaced) run[run.length - 1] += c;
      else run.push(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

/** Each index's keys, sorted once: a keystroke looks up a range, not every key. */
const sortedKeys = new WeakMap();

/**
 * The keys of `index` that start with `prefix` (binary search in the sorted
 * keys), and in a stemmed index the keys `prefix` starts with, short of a
 * suffix (`buildin` of `build`).
 */
export function startingWith(index, prefix) {
  let keys = sortedKeys.get(index);
  if (!keys) {
    keys = Object.keys(index.terms).sort();
    sortedKeys.set(index, keys);
  }
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found = [];
  for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) found.push(keys[i]);
  if (index.stemmed) {
    for (let cut = 1; cut <= 3 && cut < prefix.length; cut++) {
      const key = prefix.slice(0, -cut);
      if (Object.hasOwn(index.terms, key)) found.push(key);
    }
  }
  return found;
}

/** An English word's light stem (plurals, -ing, -ed), as the indexer's. */
export function stem(word) {
  if (!/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
  else if (w.length > 4 && w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  return w;
}

/** How a word is looked up in an index stemmed or not. */
const lookup = (stemmed) => (word) => (stemmed ? stem(fold(word)) : fold(word));

/** English pages are stemmed (as the indexer's `is_stemmed`). */
const pageStemmed = () => /^en(-|$)/i.test(document.documentElement.lang);

/**
 * Ranks the sections of `index` for `query`. Every word of the query must
 * match (the last one may be a prefix while the reader is typing); sections
 * whose words match the query's spelling exactly come first, then by weight.
 */
export function searchIndex(index, query) {
  const words = tokenize(query);
  if (words.length === 0) return [];
  const typing = !/[\s\p{P}]$/u.test(query);
  const look = lookup(index.stemmed);
  // Per section: how many of the words it has, its weight and its exact
  // spellings, in arrays (a section per slot), and the sections touched.
  const n = index.docs.length;
  const matched = new Uint16Array(n);
  const weight = new Float64Array(n);
  const exact = new Uint16Array(n);
  let touched = null;
  words.forEach((word, i) => {
    const folded = look(word);
    // While typing, the last word may be the start of a key, or a key with
    // the start of a suffix (`buildin` of `build`).
    const raw = fold(word);
    const keys = typing && i === words.length - 1
      ? startingWith(index, raw)
      : (folded in index.terms ? [folded] : []);
    const wordWeight = new Float64Array(n);
    const wordExact = new Uint8Array(n);
    const wordDocs = [];
    for (const key of keys) {
      const whole = key === folded;
      for (const [form, postings] of index.terms[key]) {
        const spelled = form === "" ? key : form;
        const isExact = whole && spelled === word;
        const factor = (whole ? 1 : 0.5) * (isExact ? 2 : 1);
        // Section numbers are stored as gaps from the previous one.
        let doc = 0;
        for (let p = 0; p < postings.length; p += 2) {
          doc += postings[p];
          if (wordWeight[doc] === 0) wordDocs.push(doc);
          wordWeight[doc] += postings[p + 1] * factor;
          if (isExact) wordExact[doc] = 1;
        }
      }
    }
    // Every word must match: only sections that had all the words before.
    const next = [];
    for (const doc of wordDocs) {
      if (matched[doc] !== i) continue;
      matched[doc] = i + 1;
      weight[doc] += wordWeight[doc];
      exact[doc] += wordExact[doc];
      next.push(doc);
    }
    touched = next;
  });
  // A section titled just what was typed (a chapter's own heading) comes
  // before the sections that also name it. Only sections whose heading has
  // every word whole can be: a heading word weighs at least 5.
  const asked = words.map(look).join(" ");
  const titled = (doc) =>
    weight[doc] >= 5 * words.length && tokenize(index.docs[doc][2]).map(look).join(" ") === asked ? 1 : 0;
  return touched
    .map((doc) => ({ doc, exact: exact[doc], titled: titled(doc), weight: weight[doc] }))
    .sort((x, y) => y.exact - x.exact || y.titled - x.titled || y.weight - x.weight || x.doc - y.doc)
    .slice(0, MAX_RESULTS)
    .map(({ doc, exact, weight }) => ({ ...section(index, doc), exact, weight }));
}

/** Section `doc` of the index: its href (from the index's folder), titles and teaser. */
function section(index, doc) {
  const [page, anchor, title, teaser] = index.docs[doc];
  const [path, pageTitle] = index.pages[page];
  return { href: anchor ? `${path}#${anchor}` : path, title, pageTitle, teaser };
}

/**
 * Appends `text` to `parent`, marking the words that match the query:
 * `folded` holds its folded words; the last one matches as a prefix when
 * `typing`, as in searchIndex. In scripts without spaces, the characters
 * that make up a matching pair are marked.
 */
function appendMarked(parent, text, folded, typing, look = fold) {
  const matches = (word) =>
    folded.some((f, i) => word === f || (typing && i === folded.length - 1 && word.startsWith(f)));
  const mark = (piece) => {
    const element = document.createElement("mark");
    element.textContent = piece;
    parent.append(element);
  };
  for (const piece of text.split(/([\p{Alphabetic}\p{N}\p{M}]+)/u)) {
    if (!piece) continue;
    if (UNSPACED.test(piece)) {
      const chars = [...piece];
      const lower = chars.map((c) => fold(c));
      const marked = chars.map(() => false);
      for (const f of folded) {
        const length = [...f].length;
        for (let i = 0; i + length <= chars.length; i++) {
          if (lower.slice(i, i + length).join("") === f) marked.fill(true, i, i + length);
        }
      }
      let at = 0;
      while (at < chars.length) {
        let end = at;
        while (end < chars.length && marked[end] === marked[at]) end++;
        const run = chars.slice(at, end).join("");
        if (marked[at]) mark(run);
        else parent.append(run);
        at = end;
      }
    } else if (matches(look(piece))) {
      mark(piece);
    } else {
      parent.append(piece);
    }
  }
}

/**
 * Marks the words of `query` in `main` (a page opened from a search result,
 * `?highlight=`), scrolls to the first one in the section linked, and takes
 * the marks away on Escape.
 */
export function highlightPage(main, query) {
  const look = lookup(pageStemmed());
  const folded = tokenize(query).map(look);
  if (folded.length === 0) return;
  const texts = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  for (const node of texts) {
    const fragment = document.createDocumentFragment();
    appendMarked(fragment, node.data, folded, false, look);
    if (fragment.querySelector("mark")) node.replaceWith(fragment);
  }
  const marks = [...main.querySelectorAll("mark")];
  for (const mark of marks) mark.className = "search-hit";
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const first = marks.find((m) => !target || target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING || target.contains(m));
  first?.scrollIntoView({ block: "center" });
  document.addEventListener("keydown", function clear(event) {
    if (event.key !== "Escape") return;
    for (const mark of marks) mark.replaceWith(mark.textContent);
    main.normalize();
    const url = new URL(location.href);
    url.searchParams.delete("highlight");
    history.replaceState(history.state, "", url);
    document.removeEventListener("keydown", clear);
  });
}

/** Wires the search panel `panel` (see theme/index.hbs) to the index. */
export async function start(panel) {
  const input = panel.querySelector("input");
  const status = panel.querySelector("[role=status]");
  const list = panel.querySelector("ul");
  const say = (template, query, count) =>
    template.replace("{query}", query).replace("{count}", String(count));

  status.textContent = panel.dataset.loading;
  const url = new URL(panel.dataset.index, document.baseURI);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const index = await response.json();
  const root = new URL(".", url);
  status.textContent = "";

  function show() {
    const query = input.value.trim();
    list.replaceChildren();
    if (!query) { status.textContent = ""; return; }
    const results = searchIndex(index, input.value);
    const template = results.length === 0 ? panel.dataset.noResults
      : results.length === 1 ? panel.dataset.oneResult : panel.dataset.results;
    status.textContent = say(template, query, results.length);
    const look = lookup(index.stemmed);
    const folded = tokenize(query).map(look);
    const typing = !/[\s\p{P}]$/u.test(input.value);
    for (const { href, title, pageTitle: page, teaser } of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      const target = new URL(href, root);
      // The page marks the words and scrolls to them (highlightPage).
      target.searchParams.set("highlight", query);
      link.href = target.href;
      appendMarked(link, title, folded, typing, look);
      item.append(link);
      if (page && page !== title) {
        const crumb = document.createElement("span");
        crumb.className = "breadcrumb";
        crumb.textContent = page;
        item.append(crumb);
      }
      if (teaser) {
        const text = document.createElement("span");
        text.className = "teaser";
        appendMarked(text, teaser, folded, typing, look);
        item.append(text);
      }
      list.append(item);
    }
  }
  input.addEventListener("input", show);
  panel.querySelector("form")?.addEventListener("submit", (event) => event.preventDefault());
  // Enter opens the first result, as a reader expects of a search box.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const first = list.querySelector("a");
      if (first) window.location.href = first.href;
    }
  });
  // Down and up move through the results, up from the first back to the field.
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    if (links.length === 0) return;
    event.preventDefault();
    const next = links.indexOf(document.activeElement) + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  show();
}
