//! Keeping a build inside the book: what mdBook will read and copy is
//! checked before it reads or copies anything.
//!
//! mdBook reads every chapter `SUMMARY.md` names, wherever the path leads
//! (`../../etc/passwd` builds, and writes `etc/passwd.html` outside the
//! output), expands `{{#include}}` from any path, and copies every file of
//! `src/` into the site, following symbolic links and taking dotfiles
//! (`.env`, `.git/`) along. So, before a build:
//! - every chapter path is relative and stays inside `src/`, and names a
//!   page a browser can link to (no `:` that would read as a URL scheme);
//! - every include stays inside the book's folder (the one with
//!   `book.toml`: books include code from beside `src/`);
//! - no symbolic link in `src/` leads outside the book's folder (books link
//!   assets from beside `src/`, such as Comprehensive Rust's `third_party/`).
//!
//! After mdBook has rendered a language, the dotfiles it copied from `src/`
//! are removed from the output, with a warning.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// How deep mdBook expands includes within includes (its own limit).
const MAX_INCLUDE_DEPTH: usize = 10;

/// Dot-entries a site may publish: `.well-known/` (domain verification,
/// security.txt) and the host's `.nojekyll`.
const PUBLISHED_DOTFILES: [&str; 2] = [".well-known", ".nojekyll"];

/// Checks the chapters `SUMMARY.md` in `src_dir` names, the includes in
/// them, and the links in `src_dir`. `book_root` is the folder includes must
/// stay in. A `SUMMARY.md` mdBook cannot read is left for mdBook to report.
pub fn check_sources(book_root: &Path, src_dir: &Path) -> Result<()> {
    let root = canonical(book_root)?;
    let src = canonical(src_dir)?;
    let summary_path = src_dir.join("SUMMARY.md");
    let summary_text = fs::read_to_string(&summary_path)
        .with_context(|| format!("reading {}", summary_path.display()))?;
    let chapters = match mdbook_summary::parse_summary(&summary_text) {
        Ok(summary) => summary_chapters(&summary),
        Err(_) => Vec::new(),
    };
    for chapter in &chapters {
        let line = line_of(&summary_text, &chapter.to_string_lossy());
        let shown = format!("{}:{line}", summary_path.display());
        check_chapter_path(chapter).map_err(|why| anyhow::anyhow!("{shown}: {why}"))?;
        let file = src_dir.join(chapter);
        let Ok(real) = fs::canonicalize(&file) else {
            // A missing file is reported by mdBook, naming it.
            continue;
        };
        if !real.starts_with(&src) {
            bail!(
                "{shown}: the chapter `{}` is a link to {}, outside {}",
                chapter.display(),
                real.display(),
                src_dir.display()
            );
        }
        check_includes(&real, &root, 0)?;
    }
    check_links(src_dir, &root)
}

/// Every chapter file a summary names, in order.
fn summary_chapters(summary: &mdbook_summary::Summary) -> Vec<PathBuf> {
    let mut chapters = Vec::new();
    let mut stack: Vec<&mdbook_summary::SummaryItem> = summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
        .rev()
        .collect();
    while let Some(item) = stack.pop() {
        if let mdbook_summary::SummaryItem::Link(link) = item {
            chapters.extend(link.location.clone());
            stack.extend(link.nested_items.iter().rev());
        }
    }
    chapters
}

/// Why a `SUMMARY.md` path cannot be a chapter, if it cannot.
fn check_chapter_path(path: &Path) -> Result<(), String> {
    let text = path.to_string_lossy();
    for component in path.components() {
        match component {
            Component::Normal(part) => {
                if part.to_string_lossy().contains(':') {
                    return Err(format!(
                        "the chapter path `{text}` contains `:`, which a browser reads as a URL scheme in a link to the page"
                    ));
                }
            }
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "the chapter path `{text}` leads out of the source folder with `..`"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "the chapter path `{text}` is absolute: chapters are paths inside the source folder"
                ));
            }
        }
    }
    Ok(())
}

/// The 1-based line of the first occurrence of `needle` (or 1).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

fn canonical(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).with_context(|| format!("reading {}", path.display()))
}

/// The `{{#include …}}`-style links of mdBook's `links` preprocessor in
/// `text`: the path of each, before any `:anchor` or line range. An
/// escaped `\{{#…}}` is not a link.
fn include_paths(text: &str) -> Vec<&str> {
    const KINDS: [&str; 4] = ["include", "rustdoc_include", "playground", "playpen"];
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        let escaped = rest[..at].ends_with('\\');
        let after = &rest[at + 2..];
        rest = after;
        if escaped {
            continue;
        }
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim_start();
        let Some(link) = inner.strip_prefix('#') else {
            continue;
        };
        let mut words = link.split_whitespace();
        let (Some(kind), Some(target)) = (words.next(), words.next()) else {
            continue;
        };
        if KINDS.contains(&kind) {
            paths.push(target.split(':').next().unwrap_or(target));
        }
    }
    paths
}

/// Checks the includes of `file` (canonical), and theirs, as deep as
/// mdBook expands them: each must stay inside `root` (canonical).
fn check_includes(file: &Path, root: &Path, depth: usize) -> Result<()> {
    if depth >= MAX_INCLUDE_DEPTH {
        return Ok(());
    }
    // Binary or unreadable files are mdBook's to report.
    let Ok(text) = fs::read_to_string(file) else {
        return Ok(());
    };
    let dir = file.parent().unwrap_or(root);
    for target in include_paths(&text) {
        let Ok(real) = fs::canonicalize(dir.join(target)) else {
            continue;
        };
        if !real.starts_with(root) {
            let line = line_of(&text, target);
            bail!(
                "{}:{line}: `{target}` is outside the book's folder {}: includes are read only from inside it",
                file.display(),
                root.display()
            );
        }
        if real.is_file() {
            check_includes(&real, root, depth + 1)?;
        }
    }
    Ok(())
}

/// Every symbolic link under `dir` must lead inside `root` (canonical).
fn check_links(dir: &Path, root: &Path) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let entry = entry.with_context(|| format!("reading {}", folder.display()))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .with_context(|| format!("reading {}", path.display()))?;
            if kind.is_symlink() {
                let target = fs::canonicalize(&path).ok();
                match target {
                    Some(real) if real.starts_with(root) => {}
                    Some(real) => bail!(
                        "{}: a symbolic link to {}, outside the book's folder {}: mdBook would publish what it leads to",
                        path.display(),
                        real.display(),
                        root.display()
                    ),
                    None => bail!("{}: a symbolic link that leads nowhere", path.display()),
                }
            } else if kind.is_dir() {
                stack.push(path);
            }
        }
    }
    Ok(())
}

/// Removes from a rendered language folder the dotfiles and dot-folders
/// mdBook copied from `src/` (all but `.well-known/` and `.nojekyll`);
/// returns their paths inside it, for the caller to name once per book
/// rather than once per language.
pub fn remove_copied_dotfiles(output: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let mut stack = vec![output.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let entry = entry.with_context(|| format!("reading {}", folder.display()))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry
                .file_type()
                .with_context(|| format!("reading {}", path.display()))?
                .is_dir();
            if name.starts_with('.') && !PUBLISHED_DOTFILES.contains(&name.as_str()) {
                if is_dir {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                }
                .with_context(|| format!("removing {}", path.display()))?;
                removed.push(path.strip_prefix(output).unwrap_or(&path).to_path_buf());
            } else if is_dir {
                stack.push(path);
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_chapter_path(path: &str, expected: Result<(), &str>) {
        assert_eq!(
            check_chapter_path(Path::new(path)),
            expected.map_err(str::to_string),
            "{path}"
        );
    }

    #[test]
    fn chapter_paths_stay_in_the_source_folder_and_link_safely() {
        assert_chapter_path("a.md", Ok(()));
        assert_chapter_path("./part/b.md", Ok(()));
        assert_chapter_path(
            "../../../../../etc/passwd",
            Err(
                "the chapter path `../../../../../etc/passwd` leads out of the source folder with `..`",
            ),
        );
        assert_chapter_path(
            "/etc/passwd",
            Err(
                "the chapter path `/etc/passwd` is absolute: chapters are paths inside the source folder",
            ),
        );
        assert_chapter_path(
            "javascript:alert(1).md",
            Err(
                "the chapter path `javascript:alert(1).md` contains `:`, which a browser reads as a URL scheme in a link to the page",
            ),
        );
    }

    #[test]
    fn every_summary_path_is_checked_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir_all(&src).unwrap();
        fs::write(
            src.join("SUMMARY.md"),
            "# S\n\n- [A](a.md)\n  - [B](../../../../../etc/passwd)\n",
        )
        .unwrap();
        fs::write(src.join("a.md"), "a").unwrap();
        let err = format!("{:#}", check_sources(dir.path(), &src).unwrap_err());
        assert!(err.ends_with("SUMMARY.md:4: the chapter path `../../../../../etc/passwd` leads out of the source folder with `..`"), "{err}");
    }

    #[test]
    fn includes_are_found_as_mdbook_finds_them() {
        assert_eq!(
            include_paths(
                "a {{#include x.rs}} b {{ #rustdoc_include ../y.rs:2:5 }} \\{{#include no.rs}} {{#title T}} {{#playground p.rs editable}}"
            ),
            ["x.rs", "../y.rs", "p.rs"]
        );
    }

    #[test]
    fn includes_and_links_must_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        let src = root.join("src");
        fs::create_dir_all(&src).unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        fs::write(root.join("code.rs"), "fn main() {}").unwrap();
        fs::write(src.join("SUMMARY.md"), "- [A](a.md)\n").unwrap();
        fs::write(src.join("a.md"), "{{#include ../code.rs}}\n").unwrap();
        let check = || check_sources(&root, &src);
        check().unwrap();

        fs::write(src.join("a.md"), "x\n{{#include ../../secret.txt}}\n").unwrap();
        let err = format!("{:#}", check().unwrap_err());
        assert!(
            err.contains("a.md:2: `../../secret.txt` is outside the book's folder"),
            "{err}"
        );

        fs::write(src.join("a.md"), "ok\n").unwrap();
        // A link to an asset beside src/ is the book's own.
        std::os::unix::fs::symlink(root.join("code.rs"), src.join("code.rs")).unwrap();
        check().unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), src.join("leak.txt")).unwrap();
        let err = format!("{:#}", check().unwrap_err());
        assert!(err.contains("leak.txt: a symbolic link to"), "{err}");
        fs::remove_file(src.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(src.join("a.md"), src.join("alias.md")).unwrap();
        check().unwrap();
    }

    #[test]
    fn dotfiles_are_removed_but_well_known_stays() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            ".env",
            ".git/config",
            "img/.DS_Store",
            ".well-known/security.txt",
            "a.html",
        ] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        assert_eq!(remove_copied_dotfiles(dir.path()).unwrap().len(), 3);
        assert!(dir.path().join(".well-known/security.txt").exists());
        assert!(dir.path().join("a.html").exists());
        assert!(!dir.path().join(".git").exists());
    }
}
