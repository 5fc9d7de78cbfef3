//! Build steps of the `dateline` binary and library.
//!
//! * Compiles the embedded data of `data/` into the forms the extractor reads in place
//!   ([`compile_data`]).
//! * Links the `dateline` binary as a static, position-dependent executable on Linux with glibc
//!   ([`link_binary`]).
//!
//! ## Linking
//!
//! A position-independent executable has its ~56,000 pointers in read-only data relocated by the
//! dynamic loader at every start, which touches about a megabyte of pages before `main`: that
//! was most of the cost of a short command (`dateline --version`, a one-shot search); `-no-pie`
//! removed it. Loading libc, libm and libgcc_s was then about a tenth of a one-shot search's
//! time: a static binary has no loader, no libraries to map and no symbols to bind.
//!
//! rustc links glibc targets with `-Wl,-Bdynamic -lgcc_s -lc -lm ...` unless the whole build uses
//! `-C target-feature=+crt-static`, which cargo then also applies to proc-macros (which cannot
//! be built so). Instead, the binary's link searches first a folder of one-line linker scripts
//! named like the shared libraries (`libc.so` says `INPUT(/usr/lib/.../libc.a)`, `libgcc_s.so`
//! names `libgcc_eh.a`), with `-static`: the same libraries, from their static archives. When
//! the C toolchain has no static archive for one of them, or `DATELINE_DYNAMIC_LINK` is set,
//! the binary is linked dynamically, `-no-pie` only. Only the binaries' link changes;
//! the library, tests, dependencies, proc-macros and build scripts are untouched.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "src/extract/packed.rs"]
mod packed;

/// The shared libraries rustc links a glibc binary with, and the static archive for each.
const LIBRARIES: [(&str, &str); 7] = [
    ("gcc_s", "libgcc_eh.a"),
    ("util", "libutil.a"),
    ("rt", "librt.a"),
    ("pthread", "libpthread.a"),
    ("m", "libm.a"),
    ("dl", "libdl.a"),
    ("c", "libc.a"),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    compile_data();
    link_binary();
}

/// Links the binaries statically and without PIE on Linux with glibc (see the module docs).
fn link_binary() {
    println!("cargo:rerun-if-env-changed=DATELINE_DYNAMIC_LINK");
    println!("cargo:rerun-if-env-changed=CC");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-no-pie");
    if std::env::var_os("DATELINE_DYNAMIC_LINK").is_some() {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    match static_scripts(&out.join("static-libs")) {
        Some(folder) => {
            println!("cargo:rustc-link-arg-bins=-static");
            println!("cargo:rustc-link-arg-bins=-L{}", folder.display());
        }
        None => println!("cargo:warning=no static C libraries found: dateline is linked dynamically"),
    }
}

/// Compiles the embedded data into `$OUT_DIR`, so that building the extractor parses nothing
/// (parsing was nearly all its cost): `data/gazetteer.tsv.gz`, `data/first_names.txt.gz` and
/// `data/word_clusters.tsv.gz` into the images `src/extract/packed.rs` describes, and the tagger's model re-packed as an
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
    let clusters = inflate("data/word_clusters.tsv.gz");
    let text = String::from_utf8(clusters).unwrap_or_else(|e| panic!("data/word_clusters.tsv.gz: {e}"));
    let image = packed::compile_clusters(&text).unwrap_or_else(|e| panic!("data/word_clusters.tsv.gz: {e}"));
    write(&out.join("word_clusters.bin"), &image);
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

/// Writes the linker scripts into `folder`; `None` when an archive is missing.
fn static_scripts(folder: &Path) -> Option<PathBuf> {
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let mut scripts = Vec::new();
    for (library, archive) in LIBRARIES {
        let output = Command::new(&compiler).arg(format!("-print-file-name={archive}")).output().ok()?;
        let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
        // Without the archive, the compiler prints its name back, not a path.
        if !output.status.success() || !path.is_absolute() || !path.is_file() {
            return None;
        }
        scripts.push((format!("lib{library}.so"), format!("INPUT({})\n", path.display())));
    }
    std::fs::create_dir_all(folder).ok()?;
    for (name, script) in scripts {
        std::fs::write(folder.join(name), script).ok()?;
    }
    Some(folder.to_path_buf())
}
