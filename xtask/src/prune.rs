//! Removing the static files mdBook always writes but our pages never load.
//!
//! mdBook's HTML renderer copies highlight.js, clipboard.js, its stylesheets,
//! `toc.js`/`toc.html` and favicons whatever the theme uses. Our theme
//! (`theme/index.hbs`) loads only its own CSS and scripts, so those files would
//! be dead weight on the server and in the repository of the published site.
//! Only mdBook's own files are candidates, and only when no page refers to
//! them: a book's own images and files are never touched.

use anyhow::{Context, Result};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tracing::debug;

/// File names (before mdBook's `-<hash>` fingerprint) that mdBook's HTML
/// renderer writes on its own.
const MDBOOK_FILES: &[&str] = &[
    "book.js",
    "toc.js",
    "toc.html",
    "highlight.js",
    "highlight.css",
    "tomorrow-night.css",
    "ayu-highlight.css",
    "clipboard.min.js",
    "favicon.png",
    "favicon.svg",
    "elasticlunr.min.js",
    "mark.min.js",
    "searcher.js",
    "searchindex.js",
    "searchindex.json",
    "ace.js",
    "editor.js",
    "mode-rust.js",
    "theme-dawn.js",
    "theme-tomorrow_night.js",
    "css/chrome.css",
    "css/general.css",
    "css/print.css",
    "css/variables.css",
];

/// Whether `relative` (such as `css/chrome-1a2b3c4d.css`) is one of mdBook's
/// own files, fingerprinted or not.
pub fn is_mdbook_file(relative: &str) -> bool {
    if relative.starts_with("fonts/") {
        return true;
    }
    MDBOOK_FILES.iter().any(|name| {
        let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
        relative == *name
            || relative
                .strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|rest| rest.split_once('.'))
                .is_some_and(|(hash, rest)| {
                    hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && rest == ext
                })
    })
}

/// Deletes mdBook's files under `dir` that no page under `dir` refers to
/// (through `href`, `src` or the theme's `data-script`/`data-index`).
/// Returns the removed files, relative to `dir`.
pub fn prune_unused(dir: &Path) -> Result<Vec<String>> {
    let files = list_files(dir)?;
    let mut used = BTreeSet::new();
    for (relative, path) in &files {
        if relative.ends_with(".html") && !is_mdbook_file(relative) {
            let html =
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            for reference in references(&html)
                .with_context(|| format!("reading the links of {}", path.display()))?
            {
                if let Some(target) = resolve(relative, &reference) {
                    used.insert(target);
                }
            }
        }
    }
    let mut removed = Vec::new();
    for (relative, path) in files {
        if is_mdbook_file(&relative) && !used.contains(&relative) {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            debug!("pruned {relative}");
            removed.push(relative);
        }
    }
    for folder in ["fonts", "css"] {
        // Only succeeds when empty, which is the point.
        let _ = fs::remove_dir(dir.join(folder));
    }
    Ok(removed)
}

fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let path = entry
                .with_context(|| format!("reading {}", folder.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((relative, path));
            }
        }
    }
    Ok(files)
}

/// Every URL a page refers to.
fn references(html: &str) -> Result<Vec<String>> {
    let found = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[href], [src], [data-script], [data-index]",
        |el| {
            for attr in ["href", "src", "data-script", "data-index"] {
                if let Some(value) = el.get_attribute(attr) {
                    found.borrow_mut().push(value);
                }
            }
            Ok(())
        }
    ));
    rewrite_str(html, settings)?;
    Ok(found.into_inner())
}

/// The file under the language folder that `reference`, written in the page
/// `page` (relative to that folder), points at; `None` for other sites.
fn resolve(page: &str, reference: &str) -> Option<String> {
    if reference.contains("://") || reference.starts_with("data:") || reference.starts_with('/') {
        return None;
    }
    let path = reference.split(['#', '?']).next()?;
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_mdbook_files_with_or_without_fingerprint() {
        for yes in [
            "book.js",
            "book-609e4cb8.js",
            "clipboard-1626706a.min.js",
            "css/chrome-12345678.css",
            "fonts/open-sans.woff2",
            "toc.html",
        ] {
            assert!(is_mdbook_file(yes), "{yes}");
        }
        for no in [
            "index.html",
            "images/book.js",
            "book-xyz.js",
            "theme/search-1234abcd.js",
            "book-609e4cb8.css",
        ] {
            assert!(!is_mdbook_file(no), "{no}");
        }
    }

    #[test]
    fn resolves_relative_references() {
        assert_eq!(
            resolve("index.html", "css/a.css").as_deref(),
            Some("css/a.css")
        );
        assert_eq!(
            resolve("a/b.html", "../book.js#x").as_deref(),
            Some("book.js")
        );
        assert_eq!(resolve("a/b.html", "https://x.org/book.js"), None);
        assert_eq!(resolve("b.html", "../../x"), None);
    }

    #[test]
    fn removes_only_unreferenced_mdbook_files() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "index.html",
            r#"<link href="css/general-0123abcd.css"><script src="book-609e4cb8.js"></script><img src="pic.png">"#,
        );
        write("css/general-0123abcd.css", "");
        write("css/chrome-0123abcd.css", "");
        write("book-609e4cb8.js", "");
        write("highlight-abc7f01d.js", "");
        write("toc.html", "<a href=\"highlight-abc7f01d.js\"></a>");
        write("pic.png", "");
        write("fonts/x.woff2", "");
        let mut removed = prune_unused(dir.path()).unwrap();
        removed.sort();
        assert_eq!(
            removed,
            [
                "css/chrome-0123abcd.css",
                "fonts/x.woff2",
                "highlight-abc7f01d.js",
                "toc.html"
            ]
        );
        assert!(dir.path().join("pic.png").exists());
        assert!(!dir.path().join("fonts").exists());
    }
}
