#!/usr/bin/python3
"""Acceptance of plans on a scan through landmarks (issue #8), on the ICT faces of ../shared.

usage: landmarks_ict.py MESOGRID SHARED WORKDIR
For each ICT face (neutral, id00) and each variant (as given, in mm; turned by a random rotation, moved and
scaled to cm, written here with a fixed seed), runs the mesogrid binary with --landmarks and checks, in the
face's own frame (+y up, +x the subject's left):
  - left/right transferred region areas within 10% of each other (regions --format json);
  - the forehead lies above the brow landmarks (17-26): every site of a dense forehead plan (nappage, 3 mm,
    margin 0) is above the brow line at its x, less 1.5 mm (the ICT triangles are ~2-3 mm);
  - cheek sites lie between the eye and mouth landmark heights: below the eye line (mean height of the eye
    landmarks 36-47) and above the mouth line (mean of 48-67); those under the eyes (medial to the outer eye
    corners) below the lowest eye landmark, and all above the highest mouth landmark;
  - no site of a whole-face nappage plan (region all) inside the eye polygons (36-41, 42-47) or the outer
    lip polygon (48-59), seen from the front, or within 3 mm (eyes) / 1 mm (lips) of their edges in 3D;
  - the variant gives the same figures as the face as given (areas within 1%, site counts within 3%).
Prints one line of figures per face and variant; exit 0 when every check passes, 1 otherwise.
"""
import csv, json, os, subprocess, sys
import numpy as np

mesogrid, shared, work = sys.argv[1:4]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def run(*args):
    p = subprocess.run([mesogrid, *args, "-q"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("FAIL: mesogrid %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return p.stdout


def sites(mesh, lm, extra, region, *args):
    out = run("plan", "--mesh", mesh, "--landmarks", lm, *extra, "--region", region, "--format", "csv", *args)
    rows = list(csv.DictReader(out.splitlines()))
    return np.array([[float(r["x_mm"]), float(r["y_mm"]), float(r["z_mm"])] for r in rows]).reshape(-1, 3)


def random_rotation(rng):
    q = rng.normal(size=4)
    a, b, c, d = q / np.linalg.norm(q)
    return np.array([[a*a+b*b-c*c-d*d, 2*(b*c-a*d), 2*(b*d+a*c)],
                     [2*(b*c+a*d), a*a-b*b+c*c-d*d, 2*(c*d-a*b)],
                     [2*(b*d-a*c), 2*(c*d+a*b), a*a-b*b-c*c+d*d]])


def inside(poly, q):  # even-odd rule in the plane
    n, c = len(poly), False
    for i in range(n):
        a, b = poly[i], poly[i - 1]
        if (a[1] > q[1]) != (b[1] > q[1]) and q[0] < (b[0] - a[0]) * (q[1] - a[1]) / (b[1] - a[1]) + a[0]:
            c = not c
    return c


def edge_distance(poly3, p):  # 3D distance to a closed polygon's edges
    best = np.inf
    for i in range(len(poly3)):
        a, b = poly3[i - 1], poly3[i]
        ab = b - a
        t = np.clip(np.dot(p - a, ab) / np.dot(ab, ab), 0, 1)
        best = min(best, np.linalg.norm(a + t * ab - p))
    return best


def brow_height(B, x):  # brow line (landmarks 17-26) at lateral position x; the end heights beyond its ends
    o = np.argsort(B[:, 0])
    return np.interp(x, B[o, 0], B[o, 1])


results = {}
for face, seed in (("neutral", 8), ("id00", 9)):
    mesh = os.path.join(shared, "meshes/ict/ict_face_%s.obj" % face)
    lmfile = os.path.join(shared, "meshes/ict/ict_face_%s_landmarks68.csv" % face)
    L = np.loadtxt(lmfile, delimiter=",", skiprows=1)
    rng = np.random.default_rng(seed)
    R, t = random_rotation(rng), rng.uniform(-80, 80, 3)
    # the variant: rotated, moved, in cm (mesh and landmarks, the landmark file without units: it follows --units cm)
    vmesh, vlm = os.path.join(work, "%s_rot_cm.obj" % face), os.path.join(work, "%s_rot_cm_landmarks.csv" % face)
    with open(mesh) as src, open(vmesh, "w") as dst:
        for line in src:
            if line.startswith("v "):
                p = R @ np.array([float(x) for x in line.split()[1:4]]) + t
                dst.write("v %.6f %.6f %.6f\n" % tuple(p / 10))
            else:
                dst.write(line)
    np.savetxt(vlm, ((R @ L.T).T + t) / 10, delimiter=",", header="x,y,z", comments="", fmt="%.6f")
    for variant, m, lm, extra, back in (
            ("as given", mesh, lmfile, [], lambda P: P),
            ("rotated+cm", vmesh, vlm, ["--units", "cm"], lambda P: (R.T @ (P - t).T).T)):
        tag = "%s %s" % (face, variant)
        reg = json.loads(run("regions", "--mesh", m, "--landmarks", lm, *extra, "--format", "json"))
        fit = reg["landmark_fit"]
        area = {r["name"]: r["area_cm2"] for r in reg["regions"]}
        ratios = {}
        for stem in ("temple", "periorbital", "cheek", "nasolabial", "jawline"):
            a, b = area[stem + "_left"], area[stem + "_right"]
            ratios[stem] = abs(a - b) / max(a, b)
            check(ratios[stem] <= 0.10,
                  "%s: %s left %.2f vs right %.2f cm2 differ by more than 10%%" % (tag, stem, a, b))
        # forehead above the brow landmarks
        F = back(sites(m, lm, extra, "forehead", "--technique", "nappage", "--spacing", "3", "--margin", "0"))
        above = F[:, 1] - brow_height(L[17:27], F[:, 0])
        check(len(F) > 100 and above.min() >= -1.5,
              "%s: forehead site %.2f mm below the brow line" % (tag, -above.min()))
        Fd = back(sites(m, lm, extra, "forehead"))
        check((Fd[:, 1] > brow_height(L[17:27], Fd[:, 0])).all(),
              "%s: a default forehead site below the brow line" % tag)
        # cheeks between the eye and mouth landmark heights
        C = back(sites(m, lm, extra, "cheeks", "--technique", "nappage", "--spacing", "3"))
        eye_line, mouth_line = L[36:48, 1].mean(), L[48:68, 1].mean()
        eye_low, mouth_high = L[36:48, 1].min(), L[48:68, 1].max()
        under = np.abs(C[:, 0]) < np.abs(L[[36, 45], 0]).min()  # under the eyes: medial to the outer eye corners
        check(len(C) > 50 and C[:, 1].max() < eye_line and C[:, 1].min() > mouth_line,
              "%s: cheek sites from y %.1f to %.1f, outside the eye line %.1f and mouth line %.1f"
              % (tag, C[:, 1].min(), C[:, 1].max(), eye_line, mouth_line))
        check(under.any() and C[under, 1].max() < eye_low and C[:, 1].min() > mouth_high,
              "%s: cheek sites under the eye up to y %.1f (lowest eye landmark %.1f) or down to %.1f (highest mouth "
              "landmark %.1f)" % (tag, C[under, 1].max(), eye_low, C[:, 1].min(), mouth_high))
        # nothing in the eyes or on the red lip
        A = back(sites(m, lm, extra, "all", "--technique", "nappage"))
        polys = [("eye_right", L[36:42], 3.0), ("eye_left", L[42:48], 3.0), ("lips", L[48:60], 1.0)]
        worst = {}
        for name, P, margin in polys:
            n_in = sum(inside(P[:, :2], q[:2]) for q in A)
            d = min(edge_distance(P, q) for q in A)
            worst[name] = d
            check(n_in == 0 and d >= margin, "%s: %d sites inside the %s polygon, nearest %.2f mm from it (margin %.1f)"
                  % (tag, n_in, name, d, margin))
        results[tag] = (area, len(F), len(C), len(A))
        print("%-20s fit RMS %.2f mm (groups %s), scale %.3f | L/R area diff %s | forehead %d sites, min %.2f mm "
              "above brows | cheeks %d sites, y %.1f..%.1f (eye line %.1f, mouth line %.1f; under the eye <= %.1f, "
              "lowest eye landmark %.1f; highest mouth landmark %.1f) | all %d sites, nearest eye %.2f/%.2f mm, "
              "lips %.2f mm" % (tag, fit["rms_similarity_mm"],
                                 " ".join("%s %.1f" % (g["name"], g["rms_similarity_mm"]) for g in fit["groups"]),
                                 fit["scale"], " ".join("%s %.1f%%" % (k, 100 * v) for k, v in ratios.items()),
                                 len(F), above.min(), len(C), C[:, 1].min(), C[:, 1].max(), eye_line, mouth_line,
                                 C[under, 1].max(), eye_low, mouth_high,
                                 len(A), worst["eye_right"], worst["eye_left"], worst["lips"]))
    a0, f0, c0, all0 = results["%s as given" % face]
    a1, f1, c1, all1 = results["%s rotated+cm" % face]
    for k in a0:
        check(abs(a0[k] - a1[k]) <= 0.01 * max(a0[k], 0.5),
              "%s: region %s %.2f cm2 as given, %.2f rotated+cm" % (face, k, a0[k], a1[k]))
    for what, x, y in (("forehead", f0, f1), ("cheeks", c0, c1), ("all", all0, all1)):
        check(abs(x - y) <= 0.03 * x, "%s: %s plan has %d sites as given, %d rotated+cm" % (face, what, x, y))

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
