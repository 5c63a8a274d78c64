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
#   - other inputs: the test meshes of tests/data (OBJ groups and materials, PLY labels, OFF, STL) and the
#     100 mm plane with every plan flag and other frames; the ICT forehead patch; an ICT face turned, moved
#     and written in cm with its landmarks turned too (headerless, so they follow the mesh's units) and as
#     named JSON landmarks; faces read with --units cm and m;
#   - error paths: bad flag values, bad landmark files (missing, degenerate: one point, a line, a plane;
#     mirrored, too few, NaN, extra fields, wrong set), the tests/malformed corpus through plan and regions;
#   - batch manifests: examples/batch/manifest.csv, a JSON Lines manifest with landmark rows and failing rows,
#     two shards, a rerun with --resume; summaries and outputs; every command's --help.
# --quick leaves out sub3 and the landmark region sweep (a minute instead of several).
# Prints how many commands ran and how many files were compared, then "same output" and exits 0 when
# everything matches; else lists the differing files with a diff of each (first 40 lines) and exits 1.
# --keep DIR keeps both trees (DIR/old, DIR/new) for a closer look.
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
names() { /usr/bin/python3 -c 'import json,sys; print(" ".join(r["name"] for r in json.load(sys.stdin)["regions"]))'; }
regions=$("$OLD" regions --format json | names)
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
# JSON Lines: rows that fail, rows sharing a face, landmarks (with ../shared), then two shards and --resume
mkdir -p "$T/data"
cp "$SRC"/tests/data/io/* "$SRC"/tests/data/cli/*.obj "$T/data/"
{
  echo '{"name": "a", "region": "forehead", "technique": "nappage", "format": "json"}'
  echo '{"name": "b", "mesh": "../../data/plane_100mm.obj", "spacing": "0.5"}'
  echo '{"name": "c", "region": "nose"}'
  echo '{"name": "d", "mesh": "../../data/plane_100mm.obj", "exclude": "sphere:50,50,0,10;sphere:10,10,0,5",' \
    '"format": "table", "spacing": 8}'
  echo '{"name": "e", "mesh": "../../data/missing.obj"}'
  echo '{"name": "f", "region": "cheeks", "total_volume": "2ml", "sex": "m", "zones": "off"}'
  if [ $have_ict = 1 ]; then
    echo "{\"name\": \"g\", \"mesh\": \"$ICT/ict_face_id00.obj\", \"region\": \"cheeks\","\
      "\"landmarks\": \"$ICT/ict_face_id00_landmarks68.csv\"}"
    echo "{\"name\": \"h\", \"mesh\": \"$ICT/ict_face_id00.obj\", \"region\": \"chin\", \"technique\": \"epidermic\","\
      "\"landmarks\": \"$ICT/ict_face_id00_landmarks68.csv\", \"format\": \"json\"}"
    echo "{\"name\": \"i\", \"mesh\": \"$ICT/ict_face_neutral.obj\", \"region\": \"neck\", \"spacing\": \"1cm\"}"
  fi
} >"$T/in/m.jsonl"
for side in old new; do mkdir -p "$T/$side/bj" && cp "$T/in/m.jsonl" "$T/$side/bj/"; done
run batch_jsonl batch bj/m.jsonl --out-dir bj/out --jobs 2
run batch_shard0 batch bj/m.jsonl --out-dir bj/shards --shard 0/2 --jobs 1
run batch_shard1 batch bj/m.jsonl --out-dir bj/shards --shard 1/2 --jobs 2 -q
run batch_resume batch bj/m.jsonl --out-dir bj/out --resume

# ---- other inputs: the test meshes, the 100 mm plane with every flag and other frames ----
for f in "$T"/data/*; do
  b=$(basename "$f")
  run "data_plan_$b" plan --mesh "../data/$b" --format csv
  run "data_regions_$b" regions --mesh "../data/$b" --format json -v
done
P=../data/plane_100mm.obj
run plane_square plan --mesh $P --units mm --spacing 10 --margin 5 --lattice square --format json
run plane_hex_svg plan --mesh $P --technique nappage --spacing 7 --labels -o plane_hex.svg
run plane_pdf plan --mesh $P --spacing 12 -o plane.pdf
run plane_flags plan --mesh $P --spacing 9mm --depth 3mm --margin 0 --volume 0.05ml --angle 60deg --advance lateral \
  --injector-rate 45 --max-sites 500 --sex f --exclude sphere:50,50,0,15 --format json
run plane_up plan --mesh $P --advance up --angle 45 --format csv
run plane_medial plan --mesh $P --advance medial --angle 30 --technique epidermic -o plane_medial.txt
run plane_total plan --mesh $P --total-volume 3ml
run plane_frame plan --mesh $P --up +z --front +y --format csv
run plane_frame2 plan --mesh $P --up -x --front -z --format csv -v
run plane_cm plan --mesh $P --units cm --spacing 2cm --format json
run plane_m plan --mesh $P --units m --spacing 5cm
run plane_zones_off plan --mesh $P --zones off --format csv
run plane_corner plan --mesh $P --region corner --spacing 3
run plane_compare compare --mesh $P --region all --techniques nappage,epidermic --format json
run plane_compare_svg compare --mesh $P --region rest -o plane_compare.svg
run plane_regions_svg regions --mesh $P -o plane_regions.svg --view right

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
      lregions=$("$OLD" regions "${L[@]}" --format json -q | names)
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
  # the forehead patch; a face read in cm and in m (too large: refused or warned)
  for t in point-by-point nappage epidermic; do run "patch_$t" plan --mesh "$ICT/forehead_patch.obj" --technique "$t" \
    --format csv; done
  run patch_svg plan --mesh "$ICT/forehead_patch.obj" --labels -o patch.svg
  run patch_regions regions --mesh "$ICT/forehead_patch.obj" -v
  run neutral_cm plan --mesh "$ICT/ict_face_neutral.obj" --units cm --region forehead --spacing 10cm
  run neutral_m plan --mesh "$ICT/ict_face_neutral.obj" --units m --region chin
  # an ICT face turned, moved and written in cm, its landmarks turned the same (no header: the mesh's units), and
  # the landmark files that must be refused
  /usr/bin/python3 - "$ICT" "$T/in" <<'PY'
import math, sys
ict, out = sys.argv[1:3]
a, b = math.radians(70), math.radians(-25)
Rx = [[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]]
Ry = [[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]]
R = [[sum(Ry[i][k] * Rx[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
move = (12.5, -40.0, 7.25)
def turn(p):
    return [(sum(R[i][k] * p[k] for k in range(3)) + move[i]) / 10 for i in range(3)]
with open(ict + "/ict_face_neutral.obj") as f, open(out + "/rot.obj", "w") as o:
    for l in f:
        o.write("v %.6f %.6f %.6f\n" % tuple(turn([float(x) for x in l.split()[1:4]])) if l.startswith("v ") else l)
lines = open(ict + "/ict_face_neutral_landmarks68.csv").read().split("\n")[1:]
lm = [[float(x) for x in l.split(",")] for l in lines if l]
def write(name, rows, header=None):
    with open(out + "/" + name, "w") as o:
        if header: o.write(header + "\n")
        for r in rows: o.write(",".join(str(x) for x in r) + "\n")
write("rot_lm.csv", [["%.6f" % x for x in turn(p)] for p in lm])
with open(out + "/rot_lm.json", "w") as o:
    o.write('{"landmark_set": "ibug68", "units": "cm", "points": [%s]}' %
            ", ".join("[%.6f, %.6f, %.6f]" % tuple(turn(p)) for p in lm))
write("lm_point.csv", [lm[30]] * 68, "x_mm,y_mm,z_mm")
write("lm_line.csv", [[t, 2 * t, 3 * t] for t in range(68)], "x_mm,y_mm,z_mm")
write("lm_plane.csv", [[p[0], p[1], 0] for p in lm], "x_mm,y_mm,z_mm")
write("lm_mirror.csv", [[-p[0], p[1], p[2]] for p in lm], "x_mm,y_mm,z_mm")
write("lm_few.csv", [[i] + lm[i] for i in (30, 36, 45)], "index,x_mm,y_mm,z_mm")
write("lm_subset.csv", [[i] + lm[i] for i in range(0, 68, 3)], "index,x_mm,y_mm,z_mm")
write("lm_nan.csv", [["nan", p[1], p[2]] if i == 4 else p for i, p in enumerate(lm)], "x_mm,y_mm,z_mm")
write("lm_fields.csv", [p + [1] if i == 8 else p for i, p in enumerate(lm)], "x_mm,y_mm,z_mm")
write("lm_small.csv", [[x / 10 for x in p] for p in lm], "x_mm,y_mm,z_mm")
PY
  R=(--mesh ../in/rot.obj --landmarks ../in/rot_lm.csv)
  run rot_regions regions "${R[@]}" --format json -v
  run rot_cheeks plan "${R[@]}" --region cheeks --technique nappage --format json
  run rot_all plan "${R[@]}" --format csv
  run rot_forehead_svg plan "${R[@]}" --region forehead -o rot_forehead.svg
  run rot_compare compare "${R[@]}" --region chin --format csv
  run rot_json plan --mesh ../in/rot.obj --landmarks ../in/rot_lm.json --region temples --format csv
  run rot_frame plan "${R[@]}" --region glabella --up +y --front +z
  for k in point line plane mirror few subset nan fields small; do
    run "lm_err_$k" plan --mesh "$ICT/ict_face_neutral.obj" --landmarks "../in/lm_$k.csv" --region cheeks -o "lm_$k.csv"
  done
  for k in few subset; do  # points given by index: the set named
    run "lm_set_$k" plan --mesh "$ICT/ict_face_neutral.obj" --landmarks "../in/lm_$k.csv" --landmark-set ibug68 \
      --region cheeks -o "lm_set_$k.csv"
  done
  run lm_err_set plan --mesh "$ICT/ict_face_neutral.obj" --landmarks "$ICT/ict_face_neutral_landmarks68.csv" \
    --landmark-set mediapipe468
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
    run sub3_3hex plan --mesh "$ICT/ict_face_sub3.ply" --region all --technique point-by-point --lattice hex \
      --spacing 3 --format csv
    run sub3_regions regions --mesh "$ICT/ict_face_sub3.ply" --format json -v
  fi
fi

echo "$n commands run with both binaries; $(find "$T/old" -type f | wc -l) files compared (stdout, stderr and exit" \
  "code of each, and every file written)" >&2
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
