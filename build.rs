//! Build steps of the `dateline` binary and library.
//!
//! * Links the `dateline` binary as a position-dependent executable on Linux (`-no-pie`).
//!   A position-independent executable has its ~56,000 pointers in read-only data relocated by
//!   the dynamic loader at every start, which touches about a megabyte of pages before `main`:
//!   that was most of the cost of a short command (`dateline --version`, a one-shot search). Only
//!   the binaries' link changes; dependencies, proc-macros and build scripts are untouched.
//! * Compiles the embedded data of `data/` into the forms the extractor reads in place
//!   ([`compile_data`]).

use std::io::{Read, Write};
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

/// Compiles the embedded data into `$OUT_DIR`, so that building the extractor parses nothing
/// (parsing was nearly all its cost): `data/gazetteer.tsv.gz` and `data/first_names.txt.gz` into
/// the images `src/extract/packed.rs` describes, and the tagger's model re-packed as an
/// uncompressed gzip stream (inflating it was the next largest cost; its reader is unchanged).
fn compile_data() {
    println!("cargo:rerun-if-changed=src/extract/packed.rs");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let gazetteer = inflate("data/gazetteer.tsv.gz");
    let text = String::from_utf8(gazetteer).unwrap_or_else(|e| panic!("data/gazetteer.tsv.gz: {e}"));
    let image = packed::compile_gazetteer(&text).unwrap_or_else(|e| panic!("data/gazetteer.tsv.gz: {e}"));
    write(&out.join("gazetteer.bin"), &image);
    let names = inflate("data/first_names.txt.gz");
    let text = String::from_utf8(names).unwrap_or_else(|e| panic!("data/first_names.txt.gz: {e}"));
    let image = packed::compile_word_list(&text).unwrap_or_else(|e| panic!("data/first_names.txt.gz: {e}"));
    write(&out.join("first_names.bin"), &image);
    // An empty model file means "no model" (src/extract/tagger): it stays empty.
    let model = inflate("data/tagger.bin.gz");
    let stored = if model.is_empty() {
        Vec::new()
    } else {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
        gz.write_all(&model).and_then(|()| gz.finish()).expect("writing to memory")
    };
    write(&out.join("tagger.bin.gz"), &stored);
}

/// The inflated contents of a gzipped file of the package (empty for an empty file).
fn inflate(path: &str) -> Vec<u8> {
    println!("cargo:rerun-if-changed={path}");
    let gz = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut bytes = Vec::new();
    if !gz.is_empty() {
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    bytes
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
