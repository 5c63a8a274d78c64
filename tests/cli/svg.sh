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
# shown_sites ARGS...: "N M" from the plan map's title line "N of M sites shown" (the sites its view sees)
shown_sites() {
  mg plan "$@" --format svg -q; expect_rc 0
  grep -o '[0-9]* of [0-9]* sites shown' "$T/_out" | head -1 | awk '{print $1, $3}'
}

case "$case_name" in
svg_plan_xml)  # -o map.svg picks svg; well-formed XML, one mark per site, A4, deterministic, stdout = file
  for region in forehead cheeks full_face; do
    n=$(csv_sites --region "$region")
    mg plan --region "$region" -o "$region.svg" -q; expect_rc 0
    # every site seen from the front is drawn (one on skin seen edge-on at the silhouette may not be), and the
    # subtitle says how many
    k=$(svg_count "$T/$region.svg" site)
    [ "$k" -le "$n" ] && [ $((50 * (n - k))) -le "$n" ] || fail "$region: $k site marks, expected about $n"
    has "$T/$region.svg" "$k of $n sites shown"
    has "$T/$region.svg" 'width="210mm" height="297mm"'
    has "$T/$region.svg" 'Session estimate'
    has "$T/$region.svg" 'mm on paper per mm of face'
  done
  mg plan --region forehead --format svg -q; expect_rc 0
  cmp -s "$T/_out" "$T/forehead.svg" || fail "stdout differs from -o forehead.svg"
  n=$(csv_sites --region forehead)
  mg plan --region forehead --format svg --labels -q; expect_rc 0
  k=$(sed -n 's/.*, \([0-9]*\) of '"$n"' sites shown.*/\1/p' "$T/_out")  # the sites seen are numbered
  [ -n "$k" ] && [ "$k" -gt 0 ] || fail "--labels: no 'N of $n sites shown' line"
  [ "$(grep -c '^<text class="label" x=.*>[0-9]*</text>$' "$T/_out")" = "$k" ] ||
    fail "--labels: expected $k site numbers"
  [ "$(svg_count "$T/forehead.svg" footprint)" -gt 5 ] || fail "built-in zones not drawn"
  # the summary box judges the lattice as the contract does, and says what zones left empty
  has "$T/full_face.svg" '<tspan font-weight="bold">Coverage:</tspan> lattice '
  has "$T/full_face.svg" '<tspan font-weight="bold">Left empty:</tspan> '
  ! grep -qF 'Left empty:' "$T/forehead.svg" || fail "forehead: nothing left empty on purpose, yet a Left empty line"
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
svg_textured)  # a textured scan (OBJ + MTL + PNG): the map (SVG by rsvg-convert, PDF by pdftoppm) and the .glb show it
  # (the patch is no face: planned whole, --region all; its one group "patch" is its name, not a region)
  command -v rsvg-convert >/dev/null || { echo "SKIP: rsvg-convert missing (apt-get install librsvg2-bin)"; exit 77; }
  command -v pdftoppm >/dev/null || { echo "SKIP: pdftoppm missing (apt-get install poppler-utils)"; exit 77; }
  mg plan --mesh "$DATA/textured/face.obj" --region all --spacing 8 -o m.svg; expect_rc 0
  grep -q "texture: .*skin.png (512 of 512 triangles textured)" "$T/_err" || fail "no note of the texture"
  mg plan --mesh "$DATA/textured/face.obj" --region all --spacing 8 -o m.pdf -q; expect_rc 0
  rsvg-convert -d 72 -p 72 -b white -f png -o "$T/m.png" "$T/m.svg" || fail "rsvg-convert failed"
  pdftoppm -r 72 "$T/m.pdf" "$T/p" || fail "pdftoppm failed"
  for img in "$T/m.png" "$T/p-1.ppm"; do
    $PY - "$img" <<'PYEOF' || fail "$(basename "$img"): the texture's colours are not where they belong"
import os, sys
sys.path.insert(0, os.path.join(os.environ['SRC'], 'tests', 'cli'))
import pixels
w, h, px = pixels.load(sys.argv[1])
def kind(p):
    r, g, b = p
    if r > 2 * g and r > 2 * b: return 'red'
    if g > 2 * r and g > 2 * b: return 'green'
    if b > 2 * r and b > 2 * g: return 'blue'
    if r > 2 * b and g > 2 * b and abs(r - g) < 0.25 * max(r, g): return 'yellow'
found = {}
k = w / 210.0
for y in range(int(20 * k), int(210 * k)):  # the map's box
    for x in range(int(10 * k), int(200 * k)):
        c = kind(px(x, y))
        if c: found.setdefault(c, []).append((x, y))
for c in ('red', 'green', 'blue', 'yellow'):
    assert len(found.get(c, [])) > 500, (c, len(found.get(c, [])))
mid = {c: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for c, v in found.items()}
# the image's top-left quadrant (red) on the scan's top-left: v up in the texture, +x to the reader's right
assert mid['red'][0] < mid['green'][0] and mid['blue'][0] < mid['yellow'][0], mid
assert mid['red'][1] < mid['blue'][1] and mid['green'][1] < mid['yellow'][1], mid
PYEOF
  done
  mg plan --mesh "$DATA/textured/face.obj" --region all --spacing 8 -o p.glb -q; expect_rc 0
  $PY - "$T/p.glb" <<'PYEOF' || fail "the .glb does not carry the texture"
import json, struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack_from("<I", b, 12)[0]
g = json.loads(b[20:20 + n])
assert len(g["images"]) == 1 and g["images"][0]["mimeType"] == "image/png", g.get("images")
face = g["meshes"][g["nodes"][0]["mesh"]]
prims = [p for p in face["primitives"] if "TEXCOORD_0" in p["attributes"]]
assert len(prims) == 1, face
mat = g["materials"][prims[0]["material"]]
assert mat["pbrMetallicRoughness"]["baseColorTexture"]["index"] == 0, mat
view = g["bufferViews"][g["images"][0]["bufferView"]]
start = 20 + n + 8 + view.get("byteOffset", 0)
assert b[start:start + 8] == b"\x89PNG\r\n\x1a\n"
PYEOF
  # hostile textures: a note each and the face drawn shaded, never a failure
  cp "$DATA/textured/face.obj" "$DATA/textured/face.mtl" "$T/"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "texture not drawn"; has "$T/_err" "skin.png"
  grep -q "data:image/png" "$T/a.svg" || fail "no face picture without the texture"
  printf 'newmtl skin\nmap_Kd /etc/passwd\n' >"$T/face.mtl"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "is an absolute path: not read"
  printf 'newmtl skin\nmap_Kd ../../x.png\n' >"$T/face.mtl"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "outside the folder"
  printf 'newmtl skin\nmap_Kd face.obj\n' >"$T/face.mtl"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "is not an image mesogrid can read"
  # a PNG header claiming 10000 x 10000 pixels: refused from its header, nothing decoded
  $PY -c "import struct,zlib,sys; h=struct.pack('>IIBBBBB',10000,10000,8,2,0,0,0); c=lambda t,d: struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)); sys.stdout.buffer.write(b'\x89PNG\r\n\x1a\n'+c(b'IHDR',h)+c(b'IEND',b''))" >"$T/big.png"
  printf 'newmtl skin\nmap_Kd big.png\n' >"$T/face.mtl"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "more than 8192 x 8192"
  sed -i 's#^f \([0-9]*\)/[0-9]* #f \1/9999 #' "$T/face.obj"
  mg plan --mesh face.obj --region all --spacing 8 -o a.svg; expect_rc 0; has "$T/_err" "texture coordinate indices (f v/vt) name no vt of the file"
  rm "$T/face.mtl"
  mg plan --mesh face.obj --region all --spacing 8 -o p.glb; expect_rc 0; has "$T/_err" "face.mtl" ;;
svg_regions_own_groups)  # `regions` maps of a scan's own groups: OBJ groups, PLY labels (no landmarks needed)
  mg regions --mesh "$DATA/io/labels_ascii.ply" --units mm -o r.svg -q; expect_rc 0
  $PY - "$T/r.svg" <<'PYEOF' || fail "the PLY's labels are not on the map"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
names = [t.text for g in root.iter(ns + 'g') if g.get('id') == 'region-names' for t in g.iter(ns + 'text')]
assert sorted(names) == ['chin', 'forehead'], names
legend = ' '.join(t.text or '' for g in root.iter(ns + 'g') if g.get('id') == 'legend' for t in g.iter(ns + 'text'))
assert 'forehead' in legend and 'chin' in legend, legend
assert any('data:image/png' in (e.get('{http://www.w3.org/1999/xlink}href') or '') for e in root.iter(ns + 'image'))
PYEOF
  if [ -f "$SHARED/meshes/ict/ict_face_neutral.obj" ]; then  # a real scan's groups
    mg regions --mesh "$SHARED/meshes/ict/ict_face_neutral.obj" -o r.svg -q; expect_rc 0
    for n in cheek_left cheek_right chin forehead neck; do has "$T/r.svg" ">$n</text>"; done
  fi ;;
svg_render)  # a real renderer: not blank, and every site mark lands on the shaded face (not on white paper)
  command -v rsvg-convert >/dev/null || { echo "SKIP: rsvg-convert missing (apt-get install librsvg2-bin)"; exit 77; }
  for args in "--region forehead" "--region cheeks --view left" "--region full_face --technique nappage --labels"; do
    # shellcheck disable=SC2086
    mg plan $args -o m.svg -q; expect_rc 0
    rsvg-convert -d 96 -p 96 -b white -f png -o "$T/m.png" "$T/m.svg" || fail "rsvg-convert failed on: plan $args"
    $PY - "$T/m.png" "$T/m.svg" <<'PYEOF' || fail "render check failed: plan $args"
import os, sys, xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.environ['SRC'], 'tests', 'cli'))
import pixels
w, h, px = pixels.load(sys.argv[1])
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
  header=technique,sites,spacing_mm,depth_min_mm,depth_max_mm,volume_per_site_ml,total_volume_ml,session_minutes,warnings
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
  total=0 all=0  # each panel draws the sites its plan's own map shows (exact view rays, not edge-on)
  for t in point-by-point nappage epidermic; do
    set -- $(shown_sites --region forehead --technique $t)
    [ "$2" = "$(csv_sites --region forehead --technique $t)" ] || fail "$t: the map's count is not the plan's"
    total=$((total + $1)) all=$((all + $2))
  done
  [ $((100 * total)) -ge $((99 * all)) ] || fail "only $total of $all forehead sites shown from the front"
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
  if command -v pdftotext >/dev/null; then  # the checklist pages counted by an independent reader
    ncheck=$(pdftotext "$T/m.pdf" - | grep -c 'Checklist and aftercare: ')  # a page's first line starts with \f
  else
    ncheck=2
  fi
  $PY - "$T/m.pdf" "$n" "$T/c.pdf" "$ncheck" <<'PYEOF' || fail "PDF structure"
import re, sys
d = open(sys.argv[1], 'rb').read()
assert d.startswith(b'%PDF-'), d[:8]
pages = len(re.findall(rb'/Type /Page\b', d))
assert pages == 1 + int(sys.argv[4]) + (int(sys.argv[2]) + 47) // 48, pages
assert b'/MediaBox [ 0 0 595.27' in d
c = open(sys.argv[3], 'rb').read()
assert len(re.findall(rb'/Type /Page\b', c)) == 1
assert b'/MediaBox [ 0 0 841.88' in c
PYEOF
  ;;
svg_warnings_checklist)  # every warning as its text on the map (SVG) and in the PDF; the checklist on both
  args="--region full_face --technique nappage --volume 0.005 --session-max 1ml --depth 1.5mm"
  # shellcheck disable=SC2086
  mg plan $args --format json -q -o w.json; expect_rc 0
  # shellcheck disable=SC2086
  mg plan $args -o w.svg -q; expect_rc 0
  $PY - "$T/w.json" "$T/w.svg" "$SRC/include/mesogrid/plan/safety.hpp" <<'PYEOF' || fail "warnings or checklist missing"
import json, re, sys, xml.etree.ElementTree as ET
warnings = json.load(open(sys.argv[1]))['warnings']
assert len(warnings) == 3, warnings
root = ET.parse(sys.argv[2]).getroot()
text = ' '.join(''.join(e.itertext()) for e in root.iter('{http://www.w3.org/2000/svg}text'))
text = re.sub(r'\s+', ' ', text)
for w in warnings:
    assert w in text, 'not on the map: ' + w
assert 'see the plan' not in text
checks = re.findall(r'"([^"]+)"\}', open(sys.argv[3]).read())  # each item's check line closes its braces
assert len(checks) > 25, len(checks)
for c in checks[:23]:  # the lines to tick (the side effects follow as one sentence)
    assert c in text, 'checklist line missing: ' + c
print('ok: %d warnings, %d check lines' % (len(warnings), len(checks)))
PYEOF
  command -v rsvg-convert >/dev/null && { rsvg-convert -d 50 -p 50 -b white -f png -o "$T/w.png" "$T/w.svg" ||
    fail "rsvg-convert failed"; }
  command -v pdftotext >/dev/null || { echo "SKIP (PDF part): pdftotext missing (apt-get install poppler-utils)"; exit 0; }
  # shellcheck disable=SC2086
  mg plan $args -o w.pdf -q; rc0=$rc
  [ "$rc0" -eq 1 ] && grep -q "needs a build with librsvg" "$T/_err" && exit 0
  expect_rc 0
  pdftotext -layout -f 1 -l 3 "$T/w.pdf" "$T/w.txt" || fail "pdftotext failed"
  $PY - "$T/w.json" "$T/w.txt" <<'PYEOF' || fail "warnings not in the PDF"
import json, re, sys
text = re.sub(r'\s+', ' ', open(sys.argv[2]).read())
for w in json.load(open(sys.argv[1]))['warnings']:
    assert re.sub(r'\s+', ' ', w) in text, 'not in the PDF: ' + w
for heading in ('Checklist and aftercare', 'Contraindications: rule each out before injecting',
                'After the session: tell the patient', 'Side effects: tell the patient'):
    assert heading in text, heading
PYEOF
  pdftoppm -r 30 -png -f 1 -l 2 "$T/w.pdf" "$T/wp" || fail "pdftoppm failed"
  [ -s "$T/wp-01.png" ] && [ -s "$T/wp-02.png" ] || fail "pdftoppm wrote no page images"
  ;;
svg_labels_dense)  # --labels on 2,280 sites: numbers placed without overlap (boxes from the font); the PDF numbers all
  mg plan --region full_face --technique nappage --labels -o n.svg -q; expect_rc 0
  n=$(csv_sites --region full_face --technique nappage)
  $PY - "$T/n.svg" "$n" <<'PYEOF' || fail "labels overlap"
import re, sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
group = [g for g in root.iter(ns + 'g') if g.get('id') == 'labels'][0]
font = float(group.get('font-size'))
digit = 1303 / 2048 * font  # DejaVu Sans digits, the maps' first font
boxes = []
for t in group.iter(ns + 'text'):
    x, y = float(t.get('x')), float(t.get('y'))
    boxes.append((x, y - 0.73 * font, x + len(t.text) * digit, y))
dots = [(float(c.get('cx')) - float(c.get('r')), float(c.get('cy')) - float(c.get('r')),
         float(c.get('cx')) + float(c.get('r')), float(c.get('cy')) + float(c.get('r')))
        for c in root.iter(ns + 'circle') if c.get('class') == 'site']
shown = re.search(r'(\d+) of (\d+) sites shown', open(sys.argv[1]).read())
assert shown and int(shown.group(2)) == int(sys.argv[2]), 'no "N of %s sites shown"' % sys.argv[2]
assert len(dots) == int(shown.group(1)) > 0.95 * int(sys.argv[2]), len(dots)  # the sites seen, each drawn once
over = lambda a, b: a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
cell = {}
for i, b in enumerate(boxes):
    for gx in range(int(b[0] // 5), int(b[2] // 5) + 1):
        for gy in range(int(b[1] // 5), int(b[3] // 5) + 1):
            cell.setdefault((gx, gy), []).append(i)
pairs = {(i, j) for ids in cell.values() for i in ids for j in ids if i < j and over(boxes[i], boxes[j])}
assert not pairs, '%d overlapping labels, e.g. %s' % (len(pairs), sorted(pairs)[:3])
hit = sum(1 for b in boxes for d in dots if over(b, d))
assert hit == 0, '%d labels over a dot' % hit
assert len(boxes) > 150, len(boxes)
names = [g for g in root.iter(ns + 'g') if g.get('id') == 'zone-names']
assert names, 'no zone names on the face'
zf = float(names[0].get('font-size'))
zboxes = [(float(t.get('x')) - 0.25 * zf * len(t.text), float(t.get('y')) - 0.7 * zf,
           float(t.get('x')) + 0.25 * zf * len(t.text), float(t.get('y'))) for t in names[0].iter(ns + 'text')]
hit = [(b, z) for b in boxes for z in zboxes if over(b, z)]
assert not hit, '%d site numbers over a zone name, e.g. %s' % (len(hit), hit[:2])
print('ok: %d of %d sites numbered, no overlap (%d zone names kept clear)' % (len(boxes), len(dots), len(zboxes)))
PYEOF
  if command -v rsvg-convert >/dev/null; then rsvg-convert -d 60 -p 60 -b white -f png -o "$T/n.png" "$T/n.svg" ||
    fail "rsvg-convert failed"; fi
  command -v pdftotext >/dev/null || exit 0
  mg plan --region full_face --technique nappage --labels -o n.pdf -q; rc0=$rc
  [ "$rc0" -eq 1 ] && grep -q "needs a build with librsvg" "$T/_err" && exit 0
  expect_rc 0
  k=$(pdftotext -f 2 -l 2 "$T/n.pdf" - | grep -o 'close-up 1 of [0-9]*' | grep -o '[0-9]*$')
  [ -n "$k" ] && [ "$k" -gt 5 ] || fail "no close-up pages after the map"
  pdftotext -f 2 -l $((k + 1)) "$T/n.pdf" "$T/closeups.txt" || fail "pdftotext failed"
  grep -o 'class="site" data-id="[0-9]*"' "$T/n.svg" | grep -o '[0-9]*' > "$T/seen.txt"  # the sites the map shows
  $PY - "$T/closeups.txt" "$T/seen.txt" <<'PYEOF' || fail "a site without its number on the close-ups"
import re, sys
tokens = set(re.findall(r'\b\d+\b', open(sys.argv[1]).read()))
missing = [i for i in open(sys.argv[2]).read().split() if i not in tokens]
assert not missing, '%d site numbers missing, e.g. %s' % (len(missing), missing[:5])
PYEOF
  pdftoppm -r 25 -png -f 2 -l 3 "$T/n.pdf" "$T/np" || fail "pdftoppm failed on the close-ups"
  ;;
needle_marks)  # angled techniques: a tick per site along the needle; the legend says the angle; none at 90 degrees
  mg plan --region forehead --technique nappage -o n.svg -q; expect_rc 0
  set -- $(shown_sites --region forehead --technique nappage)
  [ "$2" = "$(csv_sites --region forehead --technique nappage)" ] && [ $((100 * $1)) -ge $((99 * $2)) ] ||
    fail "$1 of $2 forehead sites shown from the front"
  [ "$(grep -o 'id="needles" d="[^"]*"' "$T/n.svg" | grep -o 'M' | wc -l)" = "$1" ] || fail "not one tick per site shown"
  has "$T/n.svg" "needle at 45° to the skin, advancing down"
  mg plan --region forehead --technique epidermic --advance up -o e.svg -q; expect_rc 0
  has "$T/e.svg" "needle at 15° to the skin, advancing up"
  mg plan --region forehead -o p.svg -q; expect_rc 0
  ! grep -q 'id="needles"' "$T/p.svg" || fail "ticks on a perpendicular plan"
  has "$T/p.svg" "(perpendicular): no direction mark"
  ;;
compare_per_technique)  # --spacing/--depth/... per technique (TECHNIQUE=VALUE, repeatable); a technique twice refused
  mg compare --region forehead --techniques pbp,nappage --spacing nappage=4mm --spacing pbp=10mm -o c.csv -q
  expect_rc 0
  grep -q "^point-by-point,$(csv_sites --region forehead --spacing 10mm),10.0," "$T/c.csv" || fail "pbp at 10 mm"
  grep -q "^nappage,$(csv_sites --region forehead --technique nappage --spacing 4mm),4.0," "$T/c.csv" ||
    fail "nappage at 4 mm: $(cat "$T/c.csv")"
  mg compare --region forehead --techniques pbp,epidermic --spacing 12 --spacing pbp=14 --depth epidermic=0.5 \
    --format json -q; expect_rc 0
  $PY -c 'import json,sys; p=json.load(open(sys.argv[1]))["plans"]; s=[x["spacing_mm"] for x in p]
d=[x["depth_mm"] for x in p]; assert s==[14,12] and 0<d[0]["min"]<=d[0]["max"]<=4 and d[1]["max"]==0.5>=d[1]["min"], (s, d)' "$T/_out" ||
    fail "common and per-technique values"
  mg compare --region forehead --techniques nappage,nappage; expect_rc 1
  [ "$(wc -l <"$T/_err")" = 1 ] && has "$T/_err" "nappage is listed twice" && [ ! -s "$T/_out" ] || fail "duplicate"
  mg compare --region forehead --techniques pbp,point-by-point; expect_rc 1; has "$T/_err" "listed twice"
  mg compare --region forehead --techniques pbp,nappage --spacing epidermic=4mm; expect_rc 1
  has "$T/_err" "epidermic is not compared"
  mg compare --region forehead --spacing botox=3; expect_rc 1; has "$T/_err" "'botox' is not a technique"
  mg compare --region forehead --spacing 3 --spacing 4; expect_rc 1; has "$T/_err" "--spacing is given twice"
  mg compare --region forehead --spacing nappage=0.5; expect_rc 1; has "$T/_err" "nappage: --spacing '0.5'"
  mg compare --help; expect_rc 0; has "$T/_out" "TECHNIQUE=VALUE"
  ;;
*) echo "unknown case $case_name" >&2; exit 2 ;;
esac
exit 0
