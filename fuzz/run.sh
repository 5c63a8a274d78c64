#!/usr/bin/env bash
# fuzz/run.sh: builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer) and runs each one for
# FUZZ_SECONDS (default 600), JOBS targets at a time (default 2), under nice. Bench-style: NOT run in CI.
#
#   fuzz/run.sh                   # build + run every target for 10 minutes
#   FUZZ_SECONDS=30 fuzz/run.sh obj units   # some targets, 30 s each
#   fuzz/run.sh --build-only
#
# Needs clang and libclang-rt-14-dev (Debian; scripts/deps.sh --fuzz installs them).
# Work dir: $FUZZ_DIR (default build-fuzz/): bin/ targets, corpus/<t>/ the growing corpus (seeded from
# fuzz/corpus/<t>), crashes/<t>/ reproducers, logs/<t>.log. Prints a table: target, seconds, execs,
# execs/s, coverage (cov/ft), corpus size, findings. Exit 1 when any target found something.
# Reproduce a finding: build-fuzz/bin/fuzz_<t> build-fuzz/crashes/<t>/<file>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${FUZZ_DIR:-$root/build-fuzz}"
secs="${FUZZ_SECONDS:-600}"
jobs="${JOBS:-2}"
cxx="${CXX_FUZZ:-clang++}"
all=(obj off stl_ascii stl_binary ply_ascii ply_binary mesh units manifest landmarks_csv landmarks_json triangulate)
build_only=0
targets=()
for a in "$@"; do
  if [ "$a" = --build-only ]; then build_only=1; else targets+=("$a"); fi
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

bash "$root/scripts/deps.sh" --fuzz
mkdir -p "$out/bin" "$out/logs"
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I"$root/include" -isystem /usr/include/eigen3)
for t in "${targets[@]}"; do
  src="$here/fuzz_$t.cpp"
  [ -f "$src" ] || { echo "no target $t ($src)" >&2; exit 2; }
  if [ ! -x "$out/bin/fuzz_$t" ] || [ -n "$(find "$src" "$here/fuzz_common.hpp" "$root/include/mesogrid" "$root/src" \
    -newer "$out/bin/fuzz_$t" -print -quit)" ]; then
    echo "build fuzz_$t" >&2
    extra=()
    # the manifest parser lives in the tool's code (src/batch/): link the tool's sources (the library header-only
    # in each of them; src/library.cpp is for separate compilation only), fmt
    case $t in manifest | landmarks_json)
      mapfile -t extra < <(find "$root/src" -name '*.cpp' ! -name library.cpp | sort)
      extra+=(-I"$root/src" -DMESOGRID_VERSION=\"fuzz\" -lfmt -lpthread -ldl) ;;
    esac
    nice "$cxx" "${flags[@]}" "$src" "${extra[@]}" -o "$out/bin/fuzz_$t"
  fi
done
[ $build_only = 0 ] || exit 0

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run_one() {
  local t=$1
  mkdir -p "$out/corpus/$t" "$out/crashes/$t"
  cp -n "$here/corpus/$t/"* "$out/corpus/$t/" 2>/dev/null || true
  nice "$out/bin/fuzz_$t" "$out/corpus/$t" -max_total_time="$secs" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -timeout=5 -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/crashes/$t/" \
    >"$out/logs/$t.log" 2>&1 || true
}
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

found=0
set +e +o pipefail  # a target that stopped at once has no stats lines: print '?' rather than stop
printf '%-12s %6s %12s %9s %12s %7s %s\n' target seconds execs execs/s "cov/ft" corpus findings
for t in "${targets[@]}"; do
  log="$out/logs/$t.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  secs_run=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | awk '{print $5}' || true)
  last=$(grep -E "^#[0-9]+" "$log" | tail -1 || true)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | awk '{print $2}')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | awk '{print $2}')
  corp=$(echo "$last" | grep -o 'corp: [0-9]*' | awk '{print $2}')
  n=$(find "$out/crashes/$t" -type f | wc -l)
  what=none
  if [ "$n" -gt 0 ]; then
    found=1
    pattern='ERROR: [A-Za-z]+: [a-z-]+|runtime error: .*|ALARM: .*|out-of-memory.*|deadly signal'
    what="$n: $(grep -ohE "$pattern" "$log" | head -1)"
  fi
  printf '%-12s %6s %12s %9s %12s %7s %s\n' "$t" "${secs_run:-?}" "$execs" "$rate" "${cov:-?}/${ft:-?}" \
    "${corp:-?}" "$what"
done
exit $found
