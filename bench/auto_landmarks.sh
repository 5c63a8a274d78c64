#!/usr/bin/env bash
# Detection time of --landmarks auto (issue 19; targets: <= 2 s for an 18k-triangle face on 2 cores, <= 5 s on
# the 1.18M-triangle sub3): the wall time the tool's note reports (models loaded, views searched, refinements,
# points placed), median of 3 runs. Report the load average beside the figures (the machine is shared).
# usage: bench/auto_landmarks.sh [MESOGRID] [SHARED]
set -euo pipefail
mg=${1:-build/apps/mesogrid}
shared=${2:-../shared}
cases=("$shared/meshes/scans/meshmonk_demoface_10k.obj" "$shared/meshes/ict/ict_face_neutral.obj"
       "$shared/meshes/ict/ict_face_sub3.ply")
uptime
for m in "${cases[@]}"; do
  [ -f "$m" ] || { echo "skip: $m not found"; continue; }
  ts=()
  for _ in 1 2 3; do
    "$mg" regions --mesh "$m" --landmarks auto -v >/dev/null 2>"${TMPDIR:-/tmp}/alm.err" || true
    d=$(grep -o 'frontal refinements, [0-9.]* s' "${TMPDIR:-/tmp}/alm.err" | grep -o '[0-9.]* s' | head -1)
    ts+=("${d% s}")
  done
  med=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p)
  tri=$(grep -o '[0-9]* triangles, units' "${TMPDIR:-/tmp}/alm.err" | head -1 | grep -o '^[0-9]*')
  echo "$(basename "$m"): ${tri:-?} triangles: detection median ${med} s (runs: ${ts[*]})"
done
