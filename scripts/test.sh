#!/usr/bin/env bash
# Install what is missing, build everything (the tool, if scripts/run.sh has not, and the tests), and run the whole
# test suite.
#   scripts/test.sh          Release build in build/, all tests
#   scripts/test.sh --asan   the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer in
#                            build-asan/ (Debug -O1, -fno-sanitize-recover=all: any report fails the test)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"
if [ "${1:-}" = --asan ]; then
  bash scripts/deps.sh
  # Debug with -O1: assertions (Eigen's bounds checks too) stay on, line tables for the reports, and it
  # compiles much faster than -O2.
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    -DMESOGRID_SANITIZE=address,undefined
  cmake --build build-asan -j "$jobs"
  # No fake stack (detect_stack_use_after_return, off by default in GCC's ASan): it doubled the time of every plan
  # and map (a full-face nappage plan 3.8-4.6 s without, 7.7-7.9 s with) and took the whole pass past CI's
  # 30 minutes; use after scope, heap and global overflows, leaks and every UBSan check stay on.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # fontconfig/GLib caches reached through librsvg in the PDF writer are never freed by design
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  # Left to the Release pass (measured under ASan on 2 shared cores): cli_install_consumer (builds an
  # outside project against the installed headers, nothing to sanitize) and the batch end-to-end runs
  # that plan the same faces many times over (cli_batch_jobs_identical 3+ min, cli_batch_shards 2+ min,
  # cli_batch_resume_after_kill over its 5 min timeout); test_batch and the other batch cases still run.
  # test_mesogrid (the umbrella header, header-only) is not built here at all (tests/CMakeLists.txt: the whole
  # library compiled again, and its code runs in the other tests).
  # Also left to the Release pass: the whole-plan quality and determinism checks (cli_landmarks_ict_acceptance
  # 63 s under ASan, cli_plan_deterministic 29 s, acceptance_planeval_real_faces 17 s, acceptance_whole_scans:
  # 24 whole-scan plans of up to 29,000 sites), whose code paths
  # the other CLI tests run (cli_landmarks_plan, examples_landmarks_regenerate, cli_plan_dense_ply).
  # And cli_auto_landmarks_acceptance (75 s in Release: 14 detections); detection runs under ASan in
  # src/landmarks/test_autolandmarks and cli_auto_landmarks_errors. And cli_batch_maps (batch rows writing SVG,
  # PDF and GLB, byte-compared with plan on 1 and 3 threads) and cli_svg_labels_dense (a 77-page PDF of close-ups
  # read back): each over 300 s under ASan on a loaded machine; the same code (labels, close-ups, maps) runs under
  # ASan in src/maps/test_blocks and the other svg cases.
  # And the end-to-end map cases whose drawing code the in-process map tests run under ASan (src/maps/test_maps,
  # test_blocks, test_draw: plan_svg, compare_svg, needle ticks, warnings and checklist pages), each 30-55 s here:
  # cli_svg_plan_xml, cli_compare_svg, cli_needle_marks, cli_svg_warnings_checklist, cli_svg_render (pixels through
  # rsvg-convert), and examples_maps_regenerate (the example maps byte-compared: 65 s). The map end-to-end cases
  # that reach code no in-process test runs stay: cli_pdf_outputs (PDF through librsvg and cairo),
  # cli_svg_textured (a scan's texture read and drawn), cli_svg_regions_own_groups, cli_svg_views and the compare
  # tables.
  # Within the unit tests, the sweeps over many whole plans check a sample of their cases here, and the dense-labels
  # case of src/maps/test_blocks is skipped (tests/support.hpp sweep_case, MESOGRID_TEST_SANITIZED).
  release_only=(cli_install_consumer cli_batch_jobs_identical cli_batch_threads_refused cli_batch_shards cli_batch_resume_after_kill
    cli_landmarks_ict_acceptance cli_plan_deterministic acceptance_planeval_real_faces cli_auto_landmarks_acceptance
    acceptance_whole_scans cli_batch_maps cli_svg_labels_dense cli_svg_plan_xml cli_compare_svg cli_needle_marks
    cli_svg_warnings_checklist cli_svg_render examples_maps_regenerate)
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E "^($(IFS='|'; echo "${release_only[*]}"))\$"
  exit 0
fi
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$jobs"
