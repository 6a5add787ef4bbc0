"""`lapkin init` checked with a real spreadsheet library (openpyxl).

1. The blank workbooks have the loader's headers, drop-down lists for the closed
   choices, number formats and column widths.
2. Filled with the sample's data (by header name), they build the same report
   as the sample itself (same pdftotext text).
3. `lapkin init --dari inputs` advances the year and keeps last year's
   realisation as a "Realisasi <year>" column, this year's empty.

Run by .ci/run after `cargo test` (which builds target/debug/lapkin).
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
LAPKIN = ROOT / "target" / "debug" / "lapkin"
hasil = {"lulus": 0, "gagal": 0}


def cek(kondisi, pesan):
    if kondisi:
        hasil["lulus"] += 1
    else:
        hasil["gagal"] += 1
        print("GAGAL:", pesan)


def lapkin(*args):
    return subprocess.run([str(LAPKIN), *map(str, args)], capture_output=True, text=True)


def teks_pdf(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def validasi(ws):
    """Column letter -> list of allowed values."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            values = dv.formula1.strip('"').split(",")
            for rng in str(dv.sqref).split():
                out[rng.rstrip("0123456789").split(":")[0].rstrip("0123456789")] = values
    return out


def kolom(ws):
    return {c.value: c.column_letter for c in ws[1] if c.value}


def main():
    tmp = Path(tempfile.mkdtemp(prefix="lapkin-init-"))
    baru = tmp / "baru"
    r = lapkin("init", baru)
    cek(r.returncode == 0, f"lapkin init gagal: {r.stderr}")

    # 1. Headers, lists, formats, widths.
    aset = openpyxl.load_workbook(baru / "aset.xlsx")["Aset"]
    k = kolom(aset)
    cek(list(k) == ["No", "Nama Barang", "Jumlah", "Kondisi"], f"judul Aset: {list(k)}")
    cek(validasi(aset).get(k["Kondisi"]) == ["Baik", "Rusak Ringan", "Rusak Berat"], "daftar Kondisi")
    cek(aset[k["Jumlah"] + "2"].number_format == "#,##0", "format angka Jumlah")
    cek(aset.column_dimensions[k["Nama Barang"]].width > 30, "lebar kolom Nama Barang")
    cek(aset.freeze_panes == "A2", "baris judul dibekukan")

    ang = openpyxl.load_workbook(baru / "anggaran.xlsx")["Anggaran"]
    k = kolom(ang)
    cek(list(k) == ["Kode", "Uraian", "Jenis Belanja", "Anggaran (Rp)", "Realisasi (Rp)"], f"judul Anggaran: {list(k)}")
    cek("Belanja Modal" in validasi(ang).get(k["Jenis Belanja"], []), "daftar Jenis Belanja")
    cek(ang[k["Anggaran (Rp)"] + "4"].number_format == "#,##0", "format Rupiah")
    cek(ang[k["Kode"] + "3"].number_format == "@" and ang[k["Kode"] + "3"].value == "1.1", "kode sebagai teks")

    kin = openpyxl.load_workbook(baru / "kinerja.xlsx")
    k = kolom(kin["IKU"])
    cek(validasi(kin["IKU"]).get(k["Arah"]) == ["Naik", "Turun", "Predikat"], "daftar Arah")
    cek(kin.sheetnames == ["IKU", "Survei", "IP ASN"], f"lembar kinerja: {kin.sheetnames}")
    k = kolom(kin["IP ASN"])
    cek(validasi(kin["IP ASN"]).get(k["Kelompok"]) == ["Keseluruhan", "Jenis Kelamin", "Jenis Jabatan", "Pendidikan"], "daftar Kelompok")
    cek(kin["IP ASN"][k["Kualifikasi"] + "2"].number_format == "0.00", "format desimal")
    peg = openpyxl.load_workbook(baru / "pegawai.xlsx")
    cek(peg.sheetnames == ["Jenis Kelamin", "Golongan", "Pendidikan", "Jabatan"], f"lembar pegawai: {peg.sheetnames}")

    # 2. Filled with the sample's data, the same report.
    for src in sorted((ROOT / "inputs").glob("*.xlsx")):
        contoh = openpyxl.load_workbook(src)
        tujuan = openpyxl.load_workbook(baru / src.name)
        for ws in contoh.worksheets:
            dst = tujuan[ws.title]
            head = [c.value for c in ws[1]]
            kol = kolom(dst)
            hilang = [h for h in head if h is not None and h not in kol]
            cek(not hilang, f"{src.name}/{ws.title}: kolom {hilang} tidak ada di templat init")
            dst.delete_rows(2, dst.max_row)
            for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
                for h, v in zip(head, row):
                    if v is not None and h in kol:
                        dst[f"{kol[h]}{i}"] = v
        tujuan.save(baru / src.name)
    shutil.copy(ROOT / "inputs" / "lapkin.yaml", baru / "lapkin.yaml")
    r1 = lapkin("build", "--masukan", baru, "--keluaran", tmp / "init.pdf")
    cek(r1.returncode == 0, f"build dari templat init gagal: {r1.stderr}")
    r2 = lapkin("build", "--masukan", ROOT / "inputs", "--keluaran", tmp / "sampel.pdf")
    cek(r2.returncode == 0, f"build sampel gagal: {r2.stderr}")
    if r1.returncode == 0 and r2.returncode == 0:
        cek(teks_pdf(tmp / "init.pdf") == teks_pdf(tmp / "sampel.pdf"), "teks laporan dari templat init berbeda dengan sampel")

    # 3. Next year from last year's folder.
    lanjut = tmp / "2025"
    r = lapkin("init", lanjut, "--dari", ROOT / "inputs")
    cek(r.returncode == 0, f"init --dari gagal: {r.stderr}")
    yaml = (lanjut / "lapkin.yaml").read_text()
    cek("tahun: 2025" in yaml and '"2026-01-31"' in yaml, "tahun dan tanggal dimajukan")
    iku = openpyxl.load_workbook(lanjut / "kinerja.xlsx")["IKU"]
    k = kolom(iku)
    cek("Realisasi 2024" in k, f"kolom Realisasi 2024: {list(k)}")
    cek(iku[k["Realisasi 2024"] + "3"].value == 75.44, "realisasi tahun lalu dibawa")
    cek(iku[k["Realisasi"] + "3"].value is None, "realisasi tahun ini kosong")
    ang = openpyxl.load_workbook(lanjut / "anggaran.xlsx")["Anggaran"]
    cek(ang.max_row == 37 and ang["B37"].value is not None and ang["D37"].value is None, "struktur anggaran dibawa, angkanya kosong")
    r = lapkin("init", lanjut)
    cek(r.returncode == 1 and "tidak menimpa" in r.stderr, "init menolak menimpa folder")

    shutil.rmtree(tmp)
    print(f"init_openpyxl: {hasil['lulus']} passed, {hasil['gagal']} failed")
    return 1 if hasil["gagal"] else 0


if __name__ == "__main__":
    sys.exit(main())
