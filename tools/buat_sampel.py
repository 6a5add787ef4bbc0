#!/usr/bin/env python3
"""Membuat empat buku kerja contoh (inputs/*.xlsx) dari data LAPKIN 2024
BKPSDM Kabupaten Batu Bara (shared/seed/000_6af50340b2eb7615.txt).

    pip install openpyxl
    python3 tools/buat_sampel.py            # menulis ke inputs/
    python3 tools/buat_sampel.py FOLDER     # menulis ke FOLDER

Skrip ini deterministik: masukan yang sama selalu menghasilkan berkas .xlsx
yang sama byte demi byte (tanggal dokumen dan cap waktu ZIP ditetapkan).

Angka ilustratif (bukan dari laporan asli, yang angkanya berupa gambar)
ditandai ILUSTRATIF di bawah dan dijelaskan di docs/masukan.md.
"""

import io
import math
import os
import re
import sys
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

# ---------------------------------------------------------------------------
# Format
# ---------------------------------------------------------------------------

RIBUAN = "#,##0"      # Rupiah dan cacah (tampil 5.581.000.815 pada lokal Indonesia)
DESIMAL = "0.00"      # nilai berdesimal (21,16)
TEKS = "@"            # kode (1.1 harus tetap teks, bukan angka)
UMUM = "General"      # kolom campuran angka/teks (Target "86" dan "BB")

TANGGAL_TETAP = datetime(2025, 1, 1, 0, 0, 0)
ZIP_WAKTU = (1980, 1, 1, 0, 0, 0)

FONT_KEPALA = Font(bold=True)
ISI_KEPALA = PatternFill("solid", fgColor="DDEBF7")
FONT_TEBAL = Font(bold=True)


class Kolom:
    """Satu kolom: teks kepala, format angka, lebar, dan apakah teksnya dibungkus."""

    def __init__(self, kepala, fmt=None, lebar=None, bungkus=False):
        self.kepala = kepala
        self.fmt = fmt
        self.lebar = lebar
        self.bungkus = bungkus


def lebar_isi(nilai, fmt):
    if nilai is None:
        return 0
    if isinstance(nilai, bool):
        return 5
    if isinstance(nilai, int) and fmt == RIBUAN:
        return len(f"{nilai:,}")
    if isinstance(nilai, float) and fmt == DESIMAL:
        return len(f"{nilai:.2f}")
    return len(str(nilai))


def tulis_sheet(wb, nama, kolom, baris, gaya_baris=None):
    """Menulis satu sheet: baris 1 = kepala (tebal, dibekukan), lalu data.

    gaya_baris(i, baris) -> dict opsional: {'tebal': bool, 'inden': {kolom_idx: n}}
    """
    ws = wb.create_sheet(nama)
    for j, k in enumerate(kolom, start=1):
        c = ws.cell(row=1, column=j, value=k.kepala)
        c.font = FONT_KEPALA
        c.fill = ISI_KEPALA
        c.alignment = Alignment(horizontal="center", vertical="center")

    for i, data in enumerate(baris, start=2):
        assert len(data) == len(kolom), (nama, data)
        gaya = gaya_baris(i, data) if gaya_baris else {}
        for j, (k, v) in enumerate(zip(kolom, data), start=1):
            c = ws.cell(row=i, column=j)
            if v is not None:
                c.value = v
            if k.fmt == TEKS:
                assert v is None or isinstance(v, str), (nama, k.kepala, v)
                c.number_format = TEKS
            elif k.fmt is not None and not isinstance(v, str):
                c.number_format = k.fmt
            inden = gaya.get("inden", {}).get(j - 1, 0)
            if k.bungkus or inden:
                c.alignment = Alignment(wrap_text=k.bungkus, vertical="top", indent=inden)
            else:
                c.alignment = Alignment(vertical="top")
            if gaya.get("tebal"):
                c.font = FONT_TEBAL

    lebar_kolom = []
    for j, k in enumerate(kolom, start=1):
        if k.lebar is not None:
            lebar = k.lebar
        else:
            isi = max([lebar_isi(r[j - 1], k.fmt) for r in baris] + [0])
            lebar = min(max(isi + 3, 8), 60)
        lebar = max(lebar, len(k.kepala) + 4)  # kepala selalu muat dalam satu baris
        lebar_kolom.append(lebar)
        ws.column_dimensions[get_column_letter(j)].width = lebar

    # Tinggi baris untuk teks panjang yang dibungkus (Excel tidak selalu menyesuaikan sendiri).
    for i, data in enumerate(baris, start=2):
        garis = 1
        for k, v, lebar in zip(kolom, data, lebar_kolom):
            if k.bungkus and isinstance(v, str):
                garis = max(garis, math.ceil(len(v) / (lebar - 6)))
        if garis > 1:
            ws.row_dimensions[i].height = 15 * garis

    ws.freeze_panes = "A2"
    return ws


def pilihan(ws, kolom_huruf, jumlah_baris, nilai, judul):
    """Daftar pilihan (data validation) untuk satu kolom, sampai baris 1000."""
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(nilai) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=judul,
        error="Pilih salah satu: " + ", ".join(nilai),
    )
    dv.add(f"{kolom_huruf}2:{kolom_huruf}1000")
    ws.add_data_validation(dv)


def buku_baru():
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "lapkin (tools/buat_sampel.py)"
    wb.properties.created = TANGGAL_TETAP
    wb.properties.modified = TANGGAL_TETAP
    return wb


def simpan(wb, path):
    """Simpan secara deterministik: tanggal dokumen dan cap waktu ZIP tetap."""
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl menimpa 'modified' dengan jam sekarang; diperbaiki di bawah
    tetap = TANGGAL_TETAP.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                teks = data.decode("utf-8")
                teks = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + tetap + m.group(3),
                    teks,
                )
                data = teks.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_WAKTU)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            z.writestr(zi, data)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out.getvalue())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# A. Aset (BAB I C, "Sarana dan Prasarana"), per 31 Desember 2024
# Urutan seperti laporan asli; nomor dibuat berurutan 1..39 (aslinya melompati No. 3).
# ---------------------------------------------------------------------------

ASET = [
    ("Electric Generating Set", 1, "Baik"),
    ("Mini Bus", 1, "Baik"),
    ("Sepeda Motor", 6, "Baik"),
    ("Mesin Tik Man (14-16)", 1, "Rusak Berat"),  # "RB" di laporan asli
    ("Almari Besi/Metal", 14, "Baik"),
    ("Filling Besi/Metal", 5, "Baik"),
    ("Brankas", 1, "Baik"),
    ("Rak Besi", 1, "Baik"),
    ("Rak Kayu", 23, "Baik"),
    ("Meja Kayu /Rotan", 8, "Baik"),
    ("Kursi Besi / Metal", 8, "Baik"),
    ("Meja Rapat", 2, "Baik"),
    ("Kursi Kerja Pejabat Eselon II", 2, "Baik"),
    ("Kursi Kerja Pejabat Eselon III", 9, "Baik"),
    ("Kursi Kerja Pejabat Eselon IV", 10, "Baik"),
    ("Meja 1/2 Biro", 22, "Baik"),
    ("Sofa", 1, "Baik"),
    ("Lemari Es", 1, "Baik"),
    ("AC", 12, "Baik"),
    ("AC Split", 2, "Baik"),
    ("Televisi", 4, "Baik"),
    ("Sound System", 2, "Baik"),
    ("Stabilisator", 1, "Baik"),
    ("Alat Rumah Tangga Lainnya", 1, "Baik"),
    ("UPS", 1, "Baik"),
    ("Handy Talky", 1, "Baik"),
    ("Unit Pemancar MF/MW Stationary", 1, "Baik"),
    ("peralatan antena uhf lainnya (dst)", 1, "Baik"),
    ("Antene SHF Transportable", 1, "Baik"),
    ("P.C Unit", 21, "Baik"),
    ("Lap Top", 5, "Baik"),
    ("Note Book", 9, "Baik"),
    ("Monitor", 1, "Baik"),
    ("Printer (Peralatan Personal Komputer)", 35, "Baik"),
    ("Scanner (Peralatan Personal Komputer)", 2, "Baik"),
    ("Server", 1, "Baik"),
    ("Kamera", 1, "Baik"),
    ("Mesin Abesensi", 1, "Baik"),
    ("Papan Nama Instansi", 1, "Baik"),
]

KONDISI = ["Baik", "Rusak Ringan", "Rusak Berat"]


def buat_aset(folder):
    assert len(ASET) == 39, len(ASET)
    assert sum(j for _, j, _ in ASET) == 220, sum(j for _, j, _ in ASET)
    assert all(k in KONDISI for _, _, k in ASET)
    wb = buku_baru()
    kolom = [
        Kolom("No", RIBUAN, lebar=6),
        Kolom("Nama Barang"),
        Kolom("Jumlah", RIBUAN, lebar=10),
        Kolom("Kondisi", lebar=16),
    ]
    baris = [(i, n, j, k) for i, (n, j, k) in enumerate(ASET, start=1)]
    ws = tulis_sheet(wb, "Aset", kolom, baris)
    pilihan(ws, "D", len(baris), KONDISI, "Kondisi")
    simpan(wb, os.path.join(folder, "aset.xlsx"))


# ---------------------------------------------------------------------------
# B. Pegawai (ASN BKPSDM per 31 Desember 2024, 23 orang)
# ---------------------------------------------------------------------------

PEGAWAI = {
    # dari laporan asli (14 laki-laki = 61 %, 9 perempuan = 39 %)
    "Jenis Kelamin": [("Laki-laki", 14), ("Perempuan", 9)],
    # ILUSTRATIF: laporan asli hanya menyebut Golongan III lebih banyak dari IV
    "Golongan": [("Golongan II", 4), ("Golongan III", 12), ("Golongan IV", 7)],
    # ILUSTRATIF: laporan asli hanya menyebut S-1 ke atas lebih banyak dari diploma ke bawah
    "Pendidikan": [
        ("S-2", 5),
        ("S-1/D-IV", 11),
        ("D-III", 2),
        ("SLTA/Sederajat", 5),
    ],
    # 1 eselon II, 4 eselon III, 1 eselon IV, 6 subkoordinator dari laporan asli;
    # ILUSTRATIF: "Fungsional dan Pelaksana" 11 = sisa sampai 23 orang
    "Jabatan": [
        ("Eselon II", 1),
        ("Eselon III", 4),
        ("Eselon IV", 1),
        ("Subkoordinator", 6),
        ("Fungsional dan Pelaksana", 11),
    ],
}


def buat_pegawai(folder):
    for nama, isi in PEGAWAI.items():
        assert sum(j for _, j in isi) == 23, (nama, sum(j for _, j in isi))
    gol = dict(PEGAWAI["Golongan"])
    assert gol["Golongan III"] > gol["Golongan IV"]
    pend = dict(PEGAWAI["Pendidikan"])
    assert pend["S-2"] + pend["S-1/D-IV"] > pend["D-III"] + pend["SLTA/Sederajat"]
    wb = buku_baru()
    kolom = [Kolom("Uraian"), Kolom("Jumlah", RIBUAN, lebar=10)]
    for nama, isi in PEGAWAI.items():
        tulis_sheet(wb, nama, kolom, isi)
    simpan(wb, os.path.join(folder, "pegawai.xlsx"))


# ---------------------------------------------------------------------------
# C. Anggaran (BAB III C): program -> kegiatan -> sub kegiatan
# ---------------------------------------------------------------------------

BELANJA_OPERASI = "Belanja Operasi"

# (nama program, anggaran, realisasi seperti tercetak, [(nama kegiatan, [(sub, anggaran, realisasi)])])
ANGGARAN = [
    (
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        4340606081,
        4063172037,
        [
            (
                "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                [
                    ("Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar "
                     "Realisasi Kinerja SKPD", 25000000, 24870000),
                ],
            ),
            (
                "Administrasi Keuangan Perangkat Daerah",
                [
                    ("Penyediaan gaji dan tunjangan ASN", 3236720231, 3022583474),
                ],
            ),
            (
                "Administrasi Umum Perangkat Daerah",
                [
                    ("Penyediaan Peralatan dan Perlengkapan Kantor", 69729715, 68422918),
                    ("Penyediaan Peralatan Rumah Tangga", 15227275, 14971250),
                    ("Penyediaan Bahan Logistik Kantor", 80000000, 78936000),
                    ("Penyediaan Barang Cetak dan Penggandaan", 59176260, 58461500),
                    ("Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan",
                     15000000, 15000000),
                    ("Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                     300000000, 299967654),
                ],
            ),
            (
                "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
                [
                    ("Pengadaan Kendaraan Dinas Operasional atau Lapangan",
                     67200000, 67200000),
                ],
            ),
            (
                "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
                [
                    ("Penyediaan Jasa Surat Menyurat", 5000000, 5000000),
                    ("Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                     84402600, 46469641),
                    ("Penyediaan Jasa Pelayanan Umum Kantor", 323150000, 323150000),
                ],
            ),
            (
                "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
                [
                    ("Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan dan Pajak "
                     "Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan",
                     60000000, 38139600),
                ],
            ),
        ],
    ),
    (
        "Program Kepegawaian Daerah",
        1142394734,
        1050550823,
        [
            (
                # laporan asli (BAB II D) menulis "Pemeberhentian"
                "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN",
                [
                    ("Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", 75400000, 74676000),
                    ("Koordinasi Pelaksanaan Administrasi Pemberhentian",
                     71884539, 71417839),
                    # laporan asli mengetik realisasinya "127,039,000"
                    ("Fasilitasi Lembaga Profesi ASN", 127364000, 127039000),
                ],
            ),
            (
                "Mutasi dan Promosi ASN",
                [
                    ("Pengelolaan Kenaikan Pangkat ASN", 169747420, 103682996),
                    ("Pengelolaan Promosi ASN", 279998775, 257231928),
                ],
            ),
            (
                "Pengembangan Kompetensi ASN",
                [
                    ("Koordinasi dan Kerjasama Pelaksanaan Diklat", 25000000, 23580000),
                ],
            ),
            (
                "Penilaian dan Evaluasi Kinerja Aparatur",
                [
                    ("Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur",
                     22000000, 21948716),
                    ("Pembinaan Disiplin ASN", 371000000, 370974344),
                ],
            ),
        ],
    ),
    (
        "Program Pengembangan Sumber Daya Manusia",
        98000000,
        96348000,
        [
            (
                "Sertifikasi, Kelembagaan, Pengembangan Kompetensi Manajerial dan Fungsional",
                [
                    ("Penyelenggaraan Pengembangan Kompetensi bagi Pimpinan Daerah, "
                     "Jabatan Pimpinan Tinggi, Jabatan Fungsional, Kepemimpinan, "
                     "dan Prajabatan", 98000000, 96348000),
                ],
            ),
        ],
    ),
]


def buat_anggaran(folder):
    baris = []
    tingkat = []  # 1 program, 2 kegiatan, 3 sub kegiatan
    semua_a = semua_r = 0
    n_keg = n_sub = 0
    harapan = {
        "1": (4340606081, 4063172037),
        "2": (1142394734, 1050550823),
        "3": (98000000, 96348000),
    }
    for p, (prog, pa, pr, kegiatan) in enumerate(ANGGARAN, start=1):
        kp = str(p)
        sa = sum(a for _, subs in kegiatan for _, a, _ in subs)
        sr = sum(r for _, subs in kegiatan for _, _, r in subs)
        assert (pa, pr) == (sa, sr) == harapan[kp], (kp, pa, pr, sa, sr)
        baris.append((kp, prog, None, pa, pr))
        tingkat.append(1)
        for k, (keg, subs) in enumerate(kegiatan, start=1):
            kk = f"{kp}.{k}"
            baris.append((kk, keg, None, None, None))
            tingkat.append(2)
            n_keg += 1
            for s, (sub, a, r) in enumerate(subs, start=1):
                assert isinstance(a, int) and isinstance(r, int)
                baris.append((f"{kk}.{s}", sub, BELANJA_OPERASI, a, r))
                tingkat.append(3)
                n_sub += 1
                semua_a += a
                semua_r += r
    assert len(ANGGARAN) == 3 and n_keg == 11 and n_sub == 22, (n_keg, n_sub)
    assert semua_a == 5581000815, semua_a
    assert semua_r == 5210070860, semua_r
    assert not any("Pemeberhentian" in (b[1] or "") for b in baris)

    wb = buku_baru()
    kolom = [
        Kolom("Kode", TEKS, lebar=9),
        Kolom("Uraian", lebar=70, bungkus=True),
        Kolom("Jenis Belanja", lebar=17),
        Kolom("Anggaran (Rp)", RIBUAN, lebar=18),
        Kolom("Realisasi (Rp)", RIBUAN, lebar=18),
    ]

    def gaya(i, _data):
        t = tingkat[i - 2]
        return {"tebal": t == 1, "inden": {1: t - 1}}

    tulis_sheet(wb, "Anggaran", kolom, baris, gaya)
    simpan(wb, os.path.join(folder, "anggaran.xlsx"))


# ---------------------------------------------------------------------------
# D. Kinerja: IKU, Survei, IP ASN
# ---------------------------------------------------------------------------

IKU = [
    ("S1", "Persentase hasil survei/kuesioner kepuasan pelayanan kepegawaian", "%", "Naik",
     86, 82, None, None, None),
    ("S2", "Indeks Profesionalitas ASN", "Indeks", "Naik", 76, 75.44, None, None, None),
    ("S3", "Nilai AKIP", "Predikat", "Predikat", "BB", "BB", None, None, None),
]

SURVEI = [("Puas", 255), ("Tidak Puas", 55)]

# Kelompok, Uraian, Jumlah Responden, Jumlah ASN, Kualifikasi, Kompetensi, Kinerja, Disiplin, Nilai
IP_ASN = [
    ("Keseluruhan", "Kabupaten Batu Bara", 3561, 3880, 21.16, 25.89, 23.39, 5.0, 75.44),
    # ILUSTRATIF: jumlah responden per jenis kelamin
    ("Jenis Kelamin", "Laki-laki", 1602, None, 13.51, 23.33, 25.29, 4.99, 67.11),
    ("Jenis Kelamin", "Perempuan", 1959, None, 13.33, 29.34, 25.15, 5.0, 72.82),
    # ILUSTRATIF: jumlah responden per jenis jabatan
    ("Jenis Jabatan", "Struktural", 402, None, 15.41, 27.40, 25.52, 5.0, None),
    ("Jenis Jabatan", "Fungsional", 2236, None, 13.51, 32.06, 25.12, 5.0, None),
    ("Jenis Jabatan", "Pelaksana", 923, None, 10.60, 19.77, 25.16, 4.98, None),
    ("Pendidikan", "S-3", 1, None, None, None, None, None, 80.0),
    ("Pendidikan", "S-2", 229, None, None, None, None, None, 73.17),
    ("Pendidikan", "S-1/D-IV/Sederajat", 2415, None, None, None, None, None, 74.14),
    ("Pendidikan", "D-III", 469, None, None, None, None, None, 64.87),
    ("Pendidikan", "D-II/D-I/SLTA/Sederajat", 429, None, None, None, None, None, 59.35),
    ("Pendidikan", "SD/SMP/Sederajat", 18, None, None, None, None, None, 50.72),
]

DIMENSI = ["Kualifikasi", "Kompetensi", "Kinerja", "Disiplin"]  # = ip_asn.dimensi[].nama di YAML


def buat_kinerja(folder):
    assert sum(j for _, j in SURVEI) == 310
    total = IP_ASN[0][2]
    for kel in ("Jenis Kelamin", "Jenis Jabatan", "Pendidikan"):
        s = sum(r[2] for r in IP_ASN if r[0] == kel)
        assert s == total, (kel, s, total)
    for r in IP_ASN:
        assert isinstance(r[2], int)
        assert all(v is None or isinstance(v, float) for v in r[4:]), r

    wb = buku_baru()

    kolom_iku = [
        Kolom("Sasaran", lebar=9),
        Kolom("Indikator", lebar=50, bungkus=True),
        Kolom("Satuan", lebar=10),
        Kolom("Arah", lebar=10),
        Kolom("Target", UMUM, lebar=10),
        Kolom("Realisasi", UMUM, lebar=11),
        Kolom("Nilai Target", DESIMAL, lebar=13),
        Kolom("Nilai Realisasi", DESIMAL, lebar=15),
        Kolom("Target Renstra", UMUM, lebar=15),
    ]
    ws = tulis_sheet(wb, "IKU", kolom_iku, IKU)
    pilihan(ws, "D", len(IKU), ["Naik", "Turun", "Predikat"], "Arah")

    tulis_sheet(wb, "Survei", [Kolom("Uraian"), Kolom("Jumlah", RIBUAN, lebar=10)], SURVEI)

    kolom_ip = [
        Kolom("Kelompok", lebar=15),
        Kolom("Uraian", lebar=26),
        Kolom("Jumlah Responden", RIBUAN),
        Kolom("Jumlah ASN", RIBUAN),
    ] + [Kolom(d, DESIMAL, lebar=12) for d in DIMENSI] + [Kolom("Nilai", DESIMAL, lebar=9)]
    tulis_sheet(wb, "IP ASN", kolom_ip, IP_ASN)

    simpan(wb, os.path.join(folder, "kinerja.xlsx"))


def main():
    akar = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(akar, "inputs")
    os.makedirs(folder, exist_ok=True)
    buat_aset(folder)
    buat_pegawai(folder)
    buat_anggaran(folder)
    buat_kinerja(folder)
    for n in ("aset", "pegawai", "anggaran", "kinerja"):
        print("ditulis:", os.path.join(folder, n + ".xlsx"))


if __name__ == "__main__":
    main()
