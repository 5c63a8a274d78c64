#!/usr/bin/python3
"""Open3D anchor of bench/compare.sh: load MESH, Poisson-disk sample COUNT points; prints
"load_s sample_s" (in-process wall times; interpreter start-up and import are not counted)."""
import sys, time
import open3d as o3d

mesh_path, count = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
mesh = o3d.io.read_triangle_mesh(mesh_path)
t1 = time.perf_counter()
pcd = mesh.sample_points_poisson_disk(number_of_points=count)
t2 = time.perf_counter()
print("%.4f %.4f" % (t1 - t0, t2 - t1))
