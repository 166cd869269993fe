//! `serve`: build, serve on loopback, rebuild what a change affects, and
//! tell open pages to reload — what `mdbook serve` does, for every language.

use crate::build::{self, BuildOptions};
use crate::site::{Language, Site};
use anyhow::{Context, Result, anyhow};
use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::broadcast;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tracing::{error, info};

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
    /// The chapters, the theme or the configuration: every language.
    All,
}

/// Decides what a changed path affects.
pub fn affected_by(site: &Site, path: &Path) -> Affected {
    let Ok(relative) = path.strip_prefix(&site.root) else {
        return Affected::Nothing;
    };
    let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Editors' swap and backup files.
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return Affected::Nothing;
    }
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match parts.next().as_deref() {
        // A catalog, or a language's glossary (po/glossary/<lang>.toml),
        // which the QA checks of that language read.
        Some("po") => match relative.extension().and_then(|e| e.to_str()) {
            Some("po") | Some("toml") => relative
                .file_stem()
                .and_then(|s| s.to_str())
                .map_or(Affected::Nothing, |code| {
                    Affected::Language(code.to_string())
                }),
            _ => Affected::Nothing,
        },
        Some("src") | Some("theme") | Some("book.toml") => Affected::All,
        _ => Affected::Nothing,
    }
}

/// Builds, then serves until interrupted.
pub fn serve(site: &Site, options: &ServeOptions) -> Result<()> {
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

    let build_options = BuildOptions {
        live_reload_endpoint: Some(LIVE_RELOAD_ENDPOINT.to_string()),
        site_url: Some("/".to_string()),
        output_dir: None,
    };
    let output = build::build_site(site, &build_options)?;

    let (reload_tx, _) = broadcast::channel::<()>(16);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let app = router(output.clone(), reload_tx.clone());
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    });
    info!("serving the site on http://{address}/ (English: http://{address}/en/)");

    let result = watch_and_rebuild(site, &build_options, || {
        let _ = reload_tx.send(());
    });
    server.abort();
    result
}

/// The HTTP side: the site folder (never anything outside it: ServeDir
/// refuses `..`), gzip as GitHub Pages serves, each language's 404 page, and
/// the live-reload socket.
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
    Router::new()
        .route(
            &format!("/{LIVE_RELOAD_ENDPOINT}"),
            get(move |ws: WebSocketUpgrade| {
                let rx = reload.subscribe();
                async move { ws.on_upgrade(move |socket| reload_when_told(socket, rx)) }
            }),
        )
        .fallback_service(files)
        .layer(CompressionLayer::new())
}

/// The 404 page of the language the missing path is under.
async fn not_found(site_dir: &Path, path: &str) -> Response {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = site_dir.join(first).join("404.html");
    let page = if !first.is_empty() && !first.contains("..") && localized.is_file() {
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

async fn reload_when_told(mut socket: WebSocket, mut rx: broadcast::Receiver<()>) {
    if rx.recv().await.is_ok() {
        let _ = socket.send(Message::text("reload")).await;
    }
}

/// Watches the book's inputs and rebuilds what each batch of changes
/// affects; a failed rebuild is reported and the last good site stays up.
fn watch_and_rebuild(site: &Site, options: &BuildOptions, on_rebuilt: impl Fn()) -> Result<()> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
    for name in ["src", "po", "theme"] {
        let path = site.root.join(name);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", path.display()))?;
        }
    }
    watcher
        .watch(&site.book_toml(), RecursiveMode::NonRecursive)
        .context("watching book.toml")?;

    while let Ok(first) = rx.recv() {
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
            .flat_map(|event| event.paths.iter().map(|path| affected_by(site, path)))
            .collect();
        // Reading the sources makes events too: a batch of nothing to rebuild
        // must not touch them, or the watcher would wake itself forever.
        if affected.iter().all(|a| *a == Affected::Nothing) {
            continue;
        }
        let languages = match site.languages() {
            Ok(languages) => languages,
            Err(e) => {
                error!("{e:#}");
                continue;
            }
        };
        let rebuild: Vec<Language> = if affected.contains(&Affected::All) {
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
        match build::rebuild_languages(site, options, &rebuild) {
            Ok(_) => on_rebuilt(),
            Err(e) => error!("build failed, still serving the previous site: {e:#}"),
        }
    }
    Ok(())
}

/// How long to gather the events of one save.
const DEBOUNCE: Duration = Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_affected(path: &str, expected: Affected) {
        let site = Site {
            root: PathBuf::from("/book"),
        };
        assert_eq!(affected_by(&site, Path::new(path)), expected, "{path}");
    }

    #[test]
    fn a_po_edit_rebuilds_only_its_language() {
        assert_affected("/book/po/en.po", Affected::Language("en".into()));
        assert_affected("/book/po/messages.pot", Affected::Nothing);
        assert_affected("/book/po/glossary/en.toml", Affected::Language("en".into()));
        assert_affected("/book/po/.en.po.swp", Affected::Nothing);
        assert_affected("/book/src/index.md", Affected::All);
        assert_affected("/book/theme/css/x.css", Affected::All);
        assert_affected("/book/book.toml", Affected::All);
        assert_affected("/book/book/index.html", Affected::Nothing);
        assert_affected("/elsewhere/src/a.md", Affected::Nothing);
    }
}
