#!/usr/bin/env bash
# tests/malformed/malformed.sh: runs the malformed-file corpus against the mesogrid binary.
#   malformed.sh FILE        one row of expected.tsv (one CTest test each, see malformed_tests.cmake)
#   malformed.sh --all       every row
#   malformed.sh --record    print the actual exit code and stderr of every row as TSV (to review by hand)
# Environment: MESOGRID (the binary). Exit 0 pass, 1 fail, 77 skip.
#
# expected.tsv: FILE <TAB> EXIT <TAB> STDERR LINE [<TAB> EXTRA FLAGS]; '#' lines are comments.
# FILE is in this directory, or '@name' for a case made at test time (see gen below).
# For each row, from the file's directory with the bare file name:
#   mesogrid plan --mesh FILE -o OUT [EXTRA]  and  mesogrid regions --mesh FILE [EXTRA]
# EXIT != 0: both exit with EXIT, stderr is exactly the one line STDERR, OUT is not created, and an
#            existing OUT given to a second plan run is left byte-identical (no temporary left behind).
# EXIT == 0: both exit 0, STDERR is one of the stderr lines of each, OUT is written.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
MESOGRID="${MESOGRID:?set MESOGRID to the mesogrid binary}"
case "$MESOGRID" in /*) ;; *) MESOGRID="$PWD/$MESOGRID" ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-malformed.XXXXXX")
chmod 755 "$T"
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
TAB=$'\t'

# gen NAME: makes @NAME in $T/gen (cwd for the run); returns 77 when the case cannot run here.
RUN_AS=()
gen() {
  local g="$T/gen"
  mkdir -p "$g" && chmod 755 "$g"
  case "$1" in
  long_line_10mb.obj)  # one 10 MB line: refused at the 1 MiB line limit, before parsing it
    { printf 'v '; head -c 10485760 /dev/zero | tr '\0' '1'; printf ' 0 0\nf 1 1 1\n'; } >"$g/$1" ;;
  huge_sparse_5gb.stl)  # 5 GiB (sparse) file: refused by size before reading it
    truncate -s 5G "$g/$1" || { echo "SKIP: cannot make a 5 GiB sparse file here" >&2; return 77; } ;;
  zeros_1g.obj)  # 1 GiB (sparse) of zeros: refused from its first bytes, not after reading it
    truncate -s 1G "$g/$1" || { echo "SKIP: cannot make a 1 GiB sparse file here" >&2; return 77; } ;;
  obj_head_then_zeros_1g.obj)  # a valid triangle, then zeros up to 1 GiB: refused from the first bytes
    printf 'v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n' >"$g/$1"
    truncate -s 1G "$g/$1" || { echo "SKIP: cannot make a 1 GiB sparse file here" >&2; return 77; } ;;
  fifo.obj) mkfifo "$g/$1" || { echo "SKIP: cannot make a FIFO here" >&2; return 77; } ;;
  a_directory.obj) mkdir "$g/$1" ;;
  missing.obj) ;;
  unreadable.obj)
    printf 'v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n' >"$g/$1"; chmod 000 "$g/$1"
    if [ "$(id -u)" -eq 0 ]; then  # root reads anything: run as nobody instead
      command -v setpriv >/dev/null || { echo "SKIP: root and no setpriv to drop privileges" >&2; return 77; }
      RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
      "${RUN_AS[@]}" test -x "$MESOGRID" || { echo "SKIP: $MESOGRID not executable by nobody" >&2; return 77; }
    fi ;;
  *) echo "unknown generated case @$1" >&2; return 1 ;;
  esac
  return 0
}

fails=0
fail() { echo "FAIL [$file]: $*" >&2; fails=$((fails + 1)); }

# run_row FILE EXIT LINE EXTRA [record]
run_row() {
  local file=$1 want_rc=$2 want=$3 extra=$4 record=${5:-} dir name rc rrc
  RUN_AS=()
  if [ "${file:0:1}" = @ ]; then
    name=${file:1}; dir="$T/gen"
    gen "$name"; local g=$?; [ $g -eq 0 ] || return $g
  else
    name=$file; dir="$here"
    [ -e "$here/$name" ] || { fail "no such corpus file"; return 0; }
  fi
  local out="$T/o/out.csv" keep="$T/o/keep.csv"
  rm -rf "$T/o"; mkdir -p "$T/o"; chmod 777 "$T/o"
  # shellcheck disable=SC2086
  (cd "$dir" && "${RUN_AS[@]}" "$MESOGRID" plan --mesh "$name" -o "$out" $extra >"$T/stdout" 2>"$T/err" </dev/null)
  rc=$?
  # shellcheck disable=SC2086
  (cd "$dir" && "${RUN_AS[@]}" "$MESOGRID" regions --mesh "$name" $extra >"$T/rstdout" 2>"$T/rerr" </dev/null)
  rrc=$?
  if [ -n "$record" ]; then
    local line
    if [ "$rc" -ne 0 ]; then line=$(head -1 "$T/err"); else line=$(grep -v '^note: .*wrote ' "$T/err" | head -1); fi
    printf '%s\t%s\t%s\t%s\n' "$file" "$rc" "$line" "$extra"
    [ "$rc" = "$rrc" ] || echo "# ^ regions exit $rrc" 
    return 0
  fi
  [ "$rc" = "$want_rc" ] || fail "plan exit $rc, expected $want_rc; stderr: $(head -c 300 "$T/err")"
  [ "$rrc" = "$want_rc" ] || fail "regions exit $rrc, expected $want_rc; stderr: $(head -c 300 "$T/rerr")"
  if [ "$want_rc" != 0 ]; then
    for e in err rerr; do
      [ "$(cat "$T/$e")" = "$want" ] && [ "$(grep -c '' "$T/$e")" = 1 ] ||
        fail "$e is not exactly the expected line:
  expected: $want
  got:      $(head -c 600 "$T/$e")"
    done
    [ ! -e "$out" ] || fail "plan failed but created -o $out"
    [ ! -s "$T/stdout" ] || fail "plan failed but wrote to stdout"
    # an existing output file is not touched by a failing run
    printf 'sentinel\n' >"$keep"; chmod 666 "$keep"
    # shellcheck disable=SC2086
    (cd "$dir" && "${RUN_AS[@]}" "$MESOGRID" plan --mesh "$name" -o "$keep" $extra >/dev/null 2>&1 </dev/null)
    [ "$(cat "$keep")" = sentinel ] || fail "a failing run changed the existing -o file"
    local left; left=$(cd "$T/o" && ls -A | grep -v '^keep.csv$')
    [ -z "$left" ] || fail "files left beside -o: $left"
  else
    grep -qxF -- "$want" "$T/err" || fail "plan stderr lacks the line '$want'; got: $(cat "$T/err")"
    grep -qxF -- "$want" "$T/rerr" || fail "regions stderr lacks the line '$want'; got: $(cat "$T/rerr")"
    ! grep -q 'error' "$T/err" || fail "error on stderr of a valid file"
    [ -s "$out" ] || fail "plan succeeded but did not write -o"
  fi
  return 0
}

mode=${1:?usage: malformed.sh FILE | --all | --record}
status=0
while IFS= read -r row || [ -n "$row" ]; do
  case "$row" in '#'* | '') continue ;; esac
  IFS=$TAB read -r file want_rc want extra <<<"$row"
  if [ "$mode" = --all ] || [ "$mode" = --record ] || [ "$mode" = "$file" ]; then
    found=1
    run_row "$file" "$want_rc" "$want" "${extra:-}" "$([ "$mode" = --record ] && echo 1)"
    r=$?
    [ $r -eq 77 ] && { [ "$mode" = "$file" ] && exit 77; echo "skipped $file" >&2; }
    [ $r -ne 0 ] && [ $r -ne 77 ] && fails=$((fails + 1))
  fi
done <"$here/expected.tsv"
[ -n "${found:-}" ] || { echo "no row '$mode' in expected.tsv" >&2; exit 1; }
[ $fails -eq 0 ] || exit 1
exit 0
