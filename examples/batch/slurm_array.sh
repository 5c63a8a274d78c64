#!/usr/bin/env bash
# examples/batch/slurm_array.sh: the same manifest as a Slurm job array, one shard per array task.
#   sbatch --array=0-9 examples/batch/slurm_array.sh      (10 shards; N below must match)
# Each task writes its rows and plans/batch_summary.shard-I-of-10.csv into the shared directory; merge the
# summaries as run.sh does. A task that is cancelled or times out (SIGTERM) finishes its running rows,
# writes its summary and exits 143; resubmit with the same command plus --resume to complete it.
#SBATCH --job-name=mesogrid-batch
#SBATCH --cpus-per-task=4
#SBATCH --time=00:30:00
set -euo pipefail
N=10
mesogrid batch examples/batch/manifest.csv --out-dir plans --shard "${SLURM_ARRAY_TASK_ID}/${N}" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet --resume
