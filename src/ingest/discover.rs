//! Walking the folders a user names and listing the article files in them.
//!
//! Rules, in the order they apply:
//! * a root is used even when hidden (`.archive/`); below it, names starting with `.` are skipped;
//! * symbolic links below a root are not followed (no loops, no file indexed twice); a root that
//!   is itself a link is followed;
//! * folders in `exclude` (compared as canonical paths) and folders that hold a tantivy index
//!   (`meta.json` next to `.managed.json`) are skipped;
//! * files are kept by extension only ([`ARTICLE_EXTENSIONS`], case-insensitive), so what gets
//!   indexed is predictable; a file named directly as a root is always kept, whatever its name,
//!   and its format is then sniffed from its content;
//! * the same file reached through two roots is listed once;
//! * a name that is not UTF-8 is shown with its invalid bytes escaped (`caf\xE9.txt`), so two
//!   such names never collapse into one indexed path.
//!
//! A file is indexed under its path as the user spelled the root (`corpus/wire/a.txt`). So that
//! one file keeps one name however a later run spells its folder (`./corpus`, `/home/me/corpus`,
//! `corpus/wire`), an index remembers the folders it was given, resolved, with the spelling used
//! the first time ([`Spelling`]), and [`name_roots`] names a new root after the closest of them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::{DirEntry, WalkDir};

use super::{Discovery, SourceFile};
use crate::Error;

/// File extensions that are read as articles when found in a folder; any of them followed by
/// `.gz` is too (`a.txt.gz`, `crawl.warc.gz`).
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm", "xhtml", "xml", "nitf",
    "newsml", "sgm", "sgml", "rss", "atom", "feed", "warc",
];

/// A root an index was given before: resolved (`/home/me/corpus`), and the spelling its files
/// are indexed under (`corpus`; empty for `.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    /// The root resolved ([`Path::canonicalize`]).
    pub resolved: PathBuf,
    /// The name its files are shown under, as [`display_base`] made it.
    pub name: String,
}

/// A root to walk and the names its files get.
#[derive(Debug, Clone)]
pub struct NamedRoot {
    /// The root as the user named it.
    pub path: PathBuf,
    /// The name of the root's files' common part: the user's spelling, or the one an earlier
    /// run gave a folder holding this root.
    pub name: String,
    /// Folders below the root (relative to it, deepest first) that an earlier run named
    /// otherwise, each with that name.
    pub below: Vec<(PathBuf, String)>,
}

/// Names each root after the closest of the `known` roots that holds it (`/home/me/corpus/wire`
/// after `corpus` becomes `corpus/wire`), else as the user spelled it; folders below a root that
/// were named before keep their names. Returns the roots and the spellings to remember: the
/// known ones and each root that none of them held. A root that cannot be resolved keeps the
/// user's spelling and is not remembered.
pub fn name_roots(roots: &[PathBuf], known: &[Spelling]) -> (Vec<NamedRoot>, Vec<Spelling>) {
    let mut known = known.to_vec();
    let mut named = Vec::with_capacity(roots.len());
    for root in roots {
        let spelled = display_base(root);
        let Ok(resolved) = root.canonicalize() else {
            named.push(NamedRoot { path: root.clone(), name: spelled, below: Vec::new() });
            continue;
        };
        let holder = known
            .iter()
            .filter(|k| resolved.starts_with(&k.resolved))
            .max_by_key(|k| k.resolved.components().count());
        let name = match holder {
            Some(k) => {
                join_name(&k.name, &shown(resolved.strip_prefix(&k.resolved).unwrap_or(Path::new(""))))
            }
            None => {
                known.push(Spelling { resolved: resolved.clone(), name: spelled.clone() });
                spelled
            }
        };
        let mut below: Vec<(PathBuf, String)> = known
            .iter()
            .filter(|k| k.resolved != resolved)
            .filter_map(|k| Some((k.resolved.strip_prefix(&resolved).ok()?.to_path_buf(), k.name.clone())))
            .collect();
        below.sort_by_key(|(rel, _)| std::cmp::Reverse(rel.components().count()));
        named.push(NamedRoot { path: root.clone(), name, below });
    }
    (named, known)
}

/// `name` and a relative path below it joined with `/` (either may be empty).
fn join_name(name: &str, rest: &str) -> String {
    match (name.is_empty(), rest.is_empty()) {
        (_, true) => name.to_string(),
        (true, false) => rest.to_string(),
        (false, false) if name.ends_with('/') => format!("{name}{rest}"),
        (false, false) => format!("{name}/{rest}"),
    }
}

/// Walks `roots` and lists the article files under them; see the module docs for the rules.
pub fn discover(roots: &[PathBuf], exclude: &[PathBuf]) -> Discovery {
    let named: Vec<NamedRoot> = roots
        .iter()
        .map(|root| NamedRoot { path: root.clone(), name: display_base(root), below: Vec::new() })
        .collect();
    discover_named(&named, exclude)
}

/// [`discover`] with the names of [`name_roots`].
pub fn discover_named(roots: &[NamedRoot], exclude: &[PathBuf]) -> Discovery {
    let excluded: HashSet<PathBuf> = exclude.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut discovery = Discovery::default();
    for root in roots {
        walk_root(root, &excluded, &mut discovery);
    }
    discovery.files.sort_by(|a, b| a.display.cmp(&b.display));
    // One walk lists a file once (links are not followed below a root): only several roots can
    // reach a file twice. Resolving every path costs a system call per path component.
    if roots.len() > 1 {
        let mut seen: HashSet<PathBuf> = HashSet::new();
        discovery.files.retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));
    }
    discovery
}

fn walk_root(named: &NamedRoot, excluded: &HashSet<PathBuf>, discovery: &mut Discovery) {
    let root = named.path.as_path();
    let walker = WalkDir::new(root).follow_links(false).follow_root_links(true).into_iter();
    // walkdir walks the folders only: the files of each are listed by `list_folder`, which
    // reads each file's metadata relative to its folder. walkdir reads it by the full path,
    // which the kernel resolves component by component: a third of the CPU time of a re-run
    // that finds nothing changed on the x10 bench corpus.
    let walker = walker.filter_entry(|entry| {
        (entry.depth() == 0 || entry.file_type().is_dir()) && keep_entry(entry, excluded)
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root);
                discovery.skipped.push(Error::source(display_path(named, path), walk_error_reason(&err)));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            list_folder(named, entry.path(), discovery);
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        // A file named as a root, kept whatever its extension.
        let display = display_path(named, entry.path());
        match entry.metadata() {
            Ok(meta) => discovery.files.push(source_file(entry.path().to_path_buf(), display, &meta)),
            Err(err) => discovery.skipped.push(Error::source(display, walk_error_reason(&err))),
        }
    }
}

/// Lists the article files directly in `dir`, a folder the walk entered.
fn list_folder(named: &NamedRoot, dir: &Path, discovery: &mut Discovery) {
    // A folder that cannot be read is reported by the walk, which reads it too.
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        // The entry's own type: a symbolic link is not followed.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if !has_article_extension(&path) {
            continue;
        }
        let display = display_path(named, &path);
        match entry.metadata() {
            Ok(meta) => discovery.files.push(source_file(path, display, &meta)),
            Err(err) => discovery.skipped.push(Error::source(display, io_reason(&err))),
        }
    }
}

fn source_file(path: PathBuf, display: String, meta: &std::fs::Metadata) -> SourceFile {
    let modified =
        meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    SourceFile { path, display, modified, size: meta.len() }
}

/// Whether the walk should enter or list `entry`.
fn keep_entry(entry: &DirEntry, excluded: &HashSet<PathBuf>) -> bool {
    if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
        return false;
    }
    if entry.file_type().is_dir() {
        if !excluded.is_empty() && entry.path().canonicalize().is_ok_and(|p| excluded.contains(&p)) {
            return false;
        }
        if is_index_folder(entry.path()) {
            return false;
        }
    }
    true
}

/// Whether `dir` holds a tantivy index (ours or anyone's): never read it as articles.
pub fn is_index_folder(dir: &Path) -> bool {
    dir.join("meta.json").is_file() && dir.join(".managed.json").is_file()
}

/// Whether `path` has one of the [`ARTICLE_EXTENSIONS`], possibly followed by `.gz`.
pub fn has_article_extension(path: &Path) -> bool {
    let known = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
    };
    match super::gzip::strip_gz(path) {
        Some(inner) => known(&inner),
        None => known(path),
    }
}

/// The root as the user wrote it, without leading `./` and trailing `/`; empty for `.`.
fn display_base(root: &Path) -> String {
    let text = shown(root);
    let mut base = text.as_str();
    while let Some(rest) = base.strip_prefix("./") {
        base = rest.trim_start_matches('/');
    }
    if base == "." {
        return String::new();
    }
    let trimmed = base.trim_end_matches('/');
    if trimmed.is_empty() && base.starts_with('/') {
        return "/".to_string();
    }
    trimmed.to_string()
}

/// `path` shown as its root's name joined with the part below it: `sample_corpus/wire/a.txt`,
/// or below a folder named before, that folder's name joined with the rest.
fn display_path(named: &NamedRoot, path: &Path) -> String {
    let relative = path.strip_prefix(&named.path).unwrap_or(Path::new(""));
    for (folder, name) in &named.below {
        if let Ok(rest) = relative.strip_prefix(folder) {
            return join_name(name, &shown(rest));
        }
    }
    let relative = shown(relative);
    if named.name.is_empty() && relative.is_empty() {
        return shown(path);
    }
    join_name(&named.name, &relative)
}

/// A path as text with `/` separators: UTF-8 as it is, any other byte as `\xNN`. `to_string_lossy` would show
/// `caf\xE9.txt` and `caf\xE8.txt` both as `caf\u{FFFD}.txt`, and the second file indexed would
/// replace the first.
fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "/"));
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/")
    }
}

/// A walk error in words: "permission denied", "no such file or directory", "symbolic link loop".
fn walk_error_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "symbolic link loop".to_string();
    }
    match err.io_error() {
        Some(io) => io_reason(io),
        None => err.to_string(),
    }
}

/// An I/O error in words, without the "(os error N)" suffix.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(discovery: &Discovery) -> Vec<&str> {
        discovery.files.iter().map(|f| f.display.as_str()).collect()
    }

    /// `path` as a walk of `root`, named as the user spelled it, shows it.
    fn shown_as(root: &str, path: &str) -> String {
        let root = Path::new(root);
        let named = NamedRoot { path: root.to_path_buf(), name: display_base(root), below: Vec::new() };
        display_path(&named, Path::new(path))
    }

    #[test]
    fn display_paths_keep_the_users_spelling() {
        assert_eq!(shown_as("sample_corpus/", "sample_corpus/wire/a.txt"), "sample_corpus/wire/a.txt");
        assert_eq!(shown_as("./corpus", "./corpus/a.md"), "corpus/a.md");
        assert_eq!(shown_as(".", "./x/a.md"), "x/a.md");
        assert_eq!(shown_as("./", "./a.md"), "a.md");
        assert_eq!(shown_as("./one.txt", "./one.txt"), "one.txt");
        assert_eq!(shown_as("/", "/a.txt"), "/a.txt");
        assert_eq!(shown_as("/data//", "/data/a.txt"), "/data/a.txt");
    }

    #[test]
    fn a_root_named_before_keeps_its_name_however_it_is_spelt() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        fs::create_dir_all(top.join("corpus/wire/deep")).unwrap();
        fs::create_dir_all(top.join("corpus/bbc")).unwrap();
        for f in ["corpus/wire/a.txt", "corpus/wire/deep/b.txt", "corpus/bbc/c.txt"] {
            fs::write(top.join(f), "x").unwrap();
        }
        let known = vec![Spelling { resolved: top.join("corpus/wire"), name: "wire".into() }];

        // The same folder, and a folder inside it, by another spelling.
        let (named, remembered) =
            name_roots(&[top.join("corpus/wire/"), top.join("corpus/./wire/deep")], &known);
        assert_eq!(named[0].name, "wire");
        assert_eq!(named[1].name, "wire/deep");
        assert_eq!(remembered, known);
        assert_eq!(names(&discover_named(&named[..1], &[])), ["wire/a.txt", "wire/deep/b.txt"]);

        // A folder holding it: the files of `wire` keep their names, the others get the new
        // root's spelling, and the new root is remembered.
        let outer = top.join("corpus");
        let (named, remembered) = name_roots(std::slice::from_ref(&outer), &known);
        assert_eq!(named[0].below, [(PathBuf::from("wire"), "wire".to_string())]);
        let outer_name = display_base(&outer);
        assert_eq!(
            names(&discover_named(&named, &[])),
            [format!("{outer_name}/bbc/c.txt").as_str(), "wire/a.txt", "wire/deep/b.txt"]
        );
        assert_eq!(remembered.len(), 2);
        assert_eq!(remembered[1], Spelling { resolved: outer.clone(), name: outer_name });

        // Two spellings of one folder in one run: the second is named after the first.
        let (named, remembered) = name_roots(&[outer.clone(), top.join("corpus/bbc/..")], &[]);
        assert_eq!(named[0].name, named[1].name);
        assert_eq!(remembered.len(), 1);

        // A root that does not exist keeps its spelling and is not remembered.
        let (named, remembered) = name_roots(&[PathBuf::from("no/such/folder/")], &known);
        assert_eq!(named[0].name, "no/such/folder");
        assert_eq!(remembered, known);
    }

    #[test]
    fn walks_filters_and_sorts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("wire/deep")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("index")).unwrap();
        fs::create_dir_all(root.join("idx2")).unwrap();
        for f in [
            "b.txt",
            "a.MD",
            "wire/c.json",
            "wire/deep/d.html",
            "wire/e.jsonl",
            "wire/f.sgm",
            "wire/g.txt.gz",
            "wire/h.gz",
            "wire/i.pdf.gz",
            "notes.pdf",
            "README",
            ".hidden.txt",
            ".git/x.txt",
            "index/meta.json",
            "idx2/meta.json",
            "idx2/.managed.json",
            "idx2/y.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let discovery = discover(&[root.to_path_buf()], &[root.join("index")]);
        let base = root.to_string_lossy().trim_end_matches('/').to_string();
        let expected: Vec<String> = [
            "a.MD",
            "b.txt",
            "wire/c.json",
            "wire/deep/d.html",
            "wire/e.jsonl",
            "wire/f.sgm",
            "wire/g.txt.gz",
        ]
        .iter()
        .map(|f| format!("{base}/{f}"))
        .collect();
        assert_eq!(names(&discovery), expected);
        assert!(discovery.skipped.is_empty());
        assert_eq!(discovery.files[0].size, 1);
        assert!(discovery.files[0].modified > 0);
    }

    #[test]
    fn a_file_root_is_kept_whatever_its_extension() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("story.dat");
        fs::write(&file, "text").unwrap();
        let discovery = discover(&[file.clone(), file.clone()], &[]);
        assert_eq!(discovery.files.len(), 1);
        assert_eq!(discovery.files[0].path, file);
    }

    #[test]
    fn missing_roots_are_reported() {
        let discovery = discover(&[PathBuf::from("/definitely/not/here")], &[]);
        assert!(discovery.files.is_empty());
        let messages: Vec<String> = discovery.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(messages, vec!["/definitely/not/here: no such file or directory"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/x.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("a/x.txt"), root.join("a/link.txt")).unwrap();
        let discovery = discover(&[root.to_path_buf()], &[]);
        assert_eq!(discovery.files.len(), 1);
        assert!(discovery.skipped.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_distinct() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [&b"caf\xe9.txt"[..], b"caf\xe8.txt", b"caf\xc3\xa9.txt"] {
            fs::write(root.join(OsStr::from_bytes(name)), "x").unwrap();
        }
        fs::create_dir(root.join(OsStr::from_bytes(b"\xff"))).unwrap();
        fs::write(root.join(OsStr::from_bytes(b"\xff/a.txt")), "x").unwrap();
        let discovery = discover(&[root.to_path_buf()], &[]);
        let base = root.to_string_lossy().trim_end_matches('/').to_string();
        let rel: Vec<String> =
            discovery.files.iter().map(|f| f.display[base.len() + 1..].to_string()).collect();
        assert_eq!(rel, ["\\xFF/a.txt", "caf\\xE8.txt", "caf\\xE9.txt", "café.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_reported() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        fs::create_dir_all(&locked).unwrap();
        fs::write(locked.join("x.txt"), "x").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root ignores permissions: there is nothing to observe then.
        if fs::read_dir(&locked).is_ok() {
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
        let discovery = discover(&[dir.path().to_path_buf()], &[]);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(discovery.skipped.len(), 1);
        assert!(discovery.skipped[0].to_string().ends_with("locked: permission denied"));
    }
}
