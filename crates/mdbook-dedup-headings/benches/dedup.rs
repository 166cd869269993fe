//! Throughput of the dedup pass against a bare pulldown-cmark parse of the
//! same text with mdBook's options, over a synthetic book of more than 50 MB
//! of Vietnamese Markdown (many chapters, some headings repeated).
//!
//! `cargo bench -p mdbook-dedup-headings` prints criterion's figures for
//! both (wall clock), then one line with the ratio measured side by side,
//! by CPU time and by wall clock: `ratio dedup/bare-parse throughput: …`
//! (the target is at least 0.8). On a shared machine the CPU-time figure is
//! the one to trust: wall-clock time also counts other processes' turns.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use mdbook_dedup_headings::{MarkdownOptions, dedup_chapter};
use mdbook_markdown::new_cmark_parser;

const WORDS: &[&str] = &[
    "thành",
    "phố",
    "thông",
    "minh",
    "Bình",
    "Dương",
    "đô",
    "thị",
    "bền",
    "vững",
    "văn",
    "minh",
    "nghĩa",
    "tình",
    "đáng",
    "sống",
    "khu",
    "công",
    "nghiệp",
    "đổi",
    "mới",
    "sáng",
    "tạo",
    "vùng",
    "kinh",
    "tế",
    "phát",
    "triển",
    "người",
    "dân",
    "doanh",
    "nghiệp",
    "chính",
    "quyền",
    "số",
    "hạ",
    "tầng",
    "giao",
    "thông",
    "giáo",
    "dục",
    "y",
    "tế",
    "môi",
    "trường",
    "và",
    "của",
    "trong",
];

/// A small deterministic generator (xorshift), so every run measures the
/// same book.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn words(&mut self, out: &mut String, count: usize) {
        for i in 0..count {
            if i > 0 {
                out.push(if self.below(12) == 0 { '\n' } else { ' ' });
            }
            let word = WORDS[self.below(WORDS.len())];
            match self.below(40) {
                0 => out.push_str(&format!("*{word}*")),
                1 => out.push_str(&format!("`{word}`")),
                2 => out.push_str(&format!("[{word}](https://binhduong.gov.vn/{word})")),
                _ => out.push_str(word),
            }
        }
    }
}

/// One chapter of about `size` bytes: sections of a heading, sometimes its
/// repeat, then paragraphs, lists, quotes and code.
fn chapter(rng: &mut Rng, size: usize) -> String {
    let mut text = String::with_capacity(size + 4096);
    while text.len() < size {
        let mut title = String::new();
        let count = 3 + rng.below(6);
        rng.words(&mut title, count);
        let title = title.replace('\n', " ");
        let level = 1 + rng.below(3);
        text.push_str(&"#".repeat(level));
        text.push(' ');
        text.push_str(&title);
        if rng.below(2) == 0 {
            text.push_str(&format!(" {{#muc-{}}}", rng.below(1000)));
        }
        text.push_str("\n\n");
        if rng.below(3) == 0 {
            text.push_str(&title);
            text.push_str("\n\n");
        }
        let blocks = 3 + rng.below(6);
        for _ in 0..blocks {
            match rng.below(10) {
                0 => {
                    let items = 2 + rng.below(4);
                    for _ in 0..items {
                        text.push_str("- ");
                        let count = 4 + rng.below(10);
                        rng.words(&mut text, count);
                        text.push('\n');
                    }
                }
                1 => {
                    text.push_str("> ");
                    let count = 20 + rng.below(30);
                    rng.words(&mut text, count);
                    text.push('\n');
                }
                2 => {
                    text.push_str("```text\n");
                    let count = 10 + rng.below(20);
                    rng.words(&mut text, count);
                    text.push_str("\n```\n");
                }
                _ => {
                    let count = 40 + rng.below(80);
                    rng.words(&mut text, count);
                    text.push('\n');
                }
            }
            text.push('\n');
        }
    }
    text
}

/// Chapters of 10–100 KB adding up to at least `total` bytes.
fn book(total: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut chapters = Vec::new();
    let mut size = 0;
    while size < total {
        let chapter_size = 10_000 + rng.below(90_000);
        let chapter = chapter(&mut rng, chapter_size);
        size += chapter.len();
        chapters.push(chapter);
    }
    chapters
}

fn bare_parse(book: &[String], options: &MarkdownOptions) -> usize {
    book.iter()
        .map(|chapter| new_cmark_parser(chapter, options).count())
        .sum()
}

fn dedup(book: &[String], options: &MarkdownOptions) -> usize {
    book.iter()
        .map(|chapter| {
            let deduped = dedup_chapter(chapter, options);
            black_box(&deduped.text);
            deduped.removed()
        })
        .sum()
}

/// The median of `runs`.
fn median(runs: &mut [Duration]) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// CPU time used by this thread so far. Unlike wall-clock time, it does not
/// count the time other processes on a busy machine take from us.
fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// Wall-clock and CPU time of one call of `f`.
fn timed(f: impl FnOnce() -> usize) -> (Duration, Duration) {
    let (wall, cpu) = (Instant::now(), thread_cpu_time());
    black_box(f());
    (wall.elapsed(), thread_cpu_time() - cpu)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then a small book is enough to check that the benchmark runs.
    let benching = std::env::args().any(|arg| arg == "--bench");
    let total = if benching { 52 << 20 } else { 1 << 20 };
    let book = book(total);
    let bytes: usize = book.iter().map(String::len).sum();
    let options = MarkdownOptions::default();
    let repeats = dedup(&book, &options);
    println!(
        "synthetic book: {} chapters, {bytes} bytes, {repeats} repeated headings",
        book.len()
    );

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
        .configure_from_args();
    let mut group = criterion.benchmark_group("synthetic-book");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("bare-parse", |b| {
        b.iter(|| bare_parse(black_box(&book), &options))
    });
    group.bench_function("dedup", |b| b.iter(|| dedup(black_box(&book), &options)));
    group.finish();

    if benching {
        // Side by side, alternating, so both see the same machine load.
        let mut runs: [Vec<Duration>; 4] = Default::default();
        for _ in 0..7 {
            let (wall, cpu) = timed(|| bare_parse(black_box(&book), &options));
            runs[0].push(wall);
            runs[1].push(cpu);
            let (wall, cpu) = timed(|| dedup(black_box(&book), &options));
            runs[2].push(wall);
            runs[3].push(cpu);
        }
        let [bare_wall, bare_cpu, dedup_wall, dedup_cpu] = runs.map(|mut runs| median(&mut runs));
        let mib_per_s = |time: Duration| bytes as f64 / time.as_secs_f64() / f64::from(1 << 20);
        println!(
            "ratio dedup/bare-parse throughput: {:.2} by CPU time (dedup {:.0} MiB/s, bare parse {:.0} MiB/s), \
             {:.2} by wall clock; target >= 0.80",
            bare_cpu.as_secs_f64() / dedup_cpu.as_secs_f64(),
            mib_per_s(dedup_cpu),
            mib_per_s(bare_cpu),
            bare_wall.as_secs_f64() / dedup_wall.as_secs_f64(),
        );
    }
    criterion.final_summary();
}
