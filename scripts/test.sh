#!/usr/bin/env bash
# `npm test`: installs what the tests need, checks style and types, builds once, runs every test.
# Services the tests use (local OCI registries, the fake AWS endpoint, the dashboard server,
# headless Chromium, containers) are started and stopped by the tests themselves, and every test
# removes what it made (temporary folders, containers, images under names of our own).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
phase() { printf '\n== %s (%ss since start)\n' "$1" "$((SECONDS - started))"; }

phase "system packages"
bash scripts/ensure-system-packages.sh
phase "lint (biome)"
npx biome check .
phase "typecheck (tsc, both packages)"
npm run typecheck --silent
# Build once: `npm ci` has just built everything through the root `prepare` script, so build again
# only when a source is newer than what it builds (a developer's edit since the last build).
stale() { # OUTPUT SOURCE...: true when OUTPUT is missing or any file under SOURCE is newer
  local output=$1
  shift
  [ ! -e "$output" ] || [ -n "$(find "$@" -type f -newer "$output" -print -quit)" ]
}
if stale packages/dashboard/dist/cli.js packages/dashboard/src packages/dashboard/scripts packages/dashboard/package.json package-lock.json ||
  stale packages/dashboard/dist/web/manifest.json packages/dashboard/src/web packages/dashboard/scripts ||
  stale packages/ship/dist/cli.js packages/ship/src packages/ship/package.json packages/ship/tsconfig.build.json package-lock.json; then
  phase "build (server bundle, browser client, ship CLI)"
  npm run build --silent
else
  phase "build: skipped, dist/ is newer than every source (npm ci's prepare built it)"
fi
phase "tests (vitest: unit and integration, $(nproc) cores)"
npx vitest run
phase "done"
