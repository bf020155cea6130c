//! The watcher: turns filesystem events and scans into pipeline jobs.
//!
//! Events are only hints about which path to look at: a path is identified by its name
//! and its content hash, never by an inode, so the watcher does not need to pair renames.
//! Each hinted path waits in a settle map until no event has touched it for
//! `watch.settle` (a slow writer is read once, when done), then is looked at afresh.
//! Scans (at start, periodically, after an event-queue overflow, and for a new folder)
//! reconcile a folder with the store: new and changed files are queued, vanished ones
//! are removed, and a file whose size and mtime match the store is not read at all.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use globset::{Glob, GlobSet, GlobSetBuilder};
use notify::{RecursiveMode, Watcher as _};
use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::config::WatchConfig;
use crate::pipeline::{Job, Marker};
use crate::reader::{self, FileKind, FileStamp};
use crate::store::Store;

/// Which files are articles, by name.
#[derive(Debug, Clone)]
pub struct Filter {
    extensions: Vec<String>,
    ignore: GlobSet,
}

impl Filter {
    pub fn new(config: &WatchConfig) -> anyhow::Result<Filter> {
        let mut set = GlobSetBuilder::new();
        for glob in &config.ignore {
            set.add(Glob::new(glob).with_context(|| format!("config key watch.ignore: {glob}"))?);
        }
        Ok(Filter {
            extensions: config.extensions.clone(),
            ignore: set.build()?,
        })
    }

    /// Whether `path`, below `root`, names an article file: not hidden, not ignored, and
    /// with an article extension.
    pub fn accepts(&self, root: &Path, path: &Path) -> bool {
        !is_hidden(root, path) && self.accepts_name(path)
    }

    /// [`Filter::accepts`] without the hidden-folder test, for a walk that has already
    /// left hidden folders out.
    fn accepts_name(&self, path: &Path) -> bool {
        let Some(ext) = path.extension() else {
            return false;
        };
        let ext = ext.to_string_lossy();
        let known = if ext.is_ascii() {
            self.extensions.iter().any(|e| e.eq_ignore_ascii_case(&ext))
        } else {
            self.extensions.contains(&ext.to_lowercase())
        };
        known
            && path
                .file_name()
                .is_some_and(|name| !self.ignore.is_match(name))
    }
}

/// A name starting with a dot, at or below `root`, hides a file or folder.
pub fn is_hidden(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .map(|rel| {
            rel.components()
                .any(|c| c.as_os_str().as_bytes().starts_with(b"."))
        })
        .unwrap_or(false)
}

/// What a scan saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScanStats {
    pub files: u64,
    pub queued: u64,
    pub unchanged: u64,
    pub gone: u64,
    /// Files modified within the settle window, with the stamp seen, left to settle.
    pub settling: Vec<(PathBuf, FileStamp)>,
    pub interrupted: bool,
}

/// Files a walk hands on at a time, and how many such batches it may have found that
/// the scan has not yet taken: once the pipeline is full, the walk waits.
const WALK_BATCH: usize = 256;
const WALK_QUEUE: usize = 16;

/// What the walk and the store's reader hand the scan.
enum Found {
    /// A few files at a time: one hand-over per file would cost a thread's wake-up
    /// each.
    Files(Vec<(PathBuf, FileStamp)>),
    Stored(Result<rustc_hash::FxHashMap<Vec<u8>, Option<FileStamp>>, crate::store::StoreError>),
}

/// What a walk found besides the files it handed on.
#[derive(Debug, Default)]
struct Walked {
    /// Folders and files that could not be listed or stat-ed: not gone.
    unlisted: Vec<PathBuf>,
    interrupted: bool,
}

/// Everything a scan needs, shared between the watcher loop and the blocking pool.
pub struct Scanner {
    pub store: Arc<Store>,
    pub filter: Filter,
    pub settle: Duration,
    pub jobs: mpsc::Sender<Job>,
    pub cancel: CancellationToken,
    /// Paths already reported as skipped, so a rescan does not repeat the line.
    reported: Mutex<HashSet<PathBuf>>,
}

impl Scanner {
    pub fn new(
        store: Arc<Store>,
        filter: Filter,
        settle: Duration,
        jobs: mpsc::Sender<Job>,
        cancel: CancellationToken,
    ) -> Scanner {
        Scanner {
            store,
            filter,
            settle,
            jobs,
            cancel,
            reported: Mutex::new(HashSet::new()),
        }
    }

    /// Reconciles `dir` (a watched root or a folder below it) with the store. Blocking:
    /// run it on the blocking pool. Sending waits when the pipeline is full.
    pub fn reconcile(&self, root: &Path, dir: &Path) -> ScanStats {
        let mut stats = ScanStats::default();
        // The folder is walked on one thread, which hands the files on as it finds them,
        // while another reads what the store holds as present below `dir`, in one
        // ordered pass. Each file found is taken out of that; what is left at the end
        // is gone. Files found before the store's list is read wait for it; after, they
        // are queued as they come: a backlog into a new store is never held as a list
        // of the folder, however large.
        let (stored, walked) = std::thread::scope(|s| {
            let (found, files) = std::sync::mpsc::sync_channel(WALK_QUEUE);
            let loader = found.clone();
            s.spawn(move || {
                let _ = loader.send(Found::Stored(self.store.active_stamps_under(dir)));
            });
            let walker = s.spawn(move || self.walk(root, dir, found));
            let mut stored = None;
            let mut early = Vec::new();
            for found in &files {
                let ready = match found {
                    Found::Stored(Ok(list)) => {
                        let list = stored.insert(Ok(list));
                        let list = list.as_mut().expect("just set");
                        early
                            .drain(..)
                            .all(|(path, stamp)| self.take(path, stamp, list, &mut stats))
                    }
                    Found::Stored(Err(e)) => {
                        stored = Some(Err(e));
                        break;
                    }
                    Found::Files(batch) => match stored.as_mut() {
                        Some(Ok(list)) => batch
                            .into_iter()
                            .all(|(path, stamp)| self.take(path, stamp, list, &mut stats)),
                        // Before the store's list: they wait for it.
                        _ => {
                            early.extend(batch);
                            true
                        }
                    },
                };
                if !ready {
                    stats.interrupted = true;
                    break;
                }
            }
            // A walk not done yet (the store could not be read, or the scan stopped)
            // ends when it next hands a batch on.
            drop(files);
            let walked = walker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (stored, walked)
        });
        let stored = match stored {
            Some(Ok(stored)) => stored,
            Some(Err(e)) => {
                warn!(path = %dir.display(), error = %e, "cannot list stored articles");
                return stats;
            }
            // Stopped before the store's list was read.
            None => {
                stats.interrupted = true;
                return stats;
            }
        };
        if walked.interrupted || stats.interrupted {
            stats.interrupted = true;
            return stats;
        }
        let unlisted = walked.unlisted;
        let mut gone: Vec<PathBuf> = stored
            .into_keys()
            .map(|k| PathBuf::from(OsString::from_vec(k)))
            .filter(|path| !unlisted.iter().any(|u| path.starts_with(u)))
            .collect();
        gone.sort_unstable();
        for path in gone {
            if self.cancel.is_cancelled() || self.jobs.blocking_send(Job::Gone(path)).is_err() {
                stats.interrupted = true;
                return stats;
            }
            stats.gone += 1;
        }
        stats
    }

    /// One file found by the walk: unchanged, settling, or queued. False once the
    /// scan cannot go on (stopping, or the pipeline gone).
    fn take(
        &self,
        path: PathBuf,
        stamp: FileStamp,
        stored: &mut rustc_hash::FxHashMap<Vec<u8>, Option<FileStamp>>,
        stats: &mut ScanStats,
    ) -> bool {
        stats.files += 1;
        let known = stored.remove(path.as_os_str().as_bytes());
        if known == Some(Some(stamp)) {
            stats.unchanged += 1;
            return true;
        }
        if self.recently_modified(stamp.mtime_ns) {
            stats.settling.push((path, stamp));
            return true;
        }
        if self.cancel.is_cancelled() || self.jobs.blocking_send(Job::Path(path)).is_err() {
            return false;
        }
        stats.queued += 1;
        true
    }

    /// Sends the article files below `dir` with their stamps to `found`, in walk order.
    /// Stops early when `found` is dropped (or stopping).
    fn walk(&self, root: &Path, dir: &Path, found: std::sync::mpsc::SyncSender<Found>) -> Walked {
        let mut walked = Walked::default();
        let mut batch = Vec::with_capacity(WALK_BATCH);
        // The walk leaves out hidden names below `dir`; this is the test for above it.
        let hidden = is_hidden(root, dir);
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().as_bytes().starts_with(b"."));
        for entry in walk {
            if self.cancel.is_cancelled() {
                walked.interrupted = true;
                return walked;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_owned)
                        .unwrap_or_else(|| dir.to_owned());
                    if e.loop_ancestor().is_none() {
                        warn!(path = %path.display(), error = %e, "cannot list folder");
                        walked.unlisted.push(path);
                    }
                    continue;
                }
            };
            let path = entry.path();
            if entry.file_type().is_dir() || hidden || !self.filter.accepts_name(path) {
                continue;
            }
            // Walking without following links, the entry's metadata is the link's own.
            match entry.metadata().map(|m| reader::kind_of(&m)) {
                Ok(FileKind::Regular(stamp)) => {
                    batch.push((entry.into_path(), stamp));
                    if batch.len() == WALK_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(WALK_BATCH));
                        if found.send(Found::Files(full)).is_err() {
                            walked.interrupted = true;
                            return walked;
                        }
                    }
                }
                Ok(FileKind::Special(what)) => self.report_skip(path, what),
                Ok(FileKind::Dir | FileKind::Missing) => {}
                Err(e) => {
                    warn!(path = %path.display(), error = %e, "cannot stat file");
                    walked.unlisted.push(path.to_owned());
                }
            }
        }
        if !batch.is_empty() && found.send(Found::Files(batch)).is_err() {
            walked.interrupted = true;
        }
        walked
    }

    /// Whether the store holds `path` as active with this very size and mtime: then the
    /// file is not read again.
    fn is_unchanged(&self, path: &Path, stamp: FileStamp) -> bool {
        let stored = self.store.entry(path).ok().flatten();
        stored.is_some_and(|e| e.active && e.stamp == Some(stamp))
    }

    fn recently_modified(&self, mtime_ns: i64) -> bool {
        let now_ns = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as i64)
            .unwrap_or(i64::MAX);
        now_ns.saturating_sub(mtime_ns) < self.settle.as_nanos() as i64
    }

    fn report_skip(&self, path: &Path, what: &str) {
        let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        if reported.insert(path.to_owned()) {
            info!(path = %path.display(), reason = %format!("not a regular file: {what}"), "skipped");
        }
    }
}

/// Settings of the watcher loop.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    pub roots: Vec<PathBuf>,
    pub rescan_interval: Duration,
    pub event_capacity: usize,
    pub create_missing: bool,
}

/// Creates (or checks) the watched folders and returns them canonicalised, so event
/// paths and stored paths agree.
pub fn prepare_roots(roots: &[PathBuf], create_missing: bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for root in roots {
        if !root.exists() {
            if !create_missing {
                anyhow::bail!(
                    "watch {}: folder does not exist (watch.create_missing is false)",
                    root.display()
                );
            }
            std::fs::create_dir_all(root)
                .with_context(|| format!("create watched folder {}", root.display()))?;
            info!(path = %root.display(), "created watched folder");
        }
        let canonical = root
            .canonicalize()
            .with_context(|| format!("watch {}", root.display()))?;
        if !canonical.is_dir() {
            anyhow::bail!("watch {}: not a folder", root.display());
        }
        out.push(canonical);
    }
    Ok(out)
}

/// Runs one scan of every root on the blocking pool and queues a marker after it.
/// Files still being written when the scan saw them get one settle window to go still
/// and are then queued before the marker, so the scan's summary counts them; those still
/// changing are returned, for the settle map.
pub async fn scan_all(
    scanner: &Arc<Scanner>,
    roots: &[PathBuf],
    scan: &'static str,
) -> Vec<PathBuf> {
    let mut settling = Vec::new();
    for root in roots {
        let (s, r) = (scanner.clone(), root.clone());
        let started = Instant::now();
        let Ok(stats) = tokio::task::spawn_blocking(move || s.reconcile(&r, &r)).await else {
            continue;
        };
        info!(
            scan,
            path = %root.display(),
            files = stats.files,
            queued = stats.queued,
            unchanged = stats.unchanged,
            gone = stats.gone,
            settling = stats.settling.len(),
            ms = started.elapsed().as_millis() as u64,
            "scan finished"
        );
        settling.extend(stats.settling);
    }
    let mut still_changing = Vec::new();
    if !settling.is_empty() {
        tokio::time::sleep(scanner.settle).await;
        for (path, stamp) in settling {
            match reader::inspect(&path) {
                Ok(FileKind::Regular(now))
                    if now == stamp && !scanner.recently_modified(now.mtime_ns) =>
                {
                    if scanner.jobs.send(Job::Path(path)).await.is_err() {
                        return Vec::new();
                    }
                }
                _ => still_changing.push(path),
            }
        }
    }
    let _ = scanner.jobs.send(Job::Marker(Marker { scan })).await;
    still_changing
}

/// Watches the roots until `cancel` fires or the pipeline closes. `ready` is called once
/// the watches are in place, before the start-up scan.
pub async fn run(
    settings: WatchSettings,
    scanner: Arc<Scanner>,
    ready: impl FnOnce(),
) -> anyhow::Result<()> {
    let (raw_tx, mut raw_rx) = mpsc::channel::<notify::Event>(settings.event_capacity);
    let overflow = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(Notify::new());
    let (cb_overflow, cb_wake) = (overflow.clone(), wake.clone());
    // The callback runs on notify's thread and must not block. When the queue is full,
    // the event is dropped and a rescan is requested instead: time is lost, not a file.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let delivered = match event {
            Ok(event) => raw_tx.try_send(event).is_ok(),
            Err(e) => {
                warn!(error = %e, "watch error; rescanning");
                false
            }
        };
        if !delivered {
            cb_overflow.store(true, Ordering::SeqCst);
            cb_wake.notify_one();
        }
    })
    .context("start the filesystem watcher")?;
    for root in &settings.roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .with_context(|| format!("watch {}", root.display()))?;
        info!(path = %root.display(), "watching");
    }
    ready();

    let mut pending: HashMap<PathBuf, Instant> = HashMap::new();
    let settle = scanner.settle;
    let settling = scan_all(&scanner, &settings.roots, "startup").await;
    pending.extend(settling.into_iter().map(|p| (p, Instant::now())));

    let mut periodic = tokio::time::interval_at(
        tokio::time::Instant::now() + settings.rescan_interval,
        settings.rescan_interval,
    );
    periodic.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The settle map is checked this often: a file is read between `settle` and
    // `settle` + a twentieth of it after its last change.
    let mut tick = tokio::time::interval((settle / 20).max(Duration::from_millis(5)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // A watched folder that is removed takes its watch with it: it is looked for every
    // second and watched (and reconciled) again when it returns.
    let mut roots_check = tokio::time::interval(Duration::from_secs(1));
    roots_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut roots_gone: HashSet<PathBuf> = HashSet::new();

    loop {
        let mut rescan: Option<&'static str> = None;
        let mut returned: Vec<PathBuf> = Vec::new();
        tokio::select! {
            _ = scanner.cancel.cancelled() => break,
            _ = scanner.jobs.closed() => break,
            event = raw_rx.recv() => {
                let Some(event) = event else { break };
                if event.need_rescan() {
                    rescan = Some("overflow");
                }
                for path in event.paths {
                    if let Some(root) = root_of(&settings.roots, &path)
                        && !is_hidden(root, &path) {
                            pending.insert(path, Instant::now());
                        }
                }
            }
            _ = wake.notified() => {}
            _ = periodic.tick() => rescan = Some("periodic"),
            _ = roots_check.tick() => {
                for root in &settings.roots {
                    let present = root.is_dir();
                    if !present && roots_gone.insert(root.clone()) {
                        warn!(path = %root.display(), "watched folder is gone; waiting for it to return");
                        if scanner.jobs.send(Job::Gone(root.clone())).await.is_err() {
                            return Ok(());
                        }
                    } else if present && roots_gone.contains(root) {
                        match watcher.watch(root, RecursiveMode::Recursive) {
                            Ok(()) => {
                                info!(path = %root.display(), "watched folder is back; watching");
                                roots_gone.remove(root);
                                returned.push(root.clone());
                            }
                            Err(e) => warn!(path = %root.display(), error = %e, "cannot watch the returned folder yet"),
                        }
                    }
                }
            }
            _ = tick.tick() => {
                let now = Instant::now();
                let due: Vec<PathBuf> = pending
                    .iter()
                    .filter(|(_, at)| now.duration_since(**at) >= settle)
                    .map(|(p, _)| p.clone())
                    .collect();
                for path in due {
                    pending.remove(&path);
                    if !dispatch(&scanner, &settings.roots, path, &mut pending).await {
                        return Ok(());
                    }
                }
            }
        }
        if overflow.swap(false, Ordering::SeqCst) {
            rescan = Some("overflow");
        }
        if !returned.is_empty() {
            let settling = scan_all(&scanner, &returned, "returned").await;
            pending.extend(settling.into_iter().map(|p| (p, Instant::now())));
        }
        if let Some(scan) = rescan {
            if scan == "overflow" {
                warn!("event queue overflowed; rescanning");
                while raw_rx.try_recv().is_ok() {}
                pending.clear();
            }
            let settling = scan_all(&scanner, &settings.roots, scan).await;
            pending.extend(settling.into_iter().map(|p| (p, Instant::now())));
        }
    }
    drop(watcher);
    Ok(())
}

/// Looks at a settled path. Returns false when the pipeline has closed.
async fn dispatch(
    scanner: &Arc<Scanner>,
    roots: &[PathBuf],
    path: PathBuf,
    pending: &mut HashMap<PathBuf, Instant>,
) -> bool {
    let Some(root) = root_of(roots, &path).cloned() else {
        return true;
    };
    let job = match reader::inspect(&path) {
        Ok(FileKind::Dir) => {
            // A new or moved-in folder: its contents may predate its watch, so scan it.
            let (s, r, d) = (scanner.clone(), root.clone(), path.clone());
            let Ok(stats) = tokio::task::spawn_blocking(move || s.reconcile(&r, &d)).await else {
                return false;
            };
            debug!(path = %path.display(), queued = stats.queued, gone = stats.gone, "folder scanned");
            pending.extend(stats.settling.into_iter().map(|(p, _)| (p, Instant::now())));
            return !stats.interrupted;
        }
        Ok(FileKind::Regular(stamp)) if scanner.filter.accepts(&root, &path) => {
            if scanner.is_unchanged(&path, stamp) {
                return true;
            }
            Job::Path(path)
        }
        Ok(FileKind::Special(what)) if scanner.filter.accepts(&root, &path) => {
            scanner.report_skip(&path, what);
            Job::Gone(path)
        }
        // Gone, or renamed to a name that is not an article: whatever was stored goes.
        Ok(_) => Job::Gone(path),
        Err(e) => {
            warn!(path = %path.display(), error = %e, "cannot stat file");
            return true;
        }
    };
    scanner.jobs.send(job).await.is_ok()
}

/// The watched root that contains `path`.
fn root_of<'a>(roots: &'a [PathBuf], path: &Path) -> Option<&'a PathBuf> {
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_accepts_articles_only() {
        let filter = Filter::new(&WatchConfig::default()).unwrap();
        let root = Path::new("/in");
        let cases = [
            ("/in/a.txt", true),
            ("/in/sub/B.TXT", true),
            ("/in/a.html", true),
            ("/in/a.pdf", false),
            ("/in/.a.txt", false),
            ("/in/.hidden/a.txt", false),
            ("/in/a.txt~", false),
            ("/in/a.txt.swp", false),
            ("/in/a.tmp", false),
            ("/in/#a.txt#", false),
            ("/in/noext", false),
        ];
        for (path, expected) in cases {
            assert_eq!(filter.accepts(root, Path::new(path)), expected, "{path}");
        }
    }

    /// A folder of many walk batches against a store that knows some of it: each file
    /// is unchanged, queued or gone exactly once.
    #[test]
    fn a_scan_of_many_files_queues_the_changed_and_the_gone_once() {
        use crate::record::ArticleRecord;
        use crate::store::Incoming;

        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("inbox");
        let mut on_disk = Vec::new();
        for i in 0..(3 * WALK_BATCH + 17) {
            let path = root.join(format!("f{}", i % 3)).join(format!("a{i}.txt"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("bài {i}")).unwrap();
            on_disk.push(path);
        }
        let stamp_of = |path: &Path| match reader::kind_of(&std::fs::metadata(path).unwrap()) {
            FileKind::Regular(stamp) => stamp,
            _ => unreachable!("a regular file"),
        };
        let incoming = |path: PathBuf, stamp: FileStamp| Incoming::File {
            draft: Box::new(ArticleRecord {
                path: path.display().to_string(),
                content_hash: Some(
                    blake3::hash(path.as_os_str().as_bytes())
                        .to_hex()
                        .to_string(),
                ),
                body: "bài".into(),
                ..Default::default()
            }),
            path,
            stamp: Some(stamp),
            signature: None,
        };
        // Stored as they are: every third file. Stored with another size: every fifth
        // of the rest. Stored and no longer there: 40 more.
        let mut batch = Vec::new();
        let (mut unchanged, mut changed) = (0, 0);
        for (i, path) in on_disk.iter().enumerate() {
            let mut stamp = stamp_of(path);
            if i % 3 == 0 {
                unchanged += 1;
            } else if i % 5 == 0 {
                stamp.size += 1;
                changed += 1;
            } else {
                continue;
            }
            batch.push(incoming(path.clone(), stamp));
        }
        let mut gone: Vec<PathBuf> = (0..40)
            .map(|i| root.join(format!("f9/gone{i}.txt")))
            .collect();
        // They are sent in the store's (byte) order.
        gone.sort();
        for path in &gone {
            batch.push(incoming(
                path.clone(),
                FileStamp {
                    size: 1,
                    mtime_ns: 1,
                },
            ));
        }
        let store = Arc::new(Store::open(&tmp.path().join("store")).unwrap());
        store.commit(&batch, "2026-01-01T00:00:00Z", 1_000).unwrap();

        let (jobs, mut queued) = mpsc::channel(10_000);
        let scanner = Scanner::new(
            store,
            Filter::new(&WatchConfig::default()).unwrap(),
            Duration::ZERO,
            jobs,
            CancellationToken::new(),
        );
        let stats = scanner.reconcile(&root, &root);
        assert!(!stats.interrupted);
        assert_eq!(stats.files, on_disk.len() as u64);
        assert_eq!(stats.unchanged, unchanged);
        assert_eq!(stats.queued, on_disk.len() as u64 - unchanged);
        assert_eq!(stats.gone, gone.len() as u64);
        let (mut paths, mut gone_found) = (Vec::new(), Vec::new());
        while let Ok(job) = queued.try_recv() {
            match job {
                Job::Path(path) => paths.push(path),
                Job::Gone(path) => gone_found.push(path),
                Job::Marker(_) => panic!("a scan alone sends no marker"),
            }
        }
        let mut expected: Vec<PathBuf> = on_disk
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, p)| p.clone())
            .collect();
        paths.sort();
        expected.sort();
        assert_eq!(paths, expected);
        assert_eq!(gone_found, gone);
        assert!(changed > 0);
    }

    #[test]
    fn root_of_picks_the_innermost_root() {
        let roots = vec![PathBuf::from("/a"), PathBuf::from("/a/b")];
        assert_eq!(root_of(&roots, Path::new("/a/b/c.txt")), Some(&roots[1]));
        assert_eq!(root_of(&roots, Path::new("/a/c.txt")), Some(&roots[0]));
        assert_eq!(root_of(&roots, Path::new("/ab/c.txt")), None);
    }
}
