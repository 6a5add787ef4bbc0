#!/usr/bin/env bash
# Measures many agencies (release): N agencies (default 40) built by one
# `lapkin build --masukan KAB --keluaran OUT` against N separate `lapkin build`
# processes (one after another, and two at a time), with hyperfine; peak memory
# of the one-run build with /usr/bin/time -v. Two sets of agencies: exact copies
# of inputs/, and copies that differ (agency name and two figures each), since
# identical reports share every cached layout.
# The one-run time includes writing rekapitulasi.pdf.
# Usage: tools/ukur-banyak.sh [N] [runs]   (needs hyperfine and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-40}"
runs="${2:-3}"
cargo build --release --quiet
bin="$PWD/target/release/lapkin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" "$n" <<'PY'
import os, re, shutil, sys, zipfile
tmp, n = sys.argv[1], int(sys.argv[2])
for jenis in ("sama", "beda"):
    for i in range(n):
        d = os.path.join(tmp, jenis, f"dinas-{i:02d}")
        shutil.copytree("inputs", d)
        if jenis == "sama":
            continue
        y = open(os.path.join(d, "lapkin.yaml"), encoding="utf-8").read()
        y = y.replace("  nama: Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                      f"  nama: Badan Kepegawaian dan Pengembangan Sumber Daya Manusia {i}", 1)
        open(os.path.join(d, "lapkin.yaml"), "w", encoding="utf-8").write(y)
        asal = os.path.join("inputs", "kinerja.xlsx")
        with zipfile.ZipFile(asal) as zi, zipfile.ZipFile(os.path.join(d, "kinerja.xlsx"), "w", zipfile.ZIP_DEFLATED) as zo:
            for it in zi.infolist():
                isi = zi.read(it.filename)
                if it.filename == "xl/worksheets/sheet2.xml":
                    isi = isi.decode().replace("<v>255</v>", f"<v>{200 + i}</v>").encode()
                if it.filename == "xl/worksheets/sheet1.xml":
                    isi = re.sub(r'(<c r="F2"[^>]*><v>)[^<]*', rf"\g<1>{70 + i / 2}", isi.decode()).encode()
                zo.writestr(it, isi)
PY
for jenis in sama beda; do
  kab="$tmp/$jenis"
  echo "== $n instansi, salinan $jenis =="
  hyperfine --runs "$runs" --export-json "$tmp/$jenis.json" \
    -n "satu proses" "$bin build --masukan $kab --keluaran $tmp/out-satu" \
    -n "$n proses berurutan" "for d in $kab/*/; do $bin build --masukan \$d --keluaran $tmp/out-urut/\$(basename \$d).pdf 2>/dev/null || exit 1; done" \
    -n "$n proses, 2 sekaligus" "ls -d $kab/*/ | xargs -P 2 -I{} sh -c '$bin build --masukan {} --keluaran $tmp/out-par/\$(basename {}).pdf 2>/dev/null'"
  /usr/bin/time -v "$bin" build --masukan "$kab" --keluaran "$tmp/out-satu" 2>&1 \
    | grep -E "Ringkasan|Maximum resident|Elapsed" | sed 's/^\s*/  satu proses: /'
  for d in "$kab"/*/; do
    /usr/bin/time -f "%M" "$bin" build --masukan "$d" --keluaran "$tmp/out-urut/x.pdf" 2>&1 | tail -1
  done | sort -n | tail -1 | sed 's/^/  satu proses per instansi: memori puncak tertinggi (KB): /'
  for f in "$tmp"/out-satu/dinas-*.pdf; do cmp -s "$f" "$tmp/out-urut/$(basename "$f")" || { echo "BEDA: $f"; exit 1; }; done
  echo "  PDF satu proses = PDF proses tersendiri: sama persis ($n berkas)"
done
