//! Which chapter pages a rebuild must write again.
//!
//! A chapter's page is made from its own content and from what every page
//! shows: the chapter list (the sidebar, the previous and next links), the
//! page titles and the site's words. Both are hashed from the preprocessed,
//! translated book, so a catalog edit that changes one paragraph changes one
//! chapter's hash and nothing else, and `serve` writes that page alone.

use mdbook_driver::book::{Book, BookItem};
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

/// The hashes of what one language's pages are made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    /// What every page shows.
    frame: u64,
    /// Each chapter's content, by its path in the book.
    chapters: HashMap<PathBuf, u64>,
}

impl Fingerprints {
    /// The fingerprints of `book` (preprocessed), whose pages are titled by
    /// `chapter_titles` and framed by `frame`: the hash of everything else
    /// every page of the language shows (its words, the languages' names).
    pub fn of(book: &Book, chapter_titles: &HashMap<PathBuf, String>, frame: u64) -> Fingerprints {
        let mut hasher = DefaultHasher::new();
        frame.hash(&mut hasher);
        let mut chapters = HashMap::new();
        for item in book.iter() {
            match item {
                BookItem::Chapter(chapter) => {
                    (
                        0u8,
                        &chapter.name,
                        chapter.number.as_ref().map(ToString::to_string),
                        &chapter.path,
                        &chapter.source_path,
                    )
                        .hash(&mut hasher);
                    if let Some(path) = &chapter.path {
                        chapters.insert(path.clone(), hash_of(&chapter.content));
                    }
                }
                BookItem::Separator => 1u8.hash(&mut hasher),
                BookItem::PartTitle(title) => (2u8, title).hash(&mut hasher),
            }
        }
        let mut titles: Vec<_> = chapter_titles.iter().collect();
        titles.sort();
        titles.hash(&mut hasher);
        Fingerprints {
            frame: hasher.finish(),
            chapters,
        }
    }

    /// The chapters whose pages differ from those built from `previous`,
    /// or `None` when every page does (the frame changed).
    pub fn changed_since(&self, previous: &Fingerprints) -> Option<HashSet<PathBuf>> {
        if self.frame != previous.frame {
            return None;
        }
        Some(
            self.chapters
                .iter()
                .filter(|(path, hash)| previous.chapters.get(*path) != Some(hash))
                .map(|(path, _)| path.clone())
                .collect(),
        )
    }
}

/// The hash of anything hashable (`DefaultHasher` is the same within one
/// process, which is all a preview needs).
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_driver::book::Chapter;

    fn book(chapters: &[(&str, &str, &str)]) -> Book {
        Book::new_with_items(
            chapters
                .iter()
                .map(|(name, path, content)| {
                    BookItem::Chapter(Chapter::new(name, content.to_string(), path, Vec::new()))
                })
                .collect(),
        )
    }

    fn changed(before: &Book, after: &Book, frames: (u64, u64)) -> Option<Vec<String>> {
        let titles = HashMap::new();
        let before = Fingerprints::of(before, &titles, frames.0);
        let after = Fingerprints::of(after, &titles, frames.1);
        after.changed_since(&before).map(|set| {
            let mut paths: Vec<String> = set.iter().map(|p| p.display().to_string()).collect();
            paths.sort();
            paths
        })
    }

    #[test]
    fn a_content_edit_changes_its_chapter_and_anything_else_every_page() {
        let base = book(&[("A", "a.md", "one"), ("B", "b.md", "two")]);
        // (what changed, the book after, the frames before and after, the
        // chapters written again: none when every page is)
        type Case<'a> = (&'a str, Book, (u64, u64), Option<&'a [&'a str]>);
        let cases: &[Case] = &[
            ("nothing", base.clone(), (1, 1), Some(&[])),
            (
                "content",
                book(&[("A", "a.md", "one"), ("B", "b.md", "deux")]),
                (1, 1),
                Some(&["b.md"]),
            ),
            (
                "a chapter's name (the sidebar)",
                book(&[("A", "a.md", "one"), ("Bee", "b.md", "two")]),
                (1, 1),
                None,
            ),
            (
                "the order (previous and next)",
                book(&[("B", "b.md", "two"), ("A", "a.md", "one")]),
                (1, 1),
                None,
            ),
            ("the words", base.clone(), (1, 2), None),
        ];
        for (what, after, frames, expected) in cases {
            let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect());
            assert_eq!(changed(&base, after, *frames), expected, "{what}");
        }
    }
}
