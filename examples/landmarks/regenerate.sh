#!/usr/bin/env bash
# Worked example of plans on a scan through landmarks (issue #8): the ICT neutral face of ../shared with its 68
# iBUG landmarks. The ICT files are not copied into the project: they are read from the shared folder.
# usage: regenerate.sh MESOGRID_BINARY [--check]     (SHARED=path/to/shared, default: ../shared beside the repo)
# Writes here: regions.txt/.stderr (the transferred regions and the fit report), cheeks_nappage.txt/.stderr
# (a plan on the scan). Maps (regions.svg, cheeks_nappage.svg) go to MAPS_DIR (default: a temporary folder,
# printed) so that no rendering of the ICT geometry is committed. --check regenerates into a temporary folder
# and diffs (exit 77 when the shared folder is absent, for ctest).
set -eu
MG=$(cd "$(dirname "${1:?usage: regenerate.sh MESOGRID_BINARY [--check]}")" && pwd)/$(basename "$1")
DIR=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$DIR/../../../shared}
ICT="$SHARED/meshes/ict"
[ -f "$ICT/ict_face_neutral.obj" ] || { echo "SKIP: $ICT/ict_face_neutral.obj not found (set SHARED)"; exit 77; }
OUT=$DIR
[ "${2:-}" = --check ] && OUT=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-examples.XXXXXX") && trap 'rm -rf "$OUT"' EXIT
MAPS=${MAPS_DIR:-$OUT}
[ "$OUT" = "$DIR" ] && [ -z "${MAPS_DIR:-}" ] && MAPS=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-landmark-maps.XXXXXX")
cd "$ICT"  # relative names in the outputs: the same text wherever the shared folder lives
L="--mesh ict_face_neutral.obj --landmarks ict_face_neutral_landmarks68.csv"
"$MG" regions $L -o "$OUT/regions.txt" 2>"$OUT/regions.stderr"
"$MG" plan $L --region cheeks --technique nappage -o "$OUT/cheeks_nappage.txt" 2>"$OUT/cheeks_nappage.stderr"
"$MG" regions $L -o "$MAPS/regions.svg" -q 2>/dev/null
"$MG" plan $L --region cheeks --technique nappage -o "$MAPS/cheeks_nappage.svg" -q 2>/dev/null
for f in "$OUT"/*.stderr; do sed -i "s#$OUT#examples/landmarks#g" "$f"; done
if [ "$OUT" != "$DIR" ]; then
  status=0
  for f in regions.txt regions.stderr cheeks_nappage.txt cheeks_nappage.stderr; do
    diff -u "$DIR/$f" "$OUT/$f" >&2 || {
      echo "examples/landmarks/$f differs: rerun examples/landmarks/regenerate.sh build/apps/mesogrid" \
        "if the change is intended" >&2
      status=1
    }
  done
  exit $status
fi
echo "maps: $MAPS/regions.svg $MAPS/cheeks_nappage.svg"
