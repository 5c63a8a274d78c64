#!/usr/bin/env bash
# tests/cli/hostile.sh: end-to-end cases of hostile input (issue 20): files that are not files, outputs onto what
# exists, hostile strings, numbers at the edges, closed streams, batch inputs, refusals decided from the first
# bytes. One CTest test per case: hostile.sh CASE. Environment as cli.sh (MESOGRID, DATA). Exit 0 pass, 1 fail,
# 77 skip.
set -u
case_name=${1:?usage: hostile.sh CASE}
T=$(mktemp -d "${TMPDIR:-/tmp}/mesogrid-hostile.XXXXXX")
trap 'jobs -p | xargs -r kill 2>/dev/null; rm -rf "$T"' EXIT
PLANE="$DATA/cli/plane_100mm.obj"
PY=/usr/bin/python3
cd "$T" || exit 1

fail() {
  echo "FAIL [$case_name]: $*" >&2
  [ -s "$T/err" ] && { echo "--- stderr:" >&2; head -c 2000 "$T/err" >&2; }
  exit 1
}
# mg ARGS...: the binary under a 20 s limit, stdout -> out, stderr -> err, exit code -> $rc
mg() { timeout 20 "$MESOGRID" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1 (args: ${*:2})"; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"; }
# stderr: exactly one "mesogrid: error:" line naming $1, clean (no control character, UTF-8, <= 1000 bytes)
one_clean_error() {
  [ "$(grep -c '' "$T/err")" -eq 1 ] || fail "stderr has $(grep -c '' "$T/err") lines, expected 1"
  has "$T/err" "mesogrid: error: "
  [ -z "${1:-}" ] || has "$T/err" "$1"
  clean "$T/err"
}
# clean FILE: valid UTF-8, no C0 (but newline and tab), DEL, C1, bidirectional control or invisible character (zero
# width, soft hyphen, byte order mark), lines <= 1000 bytes
clean() {
  $PY - "$1" <<'PY' || fail "$(basename "$1") is not clean text"
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8")
assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                     "\u00ad\u200b-\u200d\u2060-\u2064\ufeff]", t)
assert all(len(l) <= 1000 for l in b.split(b"\n"))
PY
}
face_kind() { stat -c %F "$1"; }
PLAN=(plan --mesh "$PLANE" --spacing 10 -q --format csv)

case "$case_name" in
inputs_not_regular_files)  # FIFOs and devices as mesh, landmarks, manifest: refused at once, never read
  mkfifo fifo
  for args in "--mesh fifo" "--mesh /dev/zero" "--mesh $PLANE --landmarks fifo" "--mesh $PLANE --landmarks /dev/zero"; do
    # shellcheck disable=SC2086
    mg plan $args -o o.csv; expect_rc 2 "$args"; one_clean_error "not a regular file"; [ ! -e o.csv ] || fail "o.csv made"
  done
  for m in fifo /dev/zero /dev/urandom; do
    mg batch "$m" --out-dir od; expect_rc 2 batch "$m"; one_clean_error "not a regular file"
  done
  cp "$PLANE" m.obj
  printf 'name,mesh,landmarks,region\na,m.obj,,all\nb,m.obj,fifo,all\n' >man.csv
  mg batch man.csv --out-dir od -q; expect_rc 4 batch with a FIFO row
  [ -s od/a.csv ] || fail "the good row has no output"
  grep -q '^3,b,failed,' od/batch_summary.csv || fail "row b not failed in the summary" ;;
outputs_onto_what_exists)
  mkfifo f
  mg "${PLAN[@]}" -o f; expect_rc 2 FIFO without reader; one_clean_error "FIFO"
  [ "$(face_kind f)" = fifo ] || fail "the FIFO was replaced"
  (cat f >got.csv &) ; sleep 0.2
  mg "${PLAN[@]}" -o f; expect_rc 0 FIFO with a reader; sleep 0.3
  head -1 got.csv | grep -q '^site_id,' || fail "the FIFO's reader got no CSV"
  [ "$(face_kind f)" = fifo ] || fail "the FIFO was replaced"
  if [ "$(face_kind /dev/full)" = "character special file" ]; then
    mg "${PLAN[@]}" -o /dev/full; expect_rc 2 /dev/full; one_clean_error "/dev/full"
  fi
  printf 'OLD\n' >target.csv; ln -s target.csv link.csv
  mg "${PLAN[@]}" -o link.csv; expect_rc 0 symlink
  [ -L link.csv ] || fail "the symlink was replaced"; head -1 target.csv | grep -q '^site_id,' || fail "target not written"
  ln -s nowhere.csv dangling.csv; mg "${PLAN[@]}" -o dangling.csv; expect_rc 2 dangling; one_clean_error "dangling.csv"
  ln -s loop2 loop1; ln -s loop1 loop2; mg "${PLAN[@]}" -o loop1; expect_rc 2 loop; one_clean_error "loop"
  mkdir d; mg "${PLAN[@]}" -o d; expect_rc 2 directory; one_clean_error "directory"
  printf 'OLD\n' >private.csv; chmod 600 private.csv
  mg "${PLAN[@]}" -o private.csv; expect_rc 0 private; [ "$(stat -c %a private.csv)" = 600 ] || fail "mode not kept"
  printf 'OLD\n' >readonly.csv; chmod 444 readonly.csv  # refused for every user, root included
  mg "${PLAN[@]}" -o readonly.csv; expect_rc 2 read-only; one_clean_error "read-only"
  [ "$(cat readonly.csv)" = OLD ] || fail "a read-only file was replaced"
  mg "${PLAN[@]}" -o ''; expect_rc 1 "empty -o"; one_clean_error "-o"
  cp "$PLANE" m.obj; cp m.obj keep.obj; ln m.obj hard.csv
  mg plan --mesh m.obj --spacing 10 -q --format csv -o m.obj; expect_rc 2 "-o the mesh"; one_clean_error "input"
  mg plan --mesh m.obj --spacing 10 -q --format csv -o hard.csv; expect_rc 2 "-o a hard link of the mesh"
  cmp -s m.obj keep.obj || fail "the mesh was overwritten"
  # any name the file system takes is written (the temporary name beside it is cut to fit); a longer one is refused
  long=$(printf 'a%.0s' $(seq 251)); long_u=$(printf '\xc3\xa9%.0s' $(seq 118))  # 255 bytes with .csv; 236 + 4, cut in an é
  mg "${PLAN[@]}" -o "$long.csv"; expect_rc 0 "a 255-byte name"; head -1 "$long.csv" | grep -q '^site_id,' || fail "255"
  mg "${PLAN[@]}" -o "$long.csv"; expect_rc 0 "a 255-byte name replaced"
  mg "${PLAN[@]}" -o "$long_u.csv"; expect_rc 0 "a 240-byte UTF-8 name"; [ -s "$long_u.csv" ] || fail "UTF-8 name"
  mg "${PLAN[@]}" -o "${long}a.csv"; expect_rc 2 "a 256-byte name"; one_clean_error "the file name is too long"
  ls -A | grep -q 'mesogrid-tmp' && fail "temporary file left" ; true ;;
hostile_strings)  # control characters, invalid UTF-8 and huge values never reach a terminal or an output raw
  mg plan --region $'\e]0;x\a\e[31mred\nmesogrid: error: forged'; expect_rc 3 region; one_clean_error "unknown region"
  mg plan --region "$(head -c 131000 /dev/zero | tr '\0' A)"; expect_rc 3 huge; one_clean_error "unknown region"
  mg plan --technique $'\xff\xfe'; expect_rc 1 bad utf-8; one_clean_error "--technique"
  mg plan --mesh $'no\nsuch\e[1m.obj'; expect_rc 2 path; one_clean_error "no such file"
  # what was given is shown escaped, so that it can be told from what it looks like
  mg plan --region $'fore\xe2\x80\x8bhead'; expect_rc 3 zero-width; one_clean_error "unknown region 'fore\\u200bhead'"
  mg plan --technique $'nap\xe2\x80\xaepage\x01'; expect_rc 1 bidi; one_clean_error "--technique 'nap\\u202epage\\x01'"
  mg plan --mesh $'a\xef\xbb\xbfb\xe2\x81\xa6.obj'; expect_rc 2 bom; one_clean_error "a\\ufeffb\\u2066.obj: no such file"
  printf 'v 0 0 0\nv 1\xe2\x80\x8b 0 0\n' >zw.obj
  mg plan --mesh zw.obj; expect_rc 2 token; one_clean_error "zw.obj:2: coordinate '1\\u200b' is not a number"
  printf 'v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\ng bad\x7f\xff\xc2\x85\xe2\x80\xaename\nf 1 2 3\nf 1 3 4\n' >g.obj
  mg regions --mesh g.obj --format json -q; expect_rc 0 regions json; clean "$T/out"
  $PY -c 'import json,sys; json.load(open(sys.argv[1]))' out || fail "regions JSON not valid"
  mg regions --mesh g.obj --format svg -q -o g.svg; expect_rc 0 regions svg; clean g.svg
  $PY -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' g.svg || fail "SVG not well-formed"
  mg plan --mesh g.obj --spacing 10 -q --format csv; expect_rc 0 plan csv; clean "$T/out"
  printf '{"points": {"eye_left_3": [1e400, 0, 0]}}\n' >lm.json
  mg plan --mesh "$PLANE" --landmarks lm.json; expect_rc 2 lm 1e400; one_clean_error "lm.json" ;;
numbers_at_the_edges)  # every derived number finite, or the run refused with the bound
  for args in "--margin 1e20" "--angle 1e-320" "--volume 1e308" "--injector-rate 1e-320" "--total-volume 1e308" \
              "--max-sites 9000000000000000000" "--spacing 1e300" \
              "--session-max 1e-300" "--session-max 0.000009ml" "--session-max 1e7"; do
    # shellcheck disable=SC2086
    mg plan --region forehead $args -q --format csv; expect_rc 1 "$args"; one_clean_error "${args%% *}"
  done
  mg plan --technique nappage --margin 900000 -q --format csv; expect_rc 3 "a margin wider than the face"
  one_clean_error "margin" ;;
closed_streams)
  timeout 20 "$MESOGRID" "${PLAN[@]}" -o o.csv 2>&- </dev/null; rc=$?
  expect_rc 0 "stderr closed"; [ -s o.csv ] || fail "no output with stderr closed"
  timeout 20 "$MESOGRID" plan --region forehead -o w.csv 2>&- </dev/null; rc=$?  # prints warnings
  expect_rc 0 "stderr closed, warnings"; [ -s w.csv ] || fail "no output with stderr closed and warnings"
  timeout 20 "$MESOGRID" --version >&- 2>"$T/err"; rc=$?; expect_rc 2 "--version, stdout closed"
  timeout 20 "$MESOGRID" "${PLAN[@]}" >&- 2>"$T/err"; rc=$?; expect_rc 2 "plan to a closed stdout"
  if [ "$(face_kind /dev/full)" = "character special file" ]; then
    timeout 20 "$MESOGRID" --help >/dev/full 2>"$T/err"; rc=$?; expect_rc 2 "--help >/dev/full"
  fi ;;
batch_inputs_protected)
  mkdir in; cp "$PLANE" in/m.obj
  printf 'name,mesh,region\nmanifest,m.obj,all\nok,m.obj,all\n' >in/manifest.csv; cp in/manifest.csv keep.csv
  mg batch in/manifest.csv --out-dir in -q; expect_rc 4 "a row named like the manifest"
  cmp -s in/manifest.csv keep.csv || fail "the manifest was overwritten"
  [ -s in/ok.csv ] || fail "the other row did not run"
  printf '{"name": "a", "mesh": "m.obj", "region": "all", "region": "all"}\n' >in/r.jsonl
  mg batch in/r.jsonl --out-dir od -q; expect_rc 1 "repeated JSON key"; one_clean_error "twice"
  printf '{"name": "a", "mesh": "m.obj", "spacing": 1e999}\n{"name": "b", "mesh": "m.obj", "spacing": 10}\n' >in/n.jsonl
  mg batch in/n.jsonl --out-dir od -q; expect_rc 4 "1e999 fails its row"
  [ -s od/b.csv ] || fail "row b did not run" ;;
refused_from_the_head)  # a file refused from its first bytes costs no more than them, whatever its size
  truncate -s 1G zeros.obj || exit 77
  { printf 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'; } >head.obj && truncate -s 1G head.obj
  for f in zeros.obj head.obj; do
    s=$(date +%s%N); mg plan --mesh "$f" -q; e=$(( ($(date +%s%N) - s) / 1000000 ))
    expect_rc 2 "$f"; one_clean_error "$f"
    [ "$e" -lt 5000 ] || fail "$f refused after $e ms"
  done ;;
*) echo "unknown case $case_name" >&2; exit 2 ;;
esac
exit 0
