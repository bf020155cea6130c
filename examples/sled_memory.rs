//! How much memory sled itself keeps for a store of N articles, with nothing of
//! articled's around it: what the store's layout costs, apart from the pipeline.
//!
//! `cargo run --release --example sled_memory -- write N SIZES DIR [CACHE_MB]` puts N
//! keys into one tree per value size in `SIZES` (comma-separated bytes; an `r` before a
//! size gives that tree random keys, as content hashes are, instead of ascending ids),
//! flushing every 256 articles as a commit does, and prints the resident memory before
//! and after. `… open DIR [CACHE_MB]` opens such a store (or articled's own), reads a
//! key of its default tree and prints what opening it took. The page cache is 16 MB
//! unless `CACHE_MB` says otherwise. Used for the memory figures in BENCHMARKS.md:
//! articled's trees were `8000,r40,40,512,100` (records, hashes, paths, signatures,
//! links); since schema 6 they are `8000,r40,40,612`, the signatures inside the links.

use std::path::Path;

// The daemon's allocator and options, so that the figures are its own.
include!("../src/allocator.rs");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: sled_memory write N SIZES DIR [CACHE_MB] | open DIR [CACHE_MB]";
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["write", n, sizes, dir, ref cache @ ..] => {
            let n: u64 = n.parse().expect("N is a number");
            let trees: Vec<(bool, usize)> = sizes
                .split(',')
                .map(|s| match s.strip_prefix('r') {
                    Some(size) => (true, size.parse().expect("a size in bytes")),
                    None => (false, s.parse().expect("a size in bytes")),
                })
                .collect();
            write(n, &trees, Path::new(dir), cache_mb(cache));
        }
        ["open", dir, ref cache @ ..] => open(Path::new(dir), cache_mb(cache)),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
}

fn cache_mb(arg: &[&str]) -> u64 {
    arg.first()
        .map_or(16, |mb| mb.parse().expect("CACHE_MB is a number"))
}

fn db(dir: &Path, cache_mb: u64) -> sled::Db {
    sled::Config::new()
        .path(dir)
        .cache_capacity(cache_mb << 20)
        .open()
        .unwrap_or_else(|e| panic!("open {}: {e}", dir.display()))
}

fn write(n: u64, trees: &[(bool, usize)], dir: &Path, cache_mb: u64) {
    let db = db(dir, cache_mb);
    let opened: Vec<(sled::Tree, bool, Vec<u8>)> = trees
        .iter()
        .enumerate()
        .map(|(i, &(random, size))| {
            let tree = db.open_tree(format!("t{i}")).expect("open tree");
            (tree, random, vec![7; size])
        })
        .collect();
    let before = memory();
    for i in 0..n {
        for (tree, random, value) in &opened {
            let key = if *random {
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            } else {
                i
            };
            tree.insert(key.to_be_bytes(), value.as_slice())
                .expect("insert");
        }
        if i % 256 == 255 {
            db.flush().expect("flush");
        }
    }
    db.flush().expect("flush");
    let after = memory();
    println!(
        "{n} articles into {} trees, cache {cache_mb} MB: resident {:.1} → {:.1} MB (peak {:.1}), \
         {:.0} bytes an article",
        trees.len(),
        mb(before.0),
        mb(after.0),
        mb(after.1),
        (after.0 - before.0) as f64 * 1024.0 / n as f64,
    );
}

fn open(dir: &Path, cache_mb: u64) {
    let db = db(dir, cache_mb);
    // The default tree, which every store has: opening a named one would add it to a
    // store that lacks it, such as articled's.
    let _ = db.get(1u64.to_be_bytes()).expect("read");
    let (now, peak) = memory();
    println!(
        "opened {}: resident {:.1} MB (peak {:.1})",
        dir.display(),
        mb(now),
        mb(peak)
    );
}

/// Resident and peak resident memory, in kB (Linux's `/proc/self/status`).
fn memory() -> (i64, i64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mb(kb: i64) -> f64 {
    kb as f64 / 1024.0
}
