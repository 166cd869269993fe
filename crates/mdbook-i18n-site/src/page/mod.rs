//! Putting each rendered page in its language, after mdBook has written it.
//!
//! The theme marks what the builder fills in, and lol_html (a streaming HTML
//! rewriter driven by CSS selectors) rewrites the pages:
//! - `data-i18n="key"`: the element's text becomes the theme string `key`
//!   (see `theme/ui.toml`) in the page's language;
//! - `data-i18n-attrs="aria-label:key title:key2"`: the same for attributes;
//! - `data-language-switch`: filled with one link per language to the same
//!   page in that language (plain links: they work without JavaScript);
//! - `<ol data-toc>` (in the theme copy mdBook renders from, see
//!   [`crate::render::toc`]): replaced by the table of contents, with this page's
//!   link marked `aria-current="page"`;
//! - `<head>` gets `rel="alternate" hreflang` links and a canonical URL when
//!   `site-url` is absolute, as search engines require;
//! - the 404 page, which hosts serve at every missing address under a
//!   `<base>`, gets links to its own fragments made `404.html#…`, and the
//!   source language's one a script that sends a miss under a translation's
//!   folder to that translation's 404 page;
//! - every page gets a Content-Security-Policy that allows only the site's
//!   own scripts and styles plus the hashes of the page's inline ones (see
//!   [`content_security_policy`]), so markup that slipped past every check
//!   still cannot run.

pub mod contents;
pub mod print;
pub mod prune;
pub mod sections;
pub mod status;

use crate::output_tree::{OutputFile, files_under};
use crate::project::{Language, counterpart_href};
use crate::render::toc::{CONTENTS_PAGE, TOC_SELECTOR, Toc};
use crate::words::Words;
use anyhow::{Context, Result, anyhow};
use base64::Engine;
use contents::WHOLE_TOC_SELECTOR;
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};
use pulldown_cmark_escape::escape_html;
use sections::{Section, SectionCollector};
use sha2::{Digest, Sha256};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// The page every host serves for a missing address.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// The page mdBook writes for the book's first chapter.
pub const INDEX_PAGE: &str = "index.html";

/// Stands in the `<head>` for the policy until the page has been read: the
/// policy names the hashes of inline scripts that come after it.
const POLICY_PLACEHOLDER: &str = "\u{1}content-security-policy\u{1}";

/// Which pages of a language a [`PageSet`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View<'a> {
    /// The language's own pages.
    #[default]
    Own,
    /// Its side-by-side pages (`chapter.<partner>.html`): each block of a
    /// translation beside its original, `partner` being the other language
    /// of the two.
    SideBySide {
        /// The original, on a translation's page; the translation, on the
        /// source language's.
        partner: &'a Language,
    },
}

/// `page` (`a/b.html`) as the side-by-side page beside `partner`
/// (`a/b.vi.html`).
pub fn side_by_side_page(page: &str, partner: &str) -> String {
    match page.strip_suffix(".html") {
        Some(stem) => format!("{stem}.{partner}.html"),
        None => format!("{page}.{partner}.html"),
    }
}

/// Everything the pages of one language need to know.
pub struct PageSet<'a> {
    /// The language of these pages.
    pub language: &'a Language,
    /// Every language of the site, source first, with its own name for itself.
    pub languages: &'a [(Language, String)],
    /// The theme strings in this language.
    pub words: &'a Words,
    /// The base URL of the whole site, ending in `/`.
    pub site_url: &'a str,
    /// The table of contents, which replaces the theme's `<ol data-toc>`.
    pub toc: &'a Toc,
    /// The search script's file name in the language's folder.
    pub search_script: &'a str,
    /// Which of the language's pages these are.
    pub view: View<'a>,
    /// The language's chapter pages (`index.html` among them), which have
    /// side-by-side pages when the site does, and the words of the control
    /// that leads there; `None` when the site has none.
    pub side_by_side: Option<(&'a HashSet<String>, &'a ViewControl)>,
    /// The whole book as a PDF, when the build makes one: its file in the
    /// language's folder, and the name a download gets.
    pub pdf: Option<(&'a str, &'a str)>,
    /// The pages are published: they register the language's service
    /// worker and link its manifest ([`crate::offline`]).
    pub offline: bool,
}

/// The toolbar's control between a chapter page and its side-by-side
/// pages, in one language: its words are looked up once per language.
#[derive(Debug, Clone, Default)]
pub struct ViewControl {
    /// On a page of its own: one link per side-by-side page — the
    /// partner's code, the link's label and the partner's name for itself.
    to_side_by_side: Vec<(String, String, String)>,
    /// The label of the menu that holds them, when there are several.
    menu: String,
    /// On a side-by-side page: the label of the link back.
    back: String,
}

impl ViewControl {
    /// The control on `language`'s pages, `languages` being the site's.
    pub fn new(
        words: &Words,
        language: &Language,
        languages: &[(Language, String)],
    ) -> Result<ViewControl> {
        let word = |key: &str, named: Option<&Language>| -> Result<String> {
            let text = words
                .ui(key)
                .ok_or_else(|| anyhow!("{}", unknown_key(key)))?;
            Ok(match named {
                // Named in the language the word is in (it may have fallen back).
                Some(named) => {
                    let written_in = words
                        .fallback_lang(&format!("ui:{key}"))
                        .map_or_else(|| language.clone(), |code| Language::new(code, false));
                    text.replace("{language}", &named.name_in(&written_in))
                }
                None => text.to_string(),
            })
        };
        let partners = languages
            .iter()
            .filter(|(l, _)| l.is_source != language.is_source);
        let mut to_side_by_side = Vec::new();
        for (partner, name) in partners {
            let key = if language.is_source {
                "side-by-side-translation"
            } else {
                "side-by-side-original"
            };
            to_side_by_side.push((
                partner.code.clone(),
                word(key, Some(partner))?,
                name.clone(),
            ));
        }
        Ok(ViewControl {
            to_side_by_side,
            menu: word("side-by-side-menu", None)?,
            back: word("side-by-side-back", Some(language))?,
        })
    }

    /// The control on the page at `own_page` (a language's own page's path)
    /// in `view`: in the menu bar, or as links in text at the end of the page.
    fn html(&self, own_page: &str, view: View<'_>, at_page_end: bool) -> String {
        let file = own_page.rsplit('/').next().unwrap_or(own_page);
        let mut html = String::new();
        // One link: an icon in the menu bar, its label as text at the end.
        let link = |html: &mut String, href: &str, label: &str, on: bool| {
            if at_page_end {
                push_start_tag(html, "a", &[("href", href)]);
                escape_html(&mut *html, label).ok();
            } else {
                let class = if on {
                    "icon-button side-by-side-link is-on"
                } else {
                    "icon-button side-by-side-link"
                };
                let attributes = [
                    ("class", class),
                    ("href", href),
                    ("aria-label", label),
                    ("title", label),
                ];
                push_start_tag(html, "a", &attributes);
                html.push_str(SIDE_BY_SIDE_ICON);
            }
            html.push_str("</a>");
        };
        match (view, self.to_side_by_side.as_slice()) {
            (_, []) => return String::new(),
            (View::SideBySide { .. }, _) => link(&mut html, file, &self.back, true),
            (View::Own, [(code, label, _)]) => {
                link(&mut html, &side_by_side_page(file, code), label, false)
            }
            (View::Own, several) => {
                if at_page_end {
                    escape_html(&mut html, &self.menu).ok();
                    html.push(':');
                } else {
                    html.push_str("<details class=\"menu side-by-side-menu\">");
                    let label = self.menu.as_str();
                    push_start_tag(
                        &mut html,
                        "summary",
                        &[
                            ("class", "icon-button"),
                            ("aria-label", label),
                            ("title", label),
                        ],
                    );
                    html.push_str(SIDE_BY_SIDE_ICON);
                    html.push_str("</summary><ul class=\"popup\">");
                }
                for (code, label, name) in several {
                    let href = side_by_side_page(file, code);
                    let attributes = [
                        ("href", href.as_str()),
                        ("hreflang", code),
                        ("lang", code),
                        ("title", label),
                    ];
                    html.push_str(if at_page_end { " " } else { "<li>" });
                    push_start_tag(&mut html, "a", &attributes);
                    escape_html(&mut html, name).ok();
                    html.push_str(if at_page_end { "</a>" } else { "</a></li>" });
                }
                if !at_page_end {
                    html.push_str("</ul></details>");
                }
            }
        }
        if at_page_end {
            html = format!("<span class=\"side-by-side-end\">{html}</span>");
        }
        html
    }
}

/// Writes `<name attribute="value"…>`, the values escaped.
fn push_start_tag(html: &mut String, name: &str, attributes: &[(&str, &str)]) {
    html.push('<');
    html.push_str(name);
    for (attribute, value) in attributes {
        html.push(' ');
        html.push_str(attribute);
        html.push_str("=\"");
        escape_html(&mut *html, value).ok();
        html.push('"');
    }
    html.push('>');
}

/// Two columns.
const SIDE_BY_SIDE_ICON: &str = "<svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\"><path d=\"M3 4h7v16H3zm11 0h7v16h-7z\"/></svg>";

/// What the steps after [`localize_tree`] (search index, pruning) need of a
/// page, gathered in the same pass so that no page is read or parsed twice;
/// the HTML itself is not kept, so memory stays bounded by the largest page.
#[derive(Debug, Clone)]
pub struct LocalizedPage {
    /// The page's path inside its language's folder (`chapter.html`).
    pub relative: String,
    /// Every `href`, `src`, `data-script` and `data-index` value on it.
    pub references: Vec<String>,
    /// Its searchable sections (none for pages search leaves out).
    pub sections: Vec<Section>,
    /// It asks search engines not to index it (`<meta name="robots"
    /// content="noindex">`): no place in the sitemap.
    pub noindex: bool,
    /// Its canonical address is another page's (a side-by-side page's is
    /// its own page's, the print page's the book's first page): no place
    /// in the sitemap either.
    pub canonical_elsewhere: bool,
}

/// Rewrites every `.html` file under `dir` (one language's output) and
/// returns them.
pub fn localize_tree(dir: &Path, pages: &PageSet<'_>) -> Result<Vec<LocalizedPage>> {
    let mut localized = Vec::new();
    for file in files_under(dir, |_| true)?
        .into_iter()
        .filter(OutputFile::is_html)
    {
        let html = fs::read_to_string(&file.path)
            .with_context(|| format!("reading {}", file.path.display()))?;
        let collector = SectionCollector::new(&file.relative);
        let index = sections::is_indexed(&file.relative).then_some(&collector);
        let page = rewrite_page(&html, &file.relative, pages, index)
            .with_context(|| format!("rewriting {}", file.path.display()))?;
        fs::write(&file.path, &page.html)
            .with_context(|| format!("writing {}", file.path.display()))?;
        let sections = collector.finish();
        let canonical_elsewhere = page_path_is_print(&file.relative);
        localized.push(LocalizedPage {
            relative: file.relative,
            references: page.references,
            sections,
            noindex: page.noindex,
            canonical_elsewhere,
        });
    }
    Ok(localized)
}

/// Rewrites one side-by-side page (`pages.view` says beside which
/// language), to be written at `page_path`; returns it and what the pass
/// learnt of it (it has no searchable sections: its own page has them).
pub fn localize_side_by_side_page(
    html: &str,
    page_path: &str,
    pages: &PageSet<'_>,
) -> Result<(String, LocalizedPage)> {
    let page = rewrite_page(html, page_path, pages, None)?;
    let localized = LocalizedPage {
        relative: page_path.to_string(),
        references: page.references,
        sections: Vec::new(),
        noindex: page.noindex,
        canonical_elsewhere: true,
    };
    Ok((page.html, localized))
}

/// Rewrites one page; `page_path` is its path inside its language's folder
/// (`index.html`, `chapter.html`).
pub fn localize_page(html: &str, page_path: &str, pages: &PageSet<'_>) -> Result<String> {
    Ok(rewrite_page(html, page_path, pages, None)?.html)
}

/// A rewritten page and what the pass learnt about it.
struct Rewritten {
    html: String,
    references: Vec<String>,
    noindex: bool,
}

/// What the pass gathers for the page's policy.
#[derive(Default)]
struct Inline {
    /// The text of the inline `<script>` or `<style>` being read.
    current: Option<String>,
    scripts: Vec<String>,
    styles: Vec<String>,
    style_attributes: bool,
}

/// The rewrite, collecting the page's references on the way.
fn rewrite_page(
    html: &str,
    page_path: &str,
    pages: &PageSet<'_>,
    index: Option<&SectionCollector>,
) -> Result<Rewritten> {
    let references = RefCell::new(Vec::new());
    let noindex = Cell::new(false);
    let inline = std::rc::Rc::new(RefCell::new(Inline::default()));
    let words = pages.words;
    // A side-by-side page stands for its language's own page.
    let own_path = match pages.view {
        View::Own => page_path.to_string(),
        View::SideBySide { partner } => page_path
            .strip_suffix(&format!(".{}.html", partner.code))
            .map_or_else(|| page_path.to_string(), |stem| format!("{stem}.html")),
    };
    let own_path = own_path.as_str();
    let switch = language_switch(own_path, pages);
    let control = match pages.side_by_side {
        Some((chapters, control)) if chapters.contains(own_path) => Some((
            control.html(own_path, pages.view, false),
            control.html(own_path, pages.view, true),
        )),
        _ => None,
    };
    let pdf = pages.pdf.map(|(file, name)| {
        let href = format!("{}{file}", "../".repeat(page_path.matches('/').count()));
        let attributes = [
            ("class", "pdf-link"),
            ("href", href.as_str()),
            ("type", "application/pdf"),
            ("download", name),
        ];
        let mut html = String::new();
        push_start_tag(&mut html, "a", &attributes);
        escape_html(&mut html, words.ui("download-pdf").unwrap_or("PDF")).ok();
        html.push_str("</a>");
        html
    });
    // The print page's contents lead to each chapter's place on it.
    let print_contents = match page_path == print::PRINT_PAGE {
        true => Some(print::contents(pages.toc, &print::chapter_anchors(html)?)),
        false => None,
    };
    let is_not_found = page_path == NOT_FOUND_PAGE;
    let redirect = (is_not_found && pages.language.is_source)
        .then(|| not_found_redirect(pages.languages))
        .flatten();
    let mut head = head_links(own_path, pages);
    let up = "../".repeat(page_path.matches('/').count());
    if let Some(script) = &redirect {
        head.push_str("<script data-not-found-redirect>");
        head.push_str(script);
        head.push_str("</script>");
    }
    // A page of `[output.html.redirect]` (the theme's `redirect.hbs`) has
    // the canonical address of its target: none of its own.
    let is_redirect = Cell::new(false);
    let settings = RewriteStrSettings::new()
        // Every page in the page's language, whatever its template says
        // (mdBook's own redirect template says "en").
        .append_element_content_handler(element!("html", |el| {
            el.set_attribute("lang", &pages.language.code)?;
            el.set_attribute("dir", pages.language.dir())?;
            if el.has_attribute("data-redirect") {
                is_redirect.set(true);
                noindex.set(true);
                el.remove_attribute("data-redirect");
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[data-i18n]", move |el| {
            if let Some(key) = el.get_attribute("data-i18n") {
                let text = words.ui(&key).ok_or_else(|| unknown_key(&key))?;
                // The source language too: the words' tables, not the
                // template's placeholder text, are where the words live.
                el.set_inner_content(text, ContentType::Text);
                // A word shown in another language for want of a
                // translation says so, for screen readers.
                if let Some(lang) = words.fallback_lang(&format!("ui:{key}")) {
                    el.set_attribute("lang", lang)?;
                }
            }
            el.remove_attribute("data-i18n");
            Ok(())
        }))
        .append_element_content_handler(element!("[data-og-locale]", |el| {
            el.set_attribute("content", &pages.language.og_locale())?;
            el.remove_attribute("data-og-locale");
            Ok(())
        }))
        // The search script and index, loaded when a reader opens search.
        .append_element_content_handler(element!("[data-search]", |el| {
            let up = "../".repeat(page_path.matches('/').count());
            let index = format!("{up}{}", crate::search::INDEX_FILE);
            let script = format!("{up}{}", pages.search_script);
            el.set_attribute("data-index", &index)?;
            el.set_attribute("data-script", &script)?;
            // Results open in the view the reader is in.
            if let View::SideBySide { partner } = pages.view {
                el.set_attribute("data-page-ending", &format!(".{}.html", partner.code))?;
            }
            el.remove_attribute("data-search");
            // Selectors match the tag as it was read: say what it now loads.
            references.borrow_mut().extend([index, script]);
            Ok(())
        }))
        .append_element_content_handler(element!("[data-i18n-attrs]", move |el| {
            if let Some(spec) = el.get_attribute("data-i18n-attrs") {
                for pair in spec.split_whitespace() {
                    let (attr, key) = pair.split_once(':').ok_or_else(|| {
                        anyhow!("data-i18n-attrs: `{pair}` is not `attribute:key`")
                    })?;
                    let text = words.ui(key).ok_or_else(|| unknown_key(key))?;
                    el.set_attribute(attr, text)?;
                }
            }
            el.remove_attribute("data-i18n-attrs");
            Ok(())
        }))
        .append_element_content_handler(element!("[data-side-by-side]", |el| {
            let at_page_end = el
                .get_attribute("data-side-by-side")
                .is_some_and(|v| !v.is_empty());
            match &control {
                Some((bar, end)) => {
                    let html = if at_page_end { end } else { bar };
                    el.replace(html, ContentType::Html);
                }
                None => el.remove(),
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[data-offline]", |el| {
            if pages.offline {
                let worker = format!("{up}{}", crate::offline::SERVICE_WORKER);
                el.set_attribute("data-worker", &worker)?;
                el.remove_attribute("data-offline");
            } else {
                el.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[data-pdf]", |el| {
            match &pdf {
                Some(link) => el.replace(link, ContentType::Html),
                None => el.remove(),
            }
            if let Some((file, _)) = pages.pdf {
                let up = "../".repeat(page_path.matches('/').count());
                references.borrow_mut().push(format!("{up}{file}"));
            }
            Ok(())
        }))
        .append_element_content_handler(element!(print::CONTENTS_SELECTOR, |el| {
            if let Some(contents) = &print_contents {
                el.append(contents, ContentType::Html);
            }
            el.remove_attribute("data-print-contents");
            Ok(())
        }))
        // mdBook's page breaks between the print page's chapters, as a
        // class: the page needs no inline style.
        .append_element_content_handler(element!("main div[style]", |el| {
            if el
                .get_attribute("style")
                .is_some_and(|s| print::is_chapter_break(&s))
            {
                el.remove_attribute("style");
                el.set_attribute("class", "chapter-break")?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[data-language-switch]", |el| {
            let (links, menu) = &switch;
            el.set_inner_content(links, ContentType::Html);
            if *menu {
                let class = el.get_attribute("class").unwrap_or_default();
                el.set_attribute("class", format!("{class} has-menu").trim())?;
            }
            el.remove_attribute("data-language-switch");
            Ok(())
        }))
        // The table of contents, rendered once per language (crate::render::toc),
        // with this page's link marked; inserted markup is not tokenized.
        .append_element_content_handler(element!(TOC_SELECTOR, |el| {
            let all = words.ui("toc-all").ok_or_else(|| unknown_key("toc-all"))?;
            el.replace(&pages.toc.in_page(page_path, all), ContentType::Html);
            if pages.toc.is_excerpted() {
                let up = "../".repeat(page_path.matches('/').count());
                references.borrow_mut().push(format!("{up}{CONTENTS_PAGE}"));
            }
            Ok(())
        }))
        // The whole table, on the contents page of a large book (contents.rs).
        .append_element_content_handler(element!(WHOLE_TOC_SELECTOR, |el| {
            el.replace(&pages.toc.for_page(page_path), ContentType::Html);
            Ok(())
        }));
    let (on_code, on_code_text, on_attr) = (inline.clone(), inline.clone(), inline.clone());
    let settings = settings
        .append_element_content_handler(element!("head", |el| {
            el.prepend(
                &format!(
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY_PLACEHOLDER}\">"
                ),
                ContentType::Html,
            );
            // At the end of <head>: after <base>, which the 404 redirect reads.
            if !is_redirect.get() {
                el.append(&head, ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(element!(r#"meta[name="robots"]"#, |el| {
            if el
                .get_attribute("content")
                .is_some_and(|c| c.split(',').any(|v| v.trim() == "noindex"))
            {
                noindex.set(true);
            }
            Ok(())
        }))
        // Inline scripts and styles, whose hashes the policy allows.
        .append_element_content_handler(element!("script:not([src]), style", move |el| {
            let is_script = el.tag_name() == "script";
            on_code.borrow_mut().current = Some(String::new());
            if let Some(handlers) = el.end_tag_handlers() {
                let state = std::rc::Rc::clone(&on_code);
                let on_end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                    let mut s = state.borrow_mut();
                    if let Some(code) = s.current.take() {
                        if is_script {
                            s.scripts.push(code)
                        } else {
                            s.styles.push(code)
                        }
                    }
                    Ok(())
                });
                handlers.push(on_end);
            }
            Ok(())
        }))
        .append_element_content_handler(text!("script:not([src]), style", move |chunk| {
            if let Some(code) = on_code_text.borrow_mut().current.as_mut() {
                code.push_str(chunk.as_str());
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[style]", move |el| {
            // Unless an earlier handler took it away.
            if el.has_attribute("style") {
                on_attr.borrow_mut().style_attributes = true;
            }
            Ok(())
        }))
        // What a page loads: mdBook's static files are only ever loaded
        // (src, stylesheet links, the theme's on-demand scripts), or linked
        // as its table-of-contents frame, never as chapters are.
        .append_element_content_handler(element!(
            "[src], link[href], [data-script], [data-index], a[href$='toc.html']",
            |el| {
                for attr in REFERENCE_ATTRIBUTES {
                    if let Some(value) = el.get_attribute(attr) {
                        references.borrow_mut().push(value);
                    }
                }
                Ok(())
            }
        ));
    // A side-by-side page keeps the reader in the view: its links to the
    // language's chapters lead to their side-by-side pages.
    let settings = match (pages.view, pages.side_by_side) {
        (View::SideBySide { partner }, Some((chapters, _))) => settings
            .append_element_content_handler(element!("main", |el| {
                let class = el.get_attribute("class").unwrap_or_default();
                el.set_attribute("class", format!("{class} side-by-side").trim())?;
                Ok(())
            }))
            .append_element_content_handler(element!("a[href]:not([hreflang])", move |el| {
                if let Some(href) = el.get_attribute("href")
                    && let Some(beside) = side_by_side_href(own_path, &href, chapters, partner)
                {
                    el.set_attribute("href", &beside)?;
                }
                Ok(())
            }))
            // On the source language's page, the translation's notice
            // links to the original: this page's own.
            .append_element_content_handler(element!(
                ".untranslated-notice a[hreflang]",
                move |el| {
                    if pages.language.is_source {
                        let file = own_path.rsplit('/').next().unwrap_or(own_path);
                        el.set_attribute("href", file)?;
                    }
                    Ok(())
                }
            )),
        _ => settings,
    };
    // Links to the 404 page's own fragments would resolve against its <base>.
    let settings = if is_not_found {
        settings.append_element_content_handler(element!("a[href^='#'], area[href^='#']", |el| {
            if let Some(href) = el.get_attribute("href") {
                el.set_attribute("href", &format!("{NOT_FOUND_PAGE}{href}"))?;
            }
            Ok(())
        }))
    } else {
        settings
    };
    // The search index reads the same pass (see sections::SectionCollector).
    let settings = match index {
        Some(collector) => collector.add_handlers(settings),
        None => settings,
    };
    let html = rewrite_str(html, settings)?;
    let mut inline = std::mem::take(&mut *inline.borrow_mut());
    inline.scripts.extend(redirect);
    let policy = content_security_policy(&inline.scripts, &inline.styles, inline.style_attributes);
    Ok(Rewritten {
        html: html.replacen(POLICY_PLACEHOLDER, &policy, 1),
        references: references.into_inner(),
        noindex: noindex.get(),
    })
}

/// The policy of a page: everything from the site itself, nothing inline
/// but the page's own inline scripts and styles, allowed by their SHA-256
/// hashes; images also from the web and as `data:` URLs (books show
/// pictures from elsewhere, and the theme's icon is one). `style=""`
/// attributes are allowed only on a page whose original has them (a
/// translation cannot add one: see [`po_checks::safety`]).
pub fn content_security_policy(
    scripts: &[String],
    styles: &[String],
    style_attributes: bool,
) -> String {
    let hash = |code: &String| {
        let digest = Sha256::digest(code.as_bytes());
        format!(
            " 'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    let script_hashes: String = scripts.iter().map(hash).collect();
    let style_hashes: String = if style_attributes {
        // A hash would be ignored next to 'unsafe-inline'.
        " 'unsafe-inline'".to_string()
    } else {
        styles.iter().map(hash).collect()
    };
    format!(
        "default-src 'self'; script-src 'self'{script_hashes}; style-src 'self'{style_hashes}; \
img-src 'self' https: data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// The script of the source language's 404 page: an address under
/// `<base>/<code>/` that is missing is sent to `<base>/<code>/404.html`.
/// `document.baseURI` is the site URL (mdBook's `<base href>`), so the
/// script knows no base path. `None` for a site with one language.
fn not_found_redirect(languages: &[(Language, String)]) -> Option<String> {
    let codes: Vec<String> = languages
        .iter()
        .filter(|(l, _)| !l.is_source)
        // Codes are BCP 47 (letters, digits, hyphens): nothing to escape.
        .map(|(l, _)| format!("\"{}\"", l.code))
        .collect();
    if codes.is_empty() {
        return None;
    }
    Some(format!(
        "[{}].some(function (code) {{ \
var folder = new URL(code + \"/\", document.baseURI); \
if (location.pathname.indexOf(folder.pathname) === 0) {{ \
location.replace(new URL(\"{NOT_FOUND_PAGE}\", folder)); return true; }} }});",
        codes.join(",")
    ))
}

/// `href`, written in the side-by-side page of `own_page`, as a link to
/// the side-by-side page beside `partner` when it leads to one of the
/// language's `chapters`; `None` when it leads elsewhere.
fn side_by_side_href(
    own_page: &str,
    href: &str,
    chapters: &HashSet<String>,
    partner: &Language,
) -> Option<String> {
    if href.contains("://") || href.starts_with(['/', '#']) || href.starts_with("mailto:") {
        return None;
    }
    let end = href.find(['#', '?']).unwrap_or(href.len());
    let (path, rest) = href.split_at(end);
    let target = prune::resolve(own_page, if path.is_empty() { own_page } else { path })?;
    if !chapters.contains(&target) {
        return None;
    }
    let path = if path.is_empty() {
        own_page.rsplit('/').next().unwrap_or(own_page)
    } else {
        path
    };
    Some(format!("{}{rest}", side_by_side_page(path, &partner.code)))
}

/// The attributes through which a page loads or links another file
/// (`data-script` and `data-index`: the search code and index, loaded on demand).
const REFERENCE_ATTRIBUTES: [&str; 4] = ["href", "src", "data-script", "data-index"];

fn unknown_key(key: &str) -> Box<dyn std::error::Error + Send + Sync> {
    format!("the theme uses the word `{key}`, which neither the tool's tables nor the book's ui.toml define").into()
}

/// The language switch's links to this page in every language: a row when
/// their names fit a 320 px phone (WCAG 1.4.10), else a menu behind the
/// current language's name (a `<details>`, which opens without script).
/// The second value says which.
fn language_switch(page_path: &str, pages: &PageSet<'_>) -> (String, bool) {
    let mut links = Vec::with_capacity(pages.languages.len());
    // The pair's translation: this page's language, or its partner.
    let translation = match pages.view {
        View::SideBySide { partner } if pages.language.is_source => Some(partner),
        View::SideBySide { .. } => Some(pages.language),
        View::Own => None,
    };
    let source = pages.languages.iter().map(|(l, _)| l).find(|l| l.is_source);
    for (language, name) in pages.languages {
        let href = counterpart_href(page_path, pages.language, language);
        // Side by side, each language's page beside the same partner: the
        // original, or for the original, this pair's translation.
        let partner = if language.is_source {
            translation
        } else {
            translation.and(source)
        };
        let href = match partner {
            Some(partner) => side_by_side_page(&href, &partner.code),
            None => href,
        };
        let mut html = String::from("<a href=\"");
        escape_html(&mut html, &href).ok();
        html.push_str("\" hreflang=\"");
        escape_html(&mut html, &language.code).ok();
        html.push_str("\" lang=\"");
        escape_html(&mut html, &language.code).ok();
        html.push('"');
        if language == pages.language {
            html.push_str(r#" aria-current="true""#);
        }
        html.push('>');
        escape_html(&mut html, name).ok();
        html.push_str("</a>");
        links.push(html);
    }
    let names = pages.languages.iter().map(|(_, name)| name.as_str());
    if fits_a_phone(names) {
        return (links.concat(), false);
    }
    let current = pages
        .languages
        .iter()
        .find(|(language, _)| language == pages.language)
        .map_or("", |(_, name)| name.as_str());
    let mut html = String::from(
        "<details class=\"menu language-menu\"><summary><svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\"><circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18\"/></svg><span>",
    );
    escape_html(&mut html, current).ok();
    html.push_str("</span></summary><ul class=\"popup\">");
    for link in links {
        html.push_str("<li>");
        html.push_str(&link);
        html.push_str("</li>");
    }
    html.push_str("</ul></details>");
    (html, true)
}

/// Whether links named `names` fit side by side in the 288 px a 320 px
/// phone leaves them: about 8 px a character at the switch's 14 px, twice
/// that for wide (CJK) characters, and 17 px of padding and border a link.
fn fits_a_phone<'a>(names: impl Iterator<Item = &'a str>) -> bool {
    let width: usize = names
        .map(|name| {
            17 + name
                .chars()
                .map(|c| if c >= '\u{2e80}' { 14 } else { 8 })
                .sum::<usize>()
        })
        .sum();
    width <= 288
}

/// Whether `page_path` is the print page.
fn page_path_is_print(page_path: &str) -> bool {
    page_path == print::PRINT_PAGE
}

/// `rel="alternate" hreflang` for each language plus `x-default` (the source
/// language) and `rel="canonical"`, only when the site URL is absolute.
fn head_links(page_path: &str, pages: &PageSet<'_>) -> String {
    let print_page = page_path_is_print(page_path);
    if !(pages.site_url.starts_with("https://") || pages.site_url.starts_with("http://")) {
        return String::new();
    }
    // The 404 page is served at every missing address: it has no canonical URL.
    if page_path == NOT_FOUND_PAGE {
        return String::new();
    }
    // The whole book on one page stands for the book: its address is the
    // first page's, as a printable version's is its article's.
    let page_path = if print_page { INDEX_PAGE } else { page_path };
    let url = |language: &Language| {
        let subdir = if language.is_source {
            String::new()
        } else {
            format!("{}/", language.code)
        };
        format!("{}{}{}", pages.site_url, subdir, page_path)
    };
    let mut html = String::new();
    let mut link = |rel: &str, hreflang: Option<&str>, href: &str| {
        html.push_str("<link rel=\"");
        html.push_str(rel);
        if let Some(code) = hreflang {
            html.push_str("\" hreflang=\"");
            escape_html(&mut html, code).ok();
        }
        html.push_str("\" href=\"");
        escape_html(&mut html, href).ok();
        html.push_str("\">");
    };
    link("canonical", None, &url(pages.language));
    // A side-by-side page's address is its own page's, the print page's
    // the first page's: no alternates of their own.
    if pages.view == View::Own && !print_page {
        for (language, _) in pages.languages {
            link("alternate", Some(&language.code), &url(language));
        }
        if let Some((source, _)) = pages.languages.iter().find(|(l, _)| l.is_source) {
            link("alternate", Some("x-default"), &url(source));
        }
    }
    html.push_str("<meta property=\"og:url\" content=\"");
    escape_html(&mut html, &url(pages.language)).ok();
    html.push_str("\">");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::toc::TocOptions;
    use crate::words::SiteMessage;
    use mdbook_driver::book::{Book, BookItem, Chapter};
    use pretty_assertions::assert_eq;

    /// The pages of `languages[current]`.
    fn page_set<'a>(
        languages: &'a [(Language, String)],
        current: usize,
        words: &'a Words,
        site_url: &'a str,
        toc: &'a Toc,
    ) -> PageSet<'a> {
        PageSet {
            language: &languages[current].0,
            languages,
            words,
            site_url,
            toc,
            search_script: "search.js",
            view: View::Own,
            side_by_side: None,
            pdf: None,
            offline: false,
        }
    }

    fn words(text: &str) -> Words {
        let message = |key: &str, text: &str| SiteMessage {
            context: format!("ui:{key}"),
            text: text.into(),
            reference: String::new(),
            lang: "en".into(),
            tabled: false,
        };
        let messages = [message("search", text), message("toc-all", "All")];
        Words::new(&messages, &Language::new("en", true), None)
    }

    #[test]
    fn pages_get_words_switch_and_alternates() {
        let languages = [
            (Language::new("vi", true), "Tiếng Việt".to_string()),
            (Language::new("en", false), "English".to_string()),
        ];
        let words = words("Search <now>");
        let toc = Toc::default();
        let pages = page_set(&languages, 1, &words, "https://x.example/r/", &toc);
        let html = r#"<html><head><title>t</title></head><body><button data-i18n-attrs="title:search aria-label:search"></button><span data-i18n="search">Tìm</span><nav data-language-switch></nav></body></html>"#;
        let out = localize_page(html, "c.html", &pages).unwrap();
        assert_eq!(
            out,
            concat!(
                r#"<html lang="en" dir="ltr"><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'self'; form-action 'self'">"#,
                r#"<title>t</title><link rel="canonical" href="https://x.example/r/en/c.html">"#,
                r#"<link rel="alternate" hreflang="vi" href="https://x.example/r/c.html">"#,
                r#"<link rel="alternate" hreflang="en" href="https://x.example/r/en/c.html">"#,
                r#"<link rel="alternate" hreflang="x-default" href="https://x.example/r/c.html">"#,
                r#"<meta property="og:url" content="https://x.example/r/en/c.html"></head>"#,
                r#"<body><button title="Search <now>" aria-label="Search <now>"></button><span>Search &lt;now&gt;</span>"#,
                r#"<nav><a href="../c.html" hreflang="vi" lang="vi">Tiếng Việt</a><a href="../en/c.html" hreflang="en" lang="en" aria-current="true">English</a></nav></body></html>"#
            )
        );
    }

    #[test]
    fn the_switch_is_a_row_while_the_names_fit_a_phone_then_a_menu() {
        for (names, fits) in [
            (&["Tiếng Việt", "English"][..], true),
            (&["English", "Español", "Français"], true),
            (&["English", "Español", "Français", "Deutsch"], false),
            (
                &["English", "Bahasa Indonesia", "Português (Brasil)"],
                false,
            ),
            (
                &[
                    "English",
                    "日本語",
                    "简体中文",
                    "繁體中文",
                    "한국어",
                    "Español",
                ],
                false,
            ),
        ] {
            assert_eq!(fits_a_phone(names.iter().copied()), fits, "{names:?}");
        }
        let codes = ["en", "ar", "de", "es", "fr", "ja", "ko"];
        let languages: Vec<_> = codes
            .iter()
            .map(|c| (Language::new(c, *c == "en"), format!("<{c}>")))
            .collect();
        let words = words("x");
        let toc = Toc::default();
        let pages = page_set(&languages, 1, &words, "/", &toc);
        let (html, menu) = language_switch("a/b.html", &pages);
        assert!(menu);
        assert!(
            html.starts_with(r#"<details class="menu language-menu"><summary>"#),
            "{html}"
        );
        assert!(html.contains("<span>&lt;ar&gt;</span></summary><ul class=\"popup\"><li><a href=\"../../a/b.html\" hreflang=\"en\" lang=\"en\">&lt;en&gt;</a></li>"), "{html}");
        assert!(html.contains(r#"<li><a href="../../ar/a/b.html" hreflang="ar" lang="ar" aria-current="true">&lt;ar&gt;</a></li>"#), "{html}");
        assert_eq!(html.matches("<li>").count(), codes.len());
        let out = localize_page(
            "<nav class=\"language-switch\" data-language-switch></nav>",
            "a/b.html",
            &pages,
        )
        .unwrap();
        assert!(
            out.contains(r#"<nav class="language-switch has-menu"><details"#),
            "{out}"
        );
    }

    #[test]
    fn a_redirect_is_in_the_pages_language_with_no_address_of_its_own() {
        let languages = [
            (Language::new("en", true), "English".to_string()),
            (Language::new("ar", false), "العربية".to_string()),
        ];
        let words = words("x");
        let toc = Toc::default();
        let pages = page_set(&languages, 1, &words, "https://x.example/r/", &toc);
        let html = r#"<html lang="en" data-redirect><head><link rel="canonical" href="../b.html"></head><body></body></html>"#;
        let page = rewrite_page(html, "old/a.html", &pages, None).unwrap();
        assert!(page.noindex);
        assert_eq!(
            page.html
                .split("</head>")
                .next()
                .map(|h| h.contains("hreflang")),
            Some(false)
        );
        assert!(
            page.html.starts_with(r#"<html lang="ar" dir="rtl"><head>"#),
            "{}",
            page.html
        );
    }

    #[test]
    fn the_table_of_contents_replaces_its_marker_and_marks_this_page() {
        let languages = [(Language::new("vi", true), "Tiếng Việt".to_string())];
        let words = words("x");
        let chapter = |name: &str, path: &str| {
            BookItem::Chapter(Chapter::new(name, String::new(), path, Vec::new()))
        };
        let toc = Toc::render(
            &Book::new_with_items(vec![chapter("A", "a.md"), chapter("B", "d/b.md")]),
            TocOptions {
                no_section_label: true,
                ..TocOptions::default()
            },
        );
        let pages = page_set(&languages, 0, &words, "/", &toc);
        let page = r#"<nav id="sidebar"><p>T</p><ol data-toc></ol></nav>"#;
        let li = r#"<li class="chapter-item expanded "><span class="chapter-link-wrapper">"#;
        assert_eq!(
            localize_page(page, "d/b.html", &pages).unwrap(),
            format!(
                r#"<nav id="sidebar"><p>T</p><ol class="chapter">{li}<a href="../a.html">A</a></span></li>{li}<a href="../d/b.html" aria-current="page">B</a></span></li></ol></nav>"#
            )
        );
    }

    #[test]
    fn unknown_theme_string_is_an_error() {
        let languages = [(Language::new("vi", true), "Tiếng Việt".to_string())];
        let words = words("x");
        let toc = Toc::default();
        let pages = page_set(&languages, 0, &words, "/", &toc);
        let err =
            localize_page(r#"<b data-i18n-attrs="title:nope"></b>"#, "a.html", &pages).unwrap_err();
        assert!(format!("{err:#}").contains("`nope`"), "{err:#}");
    }
}
