#!/usr/bin/env bash
# The main job: install what is missing, build the tool alone (not the tests: scripts/test.sh builds those), and
# print an epidermic plan of the whole built-in face (region all). Extra arguments go to 'mesogrid plan', e.g.
#   scripts/run.sh --format csv -o plan.csv
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh mesogrid_app >&2
exec ./build/apps/mesogrid plan --technique epidermic "$@"
