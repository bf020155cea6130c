//! articled: watches folders of news articles and keeps a searchable, deduplicated,
//! annotated store of them. See ARCHITECTURE.md for the map.

pub mod annotate;
pub mod cli;
pub mod config;
pub mod control;
pub mod daemon;
pub mod extract;
pub mod logging;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod query;
pub mod reader;
pub mod record;
pub mod store;
pub mod text;
pub mod watcher;

/// The seeds and every file of the labelled sets (articles and their labels).
#[cfg(test)]
pub(crate) fn sample_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("seeds")];
    for entry in std::fs::read_dir(root.join("tests/eval")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files
}

/// The seeds and every labelled article, as text, for tests that hold a fast path to
/// the plain one it replaces over real input.
#[cfg(test)]
pub(crate) fn sample_texts() -> Vec<String> {
    let texts: Vec<String> = sample_files()
        .into_iter()
        .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
        .collect();
    assert!(texts.len() > 100, "{} sample texts", texts.len());
    texts
}
