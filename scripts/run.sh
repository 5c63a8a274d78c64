#!/usr/bin/env bash
# The main job: install what is missing, build, and print a full-face epidermic plan on the built-in face.
# Extra arguments go to 'mesogrid plan', e.g. scripts/run.sh --format csv -o plan.csv
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >&2
exec ./build/apps/mesogrid plan --technique epidermic "$@"
