#!/usr/bin/env bash
# bench/batch_bench.sh: rows per second of `mesogrid batch` on a generated manifest, for the built-in face
# and for the ICT faces of ../shared/meshes/ict, at --jobs 1 and --jobs 2. Not a test: prints a table.
#   bench/batch_bench.sh [MESOGRID] [ROWS]        (defaults: build/apps/mesogrid, 2000)
# Rows cycle through the mesh's regions x the three techniques x four spacings (preset, +1, +2, +3 mm:
# every row is a distinct plan). Output format csv. Each run writes into a fresh directory. The CPU column
# (user+sys / wall, from /usr/bin/time) shows whether the run had its cores: on a shared machine it does not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MESOGRID=$(realpath "${1:-$here/../build/apps/mesogrid}")
ROWS=${2:-2000}
SHARED=${SHARED:-$here/../../shared}
W=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

# manifest FILE ROWS "MESH..." "REGION..."
manifest() {
  local file=$1 rows=$2 i=0 k
  local -a meshes=($3) regions=($4) techs=(point-by-point nappage epidermic) base=(15 6 10)
  echo "name,mesh,region,technique,spacing,format" >"$file"
  for ((i = 0; i < rows; i++)); do
    local m=${meshes[i % ${#meshes[@]}]} r=${regions[(i / ${#meshes[@]}) % ${#regions[@]}]}
    k=$(((i / (${#meshes[@]} * ${#regions[@]})) % 3))
    local s=$((base[k] + (i / (${#meshes[@]} * ${#regions[@]} * 3)) % 4))
    [ "$m" = builtin ] && m=""
    echo "row$i,$m,$r,${techs[k]},$s,csv" >>"$file"
  done
}

run() {  # run NAME MANIFEST JOBS
  local out="$W/out_$1_$3" rc=0 ok failed
  /usr/bin/time -f "%e %P" -o "$W/time" "$MESOGRID" batch "$2" --out-dir "$out" --jobs "$3" --quiet || rc=$?
  ok=$(grep -c ',ok,' "$out/batch_summary.csv" || true); failed=$(grep -c ',failed,' "$out/batch_summary.csv" || true)
  read -r secs cpu <"$W/time"
  awk -v n="$1" -v j="$3" -v r="$ROWS" -v t="$secs" -v c="$cpu" -v ok="$ok" -v f="$failed" -v rc="$rc" \
    'BEGIN { printf "| %-8s | %4d | %5d | %8.1f | %8.1f | %5s | %d ok, %d failed (exit %d) |\n",
                    n, j, r, t, r / t, c, ok, f, rc }'
}

echo "mesogrid batch benchmark: $ROWS rows, $(nproc) cores, $("$MESOGRID" --version)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| faces    | jobs |  rows | time (s) |   rows/s |   CPU | result |"
echo "|---|---|---|---|---|---|---|"
manifest "$W/builtin.csv" "$ROWS" "builtin" \
  "forehead glabella temples periorbital cheeks nasolabial perioral chin jawline"
for j in 1 2; do run builtin "$W/builtin.csv" $j; done
if [ -f "$SHARED/meshes/ict/ict_face_neutral.obj" ]; then
  manifest "$W/ict.csv" "$ROWS" "$SHARED/meshes/ict/ict_face_neutral.obj $SHARED/meshes/ict/ict_face_id00.obj" \
    "forehead cheek_left cheek_right chin neck"
  for j in 1 2; do run ict "$W/ict.csv" $j; done
  cmp -s "$W/out_ict_1/batch_summary.csv" "$W/out_ict_2/batch_summary.csv" ||
    echo "WARNING: ICT summaries differ between --jobs 1 and 2"
else
  echo "(ICT faces not found under $SHARED/meshes/ict: skipped)"
fi
cmp -s "$W/out_builtin_1/batch_summary.csv" "$W/out_builtin_2/batch_summary.csv" ||
  echo "WARNING: built-in summaries differ between --jobs 1 and 2"
