//! The tool on a book this project did not write for itself: an English
//! book, made here, with the shapes real translated books have (parts,
//! nested chapters, code blocks with comments, links and anchors between
//! chapters, an include from beside `src/`), translated into Japanese
//! (CJK, complete), Arabic (right to left, complete), Spanish (partly) and
//! Brazilian Portuguese (a region code, barely), run as a user runs it:
//! the `mdbook-i18n-site` binary, `i18n update`, then `build`.

mod common;

use common::{page, sel, text_of};
use mdbook_i18n_site::Project;
use mdbook_i18n_site::site_check::check_site;
use po_checks::catalog::PoFile;
use std::fs;
use std::path::Path;

fn tool(dir: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&common::run_tool(dir, args).stderr).into_owned()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A chapter with what real chapters have.
fn chapter(title: &str, next: &str) -> String {
    format!(
        "# {title}\n\nThis chapter explains **{title}** with an example and a [link to the next one]({next}#details).\n\n\
```rust\n// Add two numbers.\nfn add(a: i32, b: i32) -> i32 {{\n    a + b\n}}\n```\n\n\
## Details\n\nUse `add` when you need a sum.\n\n- First point.\n- Second point.\n"
    )
}

fn make_book(root: &Path) {
    write(
        &root.join("book.toml"),
        "[book]\ntitle = \"The Generated Book\"\nlanguage = \"en\"\n\n[preprocessor.gettext]\nafter = [\"links\"]\n\n[output.html]\n\n[output.html.redirect]\n\"old/numbers.html\" = \"../numbers.html\"\n",
    );
    write(
        &root.join("src/SUMMARY.md"),
        "# Summary\n\n[Introduction](README.md)\n\n# Basics\n\n- [Numbers](numbers.md)\n  - [Integers](numbers/integers.md)\n- [Text](text.md)\n\n# More\n\n- [Code](code.md)\n",
    );
    write(
        &root.join("src/README.md"),
        "# Introduction\n\nWelcome to the generated book. Start with [Numbers](numbers.md).\n",
    );
    write(
        &root.join("src/numbers.md"),
        &chapter("Numbers", "numbers/integers.md"),
    );
    write(
        &root.join("src/numbers/integers.md"),
        &chapter("Integers", "../text.md"),
    );
    write(&root.join("src/text.md"), &chapter("Text", "code.md"));
    write(
        &root.join("src/code.md"),
        "# Code\n\nThe example lives beside the chapters:\n\n```rust\n{{#include ../examples/hello.rs}}\n```\n\n## Details\n\nBack to the [introduction](index.md#introduction).\n",
    );
    write(
        &root.join("examples/hello.rs"),
        "// Print a greeting.\nfn main() {\n    println!(\"Hello!\");\n}\n",
    );
}

/// Translates every message of `po` whose number `keep` says, by putting
/// `word` before its words (after a `// ` or `#` that starts it), so that
/// its markup, code and final punctuation stay as the checks ask; the
/// theme's words are left to the tool's tables.
fn translate(po: &Path, word: &str, keep: impl Fn(usize) -> bool) {
    let catalog = PoFile::read(po).expect("the catalog");
    let text = fs::read_to_string(po).expect("read");
    // The header as it is, then every entry written anew.
    let header_end = text.find("\n\n").expect("a header");
    let mut out = text[..header_end + 2].to_string();
    for (i, entry) in catalog.entries().iter().enumerate() {
        let msgstr = if entry.msgctxt.is_none() && keep(i) {
            let (prefix, body) = ["// ", "#"]
                .iter()
                .find_map(|p| entry.msgid.strip_prefix(p).map(|b| (*p, b)))
                .unwrap_or(("", &entry.msgid));
            format!("{prefix}{word} {body}")
        } else {
            String::new()
        };
        out.push_str(&format!("#: {}\n", entry.references.join(" ")));
        if let Some(msgctxt) = &entry.msgctxt {
            out.push_str(&format!("msgctxt {}\n", quote(msgctxt)));
        }
        out.push_str(&format!(
            "msgid {}\nmsgstr {}\n\n",
            quote(&entry.msgid),
            quote(&msgstr)
        ));
    }
    fs::write(po, out).expect("write");
}

fn quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

#[test]
fn a_book_in_five_languages_and_three_scripts_builds_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("book");
    make_book(&root);
    fs::create_dir_all(root.join("po")).expect("mkdir");
    for code in ["ja", "ar", "es", "pt-BR"] {
        tool(&root, &["i18n", "add", code]);
    }
    translate(&root.join("po/ja.po"), "翻訳", |_| true);
    translate(&root.join("po/ar.po"), "مترجم", |_| true);
    translate(&root.join("po/es.po"), "Traducido:", |i| i % 3 == 0);
    translate(&root.join("po/pt-BR.po"), "Traduzido:", |i| i == 1);
    tool(
        &root,
        &[
            "build",
            "--dest",
            "out",
            "--site-url",
            "https://example.org/book/",
        ],
    );
    let out = root.join("out");

    let project = Project::load(&root).expect("the book");
    let report = check_site(&out, &project.languages).expect("check");
    assert_eq!(report.problems, Vec::<String>::new());
    for code in ["en", "ja", "ar", "es", "pt-BR"] {
        assert_eq!(report.pages[code], report.pages["en"], "{code}");
    }
    assert!(report.references > 100, "{}", report.references);

    // Each language in its own script and direction, its switch naming
    // each by its own name, the theme's words from the tool's tables.
    let ar = page(&out.join("ar/numbers.html"));
    let html = ar.select(&sel("html")).next().expect("html");
    assert_eq!(
        (html.value().attr("lang"), html.value().attr("dir")),
        (Some("ar"), Some("rtl"))
    );
    let names: Vec<String> = ar.select(&sel(".language-switch a")).map(text_of).collect();
    assert_eq!(
        names,
        [
            "English",
            "العربية",
            "Español",
            "日本語",
            "Português (Brasil)"
        ]
    );
    let toc = |file: &str| {
        let page = page(&out.join(file));
        let title = page.select(&sel(".sidebar-title")).next().map(text_of);
        title.expect("the contents' title")
    };
    assert_eq!(toc("ja/numbers.html"), "目次");
    assert_eq!(toc("ar/numbers.html"), "المحتويات");
    assert_eq!(toc("pt-BR/numbers.html"), "Sumário");
    let ja = page(&out.join("ja/numbers/integers.html"));
    let heading = ja.select(&sel("main h1")).next().map(text_of);
    assert_eq!(heading.as_deref(), Some("翻訳 Integers"));
    // A comment in code, translated, stays code.
    assert!(
        fs::read_to_string(out.join("ja/numbers.html"))
            .expect("read")
            .contains("// 翻訳 Add two numbers."),
        "the translated comment"
    );

    // Spanish, partly translated: what is left is English, marked, and
    // the page says so; Japanese, complete, says nothing.
    assert!(report.pages_with_fallbacks.get("es").copied().unwrap_or(0) > 0);
    assert_eq!(report.pages_with_fallbacks.get("ja"), None);
    assert_eq!(report.pages_with_notice.get("ja"), None);
    let es = page(&out.join("es/text.html"));
    assert!(es.select(&sel("main [lang=\"en\"]")).next().is_some());
    let notice = es
        .select(&sel(".untranslated-notice"))
        .next()
        .map(text_of)
        .expect("the notice");
    assert!(notice.contains("inglés"), "{notice}");
    // A redirect of book.toml, in each page's language, with no canonical
    // address of its own (mdBook's template says "en" and "Redirecting").
    let moved = page(&out.join("ar/old/numbers.html"));
    let html = moved.select(&sel("html")).next().expect("html");
    assert_eq!(
        (html.value().attr("lang"), html.value().attr("dir")),
        (Some("ar"), Some("rtl"))
    );
    let title = moved.select(&sel("title")).next().map(text_of);
    assert_eq!(title.as_deref(), Some("نُقلت الصفحة"));
    let canonical: Vec<&str> = moved
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(canonical, ["../numbers.html"]);
    assert_eq!(moved.select(&sel("link[hreflang]")).count(), 0);
    assert_eq!(
        page(&out.join("ar/numbers.html"))
            .select(&sel("link[hreflang]"))
            .count(),
        6
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).expect("the sitemap");
    assert!(sitemap.contains("/ar/numbers.html<") && !sitemap.contains("old/numbers.html"));
    // Side by side: each of the five chapter pages of each translation
    // beside the English, and the English beside each translation; none in
    // the sitemap (their address is their own page's).
    for code in ["ja", "ar", "es", "pt-BR"] {
        assert_eq!(report.side_by_side_pages.get(code), Some(&5), "{code}");
    }
    assert_eq!(report.side_by_side_pages.get("en"), Some(&20));
    assert!(
        report.side_by_side_blocks > 100,
        "{}",
        report.side_by_side_blocks
    );
    assert!(!sitemap.contains(".en.html") && !sitemap.contains(".ja.html"));
    let beside = page(&out.join("ar/numbers/integers.en.html"));
    let columns = |selector: &str| -> Vec<String> {
        beside
            .select(&sel(selector))
            .map(|c| c.value().attr("lang").unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(columns(".pair:not(.pair-legend) > .pair-main"), ["ar"; 6]);
    assert_eq!(columns(".pair:not(.pair-legend) > .pair-other"), ["en"; 6]);
    // Its links stay in the view; its switch leads to the same pair.
    let links: Vec<&str> = beside
        .select(&sel(".chapter-nav a, .language-switch a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "../../numbers/integers.ar.html",
            "../../ar/numbers/integers.en.html",
            "../../es/numbers/integers.en.html",
            "../../ja/numbers/integers.en.html",
            "../../pt-BR/numbers/integers.en.html",
            "../numbers.en.html",
            "../text.en.html",
        ]
    );
    // Every language has its search index, and every shard it points to.
    for code in ["ja", "ar", "es", "pt-BR"] {
        let search = out.join(code).join("search");
        let meta: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(search.join("index.json")).expect(code))
                .expect(code);
        let version = meta["version"].as_str().expect("a version");
        let shards = fs::read_dir(search.join(version)).expect(code).count();
        let count = |key: &str| meta[key].as_array().map_or(0, Vec::len);
        let sections = meta["sections"].as_u64().expect("sections") as usize;
        let runs = |key: &str| {
            let per_run = meta[key].as_u64().expect("a run length") as usize;
            sections.div_ceil(per_run)
        };
        let expected = [
            ('t', count("terms")),
            ('p', count("pairs")),
            ('d', runs("docsPerRun")),
            ('h', runs("headingsPerRun")),
        ];
        assert_eq!(
            shards,
            expected.iter().map(|(_, n)| n).sum::<usize>(),
            "{code}"
        );
        for (kind, n) in expected {
            for number in 0..n {
                let shard = search.join(version).join(format!("{kind}{number}.json"));
                assert!(shard.is_file(), "{}", shard.display());
            }
        }
    }
}
