#!/usr/bin/env bash
# Measures `lapkin serve` (release) on a copy of the sample, as its user meets it:
# the page (GET /), a page preview rendered from the PDF (first request, then
# cached), the PDF download, the check of an uploaded lapkin.yaml, and the time
# from that upload to the rebuilt PDF the page offers. Median, min and max of N
# rounds (default 20); plain HTTP over loopback with Python's http.client.
# Usage: tools/ukur-layan.sh [N] [path/to/lapkin]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"
bin="${2:-target/release/lapkin}"
[ -n "${2:-}" ] || cargo build --release --quiet
python3 - "$bin" "$n" <<'PY'
import http.client, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

bin_, n = os.path.abspath(sys.argv[1]), int(sys.argv[2])
tmp = tempfile.mkdtemp(prefix="ukur-layan-")
masukan = os.path.join(tmp, "in")
shutil.copytree("inputs", masukan)
p = subprocess.Popen([bin_, "serve", "--port", "0", "--tanpa-peramban", "--masukan", masukan,
                      "--keluaran", os.path.join(tmp, "lapkin.pdf"), "--huruf", "fonts"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = re.search(r"http://\S+", p.stdout.readline()).group(0)
    port = int(url.rstrip("/").rsplit(":", 1)[1])

    def minta(metode, jalur, badan=None, kepala=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request(metode, jalur, body=badan, headers=kepala or {})
        r = c.getresponse()
        isi = r.read()
        c.close()
        return r.status, isi

    def keadaan():
        return json.loads(minta("GET", "/keadaan")[1])

    while not keadaan()["selesai"]:
        time.sleep(0.05)
    token = re.search(rb'name="lapkin-token" content="([0-9a-f]+)"', minta("GET", "/")[1]).group(1).decode()
    asal = f"http://127.0.0.1:{port}"
    yaml = open(os.path.join(masukan, "lapkin.yaml"), "rb").read()

    def waktu(f):
        t = time.perf_counter()
        f()
        return (time.perf_counter() - t) * 1000

    hasil = {"halaman (GET /)": [], "pratinjau pertama (PNG)": [], "pratinjau tersimpan (PNG)": [],
             "unduh PDF": [], "periksa unggahan lapkin.yaml": [], "unggah → PDF baru": []}
    for i in range(n):
        hasil["halaman (GET /)"].append(waktu(lambda: minta("GET", "/")))
        versi = keadaan()["versi"]
        hasil["unduh PDF"].append(waktu(lambda: minta("GET", "/laporan.pdf")))
        # A different narrative each round: the upload is checked, accepted and rebuilt.
        baru = yaml.replace(b"kata_pengantar: |\n  ", b"kata_pengantar: |\n  Putaran %d. " % i, 1)
        assert baru != yaml
        t0 = time.perf_counter()
        s, isi = minta("POST", "/unggah?nama=lapkin.yaml", baru,
                       {"X-Lapkin-Token": token, "Origin": asal})
        hasil["periksa unggahan lapkin.yaml"].append((time.perf_counter() - t0) * 1000)
        assert s == 200, isi
        while True:
            k = keadaan()
            if k["versi"] >= versi + 2 and k["berhasil"]:
                break
            time.sleep(0.005)
        hasil["unggah → PDF baru"].append((time.perf_counter() - t0) * 1000)
        hal = 1 + i % 30
        hasil["pratinjau pertama (PNG)"].append(waktu(lambda: minta("GET", f"/halaman/{hal}.png")))
        hasil["pratinjau tersimpan (PNG)"].append(waktu(lambda: minta("GET", f"/halaman/{hal}.png")))
    print(f"lapkin serve, contoh BKPSDM, {n} putaran ({bin_}):")
    print("| langkah | median (ms) | min | maks |")
    print("|---|---|---|---|")
    for k, v in hasil.items():
        print(f"| {k} | {statistics.median(v):.0f} | {min(v):.0f} | {max(v):.0f} |")
finally:
    p.kill()
    p.wait()
    shutil.rmtree(tmp, ignore_errors=True)
PY
