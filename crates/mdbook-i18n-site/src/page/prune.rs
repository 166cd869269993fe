//! Removing the static files mdBook always writes but our pages never load.
//!
//! mdBook's HTML renderer copies highlight.js, clipboard.js, its stylesheets,
//! `toc.js`/`toc.html` and favicons whatever the theme uses. Our theme
//! (`theme/index.hbs`) loads only its own CSS and scripts, so those files would
//! be dead weight on the server and in the repository of the published site.
//! Only mdBook's own files are candidates, and only when no page refers to
//! them: a book's own images and files are never touched.

use crate::output_tree::files_under;
use crate::page::LocalizedPage;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
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

/// Deletes mdBook's files under `dir` that none of its `pages` refers to
/// (through `href`, `src` or the theme's `data-script`/`data-index`).
/// Returns the removed files, relative to `dir`.
pub fn prune_unused(dir: &Path, pages: &[LocalizedPage]) -> Result<Vec<String>> {
    let used: BTreeSet<String> = pages
        .iter()
        .filter(|page| !is_mdbook_file(&page.relative))
        .flat_map(|page| {
            page.references
                .iter()
                .filter_map(|r| resolve(&page.relative, r))
        })
        .collect();
    let mut removed = Vec::new();
    for file in files_under(dir, |_| true)? {
        if is_mdbook_file(&file.relative) && !used.contains(&file.relative) {
            fs::remove_file(&file.path)
                .with_context(|| format!("removing {}", file.path.display()))?;
            debug!("pruned {}", file.relative);
            removed.push(file.relative);
        }
    }
    for folder in ["fonts", "css"] {
        // Only succeeds when empty, which is the point.
        let _ = fs::remove_dir(dir.join(folder));
    }
    Ok(removed)
}

/// The file under the language folder that `reference`, written in the page
/// `page` (relative to that folder), points at; `None` for other sites.
pub(crate) fn resolve(page: &str, reference: &str) -> Option<String> {
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
        let page = |relative: &str, references: &[&str]| LocalizedPage {
            relative: relative.into(),
            references: references.iter().map(|r| r.to_string()).collect(),
            sections: Vec::new(),
            noindex: false,
            canonical_elsewhere: false,
        };
        let pages = [
            page(
                "index.html",
                &["css/general-0123abcd.css", "book-609e4cb8.js", "pic.png"],
            ),
            page("toc.html", &["highlight-abc7f01d.js"]),
        ];
        let mut removed = prune_unused(dir.path(), &pages).unwrap();
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
