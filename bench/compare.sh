#!/usr/bin/env bash
# bench/compare.sh: mesogrid against Open3D and MeshLab on face scans of growing density (issue #6).
#
#   bench/compare.sh [RUNS]          # RUNS >= 5 (default 5); needs ../shared/meshes/ict and the anchors
#                                    # (scripts/deps.sh --bench installs python3-open3d, meshlab, xvfb, hyperfine)
# Environment: MESOGRID=path and PARSE_ONLY=path (skip the Release build), BUILD=dir (default build-bench),
# MESHES="sub1 sub2 sub3 sub4", MESH_DIR=dir (take sub1/sub2/sub4 from dir/subN.ply when there, as written by
# bench/subdivide.py: sub4 takes minutes and 4 GB to make).
#
# Meshes: sub3 = ../shared/meshes/ict/ict_face_sub3.ply (1,181,440 triangles); sub1 and sub2 are the ICT
# neutral face Loop-subdivided once and twice by Open3D (bench/subdivide.py), sub4 is sub3 Loop-subdivided once
# (4,725,760 triangles), each written as binary PLY like sub3, into a temporary directory. Whole mesh as the region, square 10 mm and hex 3 mm, CSV to a file.
# Measured per mesh and spacing (medians of RUNS runs; wall seconds):
#   mesogrid   the whole command `mesogrid plan ... -o plan.csv` (process start to exit, hyperfine)
#   parse      `parse_only X` (bench/parse_only.cpp): read the file and decode it into vertex and triangle
#              arrays with mesogrid's reader, nothing else (the physical floor of the issue)
#   load       `mesogrid regions --mesh X`: read, parse, weld, mesh checks, region list (what every command pays)
#   open3d     read_triangle_mesh + sample_points_poisson_disk(n sites mesogrid planned), in-process
#   meshlab    `xvfb-run -a meshlabserver` Poisson-disk sampling at 10 mm radius (10 mm only; whole command)
#   RSS        peak resident memory of one mesogrid run (/usr/bin/time), in MB and as a multiple of the file
#   quality    ../shared/tools/planeval.py on mesogrid's plan against the mesh: site count vs area / cell,
#              nearest-neighbour mean / spacing and CV, coverage gap p99 / spacing (the core issue's contract:
#              count within 5%, mean within 3%, CV <= 0.04, gap <= 0.75 square / 0.62 hex)
#   targets    issue #22's, where one applies: sub3 10 mm <= 0.5x Open3D and <= 0.2x MeshLab, sub3 3 mm hex
#              <= 0.33x Open3D, sub4 10 mm <= 0.25x Open3D; peak memory <= 3x the file on sub3 and sub4
set -euo pipefail
RUNS=${1:-5}
[ "$RUNS" -ge 5 ] || { echo "compare.sh: RUNS must be at least 5" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$SRC/../shared}
PY=/usr/bin/python3
for tool in hyperfine xvfb-run meshlabserver /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool missing: run scripts/deps.sh --bench" >&2; exit 1; }
done
$PY -c 'import open3d' 2>/dev/null ||
  { echo "compare.sh: python3-open3d missing: run scripts/deps.sh --bench" >&2; exit 1; }
[ -f "$SHARED/meshes/ict/ict_face_sub3.ply" ] || { echo "compare.sh: $SHARED/meshes/ict not found" >&2; exit 1; }

if [ -z "${MESOGRID:-}" ]; then
  BUILD=${BUILD:-$SRC/build-bench}
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMESOGRID_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" --target mesogrid_app parse_only -j2 >/dev/null
  MESOGRID=$BUILD/apps/mesogrid
  PARSE_ONLY=$BUILD/bench/parse_only
fi
[ -x "${PARSE_ONLY:-}" ] ||
  { echo "compare.sh: PARSE_ONLY (bench/parse_only, -DMESOGRID_BUILD_BENCH=ON) not found" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

declare -A FILE
MESHES=${MESHES:-sub1 sub2 sub3 sub4}
for m in $MESHES; do
  if [ "$m" != sub3 ] && [ -n "${MESH_DIR:-}" ] && [ -f "$MESH_DIR/$m.ply" ]; then
    FILE[$m]=$MESH_DIR/$m.ply
    continue
  fi
  case $m in
    sub3) FILE[$m]=$SHARED/meshes/ict/ict_face_sub3.ply ;;
    sub4)
      $PY "$HERE/subdivide.py" "$SHARED/meshes/ict/ict_face_sub3.ply" 1 "$T/$m.ply" >/dev/null 2>&1
      FILE[$m]=$T/$m.ply ;;
    sub1|sub2)
      $PY "$HERE/subdivide.py" "$SHARED/meshes/ict/ict_face_neutral.obj" "${m#sub}" "$T/$m.ply" >/dev/null 2>&1
      FILE[$m]=$T/$m.ply ;;
    *) echo "compare.sh: unknown mesh $m" >&2; exit 1 ;;
  esac
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# hyperfine median of a command, seconds
hf() { hyperfine -N -w 1 -r "$RUNS" --export-json "$T/hf.json" "$@" >/dev/null 2>&1
       $PY -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$T/hf.json"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $RUNS runs each; $($MESOGRID --version)"
printf '%s' '| mesh | triangles | MB | lattice | sites | mesogrid s | parse s | load s | open3d load+sample s ' \
  '| meshlab s | RSS MB (x file) | mesogrid/parse | mesogrid/load | mesogrid/open3d | mesogrid/meshlab ' \
  '| count / mean / CV / gap | targets (#22) |'
printf '\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for m in $MESHES; do
  f=${FILE[$m]}
  bytes=$(stat -c %s "$f")
  tris=$(head -c 400 "$f" | grep -a '^element face' | awk '{print $3}')
  parse=$(hf "$PARSE_ONLY $f")
  load=$(hf "$MESOGRID regions --mesh $f -q")
  for k in "square 10" "hex 3"; do
    set -- $k
    cmd="$MESOGRID plan --mesh $f --region all --technique point-by-point --lattice $1 --spacing $2 -q -o $T/plan.csv"
    mg=$(hf "$cmd")
    rss_kb=$( { /usr/bin/time -f '%M' $cmd 2>&1 >/dev/null; } | tail -1)
    sites=$(( $(grep -c '' "$T/plan.csv") - 1 ))
    q=$($PY "$SHARED/tools/planeval.py" "$f" "$T/plan.csv" "$2" | $PY -c 'import json, sys
d = json.load(sys.stdin); ideal = d["ideal_" + sys.argv[1]]
print("%+.1f%% / %.3f / %.3f / %.3f" % (100 * (d["n"] / ideal - 1), d["nn_mean_s"], d["nn_cv"], d["gap_p99_s"]))' "$1")
    o3d=$(for i in $(seq "$RUNS"); do $PY "$HERE/open3d_anchor.py" "$f" "$sites" | awk '{print $1 + $2}'; done | median)
    ml="-"; mlr="-"
    if [ "$2" = 10 ]; then
      sed "s/@RADIUS@/$2/" "$HERE/poisson_disk.mlx.in" >"$T/p.mlx"
      ml=$(hf "xvfb-run -a meshlabserver -i $f -o $T/ml.ply -s $T/p.mlx")
      mlr=$(awk -v a="$mg" -v b="$ml" 'BEGIN {printf "%.2fx", a / b}')
    fi
    awk -v m="$m" -v t="$tris" -v by="$bytes" -v k="$1 $2 mm" -v n="$sites" -v mg="$mg" -v pa="$parse" -v ld="$load" \
        -v o="$o3d" -v ml="$ml" -v mlr="$mlr" -v rss="$rss_kb" -v q="$q" -v lat="$1" -v sp="$2" '
      function check(name, value, limit) {  # a target of issue 22: ok, or MISSED
        return sprintf("%s %.2fx <= %.2fx %s", name, value, limit, value <= limit ? "ok" : "MISSED")
      }
      BEGIN {
      tg = ""
      if (m == "sub3" && lat == "square" && sp == 10) tg = check("open3d", mg / o, 0.5) "; " check("meshlab", mg / ml, 0.2)
      if (m == "sub3" && lat == "hex" && sp == 3) tg = check("open3d", mg / o, 0.33)
      if (m == "sub4" && lat == "square" && sp == 10) tg = check("open3d", mg / o, 0.25)
      if (m == "sub3" || m == "sub4") tg = tg "; " check("RSS", rss * 1024 / by, 3)  # the scans (sub1: start-up)
      sub(/^; /, "", tg)
      if (tg == "") tg = "-"
      printf "| %s | %d | %.1f | %s | %d | %.3f | %.3f | %.3f | %.3f | %s | %.0f (%.1fx) " \
             "| %.1fx | %.1fx | %.2fx | %s | %s | %s |\n",
        m, t, by / 1e6, k, n, mg, pa, ld, o, ml, rss / 1024, rss * 1024 / by, mg / pa, mg / ld, mg / o, mlr, q, tg }'
  done
done
for flag in --version --help; do  # target: under 20 ms
  awk -v f="$flag" -v s="$(hf "$MESOGRID $flag")" \
    'BEGIN {printf "start-up: mesogrid %s %.1f ms (median)\n", f, s * 1000}'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
