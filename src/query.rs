//! Answers to `dump` and `status`, computed from an open store. The same code answers
//! whether the store was opened by the command itself or by the running daemon on its
//! control socket, so both paths print the same thing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::record::{ArticleRecord, Change};
use crate::store::{Counts, SCHEMA_VERSION, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "command")]
pub enum Request {
    Dump { selectors: Vec<Selector> },
    Status { recent: usize },
}

/// Which articles `dump` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Selector {
    Id(u64),
    /// An absolute path: the article at it, or every article below it.
    Path(String),
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Id(id) => write!(f, "id {id}"),
            Selector::Path(path) => f.write_str(path),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub store: String,
    pub schema_version: u32,
    /// Set when the report comes from a running daemon.
    pub daemon: Option<DaemonInfo>,
    pub counts: Counts,
    pub recent: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DaemonInfo {
    pub pid: u32,
    pub started: String,
    pub watching: Vec<String>,
}

/// Calls `emit` with each selected record in path order, and `missing` with each
/// selector that matched nothing. Stops early when `emit` returns false.
pub fn dump(
    store: &Store,
    selectors: &[Selector],
    mut emit: impl FnMut(ArticleRecord) -> bool,
    mut missing: impl FnMut(&Selector),
) -> Result<(), StoreError> {
    if selectors.is_empty() {
        for record in store.records() {
            if !emit(record?) {
                break;
            }
        }
        return Ok(());
    }
    let mut found: Vec<ArticleRecord> = Vec::new();
    for selector in selectors {
        let before = found.len();
        match selector {
            Selector::Id(id) => found.extend(store.record(*id)?),
            Selector::Path(path) => {
                let path = Path::new(path);
                match store.record_by_path(path)? {
                    Some(record) => found.push(record),
                    None => {
                        for (_, entry) in store.all_under(path)? {
                            found.extend(store.record(entry.id)?);
                        }
                    }
                }
            }
        }
        if found.len() == before {
            missing(selector);
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by_key(|r| r.id);
    for record in found {
        if !emit(record) {
            break;
        }
    }
    Ok(())
}

pub fn status(
    store: &Store,
    recent: usize,
    daemon: Option<DaemonInfo>,
) -> Result<StatusReport, StoreError> {
    Ok(StatusReport {
        store: store.dir().display().to_string(),
        schema_version: SCHEMA_VERSION,
        daemon,
        counts: store.counts()?,
        recent: store.recent_changes(recent)?,
    })
}
