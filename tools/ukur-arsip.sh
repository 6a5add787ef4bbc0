#!/usr/bin/env bash
# Measures `lapkin archive` and `lapkin verify` of the sample (release), and
# the build for comparison: hyperfine, 10 runs each after a warm-up.
# Usage: tools/ukur-arsip.sh [BINARY]   (default target/release/lapkin;
# pass an older build's binary to compare)   needs hyperfine (apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/lapkin}
[ "$bin" = target/release/lapkin ] && cargo build --release --quiet
out=$(mktemp -d)
hyperfine --warmup 1 --runs 10 --prepare "rm -rf $out/arsip" \
  -n "archive (versi baru)" "$bin archive --arsip $out/arsip"
"$bin" archive --arsip "$out/arsip" >/dev/null 2>&1
hyperfine --warmup 1 --runs 10 -n "archive (sudah ada)" "$bin archive --arsip $out/arsip"
pdf=$(ls "$out"/arsip/*/v1/*.pdf)
hyperfine --warmup 1 --runs 10 -i -n "verify PDF arsip" "$bin verify $pdf"
hyperfine --warmup 2 --runs 15 -n "build" "$bin build --keluaran $out/lapkin.pdf"
rm -rf "$out"
