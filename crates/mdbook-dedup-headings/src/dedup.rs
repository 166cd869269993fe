//! The dedup pass over one chapter: find the blocks that repeat the heading
//! right before them, then cut them out of the source.

use std::borrow::Cow;
use std::mem;
use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{Event, Tag};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};

use crate::front_matter::front_matter_len;
use crate::visible_text::{VisibleText, reads_same};

/// A chapter with its repeated headings removed, as returned by
/// [`dedup_chapter`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deduped<'a> {
    /// The chapter without the repeats; borrowed from the input when nothing
    /// was removed.
    pub text: Cow<'a, str>,
    /// The byte ranges of the input that were cut, in order. Each is one
    /// repeat: the whitespace between the block before it and the repeat
    /// (its blank lines and indentation), then the repeat itself up to and
    /// including its line ending. Ranges never overlap; consecutive repeats
    /// give ranges that touch.
    pub cuts: Vec<Range<usize>>,
}

impl Deduped<'_> {
    /// How many repeats were removed.
    pub fn removed(&self) -> usize {
        self.cuts.len()
    }
}

/// Removes from one chapter's Markdown every block that repeats the heading
/// right before it.
///
/// A block is a repeat when it is a paragraph or a heading (ATX or setext,
/// any level) whose visible text equals the text of the heading just before
/// it, comparing NFC-normalized text with whitespace collapsed and inline
/// markup ignored (the text of emphasis and code spans counts, the markup
/// does not; a heading's `{#id}` and other attributes are not text). When a
/// heading is repeated several times in a row, all the repeats go and only
/// the heading stays.
///
/// Only blocks at the top level of the document take part, and only when
/// nothing but blank lines separates them: any other block in between
/// (an HTML block or comment, a rule, a link reference definition, a list,
/// a quote, code…) keeps the repeat. Nothing inside front matter takes part
/// either. A heading with no visible text is never repeated.
///
/// Each cut takes the repeat with the blank lines before it, so the block
/// after the repeat keeps its own separation from the heading and the text
/// reads as if the repeat had never been there. `options` must be the
/// options the book is rendered with (mdBook's defaults unless `book.toml`
/// changes `output.html.smart-punctuation` and the like), so that blocks are
/// split exactly where the renderer splits them.
pub fn dedup_chapter<'a>(markdown: &'a str, options: &MarkdownOptions) -> Deduped<'a> {
    let cuts = find_repeats(markdown, options);
    let text = cut(markdown, &cuts);
    Deduped { text, cuts }
}

/// What a top-level block is to the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Paragraph,
    /// Anything else, or a heading or paragraph that may not take part.
    Other,
}

/// The top-level block being read.
#[derive(Debug, Clone, Copy)]
struct Block {
    kind: Kind,
    /// Whether it may be cut as a repeat: not a heading that carries its own
    /// `{#id}`, classes or attributes, which links or styles may rely on.
    cuttable: bool,
    /// Whether its text is collected: only for blocks that could be a
    /// heading to compare with or a repeat, so most paragraphs cost nothing.
    collect: bool,
}

/// The cut ranges of [`dedup_chapter`], found in one parse.
fn find_repeats(markdown: &str, options: &MarkdownOptions) -> Vec<Range<usize>> {
    let opaque_end = front_matter_len(markdown);
    let mut cuts = Vec::new();
    // The text of the heading the next block is compared with, and whether
    // there is one: the block before is that heading or one of its repeats.
    let mut heading = VisibleText::default();
    let mut heading_live = false;
    // A repeat has at most this many non-whitespace characters, which
    // spares reading most of a long paragraph after a heading.
    let mut repeat_limit = 0;
    let mut text = VisibleText::default();
    let mut block = Block {
        kind: Kind::Other,
        cuttable: false,
        collect: false,
    };
    // Where the previous top-level block ended, i.e. where a cut starts.
    let mut previous_end = 0;
    let mut depth = 0usize;

    for (event, range) in new_cmark_parser(markdown, options).into_offset_iter() {
        match &event {
            Event::Start(tag) if depth == 0 => {
                if !only_blank_between(markdown, previous_end, range.start) {
                    heading_live = false;
                }
                let kind = match tag {
                    _ if range.start < opaque_end => Kind::Other,
                    Tag::Heading { .. } => Kind::Heading,
                    Tag::Paragraph => Kind::Paragraph,
                    _ => Kind::Other,
                };
                let collect = match kind {
                    Kind::Heading => true,
                    Kind::Paragraph => heading_live,
                    Kind::Other => false,
                };
                let cuttable = match tag {
                    Tag::Heading {
                        id, classes, attrs, ..
                    } => id.is_none() && classes.is_empty() && attrs.is_empty(),
                    _ => true,
                };
                block = Block {
                    kind,
                    cuttable,
                    collect,
                };
                let limit = (kind == Kind::Paragraph).then_some(repeat_limit);
                text.start(limit);
            }
            Event::End(_) if depth == 1 => {
                let finished = if block.collect { text.finish() } else { None };
                let repeat = heading_live
                    && block.kind != Kind::Other
                    && block.cuttable
                    && finished.is_some_and(|finished| reads_same(finished, heading.as_str()));
                let has_text = finished.is_some_and(|finished| !finished.is_empty());
                if repeat {
                    cuts.push(previous_end..range.end);
                } else if block.kind == Kind::Heading && has_text {
                    mem::swap(&mut heading, &mut text);
                    repeat_limit = heading.repeat_limit();
                    heading_live = true;
                } else {
                    heading_live = false;
                }
                previous_end = range.end;
            }
            // A leaf block without Start/End events: a thematic break.
            _ if depth == 0 => {
                heading_live = false;
                previous_end = range.end;
            }
            _ if block.collect => text.push(&event),
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            // The parser balances Start and End; saturating keeps a
            // surprise from turning into a panic.
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    cuts
}

/// Whether `markdown[start..end]` is only blank lines and indentation: no
/// block the parser reports without events (a link reference definition) and
/// no front matter hides there.
fn only_blank_between(markdown: &str, start: usize, end: usize) -> bool {
    markdown.get(start..end).is_some_and(|gap| {
        gap.bytes()
            .all(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
    })
}

/// `markdown` without the `cuts` (sorted, not overlapping).
fn cut<'a>(markdown: &'a str, cuts: &[Range<usize>]) -> Cow<'a, str> {
    if cuts.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let removed: usize = cuts.iter().map(ExactSizeIterator::len).sum();
    let mut kept = String::with_capacity(markdown.len() - removed);
    let mut kept_from = 0;
    for cut in cuts {
        kept.push_str(&markdown[kept_from..cut.start]);
        kept_from = cut.end;
    }
    kept.push_str(&markdown[kept_from..]);
    Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::dedup_chapter;
    use crate::MarkdownOptions;
    use pretty_assertions::assert_eq;
    use std::path::Path;

    /// Checks that `input` comes out as `expected`, and that a second run
    /// changes nothing.
    #[track_caller]
    fn assert_dedup(input: &str, expected: &str) {
        let options = MarkdownOptions::default();
        let deduped = dedup_chapter(input, &options);
        assert_eq!(deduped.text, expected, "input: {input:?}");
        let again = dedup_chapter(&deduped.text, &options);
        assert_eq!(again.removed(), 0, "second run on {:?}", deduped.text);
    }

    /// Checks that nothing is removed from `input`.
    #[track_caller]
    fn assert_kept(input: &str) {
        assert_dedup(input, input);
    }

    const TITLE: &str = "Thành phố thông minh, mục tiêu và hành động";

    #[test]
    fn paragraph_repeating_the_heading() {
        assert_dedup(
            "# Thành phố thông minh {#tp}\n\nThành phố thông minh\n\nNằm trong\n",
            "# Thành phố thông minh {#tp}\n\nNằm trong\n",
        );
        assert_dedup("# A\nA\n\nB\n", "# A\n\nB\n");
        assert_dedup("# A\n\nA\n", "# A\n");
        assert_dedup("# A\n\nA", "# A\n");
        assert_dedup("# A\n\n\n\nA\n\n\nB\n", "# A\n\n\nB\n");
        assert_dedup("### A\n\n   A\n\nB\n", "### A\n\nB\n");
        assert_dedup("# A\r\n\r\nA\r\n\r\nB\r\n", "# A\r\n\r\nB\r\n");
    }

    #[test]
    fn any_heading_style_and_level() {
        assert_dedup("A\n===\n\nA\n\nB\n", "A\n===\n\nB\n");
        assert_dedup("A\n---\n\nA\n\nB\n", "A\n---\n\nB\n");
        assert_dedup("###### A ######\n\nA\n", "###### A ######\n");
        assert_dedup("## A {#a .b}\n\nA\n\nB\n", "## A {#a .b}\n\nB\n");
    }

    #[test]
    fn heading_repeating_the_heading() {
        assert_dedup("# A\n\n## A\n\nB\n", "# A\n\nB\n");
        assert_dedup("# A\n\nA\n---\n\nB\n", "# A\n\nB\n");
    }

    #[test]
    fn a_repeat_with_its_own_id_classes_or_attributes_stays() {
        // Links to `#other` and styles of `.c` rely on the second heading.
        assert_kept("# A\n\n# A {#other}\n\nB\n");
        assert_kept("# A\n\n## A {.c}\n\nB\n");
        assert_kept("# A\n\nA {lang=vi}\n---\n\nB\n");
        // It becomes the heading its own repeats are compared with.
        assert_dedup("# A\n\n# A {#b}\n\nA\n\nB\n", "# A\n\n# A {#b}\n\nB\n");
    }

    #[test]
    fn consecutive_repeats_all_go() {
        assert_dedup("# A\n\nA\n\nA\n\n## A\n\nA\n\nB\n", "# A\n\nB\n");
        assert_dedup("# A\nA\n\nA\n", "# A\n");
    }

    #[test]
    fn text_compared_normalized() {
        // Emphasis and code spans keep their text; the markup differs.
        assert_dedup("# *A* b\n\nA `b`\n\nC\n", "# *A* b\n\nC\n");
        assert_dedup("# A b\n\n**A**   b\n\nC\n", "# A b\n\nC\n");
        // Line breaks inside the paragraph are whitespace.
        assert_dedup("# A b c\n\nA\nb  \nc\n\nD\n", "# A b c\n\nD\n");
        // NFD text repeating an NFC heading: "Việt" with combining marks.
        assert_dedup("# Việt Nam\n\nVie\u{323}\u{302}t Nam\n", "# Việt Nam\n");
        // Smart punctuation turns both into the same curly quotes.
        assert_dedup("# \"A\"\n\n\u{201c}A\u{201d}\n", "# \"A\"\n");
        // A link's text is what the reader sees.
        assert_dedup("# A\n\n[A](a.html)\n", "# A\n");
    }

    #[test]
    fn different_text_is_kept() {
        assert_kept("# A b\n\nA b c\n");
        // Without a blank line, the next line continues the paragraph.
        assert_kept("# A\nA\nB\n");
        assert_kept("# A b\n\nA b. C d.\n");
        assert_kept("# A\n\nA\\\nB\n");
        assert_kept("# A b\n\nA\n");
        assert_kept("# A\n\na\n");
        assert_kept("# A\n\nA[^1]\n\n[^1]: x\n");
        assert_kept("# A\n\n![A](a.png)\n");
        assert_kept("# A {#a}\n\nA {#a}\n");
        assert_kept("# Việt\n\nViet\n");
    }

    #[test]
    fn a_block_in_between_keeps_the_repeat() {
        assert_kept("# A\n\n<!-- A -->\n\nA\n");
        assert_kept("# A\n\n<div>x</div>\n\nA\n");
        assert_kept("# A\n\n[a]: https://example.com\n\nA\n");
        assert_kept("# A\n\n---\n\nA\n");
        assert_kept("# A\n\nB\n\nA\n");
        assert_kept("# A\n\n- x\n\nA\n");
        assert_kept("# A\n\n```\nx\n```\n\nA\n");
        // After a cut the next block is compared with the heading again,
        // but a later, separated repeat stays.
        assert_dedup("# A\n\nA\n\nB\n\nA\n", "# A\n\nB\n\nA\n");
    }

    #[test]
    fn heading_recurring_later_is_kept() {
        assert_kept("# A\n\nB\n\n# A\n\nC\n");
        assert_kept("# A\n\nB\n\n## A\n");
    }

    #[test]
    fn nested_blocks_are_kept() {
        assert_kept("# A\n\n```\nA\n```\n");
        assert_kept("# A\n\n    A\n");
        assert_kept("# A\n\n<div>\nA\n</div>\n");
        assert_kept("# A\n\n> A\n");
        assert_kept("> # A\n>\n> A\n");
        assert_kept("# A\n\n- A\n");
        assert_kept("- # A\n\n  A\n");
        assert_kept("# A\n\n1. A\n");
        assert_kept("# A\n\n| A |\n|---|\n| A |\n");
        assert_kept("# A\n\n[^1]: A\n");
        assert_kept("# A\n\nA\n: definition\n");
        assert_kept("# A\n\n> [!NOTE]\n> A\n");
    }

    #[test]
    fn front_matter_is_kept() {
        assert_kept("---\ntitle: A\n---\n\nA\n");
        assert_kept("---\n# A\n---\n\nA\n");
        assert_kept("---\n# A\n\nA\n---\n");
        assert_kept("+++\n# A\n\nA\n+++\n");
        // After the front matter the chapter is deduplicated as usual.
        assert_dedup("---\na: 1\n---\n\n# A\n\nA\n", "---\na: 1\n---\n\n# A\n");
        // Without a closing line, a leading `---` is just a rule.
        assert_dedup("---\n\n# A\n\nA\n", "---\n\n# A\n");
    }

    #[test]
    fn empty_heading_is_no_reference() {
        assert_kept("#\n\n#\n");
        assert_kept("# <span></span>\n\n<b></b>\n");
    }

    #[test]
    fn every_other_byte_stays() {
        let input = "<!-- top -->\n# A {#a}   \n\t\n  A  \n\n[l]: /x \"t\"\n\n```\n# A\n\nA\n```\n";
        assert_dedup(
            input,
            "<!-- top -->\n# A {#a}   \n\n[l]: /x \"t\"\n\n```\n# A\n\nA\n```\n",
        );
    }

    #[test]
    fn cuts_are_reported() {
        let input = "# A\n\nA\n\nA\n\nB\n";
        let deduped = dedup_chapter(input, &MarkdownOptions::default());
        assert_eq!(deduped.cuts, [4..7, 7..10]);
        assert_eq!(deduped.removed(), 2);
        assert_eq!(&input[4..7], "\nA\n");
        let plain = dedup_chapter("# A\n\nB\n", &MarkdownOptions::default());
        assert!(matches!(plain.text, std::borrow::Cow::Borrowed(_)));
        assert_eq!(plain.removed(), 0);
    }

    #[test]
    fn options_are_the_renderers() {
        // Without smart punctuation the straight quotes stay straight.
        let mut options = MarkdownOptions::default();
        options.smart_punctuation = false;
        let input = "# \"A\"\n\n\u{201c}A\u{201d}\n";
        assert_eq!(dedup_chapter(input, &options).text, input);
    }

    /// The three chapters of this book each lose exactly their repeat: the
    /// line after the title, with the blank line before it.
    #[test]
    fn real_chapters() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
        let chapters = [
            ("thanh-pho-thong-minh.md", TITLE),
            (
                "do-thi-thong-minh-ben-vung.md",
                "Nỗ lực phát triển đô thị thông minh, bền vững",
            ),
            (
                "van-minh-nghia-tinh-dang-song.md",
                "Không ngừng xây dựng Bình Dương theo hướng văn minh, nghĩa tình, đáng sống",
            ),
        ];
        for (file, title) in chapters {
            let path = src.join(file);
            let input = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let deduped = dedup_chapter(&input, &MarkdownOptions::default());
            assert_eq!(deduped.removed(), 1, "{file}");
            let cut = deduped.cuts[0].clone();
            assert_eq!(&input[cut.clone()], format!("\n{title}\n"), "{file}");
            let heading_line = input.lines().next().unwrap_or_default();
            assert!(
                heading_line.starts_with(&format!("# {title} {{#")),
                "{file}"
            );
            assert_eq!(cut.start, heading_line.len() + 1, "{file}");
            let expected = format!("{}{}", &input[..cut.start], &input[cut.end..]);
            assert_eq!(deduped.text, expected, "{file}");
            assert!(deduped.text.contains(title), "{file}: the heading stays");
        }
        let index = std::fs::read_to_string(src.join("index.md")).unwrap_or_default();
        assert_eq!(
            dedup_chapter(&index, &MarkdownOptions::default()).removed(),
            0
        );
    }
}
