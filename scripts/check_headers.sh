#!/usr/bin/env bash
# Compiles every header of include/mesogrid/ alone (g++ -fsyntax-only), header-only and declare-only
# (MESOGRID_SEPARATE_COMPILATION), so that each one includes what it uses: a library user may include any of
# them first. The build never does this (it includes them in a fixed order); a few minutes of CPU.
#   scripts/check_headers.sh        prints each header that fails, with its first errors; exit 1 if any
set -euo pipefail
cd "$(dirname "$0")/../include"
cxx="${CXX:-g++}"
check() {
  local h=$1 mode
  for mode in "" -DMESOGRID_SEPARATE_COMPILATION; do
    # shellcheck disable=SC2086
    if ! err=$(printf '#include <%s>\n' "$h" | "$cxx" -std=c++17 -Wall -Wextra -Wpedantic $mode -I. \
      -isystem /usr/include/eigen3 -x c++ -fsyntax-only - 2>&1); then
      printf 'FAIL %s %s\n%s\n' "$h" "$mode" "$(head -5 <<<"$err")"
      return 1
    fi
  done
}
export -f check
export cxx
find mesogrid -name '*.hpp' ! -name '*-inl.hpp' | sort |
  xargs -P "$(nproc 2>/dev/null || echo 2)" -I{} bash -c 'check {}' && echo "every header compiles alone"
