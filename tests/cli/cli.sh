#!/usr/bin/env bash
# End-to-end tests of the mesogrid binary; one CTest test per case: cli.sh CASE.
# Environment (set by cli_tests.cmake): MESOGRID (binary), DATA (tests/data), SRC (repo root),
# BUILD (build dir), SHARED (../shared). Exit 0 pass, 1 fail, 77 skip.
set -u
case_name=${1:?usage: cli.sh CASE}
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
PLANE="$DATA/cli/plane_100mm.obj"
PY=/usr/bin/python3

fail() {
  echo "FAIL [$case_name]: $*" >&2
  for f in "$T"/out "$T"/err; do [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; head -c 3000 "$f" >&2; }; done
  exit 1
}
# mg ARGS...: runs the binary, stdout -> $T/out, stderr -> $T/err, exit code -> $rc
mg() { "$MESOGRID" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1 (args: ${*:2})"; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$(basename "$1") has '$2'"; }
one_error_line() {  # stderr: exactly one line, "mesogrid: error: ...", mentioning $1
  local n; n=$(grep -c '' "$T/err")
  [ "$n" -eq 1 ] || fail "stderr has $n lines, expected 1 error line"
  has "$T/err" "mesogrid: error: "
  [ -z "${1:-}" ] || has "$T/err" "$1"
}
json_get() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"; }
csv_rows() { echo $(( $(grep -c '' "$1") - 1 )); }
HEADER=site_id,region,technique,row,col,x_mm,y_mm,z_mm,nx,ny,nz,needle_dx,needle_dy,needle_dz,angle_deg,depth_mm
HEADER+=,tip_x_mm,tip_y_mm,tip_z_mm,volume_ml,layer
exit_usage() { mg "$@"; expect_rc 1 "$@"; one_error_line "${flag:-}"; }
# canon_scan: CANON = the MediaPipe canonical face as a scan (OBJ in cm, no regions), $T/lm.csv = its 468
# vertices as landmarks (x,y,z rows without a header: in the mesh's units)
canon_scan() {
  CANON="$SRC/data/mediapipe_canonical_face.obj"
  awk '/^v / {print $2 "," $3 "," $4}' "$CANON" >"$T/lm.csv"
  [ "$(wc -l <"$T/lm.csv")" -eq 468 ] || fail "canonical face: expected 468 vertices"
}

case "$case_name" in
version)
  mg --version; expect_rc 0; grep -qE '^mesogrid [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "bad version line" ;;
help)
  mg --help; expect_rc 0; has "$T/out" plan; has "$T/out" techniques; has "$T/out" regions
  mg plan --help; expect_rc 0; has "$T/out" "default point-by-point"; has "$T/out" "--spacing" ;;
plan_builtin_table)
  mg plan --technique epidermic; expect_rc 0
  for k in "technique      epidermic" "region         full_face" "sites" "spacing        10.00 mm asked" "depth" "angle" \
           "needle" "volume" "cm²" "session" "x mm" "volume mL" "not a substitute for clinical judgement"; do
    has "$T/out" "$k"
  done
  lacks "$T/err" "warning:"; lacks "$T/err" "error"  # a default plan: notes (zones, depth) and no warning
  has "$T/err" "note: zones: "; has "$T/err" "note: depth follows the skin"
  n=$(grep -cE '^ +[0-9]+ +[0-9]+ +[0-9]+ ' "$T/out"); [ "$n" -gt 100 ] || fail "only $n site rows" ;;
plan_builtin_csv)
  mg plan --technique point-by-point --spacing 1.5cm --volume 0.03ml --format csv; expect_rc 0
  [ "$(head -1 "$T/out")" = "$HEADER" ] || fail "CSV header differs"
  n=$(csv_rows "$T/out"); [ "$n" -gt 50 ] || fail "only $n sites"
  awk -F, 'NR>1 && (NF!=21 || $20!="0.03000" || $15!="90.0" || $16+0 < 0.6 || $16+0 > 1.4 ||
                    ($21!="dermis")) {bad=1}
           END {exit bad}' "$T/out" || fail "bad CSV row (point-by-point in the deep dermis)"
  awk -F, 'NR>1 { split($6,a,"."); if (length(a[2])!=3) bad=1; split($9,b,"."); if (length(b[2])!=5) bad=1 }
           END {exit bad}' "$T/out" || fail "decimals not fixed" ;;
plan_builtin_json)
  mg plan --technique nappage --format json; expect_rc 0
  $PY -m json.tool "$T/out" >/dev/null || fail "JSON does not parse"
  [ "$(json_get "$T/out" 'list(d.keys())')" = \
    "['mesogrid_version', 'record', 'parameters', 'summary', 'warnings', 'notes', 'sites']" ] ||
    fail "top-level keys"
  [ "$(json_get "$T/out" 'd["summary"]["sites"] == len(d["sites"]) > 0')" = True ] || fail "summary.sites != len(sites)"
  [ "$(json_get "$T/out" 'd["parameters"]["lattice"], d["parameters"]["depth_mm"], d["parameters"]["angle_deg"]')" \
    = "('hex', 2.0, 45.0)" ] || fail "nappage parameters"
  [ "$(json_get "$T/out" 'sorted(d["summary"]["spacing_mm"])')" = "['max', 'mean', 'min']" ] || fail "spacing stats"
  [ "$(json_get "$T/out" 'len(d["sites"][0])')" = 21 ] || fail "site fields"
  [ "$(json_get "$T/out" 'd["summary"]["zones_source"], d["parameters"]["region"]')" = "('built-in', 'full_face')" ] ||
    fail "zones_source, default region"
  [ "$(json_get "$T/out" 'sum(r["sites"] for r in d["summary"]["regions"]) == d["summary"]["sites"]')" = True ] ||
    fail "summary.regions does not sum to summary.sites" ;;
plan_deterministic)
  for f in csv json table; do
    "$MESOGRID" plan --technique epidermic --format $f >"$T/a" 2>/dev/null || fail "run 1 ($f)"
    "$MESOGRID" plan --technique epidermic --format $f -o "$T/b" 2>/dev/null || fail "run 2 ($f)"
    cmp -s "$T/a" "$T/b" || fail "$f output differs between two runs (stdout vs -o)"
    "$MESOGRID" plan --mesh "$PLANE" --spacing 7 --lattice hex --format $f >"$T/c" 2>/dev/null ||
      fail "plane run 1 ($f)"
    "$MESOGRID" plan --mesh "$PLANE" --spacing 7 --lattice hex --format $f >"$T/d" 2>/dev/null ||
      fail "plane run 2 ($f)"
    cmp -s "$T/c" "$T/d" || fail "$f output on the plane differs between two runs"
  done ;;
plan_dense_ply)
  # a 150,000-triangle wavy sheet (above the proxy threshold), written as binary PLY (the reader's fast
  # path) and as ascii PLY (the general reader): both plan to the same bytes, twice in a row
  $PY - "$T" <<'PYEOF' || fail "could not write the test meshes"
import math, struct, sys
n = 250; d = sys.argv[1]
V = [(0.4 * i, 0.5 * j, 6 * math.sin(i / 40.0) * math.cos(j / 55.0)) for j in range(n + 1) for i in range(n + 1)]
F = []
for j in range(n):
    for i in range(n):
        a = j * (n + 1) + i
        F += [(a, a + 1, a + n + 2), (a, a + n + 2, a + n + 1)]
head = ("ply\nformat %s 1.0\nelement vertex %d\nproperty float x\nproperty float y\nproperty float z\n"
        "element face %d\nproperty list uchar int vertex_indices\nend_header\n")
with open(d + "/bin.ply", "wb") as f:
    f.write((head % ("binary_little_endian", len(V), len(F))).encode())
    f.write(b"".join(struct.pack("<3f", *v) for v in V))
    f.write(b"".join(struct.pack("<B3i", 3, *t) for t in F))
with open(d + "/asc.ply", "w") as f:
    f.write(head % ("ascii", len(V), len(F)))
    f.write("".join("%r %r %r\n" % struct.unpack("<3f", struct.pack("<3f", *v)) for v in V))
    f.write("".join("3 %d %d %d\n" % t for t in F))
PYEOF
  for k in "square 8" "hex 5"; do
    set -- $k
    for m in bin bin asc; do
      "$MESOGRID" plan --mesh "$T/$m.ply" --units mm --lattice $1 --spacing $2 -q -o "$T/$m.csv" 2>"$T/err" ||
        fail "plan $m ($k)"
      [ -f "$T/prev.csv" ] && { cmp -s "$T/prev.csv" "$T/$m.csv" || fail "$m.ply plan differs ($k)"; }
      cp "$T/$m.csv" "$T/prev.csv"
    done
    rm -f "$T/prev.csv"
    n=$(csv_rows "$T/bin.csv"); [ "$n" -gt 100 ] || fail "only $n sites ($k)"
  done ;;
plan_plane_square_100)
  mg plan --mesh "$PLANE" --units mm --spacing 10 --margin 5 --lattice square --format csv; expect_rc 0
  n=$(csv_rows "$T/out"); [ "$n" -eq 100 ] || fail "$n sites, expected exactly 100"
  awk -F, 'NR>1 && ($8!="0.000" || $11!="1.00000") {bad=1} END {exit bad}' "$T/out" ||
    fail "sites off the plane or normal not +z" ;;
plan_plane_json_summary)
  mg plan --mesh "$PLANE" --spacing 10 --margin 5 --lattice square --total-volume 1ml --injector-rate 30 --format json
  expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["region_area_cm2"]')" = 100.0 ] || fail "area"
  [ "$(json_get "$T/out" 'tuple(d["summary"][k] for k in ("sites", "volume_per_site_ml", "total_volume_ml"))')" \
    = "(100, 0.01, 1.0)" ] || fail "volumes"
  [ "$(json_get "$T/out" 'd["summary"]["spacing_mm"]["mean"], d["summary"]["spacing_mm"]["min"]')" = "(10.0, 10.0)" ] ||
    fail "spacing"
  [ "$(json_get "$T/out" 'd["summary"]["timing"], d["summary"]["seconds_per_site"], d["summary"]["session_minutes"]')" \
    = "('injector', 2.0, 3.3)" ] || fail "timing" ;;
plan_coverage)
  # the plan's self-audit: keys in JSON, a table line; an exact lattice meets its contract
  mg plan --mesh "$PLANE" --spacing 10 --lattice square --format json; expect_rc 0
  [ "$(json_get "$T/out" 'list(d["summary"]["coverage"].keys())')" = "['expected_sites', 'count_ratio', \
'nn_mean_s', 'nn_cv', 'uncovered_cm2', 'uncovered_percent', 'gap_p99_s', 'gap_max_s', 'reach_s', 'samples', \
'meets_contract', 'contract', 'uncovered_places', 'small_pieces']" ] || fail "coverage keys"
  [ "$(json_get "$T/out" 'tuple(d["summary"]["coverage"][k] for k in ("expected_sites", "count_ratio", "nn_mean_s",
      "nn_cv", "uncovered_percent", "reach_s", "samples", "meets_contract"))')" = \
    "(100.0, 1.0, 1.0, 0.0, 0.0, 0.75, 20000, True)" ] || fail "coverage of an exact lattice"
  gap=$(json_get "$T/out" 'd["summary"]["coverage"]["gap_p99_s"]')
  $PY -c "import sys; sys.exit(not 0.64 < $gap < 0.68)" || fail "gap p99 $gap (exact square lattice: 0.66)"
  mg plan --mesh "$PLANE" --spacing 10 --lattice square; expect_rc 0
  has "$T/out" "coverage       100 sites for 100 expected (+0.0%), NN 1.000 s CV 0.000, uncovered 0.0% (0.0 cm²)"
  lacks "$T/out" "left empty on purpose"  # nothing left on purpose: one set of figures
  # zones remove sites: the whole region's figures, then the lattice's that the contract is judged on, said apart
  mg plan --technique nappage --format json; expect_rc 0
  read -r judged expected removed < <(json_get "$T/out" '"%d %.0f %d" % (d["summary"]["coverage"]["contract"]["sites"],
      d["summary"]["coverage"]["contract"]["expected_sites"], d["summary"]["sites_removed"])')
  [ "$removed" -gt 0 ] || fail "the built-in nappage plan: no site removed by zones"
  mg plan --technique nappage; expect_rc 0
  has "$T/out" "; left empty on purpose (zones, margin, small pieces): "
  has "$T/out" "; the lattice before zones: $judged sites for $expected expected ("
  # each technique's default plan on the built-in face meets its contract (sites added to cover the edge of a
  # mirror-symmetric region come in mirror pairs within the count's budget: point-by-point was 95 for 89, +6.2%)
  for t in point-by-point nappage epidermic; do
    mg plan --technique $t; expect_rc 0
    has "$T/out" "; meets the contract"
    lacks "$T/err" "misses"
  done
  # a sphere excluded: the skin it empties is not held against the plan
  mg plan --mesh "$PLANE" --spacing 10 --lattice square --exclude sphere:50,50,0,12 --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["coverage"]["meets_contract"], d["summary"]["sites_removed"] > 0')" = \
    "(True, True)" ] || fail "exclude zone held against the plan"
  lacks "$T/err" "contract"
  # a piece under half a cell: listed in the coverage line, where with --verbose
  $PY - "$PLANE" "$T/island.obj" <<'EOF2'
import sys
src, dst = sys.argv[1:3]
lines = open(src).read().split('\n')
nv = sum(1 for l in lines if l.startswith('v '))
out = [l for l in lines if l.startswith('v ') or l.startswith('f ')]
out += ['v 140 50 0', 'v 145 50 0', 'v 145 55 0', 'v 140 55 0']
out += ['f %d %d %d' % (nv + 1, nv + 2, nv + 3), 'f %d %d %d' % (nv + 1, nv + 3, nv + 4)]
open(dst, 'w').write('\n'.join(out) + '\n')
EOF2
  mg plan --mesh "$T/island.obj" --units mm --spacing 10 --lattice square --verbose; expect_rc 0
  has "$T/out" "; 1 piece under half a cell (0.25 cm²) without sites; left empty on purpose"
  has "$T/out" "; meets the contract"
  has "$T/err" "info: piece under half a cell, without sites: 0.25 cm² at (142.5, 52.5, 0.0) mm"
  lacks "$T/err" "warning: the plan misses" ;;
plan_units_cm)
  mg plan --mesh "$PLANE" --units cm --spacing 2cm --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["region_area_cm2"], d["parameters"]["units"], d["parameters"]["spacing_mm"]')" \
    = "(10000.0, 'cm', 20.0)" ] || fail "units cm"
  # decimetres when declared (never decided automatically): 100 mm a unit
  mg plan --mesh "$PLANE" --units dm --spacing 20cm --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["region_area_cm2"], d["parameters"]["units"], d["parameters"]["spacing_mm"]')" \
    = "(1000000.0, 'dm', 200.0)" ] || fail "units dm" ;;
plan_units_in)
  # inches: given (a bounding box read as cm by its size), named in the table and JSON, lengths in mm
  mg plan --mesh "$PLANE" --units inch --spacing 1in --format json; expect_rc 0
  [ "$(json_get "$T/out" 'round(d["summary"]["region_area_cm2"]), d["parameters"]["units"], d["parameters"]["spacing_mm"]')" \
    = "(64516, 'in', 25.4)" ] || fail "units in"
  has "$T/err" "units: in as given" ;;
plan_format_from_extension)
  mg plan --mesh "$PLANE" --spacing 10 -o "$T/p.json"; expect_rc 0
  $PY -m json.tool "$T/p.json" >/dev/null || fail "-o x.json is not JSON"
  mg plan --mesh "$PLANE" --spacing 10 -o "$T/p.csv"; expect_rc 0
  [ "$(head -1 "$T/p.csv")" = "$HEADER" ] || fail "-o x.csv is not CSV"
  [ ! -s "$T/out" ] || fail "stdout not empty with -o" ;;
plan_notes_quiet)
  mg plan --mesh "$PLANE" --spacing 10; expect_rc 0; has "$T/err" "note: "
  mg plan --mesh "$PLANE" --spacing 10 --quiet; expect_rc 0
  [ "$(grep -vc '^warning: no danger zones on this mesh' "$T/err")" -eq 0 ] || fail "--quiet left notes on stderr"
  mg plan --mesh "$PLANE" --spacing 30 --quiet; expect_rc 0; lacks "$T/err" "spacing 30"  # a note: silenced
  has "$T/err" "warning: no danger zones on this mesh"
  mg plan --mesh "$PLANE" --spacing 10 --volume 0.1 --quiet; expect_rc 0
  has "$T/err" "warning: volume per site 0.1 mL is above the point-by-point range"
  mg plan --mesh "$PLANE" --spacing 10 --verbose; expect_rc 0; has "$T/err" "info: "
  mg plan --units mm; expect_rc 0; has "$T/err" "warning: --units mm ignored: the built-in face is in cm" ;;
regions_plane)
  mg regions --mesh "$PLANE"; expect_rc 0
  grep -qE '^corner +2 +0\.25( |$)' "$T/out" || fail "corner row"
  grep -qE '^rest +798 +99\.75( |$)' "$T/out" || fail "rest row"
  grep -qE '^all +800 +100\.00( |$)' "$T/out" || fail "all row"
  mg regions --mesh "$PLANE" --format json; expect_rc 0
  [ "$(json_get "$T/out" '[(r["name"], r["triangles"], r["area_cm2"]) for r in d["regions"]]')" \
    = "[('corner', 2, 0.25), ('rest', 798, 99.75), ('all', 800, 100.0)]" ] ||
    fail "regions json (full_face leaves out the catch-all 'rest': one region left, no full_face)" ;;
regions_builtin)
  mg regions; expect_rc 0
  grep -qE '^all +14368 ' "$T/out" || fail "built-in face: all 14368 triangles (898 Loop-subdivided twice)"
  for r in forehead glabella temple_left temple_right periorbital_left periorbital_right cheek_left cheek_right \
           nasolabial_left nasolabial_right perioral chin jawline_left jawline_right cheeks temples full_face; do
    grep -qE "^$r " "$T/out" || fail "region $r not listed"; done ;;
techniques)
  mg techniques; expect_rc 0
  for k in point-by-point nappage epidermic "depth" "spacing" "volume per site" "angle to skin" lattice needle \
           bevel sources "range" "not a substitute for clinical judgement"; do
    has "$T/out" "$k"
  done
  mg techniques --format json; expect_rc 0
  [ "$(json_get "$T/out" '[t["name"] for t in d["techniques"]]')" = "['point-by-point', 'nappage', 'epidermic']" ] ||
    fail "techniques json" ;;
exit1_values)
  flag=--spacing exit_usage plan --spacing 0.5
  flag=--spacing exit_usage plan --spacing abc
  flag=--spacing exit_usage plan --spacing ""
  flag=--spacing exit_usage plan --spacing nan
  flag=--spacing exit_usage plan --spacing inf
  flag=--depth exit_usage plan --depth 20
  flag=--angle exit_usage plan --angle 0
  flag=--angle exit_usage plan --angle 91deg
  flag=--volume exit_usage plan --volume -1
  flag=--volume exit_usage plan --volume 3furlongs
  flag=--total-volume exit_usage plan --total-volume 0
  flag=--margin exit_usage plan --margin -2mm
  flag=--injector-rate exit_usage plan --injector-rate 0
  flag=--max-sites exit_usage plan --max-sites 1.5
  flag=--lattice exit_usage plan --lattice triangle
  flag=--advance exit_usage plan --advance sideways
  flag=--technique exit_usage plan --technique botox
  flag=--units exit_usage plan --units km --mesh "$PLANE"
  flag=--format exit_usage plan --format xml
  flag=--format exit_usage techniques --format csv
  flag=--up exit_usage plan --up +y --front -y
  flag=--up exit_usage plan --up sideways ;;
exit1_parse)
  flag=--bogus exit_usage plan --bogus
  mg; expect_rc 0; has "$T/out" "Usage: mesogrid"; has "$T/out" "plan"; [ ! -s "$T/err" ] || fail "stderr not empty"
  flag=frobnicate exit_usage frobnicate
  flag=--spacing exit_usage plan --spacing
  # a flag of one value given twice: one line naming it, not CLI11's "At Most 1 required but received 2"
  flag="mesogrid: error: --spacing is given twice ('5', then '6'): give it once" exit_usage plan --spacing 5 --spacing 6
  flag="-o and --output are the same flag, given twice ('a.csv', then 'b.csv'): give it once" \
    exit_usage plan -o "a.csv" --output=b.csv
  flag="--jobs is given twice ('2', then '3'): give it once" exit_usage batch m.csv --out-dir o --jobs 2 --jobs 3
  lacks "$T/err" "At Most"
  # a word no flag takes: named, with what to do, not CLI11's "The following argument was not expected"
  flag="unexpected argument 'cheeks' for 'mesogrid plan': each value follows its flag (e.g. --region cheeks; see" \
    exit_usage plan --spacing 10 cheeks
  flag="--labels takes no value: drop '3'" exit_usage plan --format svg --labels 3
  flag="unexpected argument 'scan.ply' for 'mesogrid plan': a mesh is given with --mesh: --mesh 'scan.ply'" \
    exit_usage plan scan.ply
  flag="unexpected argument 'extra' for 'mesogrid batch': each value follows its flag (see 'mesogrid batch --help')" \
    exit_usage batch m.csv extra --out-dir o
  lacks "$T/err" "not expected" ;;
forgiving_names)  # typos get the nearest name; names in any case; decimal commas; units apart; conflicts
  flag="did you mean '--region'?" exit_usage plan --regoin forehead
  flag="did you mean 'plan'?" exit_usage plna
  flag="did you mean 'nappage'?" exit_usage plan --technique napage
  flag="did you mean 'json'?" exit_usage plan --format jsno
  flag="did you mean 'hex'?" exit_usage plan --lattice hexx
  flag="did you mean 'front'?" exit_usage plan --view fron -o "$T/m.svg"
  flag="did you mean '--region'?" exit_usage compare --regoin forehead
  mg plan --region chek_left; expect_rc 3; one_error_line "did you mean 'cheek_left'?"
  flag="write --spacing 10mm" exit_usage plan --spacing 10 mm
  flag="write --volume 0.03ml" exit_usage plan --volume 0.03 ml
  flag="write --angle 45deg" exit_usage plan --angle=45 deg
  # any case: the same plan as the lower-case names
  mg plan --region cheek_left --technique nappage --lattice hex --format csv -q; expect_rc 0; cp "$T/out" "$T/lower"
  mg plan --region Cheek_Left --technique NAPPAGE --lattice HEX --format CSV -q; expect_rc 0
  cmp -s "$T/out" "$T/lower" || fail "upper-case names give another plan"
  mg plan --region cheek_left --sex F --zones ON -q; expect_rc 0
  mg plan --region cheek_left -q -o "$T/plan.CSV"; expect_rc 0
  [ "$(head -c 8 "$T/plan.CSV")" = "site_id," ] || fail "-o plan.CSV is not CSV"
  # decimal comma = decimal point; a possible thousands separator is refused naming both readings
  mg plan --region chin --spacing 0,8cm --volume 0,02ml --format csv -q; expect_rc 0; cp "$T/out" "$T/comma"
  mg plan --region chin --spacing 0.8cm --volume 0.02ml --format csv -q; expect_rc 0
  cmp -s "$T/out" "$T/comma" || fail "0,8cm is not 0.8cm"
  flag="1.500 or 1500" exit_usage plan --spacing 1,500
  # conflicts: one line each, exit 1, nothing written
  flag="--total-volume" exit_usage plan --volume 0.01 --total-volume 2ml
  flag="--format is csv" exit_usage plan -o "$T/plan.json" --format csv
  [ ! -e "$T/plan.json" ] || fail "a refused run wrote plan.json"
  flag="does not write csv" exit_usage regions -o "$T/regions.csv"
  flag="names no format" exit_usage plan -o "$T/plan.tsv"  # a script asking for TSV gets no table
  [ ! -e "$T/plan.tsv" ] || fail "a refused -o plan.tsv was written"
  mg plan --technique nappage --format json; expect_rc 0  # small unit-vector parts: plain decimals, no exponent
  ! grep -qE '[0-9]e[-+]?[0-9]' "$T/out" || fail "JSON number with an exponent: $(grep -m1 -E '[0-9]e[-+]?[0-9]' "$T/out")"
  flag="must be at least 0.01 mm" exit_usage plan --depth -1
  flag="volume 1e-09 mL per site" exit_usage plan --volume 1e-9
  mg plan --region chin --total-volume 0.00005; expect_rc 3 a total below 10 nL a site; one_error_line "--total-volume"
  flag="at least 1 mm" exit_usage plan --spacing -3 ;;
help_matches_readme)  # every flag of every command's --help is in the README, and the plan table is --help's
  readme="$SRC/README.md"
  for c in plan compare regions batch techniques; do
    mg "$c" --help; expect_rc 0
    for f in $(grep -oE '(^|[ ,])--[a-z][a-z-]+' "$T/out" | tr -d ' ,' | sort -u); do
      grep -qE -- "(^|[^a-z-])$f([^a-z-]|\$)" "$readme" || fail "'mesogrid $c --help' has $f, the README does not"
    done
  done
  mg plan --help; expect_rc 0
  table=$(awk '/^### `plan` flags/ {on=1; next} on && /^#/ {exit} on' "$readme")
  for f in $(printf '%s\n' "$table" | awk -F'|' '{print $2}' | grep -oE '`-[-a-z]+' | tr -d '`' | sort -u); do
    grep -qE -- "(^|[ ,])$f([ ,=]|$)" "$T/out" || fail "README's plan table has $f, 'mesogrid plan --help' does not"
  done
  for f in $(grep -oE '(^|[ ,])--[a-z][a-z-]+' "$T/out" | tr -d ' ,' | sort -u); do
    [ "$f" = --help ] && continue
    printf '%s\n' "$table" | awk -F'|' '{print $2}' | grep -qF -- "\`$f" ||
      fail "'mesogrid plan --help' has $f, the README's plan table does not"
  done
  # the formats each command names in its help are the ones it takes
  mg plan --help; has "$T/out" "table, csv, json, svg, pdf or glb"
  mg regions --help; has "$T/out" "table, json or svg" ;;
labelled_full_face)  # full_face on a mesh with its own groups leaves out the catch-alls; no built-in descriptions
  printf 'v 0 0 0\nv 10 0 0\nv 10 10 0\nv 0 10 0\nv 20 0 0\nv 20 10 0\nv 30 0 0\nv 30 10 0\n' >"$T/g.obj"
  printf 'g forehead\nf 1 2 3\nf 1 3 4\ng chin\nf 2 5 6\nf 2 6 3\ng Other_1\nf 5 7 8\nf 5 8 6\n' >>"$T/g.obj"
  mg regions --mesh "$T/g.obj" --units mm --format json -q; expect_rc 0
  [ "$(json_get "$T/out" '[r["triangles"] for r in d["regions"] if r["name"]=="full_face"][0]')" = 4 ] ||
    fail "full_face should hold forehead and chin (4 triangles), not Other_1"
  [ "$(json_get "$T/out" '[r["triangles"] for r in d["regions"] if r["name"]=="all"][0]')" = 6 ] || fail "all != 6"
  [ "$(json_get "$T/out" '[r["description"] for r in d["regions"] if r["name"]=="forehead"][0]')" = "" ] ||
    fail "the mesh's own forehead group got the built-in face's description"
  json_get "$T/out" '[r["description"] for r in d["regions"] if r["name"]=="full_face"][0]' | grep -q Other_1 ||
    fail "full_face does not say what it leaves out"
  mg regions -q --format json; expect_rc 0
  [ -n "$(json_get "$T/out" '[r["description"] for r in d["regions"] if r["name"]=="forehead"][0]')" ] ||
    fail "the built-in forehead lost its description" ;;
plan_record)  # the treatment record: checked, in the table, the JSON and a batch row
  mg plan --region chin -q --patient "Jane Doe" --date 2026-12-03 --lot "A 12" --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["record"]')" = "{'patient': 'Jane Doe', 'date': '2026-12-03', 'practitioner': '', \
'product': '', 'dilution': '', 'lot': 'A 12', 'notes': ''}" ] || fail "JSON record"
  mg plan --region chin -q --patient "Jane Doe" --product "HA 1%"; expect_rc 0
  has "$T/out" "record         patient Jane Doe; product HA 1%"
  mg plan --region chin -q; expect_rc 0; lacks "$T/out" "record"
  flag="--date '2026-02-29' is not a date" exit_usage plan --date 2026-02-29
  flag="--date '3/12/2026' is not a date" exit_usage plan --date 3/12/2026
  flag="--patient" exit_usage plan --patient "$(printf 'a\tb')"
  flag="--notes is 301 bytes long" exit_usage plan --notes "$(printf 'x%.0s' $(seq 301))"
  printf 'name,region,technique,format,patient,date\nr1,chin,nappage,json,P-1,2024-02-29\n' >"$T/m.csv"
  mg batch "$T/m.csv" --out-dir "$T/o" -q; expect_rc 0
  [ "$(json_get "$T/o/r1.json" 'd["record"]["patient"] + " " + d["record"]["date"]' 2>/dev/null)" = "P-1 2024-02-29" ] ||
    { mg batch "$T/m.csv" --out-dir "$T/o2" -q; ls "$T/o2" >&2; fail "batch row record"; } ;;
plan_glb)  # -o plan.glb: a glTF 2.0 binary with the face, the sites (ids in extras) and the zones' footprints
  mg plan --region cheeks --technique nappage -q -o "$T/p.glb"; expect_rc 0
  $PY - "$T/p.glb" <<'PYEOF' || fail "the .glb is not what was planned"
import json, struct, sys
b = open(sys.argv[1], "rb").read()
magic, version, length = struct.unpack_from("<4sII", b, 0)
assert magic == b"glTF" and version == 2 and length == len(b), (magic, version, length)
n, kind = struct.unpack_from("<I4s", b, 12)
assert kind == b"JSON"
g = json.loads(b[20:20 + n])
names = [x["name"] for x in g["nodes"]]
assert names[0] == "face" and names[1] == "sites", names
assert any(x.startswith("zone ") for x in names), names
sites = g["nodes"][1]["extras"]
pos = g["accessors"][g["meshes"][1]["primitives"][0]["attributes"]["POSITION"]]
assert pos["count"] == len(sites["site_id"]) * sites["vertices_per_site"], (pos["count"], len(sites["site_id"]))
assert max(abs(v) for v in pos["max"] + pos["min"]) < 0.2  # metres
PYEOF
  mg plan --region cheeks --technique nappage -q -o "$T/p2.glb"; expect_rc 0
  cmp -s "$T/p.glb" "$T/p2.glb" || fail "two runs give different .glb files"
  flag="is a .glb file but --format is csv" exit_usage plan -o "$T/p.glb" --format csv ;;
exit1_before_reading)  # bad values fail fast, even when the mesh is missing too
  flag=--spacing exit_usage plan --mesh "$T/missing.obj" --spacing abc ;;
exit2_input)
  mg plan --mesh "$T/missing.obj"; expect_rc 2; one_error_line "missing.obj"
  mg plan --mesh "$DATA/cli/garbage.obj"; expect_rc 2; one_error_line "garbage.obj"
  mg regions --mesh "$T"; expect_rc 2; one_error_line
  : >"$T/empty.stl"; mg plan --mesh "$T/empty.stl"; expect_rc 2; one_error_line "empty.stl"
  mg plan --mesh "$PLANE" --spacing 10 --quiet -o "$T/no/such/dir/plan.csv"; expect_rc 2; one_error_line "plan.csv" ;;
exit3_plan)
  mg plan --mesh "$PLANE" --region forehead; expect_rc 3; has "$T/err" "mesogrid: error: unknown region 'forehead'"
  has "$T/err" "corner"
  mg plan --region nose; expect_rc 3; has "$T/err" "unknown region 'nose'"
  mg plan --mesh "$PLANE" --region corner --spacing 10 --quiet; expect_rc 3
  one_error_line "smaller than one lattice cell"
  mg plan --mesh "$PLANE" --max-sites 1 --quiet; expect_rc 3; one_error_line "--max-sites"
  mg plan --max-sites 1; expect_rc 3; one_error_line "--max-sites"
  # a margin that leaves no skin (the 100 mm plane's centre is 50 mm from its edge): no site, one error naming it;
  # a margin that leaves a little skin but no lattice point: the piece gets its one site, deepest inside
  mg plan --mesh "$PLANE" --spacing 10 --margin 60 --format csv --quiet; expect_rc 3; one_error_line "margin"
  has "$T/err" "the region is at most 50 mm deep and a site must lie 55 mm inside its edge: a margin up to 55 mm"
  mg plan --mesh "$PLANE" --spacing 10 --margin 52 --format csv --quiet; expect_rc 0
  [ "$(csv_rows "$T/out")" -eq 1 ] || fail "margin 52: one site expected" ;;
zones_flags)  # --zones, --exclude, --sex: values, effects and their reports
  flag=--exclude exit_usage plan --exclude sphere:1,2
  flag=--exclude exit_usage plan --exclude cube:1,2,3,4
  flag=--exclude exit_usage plan --exclude sphere:0,0,0,-5
  # five parts: X 50.5 or R 30.8? refused (the commas separate the numbers), not read with a decimal comma
  flag=--exclude exit_usage plan --exclude sphere:50,5,0,30,8; has "$T/err" "not 5: the commas separate them"
  flag=--sex exit_usage plan --sex x
  flag=--zones exit_usage plan --zones maybe
  mg plan --mesh "$PLANE" --spacing 10 --margin 5 --lattice square --exclude sphere:50,50,0,12 --format json --quiet
  expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["sites"]')" = 96 ] ||
    fail "a 12 mm sphere at the plane centre removes the 4 central sites"
  [ "$(json_get "$T/out" '[(z["name"], z["removed"]) for z in d["summary"]["zones"]]')" = "[('user_sphere_1', 4)]" ] ||
    fail "zone count in summary"
  has "$T/out" "zones: 4 sites removed, 0 capped to 1 mm above their vessel (user_sphere_1 -4)"
  mg plan --region full_face --technique epidermic --format json --quiet; expect_rc 0
  on=$(json_get "$T/out" 'd["summary"]["sites"]')
  mg plan --region full_face --technique epidermic --format json --zones off; expect_rc 0
  off=$(json_get "$T/out" 'd["summary"]["sites"]')
  has "$T/err" "warning: DANGER ZONES OFF"
  [ "$off" -gt "$on" ] || fail "--zones off keeps the sites the zones removed ($off vs $on)"
  # the depth follows each sex's skin (nappage: the superficial dermis, E + 0.5 D)
  mg plan --region forehead --technique nappage --sex f --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["depth_mm"]["max"]')" = 0.63 ] || fail "female forehead nappage depth"
  mg plan --region forehead --technique nappage --sex m --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["summary"]["depth_mm"]["max"]')" = 0.8 ] || fail "male forehead nappage depth"
  mg plan --region forehead --technique nappage --sex m --depth 1.5; expect_rc 0
  has "$T/err" "warning: --depth 1.50 mm goes below nappage's layer"; has "$T/err" "forehead (" ;;
atomic_output)
  printf 'precious\n' >"$T/plan.csv"
  mg plan --mesh "$PLANE" --region nope -o "$T/plan.csv"; expect_rc 3
  mg plan --spacing abc -o "$T/plan.csv"; expect_rc 1
  mg plan --mesh "$T/missing.obj" -o "$T/plan.csv"; expect_rc 2
  mg plan --mesh "" -o "$T/plan.csv"; expect_rc 1; one_error_line "--mesh is empty"  # not the built-in face
  mg regions --mesh ""; expect_rc 1; one_error_line "--mesh is empty"
  [ "$(cat "$T/plan.csv")" = precious ] || fail "a failing run changed the existing output file"
  mg plan --mesh "$PLANE" --spacing 10 -o "$T/plan.csv" --format csv; expect_rc 0
  [ "$(head -1 "$T/plan.csv")" = "$HEADER" ] || fail "successful run did not replace the file"
  left=$(ls -A "$T" | grep -v '^plan.csv$' | grep -v '^out$' | grep -v '^err$' || true)
  [ -z "$left" ] || fail "files left behind: $left"
  mg plan --mesh "$PLANE" --region nope -o "$T/new.csv"; expect_rc 3
  [ ! -e "$T/new.csv" ] || fail "a failing run created its output file" ;;
landmarks_plan)  # a scan (the canonical face as a cm file) with its own 468 landmarks: plan, report, bytes
  canon_scan
  mg plan --mesh "$CANON" --landmarks "$T/lm.csv" --region cheeks --format json -o "$T/a.json"; expect_rc 0
  has "$T/err" "468 mediapipe468 points, in cm (the mesh's units)"
  has "$T/err" "landmark fit: scale"
  has "$T/err" "regions and danger zones of the built-in face carried onto the scan"
  has "$T/err" "face frame from the landmarks: up"
  [ "$(json_get "$T/a.json" 'd["parameters"]["landmarks"]')" \
    = "{'file': '$T/lm.csv', 'set': 'mediapipe468', 'points': 468, 'units': 'cm'}" ] ||
    fail "parameters.landmarks: $(json_get "$T/a.json" 'd["parameters"]["landmarks"]')"
  [ "$(json_get "$T/a.json" '[g["name"] for g in d["summary"]["landmark_fit"]["groups"]]')" = \
    "['silhouette', 'brow_right', 'brow_left', 'eye_right', 'eye_left', 'lips', 'other']" ] || fail "fit groups"
  fit_ok='d["summary"]["landmark_fit"]["rms_similarity_mm"] < 1.5 and d["summary"]["landmark_fit"]["scale"] > 0.95'
  [ "$(json_get "$T/a.json" "$fit_ok")" = True ] ||
    fail "the canonical face fits itself: $(json_get "$T/a.json" 'd["summary"]["landmark_fit"]')"
  cheeks_ok='d["summary"]["sites"] > 10 and all(s["region"] == "cheeks" for s in d["sites"])'
  [ "$(json_get "$T/a.json" "$cheeks_ok")" = True ] || fail "cheek sites"
  [ "$(json_get "$T/a.json" 'd["summary"]["mirror_error_mm"] is not None')" = True ] ||
    fail "mirror error measured on the scan"
  "$MESOGRID" plan --mesh "$CANON" --landmarks "$T/lm.csv" --region cheeks --format json -q >"$T/b.json" || fail "rerun"
  cmp -s "$T/a.json" "$T/b.json" || fail "JSON differs between two runs"
  mg plan --mesh "$CANON" --landmarks "$T/lm.csv" --region cheeks -q; expect_rc 0
  has "$T/out" "landmarks      $T/lm.csv: 468 mediapipe468 points in cm"
  has "$T/out" "landmark fit   RMS mm after similarity/warp: silhouette"
  mg regions --mesh "$CANON" --landmarks "$T/lm.csv" -q; expect_rc 0
  for r in forehead glabella temple_left temple_right periorbital_left cheek_right nasolabial_left perioral chin \
           jawline_right cheeks full_face; do
    grep -qE "^$r +[0-9]+ +[0-9.]+ " "$T/out" || fail "regions lacks $r"
  done
  has "$T/out" "the part of the scan the built-in face covers"
  # --up/--front far from the landmarks' frame: a warning, the landmarks' frame is used
  mg plan --mesh "$CANON" --landmarks "$T/lm.csv" --region chin --up +z --front -y -q; expect_rc 0
  has "$T/err" "warning: --up/--front ignored: the landmarks put the top of the head 90 deg"
  # JSON named subset (mp_ names), units declared (mm) on a mesh read in cm
  $PY - "$CANON" "$T/sub.json" <<'PYEOF' || fail "could not write the JSON landmarks"
import json, sys
V = [[float(x) * 10 for x in l.split()[1:4]] for l in open(sys.argv[1]) if l.startswith("v ")]
keep = [33, 133, 159, 145, 263, 362, 386, 374, 1, 2, 98, 327, 61, 291, 0, 17, 152, 10, 234, 454, 70, 300]
json.dump({"landmark_set": "mediapipe468", "units": "mm", "points": {"mp_%d" % k: V[k] for k in keep}},
          open(sys.argv[2], "w"))
PYEOF
  mg plan --mesh "$CANON" --landmarks "$T/sub.json" --region forehead --format csv; expect_rc 0
  has "$T/err" "22 mediapipe468 points, in mm (declared by the file)"
  [ "$(csv_rows "$T/out")" -gt 5 ] || fail "forehead plan from 22 named landmarks" ;;
landmarks_units)  # the same scan in cm and in mm, landmarks without units (they follow the mesh): same sites in mm
  canon_scan
  $PY - "$CANON" "$T/mm.obj" "$T/lm.csv" "$T/lm_mm.csv" <<'PYEOF' || fail "could not write the mm copies"
import sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for l in f:
        o.write("v %.5f %.5f %.5f\n" % tuple(10 * float(x) for x in l.split()[1:4]) if l.startswith("v ") else l)
with open(sys.argv[3]) as f, open(sys.argv[4], "w") as o:
    for l in f:
        o.write(",".join("%.5f" % (10 * float(x)) for x in l.split(",")) + "\n")
PYEOF
  "$MESOGRID" plan --mesh "$CANON" --landmarks "$T/lm.csv" --region temples --format csv -q >"$T/cm.csv" ||
    fail "cm run"
  mg plan --mesh "$T/mm.obj" --units mm --landmarks "$T/lm_mm.csv" --region temples --format csv; expect_rc 0
  has "$T/err" "points, in mm (the mesh's units)"
  $PY - "$T/cm.csv" "$T/out" <<'PYEOF' || fail "cm and mm scans give different sites"
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in sys.argv[1:3])
assert len(a) == len(b) > 4, (len(a), len(b))
d = max(abs(float(x[k]) - float(y[k])) for x, y in zip(a, b) for k in ("x_mm", "y_mm", "z_mm"))
assert d < 0.01, d
PYEOF
  ;;
landmarks_errors)  # bad landmark input: one line naming the file/line/value; 2 for files, 1 for flags, 3 for the fit
  canon_scan
  printf 'precious\n' >"$T/keep.csv"
  # lm_err RC TEXT ARGS...: plan with --landmarks ARGS, exit RC, one error line containing TEXT, -o untouched
  lm_err() {
    local want=$1 text=$2; shift 2
    mg plan --mesh "$CANON" "$@" -o "$T/keep.csv"; expect_rc "$want"; one_error_line "$text"
    [ "$(cat "$T/keep.csv")" = precious ] || fail "a failing run changed the -o file ($*)"
  }
  lm_err 2 "$T/none.csv: no such file" --landmarks "$T/none.csv"
  lm_err 2 "$T: is a directory, not a landmark file" --landmarks "$T"
  head -n 467 "$T/lm.csv" >"$T/short.csv"
  lm_err 2 "short.csv: 467 landmarks: one landmark per line" --landmarks "$T/short.csv"
  # 5 points in order are read as a face detector's (eye centres, nose tip, mouth corners): these 5 (the first of
  # the MediaPipe set) are not shaped like a face; fewer than 10 in order are too few, with what to do instead
  head -n 5 "$T/lm.csv" >"$T/five.csv"
  lm_err 2 "five.csv: 5 points, read as a face detector's (right eye, left eye, nose tip, right mouth corner, left mouth corner), but the" --landmarks "$T/five.csv"
  has "$T/err" "or --landmarks auto to find them on the scan"
  head -n 4 "$T/lm.csv" >"$T/four.csv"
  lm_err 2 "four.csv: 4 landmarks in order: too few to carry a face's regions" --landmarks "$T/four.csv"
  has "$T/err" "or give --landmarks auto to find them on the scan"
  sed '5s/.*/0.1,nan,2/' "$T/lm.csv" >"$T/nan.csv"
  lm_err 2 "nan.csv:5: y value 'nan' is not a finite number" --landmarks "$T/nan.csv"
  { echo "x,y,w"; cat "$T/lm.csv"; } >"$T/cols.csv"
  lm_err 2 "cols.csv:1: unknown column 'w'" --landmarks "$T/cols.csv"
  sed '9s/$/,7/' "$T/lm.csv" >"$T/fields.csv"
  lm_err 2 "fields.csv:9: 4 fields, expected 3 (x,y,z)" --landmarks "$T/fields.csv"
  echo '{"points": {"mp_1": [1, 2, 3], "nose_tipp": [1, 2, 3]}}' >"$T/names.json"
  lm_err 2 "names.json: unknown landmark name 'nose_tipp'" --landmarks "$T/names.json"
  echo '{"points": {"mp_1": [1, 2, 3],}}' >"$T/bad.json"
  lm_err 2 "bad.json: not valid JSON (byte 31)" --landmarks "$T/bad.json"
  lm_err 2 "lm.csv: 468 landmarks, but --landmark-set ibug68 has 68" --landmarks "$T/lm.csv" --landmark-set ibug68
  lm_err 1 "--landmark-set 'dlib5' is not known: use mediapipe468, ibug68 or auto" --landmarks "$T/lm.csv" --landmark-set dlib5
  lm_err 1 "--landmark-set applies to --landmarks" --landmark-set ibug68
  lm_err 1 "--landmarks is empty" --landmarks ""
  mg plan --landmarks "$T/lm.csv"; expect_rc 1; one_error_line "--landmarks needs --mesh"
  mg plan --mesh "$T/missing.obj" --landmarks "$T/lm.csv" --landmark-set nope; expect_rc 1
  one_error_line "--landmark-set 'nope'"
  mg regions --landmarks "$T/lm.csv"; expect_rc 1; one_error_line "--landmarks needs --mesh"
  mg regions --mesh "$CANON" --landmarks "$T/lm.csv" --view left; expect_rc 1
  one_error_line "--view applies to maps only"
  # implausible fits: exit 3, naming what is wrong
  awk -F, '{printf "%s,%s,%s\n", -$1, $2, $3}' "$T/lm.csv" >"$T/mirror.csv"
  lm_err 3 "landmarks '$T/mirror.csv' are mirrored" --landmarks "$T/mirror.csv"
  awk 'NR==1 {l=$0} {print l}' "$T/lm.csv" >"$T/same.csv"
  lm_err 3 "are degenerate: all 468 points lie within 0.0 mm" --landmarks "$T/same.csv"
  awk -F, 'NR==62 || NR==200 || NR==301 {$2 = $2 + 4} {printf "%s,%s,%s\n", $1, $2, $3}' "$T/lm.csv" >"$T/wrong.csv"
  lm_err 3 "mp_61 " --landmarks "$T/wrong.csv"
  has "$T/err" "mp_199 "; has "$T/err" "mp_300 "; has "$T/err" "from where the other landmarks put them"
  { echo "x_mm,y_mm,z_mm"; cat "$T/lm.csv"; } >"$T/units.csv"
  lm_err 3 "give a face 10.0% of the built-in face's size" --landmarks "$T/units.csv" ;;
landmarks_regions_svg)  # regions --format svg: the transferred regions, names, landmarks; byte-stable
  canon_scan
  mg regions --mesh "$CANON" --landmarks "$T/lm.csv" -o "$T/r.svg" -q; expect_rc 0
  $PY -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/r.svg" || fail "the SVG is not XML"
  for k in 'id="landmarks"' 'id="region-names"' '>cheek_left<' '>forehead<' 'Regions (area cm²)' 'Scale ' \
           'RMS mm after similarity'; do
    has "$T/r.svg" "$k"
  done
  n=$(grep -o 'M[0-9.]* [0-9.]*h1.6' "$T/r.svg" | wc -l); [ "$n" -ge 300 ] || fail "only $n landmark crosses"
  "$MESOGRID" regions --mesh "$CANON" --landmarks "$T/lm.csv" --format svg -q >"$T/r2.svg" || fail "rerun"
  cmp -s "$T/r.svg" "$T/r2.svg" || fail "the SVG differs between two runs"
  mg regions --format svg --view left -o "$T/b.svg"; expect_rc 0  # the built-in face's own regions
  has "$T/b.svg" '>temple_left<'
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert "$T/r.svg" -o "$T/r.png" || fail "rsvg-convert cannot render it"
  fi ;;
landmarks_batch_compare)  # a landmarks column in batch manifests (relative paths), and compare --landmarks
  canon_scan
  mkdir -p "$T/m" && cp "$CANON" "$T/m/scan.obj" && cp "$T/lm.csv" "$T/m/lm.csv"
  printf '%s\n' 'name,mesh,landmarks,landmark_set,region,format' 'good,scan.obj,lm.csv,mediapipe468,cheeks,csv' \
    'nolm,scan.obj,missing.csv,,cheeks,csv' 'badset,scan.obj,lm.csv,ibug68,cheeks,csv' >"$T/m/manifest.csv"
  mg batch "$T/m/manifest.csv" --out-dir "$T/m/out" --jobs 2 -q; expect_rc 4
  "$MESOGRID" plan --mesh "$T/m/scan.obj" --landmarks "$T/m/lm.csv" --region cheeks --format csv -q >"$T/plan.csv" ||
    fail "plan"
  cmp -s "$T/m/out/good.csv" "$T/plan.csv" || fail "batch row differs from plan"
  has "$T/err" "manifest.csv:3: $T/m/missing.csv: no such file"
  has "$T/err" "manifest.csv:4: $T/m/lm.csv: 468 landmarks, but --landmark-set ibug68 has 68"
  mg compare --mesh "$CANON" --landmarks "$T/lm.csv" --region cheeks -q; expect_rc 0
  has "$T/out" "point-by-point"; has "$T/out" "nappage" ;;
auto_landmarks_acceptance)  # issue #19 acceptance: --landmarks auto on the ICT faces (mm, turned cm) and the bust
  [ -f "$SHARED/meshes/ict/ict_face_neutral_landmarks68.csv" ] &&
    [ -f "$SHARED/meshes/scans/meshmonk_demoface_10k.obj" ] ||
    { echo "SKIP: ICT faces or the bust scan not found in $SHARED"; exit 77; }
  "$MESOGRID" plan --mesh "$PLANE" --landmarks auto 2>&1 | grep -q "needs dlib" &&
    { echo "SKIP: this build has no dlib (scripts/deps.sh installs libdlib-dev libdlib-data)"; exit 77; }
  $PY "$SRC/tests/acceptance/auto_landmarks.py" "$MESOGRID" "$SHARED" "$T" ||
    fail "acceptance checks (figures above)" ;;
auto_landmarks_errors)  # --landmarks auto|none flags, refusals, implausible landmarks, um, size warnings
  flag=--landmarks exit_usage plan --landmarks auto
  flag=--landmark-set exit_usage plan --mesh "$PLANE" --landmarks auto --landmark-set ibug68
  flag=--save-landmarks exit_usage plan --mesh "$PLANE" --save-landmarks "$T/lm_out.csv" -q
  [ ! -e "$T/lm_out.csv" ] || fail "--save-landmarks wrote a file without landmarks"
  flag=--save-landmarks exit_usage regions --mesh "$PLANE" --landmarks auto --save-landmarks ''  # before any work
  # --save-landmarks is written with the output: both or neither, never onto the same file
  canon_scan
  LM=(plan --mesh "$CANON" --landmarks "$T/lm.csv" --region forehead -q)
  mg "${LM[@]}" --max-sites 1 -o "$T/p.csv" --save-landmarks "$T/lm_new.csv"; expect_rc 3
  [ ! -e "$T/lm_new.csv" ] && [ ! -e "$T/p.csv" ] || fail "a plan that failed wrote -o or --save-landmarks"
  printf 'OLD\n' >"$T/lm_keep.csv"
  if [ -c /dev/full ]; then
    mg "${LM[@]}" -o /dev/full --save-landmarks "$T/lm_keep.csv"; expect_rc 2; has "$T/err" "/dev/full"
    [ "$(cat "$T/lm_keep.csv")" = OLD ] || fail "--save-landmarks replaced although -o failed"
  fi
  mg "${LM[@]}" -o "$T/same.csv" --save-landmarks "$T/./same.csv"; expect_rc 1; has "$T/err" "name the same file"
  [ ! -e "$T/same.csv" ] || fail "-o and --save-landmarks on one file: written"
  mg "${LM[@]}" --save-landmarks -; expect_rc 1; has "$T/err" "both write to standard output"
  mg "${LM[@]}" -o "$T/p.csv" --save-landmarks "$T/lm_keep.csv"; expect_rc 0
  head -1 "$T/p.csv" | grep -q '^site_id,' || fail "no plan written with --save-landmarks"
  head -1 "$T/lm_keep.csv" | grep -q '^name,x_mm' || fail "no landmarks written with -o"
  ls -A "$T" | grep -q 'mesogrid-tmp' && fail "temporary file left"
  mg plan --mesh "$PLANE" --landmarks none -q; expect_rc 0
  mg regions --mesh "$PLANE" --up +z --front -y -q; expect_rc 0
  flag=--up exit_usage regions --mesh "$PLANE" --up +z --front +z
  # a flat plane is no face: exit 3, one line saying so and how to give landmarks
  mg plan --mesh "$PLANE" --landmarks auto; expect_rc 3; one_error_line "no face found"; has "$T/err" "--landmarks FILE"
  # a face detector's 5 points (a face's shape, in mm) on it: looked for in their view only, and what to check
  printf '%s\n' -31,0,0 31,0,0 0,-40,25 -25,-70,0 25,-70,0 >"$T/five.csv"
  mg plan --mesh "$PLANE" --landmarks "$T/five.csv"; expect_rc 3
  one_error_line "no face found on '$PLANE' in the view given by the 5 points of $T/five.csv: check that the 5 points are this scan's, in its frame and units (their view: front +z, up +y), or give its 68 or 468 landmarks with --landmarks FILE"
  mg plan --mesh "$PLANE" --landmarks "$T/five.csv" --up +y --front +z; expect_rc 3
  one_error_line "in the view given by --up/--front: check --up/--front, or drop them: the 5 points give the view"
  # the mouth moved up to the eyes' level: not a face's landmarks (MediaPipe 61,37,0,267,291,314,17,84: mouth)
  canon_scan
  y=$(awk -F, 'NR==34 {print $2}' "$T/lm.csv")
  awk -F, -v y="$y" 'BEGIN {split("62 38 1 268 292 315 18 85", r, " "); for (i in r) m[r[i]] = 1}
                     {if (NR in m) $2 = y; print $1 "," $2 "," $3}' "$T/lm.csv" >"$T/bad.csv"
  mg plan --mesh "$CANON" --landmarks "$T/bad.csv" --region cheeks; expect_rc 3; one_error_line "are not a face's"
  has "$T/err" "below the eye line"
  # um: a 100 mm plane read as um is 0.1 mm across: a warning line, kept with -q
  mg regions --mesh "$PLANE" --units um -q; expect_rc 0; has "$T/err" "warning: the mesh is 0.1 mm across"
  # implausible in every unit (2000 file units: 2 mm as um, 2 m as mm): refused with the sizes it would have
  awk '/^v / {print "v", $2 * 20, $3 * 20, $4 * 20; next} {print}' "$PLANE" >"$T/field.obj"
  mg plan --mesh "$T/field.obj"; expect_rc 2; one_error_line "none is the size of a face region"
  has "$T/err" "2 mm in um, 2000 mm in mm, 20000 mm in cm, 2000000 mm in m"
  # the default region on a bare mesh: a flat plane is no face (planned whole, with a note; no search)
  grep -v '^g ' "$PLANE" >"$T/bare_plane.obj"
  mg plan --mesh "$T/bare_plane.obj" --format json -o "$T/p.json"; expect_rc 0
  has "$T/err" "the mesh has no regions and is not a face: it is flat"
  [ "$(json_get "$T/p.json" 'd["parameters"]["region"]')" = "all" ] || fail "a plane was not planned whole"
  # ... a named region on it: exit 3 at once, saying why
  mg plan --mesh "$T/bare_plane.obj" --region cheeks; expect_rc 3; one_error_line "no face found"
  has "$T/err" "it is flat"
  # regions lists a bare mesh's regions as they are (no search unless --landmarks auto)
  mg regions --mesh "$T/bare_plane.obj" -q; expect_rc 0; lacks "$T/err" "landmarks"
  # ... a bare face gets its landmarks found by itself and is planned on full_face
  canon_scan
  mg plan --mesh "$CANON" --format json -o "$T/c.json"; expect_rc 0
  has "$T/err" "the mesh has no regions: its landmarks are found automatically"
  [ "$(json_get "$T/c.json" 'd["parameters"]["region"]')" = "full_face" ] || fail "a bare face was not planned on full_face"
  [ "$(json_get "$T/c.json" 'd["summary"]["zones_source"]')" = "landmarks" ] || fail "no zones carried onto a bare face"
  mg plan --mesh "$CANON" --landmarks none -q; expect_rc 0
  # ... so is a face exported as one object: one group over every triangle (OBJ 'o Mesh') is its name, not regions
  { echo "o Mesh"; cat "$CANON"; } >"$T/one_object.obj"
  mg plan --mesh "$T/one_object.obj" --region cheek_left --format json -o "$T/o.json"; expect_rc 0
  has "$T/err" "the mesh has no regions (its one group, 'Mesh', covers all of it): its landmarks are found"
  lacks "$T/err" "own regions"
  [ "$(json_get "$T/o.json" 'd["summary"]["zones_source"]')" = "landmarks" ] || fail "one object: no zones carried"
  # ... but two groups are the mesh's own regions: a region it lacks is unknown (no search)
  awk '/^f / && ++n == 300 {print "g lower"} {print}' "$T/one_object.obj" >"$T/two_groups.obj"
  mg plan --mesh "$T/two_groups.obj" --region cheek_left; expect_rc 3; has "$T/err" "mesogrid: error: unknown region 'cheek_left'"
  lacks "$T/err" "landmarks are found automatically"
  # ... and one group named as a face region is that region (a labelled patch): planned on it, no search
  { echo "g Forehead"; cat "$CANON"; } >"$T/one_region.obj"
  mg plan --mesh "$T/one_region.obj" --region Forehead --format json -o "$T/r.json"; expect_rc 0
  lacks "$T/err" "landmarks are found automatically"
  [ "$(json_get "$T/r.json" 'd["parameters"]["region"]')" = "Forehead" ] || fail "one region group: not planned on it" ;;
landmarks_ict_acceptance)  # issue #8 acceptance on the ICT faces and their rotated, cm-scaled variants
  [ -f "$SHARED/meshes/ict/ict_face_neutral_landmarks68.csv" ] ||
    { echo "SKIP: ICT faces not found in $SHARED"; exit 77; }
  $PY -c 'import numpy' 2>/dev/null || { echo "SKIP: numpy missing"; exit 77; }
  $PY "$SRC/tests/acceptance/landmarks_ict.py" "$MESOGRID" "$SHARED" "$T" || fail "acceptance checks (figures above)" ;;
planeval_forehead)  # quality of a real plan, judged by ../shared/tools/planeval.py
  M="$SHARED/meshes/ict/forehead_patch.obj"
  [ -f "$M" ] && [ -f "$SHARED/tools/planeval.py" ] || { echo "SKIP: $M or planeval.py not found"; exit 77; }
  $PY -c 'import numpy, scipy' 2>/dev/null || { echo "SKIP: numpy/scipy missing"; exit 77; }
  mg plan --mesh "$M" --units mm --technique epidermic --format csv -o "$T/p.csv" --quiet; expect_rc 0
  $PY "$SHARED/tools/planeval.py" "$M" "$T/p.csv" 10 >"$T/eval.json" || fail "planeval failed"
  cat "$T/eval.json"
  $PY - "$T/eval.json" <<'PY' || fail "plan quality: $(cat "$T/eval.json")"
import json, sys
e = json.load(open(sys.argv[1]))
ok = e["n"] >= 0.6 * e["ideal_square"] and 0.8 <= e["nn_mean_s"] <= 1.2 and e["off_surface_max_mm"] < 0.05
sys.exit(0 if ok else 1)
PY
  ;;
builtin_header_fresh)  # include/mesogrid/face/builtin_face.hpp is what scripts/gen_builtin_face.py makes of data/
  $PY "$SRC/scripts/gen_builtin_face.py" "$SRC/data/mediapipe_canonical_face.obj" "$T/builtin_face.hpp" ||
    fail "generator failed"
  cmp -s "$T/builtin_face.hpp" "$SRC/include/mesogrid/face/builtin_face.hpp" \
    || fail "builtin_face.hpp is stale: run scripts/gen_builtin_face.py" ;;
install_consumer)  # cmake --install, then a separate project does find_package(mesogrid)
  cmake --install "$BUILD" --prefix "$T/prefix" >"$T/install.log" 2>&1 ||
    { cat "$T/install.log"; fail "cmake --install"; }
  [ -x "$T/prefix/bin/mesogrid" ] || fail "mesogrid binary not installed"
  [ -f "$T/prefix/include/mesogrid/plan.hpp" ] || fail "headers not installed"
  cmake -S "$SRC/examples/find_package" -B "$T/consumer" -DCMAKE_PREFIX_PATH="$T/prefix" -DCMAKE_BUILD_TYPE=Release \
    >"$T/cfg.log" 2>&1 || { cat "$T/cfg.log"; fail "consumer configure"; }
  cmake --build "$T/consumer" >"$T/build.log" 2>&1 || { cat "$T/build.log"; fail "consumer build"; }
  "$T/consumer/consumer" >"$T/out" 2>"$T/err" || fail "consumer run"
  has "$T/out" "sites" ;;
techniques_safety)  # the article's safety content with sources, table and JSON
  mg techniques; expect_rc 0
  for k in "Contraindications" "- Pregnancy [" "Nicolau" "- No make-up for 24 hours [reference article]" \
           "Before the session" "After the session" "Side effects" "Konda & Thappa 2013" "Session budget: 3 mL"; do
    has "$T/out" "$k"
  done
  mg techniques --format json; expect_rc 0
  [ "$(json_get "$T/out" 'list(d["safety"])')" = \
    "['who_may_be_treated', 'contraindications', 'before_session', 'after_session', 'side_effects', 'session']" ] ||
    fail "safety keys"
  [ "$(json_get "$T/out" 'sorted(d["safety"]["contraindications"][0])')" = "['item', 'source', 'strength']" ] ||
    fail "contraindication fields"
  [ "$(json_get "$T/out" '[t["volume_ml"] for t in d["techniques"]]')" = "[0.03, 0.001, 0.01]" ] || fail "volumes"
  [ "$(json_get "$T/out" '[t["needle_length_mm"] for t in d["techniques"]]')" = "[4.0, 4.0, 13.0]" ] || fail "needles"
  mg plan --region chin; expect_rc 0; has "$T/out" "Contraindications, precautions before and after the session" ;;
needle_refused)  # an insertion longer than the needle: exit 1 naming the needle; --needle
  flag="4 mm needle" exit_usage plan --technique nappage --depth 4 --angle 30
  has "$T/err" "deepest that fits is 2.00 mm"; has "$T/err" "--needle"
  mg plan --technique nappage --depth 4 --angle 30 --mesh /no/such/file.obj; expect_rc 1  # before reading
  mg plan --technique nappage --depth 4 --angle 30 --needle 13mm --region chin --format json; expect_rc 0
  [ "$(json_get "$T/out" 'd["parameters"]["needle_length_mm"], d["parameters"]["insertion_mm"]')" = "(13.0, 8.0)" ] ||
    fail "needle_length_mm"
  flag=--needle exit_usage plan --needle 20mm
  one_error_line "--needle '20mm': needle 20 mm is not possible: it must be > 0 and <= 13 mm" ;;
session_budget)  # over --session-max: one warning with the total, the budget and the volume that fits
  mg plan --technique nappage --volume 0.002 --format csv; expect_rc 0
  [ "$(grep -c '^warning:' "$T/err")" -eq 1 ] || fail "expected one warning"
  has "$T/err" "warning: total 4.56 mL is over the session budget of 3 mL (--session-max): 2280 sites at 0.002 mL"
  has "$T/err" "at most 0.00131 mL a site fits (--volume)"
  mg plan --technique nappage --volume 0.002 --session-max 5ml --format json; expect_rc 0
  lacks "$T/err" "warning:"
  [ "$(json_get "$T/out" 'd["summary"]["session_budget_ml"], d["parameters"]["session_max_ml"]')" = "(5.0, 5.0)" ] ||
    fail "session budget in JSON"
  flag=--session-max exit_usage plan --session-max 0
  mg plan --region all --technique nappage; expect_rc 0  # all: what it adds; the preset's volume lowered to fit
  has "$T/err" "note: region all adds 151.09 cm² that no region covers"
  has "$T/err" "note: volume per site 0.0008 mL, to fit the session budget of 3 mL (--session-max): the preset's 0.001 mL a site would total 3.749 mL over 3749 sites"
  lacks "$T/err" "warning:"
  mg plan --region all --technique nappage --session-max 1ml; expect_rc 0  # 0.00026 mL would be below 0.0005
  lacks "$T/err" "volume per site"
  has "$T/err" "warning: total 3.749 mL is over the session budget of 1 mL (--session-max): 3749 sites at 0.001 mL" ;;
no_zones_warning)  # a mesh without landmarks: exactly one warning about zones; summary.zones_source
  mg plan --mesh "$PLANE" --spacing 10 --format json; expect_rc 0
  [ "$(grep -c 'warning: no danger zones on this mesh' "$T/err")" -eq 1 ] || fail "expected one zones warning"
  [ "$(grep -c '^warning:' "$T/err")" -eq 1 ] || fail "expected no other warning"
  [ "$(json_get "$T/out" 'd["summary"]["zones_source"], d["parameters"]["region"]')" = "('none', 'all')" ] ||
    fail "zones_source none"
  mg plan --mesh "$PLANE" --spacing 10 --zones off; expect_rc 0
  [ "$(grep -c '^warning:' "$T/err")" -eq 1 ] || fail "--zones off on a mesh without zones: one warning"
  mg plan --mesh "$PLANE" --spacing 10 --exclude sphere:50,50,0,5; expect_rc 0
  has "$T/err" "warning: no danger zones on this mesh"  # spheres are not anatomy
  if [ -f "$SHARED/meshes/ict/ict_face_id00.obj" ]; then
    mg plan --mesh "$SHARED/meshes/ict/ict_face_id00.obj" --technique nappage --format csv; expect_rc 0
    [ "$(grep -c 'no danger zones' "$T/err")" -eq 1 ] || fail "ICT scan: expected one zones warning"
  fi ;;
warnings_once)  # on a terminal each warning line appears once (the table carries it; stderr does not repeat it)
  command -v script >/dev/null || { echo "SKIP: script (util-linux) not installed"; exit 77; }
  script -qec "$MESOGRID plan --region forehead --technique nappage --depth 2" /dev/null >"$T/tty" 2>&1 </dev/null
  n=$(grep -c "goes below nappage's layer" "$T/tty"); [ "$n" -eq 1 ] || fail "the depth warning appears $n times"
  has "$T/tty" "warning        --depth 2.00 mm"
  mg plan --region forehead --technique nappage --depth 2; expect_rc 0  # not a terminal: stderr has it too
  has "$T/err" "warning: --depth 2.00 mm goes below"; has "$T/out" "warning        --depth 2.00 mm" ;;
mesh_warnings_in_plan)  # a mesh's own warning (float32 steps) is the plan's too: JSON, table, batch; stderr once
  F32="$SRC/tests/malformed/float32_coarse_steps.ply"
  mg plan --mesh "$F32" --format json -o "$T/p.json"; expect_rc 0
  [ "$(grep -c '32-bit floats' "$T/err")" -eq 1 ] || fail "the float32 warning is not on stderr once"
  [ "$(json_get "$T/p.json" 'sum("32-bit floats" in w for w in d["warnings"])')" = 1 ] ||
    fail "the plan's JSON does not list the mesh's warning"
  [ "$(json_get "$T/p.json" 'len(d["warnings"])')" = 2 ] || fail "expected the mesh's and the zones' warnings"
  mg plan --mesh "$F32"; expect_rc 0; has "$T/out" "32-bit floats"
  mg compare --mesh "$F32" --techniques point,nappage --region all; expect_rc 0
  [ "$(grep -c '32-bit floats' "$T/err")" -eq 1 ] || fail "compare: the float32 warning is not on stderr once"
  mg plan --mesh "$F32" --margin 120; expect_rc 3  # a plan that fails still shows the mesh's warning
  has "$T/err" "32-bit floats"
  printf 'name,mesh,format\nf,%s,json\n' "$F32" >"$T/m.csv"
  mg batch "$T/m.csv" --out-dir "$T/b"; expect_rc 0
  [ "$(awk -F, 'NR==2 {print $7}' "$T/b/batch_summary.csv")" = "$(json_get "$T/b/f.json" 'len(d["warnings"])')" ] ||
    fail "the summary counts other warnings than the plan lists" ;;
activity)  # a long command shows its step on a terminal (reading, planning, writing), then clears it; else nothing
  command -v script >/dev/null || { echo "SKIP: script (util-linux) not installed"; exit 77; }
  # MESOGRID_ACTIVITY_AFTER_MS=0 shows the line from the start, as a plan of more than 2 s does (no timing here)
  MESOGRID_ACTIVITY_AFTER_MS=0 script -qec "$MESOGRID plan --region forehead -o $T/a.csv" /dev/null >"$T/tty" 2>&1 </dev/null
  [ -s "$T/a.csv" ] || fail "the plan was not written"
  has "$T/tty" "mesogrid: reading the built-in face ..."; has "$T/tty" "mesogrid: planning forehead ..."
  has "$T/tty" "mesogrid: writing $T/a.csv ..."
  python3 -c 'import sys; t = open(sys.argv[1], "rb").read(); i = t.rfind(b"\r\x1b[K")
sys.exit(not (i > 0 and b"mesogrid: " not in t[i:] and t[i + 4:].startswith(b"note: ")))' "$T/tty" ||
    fail "the activity line is not cleared before the notes and at the end"
  # before the delay: nothing (the default delay is 2 s; an hour here, so that no machine is that slow)
  MESOGRID_ACTIVITY_AFTER_MS=3600000 script -qec "$MESOGRID plan --region forehead -o $T/b.csv" /dev/null >"$T/tty" 2>&1 </dev/null
  lacks "$T/tty" "mesogrid: "; cmp -s "$T/a.csv" "$T/b.csv" || fail "the activity line changed the plan"
  # --quiet on a terminal, and stderr not a terminal: nothing
  MESOGRID_ACTIVITY_AFTER_MS=0 script -qec "$MESOGRID plan --region forehead -q -o $T/c.csv" /dev/null >"$T/tty" 2>&1 </dev/null
  lacks "$T/tty" "mesogrid: "
  MESOGRID_ACTIVITY_AFTER_MS=0 mg plan --region forehead -o "$T/d.csv"; expect_rc 0
  lacks "$T/err" "mesogrid: "; lacks "$T/err" "$(printf '\r')"
  # a numbered PDF says which close-up or page it is at (a full face's has tens of pages)
  MESOGRID_ACTIVITY_AFTER_MS=0 script -qec "$MESOGRID plan --region forehead --labels -o $T/e.pdf" /dev/null \
    >"$T/tty" 2>&1 </dev/null
  if ! grep -q "needs a build with librsvg" "$T/tty"; then  # a build without PDF: pdf_outputs says so
    [ -s "$T/e.pdf" ] || fail "the PDF was not written"
    grep -qE "mesogrid: writing $T/e.pdf: (close-up|page) [0-9]+ of [0-9]+" "$T/tty" ||
      fail "no close-up or page on the activity line of a PDF"
  fi ;;
*)
  echo "unknown case '$case_name'" >&2; exit 2 ;;
esac
exit 0
