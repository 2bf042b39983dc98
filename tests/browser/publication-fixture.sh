#!/usr/bin/env bash
# Builds the long publication fixture (tests/fixtures/publication-long: 8 chapters, ~30,000
# words) with the bundled theme into a temporary folder and runs the publication browser
# checks on it:   bash tests/browser/publication-fixture.sh [--shots DIR]
# Needs what .ci/run installs (chromium, node_modules). Exits non-zero if a check fails.
# HAVEN_BIN names a haven binary to use instead of `cargo run --release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r tests/fixtures/publication-long/. "$tmp/"
mkdir -p "$tmp/themes"
cp -r themes/haven "$tmp/themes/haven"
if [ -n "${HAVEN_BIN:-}" ]; then haven=("$HAVEN_BIN"); else haven=(cargo run --quiet --release --); fi
HAVEN_NOW="2026-11-23T12:00:00-05:00" "${haven[@]}" build --root "$tmp" --output "$tmp/public"
node tests/browser/publication.mjs "$tmp/public" "$@"
