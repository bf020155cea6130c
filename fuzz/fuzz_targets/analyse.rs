//! Arbitrary bytes through everything a file meets before the store: decoding, text or
//! HTML parsing, extraction, annotation, the content hash and the near-duplicate
//! signature. Nothing may panic, whatever the bytes.
#![no_main]

use std::path::Path;

use articled::annotate::Signature;
use articled::extract::Gazetteer;
use articled::pipeline::analyse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses how the file is named, so both parsers are reached.
    let (kind, bytes) = data.split_first().map_or((0, data), |(k, rest)| (*k, rest));
    let path = if kind % 2 == 0 { Path::new("fuzz.txt") } else { Path::new("fuzz.html") };
    let record = analyse(path, bytes, &Gazetteer::bundled());
    if record.error.is_none() {
        let _ = Signature::of(&record.body);
    }
});
