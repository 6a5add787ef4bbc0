#!/usr/bin/env bash
# Peak memory (GNU time -v) of lapkin on the sample and on inputs at and
# beyond the limits of docs/keandalan.md (release build; PROFIL=debug measures
# the dev build instead, whose dependencies are at opt-level 1: slower, about
# the same heap).
# The stages of one build: LAPKIN_UKUR_MEMORI=1 lapkin build … (peak per stage
# on stderr, see docs/performance.md).
# Usage: [PROFIL=debug] tools/ukur-memori.sh   needs python3 with openpyxl, /usr/bin/time
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${PROFIL:-release}" = debug ]; then
  cargo build --quiet
  bin=target/debug/lapkin
else
  cargo build --release --quiet
  bin=target/release/lapkin
fi
kerja=$(mktemp -d)
trap 'rm -rf "$kerja"' EXIT
ukur() { # label, args…
  local label=$1; shift
  /usr/bin/time -v "$bin" "$@" >/dev/null 2>"$kerja/time.txt" || true
  printf '| %s | %s MB | %s |\n' "$label" \
    "$(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$kerja/time.txt")" \
    "$(awk -F': ' '/Elapsed/ {print $2}' "$kerja/time.txt")"
}
aset() { # folder, rows
  mkdir -p "$1"; cp inputs/* "$1/"
  python3 - "$1/aset.xlsx" "$2" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet("Aset")
ws.append(["No", "Nama Barang", "Jumlah", "Kondisi"])
for i in range(int(sys.argv[2])):
    ws.append([i + 1, f"Barang inventaris nomor {i + 1}", 1 + i % 5, ["Baik", "Rusak Ringan", "Rusak Berat"][i % 3]])
wb.save(sys.argv[1])
PY
}
anggaran() { # folder, programs, activities per program, sub-activities per activity
  mkdir -p "$1"; cp inputs/* "$1/"
  python3 - "$1/anggaran.xlsx" "$2" "$3" "$4" <<'PY'
import sys, openpyxl
out, P, K, S = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet("Anggaran")
ws.append(["Kode", "Uraian", "Jenis Belanja", "Anggaran (Rp)", "Realisasi (Rp)"])
for p in range(1, P + 1):
    ws.append([f"{p}", f"Program penunjang urusan nomor {p}", None,
               K * sum(1000000 * (1 + s % 7) for s in range(1, S + 1)),
               K * sum(900000 * (1 + s % 7) for s in range(1, S + 1))])
    for k in range(1, K + 1):
        ws.append([f"{p}.{k}", f"Kegiatan pelayanan dan administrasi nomor {p}.{k}", None, None, None])
        for s in range(1, S + 1):
            ws.append([f"{p}.{k}.{s}", f"Sub kegiatan penyediaan barang dan jasa nomor {p}.{k}.{s}",
                       ["Belanja Operasi", "Belanja Modal"][s % 2], 1000000 * (1 + s % 7), 900000 * (1 + s % 7)])
wb.save(out)
PY
}
echo "| masukan | memori puncak | waktu |"
echo "|---|---|---|"
ukur "sampel, check" check inputs
ukur "sampel, build" build --keluaran "$kerja/a.pdf"
ukur "sampel Dinas (tests/data/dinas), check" check tests/data/dinas
ukur "sampel Dinas (tests/data/dinas), build" build -m tests/data/dinas -o "$kerja/dinas.pdf"
ukur "sampel, verify PDF" verify "$kerja/a.pdf"
aset "$kerja/aset2k" 2000;  ukur "2.000 baris aset, build" build -m "$kerja/aset2k" -o "$kerja/b.pdf"
aset "$kerja/aset6k" 5900;  ukur "5.900 baris aset + 36 baris anggaran sampel (5.972 baris cetak, batas 6.000), build" build -m "$kerja/aset6k" -o "$kerja/c.pdf"
anggaran "$kerja/angg3k" 10 10 28; ukur "2.910 baris anggaran + 39 baris aset sampel (5.859 baris cetak), build" build -m "$kerja/angg3k" -o "$kerja/e.pdf"
aset "$kerja/aset8k" 7900;  ukur "7.900 baris aset, build (ditolak)" build -m "$kerja/aset8k" -o "$kerja/f.pdf"
aset "$kerja/aset50k" 50000; ukur "50.000 baris aset, build (ditolak)" build -m "$kerja/aset50k" -o "$kerja/d.pdf"
lama() { # folder, fixture, name: the sample with aset.xlsx replaced
  mkdir -p "$1"; cp inputs/* "$1/"; rm "$1/aset.xlsx"; cp "$2" "$1/$3"
}
lama "$kerja/xls" tests/data/raksasa/dimensi-raksasa.xls aset.xls; ukur ".xls mengaku 4,3 miliar baris, check (ditolak)" check "$kerja/xls"
lama "$kerja/ods" tests/data/raksasa/baris-berulang.ods aset.ods; ukur ".ods 1 juta baris berulang, check (ditolak)" check "$kerja/ods"
