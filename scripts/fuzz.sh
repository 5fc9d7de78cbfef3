#!/usr/bin/env bash
# Fuzz dateline's parsers with cargo-fuzz (libFuzzer), on the stable toolchain.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#        scripts/fuzz.sh merge [TARGET...]
#   SECONDS  time per target (default 60); 0 replays the seeds and the corpus once, no
#            fuzzing (a quick regression check)
#   TARGET   any of fuzz/fuzz_targets/*.rs (default: all of them, one after the other)
#   merge    shrinks each target's corpus (fuzz/corpus/TARGET plus its seeds) to the inputs that
#            keep all the coverage found (libFuzzer's -merge=1) and writes it to
#            fuzz/corpora/TARGET.tar.gz, the committed corpus
#
# Needs `cargo install cargo-fuzz` and a C++ compiler (libfuzzer-sys builds libFuzzer). Runs with
# `-s none`: cargo-fuzz's default AddressSanitizer needs a nightly compiler, and without it the
# build works on stable (the coverage instrumentation flags are stable). Safe Rust needs the
# sanitizer little; what is looked for here is panics (debug assertions are on), stack
# overflows, hangs (-timeout) and runaway memory (-rss_limit_mb).
#
# The targets are built once (FUZZ_NO_BUILD=1 skips that and runs the binaries already in
# fuzz/target), then each runs for SECONDS, one at a time, at nice 19 (the machine is shared).
# Every target starts from its committed corpus (fuzz/corpora/TARGET.tar.gz, unpacked into an
# empty fuzz/corpus/TARGET), its seeds (fuzz/seeds/TARGET) and the test fixtures
# (tests/fixtures/formats, tests/fixtures/broken), which are only read. New inputs go to
# fuzz/corpus/TARGET and crashes to fuzz/artifacts/TARGET (both ignored by git). Reproduce a
# crash with
#   cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-...
# and add it as a regression test next to the parser.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=run
if [ "${1:-}" = merge ]; then
  mode=merge
  shift
fi
seconds=${1:-60}
[ "$mode" = merge ] || shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 1; }
  nice -n 19 cargo fuzz build -s none || exit 1
fi
bin=fuzz/target/$(rustc -vV | sed -n "s/^host: //p")/release

if [ "$mode" = merge ]; then
  mkdir -p fuzz/corpora
  for target in "${targets[@]}"; do
    work=$(mktemp -d)
    mkdir -p "$work/$target" "fuzz/corpus/$target" "fuzz/seeds/$target"
    (cd fuzz && nice -n 19 "../$bin/$target" -merge=1 -timeout=30 -rss_limit_mb=2048 \
      "$work/$target" "seeds/$target" "corpus/$target") >"$work/merge.log" 2>&1 \
      || { echo "$target: merge failed"; tail -5 "$work/merge.log"; rm -rf "$work"; exit 1; }
    tar -czf "fuzz/corpora/$target.tar.gz" -C "$work" "$target"
    echo "$target: $(find "$work/$target" -type f | wc -l) inputs, $(du -k "fuzz/corpora/$target.tar.gz" | cut -f1) KB"
    rm -rf "$work"
  done
  exit 0
fi

failed=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
  if [ -f "fuzz/corpora/$target.tar.gz" ] && [ -z "$(ls -A "fuzz/corpus/$target")" ]; then
    tar -xzf "fuzz/corpora/$target.tar.gz" -C fuzz/corpus
  fi
  if [ "$seconds" = 0 ]; then
    limit=(-runs=0)
  else
    limit=(-max_total_time="$seconds")
  fi
  log="fuzz/artifacts/$target.log"
  mkdir -p "fuzz/artifacts/$target"
  start=$(date +%s)
  (cd fuzz && nice -n 19 "../$bin/$target" -artifact_prefix="artifacts/$target/" \
    "corpus/$target" "seeds/$target" ../tests/fixtures/formats ../tests/fixtures/broken \
    "${limit[@]}" -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1) >"$log" 2>&1
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
