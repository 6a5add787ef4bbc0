"""Menulis buku kerja contoh kedua: Dinas Kependudukan dan Pencatatan Sipil Kota
Tanjung Harapan, Tahun 2025. Daerah, instansi, nama dan semua angka REKAAN (bukan
data instansi mana pun); dipakai tests/dinas.rs agar "instansi apa pun" diuji pada
setiap commit: jenis Dinas dengan layanan, Wali Kota sebagai pihak kedua PK,
indikator semakin-rendah-semakin-baik, indikator predikat dengan nilai angka,
realisasi tahun-tahun sebelumnya, target Renstra dan standar nasional.

Jalankan ulang hanya bila angkanya sengaja diubah:  python3 buat.py
(pelayanan-keliling.png adalah gambar ilustrasi sederhana yang digambar dengan kode, bukan foto.)
"""
from pathlib import Path

import openpyxl

DIR = Path(__file__).resolve().parent


def buku(nama, lembar):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for judul, baris in lembar:
        ws = wb.create_sheet(judul)
        for r in baris:
            ws.append(list(r))
    wb.save(DIR / nama)


buku("aset.xlsx", [("Aset", [
    ("No", "Nama Barang", "Jumlah", "Kondisi"),
    (1, "Komputer PC", 24, "Baik"),
    (2, "Komputer PC", 3, "Rusak Ringan"),
    (3, "Printer Kartu KTP-el", 4, "Baik"),
    (4, "Printer Kartu KTP-el", 1, "Rusak Berat"),
    (5, "Alat Perekam Biometrik", 6, "Baik"),
    (6, "Mobil Pelayanan Keliling", 1, "Baik"),
    (7, "Kursi Tunggu Pelayanan", 60, "Baik"),
])])

buku("pegawai.xlsx", [
    ("Jenis Kelamin", [("Uraian", "Jumlah"), ("Laki-laki", 21), ("Perempuan", 27)]),
    ("Golongan", [("Uraian", "Jumlah"), ("Golongan II", 14), ("Golongan III", 28), ("Golongan IV", 6)]),
    ("Pendidikan", [("Uraian", "Jumlah"), ("S-2", 6), ("S-1/D-IV", 25), ("D-III", 7), ("SLTA/Sederajat", 10)]),
])

buku("anggaran.xlsx", [("Anggaran", [
    ("Kode", "Uraian", "Jenis Belanja", "Anggaran (Rp)", "Realisasi (Rp)"),
    ("1", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", None, None, None),
    ("1.1", "Administrasi Keuangan Perangkat Daerah", None, None, None),
    ("1.1.1", "Penyediaan Gaji dan Tunjangan ASN", "Belanja Operasi", 4150000000, 3987650000),
    ("1.2", "Administrasi Umum Perangkat Daerah", None, None, None),
    ("1.2.1", "Penyediaan Bahan Logistik Kantor", "Belanja Operasi", 185000000, 179420000),
    ("1.2.2", "Pengadaan Peralatan Pelayanan", "Belanja Modal", 420000000, 398760000),
    ("2", "Program Pendaftaran Penduduk", None, None, None),
    ("2.1", "Pelayanan Pendaftaran Penduduk", None, None, None),
    ("2.1.1", "Penerbitan Dokumen Kependudukan (KTP-el dan KK)", "Belanja Operasi", 960000000, 931200000),
    ("2.1.2", "Pelayanan Jemput Bola Perekaman KTP-el", "Belanja Operasi", 275000000, 262300000),
    ("3", "Program Pencatatan Sipil", None, None, None),
    ("3.1", "Pelayanan Pencatatan Sipil", None, None, None),
    ("3.1.1", "Penerbitan Akta Kelahiran dan Kematian", "Belanja Operasi", 540000000, 486000000),
    ("4", "Program Pengelolaan Informasi Administrasi Kependudukan", None, None, None),
    ("4.1", "Penyelenggaraan Pengelolaan Informasi Administrasi Kependudukan", None, None, None),
    ("4.1.1", "Pengelolaan Basis Data dan Jaringan SIAK", "Belanja Operasi", 610000000, 603900000),
])])

buku("kinerja.xlsx", [
    ("IKU", [
        ("Sasaran", "Indikator", "Satuan", "Arah", "Target", "Realisasi", "Nilai Target",
         "Nilai Realisasi", "Target Renstra", "Standar Nasional", "Realisasi 2024", "Realisasi 2023"),
        ("S1", "Persentase penduduk wajib KTP yang telah memiliki KTP-el", "%", "Naik", 98, 97.4,
         None, None, 100, 98, 96.8, 95.2),
        ("S1", "Rata-rata waktu penerbitan akta kelahiran", "hari", "Turun", 3, 2.5,
         None, None, 1, None, 3.5, 4),
        ("S2", "Indeks Kepuasan Masyarakat terhadap pelayanan administrasi kependudukan", "%", "Naik", 85, 86.2,
         None, None, 90, None, 84, None),
        ("S3", "Nilai SAKIP Dinas", "Predikat", "Predikat", "BB", "B",
         70.5, 68.9, "A", None, "B", None),
    ]),
    ("Survei", [("Uraian", "Jumlah"), ("Puas", 431), ("Tidak Puas", 69)]),
    ("Layanan", [
        ("Jenis Layanan", "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", "Jumlah"),
        ("KTP-el", 2140, 2315, 1980, 2265, 8700),
        ("Kartu Keluarga", 1610, 1744, 1523, 1688, 6565),
        ("Akta Kelahiran", 905, 962, 1011, 930, 3808),
        ("Akta Kematian", 212, 198, 240, 226, 876),
        ("Kartu Identitas Anak", 530, 611, 480, 575, 2196),
    ]),
])
