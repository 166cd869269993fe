//! What a careless or hostile file can do to a build, tried as an attacker
//! would: a catalog's name that points outside the site, script smuggled
//! into a translation by every route Markdown and PO have, chapters and
//! links that lead out of the book, and a machine without mdBook's tools.
//! Each case was a defect; each test proves it gone.

mod common;

use common::{build, copy_project, files_under, page, project_root, sel};
use mdbook_i18n_site::project::Project;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|p| (p.clone(), fs::read(dir.join(&p)).expect("read")))
        .collect()
}

/// A build of the book in `root`, loaded as it is now, into `root/out`
/// that must fail with one line containing `expected`, having written
/// nothing anywhere.
#[track_caller]
fn assert_refused_writing_nothing(root: &Path, expected: &str) {
    let before = snapshot(root);
    let err = Project::load(root)
        .and_then(|project| build(&project, &root.join("out"), "/"))
        .expect_err("the build must refuse");
    let message = format!("{err:#}");
    assert!(
        message.contains(expected),
        "error: {message}\nexpected: {expected}"
    );
    assert!(!message.contains('\n'), "not one line: {message}");
    assert_eq!(snapshot(root), before, "the build wrote or removed files");
}

#[test]
fn a_catalog_name_can_never_put_a_language_outside_the_site_or_over_its_files() {
    for (name, expected) in [
        ("...po", "po/...po: `..` is not a BCP 47 language code"),
        ("..po", "po/..po: `.` is not a BCP 47 language code"),
        (
            "css.po",
            "po/css.po: `css` cannot be a language of this book: the site already has `css` at its root",
        ),
        (
            "img.po",
            "po/img.po: `img` cannot be a language of this book: the site already has `img` at its root",
        ),
        (
            "robots.txt.po",
            "po/robots.txt.po: `robots.txt` is not a BCP 47 language code",
        ),
        (
            "EN.po",
            "po/EN.po: `EN` is not written as BCP 47 writes it: use `en`",
        ),
        (
            "pt_BR.po",
            "po/pt_BR.po: `pt_BR` is not written as BCP 47 writes it: use `pt-BR`",
        ),
        (
            "und.po",
            "po/und.po: `und` (undetermined) names no language",
        ),
    ] {
        let (dir, project) = copy_project();
        // A folder of pictures beside the chapters is a name at the root.
        fs::create_dir_all(dir.path().join("src/img")).expect("mkdir");
        fs::copy(project.po_file("en"), dir.path().join("po").join(name)).expect("copy");
        assert_refused_writing_nothing(dir.path(), expected);
        // The translators' commands refuse it the same way.
        let err = Project::load(dir.path()).expect_err(name);
        assert!(format!("{err:#}").contains(expected), "{err:#}");
    }
    // `i18n add` too, before writing a file.
    let (dir, project) = copy_project();
    let err = mdbook_i18n_site::i18n::add(&project, "css").expect_err("css");
    assert!(
        format!("{err:#}").contains("cannot be a language"),
        "{err:#}"
    );
    assert!(!dir.path().join("po/css.po").exists());
}

/// Replaces the msgstr of the entry whose msgstr starts with `english`
/// (the whole entry's msgstr, continuation lines included) with `lines`.
fn replace_msgstr(po: &Path, english: &str, lines: &str) -> usize {
    let text = fs::read_to_string(po).expect("read");
    let at = text.find(&format!("\"{english}")).expect("the entry");
    let start = text[..at].rfind("msgstr").expect("its msgstr");
    let end = text[at..].find("\n\n").map_or(text.len(), |i| at + i);
    let line = text[..start].matches('\n').count() + 1;
    fs::write(po, format!("{}{lines}{}", &text[..start], &text[end..])).expect("write");
    line
}

/// Every element of every page of `out`: no `on…` attribute, no
/// `javascript:` URL, and scripts only from the site or in its theme.
#[track_caller]
fn assert_no_injected_script(out: &Path) {
    for file in files_under(out) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = page(&out.join(&file));
        for element in html.select(&sel("*")) {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{}: {name}={value}",
                    file.display()
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{}: {name}={value}",
                    file.display()
                );
            }
        }
        let main = sel("main script, main iframe, main img[onerror]");
        assert_eq!(html.select(&main).count(), 0, "{}", file.display());
    }
}

#[test]
fn script_cannot_pass_through_the_gap_between_two_po_readers() {
    // A quote followed by spaces: polib kept it, msgfmt and this reader
    // drop it; the text is one unclosed tag, which renders as text.
    let (dir, project) = copy_project();
    replace_msgstr(
        &project.po_file("en"),
        "This collection",
        "msgstr \"\"\n\"<img src=x onerror=alert(document.domain) title=\\\"abc\"  \n\">This collection brings together three articles.\"",
    );
    let out = dir.path().join("out");
    // Whatever the build makes of it, no page runs it.
    if build(&project, &out, "/").is_ok() {
        assert_no_injected_script(&out);
    }

    // A continuation line indented: read (as msgfmt does), so checked.
    let (dir, project) = copy_project();
    let line = replace_msgstr(
        &project.po_file("en"),
        "This collection",
        "msgstr \"This collection \"\n   \"<img src=x onerror=alert(1)>brings together three articles.\"",
    );
    assert_refused_writing_nothing(
        dir.path(),
        &format!(
            "po/en.po:{}: adds the event-handler attribute `onerror` to <img>",
            line - 4
        ),
    );

    // `#,fuzzy` without a space is fuzzy to every reader, and an outdated
    // translation is shown (marked): it is checked like any other, and
    // refused, with its line.
    let (dir, project) = copy_project();
    let po = project.po_file("en");
    let text = fs::read_to_string(&po).expect("read");
    let needle = "msgid \"Giới thiệu\"\nmsgstr \"Introduction\"";
    let line = text[..text.find(needle).expect("the entry")]
        .matches('\n')
        .count()
        + 2;
    fs::write(
        &po,
        text.replacen(
            needle,
            "#,fuzzy\nmsgid \"Giới thiệu\"\nmsgstr \"<script>alert(1)</script>\"",
            1,
        ),
    )
    .expect("write");
    assert_refused_writing_nothing(
        dir.path(),
        &format!("po/en.po:{line}: adds markup that is not in the original: <script>"),
    );
}

#[test]
fn script_cannot_pass_through_heading_attributes_by_any_route() {
    for (msgstr, reason) in [
        // After a paragraph.
        (
            "msgstr \"This collection brings together three articles.\\n\\n# Evil. {onmouseover=alert(1) autofocus onfocus=alert(2)}\"",
            "adds the attribute `autofocus` to <h1>, which the original does not have",
        ),
        // A setext heading.
        (
            "msgstr \"Evil {onmouseover=alert(1)}\\n====\"",
            "adds the attribute `onmouseover` to <h1>, which the original does not have",
        ),
        // Inside a list item.
        (
            "msgstr \"- x\\n\\n  ## y {onfocus=alert(1)}\"",
            "adds the attribute `onfocus` to <h2>, which the original does not have",
        ),
        // A reference definition that a link elsewhere could use.
        (
            "msgstr \"This [collection][x].\\n\\n[x]: javascript:alert(1)\"",
            "links to a `javascript:` URL (not in the original): javascript:alert(1)",
        ),
    ] {
        let (dir, project) = copy_project();
        let line = replace_msgstr(&project.po_file("en"), "This collection", msgstr);
        assert_refused_writing_nothing(dir.path(), &format!("po/en.po:{}: {reason}", line - 4));
    }
    // A heading's own message, read as the heading it is.
    let (dir, project) = copy_project();
    let po = project.po_file("en");
    let text = fs::read_to_string(&po).expect("read");
    let at = text.find("msgstr \"Introduction\"").expect("entry");
    let line = text[..at].matches('\n').count();
    fs::write(
        &po,
        text.replacen(
            "msgstr \"Introduction\"",
            "msgstr \"Introduction {onmouseover=alert(1)}\"",
            1,
        ),
    )
    .expect("write");
    assert_refused_writing_nothing(
        dir.path(),
        &format!(
            "po/en.po:{line}: adds the attribute `onmouseover` to <h1>, which the original does not have (read as a heading)"
        ),
    );
}

#[test]
fn chapters_includes_and_links_stay_inside_the_book() {
    let summary = |root: &Path, line: &str| {
        let path = root.join("src/SUMMARY.md");
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, format!("{text}- [X]({line})\n")).expect("write");
    };
    for (chapter, expected) in [
        (
            "../../../../../etc/passwd",
            "leads out of the source folder with `..`",
        ),
        (
            "/etc/passwd",
            "is absolute: chapters are paths inside the source folder",
        ),
        (
            "javascript:alert(1).md",
            "contains `:`, which a browser reads as a URL scheme",
        ),
    ] {
        let (dir, _) = copy_project();
        summary(dir.path(), chapter);
        assert_refused_writing_nothing(dir.path(), expected);
    }

    // A chapter that is a link to a file outside src/, or any such link.
    let (dir, _) = copy_project();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("src/passwd.md")).expect("symlink");
    summary(dir.path(), "passwd.md");
    assert_refused_writing_nothing(dir.path(), "is a link to /etc/passwd, outside");
    let (dir, _) = copy_project();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("src/passwd.txt")).expect("symlink");
    assert_refused_writing_nothing(dir.path(), "passwd.txt: a symbolic link to /etc/passwd");

    // An include from outside the book's folder.
    let (dir, _) = copy_project();
    let chapter = dir.path().join("src/thanh-pho-thong-minh.md");
    let text = fs::read_to_string(&chapter).expect("read");
    fs::write(&chapter, format!("{text}\n{{{{#include /etc/passwd}}}}\n")).expect("write");
    assert_refused_writing_nothing(dir.path(), "`/etc/passwd` is outside the book's folder");

    // Dotfiles in src/ are not published.
    let (dir, project) = copy_project();
    fs::write(dir.path().join("src/.env"), "TOKEN=secret").expect("write");
    fs::create_dir_all(dir.path().join("src/.git")).expect("mkdir");
    fs::write(dir.path().join("src/.git/config"), "[core]").expect("write");
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("build");
    for leaked in [".env", ".git", "en/.env"] {
        assert!(!out.join(leaked).exists(), "{leaked} was published");
    }
    assert!(out.join(".nojekyll").exists());
}

#[test]
fn every_page_carries_a_policy_that_allows_only_its_own_scripts() {
    let (dir, project) = copy_project();
    let out = dir.path().join("out");
    build(&project, &out, "/").expect("build");
    for file in files_under(&out) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = page(&out.join(&file));
        let policy = html
            .select(&sel(r#"head > meta[http-equiv="Content-Security-Policy"]"#))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{}: no policy", file.display()))
            .to_string();
        assert!(
            !policy.contains("unsafe-inline"),
            "{}: {policy}",
            file.display()
        );
        assert!(policy.contains("default-src 'self'"), "{policy}");
        // The policy comes before any script.
        let first = html.select(&sel("head > *")).next().expect("head");
        assert_eq!(
            first.value().attr("http-equiv"),
            Some("Content-Security-Policy")
        );
        for script in html.select(&sel("script:not([src])")) {
            use base64::Engine;
            use sha2::Digest;
            let code: String = script.text().collect();
            let hash = base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(code.as_bytes()));
            assert!(
                policy.contains(&format!("'sha256-{hash}'")),
                "{}: an inline script the policy does not allow",
                file.display()
            );
        }
    }
}

/// A folder holding only the GNU gettext programs, to be a `PATH` with no
/// mdBook tools (and no cargo) on it.
fn gettext_only_path(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).expect("mkdir");
    for tool in ["msgmerge", "msgfmt", "msgcat", "msginit"] {
        let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{tool} is not installed (GNU gettext)"));
        std::os::unix::fs::symlink(found, bin.join(tool)).expect("symlink");
    }
    bin
}

#[test]
fn the_commands_need_no_mdbook_tools_on_the_path() {
    let (dir, _site) = copy_project();
    let bin = gettext_only_path(&dir.path().join("tools"));
    for args in [
        &["i18n", "update"][..],
        &["i18n", "check"],
        &["build", "--dest", "out"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
            .args(args)
            .current_dir(dir.path())
            .env("PATH", &bin)
            .output()
            .expect("run the tool");
        assert!(
            output.status.success(),
            "mdbook-i18n-site {args:?} with PATH={}: {}",
            bin.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(dir.path().join("out/en/index.html").is_file());
    // And the project's own catalogs were left as they were.
    assert_eq!(
        fs::read(dir.path().join("po/en.po")).expect("read"),
        fs::read(project_root().join("po/en.po")).expect("read")
    );
}
