#!/usr/bin/env bash
# The paired benchmark against Zola (../shared/bench/vs-zola.sh) with the same work on both
# sides: Zola's benchmark site builds no search index (build_search_index = false), so here Haven
# builds the project's own config and theme without the search page (a theme without
# search.html gets no search index). Everything else is as in vs-zola.sh, which this runs.
#
#   benches/vs-zola-no-search.sh [vs-zola.sh arguments: --pages N --runs R ...]
#
# Run from the project's root after `cargo build --release`. Compare its last line with the one
# vs-zola.sh prints for the site as it is published (with search): the difference is what the
# search index costs (README, "Search").
set -euo pipefail
root=$PWD
[ -f config.toml ] && [ -d themes ] || { echo "run this from the project's root" >&2; exit 2; }
script=$root/../shared/bench/vs-zola.sh
[ -f "$script" ] || { echo "no $script: this needs the team's shared folder beside the project" >&2; exit 2; }
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cp config.toml "$site/"
cp -r themes "$site/"
[ -d static ] && cp -r static "$site/"
[ -d templates ] && cp -r templates "$site/"
find "$site/themes" -name search.html -path '*/templates/*' -delete
cd "$site"
bash "$script" --haven "$root/target/release/haven" "$@"
