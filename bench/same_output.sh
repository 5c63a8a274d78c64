#!/usr/bin/env bash
# bench/same_output.sh: do two mesogrid binaries write the same bytes? For refactors that must not change
# results (DEVELOPERS.md: plans byte-identical).
#
#   bench/same_output.sh OLD_BIN NEW_BIN [--quick] [--keep DIR]
#
# Runs the same commands with both binaries, each in its own working directory with the same relative file
# names, and compares stdout, stderr, exit codes and every file written, byte for byte:
#   - the built-in face: every region of `regions` x the three techniques, as CSV, JSON, table and SVG
#     (views and labels on some), PDF maps, compare (table, CSV, JSON, SVG), techniques, regions (table,
#     JSON, SVG);
#   - the acceptance cases of tests/acceptance/planeval_real_faces.sh (ICT neutral and id00; forehead,
#     cheek_left, chin, neck; 10 mm point-by-point square and 3 mm nappage hex) as CSV, JSON, table, SVG;
#   - landmark plans on the ICT faces with their 68 landmarks: every transferred region (CSV), three
#     regions x three techniques (JSON, table, SVG), the region list and map;
#   - the 1.18M-triangle ICT face (sub3) at 10 mm square (CSV, JSON, table, SVG) and 3 mm hex (CSV);
#   - the bust scan (scans/meshmonk_demoface_10k.obj): whole-scan plans of each technique, regions;
#   - error paths: bad flag values, bad landmark files, the tests/malformed corpus through plan and regions;
#   - a batch manifest (examples/batch/manifest.csv) and its summary; every command's --help.
# --quick leaves out sub3 and the landmark region sweep (a minute instead of several).
# Prints "same output" and exits 0 when everything matches; else lists the differing files with a diff of
# each (first 40 lines) and exits 1. --keep DIR keeps both trees (DIR/old, DIR/new) for a closer look.
# Needs ../shared (SHARED=...) for the real faces; the built-in face, the errors and the corpus run without.
set -uo pipefail
usage() { echo "usage: bench/same_output.sh OLD_BIN NEW_BIN [--quick] [--keep DIR]" >&2; exit 2; }
[ $# -ge 2 ] || usage
OLD=$(realpath "$1") NEW=$(realpath "$2"); shift 2
quick=0 keep=""
while [ $# -gt 0 ]; do
  case "$1" in --quick) quick=1 ;; --keep) keep=${2:?}; shift ;; *) usage ;; esac
  shift
done
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$SRC/../shared}
ICT=$SHARED/meshes/ict
BUST=$SHARED/meshes/scans/meshmonk_demoface_10k.obj
T=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-same.XXXXXX")}
[ -n "$keep" ] || trap 'rm -rf "$T"' EXIT
rm -rf "$T/old" "$T/new"
mkdir -p "$T/old" "$T/new" "$T/in"
cp "$SRC"/tests/malformed/*.{obj,ply,stl,off} "$T/in/" 2>/dev/null
[ -f "$ICT/ict_face_neutral.obj" ] && have_ict=1 || { have_ict=0; echo "note: $ICT not found: real faces skipped" >&2; }

n=0
run() {  # run NAME ARGS...: both binaries, in old/ and new/; stdout NAME.out, stderr + exit code NAME.err
  local name=$1; shift
  for side in old new; do
    local bin=$OLD; [ $side = new ] && bin=$NEW
    (cd "$T/$side" && "$bin" "$@" >"$name.out" 2>"$name.err" </dev/null; echo "exit $?" >>"$name.err")
  done
  n=$((n + 1))
}

# ---- the built-in face ----
regions=$("$OLD" regions --format json | /usr/bin/python3 -c 'import json,sys; print(" ".join(r["name"] for r in json.load(sys.stdin)["regions"]))')
for r in $regions; do
  for t in point-by-point nappage epidermic; do
    run "b_${r}_${t}_csv" plan --region "$r" --technique "$t" --format csv
    run "b_${r}_${t}_json" plan --region "$r" --technique "$t" --format json
    run "b_${r}_${t}_table" plan --region "$r" --technique "$t" -o "b_${r}_${t}.txt"
    run "b_${r}_${t}_svg" plan --region "$r" --technique "$t" -o "b_${r}_${t}.svg"
  done
done
run b_views_left plan --region cheeks --technique nappage --view left --labels -o b_left.svg
run b_views_right plan --region jawline --view right -o b_right.svg
run b_pdf plan --region forehead --labels -o b_forehead.pdf
run b_pdf_nappage plan --technique nappage -q -o b_all.pdf
run b_flags plan --region forehead --spacing 12mm --depth 1.5 --angle 60 --advance medial --volume 20ul --sex m \
  --exclude 'sphere:0,40,60,8;sphere:20,40,50,5' --injector-rate 40 --format json
run b_total plan --region cheeks --total-volume 2ml --volume 0.01 --lattice hex --margin 2 -v
run b_zones_off plan --region full_face --technique epidermic --zones off --format csv
run b_units plan --units mm --region chin
for f in table csv json svg pdf; do run "compare_$f" compare --format "$f" -o "compare.$f"; done
run compare_stdout compare --region cheeks --techniques nappage,epidermic --labels --format svg
run techniques techniques; run techniques_json techniques --format json
run regions regions; run regions_json regions --format json -v; run regions_svg regions --view left -o regions.svg
run version --version
for c in "" plan compare batch regions techniques; do run "help_${c:-main}" $c --help; done

# ---- error paths ----
i=0
while IFS= read -r args; do
  i=$((i + 1)); eval "set -- $args"; run "err_$i" "$@"
done <<'EOF'
plan --spacing 0.5
plan --spacing abc
plan --spacing ""
plan --depth 20
plan --angle 0
plan --angle 91deg
plan --volume -1
plan --volume 3furlongs
plan --total-volume 0
plan --margin -2mm
plan --injector-rate 0
plan --max-sites 1.5
plan --max-sites 1
plan --lattice triangle
plan --advance sideways
plan --technique botox
plan --units km
plan --format xml
plan --format pdf --view top
plan --view left
techniques --format csv
plan --up +y --front -y
plan --up sideways
plan --region nose
plan --region forehead --spacing 60
plan --exclude sphere:1,2
plan --exclude cube:1,2,3,4
plan --exclude sphere:0,0,0,-5
plan --sex x
plan --zones maybe
plan --landmarks lm.csv
plan --landmark-set ibug68
plan --bogus
frobnicate
plan --spacing
compare --techniques pbp,,nappage
compare --techniques a,b,c,d,e
compare --technique nappage
regions --view left
regions --landmarks lm.csv
batch missing.csv --out-dir x
batch in/none.csv --out-dir x --shard 3/3
plan --mesh in/missing.obj
plan --mesh in
EOF
for f in "$T"/in/*.*; do
  b=$(basename "$f")
  run "malformed_plan_$b" plan --mesh "../in/$b" -o "mal_$b.csv"
  run "malformed_regions_$b" regions --mesh "../in/$b"
done

# ---- batch ----
mkdir -p "$T/old/bm" "$T/new/bm"
for side in old new; do cp "$SRC"/examples/batch/manifest.csv "$T/$side/bm/"; done
run batch_example batch bm/manifest.csv --out-dir bm/out --jobs 2

# ---- real faces ----
if [ $have_ict = 1 ]; then
  for face in ict_face_neutral ict_face_id00; do
    m=$ICT/$face.obj
    for region in forehead cheek_left chin neck; do
      for cfg in "10 point-by-point" "3 nappage"; do
        set -- $cfg
        for f in csv json table svg; do
          run "pe_${face}_${region}_$1_$f" plan --mesh "$m" --region "$region" --technique "$2" --spacing "$1" \
            --format "$f"
        done
      done
    done
    run "pe_${face}_regions" regions --mesh "$m" --format json -v
    L=(--mesh "$m" --landmarks "$ICT/${face}_landmarks68.csv")
    run "lm_${face}_regions" regions "${L[@]}"
    run "lm_${face}_regions_json" regions "${L[@]}" --format json
    run "lm_${face}_regions_svg" regions "${L[@]}" -o "lm_${face}_regions.svg"
    if [ $quick = 0 ]; then
      lregions=$("$OLD" regions "${L[@]}" --format json -q | /usr/bin/python3 -c 'import json,sys; print(" ".join(r["name"] for r in json.load(sys.stdin)["regions"]))')
      for r in $lregions; do run "lm_${face}_${r}_csv" plan "${L[@]}" --region "$r" --format csv; done
    fi
    for r in forehead cheeks full_face; do
      for t in point-by-point nappage epidermic; do
        run "lm_${face}_${r}_${t}_json" plan "${L[@]}" --region "$r" --technique "$t" --format json
        run "lm_${face}_${r}_${t}_table" plan "${L[@]}" --region "$r" --technique "$t"
        run "lm_${face}_${r}_${t}_svg" plan "${L[@]}" --region "$r" --technique "$t" -o "lm_${face}_${r}_${t}.svg"
      done
    done
    run "lm_${face}_compare" compare "${L[@]}" --region cheeks -o "lm_${face}_compare.svg"
    run "lm_${face}_updown" plan "${L[@]}" --region chin --up +z --front -y
  done
  run lm_five plan --mesh "$BUST" --landmarks "$SHARED/meshes/scans/meshmonk_demoface_landmarks5.csv"
  run neutral_all plan --mesh "$ICT/ict_face_neutral.obj" --region all --spacing 10 --format csv
  if [ -f "$BUST" ]; then
    for t in point-by-point nappage epidermic; do
      for f in csv json table svg; do run "bust_${t}_$f" plan --mesh "$BUST" --technique "$t" --format "$f"; done
    done
    run bust_regions regions --mesh "$BUST" -v
    run bust_regions_svg regions --mesh "$BUST" --format svg
  fi
  if [ $quick = 0 ]; then
    S3=(plan --mesh "$ICT/ict_face_sub3.ply" --region all --technique point-by-point --lattice square --spacing 10)
    for f in csv json table svg; do run "sub3_10_$f" "${S3[@]}" --format "$f"; done
    run sub3_3hex plan --mesh "$ICT/ict_face_sub3.ply" --region all --technique point-by-point --lattice hex --spacing 3 \
      --format csv
    run sub3_regions regions --mesh "$ICT/ict_face_sub3.ply" --format json -v
  fi
fi

echo "$n commands run with both binaries" >&2
if diff -r -q "$T/old" "$T/new" >"$T/differ.txt"; then
  echo "same output"
  exit 0
fi
echo "outputs differ ($(grep -c '' "$T/differ.txt") files):" >&2
while read -r _ a _ b _; do
  echo "=== ${a#"$T"/old/}" >&2
  diff "$a" "$b" | head -n 40 >&2
done < <(grep '^Files ' "$T/differ.txt")
grep -v '^Files ' "$T/differ.txt" >&2
exit 1
