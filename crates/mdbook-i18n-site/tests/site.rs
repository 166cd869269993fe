//! The bilingual site, built by the real pipeline into a temporary folder and
//! read back with an HTML parser.

mod common;

use common::{build, copy_project, files_under, page, project_root, sel, text_of};
use mdbook_i18n_site::build::{BuildOptions, build_site};
use mdbook_i18n_site::project::Project;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

const SEED: &str = include_str!("fixtures/binh-duong-articles.vi.txt");

/// The seed's blocks: each article is a heading, the heading again, a paragraph.
fn seed_articles() -> Vec<(&'static str, &'static str)> {
    let blocks: Vec<&str> = SEED
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    assert_eq!(
        blocks.len() % 3,
        0,
        "the seed is heading, heading, paragraph × n"
    );
    blocks
        .chunks(3)
        .map(|c| {
            assert_eq!(c[0], c[1], "the feed prints each heading twice");
            (c[0], c[2])
        })
        .collect()
}

/// The project's own site, built once for all tests in this file.
fn built_site() -> &'static Path {
    static SITE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = Project::load(project_root()).expect("project");
        let out = build(&project, &dir.path().join("site"), "/").expect("the site builds");
        (dir, out)
    });
    out
}

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| dir.join(p))
        .collect()
}

/// The Vietnamese pages a reader navigates: the root's HTML files, not those
/// under /en/, nor the print version (all chapters on one page), the 404 or
/// the side-by-side pages.
fn vietnamese_pages() -> Vec<PathBuf> {
    let root = built_site();
    html_pages(root)
        .into_iter()
        .filter(|p| !p.starts_with(root.join("en")))
        .filter(|p| !p.ends_with("print.html") && !p.ends_with("404.html"))
        .filter(|p| !is_side_by_side(p))
        .collect()
}

/// A side-by-side page: `chapter.<code>.html`.
fn is_side_by_side(path: &Path) -> bool {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    [".vi.html", ".en.html"]
        .iter()
        .any(|ending| name.ends_with(ending))
}

/// The chapters' pages, the same in both languages.
const CHAPTER_PAGES: [&str; 4] = [
    "index.html",
    "thanh-pho-thong-minh.html",
    "do-thi-thong-minh-ben-vung.html",
    "van-minh-nghia-tinh-dang-song.html",
];

fn main_text(path: &Path) -> String {
    let doc = page(path);
    doc.select(&sel("main"))
        .map(text_of)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_fixture_is_the_shared_seed() {
    let shared = project_root().join("../shared/seed/binh-duong-articles.vi.txt");
    if let Ok(text) = fs::read_to_string(&shared) {
        assert_eq!(
            text,
            SEED,
            "{} changed: update the fixture",
            shared.display()
        );
    }
    assert!(unicode_normalization::is_nfc(SEED));
}

#[test]
fn chapters_keep_the_seed_verbatim_with_the_repeated_heading() {
    let src = project_root().join("src");
    let chapters: Vec<String> = [
        "thanh-pho-thong-minh.md",
        "do-thi-thong-minh-ben-vung.md",
        "van-minh-nghia-tinh-dang-song.md",
    ]
    .iter()
    .map(|name| fs::read_to_string(src.join(name)).expect("chapter"))
    .collect();
    for ((heading, paragraph), chapter) in seed_articles().into_iter().zip(&chapters) {
        assert!(unicode_normalization::is_nfc(chapter));
        assert!(
            chapter.starts_with(&format!("# {heading} {{#")),
            "{heading}"
        );
        assert!(
            chapter.contains(&format!("}}\n\n{heading}\n\n{paragraph}\n")),
            "{heading}"
        );
    }
}

#[test]
fn vietnamese_pages_show_each_seed_paragraph_exactly_once() {
    let pages = vietnamese_pages();
    let paragraphs: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            page(p)
                .select(&sel("main p"))
                .map(text_of)
                .collect::<Vec<_>>()
        })
        .collect();
    for (_, paragraph) in seed_articles() {
        let count = paragraphs
            .iter()
            .filter(|p| p.nfc().collect::<String>() == paragraph)
            .count();
        assert_eq!(count, 1, "paragraph shown {count} times: {paragraph:.60}…");
    }
}

#[test]
fn each_heading_is_shown_once_in_both_languages() {
    let root = built_site();
    let headings: BTreeMap<&str, &str> = [
        ("thanh-pho-thong-minh.html", "thanh-pho-thong-minh"),
        (
            "do-thi-thong-minh-ben-vung.html",
            "do-thi-thong-minh-ben-vung",
        ),
        (
            "van-minh-nghia-tinh-dang-song.html",
            "van-minh-nghia-tinh-dang-song",
        ),
    ]
    .into_iter()
    .collect();
    for (file, id) in headings {
        for dir in [root.to_path_buf(), root.join("en")] {
            let doc = page(&dir.join(file));
            let heading = doc
                .select(&sel(&format!("main h1#{id}")))
                .next()
                .map(text_of);
            let heading =
                heading.unwrap_or_else(|| panic!("{}: no h1#{id}", dir.join(file).display()));
            let blocks: Vec<String> = doc
                .select(&sel("main h1, main h2, main h3, main p"))
                .map(text_of)
                .collect();
            let count = blocks.iter().filter(|b| **b == heading).count();
            assert_eq!(
                count,
                1,
                "{}: `{heading}` shown {count} times",
                dir.join(file).display()
            );
        }
    }
}

#[test]
fn english_pages_carry_english_and_no_vietnamese_article_text() {
    let root = built_site();
    let en_pages: Vec<PathBuf> = html_pages(&root.join("en"))
        .into_iter()
        .filter(|p| !is_side_by_side(p))
        .collect();
    assert!(en_pages.len() >= 4, "English pages: {en_pages:?}");
    for path in &en_pages {
        let text = main_text(path);
        for (heading, paragraph) in seed_articles() {
            assert!(
                !text.contains(paragraph) && !text.contains(heading),
                "{}: Vietnamese text",
                path.display()
            );
        }
    }
    // The articles' English: no Vietnamese letters (English writes Binh Duong).
    for file in [
        "index.html",
        "thanh-pho-thong-minh.html",
        "do-thi-thong-minh-ben-vung.html",
        "van-minh-nghia-tinh-dang-song.html",
    ] {
        let text = main_text(&root.join("en").join(file));
        let vietnamese: String = text.chars().filter(|c| is_vietnamese_letter(*c)).collect();
        assert!(
            vietnamese.is_empty(),
            "en/{file}: Vietnamese letters {vietnamese:?} in {text:.80}"
        );
        assert!(text.contains("Binh Duong"), "en/{file}: {text:.80}");
    }
}

/// The text of each block of `path`'s `main` that `selector` picks.
fn block_texts(path: &Path, selector: &str) -> Vec<String> {
    page(path).select(&sel(selector)).map(text_of).collect()
}

#[test]
fn side_by_side_pages_set_each_english_block_beside_its_vietnamese_one() {
    let root = built_site();
    for file in CHAPTER_PAGES {
        let stem = file.trim_end_matches(".html");
        // The English page's blocks, and the Vietnamese page's.
        let english = block_texts(
            &root.join("en").join(file),
            "main > :not(.untranslated-notice)",
        );
        let vietnamese = block_texts(&root.join(file), "main > *");
        // The same pairs in both frames: English beside Vietnamese, the
        // English page's with English words, the Vietnamese page's with
        // Vietnamese ones.
        for (beside, lang) in [
            (root.join("en").join(format!("{stem}.vi.html")), "en"),
            (root.join(format!("{stem}.en.html")), "vi"),
        ] {
            let doc = page(&beside);
            let html_lang = doc
                .select(&sel("html"))
                .next()
                .and_then(|h| h.value().attr("lang"));
            assert_eq!(html_lang, Some(lang), "{}", beside.display());
            let pairs = ".pair:not(.pair-legend)";
            assert_eq!(
                block_texts(&beside, &format!("{pairs} > .pair-main[lang=en]")),
                english,
                "{}",
                beside.display()
            );
            assert_eq!(
                block_texts(&beside, &format!("{pairs} > .pair-other[lang=vi]")),
                vietnamese,
                "{}",
                beside.display()
            );
            assert_eq!(doc.select(&sel(pairs)).count(), english.len());
        }
    }
    // Every seed paragraph on one side-by-side page of each frame, once.
    for (_, paragraph) in seed_articles() {
        for dir in [root.to_path_buf(), root.join("en")] {
            let count: usize = html_pages(&dir)
                .iter()
                .filter(|p| is_side_by_side(p) && p.parent() == Some(dir.as_path()))
                .map(|p| {
                    block_texts(p, ".pair-other p")
                        .iter()
                        .filter(|b| b.nfc().collect::<String>() == paragraph)
                        .count()
                })
                .sum();
            assert_eq!(count, 1, "{}: {paragraph:.40}…", dir.display());
        }
    }
}

fn is_vietnamese_letter(c: char) -> bool {
    matches!(c, 'đ' | 'Đ') || (c.is_alphabetic() && !c.is_ascii() && c.nfd().count() > 1)
}

#[test]
fn html_lang_is_the_page_language() {
    let root = built_site();
    for path in html_pages(root) {
        let expected = if path.starts_with(root.join("en")) {
            "en"
        } else {
            "vi"
        };
        let doc = page(&path);
        let lang = doc
            .select(&sel("html"))
            .next()
            .and_then(|h| h.value().attr("lang"))
            .map(str::to_owned);
        assert_eq!(lang.as_deref(), Some(expected), "{}", path.display());
    }
}

/// Resolves `href` found on `page` (inside `root`) to a file and fragment.
fn resolve(
    root: &Path,
    page: &Path,
    base: Option<&str>,
    href: &str,
) -> Option<(PathBuf, Option<String>)> {
    if href.contains("://")
        || href.starts_with("mailto:")
        || href.starts_with("//")
        || href.starts_with("data:")
    {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let dir = match base {
        Some(base) if base.starts_with('/') => root.join(base.trim_start_matches('/')),
        _ => page.parent().unwrap_or(root).to_path_buf(),
    };
    let mut target = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(absolute) = path.strip_prefix('/') {
        root.join(absolute)
    } else {
        dir.join(path)
    };
    if path.ends_with('/') || (path.is_empty() && target.is_dir()) {
        target = target.join("index.html");
    }
    // Normalize `..` without touching the disk.
    let mut normal = PathBuf::new();
    for part in target.components() {
        match part {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    Some((normal, fragment))
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let root = built_site();
    let mut checked = 0;
    for path in html_pages(root) {
        let doc = page(&path);
        let base = doc
            .select(&sel("base[href]"))
            .next()
            .and_then(|b| b.value().attr("href"))
            .map(str::to_owned);
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for element in doc.select(&sel(selector)) {
                let href = element.value().attr(attr).unwrap_or_default();
                let Some((target, fragment)) = resolve(root, &path, base.as_deref(), href) else {
                    continue;
                };
                assert!(
                    target.starts_with(root),
                    "{}: `{href}` leaves the site",
                    path.display()
                );
                assert!(
                    target.is_file(),
                    "{}: `{href}` → {} is missing",
                    path.display(),
                    target.display()
                );
                let is_html = target.extension().is_some_and(|e| e == "html");
                if let Some(id) = fragment.filter(|f| !f.is_empty() && is_html) {
                    let found = page(&target)
                        .select(&sel("[id]"))
                        .any(|e| e.value().id() == Some(id.as_str()));
                    assert!(
                        found,
                        "{}: `{href}`: no #{id} in {}",
                        path.display(),
                        target.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

/// A successful build, then `break_it`, then a build that must fail with an
/// error containing `expected` and leave the first output byte-identical.
#[track_caller]
fn assert_failed_build_keeps_previous_site(break_it: impl FnOnce(&Path), expected: &str) {
    let (dir, project) = copy_project();
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("first build");
    let before = snapshot(&out);
    break_it(dir.path());
    let strict = BuildOptions {
        site_url: Some("/".into()),
        output_dir: Some(out.clone()),
        strict: true,
        ..BuildOptions::default()
    };
    let err = Project::load(dir.path())
        .and_then(|project| build_site(&project, &strict))
        .expect_err("the broken build must fail");
    let message = format!("{err:#}");
    assert!(
        message.contains(expected),
        "error: {message}\nexpected: {expected}"
    );
    assert!(!message.contains('\n'), "not one line: {message}");
    assert_eq!(snapshot(&out), before, "the previous output changed");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".site-staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|p| (p.clone(), fs::read(dir.join(&p)).expect("read")))
        .collect()
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).expect("read");
    fs::write(path, f(text)).expect("write");
}

#[test]
fn a_po_syntax_error_names_the_file_and_line_and_keeps_the_site() {
    assert_failed_build_keeps_previous_site(
        |root| {
            edit(&root.join("po/en.po"), |text| {
                // Break the first msgstr after the header: drop its closing quote.
                let at = text
                    .find("\nmsgstr \"")
                    .and_then(|h| text[h + 1..].find("\nmsgstr \"").map(|i| h + 1 + i))
                    .expect("a msgstr");
                let line_end = text[at + 1..]
                    .find('\n')
                    .map(|i| at + 1 + i)
                    .expect("line end");
                format!("{}{}", &text[..line_end - 1], &text[line_end..])
            })
        },
        "po/en.po:",
    );
}

#[test]
fn an_incomplete_po_header_is_an_error_not_a_panic() {
    assert_failed_build_keeps_previous_site(
        |root| {
            edit(&root.join("po/en.po"), |text| {
                text.replacen("\"Project-Id-Version:", "\"X-Nothing:", 1)
            })
        },
        "incomplete header: `Project-Id-Version:` is missing",
    );
}

#[test]
fn build_pdf_without_a_browser_says_how_to_get_one_and_keeps_the_site() {
    let (dir, project) = copy_project();
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("a first build");
    let before = snapshot(&out);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
        .current_dir(dir.path())
        .args(["build", "--pdf", "--dest", "out"])
        .env("CHROME", "/nonexistent/chrome")
        .output()
        .expect("run the tool");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(
        stderr.trim(),
        "error: CHROME is set to /nonexistent/chrome, which is not a file"
    );
    assert_eq!(snapshot(&out), before, "the previous site is untouched");
    // Nor with the print page turned off: then there is nothing to print.
    edit(&dir.path().join("book.toml"), |t| {
        format!("{t}\n[output.html.print]\nenable = false\n")
    });
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
        .current_dir(dir.path())
        .args(["build", "--pdf", "--dest", "out"])
        .output()
        .expect("run the tool");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--pdf prints each language's print page, which book.toml turns off"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_missing_chapter_file_is_an_error() {
    assert_failed_build_keeps_previous_site(
        |root| fs::remove_file(root.join("src/do-thi-thong-minh-ben-vung.md")).expect("remove"),
        "do-thi-thong-minh-ben-vung.md",
    );
}

#[test]
fn an_unknown_output_html_key_is_an_error() {
    assert_failed_build_keeps_previous_site(
        |root| {
            edit(&root.join("book.toml"), |text| {
                text.replacen("[output.html]\n", "[output.html]\nno-such-key = true\n", 1)
            })
        },
        "book.toml:18: unknown key `output.html.no-such-key`, which mdBook ignores (--strict)",
    );
}

#[test]
fn i18n_check_passes_on_the_project() {
    let project = Project::load(project_root()).expect("project");
    let problems =
        mdbook_i18n_site::i18n::check(&project).expect("i18n check runs (needs GNU gettext)");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let (dir, project) = copy_project();
    let dest = dir.path().join("documents");
    fs::create_dir(&dest).expect("mkdir");
    fs::write(dest.join("thesis.txt"), "years of work").expect("write");
    let err = build(&project, &dest, "/").expect_err("must refuse");
    assert!(
        format!("{err:#}").contains("holds no built site"),
        "{err:#}"
    );
    assert_eq!(
        fs::read_to_string(dest.join("thesis.txt")).expect("kept"),
        "years of work"
    );
    // An empty folder, or a site built before, is fine.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    build(&project, &empty, "/").expect("an empty folder");
    build(&project, &empty, "/").expect("a site built before");
}

#[test]
fn other_renderers_are_left_out_if_optional_and_refused_if_not() {
    let (dir, project) = copy_project();
    let toml = fs::read_to_string(project.book_toml()).expect("read");
    fs::write(
        project.book_toml(),
        format!("{toml}\n[output.pandoc]\noptional = true\n\n[output.linkcheck]\n"),
    )
    .expect("write");
    let line = toml.lines().count() + 5;
    let err = Project::load(dir.path())
        .and_then(|project| build(&project, &dir.path().join("out"), "/"))
        .expect_err("linkcheck is not optional");
    assert!(
        format!("{err:#}").ends_with(&format!(
            "book.toml:{line}: [output.linkcheck] is a renderer this tool does not run; mark it `optional = true` to build the HTML site without it"
        )),
        "{err:#}"
    );
    fs::write(
        project.book_toml(),
        format!("{toml}\n[output.pandoc]\noptional = true\n"),
    )
    .expect("write");
    let project = Project::load(dir.path()).expect("the book");
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("an optional renderer is left out");
    // With two renderers mdBook writes each into a folder of its name: the
    // site is still at the root, each translation in its folder.
    assert!(out.join("index.html").is_file() && out.join("en/index.html").is_file());
    assert!(!out.join("html").exists() && !out.join("en/html").exists());
}
