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
phase "build (server bundle, browser client, ship CLI)"
npm run build --silent
phase "tests (vitest: unit and integration, $(nproc) cores)"
npx vitest run
phase "done"
