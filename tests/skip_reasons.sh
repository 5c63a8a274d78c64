#!/usr/bin/env bash
# tests/skip_reasons.sh BUILD_DIR: after ctest (CTEST_CUSTOM_POST_TEST, cmake/CTestCustom.cmake.in), prints why
# each test of the last run was skipped: every test that skips prints a line "SKIP: <reason>" (the shell tests
# before exiting 77, the unit tests needing ../shared through tests/support.hpp), so the reason shows in ctest's
# normal output, not only with -V.
dir="${1:?usage: skip_reasons.sh BUILD_DIR}/Testing/Temporary"
# While the post-test command runs, ctest is still writing the run's log as LastTest.log.tmp (renamed after).
log="$dir/LastTest.log.tmp"
[ -f "$log" ] || log="$dir/LastTest.log"
[ -f "$log" ] || exit 0
awk '
  /^[0-9]+\/[0-9]+ Test: / { name = $0; sub(/^[0-9]+\/[0-9]+ Test: /, "", name); next }
  /^SKIP: / && name != "" && !(name in seen) { seen[name] = 1; reasons[++n] = "  " name ": " substr($0, 7) }
  END {
    if (n == 0) exit 0
    print "Skipped, and why:"
    for (i = 1; i <= n; ++i) print reasons[i]
  }' "$log"
