//! Removes the paragraph (or heading) that merely repeats the heading right
//! before it, as in chapters where every title was pasted twice: once as a
//! heading and once more as a plain line under it.
//!
//! The work happens on the Markdown source, by byte ranges: one pulldown-cmark
//! parse with the options mdBook itself uses finds the repeats, and only they
//! (with the blank lines that separated them from the block before) are cut.
//! Every other byte of the chapter is kept as it was; nothing is re-rendered.
//! [`dedup_chapter`] is that pass over one chapter; [`DedupHeadings`] is the
//! mdBook [`Preprocessor`](mdbook_preprocessor::Preprocessor) running it over
//! every chapter of a book. The `mdbook-dedup-headings` binary wraps the
//! latter in mdBook's preprocessor protocol.
//!
//! ```
//! use mdbook_dedup_headings::{MarkdownOptions, dedup_chapter};
//!
//! let chapter = "# Thành phố thông minh {#tp}\n\
//!                \n\
//!                Thành phố thông minh\n\
//!                \n\
//!                Nằm trong Vùng kinh tế trọng điểm phía Nam…\n";
//! let deduped = dedup_chapter(chapter, &MarkdownOptions::default());
//! assert_eq!(deduped.removed(), 1);
//! assert_eq!(
//!     deduped.text,
//!     "# Thành phố thông minh {#tp}\n\nNằm trong Vùng kinh tế trọng điểm phía Nam…\n"
//! );
//! ```

#![warn(missing_docs)]

mod dedup;
mod front_matter;
mod preprocessor;
mod visible_text;

pub use dedup::{Deduped, dedup_chapter};
/// The parser options of mdBook's Markdown dialect, re-exported from
/// `mdbook-markdown` so that callers need no extra dependency.
pub use mdbook_markdown::MarkdownOptions;
pub use preprocessor::DedupHeadings;
