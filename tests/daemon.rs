//! Drives the real `articled` binary on temporary folders.

use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");

/// A daemon on its own inbox and store, configured through a file like a user's.
struct TestDaemon {
    dir: tempfile::TempDir,
    child: Option<Child>,
    env: Vec<(String, String)>,
    /// Log bytes of earlier runs, so `log()` can tell this run's lines apart.
    log_offset: usize,
}

impl TestDaemon {
    fn new() -> TestDaemon {
        let dir = tempfile::Builder::new()
            .prefix("ad")
            .tempdir_in("/tmp")
            .unwrap();
        std::fs::create_dir(dir.path().join("inbox")).unwrap();
        std::fs::write(
            dir.path().join("articled.toml"),
            "[watch]\npaths = [\"inbox\"]\nsettle = \"100ms\"\n[store]\npath = \"store\"\n",
        )
        .unwrap();
        TestDaemon {
            dir,
            child: None,
            env: Vec::new(),
            log_offset: 0,
        }
    }

    fn seed(self, names: &[&str]) -> TestDaemon {
        for name in names {
            let from = seed_path(name);
            std::fs::copy(&from, self.inbox().join(from.file_name().unwrap())).unwrap();
        }
        self
    }

    /// Appends TOML to the configuration (keys of sections not yet written).
    fn config_extra(self, toml: &str) -> TestDaemon {
        let mut text = std::fs::read_to_string(self.config()).unwrap();
        text.push_str(toml);
        std::fs::write(self.config(), text).unwrap();
        self
    }

    fn env(mut self, key: &str, value: &str) -> TestDaemon {
        self.env.push((key.into(), value.into()));
        self
    }

    fn inbox(&self) -> PathBuf {
        self.dir.path().join("inbox").canonicalize().unwrap()
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("articled.toml")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("daemon.log")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_articled"));
        cmd.args(args)
            .arg("--config")
            .arg(self.config())
            .env_remove("RUST_LOG")
            .env_remove("NOTIFY_SOCKET");
        cmd
    }

    /// Starts `run` and waits until the start-up scan is committed.
    fn start(mut self) -> TestDaemon {
        self.log_offset = std::fs::read(self.log_path()).map(|l| l.len()).unwrap_or(0);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap();
        let mut cmd = self.command(&["run"]);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(log);
        self.child = Some(cmd.spawn().unwrap());
        self.wait_for_log("scan committed");
        self
    }

    /// Sends SIGTERM and waits for the exit.
    fn stop(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("daemon running");
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "daemon did not stop within 10s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// This run's log.
    fn log(&self) -> String {
        let bytes = std::fs::read(self.log_path()).unwrap_or_default();
        String::from_utf8_lossy(&bytes[self.log_offset.min(bytes.len())..]).into_owned()
    }

    fn wait_for_log(&self, needle: &str) {
        // Generous: it only bounds a failure, and a loaded two-core machine is slow.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.log().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in the log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn dump(&self) -> Vec<Value> {
        let out = self.run(&["dump", "--format", "json"]);
        assert!(
            out.status.success(),
            "dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The record of `name`, a path relative to the inbox.
    fn record(&self, name: &str) -> Option<Value> {
        let path = self.inbox().join(name);
        self.dump()
            .into_iter()
            .find(|r| r["path"] == path.to_str().unwrap())
    }

    /// Polls `dump` until `check` holds for the record of `name`; returns it and the wait.
    fn wait_for_record(&self, name: &str, check: impl Fn(&Value) -> bool) -> (Value, Duration) {
        let started = Instant::now();
        loop {
            if let Some(record) = self.record(name).filter(|r| check(r)) {
                return (record, started.elapsed());
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{name} never matched:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Writes a file the way careful writers do: a hidden temporary, then a rename.
    fn drop_file(&self, name: &str, content: &[u8]) {
        let tmp = self.inbox().join(format!(".{name}.partial"));
        std::fs::write(&tmp, content).unwrap();
        std::fs::rename(&tmp, self.inbox().join(name)).unwrap();
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn seed_path(name: &str) -> PathBuf {
    std::fs::read_dir(SEEDS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name))
        .unwrap_or_else(|| panic!("no seed {name}"))
}

fn seed_bytes(name: &str) -> Vec<u8> {
    std::fs::read(seed_path(name)).unwrap()
}

const ALL_SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

#[test]
fn once_ingests_the_seeds_and_a_second_run_reads_nothing() {
    let d = TestDaemon::new().seed(&ALL_SEEDS);
    let out = d.run(&["run", "--once"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(log.matches(" added ").count(), 5, "{log}");

    let records = d.dump();
    assert_eq!(records.len(), 5);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "dump is sorted by path");
    for r in &records {
        assert_eq!(
            (r["version"].as_u64(), r["status"].as_str()),
            (Some(1), Some("active"))
        );
        assert!(r["error"].is_null() && r["duplicate_of"].is_null(), "{r}");
        assert_eq!(r["content_hash"].as_str().unwrap().len(), 64);
        assert_eq!(r["language"], "vi");
        assert!(!r["body"].as_str().unwrap().is_empty());
    }
    let first = &records[0];
    assert_eq!(
        (first["published"].as_str(), first["outlet"].as_str()),
        (Some("2026-02-11"), Some("VTC News"))
    );

    let again = d.run(&["run", "--once"]);
    let log = String::from_utf8_lossy(&again.stderr);
    assert!(log.contains("files=5 queued=0 unchanged=5 gone=0"), "{log}");
    assert!(
        !log.contains(" added ") && !log.contains(" updated "),
        "{log}"
    );
}

/// A backlog in batches of three behind channels of one: every change is logged before
/// the scan's summary, which counts the changes of all its batches.
#[test]
fn a_backlog_in_small_batches_is_all_committed_before_its_scan_is_summed_up() {
    let d = TestDaemon::new().config_extra("batch_size = 3\n[pipeline]\nchannel_capacity = 1\n");
    let base = String::from_utf8(seed_bytes("004")).unwrap();
    for i in 0..31 {
        let text = format!(
            "{base}\n\nĐoạn bổ sung số {i}: {}.",
            "thêm chữ ".repeat(i + 1)
        );
        std::fs::write(d.inbox().join(format!("{i:02}.txt")), text).unwrap();
    }
    let out = d.run(&["run", "--once"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert_eq!(log.matches(" added ").count(), 31, "{log}");
    let summary = log
        .find("scan committed scan=\"once\" added=31 updated=0 duplicate=0")
        .unwrap_or_else(|| panic!("no summary counting all 31:\n{log}"));
    assert!(log.rfind(" added ").unwrap() < summary, "{log}");
    assert_eq!(d.dump().len(), 31);
}

#[test]
fn daemon_follows_drops_duplicates_edits_and_deletes() {
    let mut d = TestDaemon::new().seed(&["000"]).start();
    assert!(
        d.log().contains("added"),
        "startup scan ingests what is there"
    );

    // A file dropped while running is in the store within a second.
    d.drop_file("new.txt", &seed_bytes("004"));
    let (record, waited) = d.wait_for_record("new.txt", |_| true);
    eprintln!("drop to dump: {waited:?}");
    assert!(waited < Duration::from_secs(1), "took {waited:?}");
    assert_eq!(record["version"], 1);

    // The same text in another encoding and line ending is a duplicate.
    let crlf = String::from_utf8(seed_bytes("000"))
        .unwrap()
        .replace('\n', "\r\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(crlf.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    d.drop_file("copy.txt", &utf16);
    let original = d.inbox().join("000_efa56a6d66e0b958.txt");
    let (copy, _) = d.wait_for_record("copy.txt", |_| true);
    assert_eq!(copy["duplicate_of"], original.to_str().unwrap());
    d.wait_for_log("duplicate");

    // A touch changes nothing; an edit makes version 2.
    let new = d.inbox().join("new.txt");
    let file = std::fs::File::options().append(true).open(&new).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(d.record("new.txt").unwrap()["version"], 1);
    std::fs::write(
        &new,
        [seed_bytes("004"), "\nMột đoạn mới.\n".as_bytes().to_vec()].concat(),
    )
    .unwrap();
    let (edited, _) = d.wait_for_record("new.txt", |r| r["version"] == 2);
    assert!(edited["body"].as_str().unwrap().ends_with("Một đoạn mới."));

    // A delete marks the article removed; nothing is dropped from the store.
    std::fs::remove_file(&new).unwrap();
    d.wait_for_record("new.txt", |r| r["status"] == "removed");
    assert_eq!(d.dump().len(), 3);
    d.wait_for_log("removed");

    // The status log named every change with its path.
    let log = d.log();
    for (kind, name) in [
        ("added", "new.txt"),
        ("duplicate", "copy.txt"),
        ("updated", "new.txt"),
        ("removed", "new.txt"),
    ] {
        assert!(
            log.lines().any(|l| l.contains(kind) && l.contains(name)),
            "no {kind} line for {name}:\n{log}"
        );
    }
    assert!(d.stop().success());
}

#[test]
fn a_restart_reprocesses_nothing_and_catches_up_on_what_changed_while_down() {
    let mut d = TestDaemon::new().seed(&["000", "001", "002"]).start();
    d.wait_for_log("scan committed scan=\"startup\" added=3");
    assert!(d.stop().success());

    let mut d = d.start();
    let log = d.log();
    assert!(log.contains("files=3 queued=0 unchanged=3 gone=0"), "{log}");
    assert!(
        log.contains(
            "scan committed scan=\"startup\" added=0 updated=0 duplicate=0 removed=0 failed=0"
        ),
        "{log}"
    );
    assert!(d.stop().success());

    // Changes made while the daemon is down are found at the next start.
    std::fs::remove_file(d.inbox().join("001_e7f3d8cbe46bf37c.txt")).unwrap();
    std::fs::copy(seed_path("003"), d.inbox().join("003.txt")).unwrap();
    let mut d = d.start();
    assert!(
        d.log()
            .contains("scan committed scan=\"startup\" added=1 updated=0 duplicate=0 removed=1"),
        "{}",
        d.log()
    );
    assert!(d.stop().success());
}

#[test]
fn dump_and_status_work_while_running_and_when_stopped() {
    let mut d = TestDaemon::new().seed(&["000", "004"]).start();
    let running = d.run(&["status"]);
    let text = String::from_utf8(running.stdout).unwrap();
    assert!(text.contains("daemon    running"), "{text}");
    assert!(text.contains("2 active"), "{text}");
    let by_socket = d.dump();
    assert_eq!(by_socket.len(), 2);

    // The socket is the owner's only.
    let socket = d.dir.path().join("store/control.sock");
    let mode = std::fs::metadata(&socket).unwrap().permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600
    );

    assert!(d.stop().success());
    assert!(!socket.exists(), "the socket is removed at stop");
    // The queries done, nothing holds the store at a clean stop: sled is left its
    // snapshot, so the next start does not read back the whole log.
    assert!(d.log().contains("store checkpointed"), "{}", d.log());
    let stopped = d.run(&["status"]);
    let text = String::from_utf8(stopped.stdout).unwrap();
    assert!(text.contains("daemon    not running"), "{text}");
    assert_eq!(d.dump(), by_socket, "both paths print the same records");

    // Selecting by id and by path; an unknown selector is an error that names it.
    let id = by_socket[1]["id"].to_string();
    let out = d.run(&["dump", "--format", "json", &id]);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        by_socket[1]
    );
    let out = d.run(&["dump", "--format", "json", "/nowhere/x.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "articled: no article matches /nowhere/x.txt"
    );
}

#[test]
fn pretty_dump_and_status_read_well() {
    let d = TestDaemon::new().seed(&["003", "004"]);
    d.drop_file("copy-of-004.txt", &seed_bytes("004"));
    assert!(d.run(&["run", "--once"]).status.success());
    let tmp = d.dir.path().canonicalize().unwrap().display().to_string();
    let filters = vec![
        (tmp.as_str(), "[TMP]"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]"),
        (r"pid \d+", "pid [PID]"),
    ];
    insta::with_settings!({ filters => filters }, {
        let dump = d.run(&["dump"]);
        insta::assert_snapshot!("dump_pretty", String::from_utf8(dump.stdout).unwrap());
        let status = d.run(&["status"]);
        insta::assert_snapshot!("status_pretty", String::from_utf8(status.stdout).unwrap());
    });
}

#[test]
fn systemd_readiness_is_notified() {
    let dir = tempfile::tempdir().unwrap();
    let socket_path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut d = TestDaemon::new()
        .seed(&["000"])
        .env("NOTIFY_SOCKET", socket_path.to_str().unwrap());
    // `start` clears NOTIFY_SOCKET from the parent environment, then sets the test's.
    d = d.start();
    let mut messages = String::new();
    let mut buf = [0u8; 4096];
    while !messages.contains("READY=1") {
        let n = socket.recv(&mut buf).expect("no READY=1 within 15s");
        messages.push_str(&String::from_utf8_lossy(&buf[..n]));
        messages.push('\n');
    }
    assert!(
        messages.contains("STATUS=watching 1 folder(s)"),
        "{messages}"
    );
    assert!(d.stop().success());
    let mut rest = String::new();
    socket
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    while let Ok(n) = socket.recv(&mut buf) {
        rest.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(rest.contains("STOPPING=1"), "{rest}");
}

#[test]
fn bad_config_and_unopenable_store_are_one_clear_line() {
    let d = TestDaemon::new();
    std::fs::write(
        d.config(),
        "[watch]\nsettle = \"100ms\"\nfolders = [\"x\"]\n",
    )
    .unwrap();
    let out = d.run(&["run", "--once"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("articled.toml:3:1: unknown field `folders`"),
        "{err}"
    );

    std::fs::write(
        d.config(),
        "[store]\npath = \"store\"\n[pipeline]\nchannel_capacity = 0\n",
    )
    .unwrap();
    let err = String::from_utf8(d.run(&["status"]).stderr).unwrap();
    assert_eq!(
        err.trim(),
        "articled: config key pipeline.channel_capacity: must be at least 1"
    );

    // A store path that is a file cannot be opened.
    std::fs::write(d.dir.path().join("blocker"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_articled"))
        .args(["run", "--once", "--watch"])
        .arg(d.dir.path().join("inbox"))
        .arg("--store")
        .arg(d.dir.path().join("blocker"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("articled: open store ") && last.contains("blocker"),
        "{err}"
    );
}

#[test]
fn an_event_queue_overflow_rescans_and_misses_nothing() {
    let mut d = TestDaemon::new()
        .config_extra("[pipeline]\nevent_capacity = 1\nchannel_capacity = 1\n")
        .start();
    let text = String::from_utf8(seed_bytes("001")).unwrap();
    for i in 0..200 {
        d.drop_file(
            &format!("burst-{i:03}.txt"),
            format!("{text}\nBản số {i}.").as_bytes(),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let records = d.dump();
        if records.len() == 200 {
            assert!(
                records
                    .iter()
                    .all(|r| r["version"] == 1 && r["duplicate_of"].is_null())
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} of 200 stored:\n{}",
            records.len(),
            d.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        d.log().contains("event queue overflowed; rescanning"),
        "{}",
        d.log()
    );
    assert!(d.stop().success());
}

#[test]
fn new_folders_are_scanned_at_once_even_when_moved_in_whole() {
    let mut d = TestDaemon::new().start();
    // Created in place, with files written before its watch can be in place.
    let fresh = d.inbox().join("a/b/c");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::copy(seed_path("000"), fresh.join("x.txt")).unwrap();
    // Built elsewhere and moved in with one rename: one event, for the folder only.
    let outside = d.dir.path().join("staging/d");
    std::fs::create_dir_all(outside.join("e")).unwrap();
    std::fs::copy(seed_path("002"), outside.join("e/y.txt")).unwrap();
    std::fs::rename(&outside, d.inbox().join("d")).unwrap();
    d.wait_for_record("a/b/c/x.txt", |_| true);
    d.wait_for_record("d/e/y.txt", |_| true);

    // A folder moved out takes its articles with it.
    std::fs::rename(d.inbox().join("d"), d.dir.path().join("staging/d")).unwrap();
    d.wait_for_record("d/e/y.txt", |r| r["status"] == "removed");
    assert!(d.stop().success());
}

#[test]
fn a_slow_writer_is_read_once_when_done() {
    let mut d = TestDaemon::new().start();
    let bytes = seed_bytes("003");
    let path = d.inbox().join("slow.txt");
    let mut file = std::fs::File::create(&path).unwrap();
    // Chunks 40 ms apart, within the 100 ms settle window.
    for chunk in bytes.chunks(bytes.len() / 8 + 1) {
        std::io::Write::write_all(&mut file, chunk).unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }
    drop(file);
    let (record, _) = d.wait_for_record("slow.txt", |_| true);
    std::thread::sleep(Duration::from_millis(300));
    let record_later = d.record("slow.txt").unwrap();
    assert_eq!(
        record_later["version"],
        1,
        "read before the writer was done:\n{}",
        d.log()
    );
    assert_eq!(record["content_hash"], record_later["content_hash"]);
    assert!(record["body"].as_str().unwrap().ends_with("của Moskva."));
    assert!(d.stop().success());
}

#[test]
fn links_leading_outside_are_not_followed() {
    let d = TestDaemon::new().seed(&["000"]);
    let outside = d.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::copy(seed_path("001"), outside.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, d.inbox().join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), d.inbox().join("linked.txt")).unwrap();
    std::os::unix::fs::symlink(d.inbox().join("loop.txt"), d.inbox().join("loop.txt")).unwrap();
    assert!(d.run(&["run", "--once"]).status.success());
    let records = d.dump();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(
        records[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("000_efa56a6d66e0b958.txt")
    );
}

#[test]
fn json_log_lines_carry_the_change_and_the_path() {
    let d = TestDaemon::new().seed(&["000"]);
    let out = d.run(&["run", "--once", "--log-format", "json"]);
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let added = lines
        .iter()
        .find(|l| l["message"] == "added")
        .expect("an added line");
    assert!(
        added["path"]
            .as_str()
            .unwrap()
            .ends_with("000_efa56a6d66e0b958.txt")
    );
    assert_eq!(
        (added["level"].as_str(), added["version"].as_u64()),
        (Some("INFO"), Some(1))
    );
}

#[test]
fn the_periodic_reconcile_runs_on_its_interval() {
    let d = TestDaemon::new().seed(&["000"]);
    let text = std::fs::read_to_string(d.config()).unwrap();
    std::fs::write(
        d.config(),
        text.replace("[watch]\n", "[watch]\nrescan_interval = \"1s\"\n"),
    )
    .unwrap();
    let mut d = d.start();
    d.wait_for_log(
        "scan committed scan=\"periodic\" added=0 updated=0 duplicate=0 removed=0 failed=0",
    );
    assert!(d.log().contains("scan finished scan=\"periodic\""));
    assert!(d.stop().success());
}

#[test]
fn a_lightly_edited_rewrite_is_linked_to_its_original() {
    let d = TestDaemon::new().seed(&["002", "001"]);
    let original = String::from_utf8(seed_bytes("002")).unwrap();
    let rewrite = original
        .replace("nhấn mạnh", "khẳng định")
        .replace("thông báo", "cho biết")
        + "\nBài viết được cập nhật lúc 18 giờ.\n";
    d.drop_file("rewrite.txt", rewrite.as_bytes());
    assert!(d.run(&["run", "--once"]).status.success());
    let rewrite = d.record("rewrite.txt").unwrap();
    assert!(
        rewrite["duplicate_of"].is_null(),
        "an edit is not an exact duplicate"
    );
    let near = rewrite["near_duplicates"].as_array().unwrap();
    assert_eq!(near.len(), 1, "{near:?}");
    assert!(
        near[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("002_bb8a1ef381af50ba.txt")
    );
    assert!(near[0]["similarity"].as_f64().unwrap() >= 0.5);
    let original = d.record("002_bb8a1ef381af50ba.txt").unwrap();
    assert_eq!(original["near_duplicates"][0]["path"], rewrite["path"]);
    assert!(
        d.record("001_e7f3d8cbe46bf37c.txt").unwrap()["near_duplicates"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// A stop saves the near-duplicate index in the store's folder; the next start reads
/// it back instead of rebuilding it from the signatures, and finds near duplicates
/// against it.
#[test]
fn the_near_duplicate_index_a_stop_saves_is_read_by_the_next_start() {
    let d = TestDaemon::new()
        .seed(&["002", "001"])
        .env("RUST_LOG", "info,articled=debug");
    let mut d = d.start();
    assert!(d.log().contains("from=Signatures"), "{}", d.log());
    assert!(d.stop().success());
    assert!(d.dir.path().join("store/near-index").is_file());

    let d = d.start();
    let original = String::from_utf8(seed_bytes("002")).unwrap();
    let rewrite = original.replace("nhấn mạnh", "khẳng định") + "\nCập nhật lúc 18 giờ.\n";
    d.drop_file("rewrite.txt", rewrite.as_bytes());
    let (record, _) = d.wait_for_record("rewrite.txt", |r| {
        r["near_duplicates"]
            .as_array()
            .is_some_and(|n| !n.is_empty())
    });
    assert!(
        record["near_duplicates"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("002_bb8a1ef381af50ba.txt")
    );
    let log = d.log();
    assert!(
        log.contains("from=File") && !log.contains("from=Signatures"),
        "{log}"
    );
}

/// Hostile and malformed input. Every case sits next to the seeds in one folder;
/// the run must finish, exit 0, never panic, store every seed cleanly, and record each
/// bad file with an `error` or name it in the log with the reason.
#[test]
fn hostile_inputs_never_stop_the_run_or_leak_in() {
    use std::os::unix::ffi::OsStrExt;
    let d = TestDaemon::new().seed(&ALL_SEEDS);
    let inbox = d.inbox();
    let write = |name: &str, bytes: &[u8]| std::fs::write(inbox.join(name), bytes).unwrap();
    write("empty.txt", b"");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write("binary.txt", &noise);
    write("nul.txt", b"Tin t\xe1\xbb\xa9c\0\0 v\xe1\xbb\x81 Ukraine");
    let mut invalid = seed_bytes("001");
    invalid.splice(100..100, [0xFF, 0xFE, 0xC3]);
    write("invalid-utf8.txt", &invalid);
    let text = String::from_utf8(seed_bytes("004")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write("utf16.txt", &utf16);
    let huge = std::fs::File::create(inbox.join("huge.txt")).unwrap();
    huge.set_len(60 * 1024 * 1024).unwrap();
    let line = String::from_utf8(seed_bytes("000"))
        .unwrap()
        .replace('\n', " ");
    write(
        "one-line.txt",
        line.repeat(5_000_000 / line.len() + 1).as_bytes(),
    );
    let deep = inbox.join("a/b/c/d/e/f/g");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(seed_path("002"), deep.join("deep.txt")).unwrap();
    write("new\nline.txt", &seed_bytes("003"));
    std::fs::write(
        inbox.join(std::ffi::OsStr::from_bytes(b"bad\xffname.txt")),
        seed_bytes("001"),
    )
    .unwrap();
    std::fs::create_dir(inbox.join("x.txt")).unwrap();
    std::fs::copy(seed_path("000"), inbox.join("x.txt/inner.txt")).unwrap();
    let fifo = std::ffi::CString::new(inbox.join("pipe.txt").as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/etc/passwd", inbox.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(inbox.join("loop.txt"), inbox.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink(inbox.join("nowhere.txt"), inbox.join("dangling.txt")).unwrap();

    // A FIFO must not hang the run: give it a deadline.
    let mut child = d
        .command(&["run", "--once"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "run --once did not finish within 120 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = reader.join().unwrap();
    assert!(status.success(), "exit {status}:\n{log}");
    assert!(!log.contains("panicked"), "{log}");

    let records = d.dump();
    let by_name = |name: &str| {
        records
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .cloned()
    };
    for seed in [
        "000_efa56a6d66e0b958.txt",
        "001_e7f3d8cbe46bf37c.txt",
        "002_bb8a1ef381af50ba.txt",
        "003_8de8132319d639a8.txt",
        "004_97cefd46ac0c082a.txt",
    ] {
        let r = by_name(&format!("inbox/{seed}")).unwrap_or_else(|| panic!("{seed} not stored"));
        assert!(r["error"].is_null(), "{seed}: {}", r["error"]);
    }
    let error_of = |name: &str| {
        by_name(name).unwrap_or_else(|| panic!("{name} not stored"))["error"]
            .as_str()
            .map(str::to_owned)
    };
    assert_eq!(error_of("empty.txt").as_deref(), Some("empty file"));
    assert!(
        error_of("binary.txt")
            .unwrap()
            .starts_with("binary content")
    );
    assert_eq!(
        error_of("nul.txt").as_deref(),
        Some("binary content: NUL bytes")
    );
    assert!(
        error_of("huge.txt")
            .unwrap()
            .starts_with("file too large: 62914560 bytes")
    );
    for readable in [
        "invalid-utf8.txt",
        "one-line.txt",
        "g/deep.txt",
        "new\nline.txt",
        "name.txt",
        "x.txt/inner.txt",
    ] {
        assert_eq!(error_of(readable), None, "{readable}");
    }
    // The UTF-16 copy is the same article as the seed it was made from.
    assert!(
        by_name("utf16.txt").unwrap()["duplicate_of"]
            .as_str()
            .unwrap()
            .ends_with("004_97cefd46ac0c082a.txt")
    );
    // Nothing that is not a regular file inside the folder is stored; each is named.
    for skipped in ["pipe.txt", "passwd.txt", "loop.txt", "dangling.txt"] {
        assert!(by_name(skipped).is_none(), "{skipped} was stored");
        assert!(
            log.lines()
                .any(|l| l.contains("skipped") && l.contains(skipped)),
            "{skipped} not in the log:\n{log}"
        );
    }
    assert!(
        !records
            .iter()
            .any(|r| r["path"].as_str().unwrap().ends_with("/x.txt"))
    );
    assert!(
        !records
            .iter()
            .any(|r| r["body"].as_str().unwrap().contains("root:x:0:0"))
    );
}

/// Unique articles, each a seed with its own opening paragraph.
fn unique_articles(n: usize) -> Vec<(String, Vec<u8>)> {
    let seeds: Vec<Vec<u8>> = ALL_SEEDS.iter().map(|s| seed_bytes(s)).collect();
    (0..n)
        .map(|i| {
            let opening = format!(
                "Bản tin số {i}: phóng viên ghi nhận diễn biến mới lúc {} giờ {} phút.\n\n",
                i % 24,
                i % 60
            );
            (
                format!("crash-{i:05}.txt"),
                [opening.as_bytes(), &seeds[i % seeds.len()]].concat(),
            )
        })
        .collect()
}

/// Nothing lost across crashes. Articles are moved into the folder in bursts
/// while the daemon is killed with SIGKILL at pseudo-random moments and restarted;
/// afterwards every file has exactly one active record, version 1, no error. The size
/// comes from ARTICLED_CRASH_ARTICLES (default 300, for CI; run larger by hand).
#[test]
fn sigkill_at_random_moments_loses_nothing_and_replays_are_not_versions() {
    let total: usize = std::env::var("ARTICLED_CRASH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let kills = 5;
    let mut d = TestDaemon::new();
    let staging = d.dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let articles = unique_articles(total);
    for (name, bytes) in &articles {
        std::fs::write(staging.join(name), bytes).unwrap();
    }
    // A small linear congruential generator: the same "random" moments every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % below
    };
    let per_burst = total.div_ceil(kills);
    let mut moved = 0;
    for _ in 0..kills {
        d = d.start();
        let burst = per_burst.min(total - moved);
        for (name, _) in &articles[moved..moved + burst] {
            std::fs::rename(staging.join(name), d.inbox().join(name)).unwrap();
        }
        moved += burst;
        std::thread::sleep(Duration::from_millis(50 + random(600)));
        let mut child = d.child.take().unwrap();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    // The kills must have hit work in flight: some start-up scan found files that the
    // run before it had not committed (files are only moved in after a start-up scan).
    let log = String::from_utf8(std::fs::read(d.log_path()).unwrap()).unwrap();
    let leftovers = log
        .lines()
        .filter(|l| {
            l.contains("scan=\"startup\"")
                && l.contains("scan finished")
                && !l.contains(" queued=0 ")
        })
        .count();
    assert!(leftovers >= 1, "no kill interrupted any work:\n{log}");
    // A last, clean run finishes the job.
    let out = d.run(&["run", "--once"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = d.dump();
    assert_eq!(records.len(), total, "one record per file");
    for r in &records {
        assert_eq!(
            (r["status"].as_str(), r["version"].as_u64()),
            (Some("active"), Some(1)),
            "{}",
            r["path"]
        );
        assert!(r["error"].is_null(), "{}: {}", r["path"], r["error"]);
        assert!(r["duplicate_of"].is_null(), "{}", r["path"]);
    }
    let status = String::from_utf8(d.run(&["status"]).stdout).unwrap();
    assert!(
        status.contains(&format!("articles  {total} active, 0 removed")),
        "{status}"
    );
}

/// The control socket refuses malformed and oversized requests with an error
/// reply, and a client that connects and stalls blocks neither the daemon nor others.
#[test]
fn the_control_socket_refuses_bad_requests_and_survives_stalled_clients() {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::net::UnixStream;
    let mut d = TestDaemon::new().seed(&["000"]).start();
    let socket = d.dir.path().join("store/control.sock");
    let ask = |request: &[u8]| -> Value {
        let mut stream = UnixStream::connect(&socket).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // A refused request may be answered before all of it is written.
        let _ = stream.write_all(request);
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap()
    };
    for request in [
        &b"this is not json\n"[..],
        b"{\"command\":\"drop tables\"}\n",
    ] {
        let reply = ask(request);
        assert!(
            reply["error"]
                .as_str()
                .unwrap()
                .starts_with("malformed request"),
            "{reply}"
        );
    }
    let reply = ask(&vec![b'x'; 200_000]);
    assert!(
        reply["error"].as_str().unwrap().contains("longer than"),
        "{reply}"
    );

    // Stalled clients: connected, silent. Others are still served at once.
    let stalled: Vec<UnixStream> = (0..20)
        .map(|_| UnixStream::connect(&socket).unwrap())
        .collect();
    let started = Instant::now();
    let out = d.run(&["status"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("daemon    running")
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "status took {:?}",
        started.elapsed()
    );
    assert_eq!(d.dump().len(), 1);
    drop(stalled);
    assert!(d.stop().success());
}

/// SIGTERM during a backlog abandons work not yet analysed and exits 0
/// within a few seconds; the next start finishes the job.
#[test]
fn sigterm_during_a_backlog_exits_promptly_and_the_next_start_finishes() {
    let mut d = TestDaemon::new().start();
    let staging = d.dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let articles = unique_articles(1000);
    for (name, bytes) in &articles {
        std::fs::write(staging.join(name), bytes).unwrap();
    }
    for (name, _) in &articles {
        std::fs::rename(staging.join(name), d.inbox().join(name)).unwrap();
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = d.stop();
    let took = started.elapsed();
    eprintln!("stopped with a backlog in {took:?}");
    assert!(status.success(), "{status}");
    assert!(took < Duration::from_secs(5), "stop took {took:?}");
    assert!(d.log().contains("stopped"), "{}", d.log());
    let out = d.run(&["run", "--once"]);
    assert!(out.status.success());
    let records = d.dump();
    assert_eq!(records.len(), 1000);
    assert!(
        records
            .iter()
            .all(|r| r["version"] == 1 && r["error"].is_null())
    );
}

/// The watched folder removed and re-created: a clear log line, its articles
/// marked removed, and watching resumes when it returns.
#[test]
fn a_watched_folder_that_vanishes_is_watched_again_when_it_returns() {
    let mut d = TestDaemon::new().seed(&["000"]).start();
    std::fs::remove_dir_all(d.inbox()).unwrap();
    let inbox = d.dir.path().join("inbox");
    d.wait_for_log("watched folder is gone");
    let deadline = Instant::now() + Duration::from_secs(10);
    while d.dump()[0]["status"] != "removed" {
        assert!(Instant::now() < deadline, "not removed:\n{}", d.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::create_dir(&inbox).unwrap();
    d.wait_for_log("watched folder is back");
    std::fs::copy(seed_path("001"), inbox.join("after.txt")).unwrap();
    let (record, waited) = d.wait_for_record("after.txt", |_| true);
    assert_eq!(record["version"], 1);
    eprintln!("a file in the returned folder was stored {waited:?} after it was written");
    // The one that was there before comes back when it is copied in again.
    std::fs::copy(seed_path("000"), inbox.join("000_efa56a6d66e0b958.txt")).unwrap();
    d.wait_for_record("000_efa56a6d66e0b958.txt", |r| r["status"] == "active");
    assert!(d.stop().success());
}

/// Unmounts a test filesystem, also when the test fails.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full store disk stops the daemon with a clear message and no corruption;
/// the watched files are never touched; once there is room, the next run finishes.
/// Needs to mount a small tmpfs (root); says so and checks nothing where it cannot.
#[test]
fn a_full_disk_stops_the_daemon_clearly_and_corrupts_nothing() {
    let d = TestDaemon::new();
    let mount_point = d.dir.path().join("small");
    std::fs::create_dir(&mount_point).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&mount_point)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("NOT RUN: mounting a tmpfs needs root; the full-disk behaviour was not checked");
        return;
    }
    let _guard = Mounted(mount_point.clone());
    let articles = unique_articles(600);
    for (name, bytes) in &articles {
        std::fs::write(d.inbox().join(name), bytes).unwrap();
    }
    let before: Vec<(PathBuf, Vec<u8>)> = articles
        .iter()
        .map(|(n, _)| (d.inbox().join(n), std::fs::read(d.inbox().join(n)).unwrap()))
        .collect();
    let store = mount_point.join("store");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_articled"))
            .args(["run", "--once", "--watch"])
            .arg(d.inbox())
            .arg("--store")
            .arg(&store)
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().last(),
        Some("articled: store: write failed: no space left on the device"),
        "{stderr}"
    );

    // Room again: the store opens, the run finishes, every article once at version 1.
    assert!(
        Command::new("mount")
            .args(["-o", "remount,size=64m"])
            .arg(&mount_point)
            .status()
            .unwrap()
            .success()
    );
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dump = Command::new(env!("CARGO_BIN_EXE_articled"))
        .args(["dump", "--format", "json", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(dump.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 600);
    assert!(
        records
            .iter()
            .all(|r| r["version"] == 1 && r["error"].is_null() && r["status"] == "active")
    );
    for (path, bytes) in before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} was modified",
            path.display()
        );
    }
}
