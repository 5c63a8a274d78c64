#!/usr/bin/env bash
# The self-audit's cost (issue 18): the `audit` stage of MESOGRID_TIMING against the whole plan, medians of N
# runs, on the 1.18M-triangle ICT sub3 scan and the bust scan at 10 mm square and 3 mm hex.
# usage: bench/audit_cost.sh BIN [SHARED_DIR] [N]   (run on a quiet machine; figures go in bench/README.md)
set -eu
exe=$1
shared=${2:-$(dirname "$0")/../../shared}
n=${3:-5}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
printf '%-8s %-16s %7s %10s %10s %7s\n' mesh plan sites audit_ms total_ms share
for mesh in "$shared/meshes/ict/ict_face_sub3.ply" "$shared/meshes/scans/meshmonk_demoface_10k.obj"; do
  for cfg in "10 point-by-point square" "3 nappage hex"; do
    set -- $cfg
    a=(); t=()
    for _ in $(seq "$n"); do
      out=$(MESOGRID_TIMING=1 "$exe" plan --mesh "$mesh" --spacing "$1" --technique "$2" --lattice "$3" \
              --format csv -o /dev/null --quiet 2>&1)
      a+=("$(awk '/^timing: audit /{print $3}' <<<"$out")")
      t+=("$(awk '/^timing: total/{print $5}' <<<"$out")")
    done
    sites=$("$exe" plan --mesh "$mesh" --spacing "$1" --technique "$2" --lattice "$3" --format csv --quiet 2>/dev/null |
              tail -n +2 | wc -l)
    am=$(printf '%s\n' "${a[@]}" | median); tm=$(printf '%s\n' "${t[@]}" | median)
    printf '%-8s %-16s %7d %10.1f %10.1f %6.1f%%\n' "$(basename "$mesh" | cut -c1-8)" "$1 mm $3" "$sites" "$am" "$tm" \
      "$(awk -v a="$am" -v t="$tm" 'BEGIN {print 100 * a / t}')"
  done
done
