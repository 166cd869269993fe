//! The translator's loop under `serve`: the time from saving a catalog to
//! the reloaded page, as a browser sees it — the live-reload message on the
//! WebSocket, then the page fetched again and showing the edit. The server
//! is the tool's binary, a whole process, as the translator runs it.
//!
//! `cargo bench -p mdbook-i18n-site --bench serve_reload` prints the median
//! and the spread over 15 saves, on a copy of this book;
//! `-- --book DIR` does the same on any book (for example one that
//! `cargo xtask scale --generate DIR --largest 1000` wrote). Between saves
//! it waits `--pause SECONDS` (4 by default), long enough for the server
//! to finish what it does after a reload (the search index): a translator
//! reads the page before saving again.

use anyhow::{Context, Result, bail};
use futures_util::StreamExt;
use mdbook_i18n_site::project::Project;
use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SAVES: usize = 15;

/// The server, stopped when the benchmark ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let book = match args.iter().position(|a| a == "--book") {
        Some(i) => PathBuf::from(args.get(i + 1).context("--book needs a folder")?),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
    };
    let pause = match args.iter().position(|a| a == "--pause") {
        Some(i) => args
            .get(i + 1)
            .and_then(|s| s.parse::<f64>().ok())
            .context("--pause needs a number of seconds")?,
        None => 4.0,
    };
    let book = book
        .canonicalize()
        .with_context(|| format!("{}", book.display()))?;
    let work = tempfile::tempdir()?;
    let copy = Project::load(&book)?.copy_inputs_to(work.path())?;
    let language = copy
        .translations()
        .next()
        .context("the book has no translation")?
        .code
        .clone();
    let po = copy.po_file(&language);
    let text = fs::read_to_string(&po).with_context(|| format!("{}", po.display()))?;
    let (message_line, page) = editable_message(&text)
        .with_context(|| format!("{}: no one-line translation of a chapter", po.display()))?;
    let page = format!("/{language}/{page}");
    let chapters = copy.src_dir.read_dir().map_or(0, |d| d.count());
    println!(
        "{} ({chapters} files in src/, {} languages): editing {}:{} and watching {page}",
        book.display(),
        copy.languages.len(),
        po.display(),
        message_line + 1
    );

    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port();
    let started = Instant::now();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(work.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the server")?,
    );
    wait_for_page(port, &page, Duration::from_secs(600))?;
    println!(
        "first build and serve: {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let runtime = tokio::runtime::Runtime::new()?;
    let mut times = Vec::new();
    for i in 0..SAVES {
        // Let the previous save's rebuilds finish before listening.
        std::thread::sleep(Duration::from_secs_f64(pause));
        let mut socket = connect(&runtime, port)?;
        // A real edit: the translator adds a word to one message.
        let marker = format!("edited{i}");
        let edited: String = text
            .lines()
            .enumerate()
            .map(|(n, line)| match line.trim_end().strip_suffix('"') {
                Some(open) if n == message_line => format!("{open} {marker}\"\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        let start = Instant::now();
        fs::write(&po, edited)?;
        // Done when a reload arrives and the page then shows the edit (a
        // save can reach the watcher as more than one event).
        loop {
            let message = runtime
                .block_on(async {
                    tokio::time::timeout(Duration::from_secs(120), socket.next()).await
                })
                .context("no reload within 120 s")?;
            if message.is_none() {
                bail!("the live-reload socket closed without a message");
            }
            if String::from_utf8_lossy(&get(port, &page)?).contains(&marker) {
                break;
            }
            socket = connect(&runtime, port)?;
        }
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "save {} → reloaded page: median {:.0} ms (min {:.0}, max {:.0}) over {SAVES} saves, {pause} s apart",
        po.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        ms(times[SAVES / 2]),
        ms(times[0]),
        ms(times[SAVES - 1])
    );
    Ok(())
}

/// The last line (0-based) of the first translation of a paragraph: a
/// message whose first reference is a chapter (not the contents), not
/// fuzzy, whose text is prose long enough not to be a title (a title would
/// change every page's sidebar) and does not end a line; with that
/// chapter's page. The benchmark appends a word to that line.
fn editable_message(po: &str) -> Option<(usize, String)> {
    let lines: Vec<&str> = po.lines().collect();
    for entry in po_entries(&lines) {
        let (mut page, mut fuzzy, mut msgstr) = (None, false, None);
        let mut first_reference = true;
        for &n in &entry {
            let line = lines[n];
            if let Some(references) = line.strip_prefix("#: ") {
                if first_reference {
                    page = references
                        .split_whitespace()
                        .next()
                        .and_then(|r| r.split(':').next())
                        .and_then(|r| r.strip_prefix("src/"))
                        .filter(|r| r.ends_with(".md") && !r.ends_with("SUMMARY.md"))
                        .map(|r| format!("{}.html", r.trim_end_matches(".md")));
                }
                first_reference = false;
            } else if line.starts_with("#,") && line.contains("fuzzy") {
                fuzzy = true;
            } else if line.starts_with("msgstr ") {
                msgstr = Some(n);
            }
        }
        let (Some(page), Some(start), false) = (page, msgstr, fuzzy) else {
            continue;
        };
        // The translation is the last part of an entry.
        let last = *entry.last()?;
        let text: String = (start..=last).map(|n| lines[n]).collect();
        let prose = text.chars().count() > 100
            && !text.contains("```")
            && !lines[last].ends_with("\\n\"")
            && lines[last].ends_with('"');
        if prose {
            return Some((last, page));
        }
    }
    None
}

/// The line numbers of each entry (lines up to a blank one).
fn po_entries(lines: &[&str]) -> Vec<Vec<usize>> {
    let mut entries = vec![Vec::new()];
    for (n, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            entries.push(Vec::new());
        } else if let Some(entry) = entries.last_mut() {
            entry.push(n);
        }
    }
    entries.into_iter().filter(|e| !e.is_empty()).collect()
}

fn connect(
    runtime: &tokio::runtime::Runtime,
    port: u16,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
> {
    let url = format!("ws://127.0.0.1:{port}/__livereload");
    let (socket, _) = runtime
        .block_on(tokio_tungstenite::connect_async(url))
        .context("connecting to the live-reload socket")?;
    Ok(socket)
}

fn wait_for_page(port: u16, page: &str, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if get(port, page).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the server did not answer within {limit:?}")
}

/// A plain HTTP/1.0 GET, enough for a loopback server.
fn get(port: u16, path: &str) -> Result<Vec<u8>> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    if !response.starts_with(b"HTTP/1.0 200") && !response.starts_with(b"HTTP/1.1 200") {
        bail!(
            "GET {path}: {}",
            String::from_utf8_lossy(&response[..response.len().min(40)])
        );
    }
    Ok(response)
}
