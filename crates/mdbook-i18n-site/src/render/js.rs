//! The tool's scripts as readers download them: comments and spacing taken
//! out with the `minifier` crate (rustdoc's), which saves about a third of
//! their bytes gzipped: the page script is on every first load, and the
//! search script on every first query.
//!
//! Only the tool's own scripts, which the browser suite runs minified: a
//! book's own script is kept as written, since a minifier that works on
//! tokens cannot vouch for code it was not tested on.

/// `text`, a script of the tool's theme, minified.
pub fn minify(text: &str) -> String {
    minifier::js::minify(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a module's text exports.
    fn exports(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split("export ")
            .skip(1)
            .filter_map(|rest| {
                let rest = ["function ", "class ", "const ", "async function "]
                    .iter()
                    .find_map(|k| rest.strip_prefix(k))?;
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
            })
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn the_tool_s_scripts_shrink_and_keep_what_they_export() {
        for (name, text) in [
            ("search.js", include_str!("../../theme/search.js")),
            ("book.js", include_str!("../../theme/book.js")),
        ] {
            let small = minify(text);
            assert!(
                small.len() * 10 < text.len() * 8,
                "{name}: {} of {}",
                small.len(),
                text.len()
            );
            assert_eq!(exports(&small), exports(text), "{name}");
            assert!(!small.contains("// "), "{name}: a comment is left");
        }
        assert!(exports(include_str!("../../theme/search.js")).contains(&"tokenize"));
    }
}
