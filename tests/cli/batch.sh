#!/usr/bin/env bash
# End-to-end tests of `mesogrid batch`; one CTest test per case: batch.sh CASE.
# Environment (set by cli_tests.cmake): MESOGRID (binary), DATA (tests/data), SRC (repo root).
# Exit 0 pass, 1 fail, 77 skip. Meshes: the 100 mm test plane (fast, independent of the built-in face).
set -u
case_name=${1:?usage: batch.sh CASE}
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-batch.XXXXXX")
bg_pid=""
trap '[ -n "$bg_pid" ] && kill -KILL "$bg_pid" 2>/dev/null; rm -rf "$T"' EXIT
cp "$DATA/cli/plane_100mm.obj" "$T/plane.obj"
SUMMARY_HEADER='line,name,status,output,sites,total_volume_ml,warnings,error,count_ratio,uncovered_percent,gap_p99_s,coverage_ok'

fail() {
  echo "FAIL [$case_name]: $*" >&2
  for f in "$T"/_out "$T"/_err; do [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; head -c 3000 "$f" >&2; }; done
  exit 1
}
# mg ARGS...: runs the binary in $T, stdout -> $T/_out, stderr -> $T/_err, exit code -> $rc
mg() { (cd "$T" && "$MESOGRID" "$@" >"$T/_out" 2>"$T/_err" </dev/null); rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1"; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"; }
field() { awk -F, -v n="$2" -v c="$3" 'NR>1 && $2==n {print $c}' "$1"; }  # field SUMMARY NAME COLUMN (no commas before)
# srows FILE EXPR: one word per summary row, EXPR over the CSV fields x (python), e.g. 'x[0]+":"+x[2]'
srows() {
  /usr/bin/python3 -c 'import csv, sys
print(" ".join(eval(sys.argv[2]) for x in list(csv.reader(open(sys.argv[1], newline="")))[1:]))' "$1" "$2"
}
no_temps() { ! ls -A "$1" | grep -q 'mesogrid-tmp' || fail "temporary files left in $1: $(ls -A "$1" | grep tmp)"; }

# big_manifest FILE ROWS: rows on the plane with varied spacing, lattice and format (about 0.05-0.15 s each).
big_manifest() {
  echo "name,mesh,spacing,lattice,format" >"$1"
  local i sp lat fmt
  for ((i = 1; i <= $2; i++)); do
    sp=$((3 + i % 5))
    lat=$([ $((i % 2)) -eq 0 ] && echo square || echo hex)
    fmt=$([ $((i % 3)) -eq 0 ] && echo json || echo csv)
    echo "r$i,plane.obj,$sp,$lat,$fmt" >>"$1"
  done
}

case "$case_name" in
batch_mixed)  # good rows produced (same bytes as `plan`), bad rows fail alone with line and message, exit 4
  printf '%s\r\n' 'name,mesh,region,technique,spacing,depth,format' \
    'good1,plane.obj,,,10,,csv' \
    'nomesh,missing.obj,,,,,' \
    'badregion,plane.obj,forehead,,10,,' \
    'badvalue,plane.obj,,,0.5,,' \
    'baddepth,plane.obj,,,10,20,' \
    'good2,plane.obj,all,epidermic,8,,json' \
    '../evil,plane.obj,,,10,,' \
    'good3,plane.obj,,nappage,,,table' \
    'bigdepth,plane.obj,,,10,0.3cm,' >"$T/m.csv"
  mg batch m.csv --out-dir out --jobs 2; expect_rc 4
  [ "$(head -1 "$T/out/batch_summary.csv")" = "$SUMMARY_HEADER" ] || fail "summary header"
  rows="2:good1:ok 3:nomesh:failed 4:badregion:failed 5:badvalue:failed 6:baddepth:failed 7:good2:ok"
  rows+=" 8:../evil:failed 9:good3:ok 10:bigdepth:ok"
  [ "$(srows "$T/out/batch_summary.csv" 'x[0]+":"+x[1]+":"+x[2]')" = "$rows" ] ||
    fail "summary rows: $(cat "$T/out/batch_summary.csv")"
  has "$T/out/batch_summary.csv" "m.csv:3: "; has "$T/out/batch_summary.csv" "missing.obj"
  has "$T/out/batch_summary.csv" "m.csv:4: unknown region 'forehead'"
  has "$T/out/batch_summary.csv" "m.csv:5: --spacing '0.5'"
  has "$T/out/batch_summary.csv" "m.csv:6: --depth '20'"
  has "$T/out/batch_summary.csv" "m.csv:8: name '../evil'"
  has "$T/_err" "mesogrid: error: m.csv:4: unknown region 'forehead'"
  [ "$(ls "$T/out" | sort | tr '\n' ' ')" = "batch_summary.csv bigdepth.csv good1.csv good2.json good3.table " ] ||
    fail "outputs: $(ls "$T/out")"
  [ ! -e "$T/evil.csv" ] || fail "'../evil' escaped the output directory"
  [ "$(field "$T/out/batch_summary.csv" good1 5)" = 100 ] || fail "good1 sites"
  [ "$(field "$T/out/batch_summary.csv" good1 6)" = 3.00000 ] || fail "good1 total_volume_ml"
  # the plan's self-audit: count ratio, uncovered %, gap p99 (spacings), contract met
  [ "$(field "$T/out/batch_summary.csv" good1 9)" = 1.0000 ] || fail "good1 count_ratio"
  [ "$(field "$T/out/batch_summary.csv" good1 10)" = 0.000 ] || fail "good1 uncovered_percent"
  [ "$(field "$T/out/batch_summary.csv" good1 12)" = true ] || fail "good1 coverage_ok"
  # a manifest column means what the plan flag means: same bytes as `mesogrid plan`
  (cd "$T" && "$MESOGRID" plan --mesh plane.obj --spacing 10 --format csv -q) | cmp -s - "$T/out/good1.csv" ||
    fail "good1 differs from plan"
  (cd "$T" && "$MESOGRID" plan --mesh plane.obj --technique epidermic --spacing 8 --format json -q) |
    cmp -s - "$T/out/good2.json" || fail "good2 differs from plan"
  (cd "$T" && "$MESOGRID" plan --mesh plane.obj --technique nappage -q) | cmp -s - "$T/out/good3.table" ||
    fail "good3 differs from plan"
  (cd "$T" && "$MESOGRID" plan --mesh plane.obj --spacing 10 --depth 0.3cm -q --format csv) |
    cmp -s - "$T/out/bigdepth.csv" || fail "bigdepth"
  [ "$(field "$T/out/batch_summary.csv" bigdepth 7)" -ge 1 ] || fail "bigdepth warnings not counted"
  no_temps "$T/out"
  # the built-in face (danger zones, mirror) and the repeatable --exclude (';' in a cell) go through the same path
  printf '%s\n' 'name,mesh,region,technique,exclude,sex,zones' \
    'face,,forehead,epidermic,,m,' 'face_off,,forehead,epidermic,,,off' \
    'ex,plane.obj,,nappage,"sphere:50,50,0,20; sphere:10,10,0,8",,' >"$T/z.csv"
  mg batch z.csv --out-dir z; expect_rc 0
  (cd "$T" && "$MESOGRID" plan --region forehead --technique epidermic --sex m --format csv -q) 2>/dev/null |
    cmp -s - "$T/z/face.csv" || fail "built-in face row differs from plan"
  (cd "$T" && "$MESOGRID" plan --region forehead --technique epidermic --zones off --format csv -q) 2>/dev/null |
    cmp -s - "$T/z/face_off.csv" || fail "--zones off row differs from plan"
  (cd "$T" && "$MESOGRID" plan --mesh plane.obj --technique nappage --exclude sphere:50,50,0,20 \
    --exclude sphere:10,10,0,8 --format csv -q) 2>/dev/null | cmp -s - "$T/z/ex.csv" ||
    fail "exclude row differs from plan"
  cmp -s "$T/z/ex.csv" "$T/z/face.csv" && fail "exclude row equals the face row" ;;
batch_jobs_identical)  # --jobs 1 and --jobs 2 give the same bytes, outputs and summary
  big_manifest "$T/m.csv" 24
  echo "bad,plane.obj,0.1,," >>"$T/m.csv"
  mg batch m.csv --out-dir j1 --jobs 1; expect_rc 4
  mg batch m.csv --out-dir j2 --jobs 2; expect_rc 4
  mg batch m.csv --out-dir j3 -j 3 --quiet; expect_rc 4
  [ ! -s "$T/_err" ] || has "$T/_err" "mesogrid: error: m.csv:26:"
  [ "$(ls "$T/j1" | wc -l)" -eq 25 ] || fail "expected 24 outputs + summary in j1"
  diff -r "$T/j1" "$T/j2" >/dev/null || fail "--jobs 1 and --jobs 2 differ: $(diff -rq "$T/j1" "$T/j2")"
  diff -r "$T/j1" "$T/j3" >/dev/null || fail "--jobs 1 and --jobs 3 differ" ;;
batch_threads_refused)  # more --jobs than the system gives threads: fewer workers, the same outputs, no abort
  command -v setpriv >/dev/null && command -v prlimit >/dev/null && [ "$(id -u)" = 0 ] ||
    { echo "SKIP: needs root, setpriv and prlimit (util-linux) to run as an unprivileged user with few threads"; exit 77; }
  big_manifest "$T/m.csv" 30
  mg batch m.csv --out-dir j1 --jobs 1 --quiet; expect_rc 0
  chmod 777 "$T"
  # as 'nobody' with at most 6 processes (threads count): most of the 30 workers cannot start
  (cd "$T" && setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc=6 \
    "$MESOGRID" batch m.csv --out-dir few --jobs 30 --quiet >"$T/_out" 2>"$T/_err" </dev/null); rc=$?
  [ "$rc" -eq 0 ] || fail "exit $rc with threads refused (expected 0): $(head -c 300 "$T/_err")"
  diff -r "$T/j1" "$T/few" >/dev/null || fail "threads refused: outputs differ from --jobs 1: $(diff -rq "$T/j1" "$T/few")"
  ! ls "$T/few" | grep -q 'mesogrid-tmp' || fail "temporary files left" ;;
batch_resume_after_kill)  # SIGINT: only complete files, summary, exit 130; --resume completes with identical bytes
  big_manifest "$T/m.csv" 80
  mg batch m.csv --out-dir clean --jobs 2 --quiet; expect_rc 0
  for sig in INT KILL; do
    d="$T/killed_$sig"
    (cd "$T" && exec "$MESOGRID" batch m.csv --out-dir "killed_$sig" --jobs 2 >"$T/_out" 2>"$T/_err" </dev/null) &
    bg_pid=$!
    for ((k = 0; k < 600; k++)); do [ "$(ls "$d" 2>/dev/null | grep -c '^r')" -ge 6 ] && break; sleep 0.02; done
    kill -"$sig" "$bg_pid"; wait "$bg_pid"; rc=$?; bg_pid=""
    n=$(ls "$d" | grep -c '^r[0-9]*\.\(csv\|json\)$')
    [ "$n" -ge 6 ] && [ "$n" -lt 80 ] ||
      fail "SIG$sig: $n outputs after the signal, expected a partial run (raise the row count?)"
    for f in $(ls "$d" | grep '^r[0-9]*\.\(csv\|json\)$'); do
      cmp -s "$d/$f" "$T/clean/$f" || fail "SIG$sig: $f is incomplete or differs from a clean run"
    done
    if [ "$sig" = INT ]; then
      [ "$rc" -eq 130 ] || fail "exit code $rc after SIGINT, expected 130"
      has "$d/batch_summary.csv" ",not_run,"; has "$d/batch_summary.csv" "rerun with --resume"; no_temps "$d"
      has "$T/_err" "rerun with --resume"
    else
      # the summary is written before the rows run: a killed run leaves its own, not an older one
      has "$d/batch_summary.csv" ",not_run,"
      # a killed run may leave a temporary file: plant one, --resume must ignore and remove it
      echo partial >"$d/r80.csv.mesogrid-tmp-AbC123"
    fi
    mg batch m.csv --out-dir "killed_$sig" --resume --jobs 2; expect_rc 0
    diff -r -x batch_summary.csv "$d" "$T/clean" >/dev/null ||
      fail "SIG$sig: resumed outputs differ: $(diff -rq -x batch_summary.csv "$d" "$T/clean")"
    no_temps "$d"
    s=$(grep -c ',skipped,' "$d/batch_summary.csv"); [ "$s" -eq "$n" ] || fail "SIG$sig: $s rows skipped, expected $n"
    [ "$(grep -c ',ok,' "$d/batch_summary.csv")" -eq $((80 - n)) ] || fail "SIG$sig: rows run on resume"
  done
  # numbers of skipped rows come from the previous summary (SIGINT case): identical to a clean run's
  cut -d, -f1,2,4-7 "$T/killed_INT/batch_summary.csv" >"$T/a"; cut -d, -f1,2,4-7 "$T/clean/batch_summary.csv" >"$T/b"
  cmp -s "$T/a" "$T/b" || fail "resumed summary numbers differ from a clean run" ;;
batch_shards)  # --shard I/N: every row exactly once across shards, same bytes as one run
  big_manifest "$T/m.csv" 20
  echo "bad,plane.obj,0.1,," >>"$T/m.csv"
  mg batch m.csv --out-dir one --jobs 2 --quiet; expect_rc 4
  for i in 0 1 2; do
    mg batch m.csv --out-dir shards --shard $i/3 --jobs 1 --quiet
    [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || fail "shard $i exit $rc"
  done
  for i in 0 1 2; do [ -f "$T/shards/batch_summary.shard-$i-of-3.csv" ] || fail "no summary for shard $i"; done
  tail -q -n +2 "$T"/shards/batch_summary.shard-*.csv | sort -t, -k1,1n >"$T/all"
  tail -n +2 "$T/one/batch_summary.csv" >"$T/single"
  cmp -s "$T/all" "$T/single" || fail "shard summaries do not add up to one run's: $(diff "$T/all" "$T/single")"
  [ "$(cut -d, -f2 "$T/all" | sort | uniq -d | wc -l)" -eq 0 ] || fail "a row ran in two shards"
  awk -F, 'NR>1 && ($1 - 2) % 3 != 0 {bad=1} END {exit bad}' "$T/shards/batch_summary.shard-0-of-3.csv" ||
    fail "shard 0 took a wrong row"
  diff -r -x 'batch_summary*' "$T/one" "$T/shards" >/dev/null || fail "shard outputs differ from one run"
  for s in 3/3 1 -1/3 a/b 0/0 1/; do
    mg batch m.csv --out-dir x --shard "$s"; expect_rc 1; has "$T/_err" "--shard"
  done ;;
batch_manifest_errors)  # problems of the whole manifest: exit 1 (structure) or 2 (unreadable), nothing written
  printf 'name,spacingg\na,10\n' >"$T/m1.csv"
  mg batch m1.csv --out-dir o1; expect_rc 1; has "$T/_err" "unknown column 'spacingg'"
  # fuzz_manifest finding: a CR inside a quoted header field must not split the one-line error
  printf 'name,"reg\rion",technique\na,forehead,nappage\n' >"$T/m1cr.csv"; mg batch m1cr.csv --out-dir o1cr; expect_rc 1
  has "$T/_err" "unknown column 'reg\\x0dion'"
  [ "$(tr '\r' '\n' <"$T/_err" | grep -c '')" -eq 1 ] || fail "error spans several lines"
  printf 'name,spacing\na,10\nb,12\na,14\n' >"$T/m2.csv"
  mg batch m2.csv --out-dir o2; expect_rc 1; has "$T/_err" "m2.csv:4: name 'a' is also used on line 2"
  printf 'name,spacing\na,10,hex\n' >"$T/m3.csv"
  mg batch m3.csv --out-dir o3; expect_rc 1; has "$T/_err" "m3.csv:2: the row has 3 fields"
  printf 'mesh,spacing\nplane.obj,10\n' >"$T/m4.csv"
  mg batch m4.csv --out-dir o4; expect_rc 1; has "$T/_err" "no 'name' column"
  printf 'name,"spacing\na,10\n' >"$T/m5.csv"
  mg batch m5.csv --out-dir o5; expect_rc 1; has "$T/_err" "m5.csv:1: a quoted field is never closed"
  printf 'name,spacing,total_volume,total-volume\n' >"$T/m6.csv"
  mg batch m6.csv --out-dir o6; expect_rc 1; has "$T/_err" "appears twice"
  printf '{"name": "a"}\n{"name": "b", "spacing": [1]}\n' >"$T/m7.jsonl"
  mg batch m7.jsonl --out-dir o7; expect_rc 1; has "$T/_err" "m7.jsonl:2: key 'spacing'"
  printf '{"name": "a"}\n{"name": \n' >"$T/m8.jsonl"
  mg batch m8.jsonl --out-dir o8; expect_rc 1; has "$T/_err" "m8.jsonl:2: not valid JSON"
  : >"$T/m9.csv"; mg batch m9.csv --out-dir o9; expect_rc 1; has "$T/_err" "empty"
  for k in 1 2 3 4 5 6 7 8 9; do
    [ ! -e "$T/o$k" ] || [ -z "$(ls -A "$T/o$k")" ] || fail "o$k written by a refused batch"
  done
  mg batch nosuch.csv --out-dir o; expect_rc 2; has "$T/_err" "nosuch.csv"
  mg batch . --out-dir o; expect_rc 2; has "$T/_err" "directory"
  printf 'name\na\n' >"$T/ok.csv"; : >"$T/afile"; mg batch ok.csv --out-dir afile; expect_rc 2; has "$T/_err" "afile"
  mg batch ok.csv; expect_rc 1; has "$T/_err" "--out-dir"
  mg batch ok.csv --out-dir o --jobs 0; expect_rc 1
  has "$T/_err" "--jobs '0' is not a whole number >= 1: give a number of rows to plan at the same time, e.g. "
  has "$T/_err" " (the number of cores, the default)"
  mg batch ok.csv --out-dir o --spacing 10; expect_rc 1 ;;
batch_formats)  # CSV quoting, CRLF, BOM, multi-line fields, JSON Lines, relative mesh paths, name checks
  mkdir -p "$T/sub/meshes"; mv "$T/plane.obj" "$T/sub/meshes/plane.obj"
  printf '\xef\xbb\xbfname , mesh,"spacing",total-volume,injector_rate\r\n"a,1",meshes/plane.obj,"10",,\r\n'\
'"multi\r\nline",meshes/plane.obj,10,,\r\n\r\nb, meshes/plane.obj ,1cm,1ml,30\r\n"",meshes/plane.obj,10,,\r\n'\
'.hidden,meshes/plane.obj,10,,\r\nbatch_summary,meshes/plane.obj,10,,\r\n' >"$T/sub/m.csv"
  mg batch sub/m.csv --out-dir out --jobs 2; expect_rc 4
  [ "$(srows "$T/out/batch_summary.csv" 'x[0]+":"+x[2]')" = '2:ok 3:failed 6:ok 7:failed 8:failed 9:failed' ] \
    || fail "summary: $(cat "$T/out/batch_summary.csv")"
  [ "$(srows "$T/out/batch_summary.csv" 'x[1]+":"+x[3]' | head -1 | cut -d' ' -f1)" = 'a,1:a,1.csv' ] ||
    fail "quoted name in the summary"
  has "$T/out/batch_summary.csv" "m.csv:3: the name contains a control character"
  has "$T/out/batch_summary.csv" "m.csv:7: the name is empty"
  has "$T/out/batch_summary.csv" "m.csv:8: name '.hidden'"
  has "$T/out/batch_summary.csv" "m.csv:9: name 'batch_summary' is reserved"
  [ -f "$T/out/a,1.csv" ] || fail "quoted name with a comma"
  (cd "$T" && "$MESOGRID" plan --mesh sub/meshes/plane.obj --spacing 1cm --total-volume 1ml --injector-rate 30 \
    --format csv -q) | cmp -s - "$T/out/b.csv" || fail "b.csv differs from plan"
  printf '%s\n' '{"name": "a,1", "mesh": "meshes/plane.obj", "spacing": 10}' '' \
    '{"name": "b", "mesh": "meshes/plane.obj", "spacing": "1cm", "total_volume": "1ml", "injector-rate": 30,'\
' "region": null}' >"$T/sub/m.jsonl"
  mg batch sub/m.jsonl --out-dir outj; expect_rc 0
  cmp -s "$T/out/a,1.csv" "$T/outj/a,1.csv" && cmp -s "$T/out/b.csv" "$T/outj/b.csv" ||
    fail "JSON Lines and CSV rows differ"
  [ "$(srows "$T/outj/batch_summary.csv" 'x[0]')" = '1 3' ] || fail "JSON Lines line numbers" ;;
batch_rerun_failed_output)  # a row's earlier output goes when the row fails or changes format; no other file does
  printf 'name,mesh,spacing,format\na,plane.obj,10,csv\nb,plane.obj,10,csv\nc,plane.obj,10,csv\n' >"$T/m.csv"
  mg batch m.csv --out-dir out; expect_rc 0; [ -f "$T/out/a.csv" ] && [ -f "$T/out/b.csv" ] || fail "a.csv, b.csv"
  chmod a-w "$T/out/c.csv"
  # a fails now, b is written as JSON, c fails with its earlier output read-only, d fails onto a file no batch wrote
  echo mine >"$T/out/d.csv"
  printf 'name,mesh,spacing,format\na,plane.obj,0.2,csv\nb,plane.obj,10,json\nc,plane.obj,0.2,csv\nd,plane.obj,0.2,csv\n' \
    >"$T/m.csv"
  mg batch m.csv --out-dir out; expect_rc 4
  [ ! -e "$T/out/a.csv" ] || fail "stale a.csv kept for a failed row"
  [ ! -e "$T/out/b.csv" ] && [ -f "$T/out/b.json" ] || fail "b's earlier CSV kept beside its JSON"
  [ -f "$T/out/c.csv" ] || fail "a read-only earlier output was removed"
  [ "$(cat "$T/out/d.csv")" = mine ] || fail "a file the batch never wrote was removed or changed"
  [ "$(srows "$T/out/batch_summary.csv" 'x[1]+":"+x[2]+":"+x[3]')" = 'a:failed: b:ok:b.json c:failed: d:failed:' ] ||
    fail "summary: $(cat "$T/out/batch_summary.csv")" ;;
batch_paths_as_typed)  # outputs show the row's paths as written, however the manifest's own path is typed
  mkdir -p "$T/sub/meshes" && cp "$T/plane.obj" "$T/sub/meshes/plane.obj"
  printf 'name,mesh,spacing,format\nj,meshes/plane.obj,10,json\nt,meshes/plane.obj,10,table\ns,meshes/plane.obj,10,svg\n' \
    >"$T/sub/m.csv"
  mg batch sub/m.csv --out-dir rel -q; expect_rc 0
  mg batch "$T/sub/m.csv" --out-dir abs -q; expect_rc 0
  (cd "$T/sub" && "$MESOGRID" batch m.csv --out-dir ../here -q) || fail "batch from the manifest's directory"
  for f in j.json t.table s.svg; do
    cmp -s "$T/rel/$f" "$T/abs/$f" && cmp -s "$T/rel/$f" "$T/here/$f" || fail "$f depends on how the manifest path was typed"
  done
  has "$T/rel/j.json" '"meshes/plane.obj"' ;;
batch_example)  # examples/batch/run.sh: GNU parallel over shards, merged summary
  command -v parallel >/dev/null || { echo "SKIP: GNU parallel not installed (apt-get install parallel)"; exit 77; }
  MESOGRID="$MESOGRID" OUT="$T/example" bash "$SRC/examples/batch/run.sh" >"$T/_out" 2>"$T/_err" ||
    fail "examples/batch/run.sh failed"
  [ -f "$T/example/batch_summary.csv" ] || fail "merged summary missing"
  [ "$(grep -c ',ok,' "$T/example/batch_summary.csv")" -ge 6 ] || fail "example rows" ;;
batch_maps)  # format svg/pdf/glb rows write what 'plan --format F' writes (view, labels, record columns too)
  printf '%s\n' 'name,region,technique,format,view,labels,patient' 'f1,forehead,pbp,svg,,true,Jane Doe' \
    'f2,cheeks,nappage,pdf,left,,' 'f3,forehead,nappage,glb,,,' 'f4,forehead,pbp,csv,left,,' \
    'f5,forehead,pbp,svg,top,,' 'f6,forehead,pbp,svg,,maybe,' >"$T/m.csv"
  mg batch m.csv --out-dir out --jobs 2; expect_rc 4
  [ "$(srows "$T/out/batch_summary.csv" 'x[1]+":"+x[2]+":"+x[3]')" = \
    'f1:ok:f1.svg f2:ok:f2.pdf f3:ok:f3.glb f4:failed: f5:failed: f6:failed:' ] ||
    fail "summary: $(cat "$T/out/batch_summary.csv")"
  has "$T/out/batch_summary.csv" "m.csv:5: --view applies to maps only"
  has "$T/out/batch_summary.csv" "m.csv:6: --view 'top' is not known"
  has "$T/out/batch_summary.csv" "m.csv:7: --labels 'maybe' is not true or false"
  (cd "$T" && "$MESOGRID" plan --region forehead --technique pbp --labels --patient 'Jane Doe' --format svg -q) |
    cmp -s - "$T/out/f1.svg" || fail "f1.svg differs from plan --labels --patient"
  grep -q 'class="label"' "$T/out/f1.svg" || fail "f1.svg has no site numbers"
  (cd "$T" && "$MESOGRID" plan --region forehead --technique nappage --format glb -q) | cmp -s - "$T/out/f3.glb" ||
    fail "f3.glb differs from plan --format glb"
  if ! grep -q "needs a build with librsvg" "$T/out/batch_summary.csv"; then
    (cd "$T" && "$MESOGRID" plan --region cheeks --technique nappage --view left --format pdf -q) |
      cmp -s - "$T/out/f2.pdf" || fail "f2.pdf differs from plan --view left --format pdf"
    if command -v pdftoppm >/dev/null; then
      pdftoppm -r 20 -png -f 1 -l 1 "$T/out/f2.pdf" "$T/f2" && [ -s "$T/f2-1.png" ] || [ -s "$T/f2-01.png" ] ||
        fail "pdftoppm could not render f2.pdf"
      pdftotext -f 1 -l 1 "$T/out/f2.pdf" - | grep -q "left side view" || fail "f2.pdf is not the left view"
    fi
  fi
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert -d 30 -p 30 -f png -o "$T/f1.png" "$T/out/f1.svg" || fail "rsvg-convert failed on f1.svg"
  fi
  no_temps "$T/out"
  if ! grep -q "needs a build with librsvg" "$T/out/batch_summary.csv"; then  # PDFs made on threads: the same bytes
    printf 'name,region,technique,format,labels\n' >"$T/p.csv"
    for i in 1 2 3 4 5; do echo "p$i,forehead,pbp,pdf,true" >>"$T/p.csv"; done
    mg batch p.csv --out-dir j3 --jobs 3; expect_rc 0
    mg batch p.csv --out-dir j1 --jobs 1; expect_rc 0
    for i in 1 2 3 4 5; do cmp -s "$T/j1/p$i.pdf" "$T/j3/p$i.pdf" && cmp -s "$T/j1/p1.pdf" "$T/j3/p$i.pdf" ||
      fail "p$i.pdf differs between --jobs 1 and --jobs 3"; done
  fi ;;
*)
  echo "unknown case '$case_name'" >&2; exit 2 ;;
esac
exit 0
