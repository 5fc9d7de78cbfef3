//! Links the `dateline` binary as a static, position-dependent executable on Linux with glibc.
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

use std::path::{Path, PathBuf};
use std::process::Command;

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
