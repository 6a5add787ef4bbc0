#!/usr/bin/env python3
"""Loose lines of justified text in a lapkin PDF (issue 14).

A *full justified body line* is a line of body-size text (10-13 pt high) on a
portrait page that reaches the right margin (within 0.5 pt of the most common
right end of body lines on the page), has at least three words, and is not a line of
dot leaders (table of contents). Its word gaps are measured from
`pdftotext -bbox-layout`; a line is *loose* when its widest gap exceeds 8 pt.

Usage: tools/ukur-renggang.py FILE.pdf [--rinci]
Prints: full lines, loose lines, median and 90th percentile of the gaps.
"""
import re
import statistics
import subprocess
import sys


def baris(pdf):
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    for hal, page in enumerate(re.split(r"<page ", xml)[1:], start=1):
        w, h = (float(x) for x in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        if w > h:
            continue  # landscape pages: org chart, wide tables
        lines = []
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            words = [
                (float(a), float(b), t)
                for a, b, t in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', m.group(5))
            ]
            lines.append((x0, y0, x1, y1, words))
        if not lines:
            continue
        # The right edge of the text column: the most common right end of
        # body lines (a line overflowing the margin must not move it).
        ujung = [round(l[2], 1) for l in lines if 10 <= l[3] - l[1] <= 13.5]
        if not ujung:
            continue
        kanan = max(set(ujung), key=ujung.count)
        for x0, y0, x1, y1, words in lines:
            tinggi = y1 - y0
            if not (10 <= tinggi <= 13.5) or len(words) < 3:
                continue
            # A line ending in a hyphen (hard or at a soft hyphen) lets the
            # hyphen hang into the margin (Typst's overhang): it is full too.
            tanda = words[-1][2].endswith(("-", "\u00ad"))
            if x1 < kanan - 0.5 or x1 > kanan + (6 if tanda else 0.5):
                continue
            if sum(1 for w in words if w[2] == ".") > 3:
                continue
            gaps = [b[0] - a[1] for a, b in zip(words, words[1:])]
            teks = " ".join(w[2] for w in words).replace("\u00ad", "")
            yield hal, max(gaps), gaps, teks


def main():
    pdf = sys.argv[1]
    rinci = "--rinci" in sys.argv
    semua = list(baris(pdf))
    gaps = [g for _, _, gs, _ in semua for g in gs]
    longgar = [(h, m, t) for h, m, _, t in semua if m > 8]
    print(f"baris penuh: {len(semua)}")
    print(f"baris longgar (sela > 8 pt): {len(longgar)}")
    if gaps:
        gaps.sort()
        print(f"sela median: {statistics.median(gaps):.1f} pt, persentil 90: {gaps[int(len(gaps) * 0.9)]:.1f} pt")
    if rinci:
        for h, m, t in longgar:
            print(f"  hal. {h}: {m:.1f} pt  {t[:90]}")


if __name__ == "__main__":
    main()
