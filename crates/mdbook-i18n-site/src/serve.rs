//! `serve`: build, serve on loopback, rebuild what a change affects, and
//! tell open pages to reload — what `mdbook serve` does, for every language.

use crate::build::{self, BuildOptions, Mode, Rebuilt};
use crate::project::{Language, Project};
use anyhow::{Context, Result, anyhow};
use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;
use tokio::sync::{Semaphore, broadcast};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tracing::{error, info, warn};

/// The WebSocket path open pages listen on (mdBook's own name for it).
pub const LIVE_RELOAD_ENDPOINT: &str = "__livereload";

/// Where to listen.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to bind; loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// TCP port; 0 picks a free one.
    pub port: u16,
}

/// What a change to one path means for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affected {
    /// Nothing that is built (the pot, an editor's backup file).
    Nothing,
    /// One language's catalog changed.
    Language(String),
    /// A chapter's Markdown: every language, but mostly only its pages.
    Chapter,
    /// The chapters, the theme or the configuration: every language.
    All,
}

/// Decides what a changed path affects.
pub fn affected_by(project: &Project, path: &Path) -> Affected {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Editors' swap and backup files.
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return Affected::Nothing;
    }
    if path.starts_with(&project.po_dir) {
        // A catalog, or a language's glossary (po/glossary/<lang>.toml),
        // which the QA checks of that language read.
        return match path.extension().and_then(|e| e.to_str()) {
            Some("po") | Some("toml") => path
                .file_stem()
                .and_then(|s| s.to_str())
                .map_or(Affected::Nothing, |code| {
                    Affected::Language(code.to_string())
                }),
            _ => Affected::Nothing,
        };
    }
    if path.starts_with(&project.src_dir)
        && path.extension().is_some_and(|e| e == "md")
        && name != "SUMMARY.md"
    {
        return Affected::Chapter;
    }
    let everything = watched_folders(project)
        .iter()
        .any(|folder| path.starts_with(folder))
        || path == project.book_toml();
    if everything {
        Affected::All
    } else {
        Affected::Nothing
    }
}

/// The folders whose changes rebuild every language: the chapters, the
/// book's theme and `build.extra-watch-dirs` (the catalogs are watched apart).
fn watched_folders(project: &Project) -> Vec<PathBuf> {
    let mut folders = vec![project.src_dir.clone(), project.theme_dir.clone()];
    folders.extend(
        project
            .config
            .build
            .extra_watch_dirs
            .iter()
            .map(|dir| project.root.join(dir))
            .filter(|dir| !dir.starts_with(&project.po_dir)),
    );
    folders
}

/// Builds, then serves until interrupted.
pub fn serve(project: &Project, options: &ServeOptions) -> Result<()> {
    // Bind before building, so a busy port is the first thing the user hears.
    let address = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(address).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            anyhow!("{address} is already in use: stop the other server or pass --port <PORT>")
        }
        _ => anyhow!("cannot listen on {address}: {e}"),
    })?;
    listener
        .set_nonblocking(true)
        .context("setting the listener non-blocking")?;
    let address = listener.local_addr().context("reading the bound address")?;
    if !address.ip().is_loopback() {
        warn!(
            "listening on {address}: other machines on your network can read the preview (the default, 127.0.0.1, keeps it to this one)"
        );
    }

    let build_options = BuildOptions {
        mode: Mode::Preview {
            live_reload_endpoint: LIVE_RELOAD_ENDPOINT.to_string(),
        },
        strict: false,
        site_url: Some("/".to_string()),
        output_dir: None,
        pdf: false,
    };
    let remembered = build::Remembered::default();
    let output = project.output_dir();
    build::rebuild_changed(
        project,
        &build_options,
        &project.languages,
        &remembered,
        false,
    )?;

    let (reload_tx, _) = broadcast::channel::<()>(16);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let app = router(output.clone(), reload_tx.clone());
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        serve_connections(listener, app).await
    });
    info!("serving the site on http://{address}/");

    let result = watch_and_rebuild(project, &build_options, &remembered, || {
        let _ = reload_tx.send(());
    });
    server.abort();
    result
}

/// How many connections are served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// How many live-reload sockets may be open at once (one per open page).
const MAX_RELOAD_SOCKETS: usize = 64;
/// How long a client may take to send a request's headers, and how long an
/// idle kept-alive connection stays open.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest path segment a file system takes.
const MAX_SEGMENT_BYTES: usize = 255;

/// Accepts connections until the listener fails, each served by hyper with
/// a header and idle timeout, at most [`MAX_CONNECTIONS`] at once.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return Ok(());
        };
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors or a reset before accept: wait, go on.
            Err(e) => {
                error!("accepting a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .with_upgrades();
            // A client that goes away mid-request is no error of ours.
            let _ = connection.await;
            drop(permit);
        });
    }
}

/// The HTTP side: the site folder (never anything outside it, by `..` or
/// by a symbolic link), gzip as GitHub Pages serves, each language's 404
/// page, and the live-reload socket.
pub fn router(site_dir: PathBuf, reload: broadcast::Sender<()>) -> Router {
    let not_found_dir = site_dir.clone();
    let files =
        ServeDir::new(&site_dir)
            .append_index_html_on_directories(true)
            .fallback(tower::service_fn(move |request: Request<Body>| {
                let dir = not_found_dir.clone();
                async move {
                    Ok::<_, std::convert::Infallible>(not_found(&dir, request.uri().path()).await)
                }
            }));
    let sockets = Arc::new(Semaphore::new(MAX_RELOAD_SOCKETS));
    let guard_dir = Arc::new(site_dir);
    Router::new()
        .route(
            &format!("/{LIVE_RELOAD_ENDPOINT}"),
            get(move |headers: HeaderMap, ws: WebSocketUpgrade| {
                let rx = reload.subscribe();
                let sockets = Arc::clone(&sockets);
                async move {
                    if !same_origin(&headers) {
                        return StatusCode::FORBIDDEN.into_response();
                    }
                    let Ok(permit) = sockets.try_acquire_owned() else {
                        return StatusCode::SERVICE_UNAVAILABLE.into_response();
                    };
                    ws.on_upgrade(move |socket| async move {
                        reload_when_told(socket, rx).await;
                        drop(permit);
                    })
                }
            }),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(
            move |request: Request<Body>, next: Next| {
                let dir = Arc::clone(&guard_dir);
                async move { keep_inside(&dir, request, next).await }
            },
        ))
        .layer(middleware::from_fn(retire_workers))
        .layer(middleware::map_response(with_safe_headers))
        .layer(CompressionLayer::new())
}

/// Whether a WebSocket handshake comes from a page of this server: its
/// `Origin` is `http://` + its `Host`, and that host is an address or
/// `localhost` (a name that resolves here by DNS rebinding is refused).
/// Clients that are not browsers send no `Origin`, and cannot be driven by
/// a web page.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let name = name.trim_start_matches('[').trim_end_matches(']');
    let local_name = name == "localhost" || name.parse::<IpAddr>().is_ok();
    local_name && origin.to_str().ok() == Some(&format!("http://{host}"))
}

/// Refuses, with the 404 page, a path with an over-long segment (the file
/// system would fail, a 500) or one that leads outside the site by `..` or
/// through a symbolic link.
async fn keep_inside(site_dir: &Path, request: Request<Body>, next: Next) -> Response {
    let raw = request.uri().path().to_string();
    let decoded = percent_encoding::percent_decode_str(&raw).decode_utf8_lossy();
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    let too_long = segments.iter().any(|s| s.len() > MAX_SEGMENT_BYTES);
    let climbs = segments.iter().any(|s| *s == ".." || s.contains('\\'));
    let escapes = || {
        let path = segments
            .iter()
            .fold(site_dir.to_path_buf(), |p, s| p.join(s));
        match (
            std::fs::canonicalize(&path),
            std::fs::canonicalize(site_dir),
        ) {
            (Ok(real), Ok(root)) => !real.starts_with(root),
            _ => false,
        }
    };
    if too_long || climbs || escapes() {
        return not_found(site_dir, &raw).await;
    }
    next.run(request).await
}

/// A preview has no offline copy (a translator must see each save), but a
/// published copy of the site served earlier on the same address may have
/// left its service worker ([`crate::offline`]): when the browser checks
/// it for an update, it gets one that empties its caches, unregisters and
/// reloads its pages from the preview.
async fn retire_workers(request: Request<Body>, next: Next) -> Response {
    let is_worker = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|name| name == crate::offline::SERVICE_WORKER);
    if !is_worker {
        return next.run(request).await;
    }
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RETIRING_WORKER,
    )
        .into_response()
}

/// The service worker [`retire_workers`] serves.
const RETIRING_WORKER: &str = r#"// mdbook-i18n-site serve: nothing is kept for offline reading in a preview.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith("mdbook-i18n-site ")) await caches.delete(name);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll()) client.navigate(client.url);
})()));
"#;

/// `charset=utf-8` on text (the site is UTF-8 throughout; without it a
/// browser guesses) and `nosniff`, so a file is only ever what its type says.
async fn with_safe_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let textual = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.contains("charset"))
        .filter(|v| {
            v.starts_with("text/")
                || [
                    "application/javascript",
                    "application/json",
                    "image/svg+xml",
                ]
                .contains(v)
        })
        .map(|v| format!("{v}; charset=utf-8"));
    if let Some(value) = textual.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The 404 page of the language the missing path is under.
async fn not_found(site_dir: &Path, path: &str) -> Response {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = site_dir.join(first).join("404.html");
    let is_language = !first.is_empty()
        && first.len() <= MAX_SEGMENT_BYTES
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let page = if is_language && localized.is_file() {
        localized
    } else {
        site_dir.join("404.html")
    };
    match tokio::fs::read(&page).await {
        Ok(body) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Waits for a rebuild and tells the page; returns as soon as the page
/// goes away, so a closed socket holds nothing.
async fn reload_when_told(mut socket: WebSocket, mut rx: broadcast::Receiver<()>) {
    loop {
        tokio::select! {
            rebuilt = rx.recv() => {
                if rebuilt.is_ok() {
                    let _ = socket.send(Message::text("reload")).await;
                }
                return;
            }
            incoming = socket.recv() => match incoming {
                // Pings are answered by axum; anything else is ignored.
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => {}
            }
        }
    }
}

/// Watches the book's inputs and rebuilds what each batch of changes
/// affects; a failed rebuild is reported and the last good site stays up.
///
/// A catalog or chapter edit first writes only the pages it changed and
/// reloads them; the rest of those languages (search index, print page)
/// is rebuilt once the sources have been still for [`CATCH_UP_AFTER`],
/// without a reload, since their pages come out the same.
fn watch_and_rebuild(
    project: &Project,
    options: &BuildOptions,
    remembered: &build::Remembered,
    on_rebuilt: impl Fn(),
) -> Result<()> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
    for path in watched_folders(project).iter().chain([&project.po_dir]) {
        if path.exists() {
            watcher
                .watch(path, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", path.display()))?;
        }
    }
    watcher
        .watch(&project.book_toml(), RecursiveMode::NonRecursive)
        .context("watching book.toml")?;

    // The languages whose search index and print page lag behind.
    let mut behind: Vec<Language> = Vec::new();
    loop {
        let first = if behind.is_empty() {
            rx.recv().ok()
        } else {
            match rx.recv_timeout(CATCH_UP_AFTER) {
                Ok(event) => Some(event),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    match Project::load(&project.root) {
                        Ok(project) => {
                            if let Err(e) = build::rebuild_changed(
                                &project, options, &behind, remembered, false,
                            ) {
                                error!("build failed, still serving the previous site: {e:#}");
                            }
                        }
                        Err(e) => error!("{e:#}"),
                    }
                    behind.clear();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => None,
            }
        };
        let Some(first) = first else { break };
        // An editor's save arrives as several events: take them as one batch.
        std::thread::sleep(DEBOUNCE);
        let batch: Vec<Event> = std::iter::once(first)
            .chain(rx.try_iter())
            .filter_map(|event| event.map_err(|e| error!("file watcher: {e}")).ok())
            // The build itself reads the sources (opens, access times): only
            // changes to content or names count.
            .filter(|event| match event.kind {
                EventKind::Modify(ModifyKind::Metadata(_)) => false,
                kind => kind.is_create() || kind.is_modify() || kind.is_remove(),
            })
            .collect();
        let affected: Vec<Affected> = batch
            .iter()
            .flat_map(|event| event.paths.iter().map(|path| affected_by(project, path)))
            .collect();
        // Reading the sources makes events too: a batch of nothing to rebuild
        // must not touch them, or the watcher would wake itself forever.
        if affected.iter().all(|a| *a == Affected::Nothing) {
            continue;
        }
        // book.toml or the list of catalogs may have changed: load again.
        let project = match Project::load(&project.root) {
            Ok(project) => project,
            Err(e) => {
                error!("{e:#}");
                continue;
            }
        };
        let languages = project.languages.clone();
        let everything = affected.contains(&Affected::All);
        let rebuild: Vec<Language> = if everything || affected.contains(&Affected::Chapter) {
            languages
        } else {
            languages
                .into_iter()
                .filter(|l| affected.contains(&Affected::Language(l.code.clone())))
                .collect()
        };
        if rebuild.is_empty() {
            continue;
        }
        let codes: Vec<&str> = rebuild.iter().map(|l| l.code.as_str()).collect();
        info!("rebuilding {}", codes.join(", "));
        match build::rebuild_changed(&project, options, &rebuild, remembered, !everything) {
            Ok(Rebuilt::ChangedPages) => {
                on_rebuilt();
                for language in rebuild {
                    if !behind.contains(&language) {
                        behind.push(language);
                    }
                }
            }
            Ok(Rebuilt::Whole) => {
                on_rebuilt();
                behind.retain(|l| !rebuild.contains(l));
            }
            Err(e) => error!("build failed, still serving the previous site: {e:#}"),
        }
    }
    Ok(())
}

/// How long the sources stay still before the languages whose changed
/// pages were written alone are rebuilt whole.
const CATCH_UP_AFTER: Duration = Duration::from_millis(500);

/// How long to gather the events of one save.
const DEBOUNCE: Duration = Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_affected(path: &str, expected: Affected) {
        let project = Project {
            root: PathBuf::from("/book"),
            config: mdbook_driver::config::Config::default(),
            unknown_keys: Vec::new(),
            other_renderers: Vec::new(),
            src_dir: PathBuf::from("/book/src"),
            theme_dir: PathBuf::from("/book/theme"),
            po_dir: PathBuf::from("/book/po"),
            languages: Vec::new(),
            outdated: crate::translate::Outdated::default(),
            side_by_side: true,
        };
        assert_eq!(affected_by(&project, Path::new(path)), expected, "{path}");
    }

    #[test]
    fn a_po_edit_rebuilds_only_its_language() {
        assert_affected("/book/po/en.po", Affected::Language("en".into()));
        assert_affected("/book/po/messages.pot", Affected::Nothing);
        assert_affected("/book/po/glossary/en.toml", Affected::Language("en".into()));
        assert_affected("/book/po/.en.po.swp", Affected::Nothing);
        assert_affected("/book/src/index.md", Affected::Chapter);
        assert_affected("/book/src/SUMMARY.md", Affected::All);
        assert_affected("/book/src/images/map.png", Affected::All);
        assert_affected("/book/theme/css/x.css", Affected::All);
        assert_affected("/book/book.toml", Affected::All);
        assert_affected("/book/book/index.html", Affected::Nothing);
        assert_affected("/elsewhere/src/a.md", Affected::Nothing);
    }
}
