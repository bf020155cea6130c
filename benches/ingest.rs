//! The ingest harness: `cargo bench --bench ingest [-- N...]` (default N = 1000 20000);
//! `cargo bench --bench ingest -- --corpus N DIR` only writes a corpus (for profiling).
//!
//! For each N it generates N unique articles in the seeds' style and size (each built
//! on a seed, its body's sentences drawn from all the seeds' bodies, its boilerplate
//! the seed's own), then measures, each beside its floor measured in the same run:
//! - backlog: `articled run --once` into a fresh store, against reading and hashing
//!   the same files (BLAKE3), once before the backlog and once after (the range, and
//!   how many times the floor's mean time the backlog took); and its CPU time (user +
//!   system) per article, with the cores it kept busy on average;
//! - rescan: `run --once` again over the unchanged folder, against stat-ing every file;
//! - latency: a running daemon, articles moved in one at a time, from the move to the
//!   `added` log line (which is written after the commit is flushed), p50 and p99,
//!   against the settle window;
//! - memory: peak RSS of the backlog run, and the store's size on disk per article.
//!
//! The disk is synced after the corpus is written and before the latency phase, so no
//! phase waits behind the writes of the one before it.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_articled");
const LATENCY_SAMPLES: usize = 100;

fn main() {
    // `-- --corpus N DIR` only writes the corpus, for profiling the binary by hand.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n, dir, ..] = args.as_slice()
        && flag == "--corpus"
    {
        let bytes = generate(Path::new(dir), n.parse().expect("N"));
        println!("{n} articles, {bytes} bytes in {dir}");
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 20000]
    } else {
        sizes
    };
    println!(
        "machine: {} cores; binary: {BINARY}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:>7} | {:>22} | {:>16} | {:>31} | {:>16} | {:>16} | {:>10} | {:>9}",
        "N",
        "backlog art/s (MB/s)",
        "CPU/art (cores)",
        "floor read+hash MB/s (backlog÷)",
        "rescan s (floor)",
        "latency p50/p99",
        "peak RSS",
        "store/art"
    );
    for n in sizes {
        run(n);
    }
}

fn run(n: usize) {
    let dir = tempfile::Builder::new()
        .prefix("articled-bench")
        .tempdir()
        .unwrap();
    let corpus = dir.path().join("corpus");
    let bytes = generate(&corpus, n);
    settle_disk();
    let mb = bytes as f64 / 1e6;

    let read_and_hash = || {
        time(|| {
            for entry in walk(&corpus) {
                let data = std::fs::read(&entry).unwrap();
                std::hint::black_box(blake3::hash(&data));
            }
        })
    };
    // The floor is read before the backlog and again after it: this machine's speed
    // may change in between, and the two show by how much.
    let floor_before = read_and_hash();
    let store = dir.path().join("store");
    let (backlog, usage) = run_once(&corpus, &store);
    let floor_after = read_and_hash();
    let floor_read = (floor_before + floor_after) / 2;
    let floor_stat = time(|| {
        for entry in walk(&corpus) {
            std::hint::black_box(std::fs::symlink_metadata(&entry).unwrap());
        }
    });
    let (rescan, _) = run_once(&corpus, &store);
    let cpu = usage.cpu.as_secs_f64();
    let store_bytes: u64 = walk(&store)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    settle_disk();
    let (p50, p99, settle) = latency(dir.path());

    println!(
        "{:>7} | {:>9.0} ({:>6.1} MB/s) | {:>6.3} ms ({:.2}) | {:>6.1}-{:>6.1} MB/s ({:>5.1}×) | {:>6.3} ({:>6.3}) | {:>5.0}/{:>4.0} ms ({settle} ms settle) | {:>6.0} MB | {:>6.1} kB",
        n,
        n as f64 / backlog.as_secs_f64(),
        mb / backlog.as_secs_f64(),
        cpu * 1000.0 / n as f64,
        cpu / backlog.as_secs_f64(),
        mb / floor_before.max(floor_after).as_secs_f64(),
        mb / floor_before.min(floor_after).as_secs_f64(),
        backlog.as_secs_f64() / floor_read.as_secs_f64(),
        rescan.as_secs_f64(),
        floor_stat.as_secs_f64(),
        p50.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        usage.peak_kb as f64 / 1024.0,
        store_bytes as f64 / n as f64 / 1024.0,
    );
}

/// Writes `n` unique articles under `dir` (100 per folder) and returns their total size.
///
/// Article `i` is built on seed `i mod 5`, paragraph by paragraph: what articled keeps
/// of the seed as its body is replaced by as many of the seeds' body sentences, drawn
/// at random; the rest (captions, source lines, share buttons, related-article lists)
/// is copied as it stands, for the parser to remove again. So each article has a
/// seed's size, its body a seed's body's size, and the boilerplate a web copy carries.
/// The title is the article's own.
///
/// In each drawn sentence, one word in four is replaced by a word of the seeds' bodies
/// written the same way, capitalised or not. Without the replacement every sentence of
/// the small pool would recur in thousands of articles, so any two articles would share
/// about a tenth of their word triples and every article would be a weak near-duplicate
/// candidate of hundreds of others, which no real archive is; with it, unrelated
/// articles share a few percent, as unrelated news articles do. Keeping the case keeps
/// the text's names where names stand: a capitalised word dropped mid-sentence would be
/// a name no article has.
fn generate(dir: &Path, n: usize) -> u64 {
    let seeds = seeds();
    let bodies: Vec<&str> = seeds
        .iter()
        .flat_map(|seed| &seed.paragraphs)
        .filter_map(|(paragraph, body)| body.then_some(paragraph.as_str()))
        .collect();
    let sentences: Vec<&str> = bodies.iter().flat_map(|p| sentences_of(p)).collect();
    let (capitalised, lowercase): (Vec<&str>, Vec<&str>) = bodies
        .iter()
        .flat_map(|p| p.split_whitespace())
        .partition(|w| w.starts_with(char::is_uppercase));
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut total = 0;
    for i in 0..n {
        let folder = dir.join(format!("{:04}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        let seed = &seeds[i % seeds.len()];
        let mut text = format!("Bản tin số {i}: diễn biến mới nhất trong ngày\n\n");
        for (paragraph, body) in &seed.paragraphs {
            if !body {
                text.push_str(paragraph);
                text.push_str("\n\n");
                continue;
            }
            for s in 0..sentences_of(paragraph).count() {
                let sentence = sentences[random(sentences.len())];
                for (w, word) in sentence.split_whitespace().enumerate() {
                    if s + w > 0 {
                        text.push(' ');
                    }
                    if random(4) == 0 {
                        let pool = if word.starts_with(char::is_uppercase) {
                            &capitalised
                        } else {
                            &lowercase
                        };
                        text.push_str(pool[random(pool.len())]);
                    } else {
                        text.push_str(word);
                    }
                }
            }
            text.push_str("\n\n");
        }
        total += text.len() as u64;
        std::fs::write(folder.join(format!("a{i:06}.txt")), text).unwrap();
    }
    total
}

/// A seed's paragraphs after its title, each with whether articled keeps it in the body.
struct Seed {
    paragraphs: Vec<(String, bool)>,
}

/// The seeds, in name order, read by articled itself: a paragraph is the body's when
/// it holds one of the body's paragraphs (the first may lose a dateline).
fn seeds() -> Vec<Seed> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let gazetteer = articled::extract::Gazetteer::bundled();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let record = articled::pipeline::parse_and_extract(path, &bytes, &gazetteer);
            let text = articled::text::normalize(&String::from_utf8_lossy(&bytes));
            let body: Vec<&str> = record.body.split("\n\n").collect();
            let paragraphs = text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .skip(1)
                .map(|p| (p.to_owned(), body.iter().any(|b| p.contains(b))))
                .collect();
            Seed { paragraphs }
        })
        .collect()
}

/// A paragraph's sentences, as the seeds write them: ended by `. `.
fn sentences_of(paragraph: &str) -> impl Iterator<Item = &str> {
    paragraph
        .split_inclusive(". ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Writes back what earlier phases left dirty in the page cache, so that a phase's
/// `fsync`s do not wait behind the corpus just written or the store just filled.
fn settle_disk() {
    // SAFETY: `sync` takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// What `wait4` says of a finished child.
struct Usage {
    peak_kb: i64,
    /// User and system time.
    cpu: Duration,
}

/// `run --once`: wall time, and the child's peak RSS and CPU time from `wait4`.
fn run_once(corpus: &Path, store: &Path) -> (Duration, Usage) {
    let started = Instant::now();
    let child = Command::new(BINARY)
        .args(["run", "--once", "--watch"])
        .arg(corpus)
        .arg("--store")
        .arg(store)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, usage) = wait_with_rusage(child);
    let elapsed = started.elapsed();
    assert!(status.success(), "run --once failed: {status}");
    (elapsed, usage)
}

fn wait_with_rusage(child: Child) -> (std::process::ExitStatus, Usage) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    (
        std::process::ExitStatus::from_raw(status),
        Usage {
            peak_kb: usage.ru_maxrss,
            cpu: time(usage.ru_utime) + time(usage.ru_stime),
        },
    )
}

/// Moves articles into a running daemon's folder one at a time and times each until
/// its `added` line, written once the commit is flushed. Returns p50, p99 and the
/// settle window in milliseconds.
fn latency(base: &Path) -> (Duration, Duration, u64) {
    let inbox = base.join("latency-inbox");
    let staging = base.join("latency-staging");
    std::fs::create_dir_all(&inbox).unwrap();
    let n = generate(&staging, LATENCY_SAMPLES);
    assert!(n > 0);
    let settle_ms = 300; // the default `watch.settle`
    let mut child = Command::new(BINARY)
        .args(["run", "--watch"])
        .arg(&inbox)
        .arg("--store")
        .arg(base.join("latency-store"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<(String, Instant)>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send((line, Instant::now()));
        }
    });
    wait_for(&rx, "scan committed");
    let mut samples = Vec::new();
    for file in walk(&staging) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let target = inbox.join(&name);
        let moved = Instant::now();
        std::fs::rename(&file, &target).unwrap();
        let logged = wait_for(&rx, &format!("{name} "));
        samples.push(logged.duration_since(moved));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let _ = child.wait();
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (pick(0.5), pick(0.99), settle_ms)
}

fn wait_for(rx: &mpsc::Receiver<(String, Instant)>, needle: &str) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (line, at) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no line with {needle:?}"));
        if line.contains(needle) && (line.contains("added") || needle == "scan committed") {
            return at;
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn time(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}
