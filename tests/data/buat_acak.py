"""Writes tests/data/acak/: the sample workbooks as a user might really have them.

Columns in another order with other (alias) headers, a merged title row and a
blank row above the header, an extra column, blank rows between the data,
numbers typed as text in Indonesian format, and a trailing "Jumlah" row.
The report built from it must be identical to the sample's.
Run: python3 tests/data/buat_acak.py   (needs openpyxl)
"""
from decimal import Decimal
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "inputs"
DST = Path(__file__).resolve().parent / "acak"
ALIAS = {"Anggaran (Rp)": "PAGU (Rp)", "Nama Barang": "NAMA BARANG", "Jumlah": "Jml", "Realisasi (Rp)": "realisasi"}


def indo(v):
    """A number as Indonesian text: 4340606081 -> '4.340.606.081', 75.44 -> '75,44'."""
    d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    sign = "-" if d < 0 else ""
    d = abs(d)
    text = format(d.normalize(), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def main():
    DST.mkdir(exist_ok=True)
    for src in sorted(SRC.glob("*.xlsx")):
        wb = openpyxl.load_workbook(src)
        out = openpyxl.Workbook()
        out.remove(out.active)
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            rows = [r for r in rows if any(c is not None for c in r)]
            header, data = rows[0], rows[1:]
            order = list(reversed(range(len(header))))
            new = out.create_sheet(ws.title)
            ncol = len(header) + 1
            new.cell(1, 1, f"DATA {ws.title.upper()} TAHUN 2024")
            new.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
            heads = [ALIAS.get(header[i], header[i]) for i in order] + ["Keterangan"]
            for j, h in enumerate(heads, start=1):
                new.cell(3, j, h)
            r = 4
            total = {}
            for k, row in enumerate(data):
                if k == 2:
                    r += 1  # a blank row between the data
                for j, i in enumerate(order, start=1):
                    v = row[i]
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        total[j] = total.get(j, 0) + Decimal(repr(v)) if isinstance(v, float) else total.get(j, 0) + v
                        v = indo(v)
                    if v is not None:
                        new.cell(r, j, v)
                new.cell(r, ncol, "catatan")
                r += 1
            if ws.title == "Aset":
                name_col = heads.index("NAMA BARANG") + 1
                qty_col = heads.index("Jml") + 1
                new.cell(r, name_col, "JUMLAH")
                new.cell(r, qty_col, indo(total[qty_col]))
        out.save(DST / src.name)


if __name__ == "__main__":
    main()
