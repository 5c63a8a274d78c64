#!/usr/bin/env bash
# examples/batch/run.sh: one manifest split across processes with GNU parallel (Debian package `parallel`).
# Each process runs every N-th row (--shard I/N) into the same directory and writes its own summary,
# batch_summary.shard-I-of-N.csv; the summaries are then merged into batch_summary.csv in manifest order.
# The same command runs unchanged as a cluster job array (see slurm_array.sh). Outputs are byte-identical
# to a single `mesogrid batch` run of the whole manifest.
#   MESOGRID=build/apps/mesogrid OUT=plans N=3 examples/batch/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MESOGRID=${MESOGRID:-mesogrid}
OUT=${OUT:-plans}
N=${N:-3}
MANIFEST=${MANIFEST:-$here/manifest.csv}
command -v parallel >/dev/null || { echo "GNU parallel is missing: sudo apt-get install parallel" >&2; exit 2; }

# --halt never: a shard with a failed row (exit 4) does not stop the others. --jobs 1 per shard: parallel
# already runs N processes; use --jobs 0 (one per core) when the shards run on separate machines.
status=0
parallel --will-cite --halt never "$MESOGRID" batch "$MANIFEST" --out-dir "$OUT" --shard {}/"$N" --jobs 1 --quiet \
  ::: $(seq 0 $((N - 1))) || status=$?

# Merge the shard summaries: one header, rows sorted by manifest line (the first column).
shards=()
for ((i = 0; i < N; i++)); do shards+=("$OUT/batch_summary.shard-$i-of-$N.csv"); done
{ head -n 1 "${shards[0]}"; tail -q -n +2 "${shards[@]}" | sort -t, -k1,1n; } >"$OUT/batch_summary.csv.tmp"
mv "$OUT/batch_summary.csv.tmp" "$OUT/batch_summary.csv"
ok=$(grep -c ',ok,' "$OUT/batch_summary.csv" || true)
failed=$(grep -c ',failed,' "$OUT/batch_summary.csv" || true)
echo "$ok ok, $failed failed: $OUT/batch_summary.csv"
[ "$status" -eq 0 ] || exit 4
