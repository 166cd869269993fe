//! The strict PO reader against GNU `msgfmt`, on the same bytes: whatever
//! the reader accepts, `msgfmt` accepts too, and the messages it would
//! translate with (its `.mo` file) are exactly the reader's translated
//! entries. So what the QA checks is what a page shows, whatever the
//! spacing, flags, escapes or line breaks of the file.
//!
//! (polib, which mdbook-i18n-helpers uses, is not compared: it disagrees
//! with `msgfmt` on the cases below — a quote followed by spaces, indented
//! continuation lines, `#,fuzzy` — which is why the tool reads every
//! catalog with its own reader and hands polib only what it writes.)

#[path = "support/mo.rs"]
mod mo;

use po_checks::catalog::PoFile;
use proptest::prelude::*;
use std::fs;

const HEADER: &str = "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: t\\n\"\n\"POT-Creation-Date: \\n\"\n\"PO-Revision-Date: \\n\"\n\"Language-Team: \\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Language: en\\n\"\n";

/// Pieces of a string literal's contents, escapes included.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{1,6}",
        Just("Bình Dương".to_string()),
        Just("\\n".to_string()),
        Just("\\t".to_string()),
        Just("\\\"".to_string()),
        Just("\\\\".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("{#id}".to_string()),
        Just("“”…".to_string()),
        Just("#".to_string()),
        Just(" ".to_string()),
    ]
}

/// A string written as one or more literals on their own lines, each line
/// possibly indented and possibly followed by spaces.
fn literal_lines() -> impl Strategy<Value = Vec<(String, String, String)>> {
    prop::collection::vec(
        (
            prop_oneof![Just(""), Just(" "), Just("\t"), Just("   ")],
            prop::collection::vec(piece(), 0..4).prop_map(|p| p.concat()),
            prop_oneof![Just(""), Just(" "), Just("  "), Just("\t")],
        )
            .prop_map(|(a, b, c)| (a.to_string(), b, c.to_string())),
        1..4,
    )
}

fn render(keyword: &str, lines: &[(String, String, String)]) -> String {
    let mut out = String::new();
    for (i, (indent, text, trailing)) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{keyword} \"{text}\"{trailing}\n"));
        } else {
            out.push_str(&format!("{indent}\"{text}\"{trailing}\n"));
        }
    }
    out
}

prop_compose! {
    fn entry()(
        comments in prop::collection::vec(prop_oneof![
            Just("#. a note"), Just("#: src/a.md"), Just("# translator"),
        ], 0..3),
        previous in prop_oneof![
            Just(""), Just("#| msgid \"old\""), Just("#| msgctxt \"c\"\n#| msgid \"old\"\n#|   \"er\""),
        ],
        flags in prop_oneof![
            Just(""), Just("#, fuzzy"), Just("#,fuzzy"), Just("#, fuzzy, c-format"),
            Just("#,c-format,fuzzy"), Just("#, c-format"), Just("#,  fuzzy  "),
        ],
        context in prop::option::of(literal_lines()),
        msgid in literal_lines(),
        msgstr in prop_oneof![literal_lines(), Just(vec![(String::new(), String::new(), String::new())])],
        gap in prop_oneof![Just("\n"), Just("\n\n"), Just("\n  \n")],
    ) -> (String, String) {
        let mut text = String::new();
        for comment in comments {
            text.push_str(comment);
            text.push('\n');
        }
        for line in [flags, previous] {
            if !line.is_empty() {
                text.push_str(line);
                text.push('\n');
            }
        }
        if let Some(context) = &context {
            text.push_str(&render("msgctxt", context));
        }
        let id = render("msgid", &msgid);
        (format!("{text}{id}{}", render("msgstr", &msgstr)), gap.to_string())
    }
}

prop_compose! {
    fn catalog()(entries in prop::collection::vec(entry(), 1..6), crlf in prop::bool::weighted(0.1)) -> String {
        let mut text = format!("{HEADER}\n");
        for (i, (entry, gap)) in entries.into_iter().enumerate() {
            // Distinct messages: a number at the end of each msgid's first line.
            let entry = entry.replacen("msgid \"", &format!("msgid \"m{i} "), 1);
            text.push_str(&entry);
            text.push_str(&gap);
        }
        if crlf { text.replace('\n', "\r\n") } else { text }
    }
}

/// A catalog, then one random edit: a character removed, doubled or
/// replaced by a quote, a backslash, a space or a line break.
fn edited_catalog() -> impl Strategy<Value = String> {
    (catalog(), any::<prop::sample::Index>(), 0..5u8).prop_map(|(text, at, edit)| {
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len());
        let mut out: Vec<char> = chars[..i].to_vec();
        match edit {
            0 => {}
            1 => out.extend([chars[i], chars[i]]),
            2 => out.push('"'),
            3 => out.push('\\'),
            _ => out.push(if i % 2 == 0 { ' ' } else { '\n' }),
        }
        out.extend(&chars[i + 1..]);
        out.into_iter().collect()
    })
}

/// Whatever the reader accepts, msgfmt accepts, with the same messages.
fn assert_agrees(text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.po");
    fs::write(&path, text).expect("write");
    let ours = PoFile::read(&path);
    let theirs = mo::msgfmt(&path);
    if let Ok(po) = ours {
        // msgfmt refuses a whole file whose msgid and msgstr disagree on a
        // leading or trailing line break (a rule for C format strings,
        // which Rust by Example's catalogs break 17 times): it reads the
        // text the same way, and the QA checks report the difference.
        if let Err(e) = &theirs
            && e.lines().filter(|l| l.contains(": ")).all(|l| {
                l.contains("entries do not both begin with '\\n'")
                    || l.contains("entries do not both end with '\\n'")
                    || l.starts_with("msgfmt: found")
            })
        {
            return Ok(());
        }
        let theirs = theirs.map_err(|e| {
            TestCaseError::fail(format!("accepted here, refused by msgfmt: {e}\n{text}"))
        })?;
        let translated: mo::Messages = po
            .entries()
            .iter()
            .filter(|e| e.is_translated())
            .map(|e| ((e.msgctxt.clone(), e.msgid.clone()), e.msgstr.clone()))
            .collect();
        prop_assert_eq!(translated, theirs, "{}", text);
    }
    Ok(())
}

fn msgfmt_installed() -> bool {
    std::process::Command::new("msgfmt")
        .arg("--version")
        .output()
        .is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_and_msgfmt_agree_on_well_formed_catalogs(text in catalog()) {
        prop_assume!(msgfmt_installed());
        assert_agrees(&text)?;
    }

    #[test]
    fn the_reader_and_msgfmt_agree_on_broken_catalogs(text in edited_catalog()) {
        prop_assume!(msgfmt_installed());
        assert_agrees(&text)?;
    }
}

/// The cases of the security review, spelled out.
#[test]
fn the_routes_found_in_review_read_as_msgfmt_reads_them() {
    assert!(msgfmt_installed(), "the test needs GNU gettext's msgfmt");
    for body in [
        // A closing quote followed by spaces.
        "msgid \"a\"\nmsgstr \"\"\n\"<img src=x onerror=alert(document.domain) title=\\\"abc\"  \n\">This collection\"\n",
        // A continuation line that starts with whitespace.
        "msgid \"a\"\nmsgstr \"Hello \"\n   \"<img src=x onerror=alert(1)>\"\n",
        // A flag line without a space after the comma.
        "#,fuzzy\nmsgid \"a\"\nmsgstr \"<script>alert(1)</script>\"\n",
    ] {
        assert_agrees(&format!("{HEADER}\n{body}")).expect(body);
    }
}
