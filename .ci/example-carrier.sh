#!/usr/bin/env bash
# The "done when" of issue 11, as CI runs it: outside the repository, a package that depends on the packed
# mvno-gateway tarball implements an adapter against mvno-gateway/adapter and passes mvno-gateway/testing with vitest.
# The package is the example carrier (examples/carrier-dutchtel), copied to a temporary directory; then the mutation
# check proves the kit bites (a declared kind removed → the kit fails naming it).
#
#   bash .ci/example-carrier.sh            (MUTATION_KINDS="suspend port_in" chooses the mutants; "all" for every kind)
#
# Needs the repository's node_modules (npm ci); the example's own dependencies come from the npm cache or registry.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "Build and pack mvno-gateway"
npm run --silent build
work=$(mktemp -d /tmp/mvno-example-carrier.XXXXXX)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $work/$tarball"

step "The example carrier as a package of its own, depending on the tarball"
mkdir "$work/carrier"
tar -C examples/carrier-dutchtel --exclude=node_modules --exclude=.mutation -cf - . | tar -C "$work/carrier" -xf -
cd "$work/carrier"
npm pkg set "dependencies.mvno-gateway=file:../$tarball"
npm install --no-audit --no-fund --prefer-offline --loglevel=error
# Nothing of the repository may be reachable from here: only the installed package.
if node -e "require.resolve('mvno-gateway/package.json')" 2>/dev/null | grep -q "$root"; then
  echo "mvno-gateway resolves into the repository, not the tarball" >&2
  exit 1
fi

step "The example's generated client is up to date with its OpenAPI spec"
npx openapi-typescript openapi/dutchtel.yaml -o src/generated/dutchtel-api.ts >/dev/null
diff -u "$root/examples/carrier-dutchtel/src/generated/dutchtel-api.ts" src/generated/dutchtel-api.ts

step "Typecheck the example against the packed types"
npx tsc --noEmit

step "The conformance kit on the example (vitest)"
npx vitest run

step "Mutation check: the kit fails, naming the kind, when a declared kind is removed"
kinds=${MUTATION_KINDS:-suspend}
if [ "$kinds" = all ]; then
  node scripts/mutation-check.mjs
else
  for kind in $kinds; do node scripts/mutation-check.mjs --focus --kind "$kind"; done
fi

step "Example carrier passed in $(( $(date +%s) - started ))s"
