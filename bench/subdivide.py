#!/usr/bin/python3
"""bench/compare.sh helper: OBJ -> binary PLY (float x y z, list uchar int), Loop-subdivided LEVEL times
with Open3D (the ICT neutral face subdivided 3 times is ../shared's ict_face_sub3.ply)."""
import sys
import numpy as np
import open3d as o3d

src, level, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = o3d.io.read_triangle_mesh(src)
if level > 0:
    m = m.subdivide_loop(number_of_iterations=level)
V = np.asarray(m.vertices, dtype="<f4")
F = np.asarray(m.triangles, dtype="<i4")
rec = np.empty(len(F), dtype=[("n", "u1"), ("i", "<i4", 3)])
rec["n"] = 3
rec["i"] = F
with open(out, "wb") as f:
    f.write(("ply\nformat binary_little_endian 1.0\nelement vertex %d\nproperty float x\nproperty float y\n"
             "property float z\nelement face %d\nproperty list uchar int vertex_indices\nend_header\n"
             % (len(V), len(F))).encode())
    f.write(V.tobytes())
    f.write(rec.tobytes())
