#!/usr/bin/env bash
# Measures `lapkin watch` (release): a saved one-cell correction → the new PDF on
# disk. Each correction is saved as spreadsheet programs do (a whole new file
# renamed over the workbook); the time runs from the rename until the PDF's
# new inode is in place. Median, min and max of N corrections (default 20),
# for two figures of kinerja.xlsx: Survei!B2 (a sentence and a table of
# BAB III) and IKU!F2 (a realisation: capaian, criterion, averages, charts).
# Usage: tools/ukur-pantau.sh [N] [path/to/lapkin]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"
bin="${2:-target/release/lapkin}"
[ -n "${2:-}" ] || cargo build --release --quiet
python3 - "$bin" "$n" <<'PY'
import os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, zipfile

bin_, n = os.path.abspath(sys.argv[1]), int(sys.argv[2])

def varian(asal, tujuan, lembar, sel, nilai):
    """A copy of workbook `asal` with number cell `sel` of sheet file `lembar` set to `nilai`."""
    with zipfile.ZipFile(asal) as zi, zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zi.infolist():
            isi = zi.read(item.filename)
            if item.filename == lembar:
                teks, k = re.subn(r'(<c r="%s"[^>]*><v>)[^<]*(</v>)' % sel,
                                  r"\g<1>%s\g<2>" % nilai, isi.decode())
                assert k == 1, (lembar, sel)
                isi = teks.encode()
            zo.writestr(item, isi)

def ukur(nama, berkas, lembar, sel, nilai):
    tmp = tempfile.mkdtemp(prefix="ukur-pantau-")
    masukan, keluaran = os.path.join(tmp, "in"), os.path.join(tmp, "out", "lapkin.pdf")
    shutil.copytree("inputs", masukan)
    var = os.path.join(tmp, "var")
    os.mkdir(var)
    for i in range(n):
        varian(os.path.join("inputs", berkas), os.path.join(var, f"{i}.xlsx"), lembar, sel, nilai(i))
    p = subprocess.Popen([bin_, "watch", "--masukan", masukan, "--keluaran", keluaran],
                         stderr=subprocess.PIPE, text=True)
    baris = []
    def baca():
        for b in p.stderr:
            baris.append(b)
    threading.Thread(target=baca, daemon=True).start()
    def tunggu_baris(k):
        batas = time.time() + 120
        while time.time() < batas:
            for b in baris:
                if b.startswith(f"[{k}] "):
                    return b
            time.sleep(0.01)
        sys.exit(f"lapkin watch tidak melaporkan penyusunan [{k}]:\n" + "".join(baris))
    try:
        tunggu_baris(0)
        disk, lapor, typst = [], [], []
        for i in range(n):
            time.sleep(0.4)
            ino = os.stat(keluaran).st_ino
            t0 = time.perf_counter()
            os.rename(os.path.join(var, f"{i}.xlsx"), os.path.join(masukan, berkas))
            while os.stat(keluaran).st_ino == ino:
                if time.perf_counter() - t0 > 60:
                    sys.exit("PDF tidak berganti dalam 60 detik:\n" + "".join(baris))
                time.sleep(0.0005)
            disk.append((time.perf_counter() - t0) * 1000)
            b = tunggu_baris(i + 1)
            m = re.search(r"\(([\d,]+) detik; Typst ([\d,]+) detik\)", b)
            if not m:
                sys.exit("penyusunan ulang gagal:\n" + "".join(baris))
            lapor.append(float(m.group(1).replace(",", ".")) * 1000)
            typst.append(float(m.group(2).replace(",", ".")) * 1000)
    finally:
        p.terminate()
        p.wait()
    shutil.rmtree(tmp)
    def r(xs):
        return f"median {statistics.median(xs):.1f} ms (min {min(xs):.1f}, maks {max(xs):.1f})"
    print(f"{nama}, {n} kali:")
    print(f"  disimpan → PDF baru di disk: {r(disk)}")
    print(f"  dilaporkan lapkin (baca ulang → PDF ditulis): {r(lapor)}")
    print(f"  di antaranya Typst (tata letak + ekspor PDF): {r(typst)}")

ukur("kinerja.xlsx Survei!B2 (jumlah responden puas)", "kinerja.xlsx",
     "xl/worksheets/sheet2.xml", "B2", lambda i: 200 + i)
ukur("kinerja.xlsx IKU!F2 (realisasi indikator kinerja utama 1)", "kinerja.xlsx",
     "xl/worksheets/sheet1.xml", "F2", lambda i: f"{80 + i / 10:.1f}")
PY
