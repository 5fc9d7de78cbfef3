//! Build steps of the `dateline` binary and library.
//!
//! * Links the `dateline` binary as a position-dependent executable on Linux (`-no-pie`).
//!   A position-independent executable has its ~56,000 pointers in read-only data relocated by
//!   the dynamic loader at every start, which touches about a megabyte of pages before `main`:
//!   that was most of the cost of a short command (`dateline --version`, a one-shot search). Only
//!   the binaries' link changes; dependencies, proc-macros and build scripts are untouched.
//! * Compiles the gazetteer ([`compile_data`]).

use std::io::Read;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/extract/packed.rs"]
mod packed;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    compile_data();
}

/// Compiles `data/gazetteer.tsv.gz` into `$OUT_DIR/gazetteer.bin`, the image `src/extract/
/// packed.rs` describes, so that building the extractor parses nothing (it was 80% of its cost).
fn compile_data() {
    println!("cargo:rerun-if-changed=data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=src/extract/packed.rs");
    let fail = |what: &str| -> ! { panic!("data/gazetteer.tsv.gz: {what}") };
    let gz = std::fs::read("data/gazetteer.tsv.gz").unwrap_or_else(|e| fail(&e.to_string()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap_or_else(|e| fail(&e.to_string()));
    let image = packed::compile_gazetteer(&text).unwrap_or_else(|e| fail(&e));
    let out = std::env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR unset"));
    let path = Path::new(&out).join("gazetteer.bin");
    std::fs::write(&path, image).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}
