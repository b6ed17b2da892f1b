#!/usr/bin/env bash
# Runtime smoke tests: the gateway on workerd (wrangler dev --local), Bun and Deno, each against a real PostgreSQL and
# standalone simulators, plus the runtime-neutral bundle in workerd, and the tests under Node 22 and 24.
#
#   bash .ci/runtimes.sh postgres://postgres@127.0.0.1:55432/postgres     (or RUNTIMES_DATABASE_URL=…)
#
# Needs the repository's node_modules (npm ci) and Node 20. The tools are pinned below and installed from the npm
# registry into a cache outside node_modules (RUNTIME_CACHE, default ~/.cache/mvno-gateway-runtimes), so they are
# neither dependencies of the gateway nor downloaded again on the next run. Each test creates and drops its own
# database on that server. RUNTIMES_ONLY="workerd bun" runs a subset (neutral, workerd, bun, deno, node22, node24).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

# The last releases that run on Node 20 (wrangler 4.87+ and miniflare 4.20260427+ need Node 22), and their workerd
# (compatibility date 2026-04-26, see wrangler.toml). Bun and Deno ship their binaries in npm packages.
wrangler_version=4.86.0
miniflare_version=4.20260426.0
bun_version=1.4.5
deno_version=2.9.6
node22_version=22.23.3
node24_version=24.21.0

database_url=${1:-${RUNTIMES_DATABASE_URL:-}}
if [ -z "$database_url" ]; then
  echo "usage: bash .ci/runtimes.sh <postgres server URL>   (or set RUNTIMES_DATABASE_URL)" >&2
  exit 64
fi
[ -d node_modules ] || { echo "run npm ci first" >&2; exit 1; }
only=${RUNTIMES_ONLY:-neutral workerd bun deno node22 node24}
wanted() { [[ " $only " == *" $1 "* ]]; }

cache=${RUNTIME_CACHE:-$HOME/.cache/mvno-gateway-runtimes}
install_into() { # <folder> <package@version>…: npm install unless exactly these are already there
  local folder=$1; shift
  local want="$*"
  if [ "$(cat "$folder/.installed" 2>/dev/null)" != "$want" ]; then
    mkdir -p "$folder"
    # npm 11 asks before running install scripts: these packages' scripts fetch their platform binaries from npm.
    cat >"$folder/package.json" <<'JSON'
{ "name": "mvno-gateway-runtime-tools", "private": true,
  "allowScripts": { "workerd": true, "esbuild": true, "bun": true, "deno": true, "node": true, "sharp": false } }
JSON
    npm install --prefix "$folder" --no-audit --no-fund --no-save --loglevel=error "$@" >/dev/null
    echo "$want" >"$folder/.installed"
  fi
}

step "Runtime tools into $cache"
install_into "$cache/tools" "wrangler@$wrangler_version" "miniflare@$miniflare_version" "bun@$bun_version" "deno@$deno_version"
tools="$cache/tools/node_modules/.bin"
"$tools/wrangler" --version | head -1
echo "bun $("$tools/bun" --version)"; "$tools/deno" --version | head -1; "$tools/workerd" --version

export RUNTIMES_DATABASE_URL=$database_url RUNTIME_TOOLS=$tools
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_SEND_METRICS=false

if wanted neutral; then
  step "Runtime-neutral bundle in workerd"
  node test/runtimes/neutral-bundle.mjs
fi

# Node 22 and 24 (from the npm `node` package) run the suites that touch what differs between Node releases: the
# store on PGlite (WebAssembly) and its repositories, HTTP through @hono/node-server, fetch, Web Crypto and timers in
# the adapters and the engine, configuration. Not the whole suite: on two cores it alone takes several minutes, over
# this script's budget; the whole suite runs on Node 20 in .ci/run.
node_subset=(test/core test/runtime test/store/operation-repository.test.ts test/store/transactions.test.ts
  test/store/idempotency-repository.test.ts test/adapters/sps/callback-signature.test.ts
  test/adapters/sps/sps-token-cache.test.ts test/api/foundation.test.ts test/api/stn-lifecycle.test.ts
  test/api/sps-lifecycle.test.ts)
for major in 22 24; do
  wanted "node$major" || continue
  version_var="node${major}_version"
  install_into "$cache/node$major" "node@${!version_var}"
  echo "node $("$cache/node$major/node_modules/.bin/node" --version)"
done
node_tests() { # <major>: the subset on that Node, on PGlite
  env -u DATABASE_URL "$cache/node$1/node_modules/.bin/node" node_modules/vitest/vitest.mjs run "${node_subset[@]}"
}

# The gateway runtimes and the Node 22 tests at once: the runtimes spend most of their time waiting for simulated
# carrier steps. Each job's output is printed when it ends.
step "Gateway on workerd, Bun and Deno, and tests on Node $node22_version (in parallel)"
logs=$(mktemp -d /tmp/mvno-runtimes-ci.XXXXXX)
pids=()
names=()
for job in workerd bun deno node22; do
  wanted "$job" || continue
  case $job in
    workerd) node test/runtimes/workerd-smoke.mjs >"$logs/$job.log" 2>&1 & ;;
    bun | deno) node test/runtimes/bun-deno-smoke.mjs "$job" >"$logs/$job.log" 2>&1 & ;;
    node22) node_tests 22 >"$logs/$job.log" 2>&1 & ;;
  esac
  pids+=("$!")
  names+=("$job")
done
failed=()
for index in "${!pids[@]}"; do
  if ! wait "${pids[$index]}"; then failed+=("${names[$index]}"); fi
  if [ "${names[$index]}" = node22 ]; then
    printf -- '--- tests on Node %s:\n' "$node22_version"
    grep -E 'Test Files|Tests |Duration|FAIL|×' "$logs/node22.log" || cat "$logs/node22.log"
  else
    cat "$logs/${names[$index]}.log"
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  for job in "${failed[@]}"; do [ "$job" = node22 ] && cat "$logs/node22.log"; done
  rm -rf "$logs"
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
rm -rf "$logs"

if wanted node24; then
  step "Tests on Node $node24_version"
  node_tests 24
fi

step "Runtime tests passed in $(( $(date +%s) - started ))s"
