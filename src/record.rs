//! The article record and the change journal entry: the JSON contract of `dump` and
//! `status`. Field names and meanings here are stable; add fields, never rename them.

use serde::{Deserialize, Serialize};

/// One article as stored and as printed by `dump --format json`.
///
/// The pipeline fills a default record with the file's content; the store then sets
/// its identity (`id`, `version`, `status`, times, `duplicate_of`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub id: u64,
    pub path: String,
    /// Hex BLAKE3 of the normalised text; null when the file could not be read at all.
    pub content_hash: Option<String>,
    /// 1 when first stored, +1 for each real content change.
    pub version: u32,
    pub status: Status,
    pub first_seen: String,
    pub updated_at: String,
    /// Path of the earliest active article with the same content hash.
    pub duplicate_of: Option<String>,
    pub near_duplicates: Vec<NearDuplicate>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// The place a wire copy was filed from, as its dateline gives it (`Tokyo (TTXVN) -`).
    #[serde(default)]
    pub dateline: Option<String>,
    pub authors: Vec<String>,
    pub sources: Vec<String>,
    pub language: Option<String>,
    pub body: String,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub numbers: Vec<NumberMention>,
    /// Why the file could not be processed, or null.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearDuplicate {
    pub path: String,
    pub similarity: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    pub kind: EntityKind,
    pub mentions: u32,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    /// ISO date (`2025-02-11`), or `--02-11` when the year is unknown.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberMention {
    pub text: String,
    pub value: f64,
    pub unit: Option<String>,
}

/// What a committed change did to an article; the words of the status log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Updated,
    Duplicate,
    Removed,
    Failed,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::Added,
        ChangeKind::Updated,
        ChangeKind::Duplicate,
        ChangeKind::Removed,
        ChangeKind::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Updated => "updated",
            ChangeKind::Duplicate => "duplicate",
            ChangeKind::Removed => "removed",
            ChangeKind::Failed => "failed",
        }
    }
}

/// One entry of the change journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: u64,
    pub at: String,
    pub kind: ChangeKind,
    pub path: String,
    pub id: u64,
    pub version: u32,
    /// The original's path for a duplicate, the reason for a failure.
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_stored_before_the_dateline_field_still_reads() {
        let mut old = serde_json::to_value(ArticleRecord {
            title: Some("Tin".into()),
            ..Default::default()
        })
        .unwrap();
        old.as_object_mut().unwrap().remove("dateline");
        let record: ArticleRecord = serde_json::from_value(old).unwrap();
        assert_eq!(
            (record.title.as_deref(), record.dateline),
            (Some("Tin"), None)
        );
    }
}
