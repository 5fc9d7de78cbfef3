//! The `dateline` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dateline::cli::parse();
    match dateline::cli::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let style = anstyle::AnsiColor::Red.on_default().bold();
            let mut err = anstream::stderr();
            let _ = std::io::Write::write_fmt(&mut err, format_args!("{style}error:{style:#} {error:#}\n"));
            ExitCode::from(dateline::cli::EXIT_ERROR)
        }
    }
}

/// A closed pipe (`dateline search ... | head`) ends output early; that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
