//! Whole books through the real mdBook pipeline, with the preprocessor
//! registered in-process as the site builder does, and the order of
//! preprocessors this project's book.toml sets.

use std::fs;
use std::path::{Path, PathBuf};

use mdbook_dedup_headings::DedupHeadings;
use mdbook_driver::MDBook;
use mdbook_i18n_helpers::preprocessors::Gettext;
use pretty_assertions::assert_eq;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The project's book.toml.
fn project_book_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book.toml")
}

/// The `[preprocessor]` tables of the project's book.toml, as TOML text.
fn project_preprocessors() -> String {
    let path = project_book_toml();
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    let mut preprocessors = toml::Table::new();
    preprocessors.insert("preprocessor".into(), table["preprocessor"].clone());
    toml::to_string(&preprocessors).expect("a table serializes")
}

/// Writes a book with one chapter, `chapter.md`, plus `files`, and the
/// project's preprocessor tables (whose `command`s are never run: the
/// in-process preprocessors registered by [`build`] take their places).
fn write_book(language: &str, chapter: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    write_book_toml(&dir, language, &project_preprocessors());
    fs::create_dir_all(dir.path().join("src")).expect("create src");
    fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Chương](chapter.md)\n",
    )
    .expect("write SUMMARY.md");
    fs::write(dir.path().join("src/chapter.md"), chapter).expect("write chapter");
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        fs::write(path, text).expect("write file");
    }
    dir
}

fn write_book_toml(dir: &TempDir, language: &str, preprocessors: &str) {
    let book_toml = format!(
        "[book]\ntitle = \"Thử\"\nlanguage = \"{language}\"\nsrc = \"src\"\n\n{preprocessors}"
    );
    fs::write(dir.path().join("book.toml"), book_toml).expect("write book.toml");
}

/// Builds the book with our preprocessor (and, if asked, gettext) in
/// process, and returns the chapter's rendered HTML.
fn build(dir: &TempDir, dedup: bool) -> Html {
    let mut book = MDBook::load(dir.path()).expect("book loads");
    if dedup {
        book.with_preprocessor(DedupHeadings);
    }
    book.with_preprocessor(Gettext);
    book.build().expect("book builds");
    let html = fs::read_to_string(dir.path().join("book/chapter.html")).expect("chapter.html");
    Html::parse_document(&html)
}

/// The text of every heading and paragraph in the page's `<main>`, as
/// (element name, text with whitespace collapsed).
fn blocks(page: &Html) -> Vec<(String, String)> {
    let selector = Selector::parse("main h1, main h2, main h3, main p").expect("selector");
    page.select(&selector)
        .map(|element: ElementRef<'_>| {
            let text = element.text().collect::<String>();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (element.value().name().to_string(), text)
        })
        .collect()
}

#[track_caller]
fn assert_blocks(page: &Html, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    assert_eq!(blocks(page), expected);
}

const CHAPTER: &str = "# Thành phố thông minh {#tp}\n\nThành phố thông minh\n\nNằm trong Vùng kinh tế trọng điểm phía Nam.\n";

#[test]
fn heading_appears_once() {
    let dir = write_book("vi", CHAPTER, &[]);
    assert_blocks(
        &build(&dir, true),
        &[
            ("h1", "Thành phố thông minh"),
            ("p", "Nằm trong Vùng kinh tế trọng điểm phía Nam."),
        ],
    );
    // Without the preprocessor, the same book shows the repeat: the check
    // above is not vacuous.
    write_book_toml(&dir, "vi", "");
    assert_blocks(
        &build(&dir, false),
        &[
            ("h1", "Thành phố thông minh"),
            ("p", "Thành phố thông minh"),
            ("p", "Nằm trong Vùng kinh tế trọng điểm phía Nam."),
        ],
    );
}

/// The binary as mdBook runs a `command`: through mdbook-driver's own
/// command preprocessor, which speaks the JSON protocol with it.
#[test]
fn binary_as_the_command() {
    let dir = write_book("vi", CHAPTER, &[]);
    let command = env!("CARGO_BIN_EXE_mdbook-dedup-headings");
    write_book_toml(
        &dir,
        "vi",
        &format!("[preprocessor.dedup-headings]\ncommand = '{command}'\nafter = [\"links\"]\n"),
    );
    assert_blocks(
        &build(&dir, false),
        &[
            ("h1", "Thành phố thông minh"),
            ("p", "Nằm trong Vùng kinh tế trọng điểm phía Nam."),
        ],
    );
}

/// After `links`: a repeat brought in by `{{#include}}` is seen and removed.
#[test]
fn runs_after_links() {
    let dir = write_book(
        "vi",
        "# Đô thị bền vững\n\n{{#include part.md}}\n",
        &[("src/part.md", "Đô thị bền vững\n\nNỗ lực phát triển.\n")],
    );
    assert_blocks(
        &build(&dir, true),
        &[("h1", "Đô thị bền vững"), ("p", "Nỗ lực phát triển.")],
    );
}

/// Before `gettext`: the repeat leaves the Vietnamese source, so a language
/// whose translator rendered heading and line differently loses it too.
/// Run after gettext, the English heading and line differ and both stay.
#[test]
fn runs_before_gettext() {
    let chapter =
        "# Thành phố *thông minh* {#tp}\n\nThành phố thông minh\n\nNằm trong Vùng kinh tế.\n";
    let po = r#"
msgid ""
msgstr ""
"Project-Id-Version: thu\n"
"POT-Creation-Date: 2026-01-01T00:00:00Z\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\n"
"Language-Team: English\n"
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Thành phố _thông minh_"
msgstr "The _smart_ city"

msgid "Thành phố thông minh"
msgstr "Smart city"

msgid "Nằm trong Vùng kinh tế."
msgstr "Located in the economic region."
"#;
    let dir = write_book("en", chapter, &[("po/en.po", po)]);
    assert_blocks(
        &build(&dir, true),
        &[
            ("h1", "The smart city"),
            ("p", "Located in the economic region."),
        ],
    );
    // The other way round, the English repeat survives.
    write_book_toml(
        &dir,
        "en",
        "[preprocessor.gettext]\nafter = [\"links\"]\n\n\
         [preprocessor.dedup-headings]\nafter = [\"gettext\"]\n",
    );
    assert_blocks(
        &build(&dir, true),
        &[
            ("h1", "The smart city"),
            ("p", "Smart city"),
            ("p", "Located in the economic region."),
        ],
    );
}

/// The order this project's book.toml states: links → dedup-headings →
/// gettext. After links, so that included files are deduplicated too;
/// before gettext, so that the repeat is removed once from the Vietnamese
/// source and every language loses it identically (and it never reaches
/// messages.pot as a message of its own).
#[test]
fn project_book_toml_orders_links_dedup_gettext() {
    let path = project_book_toml();
    let text = fs::read_to_string(&path).expect("book.toml");
    let config: toml::Table = toml::from_str(&text).expect("book.toml parses");
    let list = |table: &str, key: &str| -> Vec<String> {
        config["preprocessor"][table]
            .get(key)
            .and_then(toml::Value::as_array)
            .map(|values| {
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(list("dedup-headings", "after").contains(&"links".to_string()));
    assert!(list("dedup-headings", "before").contains(&"gettext".to_string()));
    // Nothing says the opposite.
    assert!(!list("gettext", "before").contains(&"dedup-headings".to_string()));
    assert!(!list("dedup-headings", "before").contains(&"links".to_string()));
    assert_eq!(
        config["preprocessor"]["dedup-headings"]["command"].as_str(),
        Some("cargo run --quiet --locked -p mdbook-dedup-headings")
    );
}
