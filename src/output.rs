//! How `dump` and `status` print: JSON Lines for machines, a compact text for people.

use std::fmt::Write as _;

use crate::query::StatusReport;
use crate::record::{ArticleRecord, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Pretty,
}

pub fn record(record: &ArticleRecord, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string(record).expect("records always serialise"),
        Format::Pretty => pretty_record(record),
    }
}

pub fn status(report: &StatusReport, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string(report).expect("reports always serialise"),
        Format::Pretty => pretty_status(report),
    }
}

fn pretty_record(r: &ArticleRecord) -> String {
    let mut out = String::new();
    let status = match r.status {
        Status::Active => "active",
        Status::Removed => "removed",
    };
    let _ = writeln!(out, "{}", r.path);
    let _ = writeln!(
        out,
        "  id {} · version {} · {status} · first seen {} · updated {}",
        r.id, r.version, r.first_seen, r.updated_at
    );
    if let Some(error) = &r.error {
        let _ = writeln!(out, "  error      {error}");
        return out;
    }
    let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "  title      {}", or_none(&r.title));
    let _ = writeln!(
        out,
        "  published  {} · outlet {} · language {}",
        or_none(&r.published),
        or_none(&r.outlet),
        or_none(&r.language)
    );
    if let Some(place) = &r.dateline {
        let _ = writeln!(out, "  filed from {place}");
    }
    if !r.authors.is_empty() || !r.sources.is_empty() {
        let _ = writeln!(
            out,
            "  authors    {} · sources {}",
            list(&r.authors),
            list(&r.sources)
        );
    }
    if let Some(original) = &r.duplicate_of {
        let _ = writeln!(out, "  duplicate of {original}");
    }
    for near in &r.near_duplicates {
        let _ = writeln!(
            out,
            "  near duplicate of {} ({:.2})",
            near.path, near.similarity
        );
    }
    if !r.entities.is_empty() {
        // Most mentioned first: what the article is about.
        let mut entities: Vec<_> = r.entities.iter().collect();
        entities.sort_by_key(|e| std::cmp::Reverse(e.mentions));
        let names: Vec<String> = entities
            .iter()
            .map(|e| format!("{} ({}, {})", e.name, e.kind.as_str(), e.mentions))
            .collect();
        let _ = writeln!(out, "  entities   {}", names.join(", "));
    }
    let _ = writeln!(
        out,
        "  found      {} quotes · {} dates · {} numbers · {} words",
        r.quotes.len(),
        r.dates.len(),
        r.numbers.len(),
        crate::annotate::word_count(&r.body)
    );
    let lede: String = r
        .body
        .split("\n\n")
        .next()
        .unwrap_or("")
        .chars()
        .take(160)
        .collect();
    let _ = writeln!(
        out,
        "  lede       {lede}{}",
        if lede.chars().count() == 160 {
            "…"
        } else {
            ""
        }
    );
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}

fn pretty_status(s: &StatusReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "store     {} (schema {})", s.store, s.schema_version);
    match &s.daemon {
        Some(d) => {
            let _ = writeln!(
                out,
                "daemon    running, pid {}, since {}, watching {}",
                d.pid,
                d.started,
                d.watching.join(", ")
            );
        }
        None => {
            let _ = writeln!(out, "daemon    not running");
        }
    }
    let c = &s.counts;
    let _ = writeln!(
        out,
        "articles  {} active, {} removed; of the active, {} duplicates and {} failed",
        c.active, c.removed, c.duplicates, c.failed
    );
    if s.recent.is_empty() {
        let _ = writeln!(out, "no changes yet");
    } else {
        let _ = writeln!(out, "recent changes, newest first:");
        for change in &s.recent {
            let detail = match (&change.detail, change.kind.as_str()) {
                (Some(d), "duplicate") => format!(" of {d}"),
                (Some(d), _) => format!(": {d}"),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}  {:<9}  {} (id {}, v{}){detail}",
                change.at,
                change.kind.as_str(),
                change.path,
                change.id,
                change.version
            );
        }
    }
    out
}
