//! The whole book on one page, to print or save as PDF (mdBook's
//! `print.html`, rendered from the theme's `is_print` branch): the builder
//! gives it its contents, each entry leading to its chapter's place on the
//! page, and turns mdBook's page breaks between chapters into a class, so
//! that the page needs no inline style.

use crate::render::toc::Toc;
use anyhow::Result;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::cell::RefCell;

/// The print page, in every language's folder.
pub const PRINT_PAGE: &str = "print.html";

/// The contents' place in the print page.
pub const CONTENTS_SELECTOR: &str = "[data-print-contents]";

/// The element mdBook puts between two chapters of the print page.
pub fn is_chapter_break(style: &str) -> bool {
    style.starts_with("break-before: page")
}

/// The id of each chapter's start on the print page, in order: the first
/// `<h1 id>` after each break (mdBook gives every chapter one, making one
/// up from its title where it has none).
pub fn chapter_anchors(html: &str) -> Result<Vec<String>> {
    let anchors = RefCell::new(Vec::new());
    // Whether the current chapter's anchor has been seen yet.
    let seen = RefCell::new(false);
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("main div[style]", |el| {
                if el
                    .get_attribute("style")
                    .is_some_and(|s| is_chapter_break(&s))
                {
                    *seen.borrow_mut() = false;
                }
                Ok(())
            }))
            .append_element_content_handler(element!("main h1[id]", |el| {
                let mut seen = seen.borrow_mut();
                if !*seen && let Some(id) = el.get_attribute("id") {
                    anchors.borrow_mut().push(id);
                    *seen = true;
                }
                Ok(())
            })),
    )?;
    Ok(anchors.into_inner())
}

/// The print page's contents: `toc`'s entries, each chapter leading to its
/// anchor (the chapters in order, as [`chapter_anchors`] found them).
pub fn contents(toc: &Toc, anchors: &[String]) -> String {
    toc.with_anchors(anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chapter_starts_at_its_first_h1() {
        let html = concat!(
            r#"<main><h1 id="a">A</h1><h2 id="x">x</h2><h1 id="a2">A again</h1>"#,
            r#"<div style="break-before: page; page-break-before: always;"></div>"#,
            r#"<p>no heading first</p><h1 id="b">B</h1>"#,
            r#"<div style="break-before: page; page-break-before: always;"></div><h1 id="c">C</h1></main>"#
        );
        assert_eq!(chapter_anchors(html).unwrap(), ["a", "b", "c"]);
    }
}
