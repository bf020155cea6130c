//! `articled run`: opens the store, starts the pipeline, the watcher and the control
//! socket, and stops them in order.
//!
//! Stopping: a signal cancels the watcher (and any scan) and tells the stages to drop
//! files they have not analysed yet: those were not committed, so the next start's scan
//! finds them. The watcher's end drops the last job sender, each stage then ends when
//! its input is empty, and the writer commits and flushes what reached it before it
//! returns. A store error in the writer
//! is critical: it stops the daemon with the error. After a clean stop the store is
//! checkpointed (see [`Store::checkpoint`]), so the next start is quick.

use std::sync::Arc;

use anyhow::Context;
use sd_notify::NotifyState;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use crate::config::Settings;
use crate::control;
use crate::extract::Gazetteer;
use crate::pipeline::{self, Job, PipelineSettings, Tally};
use crate::query::DaemonInfo;
use crate::store::Store;
use crate::watcher::{self, Filter, Scanner, WatchSettings};

/// Runs the daemon until a signal, or with `once`, until everything in the folders is
/// committed.
pub async fn run(settings: Settings, once: bool) -> anyhow::Result<Tally> {
    let roots = watcher::prepare_roots(&settings.watch_roots, settings.watch.create_missing)?;
    let filter = Filter::new(&settings.watch)?;
    let gazetteer = Gazetteer::load(&settings.extract.gazetteer)?;
    let (dir, cache) = (settings.store_dir.clone(), settings.store.cache_capacity);
    let store =
        Arc::new(tokio::task::spawn_blocking(move || Store::open_with_cache(&dir, cache)).await??);
    info!(path = %store.dir().display(), "store open");

    let cancel = CancellationToken::new();
    let (jobs, mut writer) = pipeline::start(
        store.clone(),
        PipelineSettings {
            gazetteer,
            channel_capacity: settings.pipeline.channel_capacity,
            extract_workers: match settings.pipeline.extract_workers {
                0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
                n => n,
            },
            batch_size: settings.store.batch_size,
            journal_limit: settings.store.journal_limit,
            max_file_size: settings.watch.max_file_size,
            stopping: cancel.clone(),
        },
    );
    let scanner = Arc::new(Scanner::new(
        store.clone(),
        filter,
        settings.watch.settle,
        jobs,
        cancel.clone(),
    ));

    if once {
        let settling = watcher::scan_all(&scanner, &roots, "once").await;
        // A batch run does not wait for files still being written: it reads them now.
        for path in settling {
            scanner
                .jobs
                .send(Job::Path(path))
                .await
                .context("pipeline stopped")?;
        }
        drop(scanner);
        let tally = writer.await.context("writer task failed")??;
        checkpoint(store).await;
        info!(
            added = tally.get(crate::record::ChangeKind::Added),
            total = tally.total(),
            "done"
        );
        return Ok(tally);
    }

    let listener = control::bind(&settings.socket)?;
    let info = DaemonInfo {
        pid: std::process::id(),
        started: pipeline::now(),
        watching: roots.iter().map(|r| r.display().to_string()).collect(),
    };
    let server = tokio::spawn(control::serve(
        listener,
        settings.socket.clone(),
        store.clone(),
        info,
        cancel.clone(),
    ));
    let watch_settings = WatchSettings {
        roots: roots.clone(),
        rescan_interval: settings.watch.rescan_interval,
        event_capacity: settings.pipeline.event_capacity,
        create_missing: settings.watch.create_missing,
    };
    let folders = roots.len();
    let mut watch = tokio::spawn(watcher::run(watch_settings, scanner, move || {
        let status = format!("watching {folders} folder(s)");
        let _ = sd_notify::notify(&[NotifyState::Ready, NotifyState::Status(&status)]);
    }));

    let mut term = signal(SignalKind::terminate()).context("install SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("install SIGINT handler")?;
    let mut failure: Option<anyhow::Error> = None;
    let mut writer_finished = false;
    tokio::select! {
        _ = term.recv() => info!(signal = "SIGTERM", "stopping"),
        _ = int.recv() => info!(signal = "SIGINT", "stopping"),
        result = &mut watch => {
            failure = Some(match result {
                Ok(Ok(())) => anyhow::anyhow!("the watcher stopped"),
                Ok(Err(e)) => e,
                Err(e) => anyhow::anyhow!("the watcher task failed: {e}"),
            });
        }
        result = &mut writer => {
            failure = Some(match result {
                Ok(Ok(_)) => anyhow::anyhow!("the pipeline stopped"),
                Ok(Err(e)) => e.into(),
                Err(e) => anyhow::anyhow!("the writer task failed: {e}"),
            });
            writer_finished = true;
        }
    }
    let _ = sd_notify::notify(&[NotifyState::Stopping]);
    cancel.cancel();
    if !watch.is_finished() {
        let _ = watch.await;
    }
    let tally = if !writer_finished {
        match writer.await {
            Ok(Ok(tally)) => Some(tally),
            Ok(Err(e)) => {
                failure.get_or_insert(e.into());
                None
            }
            Err(e) => {
                failure.get_or_insert(anyhow::anyhow!("the writer task failed: {e}"));
                None
            }
        }
    } else {
        None
    };
    let _ = server.await;
    match failure {
        Some(e) => {
            error!(error = %format!("{e:#}"), "stopped");
            Err(e)
        }
        None => {
            let tally = tally.unwrap_or_default();
            checkpoint(store).await;
            info!(committed = %tally, "stopped");
            Ok(tally)
        }
    }
}

/// After a clean stop, once nothing else holds the store: see [`Store::checkpoint`].
/// A failure costs only the next start's time, so it is a warning.
async fn checkpoint(store: Arc<Store>) {
    let started = std::time::Instant::now();
    match tokio::task::spawn_blocking(move || Store::checkpoint(store)).await {
        Ok(Some(Ok(()))) => info!(
            ms = started.elapsed().as_millis() as u64,
            "store checkpointed"
        ),
        Ok(Some(Err(e))) => {
            warn!(error = %e, "store checkpoint failed: the next start reads its log back")
        }
        Ok(None) => info!("store still in use by a query: not checkpointed"),
        Err(e) => warn!(error = %e, "store checkpoint failed: the next start reads its log back"),
    }
}
