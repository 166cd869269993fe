//! The text of a heading or paragraph as a reader sees it, reduced to a form
//! in which two blocks that read the same compare equal.

use mdbook_markdown::pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Stands for an image in the text, so that a picture only matches the same
/// picture (its alt text alone is not what the reader sees).
const IMAGE_MARK: char = '\u{FFFC}';

/// Collects the inline events of one block and yields its comparable text:
/// the characters of text and code spans, NFC-normalized, with every run of
/// whitespace (line breaks included) collapsed to one space and none at
/// either end. Emphasis, links, inline HTML and the like are markup and
/// leave no trace; a heading's `{#id .class}` never reaches us, the parser
/// keeps it out of the heading's events.
///
/// Both buffers are reused from block to block, so a chapter costs a couple
/// of allocations however many blocks it has.
#[derive(Debug, Default)]
pub(crate) struct VisibleText {
    raw: String,
    normalized: String,
}

impl VisibleText {
    /// Forgets the previous block.
    pub(crate) fn clear(&mut self) {
        self.raw.clear();
        self.normalized.clear();
    }

    /// Takes in one event from inside the block.
    pub(crate) fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.raw.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.raw.push(' '),
            // A footnote mark is visible: keep its label so "x[^1]" differs from "x".
            Event::FootnoteReference(label) => {
                self.raw.push_str("[^");
                self.raw.push_str(label);
                self.raw.push(']');
            }
            Event::Start(Tag::Image { dest_url, .. }) => self.push_image_mark(dest_url),
            Event::End(TagEnd::Image) => self.raw.push(IMAGE_MARK),
            Event::Start(_)
            | Event::End(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule
            | Event::TaskListMarker(_) => {}
        }
    }

    fn push_image_mark(&mut self, dest_url: &CowStr<'_>) {
        self.raw.push(IMAGE_MARK);
        self.raw.push_str(dest_url);
        self.raw.push(IMAGE_MARK);
    }

    /// Computes the comparable text of everything pushed since [`clear`](Self::clear).
    pub(crate) fn finish(&mut self) -> &str {
        self.normalized.clear();
        if is_nfc_quick(self.raw.chars()) == IsNormalized::Yes {
            collapse_whitespace(self.raw.chars(), &mut self.normalized);
        } else {
            collapse_whitespace(self.raw.nfc(), &mut self.normalized);
        }
        &self.normalized
    }

    /// The text computed by the last [`finish`](Self::finish).
    pub(crate) fn as_str(&self) -> &str {
        &self.normalized
    }
}

/// Appends `chars` to `out`, each run of (Unicode) whitespace as one space,
/// without leading or trailing whitespace.
fn collapse_whitespace(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut space_pending = false;
    for c in chars {
        if c.is_whitespace() {
            space_pending = !out.is_empty();
        } else {
            if space_pending {
                out.push(' ');
                space_pending = false;
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::VisibleText;
    use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
    use pretty_assertions::assert_eq;

    /// The visible text of the first block of `markdown`.
    #[track_caller]
    fn assert_visible_text(markdown: &str, expected: &str) {
        let mut text = VisibleText::default();
        let mut depth = 0;
        for event in new_cmark_parser(markdown, &MarkdownOptions::default()) {
            match event {
                mdbook_markdown::pulldown_cmark::Event::Start(_) => depth += 1,
                mdbook_markdown::pulldown_cmark::Event::End(_) => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            text.push(&event);
        }
        assert_eq!(text.finish(), expected);
        assert_eq!(text.as_str(), expected);
    }

    #[test]
    fn plain() {
        assert_visible_text("# Thành phố thông minh\n", "Thành phố thông minh");
        assert_visible_text("Thành phố thông minh\n", "Thành phố thông minh");
    }

    #[test]
    fn heading_attributes_are_not_text() {
        assert_visible_text("# Mục tiêu {#muc-tieu .lop}\n", "Mục tiêu");
        assert_visible_text("Mục tiêu {#muc-tieu}\n===\n", "Mục tiêu");
    }

    #[test]
    fn markup_is_not_text() {
        assert_visible_text(
            "# *Mục* **tiêu** `và` [hành](x) ~~động~~\n",
            "Mục tiêu và hành động",
        );
        assert_visible_text("<span>Mục</span> tiêu\n", "Mục tiêu");
        assert_visible_text("Mục \\*tiêu\\*\n", "Mục *tiêu*");
        assert_visible_text("Mục &amp; tiêu\n", "Mục & tiêu");
    }

    #[test]
    fn whitespace_collapses() {
        assert_visible_text(
            "  Mục\ttiêu  \n  và\u{a0}hành động  \n",
            "Mục tiêu và hành động",
        );
        assert_visible_text("Mục tiêu\\\nvà\n", "Mục tiêu và");
        assert_visible_text("Mục tiêu  \nvà\n", "Mục tiêu và");
    }

    #[test]
    fn nfc() {
        // "Việt" spelled with combining marks: e + U+0323 (dot below) + U+0302 (circumflex).
        assert_visible_text("Vie\u{323}\u{302}t Nam\n", "Việt Nam");
    }

    #[test]
    fn images_and_footnotes_are_visible() {
        assert_visible_text(
            "![Bình Dương](a.png)\n",
            "\u{fffc}a.png\u{fffc}Bình Dương\u{fffc}",
        );
        assert_visible_text("Bình Dương[^1]\n\n[^1]: x\n", "Bình Dương[^1]");
    }

    #[test]
    fn smart_punctuation() {
        assert_visible_text("\"Đáng sống\"...\n", "\u{201c}Đáng sống\u{201d}\u{2026}");
    }
}
