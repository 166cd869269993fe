//! When the original changes: a translator's whole round, as they run it.
//! A Vietnamese paragraph loses one word to another; `i18n update` marks
//! its English outdated (keeping the original it was translated from); the
//! English page shows the previous English marked, with today's Vietnamese
//! beside it; `status`, `check` and `diff` say what changed; the translator
//! updates the English and removes `#, fuzzy`; the page is clean again.

mod common;

use common::{copy_project, page, run_tool, sel, text_of};
use std::fs;
use std::process::Command;

const CHAPTER: &str = "van-minh-nghia-tinh-dang-song";

#[test]
fn from_the_original_changed_to_the_translation_current_again() {
    let (dir, project) = copy_project();
    let root = project.root.clone();
    let arg = root.to_str().expect("a UTF-8 path");
    let out = dir.path().join("out");
    let out_arg = out.to_str().expect("a UTF-8 path");
    let build = || run_tool(&root, &["build", arg, "--dest", out_arg]);

    // The original changes: one word.
    let chapter = root.join(format!("src/{CHAPTER}.md"));
    let text = fs::read_to_string(&chapter).expect("read");
    let edited = text.replacen("12 cụm công nghiệp", "14 cụm công nghiệp", 1);
    assert_ne!(edited, text);
    fs::write(&chapter, edited).expect("write");
    run_tool(&root, &["i18n", "update", arg]);
    let po = fs::read_to_string(root.join("po/en.po")).expect("read");
    assert!(
        po.contains("#, fuzzy\n#| msgid \"\"\n#| \"Sau hơn 20 năm"),
        "msgmerge kept the previous original"
    );

    // The reader: the previous English, marked, and today's Vietnamese.
    build();
    let html = page(&out.join(format!("en/{CHAPTER}.html")));
    let block = html
        .select(&sel("main div.outdated"))
        .next()
        .expect("the paragraph is marked outdated");
    let english = text_of(
        block
            .select(&sel(":scope > p:not(.outdated-label)"))
            .next()
            .expect("its English"),
    );
    assert!(
        english.contains("29 industrial parks and 12 industrial clusters"),
        "{english}"
    );
    let vietnamese = block
        .select(&sel("details > div[lang=\"vi\"] > p"))
        .next()
        .map(text_of)
        .expect("today's Vietnamese, in a disclosure");
    assert!(vietnamese.contains("14 cụm công nghiệp"), "{vietnamese}");
    let notice = html
        .select(&sel(".untranslated-notice"))
        .next()
        .map(text_of)
        .expect("a notice");
    assert!(notice.contains("Outdated: 1. Untranslated: 0."), "{notice}");

    // The translator: one outdated message, in that chapter.
    let status = run_tool(&root, &["i18n", "status", "--json", arg]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert_eq!(status[0]["total"]["outdated"], 1);
    assert_eq!(
        status[0]["files"][format!("src/{CHAPTER}.md")]["outdated"],
        1
    );
    let diff = run_tool(&root, &["i18n", "diff", arg]);
    let diff = String::from_utf8_lossy(&diff.stdout);
    assert!(
        diff.contains("[-12-]{+14+} cụm công nghiệp"),
        "the diff names the changed word: {diff}"
    );
    assert!(
        diff.contains("translation: In the more than 20 years"),
        "{diff}"
    );
    assert!(diff.ends_with("1 outdated message(s)\n"), "{diff}");
    let check = Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
        .args(["i18n", "check", arg])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success());
    assert!(
        stderr.contains("po/en.po:")
            && stderr.contains(
                "outdated: the original changed: “… công nghiệp và [-12-]{+14+} cụm công nghiệp …”"
            ),
        "{stderr}"
    );

    // The translator updates the English and removes the mark.
    let current = po
        .replacen(
            "29 industrial parks and 12 industrial clusters",
            "29 industrial parks and 14 industrial clusters",
            1,
        )
        .replacen("#, fuzzy\n#| msgid \"\"\n", "#| msgid \"\"\n", 1);
    let current: String = current
        .split("\n\n")
        .map(|entry| {
            // The `#|` lines go with the mark, as an editor removes them.
            entry
                .lines()
                .filter(|l| !l.starts_with("#|"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    fs::write(root.join("po/en.po"), current).expect("write");
    run_tool(&root, &["i18n", "check", arg]);
    build();
    let html = page(&out.join(format!("en/{CHAPTER}.html")));
    assert_eq!(
        html.select(&sel("main .outdated, .untranslated-notice, main [lang]"))
            .count(),
        0,
        "clean again"
    );
    let paragraph = html
        .select(&sel("main p"))
        .map(text_of)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(paragraph.contains("14 industrial clusters"), "{paragraph}");
    let status = run_tool(&root, &["i18n", "status", "--json", arg]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert_eq!(status[0]["total"]["outdated"], 0);
}
