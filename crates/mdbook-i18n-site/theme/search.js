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

/**
 * Compares two strings by code point, as Rust orders the index's keys
 * (JavaScript's `<` compares UTF-16 units: an astral character would sort
 * before U+E000–U+FFFF).
 */
export function compare(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x += x < 0xe000 ? 0x2000 : -0x800;
      y += y < 0xe000 ? 0x2000 : -0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The last of `firsts` (sorted, the first "") not after `key`: the shard holding it. */
function shardOf(firsts, key) {
  let lo = 0;
  let hi = firsts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(firsts[mid], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** A prefix typed expands to at most this many shards of words, else to its whole word. */
export const MAX_PREFIX_SHARDS = 3;

/** Past every key that starts with a prefix. */
const LAST = "\u{10ffff}";

/**
 * One language's index (src/search/mod.rs): `meta` is `search/index.json`,
 * `read(name)` resolves to the JSON of a shard of its version. Shards are
 * read once, when a query needs them.
 */
export class Index {
  constructor(meta, read) {
    this.meta = meta;
    this.read = read;
    this.loaded = new Map();
  }

  /** The index whose `index.json` is at `url`, its shards fetched beside it. */
  static async open(url) {
    const get = async (address) => {
      const response = await fetch(address);
      if (!response.ok) throw new Error(`${address}: ${response.status}`);
      return response.json();
    };
    const meta = await get(url);
    const base = new URL(`${meta.version}/`, url);
    return new Index(meta, (name) => get(new URL(name, base)));
  }

  get stemmed() {
    return Boolean(this.meta.stemmed);
  }

  /** Shard `number` of `kind` (`t` words, `p` pairs, `d` sections, `h` heading lengths), read once. */
  shard(kind, number) {
    const name = `${kind}${number}.json`;
    let shard = this.loaded.get(name);
    if (!shard) {
      shard = Promise.resolve(this.read(name));
      // A failed read is tried again by the next query.
      shard.catch(() => this.loaded.delete(name));
      this.loaded.set(name, shard);
    }
    return shard;
  }

  /** The shard numbers of words starting with `prefix`. */
  prefixShards(prefix) {
    const firsts = this.meta.terms;
    const from = shardOf(firsts, prefix);
    const to = shardOf(firsts, prefix + LAST);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }

  /** The shard number of the word or pair `key`. */
  shardOf(kind, key) {
    return shardOf(kind === "t" ? this.meta.terms : this.meta.pairs, key);
  }

  /** The section details of section `doc`: href (from the index's folder), titles, teaser. */
  async section(doc) {
    const run = this.meta.docsPerRun;
    const chunk = await this.shard("d", Math.floor(doc / run));
    const [page, anchor, title, teaser] = chunk.docs[doc % run];
    const [path, pageTitle] = chunk.pages[page];
    return { href: anchor ? `${path}#${anchor}` : path, title, pageTitle, teaser };
  }

  /** How many words the heading of section `doc` has (at most 35). */
  async headingWords(doc) {
    const run = this.meta.headingsPerRun;
    const lengths = await this.shard("h", Math.floor(doc / run));
    return parseInt(lengths[doc % run], 36);
  }
}

/** Each shard's keys, sorted once: a keystroke looks up a range, not every key. */
const sortedKeys = new WeakMap();

/** The keys of `terms` (one shard) that start with `prefix`, by binary search. */
export function startingWith(terms, prefix) {
  let keys = sortedKeys.get(terms);
  if (!keys) {
    keys = Object.keys(terms).sort(compare);
    sortedKeys.set(terms, keys);
  }
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(keys[mid], prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  const found = [];
  for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) found.push(keys[i]);
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

/** Quotation marks that open or close a phrase, in the scripts we know. */
const QUOTES = /["“”„«»「」『』]/u;

/**
 * The phrases of `query`: for each quoted run (closed or not), the words of
 * it, in order.
 */
export function phrases(query) {
  const parts = query.split(QUOTES);
  const found = [];
  for (let i = 1; i < parts.length; i += 2) found.push({ words: tokenize(parts[i]), closed: i + 1 < parts.length });
  return found;
}

/**
 * Ranks the sections of `index` (an Index) for `query`. Every word of the
 * query must match (the last one may be a prefix while the reader is
 * typing), and the words of a quoted phrase must stand next to one another;
 * sections whose words match the query's spelling exactly come first, then
 * a section titled just what was typed, then by weight. Reads the shards
 * the words need, then the details of the sections shown.
 */
export async function search(index, query) {
  const words = tokenize(query);
  if (words.length === 0) return [];
  const typing = !/[\s\p{P}]$/u.test(query);
  const look = lookup(index.stemmed);
  const last = words.length - 1;

  // Which key each word is looked up by, and the shards that hold it.
  const asked = words.map((word, i) => {
    const folded = look(word);
    const raw = fold(word);
    let prefix = typing && i === last ? raw : null;
    let shards = [index.shardOf("t", folded)];
    if (prefix !== null) {
      const range = index.prefixShards(raw);
      // A short prefix of a big book spans many shards: it waits for a
      // longer one, matching its whole word meanwhile.
      if (range.length <= MAX_PREFIX_SHARDS) shards.push(...range);
      else prefix = null;
    }
    // While typing, a stemmed word may be a key with the start of a
    // suffix (`buildin` of `build`).
    const cuts = [];
    if (typing && i === last && index.stemmed) {
      for (let cut = 1; cut <= 3 && cut < raw.length; cut++) cuts.push(raw.slice(0, -cut));
      shards.push(...cuts.map((key) => index.shardOf("t", key)));
    }
    return { word, folded, prefix, cuts, shards: [...new Set(shards)] };
  });

  // Pairs of neighbouring words inside quotes, but not one whose second
  // word is still being typed.
  const pairs = [];
  for (const phrase of phrases(query)) {
    const spaced = phrase.words.map((w) => !UNSPACED.test(w));
    for (let i = 0; i + 1 < phrase.words.length; i++) {
      if (!spaced[i] || !spaced[i + 1]) continue;
      if (typing && !phrase.closed && i + 1 === phrase.words.length - 1) continue;
      pairs.push(`${look(phrase.words[i])} ${look(phrase.words[i + 1])}`);
    }
  }

  const termShards = await Promise.all(asked.map(({ shards }) => Promise.all(shards.map((n) => index.shard("t", n)))));
  const pairShards = await Promise.all(pairs.map((pair) => index.shard("p", index.shardOf("p", pair))));

  // Per section: how many of the words it has, its weight, its exact
  // spellings and its heading's hits, in arrays (a section per slot).
  const n = index.meta.sections;
  const matched = new Uint16Array(n);
  const weight = new Float64Array(n);
  const exactly = new Uint16Array(n);
  const headed = new Uint16Array(n);
  let touched = [];
  asked.forEach(({ word, folded, prefix, cuts }, i) => {
    const keys = new Map();
    for (const terms of termShards[i]) {
      if (Object.hasOwn(terms, folded)) keys.set(folded, terms[folded]);
      if (prefix !== null) for (const key of startingWith(terms, prefix)) keys.set(key, terms[key]);
      for (const key of cuts) if (Object.hasOwn(terms, key)) keys.set(key, terms[key]);
    }
    const wordWeight = new Float64Array(n);
    const wordExact = new Uint8Array(n);
    const wordHeading = new Uint8Array(n);
    const wordDocs = [];
    for (const [key, forms] of keys) {
      const whole = key === folded;
      for (const [form, postings] of forms) {
        const spelled = form === "" ? key : form;
        const isExact = whole && spelled === word;
        const factor = (whole ? 1 : 0.5) * (isExact ? 2 : 1);
        // Section numbers are stored as gaps from the previous one; a
        // posting is the weight times two, plus one in the heading.
        let doc = 0;
        for (let p = 0; p < postings.length; p += 2) {
          doc += postings[p];
          const posting = postings[p + 1];
          if (wordWeight[doc] === 0) wordDocs.push(doc);
          wordWeight[doc] += (posting >> 1) * factor;
          if (isExact) wordExact[doc] = 1;
          if (whole && posting & 1) wordHeading[doc] = 1;
        }
      }
    }
    // Every word must match: only sections that had all the words before.
    const next = [];
    for (const doc of wordDocs) {
      if (matched[doc] !== i) continue;
      matched[doc] = i + 1;
      weight[doc] += wordWeight[doc];
      exactly[doc] += wordExact[doc];
      headed[doc] += wordHeading[doc];
      next.push(doc);
    }
    touched = next;
  });
  // A phrase's neighbours must be neighbours in the section.
  for (let i = 0; i < pairs.length; i++) {
    const holding = new Uint8Array(n);
    let doc = 0;
    for (const gap of pairShards[i][pairs[i]] ?? []) holding[(doc += gap)] = 1;
    touched = touched.filter((d) => holding[d]);
  }
  // A section titled just what was typed (a chapter's own heading) comes
  // before the sections that also name it: its heading has every word and
  // no other. Heading lengths are read only for headings with every word.
  const titled = new Uint8Array(n);
  await Promise.all(touched.filter((doc) => headed[doc] === words.length).map(async (doc) => {
    titled[doc] = (await index.headingWords(doc)) === words.length ? 1 : 0;
  }));
  const ranked = touched
    .map((doc) => ({ doc, exact: exactly[doc], titled: titled[doc], weight: weight[doc] }))
    .sort((x, y) => y.exact - x.exact || y.titled - x.titled || y.weight - x.weight || x.doc - y.doc)
    .slice(0, MAX_RESULTS);
  return Promise.all(ranked.map(async ({ doc, exact, weight }) => ({ ...(await index.section(doc)), exact, weight })));
}

/**
 * Appends `text` to `parent`, marking the words that match the query:
 * `folded` holds its folded words; the last one matches as a prefix when
 * `typing`, as in search. In scripts without spaces, the characters
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
  const index = await Index.open(url);
  const root = new URL("..", url);
  status.textContent = "";

  // Shards arrive out of order: only the latest keystroke's results show.
  let latest = 0;
  async function show() {
    const asked = ++latest;
    const query = input.value.trim();
    if (!query) { list.replaceChildren(); status.textContent = ""; list.removeAttribute("aria-busy"); return; }
    // Busy until this query's shards have arrived (tests wait on it too).
    list.setAttribute("aria-busy", "true");
    let results;
    try {
      results = await search(index, input.value);
    } catch {
      if (asked === latest) { list.replaceChildren(); list.removeAttribute("aria-busy"); status.textContent = panel.dataset.error; }
      return;
    }
    if (asked !== latest) return;
    list.replaceChildren();
    list.removeAttribute("aria-busy");
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
      // On a side-by-side page, results open side by side too.
      const ending = panel.dataset.pageEnding;
      if (ending) target.pathname = target.pathname.replace(/\.html$/, ending);
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
