#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages mesogrid needs, only those not installed yet, without prompts.
# Uses sudo only when not root. Run by scripts/build.sh, scripts/test.sh and (with --fuzz) fuzz/run.sh.
set -euo pipefail
# --fuzz: also clang and its libFuzzer/ASan runtimes, for fuzz/run.sh (not needed to build or test).
# --bench: also the anchors and tools of bench/compare.sh (Open3D, MeshLab under a virtual X server,
#          hyperfine); never needed to build or test, so CI does not install them.
# parallel: GNU parallel, for examples/batch/run.sh (sharded batch) and its test cli_batch_example.
# librsvg2-bin: rsvg-convert, the real SVG renderer of the map test cli_svg_render and examples/maps/regenerate.sh.
# poppler-utils: pdftoppm and pdftotext, an independent PDF reader for the map tests (cli_pdf_outputs, cli_pdf_pages).
# libtinygltf-dev: -o plan.glb (glTF 2.0 binary 3D scene), the maintained glTF library Debian ships.
# librsvg2-dev, libcairo2-dev: --format pdf renders the SVG maps with librsvg onto a cairo PDF surface (optional at
# build).
# libdlib-dev, libdlib-data: --landmarks auto, dlib's face detector and its 68-point landmark model (optional at
# build).
# libstb-dev: scan textures (OBJ + MTL map_Kd, PNG/JPEG) decoded by stb_image (optional at build).
pkgs=(cmake g++ make libeigen3-dev libcli11-dev libfmt-dev nlohmann-json3-dev doctest-dev python3 python3-numpy
  python3-scipy parallel librsvg2-bin poppler-utils librsvg2-dev libcairo2-dev libtinygltf-dev libdlib-dev libdlib-data libstb-dev)
[ "${1:-}" != --fuzz ] || pkgs+=(clang libclang-rt-14-dev)
[ "${1:-}" != --bench ] || pkgs+=(python3-open3d meshlab xvfb xauth hyperfine time)
missing=()
for p in "${pkgs[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q </dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi
