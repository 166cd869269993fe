//! `serve` from the outside: loopback HTTP with gzip, nothing outside the
//! site folder, a busy port reported in one line, and a `.po` edit that
//! rebuilds only its language and reloads open pages.

mod common;

use common::copy_project;
use futures_util::StreamExt;
use mdbook_i18n_site::serve::{ServeOptions, serve};
use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// A raw HTTP/1.1 request, so paths reach the server exactly as written.
fn request(port: u16, path: &str, extra_headers: &str) -> String {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra_headers}\r\n"
    )
    .expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    String::from_utf8_lossy(&response).into_owned()
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn wait_until_serving(port: u16) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok()
            && request(port, "/", "").starts_with("HTTP/1.1 200")
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("serve did not answer on port {port}");
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn serve_keeps_to_the_site_folder_gzips_and_rebuilds_one_language() {
    let (dir, project) = copy_project();
    fs::write(dir.path().join("secret.txt"), "not for the web").expect("write");
    let port = free_port();
    let served = project.clone();
    std::thread::spawn(move || {
        serve(
            &served,
            &ServeOptions {
                bind: Ipv4Addr::LOCALHOST.into(),
                port,
            },
        )
    });
    wait_until_serving(port);

    // Both languages, gzip on request, the language's own 404 page.
    assert!(request(port, "/en/index.html", "").starts_with("HTTP/1.1 200"));
    let gzipped = request(port, "/index.html", "Accept-Encoding: gzip\r\n");
    assert!(
        gzipped
            .to_ascii_lowercase()
            .contains("content-encoding: gzip"),
        "{gzipped:.300}"
    );
    let missing = request(port, "/en/no/such/page.html", "");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing:.100}");
    assert!(
        missing.contains("lang=\"en\""),
        "the English 404 page: {missing:.400}"
    );

    // A preview keeps nothing offline: no page registers a worker, and a
    // worker left on this address by a published copy is told to go.
    let page = request(port, "/en/index.html", "");
    assert!(
        !page.contains("data-worker") && !page.contains("manifest"),
        "{page:.600}"
    );
    assert!(!project.output_dir().join("en/sw.js").exists());
    for path in ["/sw.js", "/en/sw.js"] {
        let worker = request(port, path, "");
        assert!(worker.starts_with("HTTP/1.1 200"), "{worker:.200}");
        assert!(
            worker
                .to_ascii_lowercase()
                .contains("cache-control: no-store"),
            "{worker:.400}"
        );
        assert!(
            worker.contains("self.registration.unregister()"),
            "{worker:.600}"
        );
    }

    // Nothing outside the site folder, however the path is spelled.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/../../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
    ] {
        let response = request(port, path, "");
        assert!(
            !response.contains("not for the web"),
            "{path} read a file outside the site"
        );
    }

    // A busy port: one clear line, before any build.
    let err = serve(
        &project,
        &ServeOptions {
            bind: Ipv4Addr::LOCALHOST.into(),
            port,
        },
    )
    .expect_err("port in use");
    assert_eq!(
        err.to_string(),
        format!("127.0.0.1:{port} is already in use: stop the other server or pass --port <PORT>")
    );

    // A .po edit: only English is rebuilt, and open pages are told to reload.
    let output = project.output_dir();
    let (vi_before, en_before) = (
        modified(&output.join("index.html")),
        modified(&output.join("en/index.html")),
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (mut socket, _) = runtime
        .block_on(tokio_tungstenite::connect_async(format!(
            "ws://127.0.0.1:{port}/__livereload"
        )))
        .expect("live-reload socket");
    let po = dir.path().join("po/en.po");
    let text = fs::read_to_string(&po).expect("read");
    fs::write(&po, text.replacen("This collection", "This anthology", 1)).expect("write");
    let message = runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(60), socket.next()).await })
        .expect("a reload within 60 s")
        .expect("a message")
        .expect("a websocket message");
    assert_eq!(message.into_text().expect("text").as_str(), "reload");
    let page = request(port, "/en/index.html", "");
    assert!(
        page.contains("This anthology"),
        "the English page shows the edit"
    );
    assert_eq!(
        modified(&output.join("index.html")),
        vi_before,
        "Vietnamese was rebuilt for an English edit"
    );
    assert_ne!(modified(&output.join("en/index.html")), en_before);
}

fn open_descriptors() -> usize {
    fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// `serve` in a thread of this process, on a copy of the project.
fn serve_copy() -> (tempfile::TempDir, u16) {
    let (dir, project) = copy_project();
    let port = free_port();
    std::thread::spawn(move || {
        serve(
            &project,
            &ServeOptions {
                bind: Ipv4Addr::LOCALHOST.into(),
                port,
            },
        )
    });
    wait_until_serving(port);
    (dir, port)
}

#[test]
fn live_reload_sockets_close_with_their_page_and_only_this_site_may_open_them() {
    let (_dir, port) = serve_copy();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let url = format!("ws://127.0.0.1:{port}/__livereload");
    let open_and_close = |count: usize| {
        runtime.block_on(async {
            for _ in 0..count {
                let (mut socket, _) = tokio_tungstenite::connect_async(&url)
                    .await
                    .expect("live-reload socket");
                socket.close(None).await.expect("close");
                // Read to the end: the server answers the close and hangs up.
                let closed = async { while let Some(Ok(_)) = socket.next().await {} };
                tokio::time::timeout(Duration::from_secs(5), closed)
                    .await
                    .expect("the server closes a socket its page closed");
            }
        })
    };
    open_and_close(20);
    std::thread::sleep(Duration::from_millis(500));
    let base = open_descriptors();
    open_and_close(1_000);
    let start = Instant::now();
    while open_descriptors() > base + 8 && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        open_descriptors() <= base + 8,
        "{} descriptors open after 1,000 sockets came and went, {base} before",
        open_descriptors()
    );

    // A page elsewhere (or a name rebound to this address) may not open one.
    let handshake = |origin: &str, host: &str| {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
        write!(
            stream,
            "GET /__livereload HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        )
        .expect("write");
        let mut status = [0u8; 12];
        stream.read_exact(&mut status).expect("status line");
        String::from_utf8_lossy(&status).into_owned()
    };
    let ours = format!("127.0.0.1:{port}");
    assert!(handshake(&format!("http://{ours}"), &ours).starts_with("HTTP/1.1 101"));
    let evil = format!("evil.example:{port}");
    assert!(handshake("https://evil.example", &ours).starts_with("HTTP/1.1 403"));
    assert!(handshake(&format!("http://{evil}"), &evil).starts_with("HTTP/1.1 403"));
}

#[test]
fn responses_say_their_charset_and_odd_paths_get_the_404_page() {
    let (dir, port) = serve_copy();
    let page = request(port, "/index.html", "");
    let head = page
        .split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    let css = request(port, "/theme/search.js", "");
    assert!(
        css.to_ascii_lowercase().contains("charset=utf-8"),
        "{:.300}",
        css
    );

    // A segment longer than a file name may be: the 404 page, not a 500.
    let long = format!("/{}.html", "a".repeat(300));
    assert!(request(port, &long, "").starts_with("HTTP/1.1 404"));

    // A symbolic link in the output to a file outside the site is not followed.
    fs::write(dir.path().join("outside.txt"), "not for the web").expect("write");
    std::os::unix::fs::symlink(
        dir.path().join("outside.txt"),
        dir.path().join("book/link.txt"),
    )
    .expect("symlink");
    let linked = request(port, "/link.txt", "");
    assert!(linked.starts_with("HTTP/1.1 404"), "{linked:.100}");
    assert!(!linked.contains("not for the web"));
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let (_dir, port) = serve_copy();
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    stream
        .write_all(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("write");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let start = Instant::now();
    let mut buffer = Vec::new();
    // The server closes the connection (an error status or nothing at all).
    let _ = stream.read_to_end(&mut buffer);
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "still connected after {:?}",
        start.elapsed()
    );
}
