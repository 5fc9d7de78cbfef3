#!/usr/bin/env bash
# Fuzz dateline's parsers with cargo-fuzz (libFuzzer), on the stable toolchain.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  time per target (default 60); 0 replays the seeds and the saved corpus once, no
#            fuzzing (a quick regression check)
#   TARGET   any of fuzz/fuzz_targets/*.rs (default: all of them, one after the other)
#
# Needs `cargo install cargo-fuzz` and a C++ compiler (libfuzzer-sys builds libFuzzer). Runs with
# `-s none`: cargo-fuzz's default AddressSanitizer needs a nightly compiler, and without it the
# build works on stable (the coverage instrumentation flags are stable). Safe Rust needs the
# sanitizer little; what is looked for here is panics, stack overflows, hangs (-timeout) and
# runaway memory (-rss_limit_mb).
#
# One target at a time, at nice 19 (the machine is shared). The committed seeds in
# fuzz/seeds/TARGET and the test fixtures (tests/fixtures/formats, tests/fixtures/broken: every
# target starts from all of them) are only read; inputs libFuzzer finds go to fuzz/corpus/TARGET and crashes to
# fuzz/artifacts/TARGET (both ignored by git). Reproduce a crash with
#   cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-...
# and add it as a regression test next to the parser.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 1; }
nice -n 19 cargo fuzz build -s none || exit 1

failed=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
  if [ "$seconds" = 0 ]; then
    limit=(-runs=0)
  else
    limit=(-max_total_time="$seconds")
  fi
  log="fuzz/artifacts/$target.log"
  mkdir -p fuzz/artifacts
  start=$(date +%s)
  nice -n 19 cargo fuzz run -s none "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" \
    tests/fixtures/formats tests/fixtures/broken -- \
    "${limit[@]}" -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $status -eq 0 ]; then
    echo "$target: ok, $(($(date +%s) - start)) s, ${runs:-?} runs"
  else
    failed=$((failed + 1))
    echo "$target: FAILED (exit $status) after $(($(date +%s) - start)) s; see $log"
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -5
  fi
done
echo "$((${#targets[@]} - failed)) passed, $failed failed"
[ $failed -eq 0 ]
