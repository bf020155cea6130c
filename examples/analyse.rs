//! Runs `pipeline::analyse` over files a number of times, for profilers (perf,
//! `valgrind --tool=callgrind`, whose instruction counts do not depend on the machine's
//! load): `cargo run --release --example analyse -- REPEAT FILE...`.
//!
//! `--parse-extract REPEAT FILE...` runs the parse and extract stages alone.
//!
//! `--json FILE...` prints each file's record and its signature instead, one JSON line
//! per file: two builds that should agree can be compared with `diff`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use articled::extract::Gazetteer;
use articled::pipeline::{analyse, parse_and_extract};
use articled::record::ArticleRecord;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "--json") {
        args.next();
        let gazetteer = Gazetteer::bundled();
        for p in args {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
            let record = analyse(std::path::Path::new(&p), &bytes, &gazetteer);
            let text = format!("{}\n{}", record.title.as_deref().unwrap_or(""), record.body);
            let signature = articled::annotate::Signature::of(&text).map(|s| s.0.to_vec());
            println!(
                "{}\t{:?}",
                serde_json::to_string(&record).expect("a record serialises"),
                signature
            );
        }
        return;
    }
    let stages: fn(&Path, &[u8], &Gazetteer) -> ArticleRecord =
        if args.peek().is_some_and(|a| a == "--parse-extract") {
            args.next();
            parse_and_extract
        } else {
            analyse
        };
    let repeat: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let files: Vec<(PathBuf, Vec<u8>)> = args
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
            (PathBuf::from(p), bytes)
        })
        .collect();
    let gazetteer = Gazetteer::bundled();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum::<usize>() * repeat;
    // One untimed pass: the regexes and tables are built on first use.
    for (path, data) in &files {
        std::hint::black_box(stages(path, data, &gazetteer));
    }
    let started = Instant::now();
    timed(stages, &files, repeat, &gazetteer);
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{} files x {repeat}: {:.3} s, {:.1} MB/s",
        files.len(),
        elapsed,
        bytes as f64 / 1e6 / elapsed
    );
}

/// The timed passes, a function of their own so that a profiler can be told to count
/// them alone, without the first pass's set-up: `valgrind --tool=callgrind
/// --toggle-collect='*analyse*timed*'`.
#[inline(never)]
fn timed(
    stages: fn(&Path, &[u8], &Gazetteer) -> ArticleRecord,
    files: &[(PathBuf, Vec<u8>)],
    repeat: usize,
    gazetteer: &Gazetteer,
) {
    for _ in 0..repeat {
        for (path, data) in files {
            std::hint::black_box(stages(path, data, gazetteer));
        }
    }
}
