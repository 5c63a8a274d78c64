#!/usr/bin/env bash
# Acceptance of the grid on real faces, judged by the independent ../shared/tools/planeval.py:
# ICT neutral and id00 faces, groups forehead, cheek_left, chin, neck, at 10 mm (point-by-point, square)
# and 3 mm (nappage, hex). Contract (issue 2): site count within ±5% of area / cell area, nearest-neighbour
# mean within ±3% of the spacing, nearest-neighbour CV <= 0.04, 99th-percentile coverage gap <= 0.75 s
# (square) / 0.62 s (hex), every site within 0.05 mm of the surface.
# Criteria that the current lattice does not meet everywhere are listed in KNOWN below with the bound the
# test holds them to (so a regression still fails); each is printed as SHORTFALL. Exit 77 = skipped.
set -u
exe=$1
shared=${2:-}
planeval="$shared/tools/planeval.py"
if [ ! -f "$planeval" ] || [ ! -d "$shared/meshes/ict" ]; then
  echo "SKIP: ../shared (real faces and planeval.py) not found at '$shared'"; exit 77
fi
if ! /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
  echo "SKIP: planeval.py needs python3-numpy and python3-scipy"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
printf '%-8s %-10s %-7s %6s %8s %8s %7s %8s %8s\n' face region lattice sites count nn_mean nn_cv gap_p99 off_mm
for face in ict_face_neutral ict_face_id00; do
  for region in forehead cheek_left chin neck; do
    for cfg in "10 point-by-point square 0.75" "3 nappage hex 0.62"; do
      set -- $cfg; s=$1; tech=$2; lat=$3; gapmax=$4
      mesh="$shared/meshes/ict/$face.obj"
      if ! "$exe" plan --mesh "$mesh" --region "$region" --technique "$tech" --spacing "$s" \
           --format csv -o "$tmp/p.csv" --quiet 2>"$tmp/err"; then
        echo "FAIL: mesogrid failed on $face $region: $(cat "$tmp/err")"; fail=1; continue
      fi
      json=$(/usr/bin/python3 "$planeval" "$mesh" "$tmp/p.csv" "$s" "$region")
      /usr/bin/python3 - "$json" "$face" "$region" "$lat" "$gapmax" <<'PY' || fail=1
import json, sys
r = json.loads(sys.argv[1]); face, region, lat, gapmax = sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
ideal = r['ideal_square'] if lat == 'square' else r['ideal_hex']
count = r['n'] / ideal - 1
# (face, region, lattice, criterion) -> bound held instead of the contract (current measured level + slack)
# (none: every case meets the contract)
KNOWN = {}
def bound(crit, contract):
    for key in ((face, region, lat, crit), ('*', region, lat, crit), ('*', '*', lat, crit)):
        if key in KNOWN: return KNOWN[key], True
    return contract, False
short = []; bad = []
def check(crit, value, contract):
    b, known = bound(crit, contract)
    if value > b: bad.append(f"{crit} {value:.3f} > {b}")
    elif value > contract: short.append(f"{crit} {value:.3f} (contract {contract})")
check('count', abs(count), 0.05)
check('mean', abs(r['nn_mean_s'] - 1), 0.03)
check('cv', r['nn_cv'], 0.04)
check('gap', r['gap_p99_s'], gapmax)
check('off', r['off_surface_max_mm'], 0.05)
print(f"{face[9:]:8s} {region:10s} {lat:7s} {r['n']:6d} {count:+8.3f} {r['nn_mean_s']:8.3f} {r['nn_cv']:7.3f} "
      f"{r['gap_p99_s']:8.3f} {r['off_surface_max_mm']:8.4f}"
      + ("  SHORTFALL: " + "; ".join(short) if short else "") + ("  FAIL: " + "; ".join(bad) if bad else ""))
sys.exit(1 if bad else 0)
PY
    done
  done
done
[ $fail -eq 0 ] && echo "planeval acceptance: all held (see SHORTFALL lines for criteria below the contract)"
exit $fail
