//! Containing a panic in third-party parsing code to the one file it was reading.
//!
//! `catch_unwind` alone stops the unwinding, but the default panic hook has already printed
//! "thread '…' panicked at …" on stderr by then: a user would see a crash report for a page
//! that was merely skipped. [`quietly`] installs, once, a hook that stays silent for panics
//! raised inside it (on this thread) and defers to the previous hook for every other panic.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// How many [`quietly`] calls are running on this thread.
    static QUIET: Cell<usize> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it is caught without a word on stderr and becomes `None`.
pub fn quietly<R>(f: impl FnOnce() -> R) -> Option<R> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(q.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(q.get() - 1));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none() {
        assert_eq!(quietly(|| 7), Some(7));
        assert_eq!(quietly(|| -> u8 { panic!("parser bug") }), None);
        assert_eq!(quietly(|| quietly(|| -> u8 { panic!("inner") }).unwrap_or(1)), Some(1));
    }

    /// Runs in a child process (the test binary itself), where the hook's output is observable.
    #[test]
    fn nothing_is_printed() {
        if std::env::var_os("DATELINE_GUARD_CHILD").is_some() {
            let _ = quietly(|| -> u8 { panic!("parser bug") });
            eprintln!("child done");
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "ingest::guard::tests::nothing_is_printed", "--nocapture", "--test-threads=1"])
            .env("DATELINE_GUARD_CHILD", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("child done"), "{stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("parser bug"), "{stderr}");
    }
}
