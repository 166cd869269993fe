//! The `mdbook-dedup-headings` binary, run as mdBook runs it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use pretty_assertions::assert_eq;

/// Runs the binary with `args` and `stdin`, without any logging settings
/// inherited from whoever runs the tests.
fn run(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mdbook-dedup-headings"));
    command
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("MDBOOK_LOG")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // The binary may exit before reading everything; that is not our error.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().expect("the binary finishes")
}

/// Checks a failed run: exit code 1, nothing on stdout, one line on stderr
/// containing `expected`.
#[track_caller]
fn assert_fails(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(
        stderr.starts_with("mdbook-dedup-headings: error: "),
        "{stderr}"
    );
    assert!(stderr.contains(expected), "{expected:?} not in {stderr:?}");
}

/// `[context, book]` as mdBook would send it, with `config` as book.toml.
fn input(config: &str, mdbook_version: Option<&str>) -> Vec<u8> {
    let config: Config = config.parse().expect("test book.toml parses");
    let mut ctx = PreprocessorContext::new(PathBuf::from("/book"), config, "html".into());
    if let Some(version) = mdbook_version {
        ctx.mdbook_version = version.to_string();
    }
    let chapter = Chapter::new(
        "Thành phố thông minh",
        "# Thành phố thông minh {#tp}\n\nThành phố thông minh\n\nNằm trong…\n".into(),
        "thanh-pho-thong-minh.md",
        Vec::new(),
    );
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
    serde_json::to_vec(&(ctx, book)).expect("input serializes")
}

fn first_chapter(book: &Book) -> &str {
    match book.items.first() {
        Some(BookItem::Chapter(chapter)) => &chapter.content,
        other => panic!("expected a chapter, got {other:?}"),
    }
}

#[test]
fn supports_every_renderer() {
    for renderer in ["html", "markdown", "xgettext"] {
        let output = run(&["supports", renderer], b"", &[]);
        assert_eq!(output.status.code(), Some(0), "{renderer}");
        assert!(output.stdout.is_empty() && output.stderr.is_empty());
    }
}

#[test]
fn supports_without_renderer() {
    assert_fails(
        &run(&["supports"], b"", &[]),
        "`supports` needs the name of a renderer",
    );
}

#[test]
fn unexpected_arguments() {
    assert_fails(&run(&["build"], b"", &[]), "unexpected arguments");
    assert_fails(
        &run(&["supports", "html", "extra"], b"", &[]),
        "unexpected arguments",
    );
}

#[test]
fn malformed_json() {
    assert_fails(
        &run(&[], b"[{not json", &[]),
        "stdin is not the [context, book] JSON mdBook sends to preprocessors: \
         key must be a string at line 1 column 3",
    );
    assert_fails(&run(&[], b"", &[]), "stdin is not the [context, book] JSON");
    assert_fails(
        &run(&[], b"[{}, {}]", &[]),
        "stdin is not the [context, book] JSON",
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = input("", None);
    bytes.splice(20..20, [0xff, 0xfe]);
    assert_fails(
        &run(&[], &bytes, &[]),
        "stdin is not valid UTF-8 (at byte 20)",
    );
}

#[test]
fn valid_input_is_deduplicated() {
    let output = run(&[], &input("", None), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let book: Book = serde_json::from_slice(&output.stdout).expect("stdout is a book");
    assert_eq!(
        first_chapter(&book),
        "# Thành phố thông minh {#tp}\n\nNằm trong…\n"
    );
}

#[test]
fn info_log_names_the_chapter() {
    let output = run(&[], &input("", None), &[("RUST_LOG", "info")]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "[INFO  mdbook_dedup_headings::preprocessor] thanh-pho-thong-minh.md: removed 1 repeated heading(s)\n"
    );
    let output = run(&[], &input("", None), &[("MDBOOK_LOG", "debug")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "thanh-pho-thong-minh.md:3: removed \"Thành phố thông minh\", a repeat of the heading before it"
        ),
        "{stderr}"
    );
}

#[test]
fn other_mdbook_version_warns_and_continues() {
    let output = run(&[], &input("", Some("0.4.40")), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "[WARN  mdbook_dedup_headings] mdbook-dedup-headings was built against mdbook {}, \
             but is being called from mdbook 0.4.40\n",
            mdbook_preprocessor::MDBOOK_VERSION
        )
    );
    let book: Book = serde_json::from_slice(&output.stdout).expect("stdout is a book");
    assert_eq!(
        first_chapter(&book),
        "# Thành phố thông minh {#tp}\n\nNằm trong…\n"
    );
}

#[test]
fn unknown_config_key() {
    let config = "[preprocessor.dedup-headings]\ncommand = \"x\"\nlevels = [1, 2]\n";
    assert_fails(
        &run(&[], &input(config, None), &[]),
        "unknown key `levels` in [preprocessor.dedup-headings] of book.toml",
    );
}
