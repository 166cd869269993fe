//! What hostile input costs, as the user runs the tool: the release binary,
//! whole process, on a copy of this book with one input grown. Prints the
//! time per input byte at three sizes: a cost that grows with the input
//! keeps that figure flat (the last column, against the smallest size).
//!
//! - a catalog of 0.6, 6 and 61 MB (`build`: read strictly, QA-checked,
//!   translated; `i18n status`);
//! - a chapter of 1,000, 10,000 and 100,000 nested `>` and of as many
//!   nested list items (`- * - * …`) (`build`: refused, in one line, past the nesting
//!   limit translation can rewrite in linear time).
//!
//! `cargo bench -p mdbook-i18n-site --bench hostile_inputs`

use anyhow::{Context, Result, bail};
use mdbook_i18n_site::project::Project;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const TOOL: &str = env!("CARGO_BIN_EXE_mdbook-i18n-site");
const GNU_TIME: &str = "/usr/bin/time";

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("workspace")?;
    let work = tempfile::tempdir()?;
    let project = Project::load(&root)?;

    println!(
        "{:<34} {:>12} {:>10} {:>12} {:>8} {:>10}",
        "input", "bytes", "time", "ns/byte", "vs first", "peak RSS"
    );
    for (name, args) in [
        ("catalog, build", &["build", "--dest", "out"][..]),
        ("catalog, i18n status", &["i18n", "status"]),
    ] {
        let mut first = None;
        for entries in [2_250, 22_500, 225_000] {
            let book = work.path().join(format!("catalog-{entries}"));
            project.copy_inputs_to(&book)?;
            let bytes = grow_catalog(&book.join("po/en.po"), entries)?;
            let time = run(&book, args, true)?;
            report(
                &format!("{name}, {entries} entries"),
                bytes,
                time,
                &mut first,
            );
            fs::remove_dir_all(&book)?;
        }
    }
    for (name, nest) in [
        ("nested `>`", nest_quotes as fn(usize) -> String),
        ("nested list items", nest_lists),
    ] {
        let mut first = None;
        for depth in [1_000, 10_000, 100_000] {
            let book = work.path().join(format!("nested-{depth}"));
            project.copy_inputs_to(&book)?;
            let chapter = nest(depth);
            let bytes = chapter.len() as u64;
            let path = book.join("src/thanh-pho-thong-minh.md");
            let text = fs::read_to_string(&path)?;
            fs::write(&path, format!("{text}\n{chapter}"))?;
            let time = run(&book, &["build", "--dest", "out"], false)?;
            report(&format!("{name}, depth {depth}"), bytes, time, &mut first);
            fs::remove_dir_all(&book)?;
        }
    }
    Ok(())
}

fn report(name: &str, bytes: u64, (time, rss): (Duration, u64), first: &mut Option<f64>) {
    let per_byte = time.as_nanos() as f64 / bytes as f64;
    let base = *first.get_or_insert(per_byte);
    println!(
        "{name:<34} {bytes:>12} {:>9.2}s {per_byte:>12.1} {:>7.2}× {:>7} MB",
        time.as_secs_f64(),
        per_byte / base,
        rss / 1024
    );
}

/// Runs the tool in `book`; `succeed` says whether it must exit 0 (the
/// nesting cases must fail, in one line).
fn run(book: &Path, args: &[&str], succeed: bool) -> Result<(Duration, u64)> {
    // GNU time measures the tool's own peak memory: a child forked from
    // this process would start with this process's pages counted.
    let rss_file = book.join("rss.txt");
    let start = Instant::now();
    let output = Command::new(GNU_TIME)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(TOOL)
        .args(args)
        .current_dir(book)
        .output()
        .with_context(|| format!("running {GNU_TIME} (Debian: apt-get install time)"))?;
    let time = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // On failure GNU time writes "Command exited with non-zero status" first.
    let rss = fs::read_to_string(&rss_file)?
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    match (succeed, output.status.success()) {
        (true, false) => bail!("{args:?} failed: {stderr}"),
        (false, true) => bail!("{args:?} should have refused the input"),
        (false, false) if !stderr.contains("nested") => bail!("{args:?}: {stderr}"),
        _ => Ok((time, rss)),
    }
}

/// Appends `entries` translated messages (no chapter uses them) to the
/// catalog; returns its size in bytes.
fn grow_catalog(po: &Path, entries: usize) -> Result<u64> {
    let mut text = fs::read_to_string(po)?;
    for i in 0..entries {
        writeln!(
            text,
            "\n#: src/extra.md\nmsgid \"Thông điệp số {i}: một đoạn văn để thử, có [liên kết](extra.md), có `mã {i}` và có *nhấn mạnh*.\"\nmsgstr \"Message {i}: a paragraph to test with, with a [link](extra.md), with `mã {i}` and with *emphasis*.\"\n"
        )?;
    }
    fs::write(po, &text)?;
    Ok(text.len() as u64)
}

fn nest_quotes(depth: usize) -> String {
    format!("{} văn bản\n", ">".repeat(depth))
}

/// List items in list items on one line: `- * - * … mục` (alternating
/// markers, so that no three make a thematic break).
fn nest_lists(depth: usize) -> String {
    let markers: String = (0..depth)
        .map(|i| if i % 2 == 0 { "- " } else { "* " })
        .collect();
    format!("{markers}mục\n")
}
