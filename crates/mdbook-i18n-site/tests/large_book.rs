//! A page's size does not grow with the book: the same chapter page of a
//! generated 2,000-chapter book and of a 200-chapter one, built by the
//! binary in two languages, differ by a small constant, and the whole table
//! of contents is one page per language that every page links to.

mod common;

use common::{page, sel};
use mdbook_i18n_site::Project;
use mdbook_i18n_site::site_check::check_site;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Writes a book of `chapters` chapters in groups of ten (a chapter and its
/// nine sections), English with a French catalog that translates nothing.
fn make_book(root: &Path, chapters: usize) {
    fs::create_dir_all(root.join("src")).expect("mkdir");
    fs::create_dir_all(root.join("po")).expect("mkdir");
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Large\"\nlanguage = \"en\"\n\n[preprocessor.gettext]\nafter = [\"links\"]\n\n[output.html]\n",
    )
    .expect("book.toml");
    let mut summary = String::from("# Summary\n\n");
    for n in 1..=chapters {
        let indent = if n % 10 == 1 { "" } else { "  " };
        writeln!(summary, "{indent}- [Chapter {n}](c{n:04}.md)").expect("fmt");
        fs::write(
            root.join(format!("src/c{n:04}.md")),
            format!("# Chapter {n}\n\nThe text of chapter {n}.\n"),
        )
        .expect("chapter");
    }
    fs::write(root.join("src/SUMMARY.md"), summary).expect("SUMMARY.md");
    fs::write(
        root.join("po/fr.po"),
        concat!(
            "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: large\\n\"\n",
            "\"POT-Creation-Date: 2026-12-01 00:00+0000\\n\"\n",
            "\"PO-Revision-Date: 2026-12-01 00:00+0000\\n\"\n",
            "\"Last-Translator: test\\n\"\n\"Language-Team: test\\n\"\n\"Language: fr\\n\"\n",
            "\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n",
            "\"Content-Transfer-Encoding: 8bit\\n\"\n",
            "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n",
            "msgid \"Chapter 105\"\nmsgstr \"Chapitre 105\"\n"
        ),
    )
    .expect("fr.po");
}

fn build(root: &Path) {
    common::run_tool(root, &["build", "--dest", "out"]);
}

#[test]
fn a_chapter_page_is_as_large_in_a_book_ten_times_larger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (small, large) = (dir.path().join("200"), dir.path().join("2000"));
    make_book(&small, 200);
    make_book(&large, 2000);
    build(&small);
    build(&large);

    for file in ["c0105.html", "fr/c0105.html", "c0001.html", "fr/c0200.html"] {
        let size = |root: &Path| fs::metadata(root.join("out").join(file)).expect(file).len();
        let (a, b) = (size(&small), size(&large));
        // The excerpt's neighbours an end of the smaller book cuts off, and
        // a digit more in their numbers.
        assert!(b <= a + 1024, "{file}: {b} bytes against {a}");
    }

    // The page marks itself and links to the whole table, which is one page
    // per language listing every chapter.
    let chapter = page(&large.join("out/fr/c0105.html"));
    let current: Vec<String> = chapter
        .select(&sel("#sidebar a[aria-current=page]"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(current, ["c0105.html"]);
    let all = chapter.select(&sel("#sidebar .toc-all a")).next();
    assert_eq!(all.and_then(|a| a.value().attr("href")), Some("toc.html"));
    let contents = page(&large.join("out/fr/toc.html"));
    assert_eq!(contents.select(&sel("main ol a")).count(), 2000);
    assert_eq!(contents.select(&sel("html[lang=fr]")).count(), 1);

    // Every link of every page resolves, the excerpts' and the contents' too.
    let project = Project::load(&large).expect("the book");
    let report = check_site(&large.join("out"), &project.languages).expect("check");
    assert_eq!(report.problems, Vec::<String>::new());
}
