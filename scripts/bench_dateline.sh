#!/usr/bin/env bash
# ../shared/bench/run-dateline.sh through scripts/bench_harness.py (which reads `search --json`
# by its contract: hit lines only). Run from the repository's root, after run-peers.sh.
# Usage: scripts/bench_dateline.sh BIN [CORPUS...]   (default corpora: base, plus x10 if present)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
B=${BENCH_DIR:-$PWD/.bench}; export BENCH_DIR=$B
BIN=${1:?usage: scripts/bench_dateline.sh BIN [CORPUS...]}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
shift
corpora=("$@")
if [ ${#corpora[@]} -eq 0 ]; then corpora=(base); [ -d "$B/corpus/x10" ] && corpora+=(x10); fi
[ -f "$B/queries/known_item.tsv" ] || { echo "run ../shared/bench/run-peers.sh first (corpora and queries)" >&2; exit 1; }
mkdir -p "$B/logs"
rm -rf "$B/results/raw/dateline"
for c in "${corpora[@]}"; do
  python3 "$here/bench_harness.py" run --tag dateline --corpus "$c" --peers dateline --dateline-bin "$BIN" \
    2>&1 | tee "$B/logs/run-dateline-$c.log"
done
python3 "$here/bench_harness.py" report --tag dateline
echo "wrote $B/results/dateline.md and dateline.json (compare with peers.md from the same session)"
