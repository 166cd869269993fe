//! Checking a built site from its files, as a reader's browser would find
//! it: every page of the source language exists in every language at the
//! same path, each says its language (`<html lang dir>`), every chapter
//! page that leads to side-by-side pages has them, each block beside its
//! original, and every link and anchor inside the site resolves. For tests
//! and for the real-book check (`cargo xtask real-book`), on any book.

use crate::output_tree::files_under;
use crate::project::Language;
use anyhow::{Context, Result};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// What one page holds, for the checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<html dir>`.
    pub dir: Option<String>,
    /// Every `href` and `src`.
    pub references: Vec<String>,
    /// Every `id` (and `<a name>`).
    pub ids: BTreeSet<String>,
    /// How many elements say they are in the source language (a
    /// translated page's fallbacks), and whether the page has the notice.
    pub marked_source: usize,
    /// The page has the untranslated-page notice.
    pub notice: bool,
    /// Passages shown as an outdated translation.
    pub outdated: usize,
    /// A side-by-side page (`<main class="side-by-side">`).
    pub side_by_side: bool,
    /// Its blocks: `(translation, original)` columns, counted apart.
    pub columns: (usize, usize),
    /// Where its side-by-side control leads (`.side-by-side-link`, and the
    /// links of the menu of them).
    pub side_by_side_links: Vec<String>,
}

/// What the checks found, per language and in all.
#[derive(Debug, Clone, Default)]
pub struct SiteReport {
    /// Pages per language code.
    pub pages: BTreeMap<String, usize>,
    /// Internal references checked.
    pub references: usize,
    /// Pages with text marked as the source language, per language.
    pub pages_with_fallbacks: BTreeMap<String, usize>,
    /// Pages with the untranslated-page notice, per language.
    pub pages_with_notice: BTreeMap<String, usize>,
    /// Passages shown as an outdated translation, per language.
    pub outdated_passages: BTreeMap<String, usize>,
    /// Side-by-side pages per language (in its frame: the source language's
    /// stand beside each translation).
    pub side_by_side_pages: BTreeMap<String, usize>,
    /// Blocks laid out beside their originals, in all.
    pub side_by_side_blocks: usize,
    /// Every problem, one line each.
    pub problems: Vec<String>,
}

/// Reads what `html` holds; `source` is the source language's code.
pub fn page_facts(html: &str, source: &str) -> Result<PageFacts> {
    let facts = RefCell::new(PageFacts::default());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("html", |el| {
            let mut f = facts.borrow_mut();
            f.lang = el.get_attribute("lang");
            f.dir = el.get_attribute("dir");
            Ok(())
        }))
        // `<base href>` is where the others resolve from, not a link.
        .append_element_content_handler(element!("[href]:not(base), [src]", |el| {
            for attr in ["href", "src"] {
                if let Some(value) = el.get_attribute(attr) {
                    facts.borrow_mut().references.push(value);
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[id], a[name]", |el| {
            for attr in ["id", "name"] {
                if let Some(value) = el.get_attribute(attr) {
                    facts.borrow_mut().ids.insert(value);
                }
            }
            Ok(())
        }))
        // Side by side, the original's column is the original.
        .append_element_content_handler(element!("main [lang]:not(.pair-other)", |el| {
            if el.get_attribute("lang").as_deref() == Some(source) {
                facts.borrow_mut().marked_source += 1;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("main.side-by-side", |_| {
            facts.borrow_mut().side_by_side = true;
            Ok(())
        }))
        .append_element_content_handler(element!(
            "main .pair:not(.pair-legend) > .pair-main",
            |_| {
                facts.borrow_mut().columns.0 += 1;
                Ok(())
            }
        ))
        .append_element_content_handler(element!(
            "main .pair:not(.pair-legend) > .pair-other",
            |_| {
                facts.borrow_mut().columns.1 += 1;
                Ok(())
            }
        ))
        .append_element_content_handler(element!(
            ".side-by-side-link, .side-by-side-menu a",
            |el| {
                if let Some(href) = el.get_attribute("href") {
                    facts.borrow_mut().side_by_side_links.push(href);
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!(".untranslated-notice[role=note]", |_| {
            facts.borrow_mut().notice = true;
            Ok(())
        }))
        .append_element_content_handler(element!("main .outdated", |_| {
            facts.borrow_mut().outdated += 1;
            Ok(())
        }));
    rewrite_str(html, settings)?;
    Ok(facts.into_inner())
}

/// Checks the site built into `site` for `languages` (source first).
pub fn check_site(site: &Path, languages: &[Language]) -> Result<SiteReport> {
    let source = &languages[0];
    let translated: Vec<&str> = languages[1..].iter().map(|l| l.code.as_str()).collect();
    let mut report = SiteReport::default();
    // Every page of every language, by its path from the site's root.
    let mut facts: BTreeMap<String, PageFacts> = BTreeMap::new();
    let mut files: BTreeSet<String> = BTreeSet::new();
    for file in files_under(site, |_| true)? {
        if file.is_html() {
            let html = fs::read_to_string(&file.path)
                .with_context(|| format!("reading {}", file.path.display()))?;
            let page = page_facts(&html, &source.code)
                .with_context(|| format!("reading {}", file.path.display()))?;
            facts.insert(file.relative.clone(), page);
        }
        files.insert(file.relative);
    }
    let in_language = |relative: &str, language: &Language| -> Option<String> {
        if language.is_source {
            let first = relative.split('/').next().unwrap_or("");
            (!translated.contains(&first)).then(|| relative.to_string())
        } else {
            relative
                .strip_prefix(&format!("{}/", language.code))
                .map(str::to_string)
        }
    };
    let own = |r: &String| !facts.get(r).is_some_and(|f| f.side_by_side);
    let source_pages: BTreeSet<String> = facts
        .keys()
        .filter(|r| own(r))
        .filter_map(|r| in_language(r, source))
        .collect();
    for language in languages {
        let pages: BTreeSet<String> = facts
            .keys()
            .filter_map(|r| in_language(r, language))
            .collect();
        let (own_pages, beside): (BTreeSet<&String>, BTreeSet<&String>) = pages
            .iter()
            .partition(|p| own(&format!("{}{p}", subdir(language))));
        report.pages.insert(language.code.clone(), own_pages.len());
        if !beside.is_empty() {
            report
                .side_by_side_pages
                .insert(language.code.clone(), beside.len());
        }
        for missing in source_pages.iter().filter(|p| !own_pages.contains(p)) {
            report
                .problems
                .push(format!("{}: no page {missing}", language.code));
        }
        // A page that leads to side-by-side pages leads to one beside each
        // language it pairs with: every translation, or the original.
        let partners: Vec<&Language> = languages
            .iter()
            .filter(|l| l.is_source != language.is_source)
            .collect();
        for page in &own_pages {
            let path = format!("{}{page}", subdir(language));
            let Some(links) = facts.get(&path).map(|f| &f.side_by_side_links) else {
                continue;
            };
            if links.is_empty() {
                continue;
            }
            for partner in &partners {
                let beside = crate::page::side_by_side_page(page, &partner.code);
                if !pages.contains(&beside) {
                    report.problems.push(format!(
                        "{path}: no side-by-side page {}{beside}",
                        subdir(language)
                    ));
                }
            }
        }
        for page in &pages {
            let path = format!("{}{page}", subdir(language));
            let Some(page_facts) = facts.get(&path) else {
                continue;
            };
            if page_facts.side_by_side {
                let (translation, original) = page_facts.columns;
                report.side_by_side_blocks += translation;
                if translation != original {
                    report.problems.push(format!(
                        "{path}: {translation} translated blocks beside {original} originals"
                    ));
                }
            }
            if page_facts.lang.as_deref() != Some(language.code.as_str()) {
                report.problems.push(format!(
                    "{path}: <html lang={:?}>, not {:?}",
                    page_facts.lang, language.code
                ));
            }
            if page_facts.dir.as_deref() != Some(language.dir()) {
                report.problems.push(format!(
                    "{path}: <html dir={:?}>, not {:?}",
                    page_facts.dir,
                    language.dir()
                ));
            }
            if !language.is_source {
                if page_facts.marked_source > 0 && !page_facts.notice {
                    report.problems.push(format!(
                        "{path}: text in {} without the notice",
                        source.code
                    ));
                }
                if page_facts.outdated > 0 && !page_facts.notice {
                    report
                        .problems
                        .push(format!("{path}: outdated passages without the notice"));
                }
            }
            // A side-by-side page shows what its own page shows: counted once.
            if language.is_source || page_facts.side_by_side {
                continue;
            }
            let count = |counts: &mut BTreeMap<String, usize>, n: usize| {
                if n > 0 {
                    *counts.entry(language.code.clone()).or_default() += n;
                }
            };
            count(
                &mut report.pages_with_fallbacks,
                usize::from(page_facts.marked_source > 0),
            );
            count(
                &mut report.pages_with_notice,
                usize::from(page_facts.notice),
            );
            count(&mut report.outdated_passages, page_facts.outdated);
        }
    }
    for (path, page) in &facts {
        for reference in &page.references {
            let Some((target, fragment)) = resolve(path, reference) else {
                continue;
            };
            report.references += 1;
            // A folder stands for its index.html, as hosts serve it.
            let target = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            if !files.contains(&target) {
                report
                    .problems
                    .push(format!("{path}: `{reference}` leads to no file"));
                continue;
            }
            if let (Some(fragment), Some(target_facts)) = (fragment, facts.get(&target))
                && !fragment.is_empty()
                && !target_facts.ids.contains(&fragment)
            {
                report.problems.push(format!(
                    "{path}: `{reference}`: {target} has no #{fragment}"
                ));
            }
        }
    }
    Ok(report)
}

fn subdir(language: &Language) -> String {
    if language.is_source {
        String::new()
    } else {
        format!("{}/", language.code)
    }
}

/// The file under the site's root that `reference`, written in the page
/// at `page`, points at, and its fragment; `None` for another site, a
/// scheme or the page itself.
fn resolve(page: &str, reference: &str) -> Option<(String, Option<String>)> {
    let reference = reference.trim();
    if !po_checks::safety::scheme(reference).is_empty() || reference.starts_with("//") {
        return None;
    }
    let (path, fragment) = match reference.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decode(fragment))),
        None => (reference, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        // `#anchor` on the page itself.
        return Some((page.to_string(), fragment));
    }
    let mut parts: Vec<String> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut base: Vec<String> = page.split('/').map(str::to_string).collect();
        base.pop();
        base
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(percent_decode(part)),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/') && !target.is_empty() {
        target.push('/');
    }
    Some((target, fragment))
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_from_the_page() {
        assert_eq!(
            resolve("en/a/b.html", "../c.html#x"),
            Some(("en/c.html".into(), Some("x".into())))
        );
        assert_eq!(
            resolve("a.html", "#top"),
            Some(("a.html".into(), Some("top".into())))
        );
        assert_eq!(resolve("a.html", "https://x.org/"), None);
        assert_eq!(resolve("a.html", "data:,x"), None);
        assert_eq!(
            resolve("a.html", "th%C3%A0nh.html"),
            Some(("thành.html".into(), None))
        );
        assert_eq!(resolve("a.html", "../../x.html"), None);
    }

    #[test]
    fn a_small_site_is_checked_whole() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, html: &str| {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, html).unwrap();
        };
        write(
            "index.html",
            r##"<html lang="vi" dir="ltr"><a href="en/index.html">en</a><a href="b.html#x">b</a><h1 id="t">t</h1></html>"##,
        );
        write(
            "b.html",
            r#"<html lang="vi" dir="ltr"><p id="x">x</p></html>"#,
        );
        write(
            "en/index.html",
            r##"<html lang="en" dir="ltr"><main><p lang="vi">chưa dịch</p></main><a href="../index.html#nope">vi</a></html>"##,
        );
        let languages = [Language::new("vi", true), Language::new("en", false)];
        let report = check_site(dir.path(), &languages).unwrap();
        assert_eq!(report.pages["vi"], 2);
        assert_eq!(
            report.problems,
            [
                "en: no page b.html",
                "en/index.html: text in vi without the notice",
                "en/index.html: `../index.html#nope`: index.html has no #nope",
            ]
        );
        assert_eq!(report.references, 3);
    }
}
