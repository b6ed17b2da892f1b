#!/usr/bin/env bash
# CI: the fault drills at the small scale (about 4 minutes on 2 cores), on embedded PGlite and on PostgreSQL.
# Needs DRILLS_DATABASE_URL=postgres://… (a server on which the drills may create and drop databases); .ci/run passes
# its throwaway server. Extra arguments go to the runner (e.g. --only crash,faults, or --full).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DRILLS_DATABASE_URL:-}" ]; then
  echo "drills: DRILLS_DATABASE_URL is not set; CI runs the PostgreSQL variants too" >&2
  exit 64
fi
export DRILLS_DATABASE_URL
exec npx tsx drills/run.ts "$@"
