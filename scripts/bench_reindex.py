#!/usr/bin/env python3
"""Times a full build, a re-index with nothing changed, and a re-index after a share of the
files changed (issue 5: under 2 s on x10 with nothing changed, under 10% of a build after 1%).

Usage: scripts/bench_reindex.py [--bin BIN] [--corpus DIR] [--work DIR] [--fraction F]
                                [--noop-runs N] [--seed S] [--keep]

  --bin        the dateline binary (default target/release/dateline)
  --corpus     the corpus to copy (default .bench/corpus/base; .bench/corpus/x10 for the
               issue's figures), made by ../shared/bench/make-corpus
  --work       scratch folder (default .bench/reindex): the corpus is copied there, so the
               changes never touch the original, and the index is built there
  --fraction   share of the files changed (default 0.01)
  --noop-runs  re-runs with nothing changed, after the build (default 3; the median is shown)

Steps: copy the corpus; build a fresh index of the copy; re-run the same command N times with
nothing changed; append a sentence to a seeded random --fraction of the files (their size and
mtime change, so each is re-read and its articles replaced); re-run once; re-run once more with
nothing changed. Every run is a fresh process under /usr/bin/time: wall, CPU (user+sys) and
peak RSS, with the load average when it started. The machine's load is printed because timings
on a shared machine are noisy: compare CPU times. Timings are never asserted.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time


def run_index(bin_path, corpus, index):
    cmd = ["/usr/bin/time", "-v", bin_path, "index", corpus, "--index", index, "--json", "-q"]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 3):
        sys.exit("failed (exit %d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr[-2000:]))

    def field(name):
        m = re.search(re.escape(name) + r": ([\d.]+)", r.stderr)
        return float(m.group(1)) if m else 0.0

    report = {}
    for line in r.stdout.splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            pass
    return {
        "wall": wall,
        "cpu": field("User time (seconds)") + field("System time (seconds)"),
        "rss_mb": field("Maximum resident set size (kbytes)") / 1024,
        "load": load,
        "report": report,
    }


def describe(label, m):
    rep = m["report"]
    counts = ", ".join(
        "%s %s" % (k, rep[k]) for k in ("added", "changed", "deleted", "unchanged", "articles") if k in rep
    )
    return "| %s | %.2f | %.2f | %.0f | %.2f | %s |" % (
        label, m["wall"], m["cpu"], m["rss_mb"], m["load"], counts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/dateline")
    ap.add_argument("--corpus", default=".bench/corpus/base")
    ap.add_argument("--work", default=".bench/reindex")
    ap.add_argument("--fraction", type=float, default=0.01)
    ap.add_argument("--noop-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the copy and the index")
    args = ap.parse_args()

    bin_path = os.path.abspath(args.bin)
    name = os.path.basename(os.path.normpath(args.corpus))
    corpus = os.path.join(args.work, name)
    index = os.path.join(args.work, name + "-index")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    t0 = time.perf_counter()
    shutil.copytree(args.corpus, corpus)
    print("copied %s to %s in %.1f s" % (args.corpus, corpus, time.perf_counter() - t0), file=sys.stderr)

    rows = []
    build = run_index(bin_path, corpus, index)
    rows.append(describe("build (fresh index)", build))

    noops = [run_index(bin_path, corpus, index) for _ in range(args.noop_runs)]
    for i, m in enumerate(noops):
        rows.append(describe("re-index, nothing changed (%d)" % (i + 1), m))

    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if not f.startswith("."))
    changed = random.Random(args.seed).sample(files, max(1, round(len(files) * args.fraction)))
    for path in changed:
        with open(path, "a", encoding="utf-8") as out:
            out.write("\nThe story was updated on Monday with comments from the ministry.\n")
    after = run_index(bin_path, corpus, index)
    rows.append(describe("re-index, %d files changed (%.1f%%)" % (len(changed), 100 * args.fraction), after))
    rows.append(describe("re-index, nothing changed (after)", run_index(bin_path, corpus, index)))

    print("%s, %s, %d files, %s" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), name, len(files), bin_path))
    print()
    print("| run | wall s | CPU s | peak RSS MB | load avg (1 min) at start | report |")
    print("|---|--:|--:|--:|--:|---|")
    for row in rows:
        print(row)
    print()
    noop_wall = statistics.median(m["wall"] for m in noops)
    noop_cpu = statistics.median(m["cpu"] for m in noops)
    print("nothing changed: median %.2f s wall, %.2f s CPU" % (noop_wall, noop_cpu))
    print("%.1f%% changed: %.2f s wall (%.1f%% of the build's %.2f s), %.2f s CPU (%.1f%% of %.2f s)" % (
        100 * args.fraction, after["wall"], 100 * after["wall"] / build["wall"], build["wall"],
        after["cpu"], 100 * after["cpu"] / build["cpu"], build["cpu"]))
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
