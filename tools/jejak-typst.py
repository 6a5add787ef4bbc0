#!/usr/bin/env python3
"""Where Typst's time goes in lapkin's templates.

Reads the Chrome trace that `LAPKIN_JEJAK_TYPST=FILE lapkin build` writes
(Typst's own timing scopes) and prints, per thread-summed scope name, the
inclusive and self time, and the template lines whose scopes cost the most
(self time: a scope's time minus its children's), and the time of each of
Typst's layout passes.

Usage:
  LAPKIN_JEJAK_TYPST=/tmp/jejak.json target/release/lapkin build -o /tmp/x.pdf
  tools/jejak-typst.py /tmp/jejak.json [N]
"""
import collections
import json
import sys


def main():
    jalur = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    peristiwa = json.load(open(jalur))
    tumpukan = collections.defaultdict(list)  # tid -> [(name, start, place, child_time)]
    inklusif = collections.Counter()
    sendiri = collections.Counter()
    kali = collections.Counter()
    per_baris = collections.Counter()
    per_berkas = collections.Counter()
    akar = 0.0
    for p in peristiwa:
        t = tumpukan[p["tid"]]
        if p["ph"] == "B":
            a = p.get("args") or {}
            t.append([p["name"], p["ts"], (a.get("file"), a.get("line")), 0.0])
            continue
        nama, mulai, tempat, anak = t.pop()
        lama = p["ts"] - mulai
        diri = lama - anak
        if t:
            t[-1][3] += lama
        else:
            akar += lama
        # Inclusive time per name counts only the outermost scope of that
        # name on the stack, so recursion is not counted twice.
        if all(s[0] != nama for s in t):
            inklusif[nama] += lama
        sendiri[nama] += diri
        kali[nama] += 1
        if tempat[0]:
            per_baris[f"{tempat[0]}:{tempat[1]} ({nama})"] += diri
            per_berkas[tempat[0]] += diri
    ms = lambda us: f"{us / 1000:9.1f} ms"
    print(f"seluruh cakupan teratas (jumlah semua utas): {ms(akar)}")
    # Typst's introspection passes are the scopes "iter (1)" … "iter (5)".
    putaran = [(nama, inklusif[nama]) for nama in sorted(inklusif) if nama.startswith("iter (")]
    print("putaran tata letak: " + ", ".join(f"{n} {w / 1000:.0f} ms" for n, w in putaran) + "\n")
    print(f"{'cakupan':32} {'inklusif':>12} {'sendiri':>12} {'kali':>8}")
    for nama, _ in sorted(sendiri.items(), key=lambda x: -x[1])[:n]:
        print(f"{nama:32} {ms(inklusif[nama])} {ms(sendiri[nama])} {kali[nama]:8}")
    print("\nwaktu sendiri per berkas templat:")
    for b, w in per_berkas.most_common(n):
        print(f"  {b:40} {ms(w)}")
    print("\nbaris templat termahal (waktu sendiri):")
    for b, w in per_baris.most_common(n):
        print(f"  {b:60} {ms(w)}")


if __name__ == "__main__":
    main()
