//! The sled store. This is the only module that knows about sled.
//!
//! Trees:
//! - `articles`: id (u64, big-endian) → [`ArticleRecord`]
//! - `paths`: path bytes → [`PathEntry`] in a compact binary form: the path index, with
//!   the file's stamp (read for every file on each rescan, so it is cheap to decode)
//! - `hashes`: content hash → ids of the active, readable articles with it, oldest first
//! - `journal`: sequence number (u64, big-endian) → [`Change`]
//! - `meta`: schema version and counters
//! - `links`: id → [`Links`]: an active, readable article's MinHash signature and near
//!   duplicates, with its own path and content hash. Kept apart from the record, so
//!   that linking a new article to its neighbours reads and rewrites these small
//!   entries, not their whole records; the signature is here, not in a tree of its own,
//!   as it is read and written with them (one key fewer per article, schema 6).
//!
//! Every value but path entries is MessagePack ([`encode`], [`decode`]),
//! structs as arrays of their fields: a record is a quarter smaller than in JSON and is
//! written and read without escaping its text, and the record's bytes are most of what
//! a commit costs (sled rewrites whole nodes of sixteen records as they fill and
//! split). Values written as JSON before schema 5 are read as they are and rewritten in
//! MessagePack when next written.
//!
//! The near-duplicate candidate index (LSH bands) is held in memory, see [`near`], and
//! saved beside the trees at a clean stop, see [`near_file`].
//!
//! [`Store::commit`] writes a batch in one transaction across all trees, so a crash
//! never leaves half an article, and flushes it before returning the changes, so a
//! change that is reported is on disk. sled may re-run a transaction's closure: the
//! closure does no I/O and keeps all its state local.

mod near;
mod near_file;

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree, abort};
use sled::{Transactional, Tree};

use crate::annotate::{NEAR_DUPLICATE, Signature};
use crate::reader::FileStamp;
use crate::record::{ArticleRecord, Change, ChangeKind, NearDuplicate, Status};
use near::{NearIndex, Op};

/// 2: path entries binary instead of JSON.
/// 3: near-duplicate links in their own tree instead of inside the records.
/// 4: signatures hashed from their words' hashes (recomputed from the records).
/// 5: values in MessagePack instead of JSON (those already written are read as they are).
/// 6: signatures inside the links, not in a `signatures` tree of their own.
/// Older stores are migrated on open.
pub const SCHEMA_VERSION: u32 = 6;

/// The page cache's default size. sled's own default (1 GB) let memory grow with the
/// store, several times the cache's nominal size; this one keeps a large backlog's
/// peak memory near half of that for the same speed (BENCHMARKS.md).
pub const DEFAULT_CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// The near-duplicate index's file in the store's folder, written at a clean stop.
const NEAR_FILE: &str = "near-index";

/// The tree schemas 5 and before kept the signatures in.
const SIGNATURES: &str = "signatures";

/// Where a start's near-duplicate index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NearSource {
    File,
    Signatures,
}

pub struct Store {
    db: sled::Db,
    articles: Tree,
    paths: Tree,
    hashes: Tree,
    journal: Tree,
    meta: Tree,
    links: Tree,
    /// Read from its file or built from the signatures in `links` by the first commit
    /// that needs it.
    near: Mutex<Option<NearIndex>>,
    dir: PathBuf,
    cache_bytes: u64,
}

/// What the path index knows of a file, enough to skip it when nothing changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathEntry {
    pub id: u64,
    /// Size and mtime when last read; `None` when it could not be taken.
    pub stamp: Option<FileStamp>,
    pub hash: Option<String>,
    pub active: bool,
    pub failed: bool,
}

impl PathEntry {
    const ACTIVE: u8 = 1;
    const FAILED: u8 = 2;
    const STAMP: u8 = 4;
    const HASH: u8 = 8;

    /// Flags byte, id (u64 LE), then size and mtime (LE) when stamped, then the hash's
    /// bytes when it has one.
    fn to_bytes(&self) -> Vec<u8> {
        let hash = self.hash.as_deref().unwrap_or("");
        let mut out = Vec::with_capacity(25 + hash.len());
        let flags = [
            (self.active, Self::ACTIVE),
            (self.failed, Self::FAILED),
            (self.stamp.is_some(), Self::STAMP),
            (self.hash.is_some(), Self::HASH),
        ]
        .iter()
        .fold(0, |acc, &(on, bit)| if on { acc | bit } else { acc });
        out.push(flags);
        out.extend_from_slice(&self.id.to_le_bytes());
        if let Some(stamp) = self.stamp {
            out.extend_from_slice(&stamp.size.to_le_bytes());
            out.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
        }
        out.extend_from_slice(hash.as_bytes());
        out
    }

    fn from_bytes(bytes: &[u8]) -> Result<PathEntry, StoreError> {
        let corrupt = |reason: &str| StoreError::Corrupt {
            tree: "paths",
            reason: reason.to_owned(),
        };
        let (&flags, rest) = bytes.split_first().ok_or_else(|| corrupt("empty entry"))?;
        if flags & !(Self::ACTIVE | Self::FAILED | Self::STAMP | Self::HASH) != 0 {
            return Err(corrupt("unknown flags"));
        }
        let word = |rest: &[u8], at: usize| -> Result<[u8; 8], StoreError> {
            rest.get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| corrupt("entry too short"))
        };
        let id = u64::from_le_bytes(word(rest, 0)?);
        let (stamp, tail) = if flags & Self::STAMP != 0 {
            let stamp = FileStamp {
                size: u64::from_le_bytes(word(rest, 8)?),
                mtime_ns: i64::from_le_bytes(word(rest, 16)?),
            };
            (Some(stamp), &rest[24..])
        } else {
            (None, &rest[8..])
        };
        let hash = if flags & Self::HASH != 0 {
            let hash = std::str::from_utf8(tail).map_err(|_| corrupt("hash is not UTF-8"))?;
            Some(hash.to_owned())
        } else if tail.is_empty() {
            None
        } else {
            return Err(corrupt("trailing bytes"));
        };
        Ok(PathEntry {
            id,
            stamp,
            hash,
            active: flags & Self::ACTIVE != 0,
            failed: flags & Self::FAILED != 0,
        })
    }
}

/// What near-duplicate linking needs of an active article that has a signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Links {
    path: String,
    content_hash: Option<String>,
    /// The most similar first, at most [`MAX_NEAR`].
    near: Vec<Link>,
    /// The article's signature, as [`Signature::to_bytes`] gives it. Links written
    /// before schema 6 have none until the migration on open gives them theirs.
    #[serde(default, with = "serde_bytes")]
    signature: Vec<u8>,
}

impl Links {
    fn signature(&self) -> Option<Signature> {
        Signature::from_bytes(&self.signature)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Link {
    id: u64,
    /// An article's path never changes: a moved file is a new article.
    path: String,
    similarity: f32,
}

/// One item for [`Store::commit`].
#[derive(Debug, Clone)]
pub enum Incoming {
    /// A file that was read: `draft` carries its path, content hash and content fields,
    /// or its `error`. The store fills in identity, version, status and times.
    File {
        path: PathBuf,
        stamp: Option<FileStamp>,
        draft: Box<ArticleRecord>,
        /// For near-duplicate detection; `None` when the text has none.
        signature: Option<Box<Signature>>,
    },
    /// The path no longer exists: it, and every article below it, is removed.
    Missing { path: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("open store {}: it is in use by another process", path.display())]
    Locked { path: PathBuf },
    #[error("open store {}: schema version {found}, this articled reads version {expected}", path.display())]
    Schema {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("open store {}: {}", path.display(), describe(error))]
    Open { path: PathBuf, error: sled::Error },
    #[error("open store {}: not a folder", path.display())]
    NotAFolder { path: PathBuf },
    /// Not `#[from]`: sled's own text would be repeated as the cause.
    #[error("store: {}", describe(.0))]
    Sled(sled::Error),
    #[error("store: corrupt entry in {tree}: {reason}")]
    Corrupt { tree: &'static str, reason: String },
    #[error("near-duplicate index file {}: {error}", path.display())]
    NearFile {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Counts by status, for `status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: u64,
    pub active: u64,
    pub removed: u64,
    pub duplicates: u64,
    pub failed: u64,
}

/// Removes the snapshots sled left half-written in store folder `dir`.
///
/// sled writes a snapshot of where its pages are each time it opens a store: into
/// `snap.<lsn>.generating`, renamed `snap.<lsn>` once whole and on disk, before the
/// older one is removed. A stop in between (power lost, or the daemon killed while
/// its stop reopens the store) leaves the `.generating` file, which sled 0.34 then
/// takes for the newest snapshot: torn, it refuses the whole store as corrupt. Without
/// it, sled reads the older snapshot and the log after it, as after a crash before the
/// write began. Only while no other process holds the store (sled's lock, taken here
/// the way sled takes it): one that does may be writing its snapshot now.
fn remove_torn_snapshots(dir: &Path) -> std::io::Result<()> {
    let db = match std::fs::File::open(dir.join("db")) {
        Ok(db) => db,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if db.try_lock().is_err() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(&path)?;
            tracing::warn!(
                path = %path.display(),
                "removed a store snapshot left half-written by an earlier stop"
            );
        }
    }
    Ok(())
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with_cache(dir, DEFAULT_CACHE_BYTES)
    }

    /// Opens with a page cache of `cache_bytes` ([`DEFAULT_CACHE_BYTES`] in `open`).
    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<Store, StoreError> {
        let open_err = |error| StoreError::Open {
            path: dir.to_owned(),
            error,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(StoreError::NotAFolder {
                path: dir.to_owned(),
            });
        }
        // A new store is the owner's only: it holds the articles and the control socket.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| open_err(e.into()))?;
        remove_torn_snapshots(dir).map_err(|e| open_err(e.into()))?;
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(cache_bytes)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked {
                        path: dir.to_owned(),
                    }
                }
                e => open_err(e),
            })?;
        let store = Store {
            articles: db.open_tree("articles")?,
            paths: db.open_tree("paths")?,
            hashes: db.open_tree("hashes")?,
            journal: db.open_tree("journal")?,
            meta: db.open_tree("meta")?,
            links: db.open_tree("links")?,
            near: Mutex::new(None),
            db,
            dir: dir.to_owned(),
            cache_bytes,
        };
        // Stores written before the band index moved to memory kept it in this tree.
        store.db.drop_tree("bands")?;
        match store.meta.get("schema_version")? {
            None => {
                store
                    .meta
                    .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())?;
                store.db.flush()?;
            }
            Some(v) => {
                let found =
                    u32::from_be_bytes(v.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                        tree: "meta",
                        reason: "schema_version is not 4 bytes".into(),
                    })?);
                if found > SCHEMA_VERSION || found == 0 {
                    return Err(StoreError::Schema {
                        path: dir.to_owned(),
                        found,
                        expected: SCHEMA_VERSION,
                    });
                }
                if found < 2 {
                    store.migrate_paths_from_json()?;
                }
                if found < 6 {
                    // Schemas 5 and before kept the signatures in a tree of their own.
                    let signatures = store.db.open_tree(SIGNATURES)?;
                    if found < 3 {
                        store.migrate_links_out_of_records(&signatures)?;
                    }
                    if found < 4 {
                        store.recompute_signatures(&signatures)?;
                    }
                    store.move_signatures_into_links(&signatures)?;
                    drop(signatures);
                    store.db.flush()?;
                    store.db.drop_tree(SIGNATURES)?;
                }
                if found < SCHEMA_VERSION {
                    store
                        .meta
                        .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())?;
                    store.db.flush()?;
                }
            }
        }
        Ok(store)
    }

    /// Closes the store and opens it once more, which makes sled write a snapshot of
    /// where its pages are. sled 0.34 writes one only when it opens a store: without
    /// it, the next start reads back every log segment written since this one began
    /// (the whole store after a large backlog, and from disk after a reboot); with it,
    /// only what was written after the snapshot. It costs this stop about what it
    /// saves the next start. `None` when some other part still holds the store.
    ///
    /// The near-duplicate index is saved first, so the next start need not rebuild it
    /// (see `near_file`); should that fail, it is rebuilt, and the failure is logged.
    pub fn checkpoint(store: std::sync::Arc<Store>) -> Option<Result<(), StoreError>> {
        let store = std::sync::Arc::into_inner(store)?;
        if let Err(e) = store.save_near_index() {
            tracing::warn!(error = %e, "near-duplicate index not saved: the next start rebuilds it");
        }
        let (dir, cache) = (store.dir.clone(), store.cache_bytes);
        drop(store);
        Some(Store::reopen(&dir, cache).map(drop))
    }

    /// Opens a store just closed. sled releases its file lock from a background thread
    /// a moment after the last handle goes (spacejam/sled#1234), so a `Locked` is
    /// waited out for up to two seconds. Any other result is returned at once.
    fn reopen(dir: &Path, cache_bytes: u64) -> Result<Store, StoreError> {
        for _ in 0..40 {
            match Store::open_with_cache(dir, cache_bytes) {
                Err(StoreError::Locked { .. }) => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                other => return other,
            }
        }
        Store::open_with_cache(dir, cache_bytes)
    }

    /// Schema 1 → 2: path entries from JSON to their binary form. An interrupted
    /// migration resumes on the next open, as a JSON entry starts with `{` and a binary
    /// one with a flags byte below it.
    fn migrate_paths_from_json(&self) -> Result<(), StoreError> {
        self.migrate(&self.paths, &self.paths, |_, v| {
            if v.first() != Some(&b'{') {
                return Ok(None);
            }
            Ok(Some(decode::<PathEntry>("paths", v)?.to_bytes()))
        })
    }

    /// Schema 2 → 3: each article with a signature gets its [`Links`], from the near
    /// duplicates its record lists. The lists left in the records are ignored from then
    /// on. An interrupted migration is simply run again.
    fn migrate_links_out_of_records(&self, signatures: &Tree) -> Result<(), StoreError> {
        self.migrate(signatures, &self.links, |id, _| {
            let Some(record) = self.articles.get(id)? else {
                return Ok(None);
            };
            let record: ArticleRecord = decode("articles", &record)?;
            let mut near = Vec::with_capacity(record.near_duplicates.len());
            for n in record.near_duplicates {
                if let Some(entry) = self.entry(Path::new(&n.path))? {
                    near.push(Link {
                        id: entry.id,
                        path: n.path,
                        similarity: n.similarity,
                    });
                }
            }
            let links = Links {
                path: record.path,
                content_hash: record.content_hash,
                near,
                signature: Vec::new(),
            };
            Ok(Some(encode(&links)))
        })
    }

    /// Schema 3 → 4: shingles are hashed otherwise, so each stored signature is worked
    /// out again from its record. The links already found are kept. An interrupted
    /// migration is simply run again.
    fn recompute_signatures(&self, signatures: &Tree) -> Result<(), StoreError> {
        self.migrate(signatures, signatures, |id, _| {
            let Some(record) = self.articles.get(id)? else {
                return Ok(None);
            };
            let record: ArticleRecord = decode("articles", &record)?;
            let text = crate::annotate::annotated_text(record.title.as_deref(), &record.body);
            Ok(Signature::of(&text).map(|s| s.to_bytes()))
        })
    }

    /// Schema 5 → 6: each signature into its article's [`Links`]. Every article with a
    /// signature has links; should one not, they are made from its record, with no
    /// near duplicates. The `signatures` tree is dropped once this is flushed; until
    /// then an interrupted migration is simply run again.
    fn move_signatures_into_links(&self, signatures: &Tree) -> Result<(), StoreError> {
        self.migrate(signatures, &self.links, |id, signature| {
            let links = match self.links.get(id)? {
                Some(bytes) => decode::<Links>("links", &bytes)?,
                None => {
                    let Some(record) = self.articles.get(id)? else {
                        return Ok(None);
                    };
                    let record: ArticleRecord = decode("articles", &record)?;
                    Links {
                        path: record.path,
                        content_hash: record.content_hash,
                        near: Vec::new(),
                        signature: Vec::new(),
                    }
                }
            };
            Ok(Some(encode(&Links {
                signature: signature.to_vec(),
                ..links
            })))
        })
    }

    /// Writes into `target`, under the same key, what `convert` makes of each entry of
    /// `source` (nothing for `None`). In batches, so memory stays flat however large
    /// the store.
    fn migrate(
        &self,
        source: &Tree,
        target: &Tree,
        mut convert: impl FnMut(&[u8], &[u8]) -> Result<Option<Vec<u8>>, StoreError>,
    ) -> Result<(), StoreError> {
        const BATCH: usize = 4096;
        let mut batch = sled::Batch::default();
        let mut pending = 0;
        for kv in source.iter() {
            let (k, v) = kv?;
            let Some(value) = convert(&k, &v)? else {
                continue;
            };
            batch.insert(k, value);
            pending += 1;
            if pending == BATCH {
                target.apply_batch(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        target.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path index entry for `path`, if the store has seen it.
    pub fn entry(&self, path: &Path) -> Result<Option<PathEntry>, StoreError> {
        self.paths
            .get(path_key(path))?
            .map(|v| PathEntry::from_bytes(&v))
            .transpose()
    }

    /// Active entries below the folder `root`, in path order.
    pub fn active_under(&self, root: &Path) -> Result<Vec<(PathBuf, PathEntry)>, StoreError> {
        let mut all = self.all_under(root)?;
        all.retain(|(_, entry)| entry.active);
        Ok(all)
    }

    /// The stamps of the active entries below the folder `root`, by path bytes: what a
    /// rescan compares the folder with.
    pub fn active_stamps_under(
        &self,
        root: &Path,
    ) -> Result<FxHashMap<Vec<u8>, Option<FileStamp>>, StoreError> {
        let mut out = FxHashMap::default();
        for kv in self.paths.scan_prefix(folder_prefix(root)) {
            let (k, v) = kv?;
            let entry = PathEntry::from_bytes(&v)?;
            if entry.active {
                out.insert(k.to_vec(), entry.stamp);
            }
        }
        Ok(out)
    }

    /// Every entry, active or removed, below the folder `root`, in path order.
    pub fn all_under(&self, root: &Path) -> Result<Vec<(PathBuf, PathEntry)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.paths.scan_prefix(folder_prefix(root)) {
            let (k, v) = kv?;
            out.push((
                PathBuf::from(std::ffi::OsStr::from_bytes(&k)),
                PathEntry::from_bytes(&v)?,
            ));
        }
        Ok(out)
    }

    /// Every record, in path order. Streams: the store is never loaded whole.
    pub fn records(&self) -> impl Iterator<Item = Result<ArticleRecord, StoreError>> + '_ {
        self.paths.iter().map(move |kv| {
            let (_, v) = kv?;
            let entry = PathEntry::from_bytes(&v)?;
            self.record(entry.id)?.ok_or_else(|| StoreError::Corrupt {
                tree: "paths",
                reason: format!("entry points to missing article {}", entry.id),
            })
        })
    }

    pub fn record(&self, id: u64) -> Result<Option<ArticleRecord>, StoreError> {
        let key = id.to_be_bytes();
        let Some(bytes) = self.articles.get(key)? else {
            return Ok(None);
        };
        let mut record: ArticleRecord = decode("articles", &bytes)?;
        record.near_duplicates = match self.links.get(key)? {
            Some(bytes) => decode::<Links>("links", &bytes)?
                .near
                .into_iter()
                .map(|l| NearDuplicate {
                    path: l.path,
                    similarity: l.similarity,
                })
                .collect(),
            None => Vec::new(),
        };
        Ok(Some(record))
    }

    pub fn record_by_path(&self, path: &Path) -> Result<Option<ArticleRecord>, StoreError> {
        match self.entry(path)? {
            Some(entry) => self.record(entry.id),
            None => Ok(None),
        }
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        // Read from the two small indexes, not the records: a path has one article for
        // life, its entry says whether it is active and failed, and the duplicates of
        // a content are the ids after the first in its `hashes` entry. Reading every
        // record (bodies and all) took seconds and, through sled's page cache, about a
        // gigabyte at 100,000 articles, inside the daemon when asked over the socket.
        let mut counts = Counts::default();
        for kv in self.paths.iter() {
            let (_, v) = kv?;
            let entry = PathEntry::from_bytes(&v)?;
            counts.articles += 1;
            if entry.active {
                counts.active += 1;
                counts.failed += u64::from(entry.failed);
            } else {
                counts.removed += 1;
            }
        }
        for kv in self.hashes.iter() {
            let (_, v) = kv?;
            let ids: Vec<u64> = decode("hashes", &v)?;
            counts.duplicates += ids.len().saturating_sub(1) as u64;
        }
        Ok(counts)
    }

    /// The `n` most recent journal entries, newest first.
    pub fn recent_changes(&self, n: usize) -> Result<Vec<Change>, StoreError> {
        self.journal
            .iter()
            .rev()
            .take(n)
            .map(|kv| decode("journal", &kv?.1))
            .collect()
    }

    /// Commits a batch atomically, flushes it, and returns what changed. Items that
    /// change nothing (a touched file with the same content) return no change.
    pub fn commit(
        &self,
        batch: &[Incoming],
        now: &str,
        journal_limit: u64,
    ) -> Result<Vec<Change>, StoreError> {
        // Transactions cannot scan, so the articles below a vanished folder are listed
        // first. Nothing else writes to the store, so the list stays true.
        let mut below: HashMap<usize, Vec<Vec<u8>>> = HashMap::new();
        for (i, item) in batch.iter().enumerate() {
            if let Incoming::Missing { path } = item {
                below.insert(
                    i,
                    self.active_under(path)?
                        .into_iter()
                        .map(|(p, _)| path_key(&p).to_vec())
                        .collect(),
                );
            }
        }
        let mut near = self.near_index()?;
        let index = near.as_mut().expect("loaded by near_index");
        let trees = (
            &self.articles,
            &self.paths,
            &self.hashes,
            &self.journal,
            &self.meta,
            &self.links,
        );
        let (changes, ops) = trees
            .transaction(|(articles, paths, hashes, journal, meta, links)| {
                let mut tx = Txn {
                    articles,
                    paths,
                    hashes,
                    journal,
                    meta,
                    links,
                    near: index,
                    near_ops: Vec::new(),
                    near_added: HashMap::new(),
                    records: HashMap::new(),
                    linked: HashMap::new(),
                    now,
                    changes: Vec::new(),
                };
                tx.apply(batch, &below)?;
                tx.finish()
            })
            .map_err(|e| match e {
                TransactionError::Abort(e) => e,
                TransactionError::Storage(e) => StoreError::Sled(e),
            })?;
        // Committed: the index follows, whether or not the flush below succeeds.
        for op in ops {
            index.apply(op);
        }
        drop(near);
        self.db.flush()?;
        self.prune_journal(journal_limit)?;
        Ok(changes)
    }

    /// The near-duplicate index, loaded by its first use.
    fn near_index(&self) -> Result<MutexGuard<'_, Option<NearIndex>>, StoreError> {
        let mut near = self.near.lock().unwrap_or_else(|e| e.into_inner());
        if near.is_none() {
            let started = std::time::Instant::now();
            let (index, from) = self.load_near_index()?;
            tracing::debug!(
                ms = started.elapsed().as_millis() as u64,
                ?from,
                "near-duplicate index loaded"
            );
            *near = Some(index);
        }
        Ok(near)
    }

    /// The near-duplicate index from the file a clean stop saved, while the store is
    /// as it was then; otherwise built from the stored signatures.
    fn load_near_index(&self) -> Result<(NearIndex, NearSource), StoreError> {
        let path = self.dir.join(NEAR_FILE);
        match near_file::load(&path, self.near_stamp()?) {
            Ok(Some(index)) => return Ok((index, NearSource::File)),
            Ok(None) => {}
            Err(e) => tracing::warn!(
                path = %path.display(),
                error = %e,
                "near-duplicate index file unreadable: the index is built from the signatures"
            ),
        }
        let mut index = near::Builder::default();
        for kv in self.links.iter() {
            let (id, bytes) = kv?;
            let id = be_u64(&id);
            let links: Links = decode("links", &bytes)?;
            let (Some(slot), Some(signature)) = (near::slot(id), links.signature()) else {
                continue;
            };
            for key in near::keys(&signature) {
                index.add(key, slot);
            }
        }
        Ok((index.finish(), NearSource::Signatures))
    }

    /// What the store is now, for the index file: its schema, the journal's last
    /// sequence number and the next article id.
    fn near_stamp(&self) -> Result<near_file::Stamp, StoreError> {
        let counter = |name: &str| -> Result<u64, StoreError> {
            Ok(self.meta.get(name)?.map_or(0, |v| be_u64(&v)))
        };
        Ok(near_file::Stamp {
            schema: SCHEMA_VERSION,
            seq: counter("next_seq")?,
            next_id: counter("next_id")?,
        })
    }

    /// Saves the near-duplicate index, if this run loaded it, for the next start.
    fn save_near_index(&self) -> Result<(), StoreError> {
        let mut near = self.near.lock().unwrap_or_else(|e| e.into_inner());
        let Some(index) = near.as_mut() else {
            return Ok(());
        };
        let stamp = self.near_stamp()?;
        let path = self.dir.join(NEAR_FILE);
        near_file::save(&path, index, stamp).map_err(|error| StoreError::NearFile { path, error })
    }

    fn prune_journal(&self, limit: u64) -> Result<(), StoreError> {
        let Some((last, _)) = self.journal.last()? else {
            return Ok(());
        };
        let last = be_u64(&last);
        if last <= limit {
            return Ok(());
        }
        let keep_from = (last - limit + 1).to_be_bytes();
        let mut old = sled::Batch::default();
        for kv in self.journal.range(..keep_from.as_slice()) {
            old.remove(kv?.0);
        }
        self.journal.apply_batch(old)?;
        Ok(())
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// One run of the commit transaction. Records read or written are cached here and
/// written once at the end; everything is local, so a re-run starts afresh.
struct Txn<'a> {
    articles: &'a TransactionalTree,
    paths: &'a TransactionalTree,
    hashes: &'a TransactionalTree,
    journal: &'a TransactionalTree,
    meta: &'a TransactionalTree,
    links: &'a TransactionalTree,
    /// The index as of the last commit; this batch's changes are in `near_ops`, and
    /// its additions also in `near_added` for look-ups.
    near: &'a NearIndex,
    near_ops: Vec<Op>,
    near_added: HashMap<u32, Vec<u32>>,
    records: HashMap<u64, (ArticleRecord, bool)>,
    /// Links read or written, `None` for none; like `records`, with a dirty flag.
    linked: HashMap<u64, (Option<Links>, bool)>,
    now: &'a str,
    changes: Vec<Change>,
}

impl Txn<'_> {
    fn apply(&mut self, batch: &[Incoming], below: &HashMap<usize, Vec<Vec<u8>>>) -> TxResult<()> {
        // Paths written by this batch, for a folder removed after files in it were added.
        let mut written: Vec<Vec<u8>> = Vec::new();
        for (i, item) in batch.iter().enumerate() {
            match item {
                Incoming::File {
                    path,
                    stamp,
                    draft,
                    signature,
                } => {
                    let key = path_key(path).to_vec();
                    self.file(&key, *stamp, draft, signature.as_deref())?;
                    written.push(key);
                }
                Incoming::Missing { path } => {
                    let key = path_key(path).to_vec();
                    let mut prefix = key.clone();
                    prefix.push(b'/');
                    let mut targets = vec![key];
                    targets.extend(below.get(&i).into_iter().flatten().cloned());
                    targets.extend(written.iter().filter(|k| k.starts_with(&prefix)).cloned());
                    targets.sort();
                    targets.dedup();
                    for key in targets {
                        self.missing(&key)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn file(
        &mut self,
        key: &[u8],
        stamp: Option<FileStamp>,
        draft: &ArticleRecord,
        signature: Option<&Signature>,
    ) -> TxResult<()> {
        let failed = draft.error.is_some();
        let entry = self.path_entry(key)?;
        // The stored article's identity, version and first sighting; the rest is the draft.
        let (id, version, first_seen, old_hash, kind) = match entry {
            Some(entry)
                if entry.active && entry.hash == draft.content_hash && entry.failed == failed =>
            {
                let same_error = !failed || self.record_ref(entry.id)?.error == draft.error;
                if same_error {
                    // Same content: a touch or a replay. Only the stamp is refreshed.
                    if entry.stamp != stamp {
                        self.put_path_entry(key, &PathEntry { stamp, ..entry })?;
                    }
                    return Ok(());
                }
                let stored = self.record_ref(entry.id)?;
                let (version, first_seen) = (stored.version + 1, stored.first_seen.clone());
                (entry.id, version, first_seen, None, ChangeKind::Updated)
            }
            Some(entry) => {
                let stored = self.record_ref(entry.id)?;
                let (version, first_seen) = (stored.version, stored.first_seen.clone());
                let old_hash = (entry.active && !entry.failed)
                    .then(|| entry.hash.clone())
                    .flatten();
                let (version, kind) = if entry.hash == draft.content_hash {
                    // Back after a removal, with the content it had.
                    (version, ChangeKind::Added)
                } else {
                    (version + 1, ChangeKind::Updated)
                };
                (entry.id, version, first_seen, old_hash, kind)
            }
            None => {
                let id = self.next("next_id")?;
                // A new id has no signature and no links yet: none are looked for.
                self.linked.insert(id, (None, false));
                (id, 1, self.now.to_owned(), None, ChangeKind::Added)
            }
        };
        let record = ArticleRecord {
            id,
            version,
            first_seen,
            status: Status::Active,
            updated_at: self.now.to_owned(),
            duplicate_of: None,
            ..draft.clone()
        };
        self.records.insert(id, (record, true));

        let new_hash = if failed {
            None
        } else {
            draft.content_hash.clone()
        };
        if let Some(old) = &old_hash
            && Some(old) != new_hash.as_ref()
        {
            self.unlink_hash(old, id)?;
        }
        if let Some(new) = &new_hash {
            self.link_hash(new, id)?;
        }
        let entry = PathEntry {
            id,
            stamp,
            hash: draft.content_hash.clone(),
            active: true,
            failed,
        };
        self.put_path_entry(key, &entry)?;
        self.link_near(id, if failed { None } else { signature })?;

        let record = self.record_ref(id)?;
        let (kind, detail) = match (&record.error, &record.duplicate_of) {
            (Some(error), _) => (ChangeKind::Failed, Some(error.clone())),
            (None, Some(original)) => (ChangeKind::Duplicate, Some(original.clone())),
            (None, None) => (kind, None),
        };
        let (path, version) = (record.path.clone(), record.version);
        self.journal_change(kind, path, id, version, detail)
    }

    fn missing(&mut self, key: &[u8]) -> TxResult<()> {
        let Some(entry) = self.path_entry(key)? else {
            return Ok(());
        };
        if !entry.active {
            return Ok(());
        }
        let mut record = self.record(entry.id)?;
        record.status = Status::Removed;
        record.updated_at = self.now.to_owned();
        record.duplicate_of = None;
        self.records.insert(entry.id, (record.clone(), true));
        if let (Some(hash), false) = (&entry.hash, entry.failed) {
            self.unlink_hash(hash, entry.id)?;
        }
        self.link_near(entry.id, None)?;
        self.put_path_entry(
            key,
            &PathEntry {
                active: false,
                ..entry
            },
        )?;
        self.journal(ChangeKind::Removed, &record, None)
    }

    /// Replaces article `id`'s signature in the LSH index by `signature` (or removes it)
    /// and links it both ways with the active articles it is near: those sharing a band
    /// and similar enough, other than its exact duplicates. Former neighbours that are
    /// no longer near lose their link to it. Only [`Links`] are read and written here,
    /// never a neighbour's record.
    fn link_near(&mut self, id: u64, signature: Option<&Signature>) -> TxResult<()> {
        let slot = near::slot(id);
        // A new id has no links yet (`file` says so): nothing is read for it.
        let (before, old) = match self.links_ref(id)? {
            Some(links) => (links.near.clone(), links.signature()),
            None => (Vec::new(), None),
        };
        if let (Some(old), Some(slot)) = (old, slot) {
            self.near_ops
                .extend(near::keys(&old).map(|key| Op::Remove(key, slot)));
        }
        let (my_path, my_hash) = {
            let me = self.record_ref(id)?;
            (me.path.clone(), me.content_hash.clone())
        };
        let mut near: Vec<(u64, f32, String)> = Vec::new();
        if let Some(signature) = signature {
            // Candidates may be stale (changed or removed since): each is checked
            // against its current signature below.
            let mut candidates: Vec<u64> = Vec::new();
            for key in near::keys(signature) {
                candidates.extend(self.near.get(key).map(u64::from));
                let added = self.near_added.entry(key).or_default();
                candidates.extend(added.iter().copied().map(u64::from));
                if let Some(slot) = slot {
                    added.push(slot);
                    self.near_ops.push(Op::Add(key, slot));
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for other in candidates.into_iter().filter(|&c| c != id) {
                // Only an active, readable article has links, and with them its
                // signature.
                let Some(links) = self.links_ref(other)? else {
                    continue;
                };
                let Some(theirs) = links.signature() else {
                    continue;
                };
                let similarity = signature.similarity(&theirs);
                if similarity >= NEAR_DUPLICATE && links.content_hash != my_hash {
                    near.push((other, similarity, links.path.clone()));
                }
            }
        }
        near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        near.truncate(MAX_NEAR);

        let mut mine = Vec::with_capacity(near.len());
        for (other, similarity, path) in near {
            let similarity = round2(similarity);
            let Some(mut links) = self.links(other)? else {
                continue;
            };
            links.near.retain(|n| n.id != id);
            links.near.push(Link {
                id,
                path: my_path.clone(),
                similarity,
            });
            links
                .near
                .sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.id.cmp(&b.id)));
            links.near.truncate(MAX_NEAR);
            self.linked.insert(other, (Some(links), true));
            mine.push(Link {
                id: other,
                path,
                similarity,
            });
        }
        for gone in before.iter().filter(|b| !mine.iter().any(|m| m.id == b.id)) {
            if let Some(mut links) = self.links(gone.id)? {
                links.near.retain(|n| n.id != id);
                self.linked.insert(gone.id, (Some(links), true));
            }
        }
        let links = signature.map(|signature| Links {
            path: my_path,
            content_hash: my_hash,
            near: mine,
            signature: signature.to_bytes(),
        });
        self.linked.insert(id, (links, true));
        Ok(())
    }

    fn links(&mut self, id: u64) -> TxResult<Option<Links>> {
        Ok(self.links_ref(id)?.cloned())
    }

    /// An article's links as this transaction sees them, read from the store once
    /// (as [`Txn::record_ref`] reads records): a candidate is compared without its
    /// signature and neighbours copied.
    fn links_ref(&mut self, id: u64) -> TxResult<Option<&Links>> {
        if !self.linked.contains_key(&id) {
            let links: Option<Links> = self.get_value(self.links, "links", &id.to_be_bytes())?;
            self.linked.insert(id, (links, false));
        }
        Ok(self.linked[&id].0.as_ref())
    }

    /// Adds `id` to the articles with `hash` and points every duplicate at the oldest.
    fn link_hash(&mut self, hash: &str, id: u64) -> TxResult<()> {
        let mut ids: Vec<u64> = self
            .get_value(self.hashes, "hashes", hash.as_bytes())?
            .unwrap_or_default();
        if let Err(at) = ids.binary_search(&id) {
            ids.insert(at, id);
        }
        self.regroup(hash, ids)
    }

    fn unlink_hash(&mut self, hash: &str, id: u64) -> TxResult<()> {
        let mut ids: Vec<u64> = self
            .get_value(self.hashes, "hashes", hash.as_bytes())?
            .unwrap_or_default();
        ids.retain(|&x| x != id);
        self.regroup(hash, ids)
    }

    fn regroup(&mut self, hash: &str, ids: Vec<u64>) -> TxResult<()> {
        if ids.is_empty() {
            self.hashes.remove(hash.as_bytes())?;
            return Ok(());
        }
        let original = self.record_ref(ids[0])?.path.clone();
        for (i, &id) in ids.iter().enumerate() {
            let want = (i > 0).then(|| original.clone());
            self.record_ref(id)?;
            let (record, dirty) = self.records.get_mut(&id).expect("read just above");
            if record.duplicate_of != want {
                record.duplicate_of = want;
                *dirty = true;
            }
        }
        self.put_value(self.hashes, hash.as_bytes(), &ids)
    }

    fn record(&mut self, id: u64) -> TxResult<ArticleRecord> {
        self.record_ref(id).cloned()
    }

    /// The article as this transaction sees it, read from the store once.
    fn record_ref(&mut self, id: u64) -> TxResult<&ArticleRecord> {
        if !self.records.contains_key(&id) {
            let Some(mut record) =
                self.get_value::<ArticleRecord>(self.articles, "articles", &id.to_be_bytes())?
            else {
                return abort(StoreError::Corrupt {
                    tree: "articles",
                    reason: format!("article {id} is missing"),
                });
            };
            // Schema 2 kept near duplicates here; they live in `links` now.
            record.near_duplicates.clear();
            self.records.insert(id, (record, false));
        }
        Ok(&self.records[&id].0)
    }

    fn journal(
        &mut self,
        kind: ChangeKind,
        record: &ArticleRecord,
        detail: Option<String>,
    ) -> TxResult<()> {
        let path = record.path.clone();
        self.journal_change(kind, path, record.id, record.version, detail)
    }

    fn journal_change(
        &mut self,
        kind: ChangeKind,
        path: String,
        id: u64,
        version: u32,
        detail: Option<String>,
    ) -> TxResult<()> {
        let seq = self.next("next_seq")?;
        let change = Change {
            seq,
            at: self.now.to_owned(),
            kind,
            path,
            id,
            version,
            detail,
        };
        self.put_value(self.journal, &seq.to_be_bytes(), &change)?;
        self.changes.push(change);
        Ok(())
    }

    /// Takes the next value of a counter in `meta`, starting at 1.
    fn next(&mut self, counter: &str) -> TxResult<u64> {
        let current = match self.meta.get(counter)? {
            Some(v) => be_u64(&v),
            None => 0,
        };
        self.meta.insert(counter, &(current + 1).to_be_bytes())?;
        Ok(current + 1)
    }

    /// Writes the records changed and returns the changes and the index's updates.
    fn finish(self) -> TxResult<(Vec<Change>, Vec<Op>)> {
        for (id, (record, dirty)) in &self.records {
            if *dirty {
                self.put_value(self.articles, &id.to_be_bytes(), record)?;
            }
        }
        for (id, (links, dirty)) in &self.linked {
            match (links, dirty) {
                (_, false) => {}
                (Some(links), true) => self.put_value(self.links, &id.to_be_bytes(), links)?,
                (None, true) => {
                    self.links.remove(&id.to_be_bytes())?;
                }
            }
        }
        Ok((self.changes, self.near_ops))
    }

    fn get_value<T: DeserializeOwned>(
        &self,
        tree: &TransactionalTree,
        name: &'static str,
        key: &[u8],
    ) -> TxResult<Option<T>> {
        match tree.get(key)? {
            Some(v) => match decode(name, &v) {
                Ok(value) => Ok(Some(value)),
                Err(e) => abort(e),
            },
            None => Ok(None),
        }
    }

    fn path_entry(&self, key: &[u8]) -> TxResult<Option<PathEntry>> {
        match self.paths.get(key)? {
            Some(v) => match PathEntry::from_bytes(&v) {
                Ok(entry) => Ok(Some(entry)),
                Err(e) => abort(e),
            },
            None => Ok(None),
        }
    }

    fn put_path_entry(&self, key: &[u8], entry: &PathEntry) -> TxResult<()> {
        self.paths.insert(key, entry.to_bytes())?;
        Ok(())
    }

    fn put_value<T: Serialize>(
        &self,
        tree: &TransactionalTree,
        key: &[u8],
        value: &T,
    ) -> TxResult<()> {
        tree.insert(key, encode(value))?;
        Ok(())
    }
}

/// At most this many near duplicates are listed per article, the most similar first.
const MAX_NEAR: usize = 10;

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

impl From<sled::Error> for StoreError {
    fn from(error: sled::Error) -> Self {
        StoreError::Sled(error)
    }
}

/// sled wraps an I/O error's debug form; people read what happened.
fn describe(error: &sled::Error) -> String {
    use std::io::ErrorKind;
    match error {
        sled::Error::Io(io) => match io.kind() {
            ErrorKind::StorageFull => "write failed: no space left on the device".into(),
            ErrorKind::PermissionDenied => "write failed: permission denied".into(),
            ErrorKind::ReadOnlyFilesystem => "write failed: read-only file system".into(),
            _ => format!("input/output error: {io}"),
        },
        other => other.to_string(),
    }
}

fn path_key(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}

/// The key prefix of every path below the folder `root`.
fn folder_prefix(root: &Path) -> Vec<u8> {
    let mut prefix = path_key(root).to_vec();
    if !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    prefix
}

/// A key or counter written as a big-endian `u64`; 0 when the bytes are not eight.
fn be_u64(bytes: &[u8]) -> u64 {
    u64::from_be_bytes(bytes.try_into().unwrap_or_default())
}

/// A value as the store keeps it: MessagePack, structs as arrays of their fields, so a
/// field added at the end with `#[serde(default)]` still reads from older values.
fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    rmp_serde::to_vec(value).expect("store values always serialise")
}

/// Reads a value [`encode`] wrote, or one written as JSON before schema 5. Every JSON
/// value the store wrote is an object or an array, so it opens with `{` or `[`; a
/// MessagePack array or map never does (those bytes are small positive integers).
fn decode<T: DeserializeOwned>(tree: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { tree, reason };
    match bytes.first() {
        Some(b'{' | b'[') => serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string())),
        _ => rmp_serde::from_slice(bytes).map_err(|e| corrupt(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Opens a store this test has just dropped (see [`Store::reopen`]).
    fn reopen(dir: &Path) -> Result<Store, StoreError> {
        Store::reopen(dir, DEFAULT_CACHE_BYTES)
    }

    /// An article of sixty sentences, and a rewrite of it with one sentence changed.
    fn article_and_rewrite() -> (String, String) {
        let base: String = (0..60)
            .map(|i| format!("câu thứ {i} của bài báo về đàm phán hòa bình. "))
            .collect();
        let rewrite = base.replace("câu thứ 7 ", "câu số bảy ");
        (base, rewrite)
    }

    fn draft(path: &str, text: &str) -> Incoming {
        Incoming::File {
            path: path.into(),
            stamp: Some(FileStamp {
                size: text.len() as u64,
                mtime_ns: 1,
            }),
            signature: Signature::of(text).map(Box::new),
            draft: Box::new(ArticleRecord {
                content_hash: Some(blake3::hash(text.as_bytes()).to_hex().to_string()),
                body: text.into(),
                path: path.into(),
                ..Default::default()
            }),
        }
    }

    /// Marks the store as written by an older articled, whose values the test writes.
    fn set_schema(store: &Store, version: u32) {
        store
            .meta
            .insert("schema_version", &version.to_be_bytes())
            .unwrap();
    }

    fn assert_schema_is_current(store: &Store) {
        let version = store.meta.get("schema_version").unwrap().unwrap();
        assert_eq!(version.as_ref(), SCHEMA_VERSION.to_be_bytes());
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str, u32, Option<&str>)> {
        changes
            .iter()
            .map(|c| (c.kind, c.path.as_str(), c.version, c.detail.as_deref()))
            .collect()
    }

    #[test]
    fn lifecycle_of_an_article_and_its_duplicates() {
        use ChangeKind::*;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let c = store
            .commit(
                &[draft("/in/a.txt", "one"), draft("/in/b.txt", "one")],
                "t1",
                100,
            )
            .unwrap();
        assert_eq!(
            kinds(&c),
            [
                (Added, "/in/a.txt", 1, None),
                (Duplicate, "/in/b.txt", 1, Some("/in/a.txt"))
            ]
        );

        // A replay changes nothing; an edit is version 2 and frees the duplicate.
        assert!(
            store
                .commit(&[draft("/in/a.txt", "one")], "t2", 100)
                .unwrap()
                .is_empty()
        );
        let c = store
            .commit(&[draft("/in/a.txt", "two")], "t3", 100)
            .unwrap();
        assert_eq!(kinds(&c), [(Updated, "/in/a.txt", 2, None)]);
        assert_eq!(
            store
                .record_by_path(Path::new("/in/b.txt"))
                .unwrap()
                .unwrap()
                .duplicate_of,
            None
        );

        // Removing a folder removes what is below it.
        let c = store
            .commit(&[Incoming::Missing { path: "/in".into() }], "t4", 100)
            .unwrap();
        assert_eq!(
            kinds(&c),
            [
                (Removed, "/in/a.txt", 2, None),
                (Removed, "/in/b.txt", 1, None)
            ]
        );
        let a = store
            .record_by_path(Path::new("/in/a.txt"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.status, a.first_seen.as_str(), a.updated_at.as_str()),
            (Status::Removed, "t1", "t4")
        );

        // Back with the content it had: added again, same version.
        let c = store
            .commit(&[draft("/in/a.txt", "two")], "t5", 100)
            .unwrap();
        assert_eq!(kinds(&c), [(Added, "/in/a.txt", 2, None)]);
        let counts = store.counts().unwrap();
        assert_eq!(
            counts,
            Counts {
                articles: 2,
                active: 1,
                removed: 1,
                duplicates: 0,
                failed: 0
            }
        );
    }

    #[test]
    fn near_duplicates_are_linked_both_ways_and_unlinked_when_they_drift_or_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let base: String = (0..60)
            .map(|i| format!("câu thứ {i} của bài báo về đàm phán hòa bình. "))
            .collect();
        let rewrite = base.replace("câu thứ 7 ", "câu số bảy ") + "Một câu mới thêm vào cuối.";
        let other: String = (0..60)
            .map(|i| format!("đoạn {i} nói về bóng đá và thể thao. "))
            .collect();
        store
            .commit(
                &[
                    draft("/a", &base),
                    draft("/b", &rewrite),
                    draft("/c", &other),
                    draft("/d", &base),
                ],
                "t",
                100,
            )
            .unwrap();
        let near = |p: &str| -> Vec<String> {
            let r = store.record_by_path(Path::new(p)).unwrap().unwrap();
            r.near_duplicates.iter().map(|n| n.path.clone()).collect()
        };
        // `/d` is an exact duplicate of `/a`: `duplicate_of`, not a near duplicate.
        assert_eq!(near("/a"), ["/b"]);
        assert_eq!(near("/b"), ["/a", "/d"]);
        assert_eq!(near("/d"), ["/b"]);
        assert!(near("/c").is_empty());
        let similarity = store
            .record_by_path(Path::new("/b"))
            .unwrap()
            .unwrap()
            .near_duplicates[0]
            .similarity;
        assert!((0.5..1.0).contains(&similarity), "{similarity}");

        store
            .commit(&[Incoming::Missing { path: "/d".into() }], "t", 100)
            .unwrap();
        assert_eq!(near("/b"), ["/a"]);
        store
            .commit(
                &[draft("/b", &other.replace("đoạn 3 ", "phần ba "))],
                "t",
                100,
            )
            .unwrap();
        assert!(near("/a").is_empty());
        assert_eq!(near("/b"), ["/c"]);
        assert_eq!(near("/c"), ["/b"]);
    }

    /// `/a`, and a near duplicate of it committed and then removed: its index entries
    /// are added, then taken out.
    fn commit_a_and_a_removed_neighbour(store: &Store, base: &str) {
        let neighbour = base.replace("câu thứ 9 ", "câu chín ");
        let batch = [draft("/a", base), draft("/gone", &neighbour)];
        store.commit(&batch, "t", 100).unwrap();
        let missing = Incoming::Missing {
            path: "/gone".into(),
        };
        store.commit(&[missing], "t", 100).unwrap();
    }

    /// The paths `/b` is near once committed with `text`.
    fn near_duplicates_of_b(store: &Store, text: &str) -> Vec<String> {
        store.commit(&[draft("/b", text)], "t", 100).unwrap();
        let b = store.record_by_path(Path::new("/b")).unwrap().unwrap();
        b.near_duplicates.into_iter().map(|n| n.path).collect()
    }

    /// The band index is memory only: a store opened again finds near duplicates of
    /// what an earlier run stored, and no longer offers what an earlier run removed.
    #[test]
    fn the_near_duplicate_index_is_rebuilt_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let (base, rewrite) = article_and_rewrite();
        commit_a_and_a_removed_neighbour(&Store::open(dir.path()).unwrap(), &base);
        let store = reopen(dir.path()).unwrap();
        assert_eq!(near_duplicates_of_b(&store, &rewrite), ["/a"]);
    }

    /// Every stored signature's keys, with the ids each index files under them.
    fn filed(store: &Store, index: &NearIndex) -> Vec<(u32, Vec<u32>)> {
        let mut filed = Vec::new();
        for kv in store.links.iter() {
            let links: Links = decode("links", &kv.unwrap().1).unwrap();
            let signature = links.signature().unwrap();
            for key in near::keys(&signature) {
                let mut ids: Vec<u32> = index.get(key).collect();
                ids.sort();
                filed.push((key, ids));
            }
        }
        filed
    }

    #[test]
    fn the_near_duplicate_index_saved_at_a_stop_is_read_back_while_the_store_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(NEAR_FILE);
        let (base, rewrite) = article_and_rewrite();
        let store = Store::open(dir.path()).unwrap();
        commit_a_and_a_removed_neighbour(&store, &base);
        let other = "Một bài khác hẳn, về thời tiết và mùa màng.";
        store.commit(&[draft("/other", other)], "t", 100).unwrap();
        Store::checkpoint(std::sync::Arc::new(store))
            .unwrap()
            .unwrap();
        assert!(file.exists());

        // The next start reads it, and it files every key as one built anew does.
        let store = reopen(dir.path()).unwrap();
        let (read, from) = store.load_near_index().unwrap();
        assert_eq!(from, NearSource::File);
        std::fs::rename(&file, file.with_extension("aside")).unwrap();
        let (built, from) = store.load_near_index().unwrap();
        std::fs::rename(file.with_extension("aside"), &file).unwrap();
        assert_eq!(from, NearSource::Signatures);
        assert_eq!(filed(&store, &read), filed(&store, &built));
        assert!(filed(&store, &read).iter().all(|(_, ids)| !ids.is_empty()));
        // Near duplicates are found against it.
        assert_eq!(near_duplicates_of_b(&store, &rewrite), ["/a"]);

        // That commit changed the store: after a stop without a checkpoint (a crash),
        // the file is stale, and the index is built from the signatures.
        drop(store);
        let store = reopen(dir.path()).unwrap();
        assert_eq!(store.load_near_index().unwrap().1, NearSource::Signatures);

        // A checkpoint saves the index again; damaged, the file is built over.
        store
            .commit(&[draft("/c", "Bài thứ ba, ngắn.")], "t", 100)
            .unwrap();
        Store::checkpoint(std::sync::Arc::new(store))
            .unwrap()
            .unwrap();
        let store = reopen(dir.path()).unwrap();
        assert_eq!(store.load_near_index().unwrap().1, NearSource::File);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(store.load_near_index().unwrap().1, NearSource::Signatures);
    }

    #[test]
    fn the_original_leaving_promotes_the_next_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .commit(
                &[draft("/a", "x"), draft("/b", "x"), draft("/c", "x")],
                "t",
                100,
            )
            .unwrap();
        store
            .commit(&[Incoming::Missing { path: "/a".into() }], "t", 100)
            .unwrap();
        let dup = |p: &str| {
            store
                .record_by_path(Path::new(p))
                .unwrap()
                .unwrap()
                .duplicate_of
        };
        assert_eq!((dup("/b"), dup("/c")), (None, Some("/b".to_owned())));
    }

    /// What [`Store::counts`] reads from the indexes, counted from the records
    /// themselves.
    fn counts_from_records(store: &Store) -> Counts {
        let mut counts = Counts::default();
        for kv in store.articles.iter() {
            let (_, v) = kv.unwrap();
            let record: ArticleRecord = decode("articles", &v).unwrap();
            counts.articles += 1;
            match record.status {
                Status::Removed => counts.removed += 1,
                Status::Active => {
                    counts.active += 1;
                    counts.duplicates += u64::from(record.duplicate_of.is_some());
                    counts.failed += u64::from(record.error.is_some());
                }
            }
        }
        counts
    }

    /// Random batches of new, changed, duplicated, failed, vanished files and folders:
    /// after each commit the counts from the indexes are those of the records.
    #[test]
    fn counts_from_the_indexes_are_the_records_counts() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut random = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        let mut seen = Counts::default();
        for round in 0..60 {
            let mut batch = Vec::new();
            for _ in 0..1 + random(6) {
                let path = format!("/in/{}/{}.txt", random(3), random(12));
                match random(10) {
                    0 => batch.push(Incoming::Missing { path: path.into() }),
                    1 => batch.push(Incoming::Missing {
                        path: format!("/in/{}", random(3)).into(),
                    }),
                    n => {
                        let Incoming::File {
                            path,
                            stamp,
                            mut draft,
                            signature,
                        } = draft(&path, &format!("nội dung số {}", random(5)))
                        else {
                            unreachable!()
                        };
                        if n == 2 {
                            draft.error = Some("binary content".into());
                        }
                        batch.push(Incoming::File {
                            path,
                            stamp,
                            draft,
                            signature,
                        });
                    }
                }
            }
            store.commit(&batch, "t", 1000).unwrap();
            let counts = store.counts().unwrap();
            assert_eq!(counts, counts_from_records(&store), "after batch {round}");
            seen.removed = seen.removed.max(counts.removed);
            seen.duplicates = seen.duplicates.max(counts.duplicates);
            seen.failed = seen.failed.max(counts.failed);
        }
        // The batches did reach every state.
        assert!(
            seen.removed > 0 && seen.duplicates > 1 && seen.failed > 0,
            "{seen:?}"
        );
    }

    /// A checkpoint leaves sled's snapshot behind (the next open starts from it, not
    /// from the log's beginning) and the store as it was; a store still shared is left
    /// alone.
    #[test]
    fn a_checkpoint_leaves_a_snapshot_and_the_store_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let snapshots = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    let name = e.as_ref().unwrap().file_name();
                    name.to_string_lossy().starts_with("snap.")
                })
                .count()
        };
        let store = std::sync::Arc::new(Store::open(dir.path()).unwrap());
        store
            .commit(
                &[draft("/in/a.txt", "một"), draft("/in/b.txt", "hai")],
                "t",
                100,
            )
            .unwrap();
        assert_eq!(snapshots(), 0, "sled snapshots on open only");
        let other = store.clone();
        assert!(Store::checkpoint(store).is_none());
        Store::checkpoint(other).unwrap().unwrap();
        assert_eq!(snapshots(), 1);
        let store = reopen(dir.path()).unwrap();
        assert_eq!(store.counts().unwrap().active, 2);
        assert!(store.entry(Path::new("/in/b.txt")).unwrap().unwrap().active);
    }

    #[test]
    fn failures_are_recorded_once_and_never_grouped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let failed = |p: &str| {
            let Incoming::File {
                path,
                stamp,
                mut draft,
                signature,
            } = draft(p, "bad")
            else {
                unreachable!()
            };
            draft.error = Some("binary content".into());
            Incoming::File {
                path,
                stamp,
                draft,
                signature,
            }
        };
        let c = store
            .commit(&[failed("/x"), failed("/y")], "t", 100)
            .unwrap();
        assert_eq!(
            c.iter().map(|c| c.kind).collect::<Vec<_>>(),
            [ChangeKind::Failed, ChangeKind::Failed]
        );
        assert!(store.commit(&[failed("/x")], "t", 100).unwrap().is_empty());
        assert_eq!(store.counts().unwrap().failed, 2);
        assert_eq!(store.counts().unwrap().duplicates, 0);
    }

    #[test]
    fn journal_keeps_the_most_recent_entries() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for i in 0..5 {
            store
                .commit(&[draft(&format!("/{i}"), &i.to_string())], "t", 3)
                .unwrap();
        }
        let recent = store.recent_changes(10).unwrap();
        assert_eq!(recent.iter().map(|c| c.seq).collect::<Vec<_>>(), [5, 4, 3]);
    }

    #[test]
    fn a_snapshot_left_half_written_is_removed_unless_the_store_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .commit(&[draft("/in/a.txt", "one")], "t1", 100)
            .unwrap();
        // What a stop in the middle of sled's snapshot leaves: a torn file named after
        // a position past the last snapshot's.
        let torn = dir.path().join("snap.00000000FFFFFFFF.generating");
        std::fs::write(&torn, b"torn: no length, no checksum").unwrap();
        // Held by this store, as by a daemon that may be writing it: left alone.
        assert!(matches!(
            Store::open(dir.path()),
            Err(StoreError::Locked { .. })
        ));
        assert!(torn.exists());
        drop(store);
        let store = reopen(dir.path()).unwrap();
        assert!(!torn.exists());
        assert_eq!(store.counts().unwrap().active, 1);
        // The snapshot this open wrote is whole: the store opens again.
        drop(store);
        assert_eq!(reopen(dir.path()).unwrap().counts().unwrap().active, 1);
    }

    #[test]
    fn a_second_open_is_refused_and_the_schema_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(matches!(
            Store::open(dir.path()),
            Err(StoreError::Locked { .. })
        ));
        store
            .meta
            .insert("schema_version", &99u32.to_be_bytes())
            .unwrap();
        drop(store);
        let err = reopen(dir.path()).err().unwrap();
        assert!(
            matches!(
                err,
                StoreError::Schema {
                    found: 99,
                    expected: SCHEMA_VERSION,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn path_entries_round_trip_and_bad_bytes_are_errors() {
        let stamp = Some(FileStamp {
            size: 6021,
            mtime_ns: -5,
        });
        for (stamp, hash, active, failed) in [
            (stamp, Some("ab12".to_owned()), true, false),
            (None, None, false, true),
            (stamp, None, true, true),
            (None, Some(String::new()), false, false),
        ] {
            let entry = PathEntry {
                id: u64::MAX - 3,
                stamp,
                hash,
                active,
                failed,
            };
            assert_eq!(PathEntry::from_bytes(&entry.to_bytes()).unwrap(), entry);
        }
        let good = PathEntry {
            id: 1,
            stamp,
            hash: None,
            active: true,
            failed: false,
        }
        .to_bytes();
        let mut trailing = good.clone();
        trailing.push(b'x');
        let mut not_utf8 = good.clone();
        not_utf8[0] |= PathEntry::HASH;
        not_utf8.push(0xff);
        for bad in [
            &[][..],
            &[0x40, 1, 0, 0, 0, 0, 0, 0, 0][..],
            &good[..12],
            &trailing[..],
            &not_utf8[..],
            b"{\"id\":1}",
        ] {
            assert!(
                matches!(
                    PathEntry::from_bytes(bad),
                    Err(StoreError::Corrupt { tree: "paths", .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_schema_1_store_has_its_path_entries_migrated_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let batch = [
            draft("/w/a.txt", "một hai ba"),
            draft("/w/b.txt", "bốn năm"),
        ];
        store.commit(&batch, "2026-01-01T00:00:00Z", 100).unwrap();
        store
            .commit(
                &[Incoming::Missing {
                    path: "/w/b.txt".into(),
                }],
                "2026-01-02T00:00:00Z",
                100,
            )
            .unwrap();
        let before = store.all_under(Path::new("/w")).unwrap();
        assert_eq!(before.len(), 2);
        // Written as schema 1 did: JSON entries. One is left binary, as a migration
        // interrupted half-way leaves it.
        store
            .paths
            .insert("/w/a.txt", serde_json::to_vec(&before[0].1).unwrap())
            .unwrap();
        set_schema(&store, 1);
        drop(store);

        let store = reopen(dir.path()).unwrap();
        assert_eq!(store.all_under(Path::new("/w")).unwrap(), before);
        assert_schema_is_current(&store);
        assert!(store.paths.iter().all(|kv| kv.unwrap().1[0] != b'{'));
        let stamps = store.active_stamps_under(Path::new("/w")).unwrap();
        assert_eq!(stamps.len(), 1);
        assert_eq!(stamps[b"/w/a.txt".as_slice()], before[0].1.stamp);
    }

    /// A store in `dir` holding `/a`, `/b` (a rewrite of `/a`, linked to it) and `/c`;
    /// its records; the rewrite's text.
    fn a_near_pair_and_another(dir: &Path) -> (Store, Vec<ArticleRecord>, String) {
        let store = Store::open(dir).unwrap();
        let (base, rewrite) = article_and_rewrite();
        let batch = [
            draft("/a", &base),
            draft("/b", &rewrite),
            draft("/c", "khác"),
        ];
        store.commit(&batch, "t", 100).unwrap();
        let records: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        assert_eq!(records[0].near_duplicates.len(), 1);
        (store, records, rewrite)
    }

    #[test]
    fn a_schema_2_store_has_its_near_duplicates_moved_to_links_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let (store, before, _) = a_near_pair_and_another(dir.path());
        // Written as schema 2 did: the lists inside the records, no `links` tree.
        signatures_apart(&store);
        for record in &before {
            let key = record.id.to_be_bytes();
            store
                .articles
                .insert(key, serde_json::to_vec(record).unwrap())
                .unwrap();
        }
        store.links.clear().unwrap();
        set_schema(&store, 2);
        drop(store);

        let store = reopen(dir.path()).unwrap();
        let after: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        assert_eq!(after, before);
        assert_schema_is_current(&store);
        // Linking goes on from the migrated lists: `/b` leaving unlinks it from `/a`.
        store
            .commit(&[Incoming::Missing { path: "/b".into() }], "t", 100)
            .unwrap();
        let a = store.record_by_path(Path::new("/a")).unwrap().unwrap();
        assert!(a.near_duplicates.is_empty());
    }

    /// A record with every field filled, and every kind the store keeps.
    fn full_record() -> ArticleRecord {
        use crate::record::{DateMention, Entity, EntityKind, NumberMention, Quote};
        ArticleRecord {
            id: 42,
            path: "/in/bài \"một\".txt".into(),
            content_hash: Some("ab".repeat(32)),
            version: 3,
            status: Status::Removed,
            first_seen: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-02T00:00:00Z".into(),
            duplicate_of: Some("/in/gốc.txt".into()),
            near_duplicates: vec![NearDuplicate {
                path: "/in/gần.txt".into(),
                similarity: 0.87,
            }],
            title: Some("Tiêu đề {có} [ngoặc]".into()),
            published: Some("2025-02-11".into()),
            outlet: Some("VnExpress".into()),
            dateline: Some("Tokyo (TTXVN) -".into()),
            authors: vec!["Minh Anh".into()],
            sources: vec!["TTXVN".into(), "Reuters".into()],
            language: Some("vi".into()),
            body: "Dòng một.\n\n\"Trích\" – dòng hai\t\u{0}.".into(),
            entities: vec![Entity {
                name: "Khánh Hòa".into(),
                kind: EntityKind::Place,
                mentions: 2,
                aliases: vec!["Khánh Hoà".into()],
            }],
            quotes: vec![Quote {
                text: "Chúng tôi sẽ làm".into(),
                speaker: None,
            }],
            dates: vec![DateMention {
                text: "ngày 11/2".into(),
                date: "2025-02-11".into(),
            }],
            numbers: vec![NumberMention {
                text: "1,5 triệu USD".into(),
                value: 1_500_000.0,
                unit: Some("USD".into()),
            }],
            error: Some("decode: not text".into()),
        }
    }

    #[test]
    fn every_kind_of_value_round_trips_and_never_reads_as_json() {
        fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
            let bytes = encode(&value);
            assert!(!matches!(bytes.first(), Some(b'{' | b'[')), "{value:?}");
            assert_eq!(decode::<T>("test", &bytes).unwrap(), value);
            // What schema 4 and before wrote still reads.
            let json = serde_json::to_vec(&value).unwrap();
            assert_eq!(decode::<T>("test", &json).unwrap(), value);
        }
        check(full_record());
        check(ArticleRecord::default());
        check(Links {
            path: "/in/a.txt".into(),
            content_hash: None,
            near: vec![Link {
                id: u64::MAX,
                path: "/in/b.txt".into(),
                similarity: 0.5,
            }],
            signature: (0..=255).chain(0..=255).collect(),
        });
        check(Change {
            seq: 1,
            at: "t".into(),
            kind: ChangeKind::Duplicate,
            path: "/in/b.txt".into(),
            id: 2,
            version: 1,
            detail: Some("/in/a.txt".into()),
        });
        check(Vec::<u64>::new());
        check(vec![1u64, 300, u64::MAX]);
        // A record is smaller than its JSON, which is what a commit writes and sled
        // rewrites.
        let record = full_record();
        assert!(encode(&record).len() < serde_json::to_vec(&record).unwrap().len());
        let bad = decode::<ArticleRecord>("articles", &[0x93, 0x01]).unwrap_err();
        assert!(
            matches!(
                bad,
                StoreError::Corrupt {
                    tree: "articles",
                    ..
                }
            ),
            "{bad}"
        );
    }

    #[test]
    fn a_schema_4_store_reads_its_json_values_and_rewrites_them_when_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (base, rewrite) = article_and_rewrite();
        let batch = [
            draft("/a", &base),
            draft("/b", &rewrite),
            draft("/c", "khác"),
            draft("/d", "khác"),
        ];
        store.commit(&batch, "t", 100).unwrap();
        let before: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        let counts = store.counts().unwrap();
        let journal = store.recent_changes(10).unwrap();
        assert_eq!((counts.duplicates, before[0].near_duplicates.len()), (1, 1));
        // Written as schema 4 did: every value but path entries and signatures in JSON.
        fn to_json<T: Serialize + DeserializeOwned>(tree: &Tree, name: &'static str) {
            for kv in tree.iter() {
                let (k, v) = kv.unwrap();
                let value: T = decode(name, &v).unwrap();
                tree.insert(k, serde_json::to_vec(&value).unwrap()).unwrap();
            }
        }
        signatures_apart(&store);
        to_json::<ArticleRecord>(&store.articles, "articles");
        to_json::<LinksBefore6>(&store.links, "links");
        to_json::<Vec<u64>>(&store.hashes, "hashes");
        to_json::<Change>(&store.journal, "journal");
        set_schema(&store, 4);
        drop(store);

        let store = reopen(dir.path()).unwrap();
        assert_schema_is_current(&store);
        let after: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        assert_eq!(after, before);
        assert_eq!(store.counts().unwrap(), counts);
        assert_eq!(store.recent_changes(10).unwrap(), journal);
        // Nothing was rewritten by the upgrade itself.
        assert!(store.articles.iter().all(|kv| kv.unwrap().1[0] == b'{'));

        // `/b` leaving rewrites its record and `/a`'s links; `/d` leaving, the hash's
        // ids and `/c`'s record (no longer an original of anything). The rest stays
        // JSON, and all of it reads as before.
        let gone = |path: &str| Incoming::Missing { path: path.into() };
        store.commit(&[gone("/b"), gone("/d")], "u", 100).unwrap();
        let first_byte = |tree: &Tree, key: &[u8]| tree.get(key).unwrap().unwrap()[0];
        let id = |path: &str| store.entry(Path::new(path)).unwrap().unwrap().id;
        for path in ["/b", "/d"] {
            assert_ne!(first_byte(&store.articles, &id(path).to_be_bytes()), b'{');
        }
        assert_ne!(first_byte(&store.links, &id("/a").to_be_bytes()), b'{');
        assert_eq!(first_byte(&store.articles, &id("/a").to_be_bytes()), b'{');
        let records: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        let status: Vec<(&str, Status, usize)> = records
            .iter()
            .map(|r| (r.path.as_str(), r.status, r.near_duplicates.len()))
            .collect();
        assert_eq!(
            status,
            [
                ("/a", Status::Active, 0),
                ("/b", Status::Removed, 0),
                ("/c", Status::Active, 0),
                ("/d", Status::Removed, 0),
            ]
        );
        assert_eq!(store.counts().unwrap().duplicates, 0);
        assert_eq!(store.recent_changes(10).unwrap()[2..], journal[..]);
    }

    #[test]
    fn a_schema_3_store_has_its_signatures_recomputed_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (base, rewrite) = article_and_rewrite();
        store
            .commit(&[draft("/a", &base), draft("/c", "khác")], "t", 100)
            .unwrap();
        let ids: Vec<u64> = store.records().map(|r| r.unwrap().id).collect();
        // Written as schema 3 did: signatures hashed otherwise (here, garbage).
        let signatures = signatures_apart(&store);
        for id in &ids {
            signatures
                .insert(
                    id.to_be_bytes(),
                    vec![7u8; crate::annotate::SIGNATURE_BINS * 8],
                )
                .unwrap();
        }
        set_schema(&store, 3);
        drop((signatures, store));

        let store = reopen(dir.path()).unwrap();
        assert_schema_is_current(&store);
        for (id, text) in ids.iter().zip([&base, "khác"]) {
            assert_eq!(stored_signature(&store, *id), Signature::of(text));
        }
        // Near duplicates are found against the recomputed signatures.
        let near = near_duplicates_of_b(&store, &rewrite);
        assert_eq!(near.len(), 1, "{near:?}");
    }

    /// Links as schemas 3 to 5 wrote them: without the signature.
    #[derive(Serialize, Deserialize)]
    struct LinksBefore6 {
        path: String,
        content_hash: Option<String>,
        near: Vec<Link>,
    }

    /// Lays the store out as schemas 5 and before did: the signatures in a tree of their
    /// own, which it returns, and the links without them.
    fn signatures_apart(store: &Store) -> Tree {
        let signatures = store.db.open_tree(SIGNATURES).unwrap();
        for kv in store.links.iter() {
            let (key, bytes) = kv.unwrap();
            let links: Links = decode("links", &bytes).unwrap();
            signatures.insert(&key, links.signature).unwrap();
            let before = LinksBefore6 {
                path: links.path,
                content_hash: links.content_hash,
                near: links.near,
            };
            store.links.insert(&key, encode(&before)).unwrap();
        }
        signatures
    }

    fn stored_signature(store: &Store, id: u64) -> Option<Signature> {
        let bytes = store.links.get(id.to_be_bytes()).unwrap()?;
        decode::<Links>("links", &bytes).unwrap().signature()
    }

    #[test]
    fn a_schema_5_store_has_its_signatures_moved_into_the_links_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let (store, before, rewrite) = a_near_pair_and_another(dir.path());
        let ids: Vec<u64> = before.iter().map(|r| r.id).collect();
        let signatures: Vec<Option<Signature>> =
            ids.iter().map(|&id| stored_signature(&store, id)).collect();
        assert!(signatures.iter().all(Option::is_some));
        signatures_apart(&store);
        assert!(ids.iter().all(|&id| stored_signature(&store, id).is_none()));
        set_schema(&store, 5);
        drop(store);

        let store = reopen(dir.path()).unwrap();
        assert_schema_is_current(&store);
        assert!(!store.db.tree_names().contains(&SIGNATURES.into()));
        let moved: Vec<Option<Signature>> =
            ids.iter().map(|&id| stored_signature(&store, id)).collect();
        assert_eq!(moved, signatures);
        let after: Vec<ArticleRecord> = store.records().map(Result::unwrap).collect();
        assert_eq!(after, before);
        // The index is built from the moved signatures: a second rewrite of `/a` is
        // near both `/a` and `/b`.
        let again = format!("{rewrite} Thêm một câu.");
        store.commit(&[draft("/d", &again)], "u", 100).unwrap();
        let d = store.record_by_path(Path::new("/d")).unwrap().unwrap();
        let mut near: Vec<&str> = d.near_duplicates.iter().map(|n| n.path.as_str()).collect();
        near.sort();
        assert_eq!(near, ["/a", "/b"]);
    }
}
