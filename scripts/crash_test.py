#!/usr/bin/env python3
"""Crash-safety check: kill `dateline index` with SIGKILL at random moments and check the index.

Usage: scripts/crash_test.py [BIN] [DATA] [TRIALS]
  BIN     dateline binary (default target/release/dateline)
  DATA    a BBC-News-style folder of category folders (default ../shared/data/bbc-news)
  TRIALS  number of kills (default 20)

Each trial: index the first category folder (commit A), start indexing every category folder,
SIGKILL it after a random delay, then check that the index opens and holds exactly commit A or
exactly the complete run (article count and the paths of a few queries), and that running the
complete index again converges to the same count and results as an uninterrupted run.
Prints one line per trial and a summary; exits 1 if any check fails.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/dateline")
DATA = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/bbc-news"
TRIALS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
QUERIES = ["election", "\"interest rates\"", "film award", "football", "mobile phone"]

folders = sorted(os.path.join(DATA, d) for d in os.listdir(DATA) if os.path.isdir(os.path.join(DATA, d)))
if len(folders) < 2:
    sys.exit("need a folder of at least two category folders: %s" % DATA)


def dl(idx, *args, check=True):
    r = subprocess.run([BIN, *args, "--index", idx], capture_output=True, text=True)
    if check and r.returncode not in (0, 3):
        sys.exit("failed: %s %s\n%s" % (BIN, " ".join(args), r.stderr[-400:]))
    return r


def state(idx):
    """(article count, {query: sorted paths of every match}) of an index. Sets, not rankings:
    documents with equal scores come in index order, which depends on thread scheduling."""
    results = {}
    total = None
    for q in QUERIES:
        lines = [json.loads(l) for l in dl(idx, "search", q, "--limit", "0", "--json").stdout.splitlines()]
        results[q] = sorted(l["path"] for l in lines if l.get("type") == "hit")
    for l in dl(idx, "search", "--limit", "1", "--json", "--summary").stdout.splitlines():
        line = json.loads(l)
        if line.get("type") == "summary":
            total = line["total"]
    return total, results


work = tempfile.mkdtemp(prefix="dateline-crash-")
try:
    ref_a = os.path.join(work, "ref-a")
    dl(ref_a, "index", folders[0], "-q")
    state_a = state(ref_a)
    ref_full = os.path.join(work, "ref-full")
    t0 = time.perf_counter()
    dl(ref_full, "index", *folders, "-q")
    full_time = time.perf_counter() - t0
    dl(ref_full, "index", *folders, "-q")  # a no-op re-run, as after a crash
    state_full = state(ref_full)
    print("commit A: %d articles; complete run: %d articles in %.2f s" % (state_a[0], state_full[0], full_time))
    rng = random.Random(2026)
    failures = 0
    outcomes = {"A": 0, "complete": 0}
    for trial in range(1, TRIALS + 1):
        idx = os.path.join(work, "trial-%02d" % trial)
        dl(idx, "index", folders[0], "-q")
        delay = rng.uniform(0.0, full_time * 1.1)
        child = subprocess.Popen([BIN, "index", *folders, "--index", idx, "-q"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        after = state(idx)
        which = "A" if after == state_a else "complete" if after == state_full else None
        dl(idx, "index", *folders, "-q")
        converged = state(idx) == state_full
        ok = which is not None and converged
        failures += not ok
        if which:
            outcomes[which] += 1
        print("trial %2d: killed after %.2f s; index held %s (%s articles); re-run %s" % (
            trial, delay, which or "NEITHER COMMIT", after[0], "converged" if converged else "DID NOT CONVERGE"))
        shutil.rmtree(idx, ignore_errors=True)
    print("%d trials: %d held commit A, %d held the complete run, %d failed" % (
        TRIALS, outcomes["A"], outcomes["complete"], failures))
    sys.exit(1 if failures else 0)
finally:
    shutil.rmtree(work, ignore_errors=True)
