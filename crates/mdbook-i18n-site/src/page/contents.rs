//! The contents page of a large book: the whole table of contents, one page
//! per language, for readers with or without JavaScript, while every other
//! page carries only an excerpt ([`crate::render::toc::Toc::in_page`]).
//!
//! It is the language's `index.html` as mdBook rendered it (so it has the
//! theme's header, sidebar and scripts) with its content replaced, written
//! where mdBook put its own table-of-contents frame, before the page pass
//! gives it its words, language switch and the table itself.

use crate::render::toc::CONTENTS_PAGE;
use anyhow::{Context, Result};
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};
use pulldown_cmark_escape::escape_html;
use std::cell::RefCell;
use std::fs;
use std::path::Path;

/// The element the page pass replaces by the whole table of contents.
pub const WHOLE_TOC_SELECTOR: &str = "ol[data-toc-whole]";

/// Writes `toc.html` into `dest` (one language's output) from its
/// `index.html`; `heading` is the word for the table of contents in the
/// page's language.
pub fn write_contents_page(dest: &Path, heading: &str) -> Result<()> {
    let index = dest.join("index.html");
    let html =
        fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let page =
        contents_page(&html, heading).with_context(|| format!("rewriting {}", index.display()))?;
    let path = dest.join(CONTENTS_PAGE);
    fs::write(&path, page).with_context(|| format!("writing {}", path.display()))
}

/// The contents page made of the index page `html`.
fn contents_page(html: &str, heading: &str) -> Result<String> {
    let mut heading_html = String::new();
    escape_html(&mut heading_html, heading)?;
    let main = format!("<h1>{heading_html}</h1><ol data-toc-whole></ol>");
    page_from_index(html, &heading_html, &main, false)
}

/// A page of the tool's own made of the index page `html`: its title
/// `heading_html` (markup), its `main` content, no chapter navigation, and
/// kept out of search engines and the sitemap when `noindex`.
pub(crate) fn page_from_index(
    html: &str,
    heading_html: &str,
    main: &str,
    noindex: bool,
) -> Result<String> {
    // The book's title, as the header shows it (escaped), for the <title>.
    let title = RefCell::new(String::new());
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(text!(".menu-title", |chunk| {
            title.borrow_mut().push_str(chunk.as_str());
            Ok(())
        })),
    )?;
    let title = title.into_inner();
    let title = title.trim();
    let page = rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("title", |el| {
                el.set_inner_content(&format!("{heading_html} - {title}"), ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("main", |el| {
                el.set_inner_content(main, ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("head", |el| {
                if noindex {
                    el.append(
                        r#"<meta name="robots" content="noindex">"#,
                        ContentType::Html,
                    );
                }
                Ok(())
            }))
            .append_element_content_handler(element!(".chapter-nav", |el| {
                el.remove();
                Ok(())
            })),
    )?;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn the_index_page_becomes_the_contents_page() {
        let index = concat!(
            "<html><head><title>Intro - A &amp; B</title></head><body>",
            r#"<p class="menu-title"><a href="index.html">A &amp; B</a></p>"#,
            r#"<nav id="sidebar"><ol data-toc></ol></nav>"#,
            "<main><h1>Intro</h1><p>Text</p></main>",
            r#"<nav class="chapter-nav"><a rel="next" href="a.html">A</a></nav></body></html>"#
        );
        assert_eq!(
            contents_page(index, "Mục lục <1>").unwrap(),
            concat!(
                "<html><head><title>Mục lục &lt;1&gt; - A &amp; B</title></head><body>",
                r#"<p class="menu-title"><a href="index.html">A &amp; B</a></p>"#,
                r#"<nav id="sidebar"><ol data-toc></ol></nav>"#,
                r#"<main><h1>Mục lục &lt;1&gt;</h1><ol data-toc-whole></ol></main>"#,
                "</body></html>"
            )
        );
    }
}
