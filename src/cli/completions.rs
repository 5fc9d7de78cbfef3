//! `dateline completions SHELL`: prints a completion script.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, EXIT_OK};

/// Flags of `dateline completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  dateline completions bash > ~/.local/share/bash-completion/completions/dateline"
)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    shell: Shell,
}

pub(super) fn run(args: CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "dateline", &mut std::io::stdout().lock());
    Ok(EXIT_OK)
}
