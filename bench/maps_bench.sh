#!/usr/bin/env bash
# bench/maps_bench.sh: CPU time (user+sys, median of RUNS) of making a map: `plan` to CSV (the plan alone), to SVG
# and to PDF, on the built-in face (full_face nappage) and on ../shared/meshes/ict/ict_face_sub3.ply (1.18M
# triangles; skipped without ../shared). Also checks that two runs and --threads 1 / 2 give the same bytes.
# Not a test: prints a table.
#   bench/maps_bench.sh [MESOGRID] [RUNS]        (defaults: build/apps/mesogrid, 5)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MESOGRID=$(realpath "${1:-$here/../build/apps/mesogrid}")
RUNS=${2:-5}
SHARED=${SHARED:-$here/../../shared}
W=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-maps-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

median_cpu() {  # median_cpu OUT ARGS...: median user+sys seconds of RUNS runs of `plan ARGS -o OUT`
  local out=$1 i
  shift
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%U %S" -o "$W/time" "$MESOGRID" plan -q "$@" -o "$W/$out" 2>/dev/null
    awk '{ printf "%.2f\n", $1 + $2 }' "$W/time"
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

same_bytes() {  # same_bytes FORMAT MESH REGION TECHNIQUE: "same" when a rerun of `plan` and batch rows on 1 and 2
  # workers (the map's picture is rasterised on every core: parallel_for) write the same file
  local f=$1 mesh=$2 region=$3 tech=$4 m=()
  [ -n "$mesh" ] && m=(--mesh "$mesh")
  "$MESOGRID" plan -q "${m[@]}" --region "$region" --technique "$tech" -o "$W/a.$f" 2>/dev/null
  "$MESOGRID" plan -q "${m[@]}" --region "$region" --technique "$tech" -o "$W/b.$f" 2>/dev/null
  printf '%s\n' name,mesh,region,technique,format "r1,$mesh,$region,$tech,$f" "r2,$mesh,$region,$tech,$f" >"$W/m.csv"
  local ok=same j
  cmp -s "$W/a.$f" "$W/b.$f" || ok=DIFFERENT
  for j in 1 2; do
    rm -rf "$W/out$j"
    "$MESOGRID" batch "$W/m.csv" --out-dir "$W/out$j" --jobs $j --quiet 2>/dev/null || true
    cmp -s "$W/a.$f" "$W/out$j/r1.$f" && cmp -s "$W/a.$f" "$W/out$j/r2.$f" || ok=DIFFERENT
  done
  echo $ok
}

echo "mesogrid map cost: median of $RUNS runs, CPU user+sys seconds, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| face | csv s | svg s | pdf s | svg bytes | pdf bytes | reruns, threads 1/2 |"
echo "|---|---|---|---|---|---|---|"
case_row() {  # case_row NAME MESH REGION TECHNIQUE
  local name=$1 mesh=$2 region=$3 tech=$4 m=() csv svg pdf
  [ -n "$mesh" ] && m=(--mesh "$mesh")
  csv=$(median_cpu p.csv "${m[@]}" --region "$region" --technique "$tech")
  svg=$(median_cpu p.svg "${m[@]}" --region "$region" --technique "$tech")
  pdf=$(median_cpu p.pdf "${m[@]}" --region "$region" --technique "$tech")
  echo "| $name | $csv | $svg | $pdf | $(stat -c %s "$W/p.svg") | $(stat -c %s "$W/p.pdf") |" \
    "svg $(same_bytes svg "$mesh" "$region" "$tech"), pdf $(same_bytes pdf "$mesh" "$region" "$tech") |"
}
case_row "built-in full_face nappage" "" full_face nappage
sub3=$SHARED/meshes/ict/ict_face_sub3.ply
if [ -f "$sub3" ]; then case_row "ict_face_sub3 full_face nappage" "$(realpath "$sub3")" full_face nappage; fi
