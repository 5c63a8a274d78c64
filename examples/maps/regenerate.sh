#!/usr/bin/env bash
# Regenerates (or, with --check, diffs) the rendered maps of the worked examples on the built-in face
# (examples/builtin): SVG maps, the technique comparison, and PNG previews rendered with rsvg-convert
# (Debian librsvg2-bin; skipped when missing). --check compares the SVGs only (PNGs depend on the renderer).
# usage: regenerate.sh MESOGRID_BINARY [--check]
set -eu
MG=${1:?usage: regenerate.sh MESOGRID_BINARY [--check]}
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$DIR
[ "${2:-}" = --check ] && OUT=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-maps.XXXXXX") && trap 'rm -rf "$OUT"' EXIT
[ "$OUT" = "$DIR" ] || exec 3>&2 2>/dev/null  # --check: the plans' warnings are not news; diffs go to fd 3
maps=(full_face_epidermic forehead_point_by_point cheeks_nappage cheeks_nappage_left forehead_compare
  full_face_nappage_labels forehead_nappage_warnings)
"$MG" plan -q --region full_face --technique epidermic -o "$OUT/full_face_epidermic.svg"
"$MG" plan -q --region forehead --technique point-by-point --labels -o "$OUT/forehead_point_by_point.svg"
"$MG" plan -q --region cheeks --technique nappage -o "$OUT/cheeks_nappage.svg"
"$MG" plan -q --region cheeks --technique nappage --view left -o "$OUT/cheeks_nappage_left.svg"
"$MG" compare -q --region forehead --techniques point-by-point,nappage,epidermic -o "$OUT/forehead_compare.svg"
"$MG" plan -q --region full_face --technique nappage --labels -o "$OUT/full_face_nappage_labels.svg"
# a plan with warnings (a volume above the nappage range, a depth below its layer): printed under the map
"$MG" plan -q --region forehead --technique nappage --volume 0.004ml --depth 1.2mm --patient "Example patient" \
  --date 2026-12-04 -o "$OUT/forehead_nappage_warnings.svg" 2>/dev/null
if [ "$OUT" != "$DIR" ]; then
  status=0
  for m in "${maps[@]}"; do
    cmp -s "$DIR/$m.svg" "$OUT/$m.svg" || {
      echo "examples/maps/$m.svg differs: rerun examples/maps/regenerate.sh build/apps/mesogrid" \
        "if the change is intended" >&3
      status=1
    }
  done
  exit $status
fi
"$MG" plan -q --region forehead --technique point-by-point --labels -o "$OUT/forehead_point_by_point.pdf"
if command -v rsvg-convert >/dev/null; then
  for m in "${maps[@]}"; do rsvg-convert -d 72 -p 72 -b white -f png -o "$OUT/$m.png" "$OUT/$m.svg"; done
else
  echo "rsvg-convert missing (apt-get install librsvg2-bin): PNG previews not regenerated" >&2
fi
