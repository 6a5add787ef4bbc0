#!/usr/bin/env bash
# Measures `lapkin build` of the sample (release): whole process with hyperfine,
# and the Typst part (layout + PDF export) as reported by lapkin itself.
# Usage: tools/ukur.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=$(mktemp -d)
hyperfine --warmup 2 --runs 15 --export-json "$out/hyperfine.json" \
  "target/release/lapkin build --keluaran $out/lapkin.pdf"
python3 -c "import json,statistics;r=json.load(open('$out/hyperfine.json'))['results'][0];print(f\"proses utuh: median {statistics.median(r['times'])*1000:.1f} ms\")"
echo "Typst (tata letak + ekspor PDF), 15 kali:"
for _ in $(seq 15); do
  target/release/lapkin build --keluaran "$out/lapkin.pdf" 2>&1 | sed -n 's/.*Typst \([0-9,.]*\) detik.*/\1/p' | tr , .
done | sort -n | awk '{a[NR]=$1} END {printf "median %.3f s, min %.3f s, max %.3f s\n", a[int((NR+1)/2)], a[1], a[NR]}'
/usr/bin/time -v target/release/lapkin build --keluaran "$out/lapkin.pdf" 2>&1 | grep -E "Maximum resident|Elapsed"
rm -rf "$out"
