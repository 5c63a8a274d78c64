#!/usr/bin/env bash
# bench/same_output.sh: do two mesogrid binaries write the same bytes? For refactors that must not change
# results (DEVELOPERS.md: plans byte-identical), e.g. the speed work of issue #6.
#
#   bench/same_output.sh OLD_BIN NEW_BIN     # exit 0 and "same output" when every file matches
#
# Runs with both binaries: plans (CSV/JSON) on the built-in face, ICT neutral (forehead, all), the ICT
# neutral face Loop-subdivided once and twice (bench/subdivide.py, needs python3-open3d), sub3 at 10 mm
# square and 3 mm hex, the test plane; `regions -v --format json` (counts, notes, units) on every test mesh
# and shared mesh; a PDF map. Stdout, stderr and exit codes are compared; the output path in the
# "wrote ..." note is the only line ignored. Needs ../shared/meshes/ict (sub3 takes a minute or two).
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: bench/same_output.sh OLD_BIN NEW_BIN" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
S=${SHARED:-$SRC/../shared}/meshes/ict
D=$SRC/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-same.XXXXXX")
trap 'rm -rf "$T"' EXIT
for l in 1 2; do /usr/bin/python3 "$HERE/subdivide.py" "$S/ict_face_neutral.obj" $l "$T/sub$l.ply" >/dev/null 2>&1; done

run() {  # run DIR NAME ARGS...: stdout, stderr (with the exit code) of one command into DIR/NAME.*
  local dir=$1 name=$2; shift 2
  "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  echo "exit $?" >>"$dir/$name.err"
}
for side in old new; do
  M=$1; [ $side = new ] && M=$2
  o=$T/$side; mkdir -p "$o"
  run "$o" builtin_epi "$M" plan --technique epidermic -o "$o/builtin_epi.csv"
  run "$o" builtin_json "$M" plan --technique point-by-point --format json
  run "$o" builtin_pdf "$M" plan --technique nappage -q -o "$o/builtin.pdf"
  run "$o" neutral_forehead "$M" plan --mesh "$S/ict_face_neutral.obj" --region forehead -o "$o/neutral_forehead.csv"
  run "$o" neutral_all "$M" plan --mesh "$S/ict_face_neutral.obj" --region all --spacing 10 -o "$o/neutral_all.csv"
  for l in 1 2; do run "$o" sub${l}_10 "$M" plan --mesh "$T/sub$l.ply" --region all --spacing 10 -o "$o/sub${l}_10.csv"; done
  run "$o" sub3_10 "$M" plan --mesh "$S/ict_face_sub3.ply" --region all --technique point-by-point --lattice square --spacing 10 -o "$o/sub3_10.csv"
  run "$o" sub3_3hex "$M" plan --mesh "$S/ict_face_sub3.ply" --region all --technique point-by-point --lattice hex --spacing 3 -o "$o/sub3_3hex.csv"
  run "$o" plane "$M" plan --mesh "$D/cli/plane_100mm.obj" --region all -o "$o/plane.csv"
  for f in "$D"/io/* "$D"/cli/plane_100mm.obj "$S"/*.obj "$S"/ict_face_sub3.ply "$T"/sub*.ply; do
    run "$o" "regions_$(basename "$f")" "$M" regions --mesh "$f" -v --format json
  done
done
if diff -r -I 'note: wrote' "$T/old" "$T/new"; then echo "same output"; else echo "outputs differ" >&2; exit 1; fi
