//! A page's searchable sections, gathered during the per-page pass: from
//! each heading with an `id` to the next, inside `<main>` only (not the
//! menus or the table of contents), so that indexing costs no second parse.

use anyhow::Result;
use lol_html::{EndTagHandler, RewriteStrSettings, element, rewrite_str, text};
use std::cell::RefCell;
use std::rc::Rc;

/// Pages mdBook writes that are not chapters.
const NOT_CHAPTERS: &[&str] = &["404.html", "print.html", "toc.html", "translation.html"];

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

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

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
}
