//! The search index of one language, built for Vietnamese.
//!
//! mdBook's searcher tokenizes as English: it cuts non-ASCII letters at word
//! edges (`nghệ` → `ngh`), drops English stop words that are Vietnamese words
//! (`an`, `do`, `to`) and cannot match a query typed without diacritics. This
//! index keeps every word whole and files it under its *folded* form (NFD,
//! combining marks removed, `đ` → `d`, lowercase) together with the exact
//! forms it was written in, so `theme/search.js` finds `Bình Dương` from
//! `binh duong` and ranks sections spelled exactly as typed first. No
//! stemming and no stop words: they are language-specific and the folded
//! syllable is already the right unit for Vietnamese.
//!
//! One section per heading with an `id`; the index is a JSON file,
//! `searchindex.json`, beside the language's pages, fetched only when a reader
//! opens search. The decision and its measurements are in `theme/SEARCH.md`.
//!
//! ```
//! use mdbook_i18n_site::search::{fold, tokenize};
//! assert_eq!(fold("Đô thị Bình Dương"), "do thi binh duong");
//! assert_eq!(tokenize("Nghệ-thuật, đổi mới!"), ["nghệ", "thuật", "đổi", "mới"]);
//! ```

use crate::localize::LocalizedPage;
use anyhow::{Context, Result};
use lol_html::{EndTagHandler, RewriteStrSettings, element, rewrite_str, text};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::rc::Rc;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The file the index is written to, in each language's folder.
pub const INDEX_FILE: &str = "searchindex.json";

/// Pages mdBook writes that are not chapters.
const NOT_CHAPTERS: &[&str] = &["404.html", "print.html", "toc.html"];

/// Words of a section's text shown under its title in the results.
const TEASER_WORDS: usize = 28;

/// How much a word in a heading counts against one in the text.
const HEADING_WEIGHT: u32 = 5;

/// How a word is spelled: NFC, lowercase.
pub fn exact(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).collect()
}

/// How a word is looked up: NFD without combining marks, `đ` → `d`, lowercase.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whole words in their exact form: runs of letters, digits and marks.
pub fn tokenize(text: &str) -> Vec<String> {
    exact(text)
        .split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One searchable part of a page: from a heading to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `page.html#heading-id` (or `page.html` before the first heading).
    pub href: String,
    /// The heading's text.
    pub title: String,
    /// The page's first heading, to tell sections of different pages apart.
    pub page_title: String,
    /// The text under the heading.
    pub text: String,
}

/// The sections of one rendered page (`<main>` only: not menus or the TOC).
pub fn page_sections(html: &str, page_path: &str) -> Result<Vec<Section>> {
    let collector = SectionCollector::new(page_path);
    rewrite_str(html, collector.add_handlers(RewriteStrSettings::new()))?;
    Ok(collector.finish())
}

/// Gathers a page's sections while another lol_html pass (localizing) reads
/// it, so that indexing costs no second parse of every page.
pub struct SectionCollector {
    state: Rc<RefCell<CollectorState>>,
    page_path: String,
}

#[derive(Default)]
struct CollectorState {
    sections: Vec<Section>,
    in_heading: bool,
}

impl SectionCollector {
    /// A collector for the page at `page_path` (relative to its language).
    pub fn new(page_path: &str) -> SectionCollector {
        SectionCollector {
            state: Rc::default(),
            page_path: page_path.to_string(),
        }
    }

    /// `settings` with the collector's handlers added.
    pub fn add_handlers<'h, 's>(
        &self,
        settings: RewriteStrSettings<'h, 's>,
    ) -> RewriteStrSettings<'h, 's> {
        // End-tag handlers must own what they touch.
        let (on_heading, on_element, on_text) =
            (self.state.clone(), self.state.clone(), self.state.clone());
        let (heading_path, text_path) = (self.page_path.clone(), self.page_path.clone());
        settings
            .append_element_content_handler(element!(
                "main h1[id], main h2[id], main h3[id]",
                move |el| {
                    let id = el.get_attribute("id").unwrap_or_default();
                    let mut s = on_heading.borrow_mut();
                    s.sections.push(Section {
                        href: format!("{heading_path}#{id}"),
                        title: String::new(),
                        page_title: String::new(),
                        text: String::new(),
                    });
                    s.in_heading = true;
                    if let Some(handlers) = el.end_tag_handlers() {
                        let state = Rc::clone(&on_heading);
                        let on_end: EndTagHandler<'static> = Box::new(move |_| {
                            state.borrow_mut().in_heading = false;
                            Ok(())
                        });
                        handlers.push(on_end);
                    }
                    Ok(())
                }
            ))
            // Block boundaries are word boundaries.
            .append_element_content_handler(element!("main *", move |_| {
                let mut s = on_element.borrow_mut();
                if let Some(last) = s.sections.last_mut() {
                    last.text.push(' ');
                }
                Ok(())
            }))
            .append_element_content_handler(text!("main", move |chunk| {
                let mut s = on_text.borrow_mut();
                let in_heading = s.in_heading;
                if s.sections.is_empty() && !chunk.as_str().trim().is_empty() {
                    s.sections.push(Section {
                        href: text_path.clone(),
                        title: String::new(),
                        page_title: String::new(),
                        text: String::new(),
                    });
                }
                let Some(last) = s.sections.last_mut() else {
                    return Ok(());
                };
                let decoded = decode_entities(chunk.as_str());
                if in_heading {
                    last.title.push_str(&decoded);
                } else {
                    last.text.push_str(&decoded);
                }
                Ok(())
            }))
    }

    /// The sections found, once the rewrite is done.
    pub fn finish(self) -> Vec<Section> {
        let mut sections = std::mem::take(&mut self.state.borrow_mut().sections);
        for section in &mut sections {
            section.title = collapse_spaces(&section.title);
            section.text = collapse_spaces(&section.text);
        }
        sections.retain(|s| !(s.title.is_empty() && s.text.is_empty()));
        // The page's first heading names the page.
        let page_title = sections
            .first()
            .map(|s| s.title.clone())
            .unwrap_or_default();
        for section in &mut sections {
            section.page_title.clone_from(&page_title);
        }
        sections
    }
}

/// Whether a page's text belongs in the search index.
pub fn is_indexed(page_path: &str) -> bool {
    !NOT_CHAPTERS.contains(&page_path)
}

/// Text chunks come as written in the HTML; mdBook escapes only these.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index as `theme/search.js` reads it. Kept compact, since a reader
/// downloads it whole: page paths and titles once per page, section numbers
/// as gaps from the previous one.
#[derive(Debug, Default, Serialize)]
pub struct SearchIndex {
    /// Per page: `[path, title]`.
    pages: Vec<(String, String)>,
    /// Per section: `[page number, heading id ("" for none), title, teaser]`.
    docs: Vec<(u32, String, String, String)>,
    /// Folded word → `[exact form ("" when equal to the folded word),
    /// [section gap, weight, section gap, weight, …]]`.
    terms: BTreeMap<String, Vec<(String, Vec<u32>)>>,
}

impl SearchIndex {
    /// Indexes `sections`, in order.
    pub fn new(sections: &[Section]) -> SearchIndex {
        // folded → exact → section → weight
        let mut terms: BTreeMap<String, BTreeMap<String, BTreeMap<u32, u32>>> = BTreeMap::new();
        let mut docs = Vec::with_capacity(sections.len());
        let mut pages: Vec<(String, String)> = Vec::new();
        for (number, section) in sections.iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            let words = [(&section.title, HEADING_WEIGHT), (&section.text, 1)];
            for (text, weight) in words {
                for word in tokenize(text) {
                    *terms
                        .entry(fold(&word))
                        .or_default()
                        .entry(word)
                        .or_default()
                        .entry(number)
                        .or_default() += weight;
                }
            }
            let (path, anchor) = section
                .href
                .split_once('#')
                .unwrap_or((section.href.as_str(), ""));
            if pages.last().is_none_or(|(last, _)| last != path) {
                pages.push((path.to_string(), section.page_title.clone()));
            }
            let page = u32::try_from(pages.len() - 1).unwrap_or(u32::MAX);
            docs.push((
                page,
                anchor.to_string(),
                section.title.clone(),
                teaser(&section.text),
            ));
        }
        let terms = terms
            .into_iter()
            .map(|(folded, forms)| {
                let forms = forms
                    .into_iter()
                    .map(|(form, postings)| {
                        let form = if form == folded { String::new() } else { form };
                        let mut previous = 0;
                        let postings = postings
                            .into_iter()
                            .flat_map(|(doc, weight)| {
                                let gap = doc - previous;
                                previous = doc;
                                [gap, weight]
                            })
                            .collect();
                        (form, postings)
                    })
                    .collect();
                (folded, forms)
            })
            .collect();
        SearchIndex { pages, docs, terms }
    }

    /// The index of every chapter page among one language's pages.
    pub fn of_pages(pages: &[LocalizedPage]) -> SearchIndex {
        let mut chapters: Vec<&LocalizedPage> =
            pages.iter().filter(|p| is_indexed(&p.relative)).collect();
        // The index page first, then the others in a stable order.
        chapters.sort_by_key(|p| (p.relative != "index.html", p.relative.as_str()));
        let sections: Vec<Section> = chapters
            .iter()
            .flat_map(|p| p.sections.iter().cloned())
            .collect();
        SearchIndex::new(&sections)
    }

    /// The index as JSON.
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }
}

fn teaser(text: &str) -> String {
    let mut words = text.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(TEASER_WORDS).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

/// Writes `searchindex.json` into `dir` for its `pages`.
pub fn write_index(dir: &Path, pages: &[LocalizedPage]) -> Result<()> {
    let index = SearchIndex::of_pages(pages);
    let path = dir.join(INDEX_FILE);
    fs::write(&path, index.to_json()?).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[track_caller]
    fn assert_fold(text: &str, expected: &str) {
        assert_eq!(fold(text), expected, "fold({text:?})");
    }

    #[test]
    fn folding_removes_every_vietnamese_diacritic() {
        assert_fold("Bình Dương", "binh duong");
        assert_fold("ĐỔI MỚI", "doi moi");
        assert_fold("nghệ ở những", "nghe o nhung");
        assert_fold("Ấp Ủ Ỹ ỵ", "ap u y y");
        // Decomposed input folds the same as composed.
        assert_fold("Bi\u{300}nh Du\u{31b}\u{301}ng", "binh dung");
        assert_fold("e\u{302}\u{323}", "e");
        assert_fold("smart city 4.0", "smart city 4.0");
    }

    #[track_caller]
    fn assert_tokens(text: &str, expected: &[&str]) {
        assert_eq!(tokenize(text), expected, "tokenize({text:?})");
    }

    #[test]
    fn words_stay_whole_with_no_stop_words() {
        // mdBook's English tokenizer made these `ngh`, `` and `` and dropped `an`, `do`, `to`.
        assert_tokens("nghệ, đô; đổi.", &["nghệ", "đô", "đổi"]);
        assert_tokens("an ninh do to lớn", &["an", "ninh", "do", "to", "lớn"]);
        assert_tokens(
            "TP.Hồ Chí Minh (12.670 ha)",
            &["tp", "hồ", "chí", "minh", "12", "670", "ha"],
        );
        // Decomposed text comes out composed.
        assert_tokens("Bi\u{300}nh", &["bình"]);
        assert_tokens("“Thành phố thông minh”", &["thành", "phố", "thông", "minh"]);
    }

    #[test]
    fn sections_follow_headings_inside_main_only() {
        let html = r##"<html><body><nav><a href="x.html">Mục lục</a></nav><main>
<h1 id="top"><a class="header" href="#top">Đô thị &amp; nghệ</a></h1>
<p>Bình Dương <em>đổi</em><br>mới.</p>
<h2 id="b"><a class="header" href="#b">Phần hai</a></h2><p>an ninh</p></main></body></html>"##;
        let sections = page_sections(html, "c.html").unwrap();
        assert_eq!(
            sections,
            [
                Section {
                    href: "c.html#top".into(),
                    title: "Đô thị & nghệ".into(),
                    page_title: "Đô thị & nghệ".into(),
                    text: "Bình Dương đổi mới.".into(),
                },
                Section {
                    href: "c.html#b".into(),
                    title: "Phần hai".into(),
                    page_title: "Đô thị & nghệ".into(),
                    text: "an ninh".into(),
                },
            ]
        );
    }

    #[test]
    fn index_files_exact_forms_under_folded_words() {
        let section = |href: &str, title: &str, text: &str| Section {
            href: href.into(),
            title: title.into(),
            page_title: title.into(),
            text: text.into(),
        };
        let index = SearchIndex::new(&[
            section("a.html#a", "Bình Dương", "binh dương bình"),
            section("b.html#b", "Khác", "bính"),
            section("b.html#c", "Ba", "bính bính"),
        ]);
        let json: serde_json::Value = serde_json::from_str(&index.to_json().unwrap()).unwrap();
        assert_eq!(
            json["terms"]["binh"],
            serde_json::json!([["", [0, 1]], ["bình", [0, 6]], ["bính", [1, 1, 1, 2]]])
        );
        assert_eq!(
            json["terms"]["duong"],
            serde_json::json!([["dương", [0, 6]]])
        );
        assert_eq!(
            json["pages"],
            serde_json::json!([["a.html", "Bình Dương"], ["b.html", "Khác"]])
        );
        assert_eq!(
            json["docs"][2],
            serde_json::json!([1, "c", "Ba", "bính bính"])
        );
    }

    #[test]
    fn teasers_are_cut_at_a_word() {
        let long = "một ".repeat(40);
        let t = teaser(&long);
        assert!(t.ends_with(" …"), "{t}");
        assert_eq!(t.split_whitespace().count(), TEASER_WORDS + 1);
        assert_eq!(teaser("ngắn thôi"), "ngắn thôi");
    }
}
