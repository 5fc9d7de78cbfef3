//! The command line: the only module that knows clap. Each subcommand file turns its flags into
//! plain request values and calls the library.

mod completions;
mod entities;
mod eval;
mod export;
mod extract;
mod filters;
mod index;
mod search;
mod serve;
mod similar;
mod stats;
mod train_tagger;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command failed (bad index, I/O error...).
pub const EXIT_ERROR: u8 = 1;
/// Exit code: the command line itself is wrong (clap's usage errors use it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the command finished but some input files were skipped (each reported on stderr).
pub const EXIT_SKIPPED: u8 = 3;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT); an index run committed what it had read.
pub const EXIT_INTERRUPTED: u8 = 130;

const EXAMPLES: &str = "\
Examples:
  dateline index ~/news                       index a folder (again: only changes are read)
  dateline search Xi tariffs Busan            ranked hits, all words required
  dateline search '\"rare earth\" -Japan'       an exact phrase, minus a word
  dateline search tariffs --person Xi --place \"South Korea\" --from 2025-10 --to 2025-10
  dateline search --person \"Xi Jinping\" --sort date --json
  dateline search tariffs --facets --timeline month
  dateline entities --with \"Xi Jinping\"
  dateline extract article.txt                what the engine understood of a file";

/// Full-text search for news archives: datelines, places and actors understood.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    globals: Globals,
    #[command(subcommand)]
    command: Command,
}

/// The options every subcommand takes.
#[derive(Debug, clap::Args)]
struct Globals {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (each file skipped, timings).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// When to use colour (auto: only on a terminal, never when NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

/// `dateline search ...` alone: parsed without building the other subcommands' arguments,
/// which took a few percent of a one-shot search. Anything it does not accept (help,
/// version, a mistake, another subcommand) is parsed again by [`Cli`], which answers as usual.
#[derive(Debug, Parser)]
#[command(name = "dateline")]
struct SearchLine {
    #[command(flatten)]
    globals: Globals,
    #[command(subcommand)]
    command: SearchOnly,
}

#[derive(Debug, Subcommand)]
enum SearchOnly {
    Search(search::SearchArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index files and folders of articles (new, changed and deleted files are picked up).
    Index(index::IndexArgs),
    /// Search the index: ranked hits with snippets, filters by actor, place and date.
    Search(search::SearchArgs),
    /// Serve the archive over HTTP: a search page and a JSON API (loopback by default).
    Serve(serve::ServeArgs),
    /// The most frequent people, organisations, places and countries, or those found with one.
    Entities(entities::EntitiesArgs),
    /// The articles most like a given one.
    Similar(similar::SimilarArgs),
    /// Show what the engine reads from articles (no index needed).
    Extract(extract::ExtractArgs),
    /// What the index holds: articles, files, languages, last commit, size.
    Stats(stats::StatsArgs),
    /// Stream the articles as NDJSON for Quickwit, OpenSearch or any tool; print their mappings.
    Export(export::ExportArgs),
    /// Score extraction against annotated gold data (GUM, Reuters-21578, saved pages).
    Eval(eval::EvalArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Train the extraction tagger on the shared GUM data (for developers).
    #[command(hide = true)]
    TrainTagger(train_tagger::TrainTaggerArgs),
}

/// Where the index lives: `--index DIR`, else `$DATELINE_INDEX`, else `.dateline` here.
#[derive(Debug, clap::Args)]
struct IndexLocation {
    /// Index folder [env: DATELINE_INDEX] [default: .dateline]
    #[arg(
        id = "index_dir",
        long = "index",
        short = 'i',
        value_name = "DIR",
        env = "DATELINE_INDEX",
        hide_env = true
    )]
    path: Option<PathBuf>,
}

impl IndexLocation {
    fn path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from(".dateline"))
    }
}

/// How chatty a command is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Parses the process arguments; exits with a usage message when they are wrong.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    parse_search(&args).unwrap_or_else(|| Cli::parse_from(args))
}

/// A `search` command line parsed by [`SearchLine`], or `None` for [`Cli`] to parse.
fn parse_search(args: &[std::ffi::OsString]) -> Option<Cli> {
    if !args.iter().skip(1).any(|arg| arg == "search") {
        return None;
    }
    let SearchLine { globals, command: SearchOnly::Search(search) } =
        SearchLine::try_parse_from(args).ok()?;
    Some(Cli { globals, command: Command::Search(search) })
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let choice = match cli.globals.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let verbosity = match (cli.globals.quiet, cli.globals.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let code = match cli.command {
        Command::Index(args) => index::run(args, verbosity)?,
        Command::Search(args) => search::run(args, verbosity)?,
        Command::Serve(args) => serve::run(args, verbosity)?,
        Command::Entities(args) => entities::run(args, verbosity)?,
        Command::Similar(args) => similar::run(args, verbosity)?,
        Command::Extract(args) => extract::run(args, verbosity)?,
        Command::Stats(args) => stats::run(args)?,
        Command::Export(args) => export::run(args, verbosity)?,
        Command::Eval(args) => eval::run(args, verbosity)?,
        Command::Completions(args) => completions::run(args)?,
        Command::TrainTagger(args) => train_tagger::run(args, verbosity)?,
    };
    Ok(ExitCode::from(code))
}

/// Standard output for a command's results: JSON Lines go out buffered and as they are (they
/// hold no styles, and the terminal adapter scanned every byte for escape codes: a tenth of
/// a search listing thousands of hits); anything else through the adapter, which drops the
/// styles when they must not show.
fn results_out(json: bool) -> Box<dyn std::io::Write> {
    if json {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(anstream::stdout().lock())
    }
}

/// Prints a warning on stderr unless quiet.
fn warn(verbosity: Verbosity, message: &str) {
    if verbosity != Verbosity::Quiet {
        let style = anstyle::AnsiColor::Yellow.on_default().bold();
        let mut err = anstream::stderr();
        let _ = std::io::Write::write_fmt(&mut err, format_args!("{style}warning:{style:#} {message}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(args: &[&str]) -> Vec<std::ffi::OsString> {
        std::iter::once("dateline").chain(args.iter().copied()).map(Into::into).collect()
    }

    /// The search-only parser reads every search line as the full parser does, and leaves
    /// every other line (help, mistakes, other subcommands) to it.
    #[test]
    fn search_lines_parse_as_the_full_command_line_does() {
        for args in [
            &["search", "Xi tariffs"][..],
            &["search", "-q", "tariffs", "--person", "Xi", "--from", "2025-10", "--json", "--limit", "3"],
            &["-v", "search", "tariffs", "--color", "never", "--index", "/tmp/idx", "--sort", "date"],
            &["search", "--facets", "--timeline", "month", "search"],
            &["search"],
        ] {
            let full = Cli::try_parse_from(line(args)).expect("valid line");
            let fast = parse_search(&line(args)).expect("parsed by the search-only parser");
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{args:?}");
        }
        for args in [
            &["search", "--help"][..],
            &["search", "--version"],
            &["search", "--no-such-flag"],
            &["search", "-q", "-v", "x"],
            &["index", "search"],
            &["stats"],
        ] {
            assert!(parse_search(&line(args)).is_none(), "{args:?}");
        }
    }
}
