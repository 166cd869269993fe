//! Listing the files of a built site: the one walk that the steps after
//! mdBook (localizing, indexing, pruning, the sitemap) share.

use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// A file of the output, by its `/`-separated path inside the walked folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutputFile {
    /// Relative to the walked folder, `/`-separated (`css/general.css`).
    pub relative: String,
    /// Where it is on disk.
    pub path: PathBuf,
}

impl OutputFile {
    /// An HTML page.
    pub fn is_html(&self) -> bool {
        self.relative.ends_with(".html")
    }
}

/// Every file under `dir`, sorted, going into a sub-folder only when
/// `descend(relative)` says so (the source language's folder is the site
/// root, which also holds the translations' folders).
pub fn files_under(dir: &Path, descend: impl Fn(&str) -> bool) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let entry = entry.with_context(|| format!("reading {}", folder.display()))?;
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let is_dir = entry
                .file_type()
                .with_context(|| format!("reading {}", path.display()))?
                .is_dir();
            if is_dir {
                if descend(&relative) {
                    stack.push(path);
                }
            } else {
                files.push(OutputFile { relative, path });
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_only_where_asked() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.html", "a/c.css", "en/index.html", "a/d/e.js"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let names: Vec<String> = files_under(dir.path(), |folder| folder != "en")
            .unwrap()
            .into_iter()
            .map(|f| f.relative)
            .collect();
        assert_eq!(names, ["a/c.css", "a/d/e.js", "b.html"]);
    }
}
