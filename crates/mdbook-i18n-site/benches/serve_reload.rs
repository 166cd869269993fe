//! The translator's loop under `serve`: the time from saving `po/en.po` to
//! the reloaded English page, as a browser sees it — the live-reload message
//! on the WebSocket, then the page fetched again.
//!
//! `cargo bench -p mdbook-i18n-site --bench serve_reload` prints the median and the
//! spread over 15 saves, on a copy of this book.

use anyhow::{Context, Result, bail};
use futures_util::StreamExt;
use mdbook_i18n_site::project::Project;
use mdbook_i18n_site::serve::{ServeOptions, serve};
use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const SAVES: usize = 15;

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("workspace")?;
    let work = tempfile::tempdir()?;
    let copy = Project::load(root)?.copy_inputs_to(work.path())?;
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port();
    std::thread::spawn(move || {
        serve(
            &copy,
            &ServeOptions {
                bind: Ipv4Addr::LOCALHOST.into(),
                port,
            },
        )
    });
    wait_for_page(port, Duration::from_secs(120))?;

    let po = work.path().join("po/en.po");
    let text = fs::read_to_string(&po)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let mut times = Vec::new();
    for i in 0..SAVES {
        // Let the previous save's rebuilds finish before listening.
        std::thread::sleep(Duration::from_millis(1000));
        let mut socket = connect(&runtime, port)?;
        // A real edit: the translator changes a word, and back again.
        let (edited, expected) = if i % 2 == 0 {
            (
                text.replacen("This collection", "This anthology", 1),
                "This anthology",
            )
        } else {
            (text.clone(), "This collection")
        };
        let start = Instant::now();
        fs::write(&po, edited)?;
        // Done when a reload arrives and the page then shows the edit (a
        // save can reach the watcher as more than one event).
        loop {
            let message = runtime
                .block_on(async {
                    tokio::time::timeout(Duration::from_secs(30), socket.next()).await
                })
                .context("no reload within 30 s")?;
            if message.is_none() {
                bail!("the live-reload socket closed without a message");
            }
            let page = get(port, "/en/index.html")?;
            if String::from_utf8_lossy(&page).contains(expected) {
                break;
            }
            socket = connect(&runtime, port)?;
        }
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "save po/en.po → reloaded page: median {:.0} ms (min {:.0}, max {:.0}) over {SAVES} saves",
        ms(times[SAVES / 2]),
        ms(times[0]),
        ms(times[SAVES - 1])
    );
    Ok(())
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

fn wait_for_page(port: u16, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if get(port, "/en/index.html").is_ok() {
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
