//! Property tests over Markdown generated from a grammar of blocks with
//! Vietnamese text, in which headings are often repeated (exactly, in NFD,
//! with other markup or spacing) and often nearly repeated.

mod support;

use mdbook_dedup_headings::dedup_chapter;
use pretty_assertions::assert_eq;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::FileFailurePersistence;
use proptest::test_runner::TestRunner;
use unicode_normalization::UnicodeNormalization;

const PHRASES: [&str; 5] = [
    "Thành phố thông minh",
    "Mục tiêu và hành động",
    "Đô thị bền vững",
    "Văn minh, nghĩa tình, đáng sống",
    "Bình Dương",
];

/// One of the phrases, spelled in a way that may or may not read the same.
fn phrase(pool: Vec<&'static str>) -> impl Strategy<Value = String> {
    let base = proptest::sample::select(pool);
    (base, 0..9u8).prop_map(|(text, style)| {
        let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
        match style {
            0 => text.nfd().collect(),
            1 => format!("*{first}* {rest}"),
            2 => format!("{first} `{rest}`"),
            3 => format!("{first}   {rest}  "),
            4 => format!("{first}\n{rest}"),
            5 => format!("{text} thêm"),
            6 => format!("{text} {{#id}}"),
            _ => text.to_string(),
        }
    })
}

/// One block of Markdown, without its trailing line ending.
fn block(pool: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => heading(pool.clone()),
        6 => (phrase(pool.clone()), 0..4usize).prop_map(|(text, indent)| {
            format!("{}{text}", " ".repeat(indent))
        }),
        1 => phrase(pool.clone()).prop_map(|text| format!("```\n{text}\n```")),
        1 => phrase(pool.clone()).prop_map(|text| format!("    {text}")),
        1 => phrase(pool.clone()).prop_map(|text| format!("- {text}\n- {text}")),
        1 => phrase(pool.clone()).prop_map(|text| format!("> {text}")),
        1 => phrase(pool.clone()).prop_map(|text| format!("<div>\n{text}\n</div>")),
        1 => phrase(pool.clone()).prop_map(|text| format!("<!-- {text} -->")),
        1 => phrase(pool.clone()).prop_map(|text| format!("[^1]: {text}")),
        1 => phrase(pool).prop_map(|text| format!("| {text} |\n|---|")),
        1 => Just("[trang]: https://binhduong.gov.vn".to_string()),
        1 => Just("***".to_string()),
    ]
}

/// An ATX or setext heading.
fn heading(pool: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (1..=6usize, phrase(pool.clone()), any::<bool>(), 0..4usize, any::<bool>()).prop_map(
            |(level, text, id, indent, closed)| {
                let hashes = "#".repeat(level);
                let text = text.replace('\n', " ");
                let id = if id { " {#muc-tieu}" } else { "" };
                let close = if closed { format!(" {hashes}") } else { String::new() };
                format!("{}{hashes} {text}{id}{close}", " ".repeat(indent))
            }
        ),
        1 => (phrase(pool), any::<bool>())
            .prop_map(|(text, h1)| format!("{text}\n{}", if h1 { "===" } else { "---" })),
    ]
}

/// What separates two blocks: usually blank lines, sometimes none.
fn separator() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&["\n", "\n\n", "\n\n", "\n\n\n", "\n  \n", "\r\n\r\n"][..])
}

/// A section: a heading, then blocks that often reuse its phrase.
fn section(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, &'static str)>> {
    proptest::sample::select(pool).prop_flat_map(move |title| {
        let follower = prop_oneof![
            3 => block(vec![title]),
            1 => block(pool.to_vec()),
        ];
        (
            heading(vec![title]),
            separator(),
            proptest::collection::vec((follower, separator()), 0..4),
        )
            .prop_map(|(heading, separator, mut blocks)| {
                blocks.insert(0, (heading, separator));
                blocks
            })
    })
}

/// A chapter: maybe front matter, then sections.
fn chapter(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    let front_matter = proptest::sample::select(&["", "", "", "---\ntitle: Bình Dương\n---\n"][..]);
    let sections = proptest::collection::vec(section(pool), 0..5);
    (front_matter, sections, any::<bool>()).prop_map(|(front_matter, sections, final_newline)| {
        let mut text = front_matter.to_string();
        for (block, separator) in sections.into_iter().flatten() {
            text.push_str(&block);
            text.push_str(separator);
        }
        if !final_newline {
            text.truncate(text.trim_end().len());
        }
        text
    })
}

/// A phrase with a placeholder that [`chapter_without_repeats`] numbers.
const NUMBERED: [&str; 1] = ["Vùng § đổi mới sáng tạo"];

/// A chapter in which every block's text is different.
fn chapter_without_repeats() -> impl Strategy<Value = String> {
    chapter(&NUMBERED).prop_map(|text| {
        let mut numbered = String::new();
        for (number, piece) in text.split('§').enumerate() {
            if number > 0 {
                numbered.push_str(&format!("số {number}"));
            }
            numbered.push_str(piece);
        }
        numbered
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn running_twice_equals_running_once(markdown in chapter(&PHRASES)) {
        let once = dedup_chapter(&markdown, &support::options());
        let twice = dedup_chapter(&once.text, &support::options());
        assert_eq!(twice.text, once.text);
        assert_eq!(twice.removed(), 0);
    }

    #[test]
    fn output_is_input_minus_whole_repeated_blocks(markdown in chapter(&PHRASES)) {
        // Also: same cuts as the reference, HTML unchanged but for the cuts.
        support::check_properties(&markdown);
    }

    #[test]
    fn no_repeat_comes_back_byte_identical(markdown in chapter_without_repeats()) {
        let deduped = dedup_chapter(&markdown, &support::options());
        assert_eq!(deduped.removed(), 0);
        assert!(matches!(deduped.text, std::borrow::Cow::Borrowed(text) if text == markdown));
    }

    #[test]
    fn html_is_the_inputs_minus_removed_blocks(markdown in chapter(&PHRASES)) {
        let deduped = dedup_chapter(&markdown, &support::options());
        let blocks = support::top_level_blocks(&markdown);
        let removed: Vec<_> = deduped
            .cuts
            .iter()
            .filter_map(|cut| blocks.iter().find(|block| block.range.end == cut.end))
            .map(|block| block.range.clone())
            .collect();
        assert_eq!(removed.len(), deduped.removed());
        assert_eq!(
            support::html_without(&deduped.text, &[]),
            support::html_without(&markdown, &removed)
        );
    }
}

/// The grammar is only useful if repeats are common: check that a good share
/// of generated chapters has some, and that some have several in a row.
#[test]
fn generated_chapters_have_repeats() {
    let mut runner = TestRunner::deterministic();
    let strategy = chapter(&PHRASES);
    let (mut with_repeats, mut with_runs) = (0, 0);
    for _ in 0..1000 {
        let markdown = strategy
            .new_tree(&mut runner)
            .expect("strategy generates")
            .current();
        let cuts = dedup_chapter(&markdown, &support::options()).cuts;
        with_repeats += usize::from(!cuts.is_empty());
        with_runs += usize::from(cuts.windows(2).any(|pair| pair[0].end == pair[1].start));
    }
    println!("{with_repeats}/1000 generated chapters have repeats, {with_runs} a run of them");
    assert!(
        with_repeats >= 200,
        "only {with_repeats}/1000 chapters have repeats"
    );
    assert!(
        with_runs >= 10,
        "only {with_runs}/1000 chapters have consecutive repeats"
    );
}
