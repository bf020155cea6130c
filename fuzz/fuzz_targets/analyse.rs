//! Arbitrary bytes through everything a file meets before the store: decoding, text or
//! HTML parsing, extraction, annotation (with the near-duplicate signature) and the
//! content hash. Nothing may panic, whatever the bytes.
#![no_main]

use std::path::Path;

use articled::extract::Gazetteer;
use articled::pipeline::analyse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses how the file is named, so both parsers are reached.
    let (kind, bytes) = data.split_first().map_or((0, data), |(k, rest)| (*k, rest));
    let path = if kind % 2 == 0 { Path::new("fuzz.txt") } else { Path::new("fuzz.html") };
    let _ = analyse(path, bytes, &Gazetteer::bundled());
});
