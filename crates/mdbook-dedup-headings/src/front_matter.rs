//! Front matter: the YAML or TOML block some tools put at the top of a
//! chapter. mdBook does not know it (it renders `---` as a rule), so the
//! parser cannot tell us where it ends; we find it by its delimiter lines and
//! keep everything inside out of the dedup pass.

/// The byte length of the front matter at the very start of `markdown`, or 0
/// when there is none.
///
/// Front matter opens with a `---` line (YAML, closed by `---` or `...`) or a
/// `+++` line (TOML, closed by `+++`), as pulldown-cmark's metadata blocks do.
/// As there, YAML front matter must not start with a blank line. The length
/// includes the closing line and its line ending. Without a closing line
/// there is no front matter.
pub(crate) fn front_matter_len(markdown: &str) -> usize {
    let mut lines = markdown.split_inclusive('\n');
    let Some(opening) = lines.next() else {
        return 0;
    };
    let closers: &[&str] = match opening.trim_end() {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return 0,
    };
    let mut end = opening.len();
    for (index, line) in lines.enumerate() {
        end += line.len();
        let line = line.trim_end();
        if closers.contains(&line) {
            return end;
        }
        if index == 0 && line.is_empty() {
            return 0;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::front_matter_len;

    #[track_caller]
    fn assert_front_matter(markdown: &str, expected: &str) {
        assert_eq!(&markdown[..front_matter_len(markdown)], expected);
    }

    #[test]
    fn yaml() {
        assert_front_matter("---\ntitle: x\n---\n# x\n", "---\ntitle: x\n---\n");
        assert_front_matter("---\ntitle: x\n...\nx\n", "---\ntitle: x\n...\n");
        assert_front_matter("---\r\na: 1\r\n---\r\nx", "---\r\na: 1\r\n---\r\n");
        assert_front_matter("---\na: 1\n---", "---\na: 1\n---");
    }

    #[test]
    fn toml() {
        assert_front_matter("+++\ntitle = \"x\"\n+++\nx\n", "+++\ntitle = \"x\"\n+++\n");
        assert_front_matter("+++\na = 1\n...\n", "");
    }

    #[test]
    fn none() {
        assert_front_matter("", "");
        assert_front_matter("# x\n---\na\n---\n", "");
        assert_front_matter("---\n\na\n---\n", "");
        assert_front_matter("---\na\n", "");
        assert_front_matter(" ---\na\n---\n", "");
    }
}
