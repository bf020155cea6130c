//! The command line: flags (clap), then settings, then the command. Exit codes are
//! decided here and nowhere else: 0 success, 1 runtime failure, 2 bad usage or config.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::{Config, LogFormat, Overrides, Settings};
use crate::control::{self, Reply};
use crate::output::{self, Format};
use crate::query::{self, Request, Selector};
use crate::store::{Store, StoreError};
use crate::{daemon, logging};

/// Watches folders of news articles and keeps a searchable, deduplicated, annotated store.
#[derive(Debug, Parser)]
#[command(name = "articled", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the daemon in the foreground (as systemd expects).
    Run(RunArgs),
    /// Print stored articles, sorted by path.
    Dump(DumpArgs),
    /// Print counts by status and the most recent changes.
    Status(StatusArgs),
}

#[derive(Debug, Args)]
struct Common {
    /// Configuration file [default: the bundled default configuration].
    #[arg(long, env = "ARTICLED_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Store folder, overriding the configuration.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// Folder to watch, overriding the configuration; repeatable.
    #[arg(long, value_name = "DIR")]
    watch: Vec<PathBuf>,
    /// Process what is in the folders, reconciling with the store, then exit.
    #[arg(long)]
    once: bool,
    /// Log format, overriding the configuration.
    #[arg(long, value_enum)]
    log_format: Option<LogFormat>,
}

#[derive(Debug, Args)]
struct DumpArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long, value_enum, default_value = "pretty")]
    format: Format,
    /// Articles to print, by path (a folder selects everything below it) or id.
    #[arg(value_name = "PATH|ID")]
    selectors: Vec<String>,
}

#[derive(Debug, Args)]
struct StatusArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long, value_enum, default_value = "pretty")]
    format: Format,
    /// How many recent changes to list.
    #[arg(long, default_value_t = 10)]
    recent: usize,
}

/// A failure, and the exit code it maps to.
enum Failure {
    Usage(anyhow::Error),
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Run(args) => run_daemon(args),
        Command::Dump(args) => dump(args),
        Command::Status(args) => status(args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(e)) => {
            eprintln!("articled: {}", one_line(&e));
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("articled: {}", one_line(&e));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes on one line, each cause once: a cause whose text its parent
/// already includes is not repeated.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line.replace('\n', " ")
}

fn settings(common: &Common, overrides: Overrides) -> Result<Settings, Failure> {
    let config = Config::load(common.config.as_deref()).map_err(|e| Failure::Usage(e.into()))?;
    let overrides = Overrides {
        store: common.store.clone(),
        ..overrides
    };
    config
        .resolve(overrides)
        .map_err(|e| Failure::Usage(e.into()))
}

/// Threads of the runtime's blocking pool. It runs one folder scan, one file read and
/// parse, and one batch commit at a time, each awaited by its own task, so three never
/// wait on each other; queries read the store on threads of their own (`control`).
/// Each further thread held its own allocator arena and regex caches: with tokio's
/// default (up to 512, about 9 in practice) a 100,000-article backlog peaked near
/// 230-300 MB instead of 130-150 MB (BENCHMARKS.md).
const BLOCKING_THREADS: usize = 3;

fn run_daemon(args: RunArgs) -> Result<ExitCode, Failure> {
    let overrides = Overrides {
        watch: args.watch.clone(),
        log_format: args.log_format,
        ..Default::default()
    };
    let settings = settings(&args.common, overrides)?;
    logging::init(&settings.log.level, settings.log.format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .context("start the async runtime")?;
    runtime.block_on(daemon::run(settings, args.once))?;
    Ok(ExitCode::SUCCESS)
}

fn dump(args: DumpArgs) -> Result<ExitCode, Failure> {
    let settings = settings(&args.common, Overrides::default())?;
    let selectors: Vec<Selector> = args.selectors.iter().map(|s| selector(s)).collect();
    let request = Request::Dump {
        selectors: selectors.clone(),
    };
    let mut stdout = std::io::stdout().lock();
    let mut missing = Vec::new();
    let mut print = |record: &crate::record::ArticleRecord| -> std::io::Result<()> {
        writeln!(
            stdout,
            "{}",
            output::record(record, args.format).trim_end_matches('\n')
        )?;
        if args.format == Format::Pretty {
            writeln!(stdout)?;
        }
        Ok(())
    };
    match control::connect(&settings.socket) {
        Some(stream) => control::ask(stream, &request, |reply| match reply {
            Reply::Record(record) => print(&record).context("write output"),
            Reply::Missing(selector) => {
                missing.push(selector);
                Ok(())
            }
            Reply::Error(e) => anyhow::bail!("the daemon answered: {e}"),
            Reply::Status(_) | Reply::End => Ok(()),
        })?,
        None => {
            let store = open_store(&settings)?;
            let mut write_error = None;
            query::dump(
                &store,
                &selectors,
                |record| match print(&record) {
                    Ok(()) => true,
                    Err(e) => {
                        write_error = Some(e);
                        false
                    }
                },
                |selector| missing.push(selector.to_string()),
            )
            .context("read the store")?;
            if let Some(e) = write_error {
                // A closed pipe (`| head`) is not a failure of ours.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(anyhow::Error::from(e).context("write output").into());
                }
            }
        }
    }
    for selector in &missing {
        eprintln!("articled: no article matches {selector}");
    }
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn status(args: StatusArgs) -> Result<ExitCode, Failure> {
    let settings = settings(&args.common, Overrides::default())?;
    let report = match control::connect(&settings.socket) {
        Some(stream) => {
            let mut report = None;
            control::ask(
                stream,
                &Request::Status {
                    recent: args.recent,
                },
                |reply| match reply {
                    Reply::Status(r) => {
                        report = Some(*r);
                        Ok(())
                    }
                    Reply::Error(e) => anyhow::bail!("the daemon answered: {e}"),
                    _ => Ok(()),
                },
            )?;
            report.context("the daemon sent no status")?
        }
        None => {
            query::status(&open_store(&settings)?, args.recent, None).context("read the store")?
        }
    };
    println!(
        "{}",
        output::status(&report, args.format).trim_end_matches('\n')
    );
    Ok(ExitCode::SUCCESS)
}

/// Opens the store directly, when no daemon answers on the control socket.
fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    if !settings.store_dir.join("db").exists() && !settings.store_dir.join("conf").exists() {
        anyhow::bail!(
            "open store {}: no store there yet (run `articled run` first)",
            settings.store_dir.display()
        );
    }
    Store::open(&settings.store_dir).map_err(|e| match e {
        StoreError::Locked { path } => anyhow::anyhow!(
            "open store {}: it is in use by another process, and no daemon answers on {}",
            path.display(),
            settings.socket.display()
        ),
        e => e.into(),
    })
}

/// A number is an id unless a file of that name exists; anything else is a path, made
/// absolute against the current folder as the store's paths are.
fn selector(arg: &str) -> Selector {
    let path = std::path::Path::new(arg);
    if let (Ok(id), false) = (arg.parse::<u64>(), path.exists()) {
        return Selector::Id(id);
    }
    let absolute = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned());
    Selector::Path(absolute.to_string_lossy().into_owned())
}
