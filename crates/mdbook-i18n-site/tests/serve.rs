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
    let (dir, site) = copy_project();
    fs::write(dir.path().join("secret.txt"), "not for the web").expect("write");
    let port = free_port();
    let served = site.clone();
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
        &site,
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
    let output = site.output_dir();
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
