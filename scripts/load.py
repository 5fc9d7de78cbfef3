#!/usr/bin/env python3
"""Load check for `dateline serve` (a script, not a timed test).

Runs N concurrent clients (default 8) for S seconds (default 20) against a running server,
each sending a mix of typical requests (searches with and without filters, facets and timeline,
article look-ups, entity lists, health), and prints requests per second, p50/p99 latency and the
error count. Exits 1 if any request failed.

    cargo build --release
    ./target/release/dateline index sample_corpus --index /tmp/idx
    ./target/release/dateline serve --index /tmp/idx --addr 127.0.0.1:7700 &
    python3 scripts/load.py --url http://127.0.0.1:7700 --clients 8 --seconds 20
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
import urllib.parse

SEARCHES = [
    "q=tariffs",
    "q=Xi+tariffs+Busan",
    "q=%22interest+rates%22",
    "q=tariffs&person=Xi&facets=all&timeline=month",
    "q=rates&dateline=Japan&from=2025&to=2025-12",
    "org=Bank+of+Japan&sort=date",
    "q=growth+OR+inflation&sort=oldest&limit=20",
    "country=South+Korea&limit=0&facets=all&timeline=month",
    "q=tariffs&offset=10",
    "q=election",
]


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7700")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    target = urllib.parse.urlsplit(args.url)
    host, port = target.hostname, target.port or 80

    # Article ids to look up, taken from the server itself.
    probe = http.client.HTTPConnection(host, port, timeout=30)
    probe.request("GET", "/api/search?limit=50")
    hits = json.loads(probe.getresponse().read())["hits"]
    probe.close()
    articles = ["/api/articles/" + urllib.parse.quote(h["path"], safe="") for h in hits]
    paths = [("/api/search?" + q) for q in SEARCHES] * 3 + articles[:10] + [
        "/api/entities?kind=person",
        "/api/entities?kind=place&limit=50",
        "/health",
    ]

    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine, bad = [], []
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    bad.append(f"{response.status} {path}: {body[:200]!r}")
            except (OSError, http.client.HTTPException) as error:
                bad.append(f"{path}: {error}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began

    latencies.sort()
    ms = [x * 1000 for x in latencies]
    print(f"clients      {args.clients}")
    print(f"duration     {elapsed:.1f} s")
    print(f"requests     {len(ms)}")
    print(f"requests/s   {len(ms) / elapsed:.1f}")
    print(f"latency p50  {percentile(ms, 0.50):.2f} ms")
    print(f"latency p99  {percentile(ms, 0.99):.2f} ms")
    print(f"latency max  {ms[-1] if ms else 0:.2f} ms")
    print(f"latency mean {statistics.fmean(ms) if ms else 0:.2f} ms")
    print(f"errors       {len(errors)}")
    for line in errors[:10]:
        print("  " + line)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
