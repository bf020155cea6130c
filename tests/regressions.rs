//! Inputs that once crashed the decoder, parser or extractor (found by fuzzing or in the
//! field), kept so they never do again. Each file is fed to `pipeline::analyse` as a
//! text file and as a web page, the way the fuzz target does.

use std::path::Path;

use articled::extract::Gazetteer;
use articled::pipeline::analyse;

#[test]
fn every_regression_input_is_analysed_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        // As the fuzz target does: the first byte picks the format.
        let (kind, body) = bytes
            .split_first()
            .map_or((0, &bytes[..]), |(k, rest)| (*k, rest));
        let name = if kind % 2 == 0 {
            "regression.txt"
        } else {
            "regression.html"
        };
        let record = analyse(Path::new(name), body, &Gazetteer::bundled());
        assert!(record.error.is_some() || !record.body.is_empty() || record.title.is_some());
        seen += 1;
    }
    assert!(seen >= 1, "no regression input found");
}
