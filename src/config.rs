//! Settings: the TOML file, its defaults, and how command-line flags override it.
//!
//! Parsing happens in two steps, as in ripgrep: [`Config`] mirrors the file (every key
//! optional, unknown keys rejected), and [`Config::resolve`] turns it, together with the
//! flags, into [`Settings`], where every path is absolute and every value is checked.
//! Nothing here touches the store or the watched folders beyond creating nothing; creating
//! the inbox is the watcher's job.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// The bundled default configuration: every key commented out, with its default.
pub const BUNDLED: &str = include_str!("../config/articled.toml");

/// The file as written. Missing keys take the defaults of [`Default`].
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub watch: WatchConfig,
    pub store: StoreConfig,
    pub pipeline: PipelineConfig,
    pub control: ControlConfig,
    pub extract: ExtractConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchConfig {
    /// Folders to watch recursively. Empty means `<data dir>/inbox`.
    pub paths: Vec<PathBuf>,
    /// File extensions that are articles (lowercase, without the dot).
    pub extensions: Vec<String>,
    /// Globs on the file name of files to ignore (temporary and editor files).
    pub ignore: Vec<String>,
    /// A file is read once no event has touched it for this long.
    #[serde(with = "humantime_serde")]
    pub settle: Duration,
    /// How often the folders are reconciled with the store even without events.
    #[serde(with = "humantime_serde")]
    pub rescan_interval: Duration,
    /// Files larger than this are recorded as failed without being read.
    pub max_file_size: u64,
    /// Create a missing watched folder at start instead of failing.
    pub create_missing: bool,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            paths: Vec::new(),
            extensions: vec!["txt".into(), "html".into(), "htm".into()],
            ignore: [
                "*~",
                "*.swp",
                "*.swx",
                "*.tmp",
                "*.part",
                "*.crdownload",
                "#*#",
                "4913",
            ]
            .map(String::from)
            .to_vec(),
            settle: Duration::from_millis(300),
            rescan_interval: Duration::from_secs(300),
            max_file_size: 16 * 1024 * 1024,
            create_missing: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// The sled store's folder. Unset means `<data dir>/store`.
    pub path: Option<PathBuf>,
    /// At most this many changes are committed (and flushed) together.
    pub batch_size: usize,
    /// The change journal keeps this many most recent entries.
    pub journal_limit: u64,
    /// Bytes of sled's page cache (default 16 MiB; sled's own default of 1 GB let a
    /// large backlog's memory grow with the store for no gain in speed, BENCHMARKS.md).
    pub cache_capacity: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: None,
            batch_size: 256,
            journal_limit: 100_000,
            cache_capacity: crate::store::DEFAULT_CACHE_BYTES,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineConfig {
    /// Capacity of each channel between two pipeline stages.
    pub channel_capacity: usize,
    /// Capacity of the queue of raw filesystem events; when it is full the folders are
    /// rescanned instead of losing an event.
    pub event_capacity: usize,
    /// Tasks extracting at once, the stage that costs the most CPU; 0 is one per core
    /// the daemon may use.
    pub extract_workers: usize,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            channel_capacity: 64,
            event_capacity: 4096,
            extract_workers: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Extra gazetteer files (TSV, as in `config/gazetteer/`) added to the bundled one.
    pub gazetteer: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ControlConfig {
    /// The Unix socket the daemon serves `dump` and `status` on. Unset means
    /// `control.sock` inside the store folder.
    pub socket: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A `tracing` filter such as `info` or `articled=debug`; `RUST_LOG` wins when set.
    pub level: String,
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            level: "info".into(),
            format: LogFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// What the command line may override.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub watch: Vec<PathBuf>,
    pub store: Option<PathBuf>,
    pub log_format: Option<LogFormat>,
}

/// Validated settings with absolute paths: what the rest of the program reads.
#[derive(Debug, Clone)]
pub struct Settings {
    pub watch_roots: Vec<PathBuf>,
    pub store_dir: PathBuf,
    pub socket: PathBuf,
    pub watch: WatchConfig,
    pub store: StoreConfig,
    pub pipeline: PipelineConfig,
    pub extract: ExtractConfig,
    pub log: LogConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("read config {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("config {origin}:{line}:{column}: {message}")]
    Parse {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("config key {key}: {reason}")]
    Invalid { key: &'static str, reason: String },
    #[error("no data folder: set store.path and watch.paths, or HOME")]
    NoDataDir,
}

impl Config {
    /// Loads the file at `path`, or the bundled default when `path` is `None`.
    /// Relative paths in a file are relative to the file's folder.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(path) = path else {
            return Config::parse(BUNDLED, "(bundled)");
        };
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: path.to_owned(),
            error,
        })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        let base = path.parent().map(absolute).unwrap_or_default();
        config.watch.paths = config
            .watch
            .paths
            .iter()
            .map(|p| expand(p, &base))
            .collect();
        config.store.path = config.store.path.as_deref().map(|p| expand(p, &base));
        config.control.socket = config.control.socket.as_deref().map(|p| expand(p, &base));
        config.extract.gazetteer = config
            .extract
            .gazetteer
            .iter()
            .map(|p| expand(p, &base))
            .collect();
        Ok(config)
    }

    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ConfigError::Parse {
                origin: origin.to_owned(),
                line,
                column,
                message: e.message().replace('\n', " ").trim().to_owned(),
            }
        })
    }

    /// Applies the flags, fills in the data-folder defaults and checks every value.
    pub fn resolve(self, flags: Overrides) -> Result<Settings, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let data_dir = || default_data_dir().ok_or(ConfigError::NoDataDir);

        let watch_roots = if !flags.watch.is_empty() {
            flags.watch.iter().map(|p| expand(p, &cwd)).collect()
        } else if !self.watch.paths.is_empty() {
            self.watch.paths.iter().map(|p| expand(p, &cwd)).collect()
        } else {
            vec![data_dir()?.join("inbox")]
        };
        let store_dir = match (flags.store, &self.store.path) {
            (Some(p), _) => expand(&p, &cwd),
            (None, Some(p)) => expand(p, &cwd),
            (None, None) => data_dir()?.join("store"),
        };
        let socket = match &self.control.socket {
            Some(p) => expand(p, &cwd),
            None => store_dir.join("control.sock"),
        };
        let mut log = self.log;
        if let Some(format) = flags.log_format {
            log.format = format;
        }

        let settings = Settings {
            watch_roots,
            store_dir,
            socket,
            watch: self.watch,
            store: self.store,
            pipeline: self.pipeline,
            extract: ExtractConfig {
                gazetteer: self
                    .extract
                    .gazetteer
                    .iter()
                    .map(|p| expand(p, &cwd))
                    .collect(),
            },
            log,
        };
        settings.check()?;
        Ok(settings)
    }
}

impl Settings {
    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key, reason: &str| {
            Err(ConfigError::Invalid {
                key,
                reason: reason.into(),
            })
        };
        if self.pipeline.channel_capacity == 0 {
            return invalid("pipeline.channel_capacity", "must be at least 1");
        }
        if self.pipeline.event_capacity == 0 {
            return invalid("pipeline.event_capacity", "must be at least 1");
        }
        if self.store.batch_size == 0 {
            return invalid("store.batch_size", "must be at least 1");
        }
        if self.store.journal_limit == 0 {
            return invalid("store.journal_limit", "must be at least 1");
        }
        if self.watch.max_file_size == 0 {
            return invalid("watch.max_file_size", "must be at least 1");
        }
        if self.watch.rescan_interval < Duration::from_secs(1) {
            return invalid("watch.rescan_interval", "must be at least 1s");
        }
        if self
            .watch
            .extensions
            .iter()
            .any(|e| e.is_empty() || e.starts_with('.'))
        {
            return invalid("watch.extensions", "extensions are written without the dot");
        }
        for glob in &self.watch.ignore {
            if let Err(e) = globset::Glob::new(glob) {
                return Err(ConfigError::Invalid {
                    key: "watch.ignore",
                    reason: e.to_string(),
                });
            }
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return invalid("log.level", "not a valid level or filter");
        }
        // A Unix socket path is limited to about 107 bytes on Linux.
        if self.socket.as_os_str().len() > 100 {
            return invalid(
                "control.socket",
                "path is longer than 100 bytes; set a shorter one",
            );
        }
        Ok(())
    }
}

/// `$XDG_DATA_HOME/articled`, or `~/.local/share/articled`.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "articled").map(|d| d.data_dir().to_owned())
}

/// Expands a leading `~/` and makes `path` absolute against `base`.
fn expand(path: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    if path.is_absolute() {
        path.to_owned()
    } else {
        base.join(path)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_is_the_default() {
        assert_eq!(
            Config::parse(BUNDLED, "bundled").unwrap(),
            Config::default()
        );
    }

    /// Every key of the bundled file, uncommented, parses and states the true default.
    #[test]
    fn bundled_file_documents_every_default() {
        let uncommented: String = BUNDLED
            .lines()
            .map(|l| {
                match l
                    .strip_prefix("# ")
                    .and_then(|r| Some((r, r.split_once(" = ")?.0)))
                {
                    Some((rest, key))
                        if key.chars().all(|c| c.is_ascii_lowercase() || c == '_') =>
                    {
                        rest
                    }
                    _ if l.starts_with('[') => l,
                    _ => "",
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut parsed = Config::parse(&uncommented, "uncommented").unwrap();
        // The commented path keys show an example, since their default depends on $HOME.
        assert!(
            parsed.store.path.take().is_some(),
            "store.path is documented"
        );
        assert!(
            parsed.control.socket.take().is_some(),
            "control.socket is documented"
        );
        assert!(
            !std::mem::take(&mut parsed.watch.paths).is_empty(),
            "watch.paths is documented"
        );
        assert!(
            !std::mem::take(&mut parsed.extract.gazetteer).is_empty(),
            "extract.gazetteer is documented"
        );
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse("[watch]\nsettle = \"1s\"\nfolders = []\n", "x.toml").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("config x.toml:3:1: unknown field `folders`"),
            "{text}"
        );
        assert!(!text.contains('\n'));
    }

    #[test]
    fn bad_values_are_named_by_key() {
        let cases = [
            (
                "[pipeline]\nchannel_capacity = 0",
                "pipeline.channel_capacity",
            ),
            ("[store]\nbatch_size = 0", "store.batch_size"),
            ("[watch]\nextensions = [\".txt\"]", "watch.extensions"),
            ("[watch]\nignore = [\"a[\"]", "watch.ignore"),
            (
                "[watch]\nrescan_interval = \"10ms\"",
                "watch.rescan_interval",
            ),
            ("[log]\nlevel = \"=\"", "log.level"),
        ];
        for (text, key) in cases {
            let flags = Overrides {
                store: Some("/tmp/s".into()),
                ..Default::default()
            };
            let err = Config::parse(text, "t")
                .unwrap()
                .resolve(flags)
                .unwrap_err();
            assert!(
                err.to_string().starts_with(&format!("config key {key}:")),
                "{err}"
            );
        }
    }

    #[test]
    fn flags_override_the_file_and_paths_become_absolute() {
        let config =
            Config::parse("[watch]\npaths = [\"/a\"]\n[store]\npath = \"/s\"\n", "t").unwrap();
        let flags = Overrides {
            watch: vec!["rel".into()],
            store: None,
            log_format: None,
        };
        let settings = config.resolve(flags).unwrap();
        assert_eq!(
            settings.watch_roots,
            vec![std::env::current_dir().unwrap().join("rel")]
        );
        assert_eq!(settings.store_dir, PathBuf::from("/s"));
        assert_eq!(settings.socket, PathBuf::from("/s/control.sock"));
    }
}
