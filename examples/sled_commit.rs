//! What sled itself costs for the writes a commit makes, with nothing of articled's
//! around it: the floor under the store's share of a backlog.
//!
//! `cargo run --release --example sled_commit -- HOW N [RECORD_BYTES]` writes N new
//! articles into a fresh store in a temporary folder, 256 a batch with a flush after
//! each, as the writer does: for each, the two look-ups a new file makes (its path, its
//! content hash) and the values a new article writes, sized as articled's are. It
//! prints the CPU time per article. `HOW` is how each batch is written:
//!
//! - `txn`: one transaction over six trees, as `Store::commit` does: record, path
//!   entry, hash entry, journal entry, and links with the signature inside;
//! - `txn-apart`: one transaction over seven trees, the signature in a tree of its
//!   own, as stores before schema 6 kept it;
//!
//! and, with the signature apart as well:
//!
//! - `batches`: one `apply_batch` per tree (not atomic across trees);
//! - `one`: one tree, keys prefixed by their kind, one `apply_batch`;
//! - `plain`: plain inserts.
//!
//! The record is 6,000 bytes unless `RECORD_BYTES` says otherwise.

use std::time::Instant;

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

// The daemon's allocator and options, so that the figures are its own.
include!("../src/allocator.rs");

const BATCH: u64 = 256;

/// An article's keys: id, path, content hash.
struct Keys {
    id: [u8; 8],
    path: Vec<u8>,
    hash: Vec<u8>,
}

impl Keys {
    fn of(i: u64) -> Keys {
        Keys {
            id: i.to_be_bytes(),
            path: format!("/corpus/{:04}/{i:06}.txt", i / 100).into_bytes(),
            hash: blake3::hash(&i.to_le_bytes()).to_hex().as_bytes().to_vec(),
        }
    }
}

/// An article's six values, in the order record, path, hash, journal, signature, links.
struct Values {
    record: Vec<u8>,
    path: Vec<u8>,
    hash: Vec<u8>,
    journal: Vec<u8>,
    signature: Vec<u8>,
    links: Vec<u8>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (how, n, record) = match &args[..] {
        [how, n, rest @ ..] if rest.len() <= 1 => (
            how.clone(),
            n.parse::<u64>().expect("N is a number"),
            rest.first()
                .map_or(6000, |b| b.parse().expect("RECORD_BYTES is a number")),
        ),
        _ => {
            eprintln!("usage: sled_commit txn|txn-apart|batches|one|plain N [RECORD_BYTES]");
            std::process::exit(2);
        }
    };
    let values = Values {
        record: vec![7; record],
        path: vec![1; 40],
        hash: vec![2; 10],
        journal: vec![4; 80],
        signature: vec![3; 512],
        links: vec![5; 100],
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = sled::Config::new()
        .path(dir.path())
        .cache_capacity(16 << 20)
        .open()
        .expect("a fresh store opens");
    let names = [
        "articles",
        "paths",
        "hashes",
        "journal",
        "meta",
        "signatures",
        "links",
    ];
    let trees: Vec<sled::Tree> = names.iter().map(|n| db.open_tree(n).unwrap()).collect();
    let one = db.open_tree("all").unwrap();

    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let mut next = 0;
    while next < n {
        let batch: Vec<Keys> = (next..(next + BATCH).min(n)).map(Keys::of).collect();
        next += BATCH;
        match how.as_str() {
            "txn" => txn(&trees, &batch, &values, false),
            "txn-apart" => txn(&trees, &batch, &values, true),
            "batches" => batches(&trees, &batch, &values, next),
            "one" => one_tree(&one, &batch, &values, next),
            "plain" => plain(&trees, &batch, &values),
            other => panic!("no such way to write: {other}"),
        }
        db.flush().expect("flush");
    }
    let (wall, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    println!(
        "{how}: {n} articles, {wall:.2} s, CPU {cpu:.2} s, {:.1} µs per article",
        cpu * 1e6 / n as f64
    );
}

/// Trees by index: articles, paths, hashes, journal, meta, signatures, links.
const SIGNATURES: usize = 5;

/// One transaction, as `Store::commit` writes a batch; with the signature in the links
/// value, or `apart` in a tree of its own.
fn txn(trees: &[sled::Tree], batch: &[Keys], v: &Values, apart: bool) {
    let used: Vec<sled::Tree> = (0..trees.len())
        .filter(|&i| apart || i != SIGNATURES)
        .map(|i| trees[i].clone())
        .collect();
    let links = if apart {
        v.links.clone()
    } else {
        [&v.links[..], &v.signature[..]].concat()
    };
    used.as_slice()
        .transaction(|t| {
            let (articles, paths, hashes, journal, meta) = (&t[0], &t[1], &t[2], &t[3], &t[4]);
            for k in batch {
                paths.get(&k.path)?;
                hashes.get(&k.hash)?;
                for counter in ["next_id", "next_seq"] {
                    meta.get(counter)?;
                    meta.insert(counter, &k.id)?;
                }
                articles.insert(&k.id, v.record.clone())?;
                paths.insert(k.path.clone(), v.path.clone())?;
                hashes.insert(k.hash.clone(), v.hash.clone())?;
                journal.insert(&k.id, v.journal.clone())?;
                if apart {
                    t[SIGNATURES].insert(&k.id, v.signature.clone())?;
                }
                t[t.len() - 1].insert(&k.id, links.clone())?;
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        })
        .expect("transaction");
}

fn batches(trees: &[sled::Tree], batch: &[Keys], v: &Values, next: u64) {
    let mut b: Vec<sled::Batch> = (0..trees.len()).map(|_| sled::Batch::default()).collect();
    for k in batch {
        trees[1].get(&k.path).unwrap();
        trees[2].get(&k.hash).unwrap();
        b[0].insert(&k.id, v.record.clone());
        b[1].insert(k.path.clone(), v.path.clone());
        b[2].insert(k.hash.clone(), v.hash.clone());
        b[3].insert(&k.id, v.journal.clone());
        b[5].insert(&k.id, v.signature.clone());
        b[6].insert(&k.id, v.links.clone());
    }
    b[4].insert("next_id", &next.to_be_bytes());
    for (tree, b) in trees.iter().zip(b) {
        tree.apply_batch(b).unwrap();
    }
}

fn one_tree(tree: &sled::Tree, batch: &[Keys], v: &Values, next: u64) {
    let key = |kind: u8, k: &[u8]| [&[kind][..], k].concat();
    let mut b = sled::Batch::default();
    for k in batch {
        tree.get(key(1, &k.path)).unwrap();
        tree.get(key(2, &k.hash)).unwrap();
        b.insert(key(0, &k.id), v.record.clone());
        b.insert(key(1, &k.path), v.path.clone());
        b.insert(key(2, &k.hash), v.hash.clone());
        b.insert(key(3, &k.id), v.journal.clone());
        b.insert(key(5, &k.id), v.signature.clone());
        b.insert(key(6, &k.id), v.links.clone());
    }
    b.insert(key(4, b"next_id"), &next.to_be_bytes());
    tree.apply_batch(b).unwrap();
}

fn plain(trees: &[sled::Tree], batch: &[Keys], v: &Values) {
    for k in batch {
        trees[1].get(&k.path).unwrap();
        trees[2].get(&k.hash).unwrap();
        trees[0].insert(k.id, v.record.clone()).unwrap();
        trees[1].insert(k.path.clone(), v.path.clone()).unwrap();
        trees[2].insert(k.hash.clone(), v.hash.clone()).unwrap();
        trees[3].insert(k.id, v.journal.clone()).unwrap();
        trees[5].insert(k.id, v.signature.clone()).unwrap();
        trees[6].insert(k.id, v.links.clone()).unwrap();
    }
}

/// User and system CPU time of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: `getrusage` fills the zeroed struct it is given and keeps no pointer.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
