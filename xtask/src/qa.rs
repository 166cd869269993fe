//! Quality checks on translations: what a msgid carries besides words
//! (links, images, code spans, emphasis, `{#id}`s) must be in its msgstr.
//! Each problem is reported as `file:line: reason`, like a compiler.

use crate::catalog::{Diagnostic, Entry, PoFile};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;

/// The parts of a message that a translation must keep, counted.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skeleton {
    links: BTreeMap<String, usize>,
    images: BTreeMap<String, usize>,
    code: BTreeMap<String, usize>,
    emphasis: usize,
    strong: usize,
    ids: BTreeMap<String, usize>,
}

fn skeleton(text: &str) -> Skeleton {
    let mut s = Skeleton::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // A heading message is its text plus an optional `{#id}`; parse it as a
    // heading so the attribute is recognized.
    let as_heading = format!("# {text}");
    let source = if text.trim_end().ends_with('}') && text.contains("{#") {
        as_heading.as_str()
    } else {
        text
    };
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                *s.links.entry(dest_url.to_string()).or_default() += 1
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                *s.images.entry(dest_url.to_string()).or_default() += 1
            }
            Event::Start(Tag::Emphasis) => s.emphasis += 1,
            Event::Start(Tag::Strong) => s.strong += 1,
            Event::Code(code) => *s.code.entry(code.to_string()).or_default() += 1,
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                *s.ids.entry(id.to_string()).or_default() += 1
            }
            _ => {}
        }
    }
    s
}

/// Checks one entry; an untranslated or fuzzy entry is not checked.
pub fn check_entry(file: &PoFile, entry: &Entry) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if entry.msgstr.is_empty() || entry.fuzzy || entry.msgctxt.is_some() {
        return problems;
    }
    let (source, translation) = (skeleton(&entry.msgid), skeleton(&entry.msgstr));
    let mut report = |what: &str, missing: &dyn std::fmt::Debug| {
        problems.push(Diagnostic {
            file: file.path.clone(),
            line: entry.line,
            message: format!(
                "the translation does not keep the {what} of the original: {missing:?}"
            ),
        });
    };
    if source.links != translation.links {
        report("link targets", &source.links.keys().collect::<Vec<_>>());
    }
    if source.images != translation.images {
        report("images", &source.images.keys().collect::<Vec<_>>());
    }
    if source.code != translation.code {
        report("code spans", &source.code.keys().collect::<Vec<_>>());
    }
    if source.ids != translation.ids {
        report("heading ids", &source.ids.keys().collect::<Vec<_>>());
    }
    if (source.emphasis, source.strong) != (translation.emphasis, translation.strong) {
        report(
            "emphasis (*…* and **…**)",
            &(source.emphasis, source.strong),
        );
    }
    problems
}

/// Checks every entry of a catalog.
pub fn check_catalog(file: &PoFile) -> Vec<Diagnostic> {
    file.entries
        .iter()
        .flat_map(|e| check_entry(file, e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[track_caller]
    fn assert_qa(msgid: &str, msgstr: &str, expected: &[&str]) {
        let file = PoFile {
            path: PathBuf::from("po/en.po"),
            ..PoFile::default()
        };
        let entry = Entry {
            line: 7,
            msgid: msgid.into(),
            msgstr: msgstr.into(),
            ..Entry::default()
        };
        let got: Vec<String> = check_entry(&file, &entry)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn markup_must_be_kept() {
        assert_qa(
            "Xem [bài](a.md) và `x`",
            "See [the article](a.md) and `x`",
            &[],
        );
        assert_qa(
            "Xem [bài](a.md)",
            "See [the article](b.md)",
            &[
                "po/en.po:7: the translation does not keep the link targets of the original: [\"a.md\"]",
            ],
        );
        assert_qa(
            "Mã `x`",
            "Code x",
            &["po/en.po:7: the translation does not keep the code spans of the original: [\"x\"]"],
        );
        assert_qa("Tiêu đề {#tieu-de}", "Title {#tieu-de}", &[]);
        assert_qa(
            "Tiêu đề {#tieu-de}",
            "Title {#title}",
            &[
                "po/en.po:7: the translation does not keep the heading ids of the original: [\"tieu-de\"]",
            ],
        );
        assert_qa(
            "*Rất* quan trọng",
            "Very important",
            &[
                "po/en.po:7: the translation does not keep the emphasis (*…* and **…**) of the original: (1, 0)",
            ],
        );
    }
}
