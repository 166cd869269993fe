//! The full bilingual build, side by side: the tool's binary (mdBook
//! in-process, languages in parallel) against the conventional way — two
//! `mdbook build` runs with `mdbook-gettext` and the dedup preprocessor as
//! separate processes — on this book and on a generated 1,000-chapter book.
//!
//! `cargo bench -p mdbook-i18n-site --bench bilingual_build` prints the median wall time
//! of each and their ratio. It needs `mdbook` and `mdbook-gettext` on PATH
//! (`cargo install mdbook@0.5.4 mdbook-i18n-helpers@0.4.0`).

use anyhow::{Context, Result, bail};
use mdbook_i18n_site::project::Project;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("workspace")?
        .to_path_buf();
    for tool in ["mdbook", "mdbook-gettext"] {
        if Command::new(tool).arg("--version").output().is_err() {
            bail!(
                "`{tool}` is not installed: cargo install mdbook@0.5.4 mdbook-i18n-helpers@0.4.0"
            );
        }
    }
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--quiet",
            "--locked",
            "-p",
            "mdbook-dedup-headings",
        ])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("building the mdbook-dedup-headings binary failed");
    }
    let dedup_bin = root.join("target/release/mdbook-dedup-headings");

    let work = tempfile::tempdir()?;
    let project = Project::load(&root)?;
    let this_book = work.path().join("this-book");
    project.copy_inputs_to(&this_book)?;
    let big_book = work.path().join("1000-chapters");
    project.copy_inputs_to(&big_book)?;
    generate_chapters(&big_book, 1000)?;

    println!(
        "{:<16} {:>12} {:>14} {:>8}",
        "book", "mdbook-i18n-site", "2× mdbook", "ratio"
    );
    for (name, dir, runs) in [
        ("this book", &this_book, 9),
        ("1,000 chapters", &big_book, 5),
    ] {
        let conventional = dir.with_extension("conventional");
        mdbook_i18n_site::project::copy_tree(dir, &conventional)?;
        use_separate_processes(&conventional, &dedup_bin)?;
        let out = dir.join("out");
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        // Alternate the two, so both see the same machine load; each is the
        // whole process a user runs (the tool's binary, built for the bench).
        for _ in 0..runs {
            let start = Instant::now();
            run(Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
                .arg("build")
                .arg(dir)
                .arg("--dest")
                .arg(&out))?;
            ours.push(start.elapsed());
            theirs.push(conventional_build(&conventional)?);
        }
        let (ours, theirs) = (median(ours), median(theirs));
        println!(
            "{:<16} {:>10.0}ms {:>12.0}ms {:>8.2}",
            name,
            ours.as_secs_f64() * 1e3,
            theirs.as_secs_f64() * 1e3,
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
    Ok(())
}

fn conventional_build(dir: &Path) -> Result<Duration> {
    let start = Instant::now();
    run(Command::new("mdbook").arg("build").current_dir(dir))?;
    run(Command::new("mdbook")
        .args(["build", "-d", "book/en"])
        .env("MDBOOK_BOOK__LANGUAGE", "en")
        .current_dir(dir))?;
    Ok(start.elapsed())
}

fn run(command: &mut Command) -> Result<()> {
    let output = command.output()?;
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The conventional setup: the preprocessors as commands (the dedup binary
/// prebuilt, so `cargo run` is not timed) and the mdbook-gettext binary.
fn use_separate_processes(dir: &Path, dedup_bin: &Path) -> Result<()> {
    let path = dir.join("book.toml");
    let mut book: toml::Table = fs::read_to_string(&path)?.parse()?;
    let preprocessors = book
        .get_mut("preprocessor")
        .and_then(|p| p.as_table_mut())
        .context("[preprocessor]")?;
    let dedup = preprocessors
        .get_mut("dedup-headings")
        .and_then(|p| p.as_table_mut())
        .context("dedup-headings")?;
    dedup.insert(
        "command".into(),
        dedup_bin.to_string_lossy().into_owned().into(),
    );
    let gettext = preprocessors
        .get_mut("gettext")
        .and_then(|p| p.as_table_mut())
        .context("gettext")?;
    gettext.insert("command".into(), "mdbook-gettext".into());
    fs::write(&path, toml::to_string(&book)?)?;
    Ok(())
}

/// Replaces the chapters with `count` generated ones (the seed's articles,
/// numbered, each with its heading repeated) and a matching English catalog.
fn generate_chapters(dir: &Path, count: usize) -> Result<()> {
    let src = dir.join("src");
    fs::remove_dir_all(&src)?;
    fs::create_dir_all(&src)?;
    let seed = include_str!("../tests/fixtures/binh-duong-articles.vi.txt");
    let blocks: Vec<&str> = seed
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    let mut summary = String::from("# Mục lục\n\n[Giới thiệu](index.md)\n\n");
    let mut messages: Vec<(String, PathBuf)> = Vec::new();
    fs::write(src.join("index.md"), "# Giới thiệu\n\nTuyển tập.\n")?;
    messages.push(("Giới thiệu".into(), "index.md".into()));
    messages.push(("Tuyển tập.".into(), "index.md".into()));
    messages.push(("Mục lục".into(), "SUMMARY.md".into()));
    for n in 1..=count {
        let article = (n - 1) % (blocks.len() / 3);
        let heading = format!("{} ({n})", blocks[article * 3]);
        let paragraph = format!("{} ({n})", blocks[article * 3 + 2]);
        let file = format!("chuong-{n:04}.md");
        fs::write(
            src.join(&file),
            format!("# {heading} {{#chuong-{n}}}\n\n{heading}\n\n{paragraph}\n"),
        )?;
        summary.push_str(&format!("- [{heading}]({file})\n"));
        messages.push((heading, file.clone().into()));
        messages.push((paragraph, file.into()));
    }
    fs::write(src.join("SUMMARY.md"), summary)?;

    // The glossary speaks of the real articles, not of these numbered copies.
    let glossary = dir.join("po").join("glossary");
    if glossary.exists() {
        fs::remove_dir_all(glossary)?;
    }
    let po = dir.join("po").join("en.po");
    let header = fs::read_to_string(&po)?;
    let header_end = header.find("\n\n").context("en.po header")?;
    let mut text = header[..header_end + 2].to_string();
    for (msgid, file) in messages {
        let quoted = msgid.replace('\\', "\\\\").replace('"', "\\\"");
        text.push_str(&format!(
            "#: src/{}\nmsgid \"{quoted}\"\nmsgstr \"EN {quoted}\"\n\n",
            file.display()
        ));
    }
    fs::write(po, text)?;
    Ok(())
}
