#!/usr/bin/env python3
"""Hostile-file check: index a generated corpus of bad inputs next to good articles.

Usage: scripts/hostile_corpus.py [--bin BIN] [--quick] [--keep] [--no-drop]
  --bin BIN   dateline binary (default target/release/dateline)
  --quick     smaller big files (70 MB text, 1 GB gzip bomb) for a faster run
  --keep      leave the generated folder in /tmp (it is deleted by default)
  --no-drop   as root, run dateline as root (permissions then do not bite)

Generates, in a temporary folder, good articles (each with a word found nowhere else) and the
issue's hostile cases: binary files with text extensions, empty and whitespace-only files, a
200 MB text file, a 1 GB sparse file, HTML and XML nested 100,000 levels, billion-laughs XML,
JSON nested 10^6 arrays deep, invalid and mixed encodings, a gzip bomb (10 GB of zeros), truncated
WARC files, unreadable files and folders, symlink loops, FIFOs, non-UTF-8 file names, and files
rewritten or deleted by a background thread while the run reads them.

Runs `dateline index --json corpus` under /usr/bin/time -v (as `nobody` through setpriv when run
as root, so that permissions bite), then checks: the exit code is 3 (some files skipped), no
panic text on stdout or stderr, every good article is found by its word, every bad file is
reported with the expected reason, links and FIFOs are passed over without hanging, and a
second run over the same corpus finishes. Prints one line per case, the peak RSS and the time;
exits 1 if a check fails.
"""
import argparse
import gzip
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zlib

MB = 1024 * 1024

PARAGRAPH = (
    "LONDON - The harbour authority said on Monday that the ferries would run again after the "
    "storm, and that the tides of the Thames had not damaged the piers. Officials met at noon.\n\n"
)


def story(word, title="Harbour ferries run again"):
    return f"{title}\n\nLONDON - The {word} report says the ferries run again after the storm on the Thames.\n"


class Corpus:
    """The generated folder and what is expected of each case."""

    def __init__(self, root, quick):
        self.root = root
        self.quick = quick
        # (relative path as bytes, expectation, detail)
        #   ("indexed", word): the word finds an article from this file
        #   ("reported", regex): the summary reports the path with a reason matching regex
        #   ("either", regex): indexed or reported (matching regex), never silent
        #   ("passed", None): neither indexed nor reported (links, FIFOs), and no hang
        self.cases = []

    def path(self, rel):
        p = os.path.join(self.root.encode(), b"corpus", rel if isinstance(rel, bytes) else rel.encode())
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def write(self, rel, data, expect, detail=None):
        with open(self.path(rel), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        self.cases.append((rel if isinstance(rel, bytes) else rel.encode(), expect, detail))

    def add(self, rel, expect, detail=None):
        self.cases.append((rel if isinstance(rel, bytes) else rel.encode(), expect, detail))


def generate(c):
    q = c.quick
    # Good articles, one per format, each with its own word.
    c.write("good/harbour.txt", story("goodtxtword"), "indexed", "goodtxtword")
    c.write(
        "good/budget.md",
        "---\ntitle: Council budget\ndate: 2025-10-30\n---\nPARIS - The goodmdword budget passed.\n",
        "indexed",
        "goodmdword",
    )
    c.write(
        "good/wire.json",
        json.dumps([{"title": "One", "body": "The goodjsonword story."}, {"title": "Two", "body": "Another."}]),
        "indexed",
        "goodjsonword",
    )
    c.write(
        "good/page.html",
        "<html><head><title>Harbour page</title></head><body><article><p>The goodhtmlword harbour "
        "reopened on Monday after a storm that closed it for a week, officials said.</p><p>"
        + "Ferries ran again. " * 20
        + "</p></article></body></html>",
        "indexed",
        "goodhtmlword",
    )
    c.write(
        "good/story.nitf",
        "<?xml version='1.0'?><nitf><head><title>Museum opens</title></head><body><body.head>"
        "<hedline><hl1>Museum opens</hl1></hedline></body.head><body.content><p>The goodnitfword "
        "museum opened on Thursday.</p></body.content></body></nitf>",
        "indexed",
        "goodnitfword",
    )

    # Binary files with text extensions.
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096)
    c.write("binary/image.txt", png, "reported", r"binary")
    c.write("binary/random.html", os.urandom(64 * 1024), "reported", r"binary")
    c.write("binary/random.json", os.urandom(64 * 1024), "reported", r"binary|not|JSON")
    with open("/bin/ls", "rb") as f:
        c.write("binary/program.md", f.read(), "reported", r"binary")
    c.write("binary/zip.xml", b"PK\x03\x04" + os.urandom(2048), "reported", r"binary")
    c.write("binary/random.warc", os.urandom(64 * 1024), "reported", r"not a WARC")

    # Empty and whitespace-only.
    c.write("empty/empty.txt", b"", "reported", r"empty")
    c.write("empty/spaces.md", b"  \n\t \r\n\n   ", "reported", r"empty")
    c.write("empty/bom-only.txt", b"\xef\xbb\xbf\n", "reported", r"empty")
    c.write("empty/empty.json", b"", "reported", r"empty")
    c.write("empty/empty.warc", b"", "reported", r"empty")
    c.write("empty/empty.txt.gz", gzip.compress(b""), "reported", r"empty")
    c.write("empty/nbsp.txt", "\u00a0\u2003\u3000\n".encode(), "reported", r"empty|no article text")

    # Big files.
    big = 70 * MB if q else 200 * MB
    block = PARAGRAPH.encode() * 1000
    with open(c.path("big/huge.txt"), "wb") as f:
        written = 0
        while written < big:
            f.write(block)
            written += len(block)
    c.add("big/huge.txt", "reported", r"too large: \d+ MB")
    with open(c.path("big/sparse.txt"), "wb") as f:
        f.truncate(1024 * MB)
    c.add("big/sparse.txt", "reported", r"too large: 1024 MB")
    with open(c.path("big/sparse.warc"), "wb") as f:
        f.truncate(1024 * MB)
    c.add("big/sparse.warc", "reported", r"not a WARC")
    with open(c.path("big/one-line.txt"), "wb") as f:
        f.write(b"Long line " + b"word " * (12 * MB // 5) + b"\n")
    c.add("big/one-line.txt", "reported", r"article text too long: \d+ MB")
    # Just under the 64 MiB file limit: one JSON array of many ordinary articles, all indexed.
    many = 10 * MB if q else 60 * MB
    item = {"title": "Wire copy", "body": PARAGRAPH * 8}
    count = many // len(json.dumps(item))
    items = [dict(item, id=str(i)) for i in range(count)]
    items[count // 2]["body"] += " manyarticlesword"
    c.write("big/many.json", json.dumps(items), "indexed", "manyarticlesword")

    # Deep nesting.
    n = 100_000
    c.write(
        "deep/divs.html",
        "<html><head><title>Deep</title></head><body>" + "<div>" * n + "deep text" + "</div>" * n + "</body></html>",
        "either",
        r"nested|deep|no article",
    )
    c.write("deep/spans.html", "<html><body>" + "<span><b>" * n + "x", "either", r"nested|deep|no article")
    c.write("deep/tables.html", "<html><body>" + "<table><tr><td>" * (n // 3), "either", r"nested|deep|no article")
    c.write(
        "deep/deep.nitf",
        "<?xml version='1.0'?><nitf><body><body.content>" + "<p>" * n + "x" + "</p>" * n
        + "</body.content></body></nitf>",
        "reported",
        r"nested|deep",
    )
    c.write("deep/deep.rss", "<rss><channel><item>" + "<x>" * n + "y" + "</x>" * n + "</item></channel></rss>",
            "reported", r"nested|deep")
    c.write("deep/deep.xml", "<a>" * n + "</a>" * n, "reported", r"nested|deep|XML of a kind")
    c.write("deep/unclosed.xml", "<rss>" + "<a>" * n, "reported", r"nested|deep|truncated")
    deep_html = "<div>" * n + "deep" + "</div>" * n
    c.write("deep/escaped-html.rss", "<rss><channel><item><title>Deep</title><description>"
            + deep_html.replace("<", "&lt;").replace(">", "&gt;") + "</description></item></channel></rss>",
            "either", r"nested|deep|no article")
    c.write("deep/html-body.json", json.dumps({"title": "Deep", "body": deep_html}), "either",
            r"nested|deep|no article")
    c.write("deep/html-body.md", "# Deep\n\n" + deep_html + "\n", "either", r"nested|deep|no article")
    laughs = ['<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        laughs.append(f' <!ENTITY lol{i} "' + f"&{prev};" * 10 + '">\n')
    laughs.append("]>\n<rss><channel><item><title>Laughs</title><description>&lol9;</description></item></channel></rss>\n")
    c.write("deep/billion-laughs.rss", "".join(laughs), "either", r"entit|DTD|no article")
    c.write("deep/billion-laughs.xml", "".join(laughs), "either", r"entit|DTD|no article|XML")
    quadratic = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 100_000 + '">]><rss><channel><item>'
                 "<title>Q</title><description>" + "&a;" * 100_000 + "</description></item></channel></rss>")
    c.write("deep/quadratic-blowup.rss", quadratic, "either", r"entit|DTD|no article")
    c.write("deep/arrays.json", "[" * 1_000_000 + "]" * 1_000_000, "reported", r"nested|deep")
    c.write("deep/objects.json", '{"a":' * 1_000_000 + "1" + "}" * 1_000_000, "reported", r"nested|deep")
    c.write("deep/arrays.jsonl", "[" * 1_000_000 + "\n" + "[" * 1_000_000, "reported", r"nested|deep")
    c.write("deep/yaml.md", "---\nx: " + "[" * n + "]" * n + "\n---\nBody of the deepyamlword story.\n",
            "either", r"nested|deep|front matter")
    c.write("deep/yaml-maps.md", "---\n" + "".join(" " * i + "a:\n" for i in range(2000)) + "---\nBody.\n",
            "either", r"nested|deep|front matter")
    c.write("deep/toml.md", "+++\nx = " + "[" * n + "]" * n + "\n+++\nBody of the deeptomlword story.\n",
            "either", r"nested|deep|front matter")
    c.write("deep/quotes.md", "# Quotes\n\n" + ">" * n + " deepquoteword\n", "either", r"nested|deep")
    c.write("deep/lists.md", "# Lists\n\n" + "".join("  " * i + "- item\n" for i in range(3000)), "either",
            r"nested|deep")

    # Encodings: decoded, never rejected.
    c.write("enc/latin1.txt", "Café news\n\nThe café latinoneword reopened.\n".encode("latin-1"), "indexed",
            "latinoneword")
    c.write("enc/mixed.txt", "Mixed\n\nThe naïve mixedword café ".encode() + b"caf\xe9 \xff\xfe end.\n", "indexed",
            "mixedword")
    c.write("enc/utf16le.txt", "\ufeffUTF-16 news\n\nThe utfsixteenword story.\n".encode("utf-16-le"), "indexed",
            "utfsixteenword")
    c.write("enc/utf16-nobom.txt", "No BOM\n\nThe nobomword story.\n".encode("utf-16-le"), "either", r"binary")
    c.write("enc/shift-jis.txt", "東京のニュース\n\n東京で会議が開かれた。 sjisword\n".encode("shift_jis"), "indexed",
            "sjisword")
    c.write("enc/invalid.md", b"# Invalid\n\nThe \xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 invalidutfword \xff.\n",
            "indexed", "invalidutfword")
    c.write("enc/bogus-charset.html",
            '<html><head><meta charset="x-no-such-charset"><title>Bogus charset</title></head><body><p>The '
            'boguscharsetword page has a charset nobody knows, and enough words to be a story here.</p>'
            "</body></html>", "indexed", "boguscharsetword")
    c.write("enc/bogus-charset.rss", '<?xml version="1.0" encoding="x-nonsense"?><rss><channel><item>'
            "<title>Bogus</title><description>The boguxmlword item.</description></item></channel></rss>",
            "indexed", "boguxmlword")

    # gzip.
    chunk = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = chunk.compress(bytes(100 * MB)) + chunk.flush()  # 100 MB of zeros, ~100 KB
    copies = 10 if q else 100  # 1 GB or 10 GB of zeros, as concatenated gzip members
    c.write("gzip/bomb.txt.gz", member * copies, "reported", r"decompresses to more than")
    c.write("gzip/bomb.json.gz", member * copies, "reported", r"decompresses to more than")
    c.write("gzip/double.txt.gz", gzip.compress(gzip.compress(story("doublegzword").encode())), "reported",
            r"gzip inside gzip")
    good_gz = gzip.compress(story("gzippedword").encode())
    c.write("gzip/good.txt.gz", good_gz, "indexed", "gzippedword")
    c.write("gzip/truncated.txt.gz", gzip.compress((PARAGRAPH * 200).encode())[:300], "reported", r"truncated")
    c.write("gzip/corrupt.md.gz", b"\x1f\x8b\x08\x00" + os.urandom(1000), "reported", r"gzip")
    warc_head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/bomb\r\n"
                 b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
                 % (100 * MB * copies))
    c.write("gzip/bomb.warc.gz", gzip.compress(warc_head) + member * copies, "reported", r"larger than|too large")

    # WARC.
    html = (b"<html><head><title>Captured page</title></head><body><article><p>The warcgoodword page was "
            b"captured on Monday, with enough words in it to count as a story.</p><p>"
            + b"More words here. " * 20 + b"</p></article></body></html>")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html

    def record(uri, payload):
        return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
                b"WARC-Date: 2025-10-30T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                b"Content-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n")

    whole = record(b"http://example.com/good", http) + record(b"http://example.com/cut", http)
    c.write("warc/truncated.warc", whole[: len(whole) - 200], "indexed", "warcgoodword")
    c.add("warc/truncated.warc", "reported", r"truncated")
    c.write("warc/cut-first.warc", whole[:150], "reported", r"truncated")
    c.write("warc/cut.warc.gz", gzip.compress(whole)[:-40], "either", r"truncated")
    c.write("warc/lying-length.warc", whole.replace(b"Content-Length: ", b"Content-Length: 9", 1), "reported",
            r"truncated|not a WARC|larger")
    c.write("warc/blank-lines.warc", b"\n" * (5 * MB), "reported", r"no HTML page|not a WARC|empty")

    # Permissions (checked only when they bite: see main()).
    c.write("perms/locked.txt", story("lockedword"), "reported", r"permission denied")
    c.write("perms/lockeddir/inside.txt", story("lockeddirword"), "reported", r"permission denied")
    c.cases[-1] = (b"perms/lockeddir", "reported", r"permission denied")
    os.chmod(c.path("perms/locked.txt"), 0)
    os.chmod(c.path("perms/lockeddir"), 0)

    # Links and special files: not followed, no hang.
    links = os.path.join(c.root, "corpus", "links")
    os.makedirs(links)
    os.symlink(".", os.path.join(links, "loop"))
    os.symlink("..", os.path.join(links, "up"))
    os.symlink("self.txt", os.path.join(links, "self.txt"))
    os.symlink("b.txt", os.path.join(links, "a.txt"))
    os.symlink("a.txt", os.path.join(links, "b.txt"))
    os.symlink("/dev/zero", os.path.join(links, "zero.txt"))
    os.symlink("/nowhere/at/all.txt", os.path.join(links, "dangling.txt"))
    os.mkfifo(os.path.join(links, "pipe.txt"))
    for name in ["loop", "up", "self.txt", "a.txt", "b.txt", "zero.txt", "dangling.txt", "pipe.txt"]:
        c.add("links/" + name, "passed")

    # File names that are not UTF-8.
    c.write(b"names/caf\xe9.txt", story("latinnameword"), "indexed", "latinnameword")
    c.write(b"names/caf\xe8.txt", story("othernameword"), "indexed", "othernameword")
    c.write(b"names/\xff\xfe/inside.txt", story("badfolderword"), "indexed", "badfolderword")
    c.write(b"names/new\nline.txt", story("newlinenameword"), "indexed", "newlinenameword")


def churn_files(c, count=300):
    """Files the background thread rewrites and deletes while the run reads them."""
    for i in range(count):
        with open(c.path(f"churn/{i:03}.txt"), "w") as f:
            f.write(story(f"churnword{i}") * (1 + i % 7))
    return [c.path(f"churn/{i:03}.txt") for i in range(count)]


def churn(paths, stop, counts):
    rng = random.Random(8)
    while not stop.is_set():
        p = rng.choice(paths)
        action = rng.random()
        try:
            if action < 0.3:
                os.remove(p)
                counts["deleted"] += 1
            elif action < 0.6:
                with open(p, "w") as f:  # truncate, then write slowly
                    f.write("Rewritten\n\n")
                    f.flush()
                    f.write("LONDON - rewritten churn story. " * rng.randint(1, 2000))
                counts["rewritten"] += 1
            else:
                with open(p, "ab") as f:
                    f.write(os.urandom(rng.randint(1, 64)))
                counts["appended"] += 1
        except OSError:
            pass


def peak(stderr):
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", stderr)
    return (int(rss.group(1)) // 1024 if rss else None), (wall.group(1) if wall else "?")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/dateline")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-drop", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no dateline binary at {binary}: build it with `cargo build --release`")

    root = tempfile.mkdtemp(prefix="dateline-hostile-")
    failures = []
    try:
        os.chmod(root, 0o755)
        c = Corpus(root, args.quick)
        t0 = time.time()
        generate(c)
        churned = churn_files(c)
        size = sum(os.lstat(os.path.join(d, f)).st_blocks * 512 for d, _, fs in os.walk(os.path.join(root, "corpus"))
                   for f in fs)
        print(f"corpus: {len(c.cases)} cases + {len(churned)} churning files, {size / MB:.0f} MB on disk, "
              f"generated in {time.time() - t0:.1f} s, in {root}")

        prefix = []
        perms_bite = os.geteuid() != 0
        if os.geteuid() == 0 and not args.no_drop and shutil.which("setpriv"):
            # Root reads everything; run as nobody so the unreadable files are unreadable.
            prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
            perms_bite = True
            local = os.path.join(root, "dateline")
            shutil.copy(binary, local)
            binary = local
        if not perms_bite:
            print("note: running as root without dropping privileges: unreadable files are readable, "
                  "so the permission cases are not checked")
        index = os.path.join(root, "idx")
        os.makedirs(index)
        os.chmod(index, 0o777)
        for d, dirs, files in os.walk(os.path.join(root, "corpus", "churn")):
            os.chmod(d, 0o777)
            for f in files:
                os.chmod(os.path.join(d, f), 0o666)

        def dateline(*a):
            return prefix + [binary, *a, "--index", index]

        stop = threading.Event()
        counts = {"deleted": 0, "rewritten": 0, "appended": 0}
        thread = threading.Thread(target=churn, args=(churned, stop, counts), daemon=True)
        thread.start()
        run = subprocess.run(["/usr/bin/time", "-v", *dateline("index", "--json", "corpus")], cwd=root,
                             capture_output=True, timeout=1800)
        stop.set()
        thread.join()
        out, err = run.stdout.decode(errors="replace"), run.stderr.decode(errors="replace")
        rss, wall = peak(err)
        print(f"index run: exit {run.returncode}, peak RSS {rss} MB, wall {wall}; churn during the run: {counts}")
        if run.returncode != 3:
            failures.append(f"exit code {run.returncode}, expected 3 (finished, some files skipped)")
        for text in (out, err):
            for marker in ("panicked", "RUST_BACKTRACE", "stack overflow", "memory allocation of"):
                if marker in text:
                    failures.append(f"{marker!r} in the output")
        summary = next((json.loads(l) for l in out.splitlines() if l.startswith("{")), None)
        if summary is None:
            failures.append("no JSON summary on stdout")
            print(err[-3000:])
            summary = {"skipped": []}
        skipped = summary.get("skipped", [])
        print(f"summary: {summary.get('added')} files added, {summary.get('articles')} articles, "
              f"{len(skipped)} skipped")

        def reported(rel):
            shown = "corpus/" + rel.decode(errors="replace")
            hits = [s for s in skipped if s.startswith(shown + ": ") or s.startswith(shown + "#")]
            return [h.split(": ", 1)[1] if ": " in h else h for h in hits]

        def found(word):
            r = subprocess.run(dateline("search", word, "--json", "--limit", "0"), cwd=root, capture_output=True)
            lines = [json.loads(l) for l in r.stdout.decode(errors="replace").splitlines() if l.startswith("{")]
            return [l.get("path") for l in lines if l.get("type") == "hit"]

        print(f"\n{'case':34} {'expected':9} outcome")
        for rel, expect, detail in c.cases:
            name = rel.decode(errors="backslashreplace").replace("\n", "\\n")
            reasons = reported(rel)
            if expect == "indexed":
                paths = found(detail)
                ok = bool(paths)
                outcome = f"indexed ({len(paths)} hit)" if ok else f"NOT FOUND by {detail!r}; reported: {reasons}"
            elif expect == "reported":
                if rel.startswith(b"perms/") and not perms_bite:
                    print(f"{name:34} {expect:9} not checked (running as root): {reasons or 'read'}")
                    continue
                ok = any(re.search(detail, r, re.I) for r in reasons)
                outcome = ("reported: " + "; ".join(reasons)) if reasons else "NOT REPORTED"
            elif expect == "either":
                ok = bool(reasons) and any(re.search(detail, r, re.I) for r in reasons) or not reasons
                outcome = ("reported: " + "; ".join(reasons)) if reasons else "indexed (read as an article)"
            else:
                ok = not reasons
                outcome = "passed over" if ok else "reported: " + "; ".join(reasons)
            if not ok:
                failures.append(f"{name}: {outcome}")
            print(f"{name:34} {expect:9} {'ok  ' if ok else 'FAIL'} {outcome[:160]}")

        churn_reasons = [s for s in skipped if s.startswith("corpus/churn/")]
        churn_found = len(found("churn")) + len(found("rewritten"))
        print(f"\nchurn: {churn_found} churning articles found, {len(churn_reasons)} reported: "
              + "; ".join(sorted({r.split(': ', 1)[1] for r in churn_reasons}))[:300])
        others = [s for s in skipped if not any(s.startswith("corpus/" + rel.decode(errors="replace"))
                                                 for rel, _, _ in c.cases) and not s.startswith("corpus/churn/")]
        if others:
            print("reported and not expected:", others)

        again = subprocess.run(["/usr/bin/time", "-v", *dateline("index", "--json", "corpus")], cwd=root,
                               capture_output=True, timeout=1800)
        rss2, wall2 = peak(again.stderr.decode(errors="replace"))
        print(f"second run: exit {again.returncode}, peak RSS {rss2} MB, wall {wall2}")
        if again.returncode not in (0, 3):
            failures.append(f"second run exit {again.returncode}: {again.stderr.decode(errors='replace')[-500:]}")
        stats = subprocess.run(dateline("stats", "--json"), cwd=root, capture_output=True)
        print("stats:", stats.stdout.decode(errors="replace").strip()[:300])
    finally:
        for d, dirs, _ in os.walk(root):
            for x in dirs:
                p = os.path.join(d, x)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        if args.keep:
            print("kept", root)
        else:
            shutil.rmtree(root, ignore_errors=True)

    print()
    if failures:
        print(f"FAILED: {len(failures)} checks")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
