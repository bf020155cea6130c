//! The staged pipeline: parse → dedupe → extract → annotate → commit.
//!
//! Each stage is one tokio task running a plain function over the items it receives, and
//! the stages are joined by bounded channels: when the writer is slow, every channel
//! fills in turn and the watcher waits, so a flood of files never fills memory.
//! Shutdown is by closing: when the watcher drops its sender, each stage ends once its
//! input is empty, and the writer commits and flushes what it has before it returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::annotate::{Signature, SignatureInput};
use crate::extract::Gazetteer;
use crate::reader::{self, FileStamp, ReadError};
use crate::record::{ArticleRecord, Change, ChangeKind};
use crate::store::{Incoming, Store, StoreError};
use crate::{annotate, extract, parse, text};

/// What the watcher asks of the pipeline.
#[derive(Debug)]
pub enum Job {
    /// Look at this path: read it if it is a file, remove it if it is gone.
    Path(PathBuf),
    /// This path no longer counts (gone, or no longer an article): remove it.
    Gone(PathBuf),
    /// A scan ended: once everything before it is committed, log the summary.
    Marker(Marker),
}

#[derive(Debug)]
pub struct Marker {
    /// Which scan ended: `startup`, `periodic`, `overflow`…
    pub scan: &'static str,
}

/// What flows between the stages.
#[derive(Debug)]
enum Item {
    File(Box<Draft>),
    Missing(PathBuf),
    Marker(Marker),
}

/// A file on its way through the stages.
#[derive(Debug)]
struct Draft {
    path: PathBuf,
    stamp: Option<FileStamp>,
    record: ArticleRecord,
    /// The same content is already stored for this path: later stages pass it on as is.
    unchanged: bool,
    /// Set by the extract stage: what the annotate stage computes the signature from.
    for_signature: SignatureInput,
    /// Set by the annotate stage.
    signature: Option<Signature>,
}

/// Settings the stages read.
#[derive(Debug, Clone)]
pub struct PipelineSettings {
    pub gazetteer: Arc<Gazetteer>,
    pub channel_capacity: usize,
    /// Tasks running the extract stage at once (at least one).
    pub extract_workers: usize,
    pub batch_size: usize,
    pub journal_limit: u64,
    pub max_file_size: u64,
    /// Once cancelled, files not yet through the annotate stage are dropped instead of
    /// worked on: a stop does not wait for a backlog. Nothing is lost, as nothing
    /// dropped was committed: the next start's scan finds those files again.
    pub stopping: CancellationToken,
}

/// Counts of committed changes, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(BTreeMap<&'static str, u64>);

impl Tally {
    fn add(&mut self, kind: ChangeKind) {
        *self.0.entry(kind.as_str()).or_default() += 1;
    }

    pub fn get(&self, kind: ChangeKind) -> u64 {
        self.0.get(kind.as_str()).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = ChangeKind::ALL
            .iter()
            .map(|k| format!("{} {}", self.get(*k), k.as_str()))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// The most files read in one trip to the blocking pool.
const READ_BATCH: usize = 16;

/// Starts the stages. Send jobs on the returned sender; drop it to finish. The handle
/// resolves once everything sent is committed, to the tally of changes, or to the
/// store error that stopped the writer.
pub fn start(
    store: Arc<Store>,
    settings: PipelineSettings,
) -> (mpsc::Sender<Job>, JoinHandle<Result<Tally, StoreError>>) {
    let cap = settings.channel_capacity;
    let (job_tx, job_rx) = mpsc::channel(cap);
    let (parsed_tx, parsed_rx) = mpsc::channel(cap);
    let (deduped_tx, deduped_rx) = mpsc::channel(cap);
    let (extracted_tx, extracted_rx) = mpsc::channel(cap);
    let (annotated_tx, annotated_rx) = mpsc::channel(cap);

    let limit = settings.max_file_size;
    let stopping = settings.stopping.clone();
    tokio::spawn(async move {
        let mut jobs: mpsc::Receiver<Job> = job_rx;
        let mut batch = Vec::with_capacity(READ_BATCH);
        while jobs.recv_many(&mut batch, READ_BATCH).await > 0 {
            if stopping.is_cancelled() {
                batch.retain(|job| matches!(job, Job::Marker(_)));
            }
            // Reading is blocking I/O: it runs on the blocking pool, for all the jobs
            // already waiting at once (one file when they come one at a time), so a
            // backlog does not pay a trip to another thread and back for every file.
            let jobs = std::mem::take(&mut batch);
            let read = move || {
                jobs.into_iter()
                    .map(|job| read_and_parse(job, limit))
                    .collect::<Vec<_>>()
            };
            let Ok(items) = tokio::task::spawn_blocking(read).await else {
                break;
            };
            for item in items {
                if parsed_tx.send(item).await.is_err() {
                    return;
                }
            }
        }
    });
    let dedupe_store = store.clone();
    let stopping = &settings.stopping;
    tokio::spawn(run_stage(
        parsed_rx,
        deduped_tx,
        stopping.clone(),
        move |item| dedupe(item, &dedupe_store),
    ));
    let gazetteer = settings.gazetteer.clone();
    spawn_ordered_stage(
        deduped_rx,
        extracted_tx,
        stopping.clone(),
        settings.extract_workers,
        move |item| extract_one(item, &gazetteer),
    );
    tokio::spawn(run_stage(
        extracted_rx,
        annotated_tx,
        stopping.clone(),
        annotate_one,
    ));
    let writer = tokio::spawn(write(annotated_rx, store, settings));
    (job_tx, writer)
}

/// The shape of every middle stage: a plain function between two channels. Once
/// `stopping`, only markers pass.
async fn run_stage(
    mut rx: mpsc::Receiver<Item>,
    tx: mpsc::Sender<Item>,
    stopping: CancellationToken,
    mut stage: impl FnMut(Item) -> Item,
) {
    // Items already waiting are taken together: a stage that keeps up sleeps and wakes
    // once per batch rather than once per file.
    let mut batch = Vec::with_capacity(READ_BATCH);
    while rx.recv_many(&mut batch, READ_BATCH).await > 0 {
        for item in batch.drain(..) {
            if stopping.is_cancelled() && !matches!(item, Item::Marker(_)) {
                continue;
            }
            if tx.send(stage(item)).await.is_err() {
                return;
            }
        }
    }
}

/// A middle stage run by `workers` tasks at once, for a stage whose CPU would
/// otherwise bound the whole pipeline. Items are dealt to the workers in turn and
/// collected from them in the same turn, so they leave in the order they came: a
/// backlog is committed in the order it was found, and a marker still follows every
/// file before it. Once `stopping`, only markers are dealt.
fn spawn_ordered_stage<F>(
    mut rx: mpsc::Receiver<Item>,
    tx: mpsc::Sender<Item>,
    stopping: CancellationToken,
    workers: usize,
    stage: F,
) where
    F: Fn(Item) -> Item + Clone + Send + 'static,
{
    if workers <= 1 {
        tokio::spawn(run_stage(rx, tx, stopping, stage));
        return;
    }
    let (mut inputs, mut outputs) = (Vec::new(), Vec::new());
    for _ in 0..workers {
        let (in_tx, in_rx) = mpsc::channel(READ_BATCH);
        let (out_tx, out_rx) = mpsc::channel(READ_BATCH);
        // A worker never stops on its own (the dealer does), so it passes on exactly
        // one item for each it is dealt and the turns stay in step.
        tokio::spawn(run_stage(
            in_rx,
            out_tx,
            CancellationToken::new(),
            stage.clone(),
        ));
        inputs.push(in_tx);
        outputs.push(out_rx);
    }
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(READ_BATCH);
        let mut turn = 0;
        while rx.recv_many(&mut batch, READ_BATCH).await > 0 {
            for item in batch.drain(..) {
                if stopping.is_cancelled() && !matches!(item, Item::Marker(_)) {
                    continue;
                }
                if inputs[turn].send(item).await.is_err() {
                    return;
                }
                turn = (turn + 1) % inputs.len();
            }
        }
    });
    tokio::spawn(async move {
        let mut turn = 0;
        // The worker whose turn it is has closed only once everything dealt to it has
        // been collected, and the dealer has stopped: the stage is done.
        while let Some(item) = outputs[turn].recv().await {
            if tx.send(item).await.is_err() {
                return;
            }
            turn = (turn + 1) % outputs.len();
        }
    });
}

/// Parse stage: reads the file, decodes it and parses its structure. A file that cannot
/// be read or decoded becomes a draft with an `error`, never a stopped pipeline.
fn read_and_parse(job: Job, limit: u64) -> Item {
    let path = match job {
        Job::Path(path) => path,
        Job::Gone(path) => return Item::Missing(path),
        Job::Marker(marker) => return Item::Marker(marker),
    };
    let failed = |stamp, hash: Option<String>, error: String| {
        let record = ArticleRecord {
            path: display(&path),
            content_hash: hash,
            error: Some(error),
            ..Default::default()
        };
        Item::File(Box::new(Draft {
            path: path.clone(),
            stamp,
            record,
            unchanged: false,
            for_signature: SignatureInput::Text,
            signature: None,
        }))
    };
    let (stamp, bytes) = match reader::read(&path, limit) {
        Ok(read) => read,
        Err(ReadError::Missing) => return Item::Missing(path),
        Err(ReadError::NotRegular(what)) => {
            // A file replaced by a link or a FIFO is no longer an article.
            info!(path = %path.display(), reason = %format!("not a regular file: {what}"), "skipped");
            return Item::Missing(path);
        }
        Err(e @ ReadError::TooLarge { stamp, .. }) => {
            return failed(Some(stamp), None, e.to_string());
        }
        Err(ReadError::Io(e)) => return failed(None, None, format!("read: {e}")),
    };
    let record = match decode_and_parse(&path, &bytes) {
        Ok(record) => record,
        Err(error) => {
            return failed(
                Some(stamp),
                Some(blake3::hash(&bytes).to_hex().to_string()),
                error,
            );
        }
    };
    Item::File(Box::new(Draft {
        path,
        stamp: Some(stamp),
        record,
        unchanged: false,
        for_signature: SignatureInput::Text,
        signature: None,
    }))
}

/// Everything the stages compute from a file's bytes, in one call, without the store:
/// for the evaluation and the benchmarks. A file that cannot be decoded gets `error`.
pub fn analyse(path: &Path, bytes: &[u8], gazetteer: &Gazetteer) -> ArticleRecord {
    let mut record = match decode_and_parse(path, bytes) {
        Ok(record) => record,
        Err(error) => return failed(path, error),
    };
    let for_signature = extract_into(&mut record, gazetteer);
    // The signature is computed as the stage does, and not kept: it is not a field.
    annotate_into(&mut record, for_signature);
    record
}

/// The parse and extract stages alone over a file's bytes: decoding, structure,
/// entities, quotes, dates and numbers, without the content hash and the annotations.
/// What the extraction benchmark times.
pub fn parse_and_extract(path: &Path, bytes: &[u8], gazetteer: &Gazetteer) -> ArticleRecord {
    let mut record = match parse_file(path, bytes) {
        Ok(record) => record,
        Err(error) => return failed(path, error),
    };
    extract_into(&mut record, gazetteer);
    record
}

fn failed(path: &Path, error: String) -> ArticleRecord {
    ArticleRecord {
        path: display(path),
        error: Some(error),
        ..Default::default()
    }
}

/// Decodes and parses a file's bytes into a draft record with its content hash.
fn decode_and_parse(path: &Path, bytes: &[u8]) -> Result<ArticleRecord, String> {
    let mut record = parse_file(path, bytes)?;
    record.content_hash = Some(content_hash(record.title.as_deref(), &record.body));
    Ok(record)
}

/// Decodes and parses a file's bytes into a draft record, without its content hash.
fn parse_file(path: &Path, bytes: &[u8]) -> Result<ArticleRecord, String> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let parsed = if matches!(ext.as_deref(), Some("html" | "htm")) {
        parse::parse_html(&text::decode_html(bytes).map_err(|e| e.to_string())?.text)
    } else {
        parse::parse(&text::decode(bytes).map_err(|e| e.to_string())?.text)
    };
    Ok(ArticleRecord {
        path: display(path),
        title: parsed.title,
        published: parsed.published,
        outlet: parsed.outlet,
        dateline: parsed.dateline,
        authors: parsed.authors,
        sources: parsed.sources,
        body: parsed.body,
        ..Default::default()
    })
}

/// Fills in what extraction finds; returns what the signature is computed from.
fn extract_into(r: &mut ArticleRecord, gazetteer: &Gazetteer) -> SignatureInput {
    let found = extract::extract(
        r.title.as_deref(),
        &r.body,
        r.published.as_deref(),
        r.dateline.as_deref(),
        gazetteer,
    );
    (r.entities, r.quotes, r.dates, r.numbers) =
        (found.entities, found.quotes, found.dates, found.numbers);
    for source in found.sources {
        if !r.sources.contains(&source) {
            r.sources.push(source);
        }
    }
    found.for_signature
}

/// Sets the language and returns the near-duplicate signature, both of the title and
/// body; the signature as the extract stage left it (`input`).
fn annotate_into(r: &mut ArticleRecord, input: SignatureInput) -> Option<Signature> {
    let text = annotate::annotated_text(r.title.as_deref(), &r.body);
    r.language = annotate::language(&text).map(str::to_owned);
    match input {
        SignatureInput::Done(signature) => signature.map(|s| *s),
        SignatureInput::Lower(lower) => Signature::of_modern_lowercase(&lower),
        SignatureInput::Text => Signature::of(&text),
    }
}

/// The hex BLAKE3 of an article's canonical text: its title, then its body, what a
/// reader reads without the boilerplate a copy picked up on its way.
pub fn content_hash(title: Option<&str>, body: &str) -> String {
    let text = format!("{}\n{}", title.unwrap_or(""), body);
    blake3::hash(text::canonical_key(&text).as_bytes())
        .to_hex()
        .to_string()
}

/// Dedupe stage: marks a file whose content is already stored for its path, so the
/// later stages skip it and the writer only refreshes its stamp. Whether a new content
/// duplicates another article is decided at commit, where the hash index is exact.
fn dedupe(item: Item, store: &Store) -> Item {
    let Item::File(mut draft) = item else {
        return item;
    };
    if draft.record.error.is_none()
        && let Ok(Some(entry)) = store.entry(&draft.path)
    {
        draft.unchanged = entry.active && !entry.failed && entry.hash == draft.record.content_hash;
    }
    Item::File(draft)
}

fn extract_one(item: Item, gazetteer: &Gazetteer) -> Item {
    let Item::File(mut draft) = item else {
        return item;
    };
    if draft.record.error.is_none() && !draft.unchanged {
        draft.for_signature = extract_into(&mut draft.record, gazetteer);
    }
    Item::File(draft)
}

fn annotate_one(item: Item) -> Item {
    let Item::File(mut draft) = item else {
        return item;
    };
    if draft.record.error.is_none() && !draft.unchanged {
        let input = std::mem::take(&mut draft.for_signature);
        draft.signature = annotate_into(&mut draft.record, input);
    }
    Item::File(draft)
}

/// The writer: commits batches, flushes them, then logs each change. It is the only
/// task that writes to the store.
async fn write(
    mut rx: mpsc::Receiver<Item>,
    store: Arc<Store>,
    settings: PipelineSettings,
) -> Result<Tally, StoreError> {
    let mut total = Tally::default();
    let mut since_marker = Tally::default();
    let mut batch: Vec<Incoming> = Vec::with_capacity(settings.batch_size);
    let mut markers: Vec<Marker> = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        // Take what is already waiting, up to a batch; a marker closes the batch.
        while let Some(item) = next.take() {
            match item {
                Item::File(draft) => batch.push(Incoming::File {
                    signature: draft.signature.map(Box::new),
                    path: draft.path,
                    stamp: draft.stamp,
                    draft: Box::new(draft.record),
                }),
                Item::Missing(path) => batch.push(Incoming::Missing { path }),
                Item::Marker(marker) => {
                    markers.push(marker);
                    break;
                }
            }
            if batch.len() < settings.batch_size {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            let items = std::mem::take(&mut batch);
            let (store, limit) = (store.clone(), settings.journal_limit);
            let changes = tokio::task::spawn_blocking(move || store.commit(&items, &now(), limit))
                .await
                .expect("commit task panicked")?;
            for change in &changes {
                log_change(change);
                total.add(change.kind);
                since_marker.add(change.kind);
            }
            if !changes.is_empty() {
                let _ = sd_notify::notify(&[sd_notify::NotifyState::Status(&format!(
                    "committed since start: {total}"
                ))]);
            }
        }
        for marker in markers.drain(..) {
            let t = std::mem::take(&mut since_marker);
            info!(
                scan = marker.scan,
                added = t.get(ChangeKind::Added),
                updated = t.get(ChangeKind::Updated),
                duplicate = t.get(ChangeKind::Duplicate),
                removed = t.get(ChangeKind::Removed),
                failed = t.get(ChangeKind::Failed),
                "scan committed"
            );
        }
    }
    Ok(total)
}

/// One status-log line per change, naming the file.
fn log_change(c: &Change) {
    match c.kind {
        ChangeKind::Added => info!(path = %c.path, id = c.id, version = c.version, "added"),
        ChangeKind::Updated => info!(path = %c.path, id = c.id, version = c.version, "updated"),
        ChangeKind::Duplicate => {
            info!(path = %c.path, id = c.id, of = c.detail.as_deref().unwrap_or("?"), "duplicate")
        }
        ChangeKind::Removed => info!(path = %c.path, id = c.id, "removed"),
        ChangeKind::Failed => {
            warn!(path = %c.path, id = c.id, error = c.detail.as_deref().unwrap_or("?"), "failed")
        }
    }
}

/// The current time as RFC 3339, to the second, in UTC.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn display(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(i: usize) -> Item {
        Item::Missing(PathBuf::from(i.to_string()))
    }

    fn label(item: &Item) -> String {
        match item {
            Item::Missing(path) => path.display().to_string(),
            Item::Marker(m) => m.scan.to_owned(),
            Item::File(d) => d.path.display().to_string(),
        }
    }

    /// Runs `items` through an ordered stage of `workers` whose work takes longer for
    /// some items than others, and returns what leaves it, in order.
    async fn through_ordered_stage(
        items: Vec<Item>,
        workers: usize,
        stopping: CancellationToken,
    ) -> Vec<String> {
        let (in_tx, in_rx) = mpsc::channel(4);
        let (out_tx, mut out_rx) = mpsc::channel(4);
        spawn_ordered_stage(in_rx, out_tx, stopping, workers, |item| {
            if let Item::Missing(path) = &item {
                let n: u64 = path.display().to_string().parse().unwrap();
                std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 500));
            }
            item
        });
        let feeder = tokio::spawn(async move {
            for item in items {
                in_tx.send(item).await.unwrap();
            }
        });
        let mut out = Vec::new();
        let collect = async {
            while let Some(item) = out_rx.recv().await {
                out.push(label(&item));
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), collect)
            .await
            .expect("the stage ends once its input is closed");
        feeder.await.unwrap();
        out
    }

    /// The signature from the text the extract stage lowercased is the signature of the
    /// title and body themselves, whatever their case and tone-mark placement.
    #[test]
    fn the_signature_from_the_extractors_text_is_the_texts_own() {
        let gazetteer = Gazetteer::bundled();
        let files: Vec<PathBuf> = crate::sample_files()
            .into_iter()
            .filter(|path| {
                matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("txt" | "html")
                )
            })
            .collect();
        assert!(files.len() > 100, "{} files", files.len());
        let crafted = [
            "HOÀ BÌNH: bà Thuỳ và ông Khuỳnh ở Thanh Hoá\n\nUỶ BAN nói: hoà, hòa, thủy, thuỷ, \
             Quỳ, QUỲ, khoẻ, KHOẺ, loè loẹt.",
            "Tiêu đề\n\nİstanbul và ΣΟΦΊΑ: chữ hoa đổi độ dài khi viết thường, hoà giải.",
            "Thuỳ Linh và Thuỷ Tiên\n\nBà Thuỳ nói hoa\u{300} bình ở Khánh Hoà, uỹ, khoẽ.",
            "Ông Kim Sang-sik và M.K. Stalin ở TP.HCM\n\nO'Neil gửi e-mail’s, số 1.000,5 \
             ngày 11/2, x-y-z, bà O’Hara.",
        ];
        let mut texts: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
            .collect();
        texts.extend(
            crafted
                .iter()
                .map(|t| ("crafted.txt".to_owned(), t.as_bytes().to_vec())),
        );
        for (name, bytes) in texts {
            let Ok(mut record) = parse_file(Path::new(&name), &bytes) else {
                continue;
            };
            let input = extract_into(&mut record, &gazetteer);
            let text = annotate::annotated_text(record.title.as_deref(), &record.body);
            assert_eq!(
                annotate_into(&mut record, input),
                Signature::of(&text),
                "{name}"
            );
        }
    }

    /// Numbered files with a marker among them and one at the end.
    fn sample(files: usize) -> Vec<Item> {
        let mut items: Vec<Item> = (0..files).map(numbered).collect();
        items.insert(files / 3, Item::Marker(Marker { scan: "middle" }));
        items.push(Item::Marker(Marker { scan: "end" }));
        items
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 3)]
    async fn an_ordered_stage_keeps_the_order_whatever_each_item_costs() {
        let expected: Vec<String> = sample(200).iter().map(label).collect();
        for workers in [1, 2, 3, 5] {
            let out = through_ordered_stage(sample(200), workers, CancellationToken::new()).await;
            assert_eq!(out, expected, "{workers} workers");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stopping_ordered_stage_passes_only_markers_and_ends() {
        let stopping = CancellationToken::new();
        stopping.cancel();
        let out = through_ordered_stage(sample(50), 2, stopping).await;
        assert_eq!(out, ["middle", "end"]);
    }
}
