//! The control socket: a running daemon holds sled's lock on the store, so `dump` and
//! `status` ask it over a local Unix socket instead of opening the store themselves.
//!
//! Protocol: the client sends one JSON [`Request`] on one line (at most
//! [`MAX_REQUEST`] bytes); the daemon answers with JSON [`Reply`] lines and closes.
//! The socket is created owner-only. Each connection has its own task and time limits,
//! so a client that connects and stalls holds up nobody else.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use crate::query::{self, DaemonInfo, Request};
use crate::record::ArticleRecord;
use crate::store::Store;

pub const MAX_REQUEST: usize = 64 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Queries reading the store at once; more wait their turn. Each runs on a thread of its
/// own, not on the runtime's blocking pool, which is sized for the pipeline: a reader
/// stalled on its socket (up to [`WRITE_TIMEOUT`]) then never holds up ingest.
const READERS: usize = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reply {
    Record(Box<ArticleRecord>),
    Status(Box<query::StatusReport>),
    /// A selector matched nothing.
    Missing(String),
    /// The request could not be answered.
    Error(String),
    End,
}

/// Binds the socket, replacing a stale one, with owner-only permissions.
pub fn bind(path: &Path) -> anyhow::Result<UnixListener> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    if std::os::unix::net::UnixStream::connect(path).is_ok() {
        anyhow::bail!(
            "control socket {}: another daemon is answering on it",
            path.display()
        );
    }
    let _ = std::fs::remove_file(path);
    // Bind under a restrictive umask so the socket is never reachable by others, not
    // even between bind and chmod.
    let old = unsafe { libc::umask(0o177) };
    let listener = UnixListener::bind(path);
    unsafe { libc::umask(old) };
    let listener = listener.with_context(|| format!("bind control socket {}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("restrict control socket {}", path.display()))?;
    Ok(listener)
}

/// Serves requests until `cancel` fires, then removes the socket.
pub async fn serve(
    listener: UnixListener,
    path: PathBuf,
    store: Arc<Store>,
    info: DaemonInfo,
    cancel: CancellationToken,
) {
    let readers = Arc::new(Semaphore::new(READERS));
    loop {
        tokio::select! {
            _ = cancel.cancelled() => break,
            conn = listener.accept() => match conn {
                Ok((stream, _)) => {
                    let (store, info, readers) = (store.clone(), info.clone(), readers.clone());
                    tokio::spawn(async move {
                        if let Err(e) = handle(stream, store, info, readers).await {
                            debug!(error = %e, "control connection ended");
                        }
                    });
                }
                Err(e) => warn!(error = %e, "control socket accept failed"),
            }
        }
    }
    let _ = std::fs::remove_file(&path);
}

async fn handle(
    stream: UnixStream,
    store: Arc<Store>,
    info: DaemonInfo,
    readers: Arc<Semaphore>,
) -> anyhow::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = Vec::new();
    let mut reader = AsyncBufReader::new(read).take(MAX_REQUEST as u64 + 1);
    let read = tokio::time::timeout(REQUEST_TIMEOUT, reader.read_until(b'\n', &mut line)).await;
    let request = match read {
        Err(_) => Err("no request within 5s".to_owned()),
        Ok(Err(e)) => Err(format!("read request: {e}")),
        Ok(Ok(_)) if line.len() > MAX_REQUEST => {
            Err(format!("request longer than {MAX_REQUEST} bytes"))
        }
        Ok(Ok(_)) => {
            serde_json::from_slice::<Request>(&line).map_err(|e| format!("malformed request: {e}"))
        }
    };
    let request = match request {
        Ok(request) => request,
        Err(e) => {
            send(&mut write, &Reply::Error(e)).await?;
            return Ok(());
        }
    };
    // The store is read on a thread of the query's own; replies come back through a small
    // channel, so a slow reader slows only its own query.
    let permit = readers.acquire_owned().await?;
    let (tx, mut rx) = mpsc::channel::<Reply>(64);
    let spawned = std::thread::Builder::new()
        .name("articled-query".into())
        .spawn(move || {
            answer(&store, request, info, &tx);
            drop(permit);
        });
    if let Err(e) = spawned {
        send(&mut write, &Reply::Error(format!("start query: {e}"))).await?;
        return Ok(());
    }
    while let Some(reply) = rx.recv().await {
        send(&mut write, &reply).await?;
    }
    Ok(())
}

fn answer(store: &Store, request: Request, info: DaemonInfo, tx: &mpsc::Sender<Reply>) {
    let result = match request {
        Request::Dump { selectors } => query::dump(
            store,
            &selectors,
            |record| tx.blocking_send(Reply::Record(Box::new(record))).is_ok(),
            |missing| {
                let _ = tx.blocking_send(Reply::Missing(missing.to_string()));
            },
        ),
        Request::Status { recent } => query::status(store, recent.min(1000), Some(info))
            .map(|report| drop(tx.blocking_send(Reply::Status(Box::new(report))))),
    };
    let last = match result {
        Ok(()) => Reply::End,
        Err(e) => Reply::Error(e.to_string()),
    };
    let _ = tx.blocking_send(last);
}

async fn send(write: &mut tokio::net::unix::OwnedWriteHalf, reply: &Reply) -> anyhow::Result<()> {
    let mut line = serde_json::to_vec(reply)?;
    line.push(b'\n');
    tokio::time::timeout(WRITE_TIMEOUT, write.write_all(&line))
        .await
        .context("client stalled")??;
    Ok(())
}

/// The client side: `None` when no daemon answers on `path`.
pub fn connect(path: &Path) -> Option<std::os::unix::net::UnixStream> {
    std::os::unix::net::UnixStream::connect(path).ok()
}

/// Sends `request` and calls `on_reply` for each reply until the end.
pub fn ask(
    mut stream: std::os::unix::net::UnixStream,
    request: &Request,
    mut on_reply: impl FnMut(Reply) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut line = serde_json::to_vec(request)?;
    line.push(b'\n');
    stream
        .write_all(&line)
        .context("send request to the daemon")?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    for line in BufReader::new(stream).lines() {
        let line = line.context("read reply from the daemon")?;
        let reply: Reply =
            serde_json::from_str(&line).context("malformed reply from the daemon")?;
        if reply == Reply::End {
            return Ok(());
        }
        on_reply(reply)?;
    }
    anyhow::bail!("the daemon closed the connection before the end of its reply")
}
