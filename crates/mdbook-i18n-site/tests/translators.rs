//! The translators' workflow, end to end: each failure a catalog can have
//! (fixtures in `tests/fixtures/po/`), the commands `i18n add`, `status`
//! and `update`, the build's refusal of unsafe translations, and what a
//! reader sees of a half-translated language.

mod common;

use common::{build, copy_project, files_under, page, project_root, sel, text_of};
use mdbook_i18n_site::build::{BuildOptions, build_site};
use mdbook_i18n_site::i18n;
use mdbook_i18n_site::project::Project;
use po_checks::catalog::{PoFile, first_non_nfc_line};
use po_checks::glossary::Glossary;
use pretty_assertions::assert_eq;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    project_root()
        .join("crates/mdbook-i18n-site/tests/fixtures/po")
        .join(name)
}

fn english_glossary() -> Glossary {
    Glossary::load(&project_root().join("po/glossary/en.toml")).expect("po/glossary/en.toml")
}

/// `i18n check`'s report for one fixture, the file named as in the repo.
#[track_caller]
fn assert_reports(name: &str, expected: &[&str]) {
    let shown = PathBuf::from("fixtures/po").join(name);
    let got = i18n::check_catalog_file(
        &shown,
        &fixture(name),
        Some(&english_glossary()),
        &Default::default(),
    )
    .expect("the fixture reads")
    .0;
    let expected: Vec<String> = expected
        .iter()
        .map(|e| format!("fixtures/po/{name}:{e}"))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn every_failure_is_reported_with_file_line_and_reason() {
    assert_reports("clean.po", &[]);
    assert_reports(
        "syntax-error.po",
        &["16: expected a string in double quotes"],
    );
    assert_reports(
        "incomplete-header.po",
        &["1: incomplete header: `POT-Creation-Date:` is missing (`i18n add` writes a whole one)"],
    );
    assert_reports(
        "missing-link.po",
        &[
            "15: the translation does not keep the link targets of the original: [\"thanh-pho-thong-minh.md\"] (msgid \"Xem [bài viết](thanh-pho-thong-minh.md).\")",
        ],
    );
    assert_reports(
        "changed-code.po",
        &[
            "15: the translation does not keep the code spans of the original: [\"index.md\"] (msgid \"Mở tệp `index.md`.\")",
        ],
    );
    assert_reports(
        "script.po",
        &[
            "15: adds markup that is not in the original: <script> (msgid \"Xin chào.\")",
            "15: adds markup that is not in the original: </script> (msgid \"Xin chào.\")",
            "15: the original ends with “.”, the translation does not (msgid \"Xin chào.\")",
        ],
    );
    assert_reports(
        "javascript-link.po",
        &[
            "15: links to a `javascript:` URL (not in the original): javascript:alert(1) (msgid \"Xem [bài viết](thanh-pho-thong-minh.md).\")",
            "15: the translation does not keep the link targets of the original: [\"thanh-pho-thong-minh.md\"] (msgid \"Xem [bài viết](thanh-pho-thong-minh.md).\")",
        ],
    );
    let glossary = project_root().join("po/glossary/en.toml");
    assert_reports(
        "glossary-miss.po",
        &[&format!(
            "15: glossary: “khu công nghiệp” is rendered “industrial park” ({}) (msgid \"Có 29 khu công nghiệp.\")",
            glossary.display()
        )],
    );
    assert_reports(
        "nfd.po",
        &[
            "15: text is not in Unicode NFC (decomposed accents): run `mdbook-i18n-site i18n update` to normalize it",
        ],
    );
    assert_reports(
        "fuzzy.po",
        &[
            "16: outdated (`#, fuzzy`): review the translation, then remove its `#, fuzzy` line (msgid \"Xin chào.\")",
        ],
    );
}

fn msgfmt_available() -> bool {
    Command::new("msgfmt").arg("--version").output().is_ok()
}

fn msgfmt_check(path: &Path) -> (bool, String) {
    let output = Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(path)
        .output()
        .expect("run msgfmt");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_catalog_passes_msgfmt_check() {
    if !msgfmt_available() {
        eprintln!("skipped: GNU gettext's msgfmt is not installed");
        return;
    }
    let po_dir = project_root().join("po");
    let mut checked = 0;
    for entry in fs::read_dir(&po_dir).expect("po/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "po") {
            let (ok, stderr) = msgfmt_check(&path);
            assert!(ok, "msgfmt --check {}: {stderr}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 1, "no catalog in po/");
    // Each fixture has one problem, and only the syntax error is one GNU
    // gettext sees too (msgfmt names the line after the broken string).
    for name in [
        "clean.po",
        "missing-link.po",
        "changed-code.po",
        "script.po",
        "javascript-link.po",
        "glossary-miss.po",
        "nfd.po",
        "fuzzy.po",
    ] {
        let (ok, stderr) = msgfmt_check(&fixture(name));
        assert!(ok, "msgfmt --check {name}: {stderr}");
    }
    let (ok, stderr) = msgfmt_check(&fixture("syntax-error.po"));
    assert!(!ok && stderr.contains("syntax-error.po:17:"), "{stderr}");
}

#[test]
fn i18n_check_runs_gnu_msgfmt_too() {
    // A line break at the end of one side only: a style problem here, a
    // fatal one to msgfmt.
    let (_dir, project) = copy_project();
    let po = project.po_file("en");
    let text = fs::read_to_string(&po).expect("read");
    fs::write(
        &po,
        text.replacen("msgstr \"Contents\"", "msgstr \"Contents\\n\"", 1),
    )
    .expect("write");
    let problems = i18n::check(&project).expect("check runs");
    assert!(
        problems.iter().any(|p| p.starts_with("po/en.po:")
            && p.ends_with("trailing whitespace differs from the original: \"\\n\" instead of \"\" (msgid \"Mục lục\")")),
        "{problems:#?}"
    );
    // What only `msgfmt --check` knows (a format string's conversions)
    // reaches the report too.
    fs::write(
        &po,
        text.replacen(
            "msgid \"Mục lục\"\nmsgstr \"Contents\"",
            "#, c-format\nmsgid \"Mục lục\"\nmsgstr \"Contents %d\"",
            1,
        ),
    )
    .expect("write");
    let problems = i18n::check(&project).expect("check runs");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("po/en.po:") && p.ends_with("does not match (msgfmt --check)")),
        "{problems:#?}"
    );
}

#[test]
fn update_normalizes_nfd_and_is_stable() {
    let (_dir, project) = copy_project();
    let en = project.po_file("en");
    let committed = fs::read_to_string(&en).expect("en.po");
    let nfd: String = unicode_nfd(&committed);
    assert_ne!(nfd, committed);
    fs::write(&en, &nfd).expect("write");
    let problems = i18n::check(&project).expect("check runs");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("po/en.po:") && p.contains("not in Unicode NFC")),
        "{problems:#?}"
    );

    i18n::update(&project).expect("update");
    let first = snapshot_po(&project.po_dir.clone());
    let updated = fs::read_to_string(&en).expect("en.po");
    assert_eq!(first_non_nfc_line(&updated), None);
    assert!(
        !i18n::check(&project)
            .expect("check runs")
            .iter()
            .any(|p| p.contains("NFC")),
        "still reported after update"
    );
    // A second update with nothing new changes no byte: the template keeps
    // its creation date and msgmerge its wrapping.
    i18n::update(&project).expect("second update");
    assert_eq!(snapshot_po(&project.po_dir.clone()), first);
}

fn unicode_nfd(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd().collect()
}

fn snapshot_po(dir: &Path) -> Vec<(PathBuf, String)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(dir.join(&p)).expect("read");
            (p, text)
        })
        .collect()
}

/// Leaves one message untranslated and marks another fuzzy in `po`.
fn half_translate(po: &Path, untranslate: &str, fuzzy: &str) {
    let text = fs::read_to_string(po).expect("read");
    let entries: Vec<String> = text
        .split("\n\n")
        .map(|entry| {
            let Some(at) = entry.find("\nmsgstr ") else {
                return entry.to_string();
            };
            let msgid: String = entry[..at]
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.trim_start_matches("msgid ").trim_matches('"'))
                .collect();
            if msgid.starts_with(untranslate) {
                format!("{}\nmsgstr \"\"", &entry[..at])
            } else if msgid.starts_with(fuzzy) {
                let first_msgid = entry.find("msgid ").expect("msgid");
                format!(
                    "{}#, fuzzy\n{}",
                    &entry[..first_msgid],
                    &entry[first_msgid..]
                )
            } else {
                entry.to_string()
            }
        })
        .collect();
    let edited = entries.join("\n\n");
    assert_ne!(edited, text, "no entry matched");
    fs::write(po, edited).expect("write");
}

#[test]
fn a_half_translated_language_marks_vietnamese_and_outdated_paragraphs_and_says_so() {
    let (dir, project) = copy_project();
    half_translate(
        &project.po_file("en"),
        "Nằm trong Vùng kinh tế",
        "Sau hơn 20 năm",
    );
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("build");

    let main_lang_vi = sel("main [lang=\"vi\"]");
    let notice = sel("main [role=\"note\"].untranslated-notice");
    let link = sel("a[hreflang=\"vi\"]");

    // Untranslated: the paragraph in Vietnamese, marked as such.
    let untranslated = "thanh-pho-thong-minh.html";
    let html = page(&out.join("en").join(untranslated));
    let marked: Vec<String> = html.select(&main_lang_vi).map(text_of).collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].starts_with("Nằm trong Vùng kinh tế trọng điểm phía Nam"));
    assert_eq!(
        html.select(&main_lang_vi)
            .next()
            .and_then(|e| e.parent())
            .and_then(scraper::ElementRef::wrap)
            .map(|p| p.value().name().to_string()),
        Some("p".to_string()),
        "the mark is inside the paragraph"
    );
    let notes: Vec<_> = html.select(&notice).collect();
    assert_eq!(notes.len(), 1, "one notice");
    assert_eq!(
        text_of(notes[0]),
        "Parts of this page are not translated yet and are shown in Vietnamese. Read the Vietnamese original · Translation status"
    );
    let href = notes[0]
        .select(&link)
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a link to the original");
    assert_eq!(href, format!("../{untranslated}"));

    // Outdated: the previous English, marked, the current Vietnamese in a
    // disclosure.
    let outdated = "van-minh-nghia-tinh-dang-song.html";
    let html = page(&out.join("en").join(outdated));
    let block = html
        .select(&sel("main div.outdated"))
        .next()
        .expect("an outdated block");
    assert_eq!(
        text_of(
            block
                .select(&sel(".outdated-label"))
                .next()
                .expect("its label")
        ),
        "Outdated translation: the original has changed since."
    );
    let shown: Vec<String> = block
        .select(&sel(":scope > p:not(.outdated-label)"))
        .map(text_of)
        .collect();
    assert_eq!(shown.len(), 1);
    assert!(
        shown[0].starts_with("In the more than 20 years since the re-establishment"),
        "{shown:?}"
    );
    let original = block
        .select(&sel("details.outdated-original > div[lang=\"vi\"] > p"))
        .map(text_of)
        .collect::<Vec<_>>();
    assert_eq!(original.len(), 1);
    assert!(
        original[0].starts_with("Sau hơn 20 năm tái lập tỉnh"),
        "{original:?}"
    );
    assert_eq!(
        text_of(block.select(&sel("summary")).next().expect("summary")),
        "Current original (Vietnamese)"
    );
    let notes: Vec<_> = html.select(&notice).collect();
    assert_eq!(
        text_of(notes[0]),
        "Parts of this page translate an earlier version of the original and are marked as outdated. Outdated: 1. Untranslated: 0. Read the Vietnamese original · Translation status"
    );
    let status_link = notes[0]
        .select(&sel("a:not([hreflang])"))
        .next()
        .and_then(|a| a.value().attr("href"));
    assert_eq!(status_link, Some("translation.html"));

    // The status page: the figures of `i18n status`, per chapter, kept out
    // of search engines; the source language's lists each translation.
    let status = page(&out.join("en/translation.html"));
    let rows: Vec<Vec<String>> = status
        .select(&sel("main table.translation-status tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect();
    let figures = i18n::status(&project).expect("status");
    let counts = |file: &str| {
        let c = figures[0].files[file];
        vec![
            c.translated.to_string(),
            c.outdated.to_string(),
            c.untranslated.to_string(),
            String::new(),
        ]
    };
    let row = |title: &str| {
        rows.iter()
            .find(|r| r[0] == title)
            .unwrap_or_else(|| panic!("a row for {title}: {rows:?}"))[1..]
            .to_vec()
    };
    assert_eq!(
        row("Smart City: Goals and Actions"),
        counts("src/thanh-pho-thong-minh.md")
    );
    assert_eq!(
        row("Continually Building a Civilized, Compassionate and Livable Binh Duong"),
        counts("src/van-minh-nghia-tinh-dang-song.md")
    );
    assert_eq!(row("Smart City: Goals and Actions"), ["1", "0", "1", ""]);
    assert_eq!(
        rows.len(),
        5,
        "four chapters and the site's words: {rows:?}"
    );
    assert_eq!(
        status
            .select(&sel("meta[name=\"robots\"][content=\"noindex\"]"))
            .count(),
        1
    );
    let overview = page(&out.join("translation.html"));
    let languages: Vec<Vec<String>> = overview
        .select(&sel("main tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect();
    let total = figures[0].total;
    assert_eq!(
        languages,
        [vec![
            "English".to_string(),
            total.translated.to_string(),
            "1".into(),
            "1".into(),
            String::new()
        ]]
    );

    // Fully translated pages, and the Vietnamese pages, show nothing.
    for path in [
        "en/do-thi-thong-minh-ben-vung.html",
        "en/index.html",
        "thanh-pho-thong-minh.html",
    ] {
        let html = page(&out.join(path));
        assert_eq!(html.select(&notice).count(), 0, "{path}: no notice");
        assert_eq!(
            html.select(&main_lang_vi).count(),
            0,
            "{path}: nothing marked"
        );
    }

    // `outdated = "original"`: the outdated paragraph in Vietnamese, as an
    // untranslated one.
    let toml = project.root.join("book.toml");
    let text = fs::read_to_string(&toml).expect("read");
    fs::write(
        &toml,
        text.replace(
            "[preprocessor.gettext]\n",
            "[preprocessor.gettext]\noutdated = \"original\"\n",
        ),
    )
    .expect("write");
    let project = Project::load(&project.root).expect("load");
    let out = dir.path().join("out-original");
    build(&project, &out, "/").expect("build");
    let html = page(&out.join("en").join(outdated));
    assert_eq!(html.select(&sel("main .outdated")).count(), 0);
    let marked: Vec<String> = html.select(&main_lang_vi).map(text_of).collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].starts_with("Sau hơn 20 năm"), "{marked:?}");
    // A value it does not know: one line naming the file.
    fs::write(
        &toml,
        text.replace(
            "[preprocessor.gettext]\n",
            "[preprocessor.gettext]\noutdated = \"hidden\"\n",
        ),
    )
    .expect("write");
    let error = format!("{:#}", Project::load(&project.root).expect_err("refused"));
    assert!(
        error.contains(
            "book.toml: [preprocessor.gettext] outdated: `outdated = \"hidden\"`: the values are"
        ),
        "{error}"
    );
}

#[test]
fn the_build_refuses_a_translation_that_adds_a_script() {
    let (dir, project) = copy_project();
    let po = project.po_file("en");
    let text = fs::read_to_string(&po).expect("read");
    let needle = "msgstr \"Contents\"";
    let line = text[..text.find(needle).expect("the Contents entry")]
        .matches('\n')
        .count();
    fs::write(
        &po,
        text.replacen(needle, "msgstr \"Contents<script>alert(1)</script>\"", 1),
    )
    .expect("write");
    let err = build(&project, &dir.path().join("out"), "/").expect_err("must refuse");
    let message = format!("{err:#}");
    assert!(
        message.contains(&format!(
            "po/en.po:{line}: adds markup that is not in the original: <script> (msgid \"Mục lục\")"
        )),
        "{message}"
    );
    assert!(!dir.path().join("out").exists(), "nothing published");
}

#[test]
fn style_warns_unless_strict_but_unsafe_html_is_always_refused() {
    let (dir, project) = copy_project();
    let po = project.po_file("en");
    let text = fs::read_to_string(&po).expect("read");
    // A glossary miss: "đô thị thông minh" is a "smart urban area".
    let missed = text.replacen(
        "msgstr \"Efforts to Develop a Sustainable Smart Urban Area\"",
        "msgstr \"Efforts to Develop a Sustainable Smart City\"",
        1,
    );
    assert_ne!(missed, text);
    fs::write(&po, &missed).expect("write");
    let preview = BuildOptions {
        mode: mdbook_i18n_site::build::Mode::Preview {
            live_reload_endpoint: "__livereload".into(),
        },
        site_url: Some("/".into()),
        output_dir: Some(dir.path().join("preview")),
        strict: true,
        ..BuildOptions::default()
    };
    build_site(&project, &preview).expect("a preview builds despite a glossary miss");
    build(&project, &dir.path().join("out"), "/").expect("a plain build only warns");
    let strict = BuildOptions {
        strict: true,
        output_dir: Some(dir.path().join("strict")),
        ..BuildOptions::default()
    };
    let err = build_site(&project, &strict).expect_err("a --strict build refuses");
    assert!(
        format!("{err:#}").contains(
            "glossary: “đô thị thông minh” is rendered “smart urban area” (po/glossary/en.toml)"
        ),
        "{err:#}"
    );

    fs::write(
        &po,
        missed.replacen(
            "msgstr \"Contents\"",
            "msgstr \"<b onclick=\\\"x()\\\">Contents</b>\"",
            1,
        ),
    )
    .expect("write");
    let err = build_site(&project, &preview).expect_err("a preview refuses unsafe HTML");
    assert!(
        format!("{err:#}").contains("adds the event-handler attribute `onclick` to <b>"),
        "{err:#}"
    );
}

#[test]
fn i18n_add_makes_a_language_that_builds_everywhere() {
    let (dir, project) = copy_project();
    i18n::add(&project, "fr").expect("i18n add fr");
    let fr = PoFile::read(&project.po_file("fr")).expect("a strictly valid catalog");
    assert_eq!(fr.header_field("Language"), Some("fr"));
    assert_eq!(
        fr.header_field("Plural-Forms"),
        Some("nplurals=2; plural=(n > 1);")
    );
    assert!(fr.entries().iter().all(|e| e.msgstr.is_empty()));
    // A header as gettext writes one: the team named, the revision dated
    // `YYYY-MM-DD HH:MM+0000`, no later than the template was made.
    assert_eq!(fr.header_field("Language-Team"), Some("French"));
    let revised = fr
        .header_field("PO-Revision-Date")
        .expect("PO-Revision-Date");
    assert!(
        revised.len() == 21 && revised.ends_with("+0000") && revised.as_bytes()[10] == b' ',
        "{revised}"
    );
    let template = PoFile::read(&project.pot_file()).expect("template");
    assert_eq!(fr.entries().len(), template.entries().len());
    if msgfmt_available() {
        let (ok, stderr) = msgfmt_check(&project.po_file("fr"));
        assert!(ok, "{stderr}");
    }
    let err = i18n::add(&project, "fr").expect_err("twice");
    assert!(
        err.to_string().ends_with("po/fr.po already exists"),
        "{err}"
    );

    let out = dir.path().join("out");
    let project = Project::load(&project.root).expect("the book, with fr");
    build(&project, &out, "https://example.org/site/").expect("build with fr");
    assert!(out.join("fr/index.html").is_file());
    // Whatever the English site has (pages, search index…), French has too;
    // only the content hashes in asset names differ.
    // and the search index may be cut into more or fewer shards of each
    // kind, as the text is longer or shorter.
    let unhashed = |dir: &Path| -> std::collections::BTreeSet<String> {
        files_under(dir).iter().map(|p| without_hash(p)).collect()
    };
    assert_eq!(unhashed(&out.join("fr")), unhashed(&out.join("en")));

    let home = page(&out.join("index.html"));
    let to_fr = home
        .select(&sel("a[hreflang=\"fr\"]"))
        .find(|a| a.value().attr("href") == Some("fr/index.html"))
        .expect("the language switch links to fr/index.html");
    // Until `ui:language-name` is translated, the switch shows CLDR's name.
    assert_eq!(text_of(to_fr), "Français");
    assert!(
        home.select(&sel("link[rel=\"alternate\"][hreflang=\"fr\"]"))
            .any(|l| l.value().attr("href") == Some("https://example.org/site/fr/index.html")),
        "hreflang alternate for fr"
    );
    assert!(
        out.join("fr/search/index.json").is_file(),
        "a French search index"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/site/fr/index.html"),
        "the sitemap lists the French pages"
    );
    // Any other list of the site's addresses that has the English pages has
    // the French ones.
    for file in files_under(&out) {
        let name = file.to_string_lossy();
        if file.components().count() == 1 && (name.ends_with(".xml") || name.ends_with(".txt")) {
            let text = fs::read_to_string(out.join(&file)).expect("read");
            if text.contains("/en/") {
                assert!(text.contains("/fr/"), "{name} lists en but not fr");
            }
        }
    }
    // Nothing is translated yet: the theme's words come from the tool's
    // French table, but a word this book changed (its search placeholder)
    // stays Vietnamese, marked so; and every French page says so.
    let fr_home = page(&out.join("fr/index.html"));
    let label = fr_home
        .select(&sel("label[for=\"search-input\"]"))
        .next()
        .expect("the search label");
    assert_eq!(text_of(label), "Rechercher dans ce livre");
    assert_eq!(label.value().attr("lang"), None);
    let input = fr_home.select(&sel("#search-input")).next().expect("input");
    assert_eq!(
        input.value().attr("placeholder"),
        Some("Tìm trong sách, có dấu hay không dấu…")
    );
    assert_eq!(
        fr_home.select(&sel("main [role=\"note\"]")).count(),
        1,
        "the notice on an untranslated page"
    );
}

/// `toc-5de7542b.js` → `toc.js`: mdBook names assets by content hash.
fn without_hash(path: &Path) -> String {
    let mut name = path.to_string_lossy().replace('\\', "/");
    // The search index's version folder is a hash too; its shards count
    // by kind (`t0.json`, `t1.json`… are `t*.json`).
    if let Some(rest) = name.strip_prefix("search/")
        && let Some((version, file)) = rest.split_once('/')
        && version.len() == 8
        && version.chars().all(|c| c.is_ascii_hexdigit())
    {
        let kind: String = file.chars().take(1).collect();
        name = format!("search/{kind}*.json");
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
    match stem.rsplit_once('-') {
        Some((base, hash)) if hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            format!("{base}.{ext}")
        }
        _ => name.clone(),
    }
}

#[test]
fn status_counts_per_language_and_file_as_table_and_json() {
    let (_dir, project) = copy_project();
    half_translate(
        &project.po_file("en"),
        "Nằm trong Vùng kinh tế",
        "Sau hơn 20 năm",
    );
    let statuses = i18n::status(&project).expect("status");
    let en = statuses.iter().find(|s| s.language == "en").expect("en");
    let chapter = |file: &str| {
        let c = en
            .files
            .get(file)
            .unwrap_or_else(|| panic!("{file} in status"));
        (c.translated, c.outdated, c.untranslated)
    };
    assert_eq!(chapter("src/thanh-pho-thong-minh.md"), (1, 0, 1));
    assert_eq!(chapter("src/van-minh-nghia-tinh-dang-song.md"), (1, 1, 0));
    assert_eq!(chapter("src/do-thi-thong-minh-ben-vung.md"), (2, 0, 0));
    assert_eq!((en.total.outdated, en.total.untranslated), (1, 1));

    let table = i18n::format_status(&statuses);
    assert!(
        table.contains("  file  ") || table.contains("file"),
        "a header row: {table}"
    );
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("src/thanh-pho-thong-minh.md"))
        .expect("a row per chapter");
    let figures: Vec<&str> = row.split_whitespace().skip(1).collect();
    assert_eq!(figures, ["1", "0", "1"]);

    let json: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&statuses).expect("json")).expect("parse");
    let en_json = json
        .as_array()
        .and_then(|a| a.iter().find(|s| s["language"] == "en"))
        .expect("en in JSON");
    assert_eq!(
        en_json["files"]["src/van-minh-nghia-tinh-dang-song.md"],
        serde_json::json!({"translated": 1, "outdated": 1, "untranslated": 0})
    );
    assert_eq!(en_json["total"]["outdated"], 1);
}

/// Runs the `mdbook-i18n-site` binary on the book in `root` (its current
/// folder); returns its standard output.
fn tool_cli(root: &Path, args: &[&str]) -> String {
    String::from_utf8(common::run_tool(root, args).stdout).expect("UTF-8 output")
}

#[test]
fn status_json_on_the_command_line() {
    let (dir, project) = copy_project();
    half_translate(
        &project.po_file("en"),
        "Nằm trong Vùng kinh tế",
        "Sau hơn 20 năm",
    );
    let json: serde_json::Value =
        serde_json::from_str(&tool_cli(dir.path(), &["i18n", "status", "--json"]))
            .expect("JSON on stdout");
    assert_eq!(json[0]["language"], "en");
    assert_eq!(
        json[0]["files"]["src/thanh-pho-thong-minh.md"],
        serde_json::json!({"translated": 1, "outdated": 0, "untranslated": 1})
    );
    let table = tool_cli(dir.path(), &["i18n", "status"]);
    assert!(table.starts_with("en: "), "{table}");
}

#[test]
fn translating_md_shows_the_glossary_of_po_glossary() {
    let guide = fs::read_to_string(project_root().join("TRANSLATING.md")).expect("TRANSLATING.md");
    let table = tool_cli(&project_root(), &["i18n", "glossary", "en"]);
    assert_eq!(table, english_glossary().markdown_table("English"));
    assert!(
        guide.contains(&table),
        "TRANSLATING.md's glossary differs from po/glossary/en.toml; regenerate it with `cargo xtask i18n glossary en`:\n{table}"
    );
}
