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
