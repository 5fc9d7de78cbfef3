//! Links the `dateline` binary as a position-dependent executable on Linux (`-no-pie`).
//!
//! A position-independent executable has its ~56,000 pointers in read-only data relocated by the
//! dynamic loader at every start, which touches about a megabyte of pages before `main`: that
//! was most of the cost of a short command (`dateline --version`, a one-shot search). Only the
//! binaries' link changes; dependencies, proc-macros and build scripts are untouched.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
