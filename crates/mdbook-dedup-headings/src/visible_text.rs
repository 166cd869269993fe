//! The text of a heading or paragraph as a reader sees it, reduced to a form
//! in which two blocks that read the same compare equal.

use mdbook_markdown::pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// Stands for an image in the text, so that a picture only matches the same
/// picture (its alt text alone is not what the reader sees).
const IMAGE_MARK: char = '\u{FFFC}';

/// Collects the inline events of one block and yields its visible text:
/// the characters of text and code spans, with every run of whitespace
/// (line breaks included) collapsed to one space and none at either end.
/// Emphasis, links, inline HTML and the like are markup and leave no trace;
/// a heading's `{#id .class}` never reaches us, the parser keeps it out of
/// the heading's events. Two such texts are compared by [`reads_same`],
/// which applies NFC.
///
/// Both buffers are reused from block to block, so a chapter costs a couple
/// of allocations however many blocks it has.
#[derive(Debug, Default)]
pub(crate) struct VisibleText {
    raw: String,
    collapsed: String,
    /// When set, the most non-whitespace characters the text may have and
    /// still be of interest (see [`Self::repeat_limit`]).
    limit: Option<usize>,
    /// `raw.len()` at which to count characters against `limit` again.
    next_check: usize,
    /// Whether the text went past `limit`; collecting stopped then.
    over_limit: bool,
}

impl VisibleText {
    /// Forgets the previous block and starts collecting a new one, up to
    /// `limit` non-whitespace characters if given.
    pub(crate) fn start(&mut self, limit: Option<usize>) {
        self.raw.clear();
        self.collapsed.clear();
        self.limit = limit;
        self.next_check = limit.unwrap_or(usize::MAX);
        self.over_limit = false;
    }

    /// Takes in one event from inside the block.
    pub(crate) fn push(&mut self, event: &Event<'_>) {
        if self.over_limit {
            return;
        }
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
        self.check_limit();
    }

    /// Stops collecting once the text has more non-whitespace characters
    /// than `limit`. Counting is a pass over the text, so it is done only
    /// when the text has doubled since the last count; a text of at most
    /// `limit` bytes cannot be over.
    fn check_limit(&mut self) {
        let Some(limit) = self.limit else {
            return;
        };
        if self.raw.len() <= self.next_check {
            return;
        }
        let characters = self.raw.chars().filter(|c| !c.is_whitespace()).count();
        if characters > limit {
            self.over_limit = true;
        } else {
            self.next_check = self.raw.len() * 2;
        }
    }

    fn push_image_mark(&mut self, dest_url: &CowStr<'_>) {
        self.raw.push(IMAGE_MARK);
        self.raw.push_str(dest_url);
        self.raw.push(IMAGE_MARK);
    }

    /// Computes the visible text of everything pushed since
    /// [`start`](Self::start), or `None` if it went past the limit.
    pub(crate) fn finish(&mut self) -> Option<&str> {
        self.check_limit_exactly();
        if self.over_limit {
            return None;
        }
        self.collapsed.clear();
        collapse_whitespace(self.raw.chars(), &mut self.collapsed);
        Some(&self.collapsed)
    }

    /// Makes sure `over_limit` is right for the whole text, not only as of
    /// the last count.
    fn check_limit_exactly(&mut self) {
        self.next_check = self.next_check.min(self.limit.unwrap_or(usize::MAX));
        self.check_limit();
    }

    /// The text computed by the last [`finish`](Self::finish).
    pub(crate) fn as_str(&self) -> &str {
        &self.collapsed
    }

    /// The most non-whitespace characters a block can have and still read
    /// the same as this finished text: its length in NFD. Canonical
    /// decomposition never shortens a text and never turns a non-space into
    /// a space, so a text with more non-whitespace characters than this has
    /// more in NFD too, and cannot be canonically equivalent.
    pub(crate) fn repeat_limit(&self) -> usize {
        self.collapsed.nfd().filter(|c| !c.is_whitespace()).count()
    }
}

/// Whether two visible texts read the same: equal once NFC-normalized.
/// Most texts are compared as they are; NFC is applied lazily and stops at
/// the first difference. (NFC and collapsing whitespace commute: no
/// whitespace character composes with its neighbours, so it does not matter
/// that [`VisibleText`] collapses first.)
pub(crate) fn reads_same(a: &str, b: &str) -> bool {
    a == b || a.nfc().eq(b.nfc())
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
    use super::{VisibleText, reads_same};
    use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
    use pretty_assertions::assert_eq;

    /// The visible text of the first block of `markdown`.
    #[track_caller]
    fn assert_visible_text(markdown: &str, expected: &str) {
        let mut text = VisibleText::default();
        text.start(None);
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
        assert_eq!(text.finish(), Some(expected));
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
        let nfd = "Vie\u{323}\u{302}t Nam";
        assert!(reads_same(nfd, "Việt Nam"));
        assert!(reads_same("Việt Nam", nfd));
        // The marks in the other order are canonically equivalent too.
        assert!(reads_same("Vie\u{302}\u{323}t Nam", "Việt Nam"));
        assert!(!reads_same("Viet Nam", "Việt Nam"));
        assert!(!reads_same("Việt Nam", "Việt"));
        assert!(reads_same("", ""));
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

    /// Pushes `words` as text events, one per word, with breaks between.
    fn collect(limit: Option<usize>, words: &[&str]) -> Option<String> {
        use mdbook_markdown::pulldown_cmark::{CowStr, Event};
        let mut text = VisibleText::default();
        text.start(limit);
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                text.push(&Event::SoftBreak);
            }
            text.push(&Event::Text(CowStr::from(word.to_string())));
        }
        text.finish().map(String::from)
    }

    #[test]
    fn limit_counts_non_whitespace_characters() {
        assert_eq!(collect(Some(4), &["ab", "cd"]), Some("ab cd".into()));
        assert_eq!(collect(Some(3), &["ab", "cd"]), None);
        assert_eq!(collect(Some(2), &["a", "b", "c", "d"]), None);
        // Whitespace is not counted, however much of it there is.
        assert_eq!(collect(Some(2), &["a    ", "    b"]), Some("a b".into()));
        // Combining marks count, so NFD input may use up to the NFD length.
        let nfd = "Vie\u{323}\u{302}t";
        assert_eq!(collect(Some(6), &[nfd]), Some(nfd.into()));
        assert_eq!(collect(Some(5), &[nfd]), None);
        assert_eq!(collect(None, &["a"; 1000]).map(|t| t.len()), Some(1999));
    }

    #[test]
    fn repeat_limit_is_the_nfd_length() {
        let mut text = VisibleText::default();
        text.start(None);
        text.push(&mdbook_markdown::pulldown_cmark::Event::Text(
            "Việt Nam".into(),
        ));
        assert_eq!(text.finish(), Some("Việt Nam"));
        assert_eq!(text.repeat_limit(), 9);
    }
}
