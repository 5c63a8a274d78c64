#!/usr/bin/env python3
"""Writes the checked-in files of tests/malformed/ (run it after changing a case; expected.tsv is
edited by hand). Cases too big to check in (10 MB line, 5 GB sparse file, directory, missing file,
unreadable file) are made at test time by malformed.sh (rows starting with '@' in expected.tsv)."""
import os, struct

here = os.path.dirname(os.path.abspath(__file__))

def w(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)

SQ = "v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\n"
PLY_ASCII_HEAD = ("ply\nformat ascii 1.0\nelement vertex {nv}\nproperty float x\nproperty float y\nproperty float z\n"
                  "element face {nf}\nproperty list uchar int vertex_indices\nend_header\n")
SQ_PLY = PLY_ASCII_HEAD.format(nv=4, nf=2) + "0 0 0\n100 0 0\n100 100 0\n0 100 0\n3 0 1 2\n3 0 2 3\n"
SQ_OFF = "OFF\n4 2 0\n0 0 0\n100 0 0\n100 100 0\n0 100 0\n3 0 1 2\n3 0 2 3\n"
TRIS = [(0, 0, 0, 100, 0, 0, 100, 100, 0), (0, 0, 0, 100, 100, 0, 0, 100, 0)]

def stl_bin(tris, count=None, header=b"mesogrid malformed corpus"):
    b = header.ljust(80, b" ") + struct.pack("<I", len(tris) if count is None else count)
    for t in tris:
        b += struct.pack("<3f", 0, 0, 1) + struct.pack("<9f", *t) + b"\0\0"
    return b

def ply_bin(nv=4, nf=2, verts=None, faces=None, big=False, count_t="uchar", idx_t="int"):
    e = ">" if big else "<"
    h = ("ply\nformat %s 1.0\nelement vertex %d\nproperty float x\nproperty float y\nproperty float z\n"
         "element face %d\nproperty list %s %s vertex_indices\nend_header\n"
         % ("binary_big_endian" if big else "binary_little_endian", nv, nf, count_t, idx_t)).encode()
    verts = verts if verts is not None else [(0, 0, 0), (100, 0, 0), (100, 100, 0), (0, 100, 0)]
    faces = faces if faces is not None else [(0, 1, 2), (0, 2, 3)]
    b = b"".join(struct.pack(e + "3f", *v) for v in verts)
    cf = {"uchar": "B", "int": "i", "uint": "I"}[count_t]
    fi = {"int": "i", "uint": "I"}[idx_t]
    for f in faces:
        b += struct.pack(e + cf + "%d%s" % (len(f), fi), len(f), *f)
    return h + b

# ---- empty, blank, unknown content ----
w("empty.obj", b"")
w("blank_and_comments.obj", "\n   \n# exported by nothing\n\t\n")
w("binary_garbage.obj", bytes(range(256)) * 2)
w("text_garbage.ply", "hello, this is not a mesh\n")
w("short_binary.stl", b"\x00\x01\x02 not a full STL header")
# ---- truncated binary PLY / STL ----
full = ply_bin()
w("truncated_vertices.ply", full[: full.index(b"end_header\n") + 11 + 30])
w("truncated_faces.ply", full[:-3])
w("truncated_triangles.stl", stl_bin(TRIS)[:-20])
w("truncated_header_only.stl", stl_bin([], count=1000))
# ---- header counts far beyond the file size (must not allocate) ----
w("huge_vertex_count.ply", ply_bin(nv=2_000_000_000))
w("huge_face_count_ascii.ply",
  PLY_ASCII_HEAD.format(nv=4, nf=1_500_000_000) + "0 0 0\n100 0 0\n100 100 0\n0 100 0\n3 0 1 2\n")
w("huge_counts.off", "OFF\n1000000000 1000000000 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")
w("huge_triangle_count.stl", stl_bin(TRIS, count=4_000_000_000))
w("huge_list_length.ply",
  ply_bin(count_t="uint", faces=[(0, 1, 2)], nf=1)[:-16] + struct.pack("<I3i", 3_000_000_000, 0, 1, 2))
w("elements_over_limit.ply", PLY_ASCII_HEAD.format(nv=25_000_000, nf=1) + "0 0 0\n")
# ---- non-finite coordinates ----
w("nan_coordinate.obj", SQ.replace("v 100 0 0", "v 100 nan 0") + "f 1 2 3\nf 1 3 4\n")
w("inf_coordinate.obj", SQ.replace("v 0 100 0", "v 0 -inf 0") + "f 1 2 3\nf 1 3 4\n")
w("overflow_coordinate.obj", SQ.replace("v 100 100 0", "v 1e999 100 0") + "f 1 2 3\nf 1 3 4\n")
w("nan_coordinate.off", SQ_OFF.replace("100 100 0", "100 NaN 0"))
w("inf_coordinate_ascii.ply", SQ_PLY.replace("100 0 0\n", "100 0 inf\n"))
w("nan_coordinate_binary.ply", ply_bin(verts=[(0, 0, 0), (100, float("nan"), 0), (100, 100, 0), (0, 100, 0)]))
w("inf_coordinate_binary.stl", stl_bin([TRIS[0], (0, 0, 0, float("inf"), 100, 0, 0, 100, 0)]))
w("nan_coordinate_ascii.stl", "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 100 nan 0\n"
                               "vertex 0 100 0\nendloop\nendfacet\nendsolid t\n")
# ---- indices out of range, zero, negative ----
w("index_out_of_range.obj", SQ + "f 1 2 3\nf 1 3 99\n")
w("index_zero.obj", SQ + "f 0 1 2\n")
w("index_negative_beyond.obj", SQ + "f 1 2 3\nf -1 -2 -9\n")
w("index_huge.obj", SQ + "f 1 2 99999999999999999999\n")
w("index_out_of_range.off", SQ_OFF.replace("3 0 2 3", "3 0 2 4"))
w("index_negative.off", SQ_OFF.replace("3 0 2 3", "3 0 -1 3"))
w("index_out_of_range_ascii.ply", SQ_PLY.replace("3 0 2 3", "3 0 2 7"))
w("index_negative_binary.ply", ply_bin(faces=[(0, 1, 2), (0, -5, 3)]))
w("index_out_of_range_binary_be.ply", ply_bin(faces=[(0, 1, 2), (0, 2, 1000)], big=True))
# ---- faces with fewer than 3 vertices ----
w("face_two_vertices.obj", SQ + "f 1 2 3\nf 1 2\n")
w("face_one_vertex.off", SQ_OFF.replace("3 0 2 3", "1 0"))
w("face_two_vertices_ascii.ply", SQ_PLY.replace("3 0 2 3", "2 0 2"))
w("face_zero_vertices_binary.ply", ply_bin(faces=[(0, 1, 2), ()]))
w("facet_two_vertices.stl", "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 100 0 0\n"
                             "endloop\nendfacet\nendsolid t\n")
# ---- no usable triangles ----
w("only_vertices.obj", SQ + "l 1 2\np 3\n")
w("point_cloud.ply",
  PLY_ASCII_HEAD.format(nv=4, nf=0).replace("element face 0\nproperty list uchar int vertex_indices\n", "")
  + "0 0 0\n100 0 0\n100 100 0\n0 100 0\n")
w("all_degenerate_repeated.obj", SQ + "f 1 1 2\nf 3 4 4\n")
w("all_degenerate_collinear.off", "OFF\n3 1 0\n0 0 0\n50 0 0\n100 0 0\n3 0 1 2\n")
w("all_degenerate_welded.stl", stl_bin([(0, 0, 0, 0, 0, 0, 100, 0, 0)] * 2))
# ---- broken headers / tokens ----
w("ply_no_end_header.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n")
w("ply_unknown_format.ply", "ply\nformat binary_middle_endian 1.0\nend_header\n")
w("ply_bad_property_type.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty real x\nend_header\n")
w("ply_vertex_without_z.ply", SQ_PLY.replace("property float z\n", "").replace(" 0\n", "\n", 4))
w("off_4d.off", "4OFF\n3 1 0\n0 0 0 0\n1 0 0 0\n0 1 0 0\n3 0 1 2\n")
w("off_binary.off", "OFF BINARY\n" + "\0" * 40)
w("off_fewer_vertices_than_declared.off", "OFF\n5 1 0\n0 0 0\n100 0 0\n0 100 0\n3 0 1 2\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n")
w("off_more_faces_than_declared.off", SQ_OFF.replace("4 2 0", "4 1 0") + "# end\n")  # the second face dropped unseen
w("obj_bad_coordinate.obj", SQ.replace("v 100 100 0", "v 100 1OO 0") + "f 1 2 3\n")
w("obj_missing_coordinate.obj", SQ.replace("v 100 100 0", "v 100 100") + "f 1 2 3\n")
w("obj_bad_index_token.obj", SQ + "f 1 2 x3\n")
FACET = "facet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 100 0 0\nvertex 100 100 0\nendloop\nendfacet\n"
w("stl_ascii_truncated.stl", "solid t\n" + FACET + "facet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 0 100 0\n")
w("stl_ascii_no_endsolid.stl", "solid t\n" + FACET)  # cut after a whole facet: the rest of the mesh is missing
w("stl_ascii_bad_vertex.stl", "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 100 0\n"
                               "vertex 0 100 0\nendloop\nendfacet\nendsolid t\n")
w("ply_ascii_truncated.ply", SQ_PLY[:-9])
# ---- valid but unusual: exit 0 with a note ----
w("nonmanifold_fan.obj", SQ + "v 50 50 50\nv 50 50 -50\nf 1 2 3\nf 1 3 4\nf 1 3 5\nf 3 1 6\n")
w("crlf.obj", (SQ + "f 1 2 3\nf 1 3 4\n").replace("\n", "\r\n"))
w("mixed_line_endings.off", "OFF\r\n4 2 0\n0 0 0\r100 0 0\r\n100 100 0\n0 100 0\r3 0 1 2\n3 0 2 3\r\n")
w("bom.obj", "\ufeff" + SQ + "f 1 2 3\nf 1 3 4\n")
w("bom_crlf.ply", "\ufeff" + SQ_PLY.replace("\n", "\r\n"))
w("ply_content.obj", SQ_PLY)
w("obj_content.stl", SQ + "f 1 2 3 4\n")
w("binary_stl_content.ply", stl_bin(TRIS))
w("off_content.ply", SQ_OFF)
w("binary_stl_starting_with_solid.stl", stl_bin(TRIS, header=b"solid but binary"))
w("duplicate_and_degenerate.obj", SQ + "v 100 0 0\nf 1 2 3\nf 1 3 4\nf 1 5 2\n")
w("binary_stl_trailing_bytes.stl", stl_bin(TRIS) + b"\0" * 7)
w("binary_stl_count_too_small.stl", stl_bin(TRIS, count=1))  # the second triangle would be dropped unseen
# ---- 32-bit float coordinates far from the origin: steps of 0.5 m at 5,432 km (a scan in metres at map
# coordinates) leave nothing of a 10 cm square, steps of 64 mm at 1,000 km little of a 100 mm one; steps of 1 mm
# at 10 km are a warning ----
w("float32_far_from_origin.ply",
  ply_bin(verts=[(0, 5432100, 0), (0.1, 5432100, 0), (0.1, 5432100.1, 0), (0, 5432100.1, 0)]))
w("float32_far_from_origin.stl", stl_bin([tuple(c + (1e9 if k % 3 == 0 else 0) for k, c in enumerate(t)) for t in TRIS]))
w("float32_coarse_steps.ply",
  ply_bin(verts=[(1e7, 0, 0), (1e7 + 200, 0, 0), (1e7 + 200, 200, 0), (1e7, 200, 0)]))
# ---- polygons: crossing ones refused (the concave ones are triangulated: tests/io/test_triangulate.cpp) ----
w("polygon_bowtie.obj", "v 0 0 0\nv 100 100 0\nv 100 0 0\nv 0 100 0\nf 1 2 3 4\n")
w("polygon_pentagram.obj", "v 50 100 0\nv 79.4 9.5 0\nv 2.4 65.5 0\nv 97.6 65.5 0\nv 20.6 9.5 0\nf 1 2 3 4 5\n")
# ---- strict ASCII PLY: one element per line, exact values, nothing after the last element ----
w("ply_two_vertices_one_line.ply", SQ_PLY.replace("0 0 0\n100 0 0\n", "0 0 0 100 0 0\n"))
w("ply_extra_value_in_face.ply", SQ_PLY.replace("3 0 1 2\n", "3 0 1 2 3\n"))
w("ply_row_after_elements.ply", SQ_PLY + "3 1 2 3\n")
w("ply_junk_after_elements.ply", SQ_PLY + "junk\n")
w("ply_second_vertex_element.ply", SQ_PLY.replace("element face", "element vertex 0\nelement face"))
# ---- OFF faces listing fewer corners than they declare (a face split over two lines), or more than the mesh has ----
w("off_face_fewer_corners.off", SQ_OFF.replace("3 0 1 2\n", "3 0 1\n2\n"))
w("off_face_more_corners_than_vertices.off", SQ_OFF.replace("3 0 1 2\n", "5 0 1 2 3 0\n"))
# ---- OBJ texture indices naming no vt (the file has none): a note with the first line; normals are never read ----
w("obj_vt_index_without_vt.obj", SQ + "f 1/99 2/99 3/99\nf 1//99 3//99 4//99\n")
# ---- ASCII PLY values outside their declared type (a uchar colour of 300 or -1): refused, naming the range ----
PLY_RED = SQ_PLY.replace("property float z\n", "property float z\nproperty uchar red\n")
w("ply_ascii_uchar_300.ply", PLY_RED.replace("0 0 0\n100 0 0\n100 100 0\n0 100 0\n", "0 0 0 300\n100 0 0 1\n100 100 0 2\n0 100 0 0\n"))
w("ply_ascii_uchar_negative.ply", PLY_RED.replace("0 0 0\n100 0 0\n100 100 0\n0 100 0\n", "0 0 0 0\n100 0 0 -1\n100 100 0 2\n0 100 0 0\n"))
# ---- text (64-bit) coordinates far from the origin: the float32 rule with 53 bits (1 mm steps: a warning) ----
w("doubles_far_from_origin.obj", "".join("v %d %d 0\n" % (1e17 + x, y) for x, y in ((0, 0), (100, 0), (100, 100), (0, 100)))
  + "f 1 2 3\nf 1 3 4\n")
w("doubles_coarse_steps.obj", "".join("v %d %d 0\n" % (5e15 + x, y) for x, y in ((0, 0), (200, 0), (200, 200), (0, 200)))
  + "f 1 2 3\nf 1 3 4\n")
