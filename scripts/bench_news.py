#!/usr/bin/env python3
"""Times dateline's news-search features and export on one index; prints a Markdown table.

Usage: scripts/bench_news.py [BIN] [CORPUS] [INDEX]
  BIN     the dateline binary (default target/release/dateline)
  CORPUS  folder to index when INDEX does not exist (default .bench/corpus/base, made by
          ../shared/bench/make-corpus: 18,222 Reuters-21578 and BBC articles)
  INDEX   index folder (default .bench/idx-news)

Each command runs in a fresh process, as a user would run it: 2 untimed warm-up runs, then the
median wall time of 9. Peak RSS comes from /usr/bin/time -v when it is installed.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/dateline"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else ".bench/corpus/base"
INDEX = sys.argv[3] if len(sys.argv) > 3 else ".bench/idx-news"
TIME = shutil.which("time") and os.path.exists("/usr/bin/time")


def run(args, timed_rss=False):
    cmd = [BIN] + args + ["--index", INDEX]
    if timed_rss and TIME:
        cmd = ["/usr/bin/time", "-v"] + cmd
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if r.returncode not in (0, 3):
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-500:]))
    rss = None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    if m:
        rss = int(m.group(1)) / 1024
    return dt, rss, r.stdout


def median_ms(args, n=9):
    for _ in range(2):
        run(args)
    return statistics.median(run(args)[0] for _ in range(n)) * 1000


rows = []
if not os.path.exists(os.path.join(INDEX, "meta.json")):
    dt, rss, out = run(["index", CORPUS, "-q"], timed_rss=True)
    rows.append(("index %s (build)" % CORPUS, "%.1f s" % dt, "%.0f MB" % rss if rss else "-"))
_, _, stats = run(["stats"])
articles = re.search(r"articles\s+(\d+)", stats).group(1)

cases = [
    ("search tariffs (top 10)", ["search", "tariffs", "--json"]),
    ("search tariffs --facets", ["search", "tariffs", "--facets", "--json"]),
    ("search tariffs --timeline month", ["search", "tariffs", "--timeline", "month", "--json"]),
    ("search (all articles) --facets --timeline month", ["search", "--facets", "--timeline", "month", "--json"]),
    ("entities (4 kinds, top 20)", ["entities", "--json"]),
    ("entities --with the top person", None),
]
_, _, top = run(["entities", "--kind", "person", "-n", "1", "--json"])
top_person = re.search(r'"name":"([^"]+)"', top).group(1)
for label, args in cases:
    if args is None:
        label, args = "entities --with \"%s\"" % top_person, ["entities", "--with", top_person, "--json"]
    rows.append((label, "%.1f ms" % median_ms(args), "-"))
dt, rss, _ = run(["export", "--format", "ndjson"], timed_rss=True)
rows.append(("export --format ndjson (all %s articles)" % articles, "%.2f s" % dt, "%.0f MB" % rss if rss else "-"))

print("dateline news-search timings, %s articles, %s, %d CPUs, %s" % (
    articles, time.strftime("%Y-%m-%d"), os.cpu_count(), BIN))
print()
print("| command (fresh process) | median wall | peak RSS |")
print("|---|--:|--:|")
for r in rows:
    print("| %s | %s | %s |" % r)
