#!/usr/bin/env bash
# `npm test`: installs what the tests need, checks style and types, runs every test.
# Services the tests use (local OCI registries, the fake AWS endpoint, the dashboard
# server, headless Chromium, containers) are started and stopped by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh

echo "== lint (biome)"
npx biome check .
echo "== typecheck"
npm run typecheck --silent
echo "== build"
npm run build --silent
echo "== tests (vitest)"
npx vitest run
