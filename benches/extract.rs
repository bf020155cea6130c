//! Throughput per article, in MB/s, on the seeds and the labelled articles: `cargo
//! bench --bench extract`. Group `parse + extract` times decoding, parsing and
//! extraction; group `analyse` adds the content hash and the annotations, all a file
//! costs before the store.

use std::path::PathBuf;

use articled::extract::Gazetteer;
use articled::pipeline::{analyse, parse_and_extract};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn articles() -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["seeds", "tests/eval/heldout", "tests/eval/heldout2"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "html")
            ) {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

fn bench(c: &mut Criterion) {
    let gazetteer = Gazetteer::bundled();
    let articles = articles();
    let total: usize = articles.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("parse + extract");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(format!("all {} articles", articles.len()), |b| {
        b.iter(|| {
            for (path, bytes) in &articles {
                std::hint::black_box(parse_and_extract(path, bytes, &gazetteer));
            }
        })
    });
    group.finish();
    let mut group = c.benchmark_group("analyse");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(format!("all {} articles", articles.len()), |b| {
        b.iter(|| {
            for (path, bytes) in &articles {
                std::hint::black_box(analyse(path, bytes, &gazetteer));
            }
        })
    });
    for (path, bytes) in &articles {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("file {name}"), |b| {
            b.iter(|| std::hint::black_box(analyse(path, bytes, &gazetteer)))
        });
    }
    let (path, bytes) = articles
        .iter()
        .find(|(p, _)| p.to_string_lossy().contains("003_"))
        .unwrap();
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("seed 003 (web copy, 14 kB)", |b| {
        b.iter(|| std::hint::black_box(analyse(path, bytes, &gazetteer)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
