//! The translation status page of a language (`translation.html`): per
//! chapter, how many messages are translated, outdated and untranslated,
//! with a bar — the figures of `i18n status --json` — for readers who
//! wonder how far a translation is, and translators looking for work. It
//! is the language's index page with its content replaced (as
//! [`super::contents`] does), linked from the untranslated-page notice, and
//! kept out of the sitemap.

use super::contents::page_from_index;
use crate::project::Language;
use crate::render::toc::Toc;
use crate::words::Words;
use anyhow::{Context, Result};
use po_checks::status::{Counts, LanguageStatus};
use pulldown_cmark_escape::escape_html;
use std::fs;
use std::path::Path;

/// The page's file name in each language's folder.
pub const STATUS_PAGE: &str = "translation.html";

/// Writes [`STATUS_PAGE`] into `dest` (one language's output) from its
/// `index.html`: a row per chapter of `toc` whose source file (under the
/// book's `src` folder) has messages in `status`, then one for the rest.
pub fn write_status_page(
    dest: &Path,
    words: &Words,
    status: &LanguageStatus,
    toc: &Toc,
    src: &str,
) -> Result<()> {
    let word = |key: &str| word(words, key);
    let mut rows = Vec::new();
    let mut other = Counts::default();
    let mut shown = std::collections::HashSet::new();
    for (href, label) in toc.chapters() {
        let found = sources_of(href)
            .into_iter()
            .map(|name| format!("{src}/{name}"))
            .find_map(|file| status.files.get(&file).map(|counts| (file, counts)));
        if let Some((file, counts)) = found {
            shown.insert(file);
            rows.push((
                format!("<a href=\"{}\">{label}</a>", escaped(href)),
                *counts,
            ));
        }
    }
    for (file, counts) in &status.files {
        if !shown.contains(file) {
            other.translated += counts.translated;
            other.outdated += counts.outdated;
            other.untranslated += counts.untranslated;
        }
    }
    if other.total() > 0 {
        rows.push((word("status-other")?, other));
    }
    write_table_page(dest, words, "status-page", &rows)
}

/// Writes [`STATUS_PAGE`] into the source language's output `dest`: a row
/// per translation, named in its own language (`languages`: each with its
/// name and the figures of its catalog), linking to its own status page.
pub fn write_overview_page(
    dest: &Path,
    words: &Words,
    languages: &[(Language, String, Counts)],
) -> Result<()> {
    let rows: Vec<(String, Counts)> = languages
        .iter()
        .map(|(language, name, counts)| {
            let code = escaped(&language.code);
            let link = format!(
                "<a href=\"{code}/{STATUS_PAGE}\" hreflang=\"{code}\" lang=\"{code}\">{}</a>",
                escaped(name)
            );
            (link, *counts)
        })
        .collect();
    write_table_page(dest, words, "language", &rows)
}

/// The page of figures: a row per `(header markup, counts)`, the first
/// column headed by the word `first`.
fn write_table_page(
    dest: &Path,
    words: &Words,
    first: &str,
    rows: &[(String, Counts)],
) -> Result<()> {
    let index = dest.join("index.html");
    let html =
        fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let word = |key: &str| word(words, key);
    let heading = word("status-title")?;
    let translated = word("status-translated")?;
    let rows: String = rows
        .iter()
        .map(|(header, counts)| row(header, counts, &translated))
        .collect();
    let main = format!(
        concat!(
            "<h1 id=\"translation-status\">{heading}</h1>",
            // A data table may scroll sideways on a phone (WCAG 1.4.10
            // exempts it); a scrolling box must take focus to be scrolled
            // from the keyboard.
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"translation-status\">",
            "<table class=\"translation-status\"><thead><tr><th scope=\"col\">{first}</th>",
            "<th scope=\"col\">{translated}</th><th scope=\"col\">{outdated}</th>",
            "<th scope=\"col\">{untranslated}</th>",
            "<th scope=\"col\"><span class=\"visually-hidden\">{translated}</span></th></tr></thead>",
            "<tbody>{rows}</tbody></table></div>"
        ),
        heading = heading,
        first = word(first)?,
        translated = translated,
        outdated = word("status-outdated")?,
        untranslated = word("status-untranslated")?,
        rows = rows,
    );
    let page = page_from_index(&html, &heading, &main, true)
        .with_context(|| format!("rewriting {}", index.display()))?;
    let path = dest.join(STATUS_PAGE);
    fs::write(&path, page).with_context(|| format!("writing {}", path.display()))
}

/// One row: its header's markup, the figures, and a bar of the share
/// translated, named by `translated` (the column's word) and the figures.
fn row(header: &str, counts: &Counts, translated: &str) -> String {
    let total = counts.total();
    format!(
        concat!(
            "<tr><th scope=\"row\">{header}</th><td>{t}</td><td>{o}</td><td>{u}</td>",
            "<td><meter min=\"0\" max=\"{total}\" value=\"{t}\" aria-label=\"{translated}: {t} / {total}\"></meter></td></tr>"
        ),
        header = header,
        t = counts.translated,
        o = counts.outdated,
        u = counts.untranslated,
        total = total.max(1),
        translated = translated,
    )
}

/// The source files the page at `href` may come from, as mdBook names
/// pages (`x.md` → `x.html`, `README.md` → `index.html`).
fn sources_of(href: &str) -> Vec<String> {
    let page = href.split('#').next().unwrap_or(href);
    let stem = page.strip_suffix(".html").unwrap_or(page);
    let mut names = vec![format!("{stem}.md")];
    if let Some(folder) = stem.strip_suffix("index") {
        names.push(format!("{folder}README.md"));
    }
    names
}

/// The theme word `key`, escaped.
fn word(words: &Words, key: &str) -> Result<String> {
    let text = words
        .ui(key)
        .with_context(|| format!("the theme's words lack `{key}`"))?;
    Ok(escaped(text))
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}
