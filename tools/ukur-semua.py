#!/usr/bin/env python3
"""Issue 9's benchmark: every speed and memory figure side by side, in one run.

Measures, with the release build:
  1. the cold build of the sample (hyperfine; lapkin's own "Typst" time; peak
     memory with /usr/bin/time -v);
  2. the same Typst sources that lapkin emits (`build --emit-typst`), compiled
     by the Typst command line alone (typst-cli 0.15, same fonts, same PDF
     standards): what lapkin's pipeline adds on top of Typst;
  3. `lapkin watch`: a saved one-cell correction until the new PDF is on disk
     (tools/ukur-pantau.sh);
  4. 40 agencies in one `lapkin build` against 40 separate processes
     (tools/ukur-banyak.sh);
  5. `lapkin check` on 5,000 and 50,000 budget rows (time ratio: linear cost);
and writes the figures, the commands and the machine into docs/performance.md
between the markers `<!-- ukur-semua: awal -->` and `<!-- ukur-semua: akhir -->`
(replacing the previous run there). Times on a shared machine are noisy: the
tables give min / median / max and ratios.

Needs hyperfine, GNU time (/usr/bin/time), python3 with openpyxl; the Typst
command line for row 2 (`typst` on PATH, or TYPST=/path/to/typst; install it
with `cargo install --locked typst-cli --version 0.15.1`), otherwise that row
says it was not measured.

Usage: tools/ukur-semua.py [--kali N] [--instansi N] [--tanpa-tulis]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

AKAR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(AKAR, "target", "release", "lapkin")
AWAL, AKHIR = "<!-- ukur-semua: awal -->", "<!-- ukur-semua: akhir -->"


def jalan(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def hyperfine(perintah, kali, nama, gagal_boleh=False):
    """min / median / max in ms of `perintah` (a shell command) over `kali` runs;
    `gagal_boleh`: a non-zero exit code (check finding errors) is timed too."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        jalan(["hyperfine", "--warmup", "1", "--runs", str(kali), "--export-json", f.name, "-n", nama,
               *(["-i"] if gagal_boleh else []), perintah])
        t = json.load(open(f.name))["results"][0]["times"]
    t = [x * 1000 for x in t]
    return min(t), statistics.median(t), max(t)


def memori_mb(args, cwd=None):
    """Peak resident memory (MB) and exit code of one run, from /usr/bin/time -v."""
    p = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, cwd=cwd)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return (int(m.group(1)) / 1024 if m else float("nan")), p.returncode


def ms(t):
    return f"{t[1]:.0f} ms ({t[0]:.0f}–{t[2]:.0f})"


def typst_lapkin(kali, keluaran):
    """Median of the Typst time lapkin reports for the sample ("Typst 0,372 detik")."""
    xs = []
    for _ in range(kali):
        p = subprocess.run([BIN, "build", "--keluaran", keluaran], capture_output=True, text=True, cwd=AKAR)
        m = re.search(r"Typst ([\d,]+) detik", p.stderr)
        if m:
            xs.append(float(m.group(1).replace(",", ".")) * 1000)
    return min(xs), statistics.median(xs), max(xs)


def cari_typst():
    t = os.environ.get("TYPST") or shutil.which("typst")
    if t and os.access(t, os.X_OK):
        return t
    return None


def anggaran(folder, baris):
    """A copy of inputs/ whose anggaran.xlsx has `baris` extra sub-kegiatan rows."""
    import openpyxl
    shutil.copytree(os.path.join(AKAR, "inputs"), folder)
    asal = openpyxl.load_workbook(os.path.join(AKAR, "inputs", "anggaran.xlsx"), read_only=True)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Anggaran")
    for r in asal["Anggaran"].iter_rows(values_only=True):
        ws.append(list(r))
    # A programme of its own with one kegiatan; their totals left empty, so
    # lapkin sums the sub-kegiatan itself.
    ws.append(["9", "Program Uji Beban", None, None, None])
    ws.append(["9.1", "Kegiatan Uji Beban", None, None, None])
    for i in range(baris):
        ws.append([f"9.1.{i + 1}", f"Sub kegiatan uji {i + 1}", "Belanja Operasi", 1000, 900])
    wb.save(os.path.join(folder, "anggaran.xlsx"))


def mesin():
    cpu = "?"
    for b in open("/proc/cpuinfo"):
        if b.startswith("model name"):
            cpu = b.split(":", 1)[1].strip()
            break
    mem = next(int(b.split()[1]) for b in open("/proc/meminfo") if b.startswith("MemTotal"))
    return f"{os.cpu_count()} inti, {cpu}, {mem / 1024 / 1024:.0f} GiB, {platform.system()} {platform.release()}"


def beban():
    return open("/proc/loadavg").read().split()[0].replace(".", ",")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kali", type=int, default=15, help="runs per timed command (default 15)")
    ap.add_argument("--instansi", type=int, default=40, help="agencies for row 4 (default 40)")
    ap.add_argument("--tanpa-tulis", action="store_true", help="print only; leave docs/performance.md")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=AKAR)
    kerja = tempfile.mkdtemp(prefix="ukur-semua-")
    baris = []
    catat = lambda s: (print(s, flush=True), baris.append(s))
    beban_awal = beban()
    komit = jalan(["git", "rev-parse", "--short", "HEAD"], cwd=AKAR).stdout.strip()
    try:
        pdf = os.path.join(kerja, "lapkin.pdf")
        # 1. Cold sample build.
        utuh = hyperfine(f"{BIN} build --keluaran {pdf}", a.kali, "lapkin build")
        typ = typst_lapkin(a.kali, pdf)
        mem_build, _ = memori_mb([BIN, "build", "--keluaran", pdf], cwd=AKAR)
        sendiri = utuh[1] - typ[1]
        catat("| ukuran | hasil | memori puncak | target issue 9 |")
        catat("|---|---|---|---|")
        catat(f"| 1. `lapkin build` contoh, dingin (proses utuh) | {ms(utuh)} | {mem_build:.0f} MB | — |")
        catat(f"| … di antaranya Typst (tata letak + ekspor PDF), dilaporkan lapkin | {ms(typ)} | | ≤ 150 ms |")
        catat(f"| … pekerjaan lapkin sendiri (proses utuh − Typst, median) | {sendiri:.0f} ms = {100 * sendiri / typ[1]:.0f} % dari Typst | | < 15 % dari Typst |")
        # 2. The same Typst, compiled by Typst alone.
        typst = cari_typst()
        if typst:
            subprocess.run([BIN, "build", "--emit-typst", "--keluaran", pdf], check=True, capture_output=True, cwd=AKAR)
            src = os.path.join(kerja, "typst")
            perintah = f"{typst} compile --root {src} --font-path {src}/huruf --ignore-system-fonts --pdf-standard a-2a,ua-1 {src}/main.typ {kerja}/typst.pdf"
            saja = hyperfine(perintah, a.kali, "typst compile")
            mem_typst, _ = memori_mb(perintah.split())
            ver = jalan([typst, "--version"]).stdout.strip()
            catat(f"| 2. sumber Typst yang sama (`--emit-typst`), `typst compile` saja ({ver}) | {ms(saja)}; lapkin utuh / Typst saja = {utuh[1] / saja[1]:.2f} | {mem_typst:.0f} MB | — |")
        else:
            catat("| 2. sumber Typst yang sama, `typst compile` saja | tidak diukur: `typst` tidak ada (TYPST=… atau `cargo install --locked typst-cli --version 0.15.1`) | | — |")
        # 3. watch.
        p = jalan([os.path.join(AKAR, "tools", "ukur-pantau.sh"), str(max(a.kali, 10)), BIN], cwd=AKAR)
        for nama, m in zip(("Survei!B2", "IKU!F2"), re.finditer(r"disimpan → PDF baru di disk: median ([\d.]+) ms \(min ([\d.]+), maks ([\d.]+)\)", p.stdout)):
            catat(f"| 3. `lapkin watch`, koreksi `kinerja.xlsx` {nama} → PDF baru di disk | {float(m.group(1)):.0f} ms ({float(m.group(2)):.0f}–{float(m.group(3)):.0f}) | | ≤ 80 ms |")
        # 4. Many agencies.
        p = jalan([os.path.join(AKAR, "tools", "ukur-banyak.sh"), str(a.instansi), "3"], cwd=AKAR)
        beda = p.stdout.split("salinan beda", 1)[-1]
        def waktu(nama):
            m = re.search(re.escape(nama) + r"[^\n]*\n\s*Time \(mean ± σ\):\s*([\d.]+) s", beda)
            return float(m.group(1)) if m else float("nan")
        satu, urut, par = waktu("satu proses"), waktu(f"{a.instansi} proses berurutan"), waktu(f"{a.instansi} proses, 2 sekaligus")
        m = re.search(r"satu proses: .*Maximum resident set size \(kbytes\): (\d+)", beda)
        mem_satu = int(m.group(1)) / 1024 if m else float("nan")
        catat(f"| 4. {a.instansi} instansi berbeda, satu `lapkin build` (rata-rata 3 kali) | {satu:.1f} s | {mem_satu:.0f} MB | ≤ 3 s, ≤ 150 MB |")
        catat(f"| … {a.instansi} proses terpisah berurutan / 2 sekaligus | {urut:.1f} s / {par:.1f} s; satu proses / berurutan = {satu / urut:.2f} | | — |")
        # 5. check on 5,000 and 50,000 budget rows.
        hasil = {}
        for n in (5000, 50000):
            d = os.path.join(kerja, f"anggaran-{n}")
            anggaran(d, n)
            hasil[n] = (hyperfine(f"{BIN} check {d}", max(3, a.kali // 3), f"check {n}", True), memori_mb([BIN, "check", d]))
        (t5, (m5, k5)), (t50, (m50, k50)) = hasil[5000], hasil[50000]
        catat(f"| 5. `lapkin check`, 5.000 baris anggaran (kode keluar {k5}) | {ms(t5)} | {m5:.0f} MB | linear |")
        catat(f"| … 50.000 baris anggaran (kode keluar {k50}) | {ms(t50)}; 50.000 / 5.000 = {t50[1] / t5[1]:.1f}× (10× baris) | {m50:.0f} MB | linear |")
    finally:
        shutil.rmtree(kerja, ignore_errors=True)
    tanggal = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    kepala = [
        AWAL,
        "## Semua ukuran issue 9 sekaligus (`tools/ukur-semua.py`)",
        "",
        f"Dijalankan {tanggal} pada komit `{komit}`, build release, mesin: {mesin()}; beban (load average 1 menit) "
        f"{beban_awal} di awal, {beban()} di akhir. Waktu: median (min–maks).",
        "",
        "```sh",
        f"tools/ukur-semua.py --kali {a.kali} --instansi {a.instansi}",
        "```",
        "",
    ]
    bagian = "\n".join(kepala + baris + ["", AKHIR]) + "\n"
    if a.tanpa_tulis:
        return
    path = os.path.join(AKAR, "docs", "performance.md")
    isi = open(path, encoding="utf-8").read()
    if AWAL in isi and AKHIR in isi:
        isi = isi[: isi.index(AWAL)] + bagian + isi[isi.index(AKHIR) + len(AKHIR) + 1:]
    else:
        isi = isi.rstrip("\n") + "\n\n" + bagian
    open(path, "w", encoding="utf-8").write(isi)
    print(f"ditulis ke {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
