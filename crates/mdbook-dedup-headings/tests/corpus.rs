//! Real Markdown nobody in this project wrote: the README and CHANGELOG
//! files of every crate in cargo's registry cache (the dependencies cargo
//! fetched to build this workspace). Every property must hold on each file;
//! a file without a repeated heading must come back byte for byte; files
//! with repeats are listed, with what was cut.

mod support;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// `$CARGO_HOME/registry/src`, or `~/.cargo/registry/src`.
fn registry_src() -> Option<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    Some(cargo_home.join("registry/src"))
}

/// The README*.md and CHANGELOG*.md files at the top of each crate, sorted.
fn corpus_files(registry: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let dirs = |path: &Path| -> Vec<PathBuf> {
        fs::read_dir(path)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    for index in dirs(registry) {
        for krate in dirs(&index) {
            for file in dirs(&krate) {
                let name = file
                    .file_name()
                    .map(|name| name.to_string_lossy().to_uppercase())
                    .unwrap_or_default();
                let wanted = (name.starts_with("README") || name.starts_with("CHANGELOG"))
                    && name.ends_with(".MD");
                if wanted && file.is_file() {
                    files.push(file);
                }
            }
        }
    }
    files.sort();
    files
}

/// How many top-level headings `markdown` has, and how many of them are
/// followed, with only blank lines between, by a paragraph or heading that
/// starts with the heading's text and goes on: the near misses the rule must
/// leave alone.
fn heading_statistics(markdown: &str) -> (usize, usize) {
    let blocks = support::top_level_blocks(markdown);
    let headings = blocks
        .iter()
        .filter(|block| block.kind == support::Kind::Heading)
        .count();
    let near_repeats = blocks
        .windows(2)
        .filter(|pair| {
            let [heading, next] = pair else { return false };
            heading.kind == support::Kind::Heading
                && next.kind != support::Kind::Other
                && !heading.text.is_empty()
                && next.text.len() > heading.text.len()
                && next.text.starts_with(&heading.text)
                && support::is_blank(markdown, heading.range.end..next.range.start)
        })
        .count();
    (headings, near_repeats)
}

#[test]
fn registry_readmes_and_changelogs() {
    let Some(registry) = registry_src().filter(|path| path.is_dir()) else {
        println!("note: no cargo registry at $CARGO_HOME/registry/src; corpus test skipped");
        return;
    };
    let files = corpus_files(&registry);
    let (mut bytes, mut unchanged, mut not_utf8) = (0, 0, 0);
    let (mut headings, mut near_repeats) = (0, 0);
    let mut with_repeats = Vec::new();
    for file in &files {
        let Ok(markdown) = fs::read_to_string(file) else {
            not_utf8 += 1;
            continue;
        };
        bytes += markdown.len();
        let (file_headings, file_near_repeats) = heading_statistics(&markdown);
        headings += file_headings;
        near_repeats += file_near_repeats;
        // Same cuts as the reference, each a genuine repeat, byte-identical
        // output when there is none, idempotent, HTML unchanged but for the
        // cuts: a failure names the file rather than dumping it.
        let cuts = catch_unwind(AssertUnwindSafe(|| support::check_properties(&markdown)))
            .unwrap_or_else(|_| panic!("a property fails on {}", file.display()));
        if cuts.is_empty() {
            unchanged += 1;
        } else {
            let removed: Vec<String> = cuts
                .iter()
                .map(|cut| markdown[cut.clone()].trim().to_string())
                .collect();
            with_repeats.push((file.strip_prefix(&registry).unwrap_or(file), removed));
        }
    }
    println!(
        "corpus: {} files ({bytes} bytes) under {}: {unchanged} unchanged byte for byte, \
         {} with repeats, {not_utf8} not UTF-8",
        files.len(),
        registry.display(),
        with_repeats.len()
    );
    println!(
        "  {headings} top-level headings; {near_repeats} followed at once by a block that \
         starts with the heading's text but says more (kept)"
    );
    for (file, removed) in &with_repeats {
        println!("  {}: removed {removed:?}", file.display());
    }
    assert!(
        !files.is_empty(),
        "no README or CHANGELOG in {}",
        registry.display()
    );
}
