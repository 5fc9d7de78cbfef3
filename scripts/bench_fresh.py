#!/usr/bin/env python3
"""Fresh-process query timing with the tools interleaved, so a loaded machine disturbs each alike.

    python3 scripts/bench_fresh.py CORPUS ROUNDS NAME=BIN... [fts5]

e.g. `python3 scripts/bench_fresh.py base 2 before=/tmp/dateline-old after=target/release/dateline fts5`.
Each known-item query of `.bench/queries/known_item.tsv` runs once per tool per round, one tool
after the other (dateline as `BIN search Q --index .bench/idx/dateline-CORPUS --limit 10 --json`,
FTS5 as the shared harness runs it on `.bench/idx/fts5-CORPUS/fts.db`), after 5 untimed
queries per tool. Prints each tool's wall median and p95 (perf_counter around the process) and
CPU median (user+sys from wait4). Indexes and queries come from the shared harness's runs.
"""
import os, subprocess, sys, time, statistics
if len(sys.argv) < 4:
    sys.exit(__doc__)
corpus, rounds = sys.argv[1], max(1, int(sys.argv[2]))
tools = []
for a in sys.argv[3:]:
    if a == "fts5":
        tools.append(("fts5", None))
    else:
        n, b = a.split("=", 1); tools.append((n, b))
qs = []
for line in open(".bench/queries/known_item.tsv"):
    p = line.rstrip("\n").split("\t")
    if p[0] != "qid": qs.append(p[1])
def cmd(tool, q):
    n, b = tool
    if b is None:
        words = " ".join('"%s"' % w for w in q.split())
        sql = "SELECT path FROM docs WHERE docs MATCH '%s' ORDER BY bm25(docs) LIMIT 10" % words.replace("'", "''")
        return ["sqlite3", ".bench/idx/fts5-%s/fts.db" % corpus, sql]
    return [b, "search", q, "--index", ".bench/idx/dateline-%s" % corpus, "--limit", "10", "--json"]
def run(c):
    t = time.perf_counter()
    p = subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return (time.perf_counter() - t) * 1e3, (ru.ru_utime + ru.ru_stime) * 1e3
for t in tools:
    for q in qs[:5]: run(cmd(t, q))
wall = {t[0]: [] for t in tools}; cpu = {t[0]: [] for t in tools}
for r in range(rounds):
    for q in qs:
        for t in tools:
            w, c = run(cmd(t, q)); wall[t[0]].append(w); cpu[t[0]].append(c)
for t in tools:
    n = t[0]; w = sorted(wall[n])
    print("%-10s wall median %.2f ms  p95 %.2f  cpu median %.2f ms  (n=%d)" % (n, statistics.median(w), w[int(len(w)*.95)], statistics.median(cpu[n]), len(w)))
