//! The properties of `dedup_chapter`, checked against a plain reference
//! implementation. Shared by the property tests, the corpus test and the
//! fuzz target (which includes this file by path), so all three check the
//! same things.
#![allow(dead_code)] // each user calls a different subset

use std::borrow::Cow;
use std::ops::Range;

use mdbook_dedup_headings::{MarkdownOptions, dedup_chapter};
use mdbook_markdown::new_cmark_parser;
use mdbook_markdown::pulldown_cmark::{Event, Tag, TagEnd, html};
use unicode_normalization::UnicodeNormalization;

/// What a top-level block is, for the reference implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading,
    Paragraph,
    Other,
}

/// A top-level block of a document, with its comparable text.
#[derive(Debug, Clone)]
pub struct TopBlock {
    pub range: Range<usize>,
    pub kind: Kind,
    pub text: String,
    /// A heading with its own `{#id}`, classes or attributes.
    pub attributed: bool,
}

/// mdBook's default Markdown options.
pub fn options() -> MarkdownOptions {
    MarkdownOptions::default()
}

/// Every top-level block of `markdown`, each with its visible text, spelled
/// out the simple way: collect everything, normalize at the end.
pub fn top_level_blocks(markdown: &str) -> Vec<TopBlock> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut raw = String::new();
    let mut kind = Kind::Other;
    let mut attributed = false;
    for (event, range) in new_cmark_parser(markdown, &options()).into_offset_iter() {
        if depth == 0 {
            raw.clear();
            attributed = matches!(&event, Event::Start(Tag::Heading { id, classes, attrs, .. })
                if id.is_some() || !classes.is_empty() || !attrs.is_empty());
            kind = match &event {
                Event::Start(Tag::Heading { .. }) => Kind::Heading,
                Event::Start(Tag::Paragraph) => Kind::Paragraph,
                _ => Kind::Other,
            };
        }
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                raw.push('\u{FFFC}');
                raw.push_str(dest_url);
                raw.push('\u{FFFC}');
            }
            Event::End(TagEnd::Image) => raw.push('\u{FFFC}'),
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => raw.push_str(text),
            Event::SoftBreak | Event::HardBreak => raw.push(' '),
            Event::FootnoteReference(label) => raw.push_str(&format!("[^{label}]")),
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            let text: String = raw.nfc().collect();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            blocks.push(TopBlock {
                range,
                kind,
                text,
                attributed,
            });
        }
    }
    blocks
}

/// The length of front matter at the start: a `---`/`+++` line, a first
/// line that is not blank, …, a closing `---`/`...`/`+++` line.
fn front_matter_len(markdown: &str) -> usize {
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let Some(first) = lines.first() else {
        return 0;
    };
    let closers: &[&str] = match first.trim_end() {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return 0,
    };
    for (i, line) in lines.iter().enumerate().skip(1) {
        if closers.contains(&line.trim_end()) {
            return lines[..=i].iter().map(|line| line.len()).sum();
        }
        if i == 1 && line.trim_end().is_empty() {
            return 0;
        }
    }
    0
}

/// Whether only blank lines and indentation lie in `markdown[range]`.
pub fn is_blank(markdown: &str, range: Range<usize>) -> bool {
    markdown
        .get(range)
        .is_some_and(|gap| gap.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')))
}

/// The cuts `dedup_chapter` should make, by the rules stated plainly.
pub fn reference_cuts(markdown: &str) -> Vec<Range<usize>> {
    let front_matter = front_matter_len(markdown);
    let mut cuts = Vec::new();
    let mut heading: Option<String> = None;
    let mut previous_end = 0;
    for block in top_level_blocks(markdown) {
        if !is_blank(markdown, previous_end..block.range.start) {
            heading = None;
        }
        let takes_part = block.range.start >= front_matter;
        let repeats = takes_part
            && block.kind != Kind::Other
            && !block.attributed
            && heading.as_deref() == Some(block.text.as_str());
        if repeats {
            cuts.push(previous_end..block.range.end);
        } else if takes_part && block.kind == Kind::Heading && !block.text.is_empty() {
            heading = Some(block.text);
        } else {
            heading = None;
        }
        previous_end = block.range.end;
    }
    cuts
}

/// HTML of `markdown` as mdBook's parser options give it, leaving out the
/// top-level blocks whose ranges are in `skip`.
pub fn html_without(markdown: &str, skip: &[Range<usize>]) -> String {
    let mut depth = 0usize;
    let mut skipping = false;
    let events = new_cmark_parser(markdown, &options())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            if depth == 0 {
                skipping = skip.contains(&range);
            }
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            (!skipping).then_some(event)
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Checks every property of `dedup_chapter` on `markdown`, panicking with
/// a description of the first one that fails. Returns the cuts.
pub fn check_properties(markdown: &str) -> Vec<Range<usize>> {
    let deduped = dedup_chapter(markdown, &options());
    let cuts = deduped.cuts.clone();

    // Same cuts as the plain reference.
    let expected = reference_cuts(markdown);
    assert_eq!(
        cuts, expected,
        "cuts differ from the reference in {markdown:?}"
    );

    // No repeat: the very same text back, not even copied.
    if cuts.is_empty() {
        assert!(
            matches!(deduped.text, Cow::Borrowed(text) if text == markdown),
            "no repeat, yet the text changed: {markdown:?}"
        );
    }

    // The output is the input with the cuts taken out, and each cut is
    // blank lines followed by one whole top-level block that repeats the
    // heading before it (directly, or through repeats already cut).
    let blocks = top_level_blocks(markdown);
    let mut kept = String::new();
    let mut kept_from = 0;
    let mut cut_blocks = Vec::new();
    for cut in &cuts {
        assert!(
            kept_from <= cut.start,
            "cuts overlap: {cuts:?} in {markdown:?}"
        );
        kept.push_str(&markdown[kept_from..cut.start]);
        kept_from = cut.end;
        let index = blocks
            .iter()
            .position(|block| block.range.end == cut.end && block.range.start >= cut.start)
            .unwrap_or_else(|| panic!("cut {cut:?} is not a whole block in {markdown:?}"));
        let block = &blocks[index];
        assert!(
            is_blank(markdown, cut.start..block.range.start),
            "cut {cut:?} holds more than blank lines before its block in {markdown:?}"
        );
        assert!(
            block.kind != Kind::Other,
            "cut {cut:?} is not a heading or paragraph"
        );
        let heading = blocks[..index]
            .iter()
            .rev()
            .find(|before| !cut_blocks.contains(&before.range))
            .unwrap_or_else(|| panic!("cut {cut:?} has no block before it in {markdown:?}"));
        assert!(
            heading.kind == Kind::Heading && heading.text == block.text,
            "cut {cut:?} does not repeat the heading {heading:?} in {markdown:?}"
        );
        cut_blocks.push(block.range.clone());
    }
    kept.push_str(&markdown[kept_from..]);
    assert_eq!(deduped.text, kept, "output is not the input minus the cuts");

    // Running again changes nothing.
    let again = dedup_chapter(&deduped.text, &options());
    assert_eq!(
        again.cuts,
        Vec::<Range<usize>>::new(),
        "second run cut more in {kept:?}"
    );

    // The rendered HTML is the input's minus the removed blocks.
    assert_eq!(
        html_without(&deduped.text, &[]),
        html_without(markdown, &cut_blocks),
        "HTML differs for {markdown:?}"
    );
    cuts
}
