#!/usr/bin/env bash
# End-to-end tests of the maps (`plan --format svg`, --view, --labels) and `compare`; one CTest test per case:
# svg.sh CASE. Environment (set by cli_tests.cmake): MESOGRID (binary), SRC (repo root).
# Exit 0 pass, 1 fail, 77 skip (svg_render without rsvg-convert: scripts/deps.sh installs librsvg2-bin).
set -u
case_name=${1:?usage: svg.sh CASE}
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-svg.XXXXXX")
trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3

fail() {
  echo "FAIL [$case_name]: $*" >&2
  for f in "$T"/_out "$T"/_err; do [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; head -c 2000 "$f" >&2; }; done
  exit 1
}
mg() { (cd "$T" && "$MESOGRID" "$@" >"$T/_out" 2>"$T/_err" </dev/null); rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1"; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"; }
# svg_count FILE KIND: parses FILE as XML (fails if it is not) and prints how many elements have class KIND.
svg_count() {
  $PY - "$1" "$2" <<'PYEOF' || fail "$1 is not well-formed XML"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == '{http://www.w3.org/2000/svg}svg', root.tag
print(sum(1 for e in root.iter() if e.get('class') == sys.argv[2]))
PYEOF
}
# csv_sites ARGS...: number of sites of `plan ARGS --format csv`
csv_sites() { mg plan "$@" --format csv -q; expect_rc 0; echo $(($(wc -l <"$T/_out") - 1)); }

case "$case_name" in
svg_plan_xml)  # -o map.svg picks svg; well-formed XML, one mark per site, A4, deterministic, stdout = file
  for region in forehead cheeks full_face; do
    n=$(csv_sites --region "$region")
    mg plan --region "$region" -o "$region.svg" -q; expect_rc 0
    [ "$(svg_count "$T/$region.svg" site)" = "$n" ] ||
      fail "$region: $(svg_count "$T/$region.svg" site) site marks, expected $n"
    has "$T/$region.svg" 'width="210mm" height="297mm"'
    has "$T/$region.svg" 'Session estimate'
    has "$T/$region.svg" 'mm on paper per mm of face'
  done
  mg plan --region forehead --format svg -q; expect_rc 0
  cmp -s "$T/_out" "$T/forehead.svg" || fail "stdout differs from -o forehead.svg"
  n=$(csv_sites --region forehead)
  mg plan --region forehead --format svg --labels -q; expect_rc 0
  [ "$(grep -c '^<text x=.*>[0-9]*</text>$' "$T/_out")" = "$n" ] || fail "--labels: expected $n site numbers"
  [ "$(svg_count "$T/forehead.svg" zone)" -gt 5 ] || fail "built-in zones not drawn"
  ! ls -A "$T" | grep -q mesogrid-tmp || fail "temporary file left"
  mg plan --help; expect_rc 0; has "$T/_out" "svg, pdf or glb"; has "$T/_out" "--labels"
  mg --help; expect_rc 0; has "$T/_out" "compare"
  ;;
svg_views)  # left/right show their half only (mirror-exact face: the same count), bad --view exit 1
  mg plan --region cheeks --view left -o l.svg -q; expect_rc 0
  mg plan --region cheeks --view right -o r.svg -q; expect_rc 0
  n=$(csv_sites --region cheeks)
  nl=$(svg_count "$T/l.svg" site); nr=$(svg_count "$T/r.svg" site)
  [ "$nl" = "$nr" ] && [ $((nl * 2)) -ge "$n" ] && [ "$nl" -lt "$n" ] || fail "left $nl right $nr of $n sites"
  has "$T/l.svg" "left side view"
  mg plan --region cheeks --format svg --view top; expect_rc 1; has "$T/_err" "--view 'top'"
  mg plan --region cheeks --view left; expect_rc 1; has "$T/_err" "--view applies to maps only"
  mg plan --region cheeks --labels --format csv; expect_rc 1; has "$T/_err" "--labels applies to maps only"
  [ ! -s "$T/_out" ] || fail "stdout not empty on error"
  ;;
svg_render)  # a real renderer: not blank, and every site mark lands on the shaded face (not on white paper)
  command -v rsvg-convert >/dev/null || { echo "SKIP: rsvg-convert missing (apt-get install librsvg2-bin)"; exit 77; }
  for args in "--region forehead" "--region cheeks --view left" "--region full_face --technique nappage --labels"; do
    # shellcheck disable=SC2086
    mg plan $args -o m.svg -q; expect_rc 0
    rsvg-convert -d 96 -p 96 -b white -f png -o "$T/m.png" "$T/m.svg" || fail "rsvg-convert failed on: plan $args"
    $PY - "$T/m.png" "$T/m.svg" <<'PYEOF' || fail "render check failed: plan $args"
import sys, zlib, struct, xml.etree.ElementTree as ET
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b'IHDR': w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT': idat += body
assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
bpp = 4 if ctype == 6 else 3
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
px = lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])
white = (255, 255, 255)
sample = [px(x, y) for y in range(0, h, 4) for x in range(0, w, 4)]
ink = sum(1 for p in sample if p != white) / len(sample)
assert ink > 0.25, 'blank image: %.3f of pixels inked' % ink
assert len(set(sample)) > 50, 'too few colours: %d' % len(set(sample))
k = w / 210.0  # pixels per paper mm
sites = [e for e in ET.parse(sys.argv[2]).getroot().iter() if e.get('class') == 'site']
assert sites, 'no site marks'
for e in sites:
    cx, cy, r = float(e.get('cx')), float(e.get('cy')), float(e.get('r'))
    inside = 0
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7), (-0.7, -0.7)):
        x, y = int((cx + dx * (r + 0.8)) * k), int((cy + dy * (r + 0.8)) * k)
        inside += px(x, y) != white
    assert inside >= 3, 'site %s at (%.1f, %.1f) mm is not on the face' % (e.get('data-id'), cx, cy)
print('ok: %d sites, ink %.2f' % (len(sites), ink))
PYEOF
  done
  ;;
compare_table)  # three techniques side by side, in table, CSV and JSON; bad technique names exit 1
  mg compare --region forehead --techniques point-by-point,nappage,epidermic; expect_rc 0
  for t in point-by-point nappage epidermic; do has "$T/_out" "$t"; done
  has "$T/_out" "volume_per_site_ml"
  mg compare --region forehead -o c.csv; expect_rc 0
  [ "$(wc -l <"$T/c.csv")" = 4 ] || fail "c.csv: expected a header and 3 rows"
  header=technique,sites,spacing_mm,depth_mm,volume_per_site_ml,total_volume_ml,session_minutes
  head -1 "$T/c.csv" | grep -qx "$header" || fail "csv header"
  n=$(csv_sites --region forehead --technique nappage)
  grep -q "^nappage,$n," "$T/c.csv" || fail "nappage row does not have the plan's $n sites"
  mg compare --region forehead --format json; expect_rc 0
  $PY -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["plans"])==3' "$T/_out" || fail "json"
  mg compare --region forehead --techniques pbp,botox; expect_rc 1; has "$T/_err" "--techniques"
  mg compare --region forehead --format pdfx; expect_rc 1
  ;;
compare_svg)  # one panel per technique with its own sites, well-formed, deterministic
  mg compare --region forehead --format svg -o c.svg; expect_rc 0
  mg compare --region forehead --format svg; expect_rc 0
  cmp -s "$T/_out" "$T/c.svg" || fail "two runs differ"
  total=0
  for t in point-by-point nappage epidermic; do total=$((total + $(csv_sites --region forehead --technique $t))); done
  [ "$(svg_count "$T/c.svg" site)" = "$total" ] || fail "$(svg_count "$T/c.svg" site) site marks, expected $total"
  has "$T/c.svg" 'width="297mm" height="210mm"'
  for i in 1 2 3; do has "$T/c.svg" "id=\"panel-$i\""; done
  ;;
pdf_outputs)  # PDF through librsvg + cairo: map + site table pages (A4), compare on one landscape page, byte-stable
  mg plan --region cheeks -o m.pdf -q; rc0=$rc
  if [ "$rc0" -eq 1 ] && grep -q "needs a build with librsvg" "$T/_err"; then
    echo "SKIP: built without librsvg/cairo"
    exit 77
  fi
  expect_rc 0
  mg plan --region cheeks --format pdf -q; expect_rc 0
  cmp -s "$T/_out" "$T/m.pdf" || fail "two PDF runs differ"
  n=$(csv_sites --region cheeks)
  mg compare --region forehead -o c.pdf -q; expect_rc 0
  $PY - "$T/m.pdf" "$n" "$T/c.pdf" <<'PYEOF' || fail "PDF structure"
import re, sys
d = open(sys.argv[1], 'rb').read()
assert d.startswith(b'%PDF-'), d[:8]
pages = len(re.findall(rb'/Type /Page\b', d))
assert pages == 1 + (int(sys.argv[2]) + 51) // 52, pages
assert b'/MediaBox [ 0 0 595.27' in d
c = open(sys.argv[3], 'rb').read()
assert len(re.findall(rb'/Type /Page\b', c)) == 1
assert b'/MediaBox [ 0 0 841.88' in c
PYEOF
  ;;
*) echo "unknown case $case_name" >&2; exit 2 ;;
esac
exit 0
