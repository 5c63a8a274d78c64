#!/usr/bin/env bash
# Regenerates (or, with --check, diffs) the worked examples on the built-in face.
# usage: regenerate.sh MESOGRID_BINARY [--check]
set -eu
MG=${1:?usage: regenerate.sh MESOGRID_BINARY [--check]}
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$DIR
[ "${2:-}" = --check ] && OUT=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-examples.XXXXXX") && trap 'rm -rf "$OUT"' EXIT
"$MG" plan --region full_face --technique epidermic --format json -o "$OUT/full_face_epidermic.json" \
  2>"$OUT/full_face_epidermic.stderr"
"$MG" plan --region cheeks --technique nappage --format csv -o "$OUT/cheeks_nappage.csv" 2>"$OUT/cheeks_nappage.stderr"
"$MG" plan --region forehead --technique point-by-point -o "$OUT/forehead_point_by_point.txt" \
  2>"$OUT/forehead_point_by_point.stderr"
if [ "$OUT" != "$DIR" ]; then
  status=0
  for f in full_face_epidermic.json full_face_epidermic.stderr cheeks_nappage.csv cheeks_nappage.stderr \
           forehead_point_by_point.txt forehead_point_by_point.stderr; do
    sed -i "s#$OUT#examples/builtin#g" "$OUT/$f"
    diff -u "$DIR/$f" "$OUT/$f" >&2 || {
      echo "examples/builtin/$f differs: rerun examples/builtin/regenerate.sh build/apps/mesogrid" \
        "if the change is intended" >&2
      status=1
    }
  done
  exit $status
fi
for f in "$OUT"/*.stderr; do sed -i "s#$OUT#examples/builtin#g" "$f"; done
