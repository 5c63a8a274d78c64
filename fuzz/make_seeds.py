#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ from the test meshes
(tests/data/io, tests/data/cli, tests/malformed) plus a few generated binary PLY/STL files like the
ones tests/io/test_ply.cpp and test_stl.cpp build. Run from anywhere; idempotent."""
import os, shutil, struct, glob

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
out = os.path.join(here, "corpus")

def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def tests_files():
    files = sorted(glob.glob(os.path.join(root, "tests/data/io/*")))
    files += [os.path.join(root, "tests/data/cli/garbage.obj")]
    files += sorted(f for f in glob.glob(os.path.join(root, "tests/malformed/*"))
                    if not f.endswith((".tsv", ".sh", ".md", ".cmake", ".py")) and os.path.isfile(f))
    return files

def kind(data):
    s = data.lstrip(b"\xef\xbb\xbf")
    if s.startswith(b"ply"):
        return "ply_binary" if b"binary_" in s[:400] else "ply_ascii"
    if s.lstrip().startswith(b"solid") and b"facet" in s:
        return "stl_ascii"
    if b"OFF" in s[:16]:
        return "off"
    try:
        s.decode("utf-8")
        return "obj"
    except UnicodeDecodeError:
        return "stl_binary"

def stl_binary(tris, header=b"binary"):
    b = header.ljust(80, b" ") + struct.pack("<I", len(tris))
    for t in tris:
        b += struct.pack("<3f", 0, 0, 0) + struct.pack("<9f", *t) + b"\0\0"
    return b

def ply_binary(big, t, fmt):
    e = ">" if big else "<"
    h = b"ply\nformat %s 1.0\ncomment label 5 cheek\n" % (b"binary_big_endian" if big else b"binary_little_endian")
    h += (b"element vertex 5\nproperty float nx\nproperty %s x\nproperty %s y\nproperty %s z\nproperty uchar red\n"
          % (t, t, t))
    h += b"element edge 2\nproperty int vertex1\nproperty int vertex2\nproperty list ushort short extra\n"
    h += b"element face 2\nproperty list uchar int vertex_indices\nproperty int label\nend_header\n"
    pts = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0.5, 1.5, 0)]
    b = b""
    for p in pts:
        b += struct.pack(e + "f", 9) + struct.pack(e + "3" + fmt, *[type_cast(fmt, c * 100) for c in p]) + b"\xc8"
    for i in range(2):
        b += struct.pack(e + "iiHhh", i, i + 1, 2, 7, 8)
    b += struct.pack(e + "B4ii", 4, 0, 1, 2, 3, 5) + struct.pack(e + "B3ii", 3, 3, 2, 4, 9)
    return h + b

def type_cast(fmt, v):
    return v if fmt in "fd" else int(v)

if os.path.isdir(out):
    shutil.rmtree(out)
tri = [(0, 0, 0, 100, 0, 0, 0, 100, 0), (100, 0, 0, 100, 100, 0, 0, 100, 0), (0, 0, 0, 0, 100, 0, 0, 0, 100)]
for f in tests_files():
    data = open(f, "rb").read()
    if len(data) > 20000:
        continue
    k = kind(data)
    base = os.path.basename(f)
    put(k, base, data)
    put("mesh", base, bytes([0]) + data)
    if k == "ply_binary":
        put("ply_binary", base, data)
stls = {"two.stl": stl_binary(tri[:2]), "three.stl": stl_binary(tri), "solid.stl": stl_binary(tri, b"solid x"),
        "cut.stl": stl_binary(tri)[:-20], "long.stl": stl_binary(tri) + b"xyz"}
for n, d in stls.items():
    put("stl_binary", n, bytes([1]) + d)
    put("mesh", n, bytes([2]) + d)
for big in (False, True):
    for t, fmt in ((b"float", "f"), (b"double", "d"), (b"short", "h"), (b"uint", "I")):
        d = ply_binary(big, t, fmt)
        n = "%s_%s.ply" % ("be" if big else "le", t.decode())
        put("ply_binary", n, d)
        put("mesh", n, bytes([1]) + d)
# fixed-header form of fuzz_ply_binary: byte 0 header, 1-4 counts, then the body
square_le = struct.pack("<12f", 0, 0, 0, 100, 0, 0, 100, 100, 0, 0, 100, 0) + struct.pack("<B4i", 4, 0, 1, 2, 3)
put("ply_binary", "h0_square", bytes([0, 4, 0, 1, 0]) + square_le)
square_be = struct.pack(">12d", 0, 0, 0, 100, 0, 0, 100, 100, 0, 0, 100, 0) + struct.pack(">B3Ii", 3, 0, 1, 2, 7)
put("ply_binary", "h1_tri", bytes([1, 4, 0, 1, 0]) + square_be)
h2 = struct.pack("<i2B", 2, 1, 2) * 2
h2 += b"".join(struct.pack("<B3h", 1, *v) for v in ((0, 0, 0), (0, 0, 100), (0, 100, 0)))
h2 += struct.pack("<ii3i", 1, 3, 0, 1, 2)
put("ply_binary", "h2_extra", bytes([2, 3, 0, 1, 0]) + h2)
h3 = struct.pack(">H3H", 3, 0, 1, 2)
h3 += b"".join(struct.pack(">3fd", *v, 1.0) for v in ((0, 0, 0), (100, 0, 0), (0, 100, 0)))
h3 += struct.pack(">3f", 1, 2, 3)
put("ply_binary", "h3_face_first", bytes([3, 3, 0, 1, 0]) + h3)
for i, s in enumerate(["15", "15mm", "1.5cm", "0.01m", " 15 mm ", "0.03ml", "30ul", "30\xb5l", "30\u03bcl", "0.03cc",
                       "45deg", "45\xb0", "30/min", "100000", "+1e-3", "auto", "CM", "1e308m", "-0", "nan", "0x10"]):
    put("units", "u%02d" % i, s.encode("utf-8"))

texts = {
    "off": {"tri.off": b"OFF\n4 2 0\n0 0 0\n100 0 0\n100 100 0\n0 100 0\n3 0 1 2\n4 0 1 2 3 255 0 0\n",
            "counts_next.off": b"# c\nOFF\n\n3 1 3\n0 0 0 # a\n1 0 0\n0 1 0\n3 0 1 2\n",
            "coff.off": b"COFF 3 1 0\r\n0 0 0 1 1 1 1\r\n10 0 0 1 1 1 1\r\n0 10 0 1 1 1 1\r\n3 2 1 0\r\n"},
    "ply_ascii": {
        "min.ply": b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
                   b"element face 1\nproperty list uchar int vertex_indices\nend_header\n"
                   b"0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n",
        "face_first.ply": b"ply\r\nformat ascii 1.0\r\nelement face 1\r\nproperty list uchar uint vertex_index\r\n"
                          b"property uchar label\r\nelement vertex 4\r\nproperty double z\r\nproperty double y\r\n"
                          b"property double x\r\nend_header\r\n"
                          b"4 0 1 2 3 1\r\n0 0 0\r\n0 0 1e2\r\n0 100 100\r\n0 100 0\r\n"},
    "stl_ascii": {"one.stl": b"solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\n"
                             b"endloop\nendfacet\nendsolid a\n",
                  "quad.stl": b"solid\r\n facet normal 0 0 1\r\n  outer loop\r\n   vertex 0 0 0\r\n   vertex 1 0 0\r\n"
                              b"   vertex 1 1 0\r\n   vertex 0 1 0\r\n  endloop\r\n endfacet\r\nendsolid\r\n"},
}
for k, files in texts.items():
    for n, d in files.items():
        put(k, n, d)
        put("mesh", n, bytes([4]) + d)

# manifest (fuzz_manifest): byte 0 even = CSV, odd = JSON Lines
put("manifest", "csv1", b"\0name,mesh,technique,spacing\nA,face.obj,nappage,1.5cm\n\"b \"\"q\"\"\",x.ply,,\n")
put("manifest", "jsonl1",
    b'\x01{"name":"a","mesh":"f.obj","spacing":"15mm"}\n{"name":"b","volume":0.03,"exclude":"lips;eyes"}\n')
put("manifest", "csv_crlf_bom", b'\0\xef\xbb\xbfname,region,exclude\r\nx,forehead,"lips;nose"\r\n\r\ny,chin,\r\n')
ex = os.path.join(root, "examples/batch/manifest.csv")
if os.path.exists(ex):
    put("manifest", "example_manifest.csv", b"\0" + open(ex, "rb").read())

# landmark CSV (fuzz_landmarks_csv) and JSON (fuzz_landmarks_json): byte 0 = the asked set (0 none, 1 ibug68,
# 2 mediapipe468)
import math
pts = [(60 * math.cos(i / 68 * 6.283), 40 * math.sin(i / 68 * 6.283), 10 * math.sin(i)) for i in range(68)]
put("landmarks_csv", "ibug68_rows", b"\0" + "".join("%.3f,%.3f,%.3f\n" % p for p in pts).encode())
put("landmarks_csv", "named_header", b"\0name,x_mm,y_mm,z_mm\njaw_0,-60,0,0\njaw_16,60,0,0\nnose_30,0,-10,20\n")
put("landmarks_csv", "indexed", b"\x01index;x;y;z\n0;-60;0;0\n16;60;0;0\n30;0;-10;20\n36;-40;20;5\n")
put("landmarks_json", "points", b'\0{"landmark_set": "ibug68", "units": "mm", "points": {"jaw_0": [-60, 0, 0], '
    b'"jaw_16": [60, 0, 0], "nose_30": [0, -10, 20], "eye_left_3": [30, 20, 5]}}')
put("landmarks_json", "overflow", b'\0{"points": {"jaw_0": [1e400, 0, 0]}}')
# polygon triangulator (fuzz_triangulate): pairs of bytes are corners (x, y) mod 32
star = []
for i in range(40):
    r = 15 if i % 2 == 0 else 6
    star += [int(16 + r * math.cos(i * math.pi / 20)) % 256, int(16 + r * math.sin(i * math.pi / 20)) % 256]
put("triangulate", "star20", bytes(star))
put("triangulate", "square", bytes([0, 0, 10, 0, 10, 10, 0, 10]))
put("triangulate", "bowtie", bytes([0, 0, 10, 10, 10, 0, 0, 10]))
print("seeds:", {d: len(os.listdir(os.path.join(out, d))) for d in sorted(os.listdir(out))})
