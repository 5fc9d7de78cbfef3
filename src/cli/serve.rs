//! `dateline serve [--index DIR] [--addr 127.0.0.1:7700]`

use std::net::SocketAddr;

use super::{EXIT_OK, IndexLocation, Verbosity};

const SERVE_HELP: &str = "\
Endpoints:
  /                        the search page
  /api/search?q=...        hits as JSON (the fields of `search --json`); person, org, place,
                           dateline, country, from, to, sort, limit, offset, facets, timeline
  /api/articles/PATH       one article (its path URL-encoded), with its entities
  /api/entities?kind=person|organization|place|country
  /health

Examples:
  dateline serve                              http://127.0.0.1:7700
  dateline serve --index /data/idx --addr 127.0.0.1:8080";

/// Flags of `dateline serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = SERVE_HELP)]
pub struct ServeArgs {
    #[command(flatten)]
    location: IndexLocation,
    /// Address and port to listen on; the default is reachable from this machine only. Port 0
    /// picks a free port (printed at startup).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
}

#[cfg(feature = "serve")]
pub(super) fn run(args: ServeArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    use std::io::Write;

    use crate::serve::{Limits, ServeOptions};

    if !args.addr.ip().is_loopback() {
        super::warn(
            verbosity,
            &format!(
                "listening on {}: anyone who can reach this address can read the whole archive",
                args.addr
            ),
        );
    }
    let options = ServeOptions {
        index: args.location.path(),
        addr: args.addr,
        limits: Limits::default(),
        log_requests: verbosity == Verbosity::Verbose,
    };
    crate::serve::run(options, |bound: SocketAddr| {
        // On stdout, one line, so scripts and tests can read the port chosen for `:0`.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{bound}");
        let _ = out.flush();
        if verbosity != Verbosity::Quiet {
            eprintln!("serving {} (Ctrl-C to stop)", args.location.path().display());
        }
    })?;
    Ok(EXIT_OK)
}

#[cfg(not(feature = "serve"))]
pub(super) fn run(args: ServeArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let _ = (args.location.path(), args.addr, verbosity, EXIT_OK);
    anyhow::bail!("this dateline was built without the serve feature: rebuild it with `--features serve`")
}
