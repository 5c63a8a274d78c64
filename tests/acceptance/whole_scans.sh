#!/usr/bin/env bash
# Acceptance of whole-mesh plans on real scans in any orientation (issue 18), judged by the independent
# ../shared/tools/planeval.py, and of the plan's own audit (summary.coverage) against it:
# - the bust scan (shoulders, shirt, holes, spikes, 4 pieces) and the ICT neutral face, whole mesh, at 3 mm
#   (nappage, hex) and 10 mm (point-by-point, square), upright and in 5 uniformly random rotations (seeds 1-5,
#   about the bounding-box centre) planned with the default axes: each within the contract (count ±5% of
#   area / cell, NN mean ±3%, NN CV <= 0.04, gap p99 <= 0.62 s hex / 0.75 s square) and, turned, within 1% of
#   the upright count;
# - on every plan, summary.coverage equal to planeval's figures: count ratio, NN mean and CV, gap p99 within 1%
#   (planeval prints 3 decimals: 0.0005 more is allowed for its rounding).
# Criteria the lattice does not meet everywhere are listed in KNOWN with the bound held instead (so a regression
# still fails) and printed as SHORTFALL. Exit 77 = skipped.
set -u
exe=$1
shared=${2:-}
planeval="$shared/tools/planeval.py"
if [ ! -f "$planeval" ] || [ ! -f "$shared/meshes/scans/meshmonk_demoface_10k.obj" ]; then
  echo "SKIP: ../shared (scans and planeval.py) not found at '$shared'"; exit 77
fi
if ! /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
  echo "SKIP: planeval.py needs python3-numpy and python3-scipy"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$exe" "$shared" "$tmp" <<'PY'
import json, os, subprocess, sys
import numpy as np
exe, shared, tmp = sys.argv[1:4]
planeval = os.path.join(shared, 'tools', 'planeval.py')
meshes = {'bust': os.path.join(shared, 'meshes', 'scans', 'meshmonk_demoface_10k.obj'),
          'neutral': os.path.join(shared, 'meshes', 'ict', 'ict_face_neutral.obj')}
# (mesh, spacing, criterion) -> bound held instead of the contract, for a criterion a plan misses (measured level +
# slack), so that a regression still fails. None at present: every plan below meets the contract.
KNOWN = {}

def rotated(name, seed):
    """The mesh turned by a uniform random rotation (a random unit quaternion) about its bounding-box centre."""
    q = np.random.default_rng(seed).normal(size=4); q /= np.linalg.norm(q)
    w, x, y, z = q
    R = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    lines = open(meshes[name]).read().split('\n')
    V = np.array([[float(t) for t in l.split()[1:4]] for l in lines if l.startswith('v ')])
    c = 0.5 * (V.min(0) + V.max(0)); W = (V - c) @ R.T + c
    out, k = [], 0
    for l in lines:
        if l.startswith('v '): out.append('v %.6f %.6f %.6f' % tuple(W[k])); k += 1
        elif not l.startswith('vn '): out.append(l)
    path = os.path.join(tmp, '%s_rot%d.obj' % (name, seed))
    open(path, 'w').write('\n'.join(out))
    return path

fail = False
print('%-14s %4s %6s %8s %7s %6s %7s | %8s %7s %6s %7s %7s' % ('mesh', 's', 'sites', 'count', 'nn_mean', 'nn_cv',
      'gap_p99', 'a.count', 'a.mean', 'a.cv', 'a.gap', 'vs_up'))
for name in ('bust', 'neutral'):
    for s, tech, lat, gapmax in ((3, 'nappage', 'hex', 0.62), (10, 'point-by-point', 'square', 0.75)):
        upright = None
        for seed in (0, 1, 2, 3, 4, 5):
            mesh = meshes[name] if seed == 0 else rotated(name, seed)
            out = os.path.join(tmp, 'p.json')
            # --region all: the whole mesh (the default region on a bare face would find its landmarks and plan
            # on full_face, issue 19)
            r = subprocess.run([exe, 'plan', '--mesh', mesh, '--region', 'all', '--technique', tech, '--spacing',
                                str(s), '--lattice', lat, '--format', 'json', '-o', out, '--quiet'],
                               capture_output=True, text=True)
            label = name + ('' if seed == 0 else ' rot%d' % seed)
            if r.returncode != 0:
                print('FAIL: mesogrid failed on %s %g mm: %s' % (label, s, r.stderr.strip())); fail = True; continue
            J = json.load(open(out)); cov = J['summary']['coverage']
            with open(os.path.join(tmp, 'p.csv'), 'w') as f:
                f.write('x_mm,y_mm,z_mm\n')
                for x in J['sites']: f.write('%s,%s,%s\n' % (x['x_mm'], x['y_mm'], x['z_mm']))
            pe = json.loads(subprocess.run(['/usr/bin/python3', planeval, mesh, os.path.join(tmp, 'p.csv'), str(s)],
                                           capture_output=True, text=True).stdout)
            ideal = pe['ideal_hex'] if lat == 'hex' else pe['ideal_square']
            count = pe['n'] / ideal - 1
            if seed == 0: upright = pe['n']
            short, bad = [], []
            def check(crit, value, contract):
                b = KNOWN.get((name, s, crit), contract)
                if value > b: bad.append('%s %.4f > %g' % (crit, value, b))
                elif value > contract: short.append('%s %.3f (contract %g)' % (crit, value, contract))
            check('count', abs(count), 0.05)
            check('mean', abs(pe['nn_mean_s'] - 1), 0.03)
            check('cv', pe['nn_cv'], 0.04)
            check('gap', pe['gap_p99_s'], gapmax)
            vs_up = pe['n'] / upright - 1
            if abs(vs_up) > 0.01: bad.append('count %+.2f%% from upright' % (100 * vs_up))
            # the audit against the judge
            for key, mine, theirs in (('count_ratio', cov['count_ratio'], pe['n'] / ideal),
                                      ('nn_mean_s', cov['nn_mean_s'], pe['nn_mean_s']),
                                      ('nn_cv', cov['nn_cv'], pe['nn_cv']),
                                      ('gap_p99_s', cov['gap_p99_s'], pe['gap_p99_s'])):
                if abs(mine - theirs) > 0.01 * abs(theirs) + 0.0005:
                    bad.append('audit %s %.4f, planeval %.4f' % (key, mine, theirs))
            print('%-14s %4g %6d %+8.3f %7.3f %6.3f %7.3f | %+8.3f %7.4f %6.4f %7.4f %+6.2f%%' % (label, s, pe['n'], count,
                  pe['nn_mean_s'], pe['nn_cv'], pe['gap_p99_s'], cov['count_ratio'] - 1, cov['nn_mean_s'], cov['nn_cv'],
                  cov['gap_p99_s'], 100 * vs_up) + ('  SHORTFALL: ' + '; '.join(short) if short else '')
                  + ('  FAIL: ' + '; '.join(bad) if bad else ''), flush=True)
            fail = fail or bool(bad)
if not fail: print('whole-scan acceptance: all held (see SHORTFALL lines for criteria below the contract)')
sys.exit(1 if fail else 0)
PY
