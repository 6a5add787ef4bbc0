#!/usr/bin/env python3
"""Contact sheet of a PDF: every page side by side in one PNG (stdlib only).

Usage: tools/lembar-kontak.py FILE.pdf OUT.png [--dpi 40] [--kolom 6] [--halaman A-B]

Pages are rendered by pdftoppm (poppler) as PPM, placed on a grid (landscape
pages keep their shape, scaled to the width of a portrait page), and written as PNG with
zlib. docs/lembar-kontak.png is made with --dpi 50 --kolom 6: headings (14 pt, about 10 px)
can be read.
"""
import argparse
import glob
import os
import struct
import subprocess
import tempfile
import zlib


def baca_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", path
    w, h = int(parts[1]), int(parts[2])
    piksel = parts[4][: w * h * 3]
    return w, h, piksel


def kecilkan(w, h, piksel, lebar):
    """Nearest-neighbour scaling to a given width."""
    if w <= lebar:
        return w, h, piksel
    tinggi = max(1, h * lebar // w)
    out = bytearray(lebar * tinggi * 3)
    for y in range(tinggi):
        sy = y * h // tinggi
        for x in range(lebar):
            sx = x * w // lebar
            i = (sy * w + sx) * 3
            j = (y * lebar + x) * 3
            out[j : j + 3] = piksel[i : i + 3]
    return lebar, tinggi, bytes(out)


def palet():
    """216 colours (6 levels per channel) and 40 greys: text stays smooth, charts keep colour."""
    warna = [(r * 51, g * 51, b * 51) for r in range(6) for g in range(6) for b in range(6)]
    warna += [(round(i * 255 / 39),) * 3 for i in range(40)]
    return warna


def indeks(piksel):
    """Each RGB pixel as an index into palet(), one byte per pixel."""
    tembolok = {}
    out = bytearray(len(piksel) // 3)
    for n in range(len(out)):
        rgb = piksel[3 * n : 3 * n + 3]
        i = tembolok.get(rgb)
        if i is None:
            r, g, b = rgb
            if max(rgb) - min(rgb) < 10:
                i = 216 + round((r + g + b) / 3 * 39 / 255)
            else:
                i = 36 * round(r / 51) + 6 * round(g / 51) + round(b / 51)
            tembolok[rgb] = i
        out[n] = i
    return bytes(out)


def tulis_png(path, w, h, piksel):
    idx = indeks(piksel)
    baris = b"".join(b"\x00" + idx[y * w : (y + 1) * w] for y in range(h))

    def potong(jenis, isi):
        return struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(potong(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0)))
        f.write(potong(b"PLTE", b"".join(bytes(c) for c in palet())))
        f.write(potong(b"IDAT", zlib.compress(baris, 9)))
        f.write(potong(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("png")
    ap.add_argument("--dpi", type=int, default=40)
    ap.add_argument("--kolom", type=int, default=6)
    ap.add_argument("--halaman", default=None)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["pdftoppm", "-r", str(a.dpi)]
        if a.halaman:
            awal, akhir = a.halaman.split("-")
            cmd += ["-f", awal, "-l", akhir]
        subprocess.run(cmd + [a.pdf, os.path.join(tmp, "h")], check=True)
        halaman = [baca_ppm(p) for p in sorted(glob.glob(os.path.join(tmp, "h-*.ppm")))]
    # Landscape pages (the org chart) are scaled to the width of a portrait page.
    lebar_tegak = max((w for w, h, _ in halaman if h >= w), default=None)
    if lebar_tegak:
        halaman = [kecilkan(w, h, p, lebar_tegak) if w > h else (w, h, p) for w, h, p in halaman]
    tinggi = max(h for _, h, _ in halaman)
    sela = 6
    lebar_sel = max(w for w, _, _ in halaman)
    kolom = min(a.kolom, len(halaman))
    baris_n = (len(halaman) + kolom - 1) // kolom
    W = kolom * lebar_sel + (kolom + 1) * sela
    H = baris_n * tinggi + (baris_n + 1) * sela
    kanvas = bytearray(b"\x80" * (W * H * 3))
    for n, (w, h, p) in enumerate(halaman):
        x0 = sela + (n % kolom) * (lebar_sel + sela) + (lebar_sel - w) // 2
        y0 = sela + (n // kolom) * (tinggi + sela)
        for y in range(h):
            i = ((y0 + y) * W + x0) * 3
            kanvas[i : i + w * 3] = p[y * w * 3 : (y + 1) * w * 3]
    tulis_png(a.png, W, H, bytes(kanvas))


if __name__ == "__main__":
    main()
