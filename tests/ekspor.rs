//! National exports read as they are (issue 15): synthetic SIPD-RI and SIASN
//! exports of the sample agency's data, with the layouts and quirks of the
//! real files (title rows, header found by name, Indonesian text dates,
//! repeated per-document values, the misaligned `Total` row, float noise,
//! rows without an account, other sub units and units), give the same PDF
//! as the typed workbooks; personal data never leaves.

mod common;

use std::path::Path;

use common::*;
use rust_xlsxwriter::{Workbook, Worksheet};

/// Planted personal data: none of it may appear in any output.
const NIK: &str = "1207015508900001";
const HP: &str = "081234567890";
const NIP: &str = "198001012005011001";
const NAMA_BENDAHARA: &str = "Siti Rahmawati Bendahara";

const SUB_UNIT: &str = "5.03.0.00.0.00.01.0000";
const SUB_UNIT_LAIN: &str = "1.02.0.00.0.00.01.1000";

/// The sample's budget: (programme, name), (kegiatan, name), (sub kegiatan,
/// name, pagu, realisasi), as in inputs/anggaran.xlsx.
struct Baris {
    program: (&'static str, &'static str),
    kegiatan: (&'static str, &'static str),
    sub: (&'static str, &'static str, i64, i64),
}

const P1: (&str, &str) = (
    "5.03.01",
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
);
const P2: (&str, &str) = ("5.03.02", "Program Kepegawaian Daerah");
const P3: (&str, &str) = ("5.03.03", "Program Pengembangan Sumber Daya Manusia");

fn anggaran_sampel() -> Vec<Baris> {
    let k = |program, kode, nama, sub: Vec<(&'static str, &'static str, i64, i64)>| {
        sub.into_iter()
            .map(move |s| Baris {
                program,
                kegiatan: (kode, nama),
                sub: s,
            })
            .collect::<Vec<_>>()
    };
    let mut v = Vec::new();
    v.extend(k(
        P1,
        "5.03.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        vec![(
            "5.03.01.2.01.0007",
            "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
            25000000,
            24870000,
        )],
    ));
    v.extend(k(
        P1,
        "5.03.01.2.02",
        "Administrasi Keuangan Perangkat Daerah",
        vec![(
            "5.03.01.2.02.0001",
            "Penyediaan gaji dan tunjangan ASN",
            3236720231,
            3022583474,
        )],
    ));
    v.extend(k(
        P1,
        "5.03.01.2.06",
        "Administrasi Umum Perangkat Daerah",
        vec![
            (
                "5.03.01.2.06.0002",
                "Penyediaan Peralatan dan Perlengkapan Kantor",
                69729715,
                68422918,
            ),
            (
                "5.03.01.2.06.0003",
                "Penyediaan Peralatan Rumah Tangga",
                15227275,
                14971250,
            ),
            (
                "5.03.01.2.06.0004",
                "Penyediaan Bahan Logistik Kantor",
                80000000,
                78936000,
            ),
            (
                "5.03.01.2.06.0005",
                "Penyediaan Barang Cetak dan Penggandaan",
                59176260,
                58461500,
            ),
            (
                "5.03.01.2.06.0006",
                "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan",
                15000000,
                15000000,
            ),
            (
                "5.03.01.2.06.0009",
                "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                300000000,
                299967654,
            ),
        ],
    ));
    v.extend(k(
        P1,
        "5.03.01.2.07",
        "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        vec![(
            "5.03.01.2.07.0002",
            "Pengadaan Kendaraan Dinas Operasional atau Lapangan",
            67200000,
            67200000,
        )],
    ));
    v.extend(k(
        P1,
        "5.03.01.2.08",
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        vec![
            (
                "5.03.01.2.08.0001",
                "Penyediaan Jasa Surat Menyurat",
                5000000,
                5000000,
            ),
            (
                "5.03.01.2.08.0002",
                "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                84402600,
                46469641,
            ),
            (
                "5.03.01.2.08.0004",
                "Penyediaan Jasa Pelayanan Umum Kantor",
                323150000,
                323150000,
            ),
        ],
    ));
    v.extend(k(P1, "5.03.01.2.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", vec![
        ("5.03.01.2.09.0001", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan dan Pajak Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan", 60000000, 38139600),
    ]));
    v.extend(k(
        P2,
        "5.03.02.2.01",
        "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN",
        vec![
            (
                "5.03.02.2.01.0001",
                "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
                75400000,
                74676000,
            ),
            (
                "5.03.02.2.01.0002",
                "Koordinasi Pelaksanaan Administrasi Pemberhentian",
                71884539,
                71417839,
            ),
            (
                "5.03.02.2.01.0004",
                "Fasilitasi Lembaga Profesi ASN",
                127364000,
                127039000,
            ),
        ],
    ));
    v.extend(k(
        P2,
        "5.03.02.2.02",
        "Mutasi dan Promosi ASN",
        vec![
            (
                "5.03.02.2.02.0001",
                "Pengelolaan Kenaikan Pangkat ASN",
                169747420,
                103682996,
            ),
            (
                "5.03.02.2.02.0003",
                "Pengelolaan Promosi ASN",
                279998775,
                257231928,
            ),
        ],
    ));
    v.extend(k(
        P2,
        "5.03.02.2.03",
        "Pengembangan Kompetensi ASN",
        vec![(
            "5.03.02.2.03.0002",
            "Koordinasi dan Kerjasama Pelaksanaan Diklat",
            25000000,
            23580000,
        )],
    ));
    v.extend(k(
        P2,
        "5.03.02.2.04",
        "Penilaian dan Evaluasi Kinerja Aparatur",
        vec![
            (
                "5.03.02.2.04.0001",
                "Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur",
                22000000,
                21948716,
            ),
            (
                "5.03.02.2.04.0002",
                "Pembinaan Disiplin ASN",
                371000000,
                370974344,
            ),
        ],
    ));
    v.extend(k(P3, "5.03.03.2.01", "Sertifikasi, Kelembagaan, Pengembangan Kompetensi Manajerial dan Fungsional", vec![
        ("5.03.03.2.01.0001", "Penyelenggaraan Pengembangan Kompetensi bagi Pimpinan Daerah, Jabatan Pimpinan Tinggi, Jabatan Fungsional, Kepemimpinan, dan Prajabatan", 98000000, 96348000),
    ]));
    v
}

fn tulis_baris(ws: &mut Worksheet, r: u32, isi: &[Sel]) {
    for (k, s) in isi.iter().enumerate() {
        let k = k as u16;
        match s {
            Sel::T(t) => {
                ws.write_string(r, k, t).unwrap();
            }
            Sel::N(n) => {
                ws.write_number(r, k, *n).unwrap();
            }
            Sel::K => {}
        }
    }
}

#[derive(Clone)]
enum Sel {
    T(String),
    N(f64),
    K,
}

fn t(s: &str) -> Sel {
    Sel::T(s.to_string())
}

const KEPALA_REKAP: [&str; 23] = [
    "NO",
    "TAHUN",
    "KODE URUSAN",
    "NAMA URUSAN",
    "KODE SKPD",
    "NAMA SKPD",
    "KODE SUB UNIT",
    "NAMA SUB UNIT",
    "KODE BIDANG URUSAN",
    "NAMA BIDANG URUSAN",
    "KODE PROGRAM",
    "NAMA PROGRAM",
    "KODE KEGIATAN",
    "NAMA KEGIATAN",
    "KODE SUB KEGIATAN",
    "NAMA SUB KEGIATAN",
    "KODE SUMBER DANA",
    "NAMA SUMBER DANA",
    "KODE REKENING",
    "NAMA REKENING",
    "PAKET/KELOMPOK",
    "NAMA PAKET/KELOMPOK",
    "PAGU",
];

/// Layout variants of the SIPD-RI budget rekap.
#[derive(Clone, Copy, PartialEq)]
enum Varian {
    /// rekap5: 23 columns with the PAKET pair.
    Rekap5,
    /// rekap4: the PAKET pair replaced by the price-item pair, one row per
    /// price item, and 2026 account codes.
    Rekap4Kode2026,
    /// The 2024 "APBD murni" file: 21 columns, no PAKET pair, columns in
    /// another order.
    Murni21,
}

/// rekap5.xlsx: `Sheet 1`, header in row 1, every pagu split over two
/// accounts (2024–2025 account codes), one with float noise, a row without
/// an account per sub kegiatan, and another sub unit's rows.
fn rekap5(dir: &Path) {
    rekap(dir, "rekap5.xlsx", Varian::Rekap5);
}

fn rekap(dir: &Path, berkas: &str, varian: Varian) {
    let mut kepala: Vec<&str> = KEPALA_REKAP.to_vec();
    match varian {
        Varian::Rekap5 => {}
        Varian::Rekap4Kode2026 => {
            kepala[20] = "KODE STANDAR HARGA";
            kepala[21] = "NAMA STANDAR HARGA";
        }
        Varian::Murni21 => {
            kepala.drain(20..22);
            // PAGU first: a reader must go by name, not position.
            let p = kepala.pop().unwrap();
            kepala.insert(0, p);
        }
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet 1").unwrap();
    tulis_baris(ws, 0, &kepala.iter().map(|h| t(h)).collect::<Vec<_>>());
    let mut r = 1;
    let mut baris = |ws: &mut Worksheet, unit: &str, b: &Baris, rek: &str, pagu: Sel| {
        let rek = if varian == Varian::Rekap4Kode2026 && !rek.is_empty() {
            // 5.1.02.01.01.0024 → 5.1.02.01.001.00024
            let s: Vec<&str> = rek.split('.').collect();
            format!("{}.{}.{}.{}.0{}.0{}", s[0], s[1], s[2], s[3], s[4], s[5])
        } else {
            rek.to_string()
        };
        let mut v = vec![
            Sel::N(r as f64),
            Sel::N(2024.0),
            t("5"),
            t("UNSUR PENUNJANG URUSAN PEMERINTAHAN"),
            t("5.03.0.00.0.00.01.0000"),
            t("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
            t(unit),
            t(if unit == SUB_UNIT {
                "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
            } else {
                "RSUD"
            }),
            t("5.03"),
            t("KEPEGAWAIAN"),
            t(b.program.0),
            t(b.program.1),
            t(b.kegiatan.0),
            t(b.kegiatan.1),
            t(b.sub.0),
            t(b.sub.1),
            t("1.2.01.01.01.0001"),
            t("DAU"),
        ];
        if rek.is_empty() {
            v.extend([Sel::K, Sel::K, Sel::K, Sel::K, Sel::K]);
        } else {
            v.extend([t(&rek), t("Belanja"), t("[#] Paket"), t("Paket"), pagu]);
        }
        if varian == Varian::Murni21 {
            v.drain(20..22);
            let p = v.pop().unwrap();
            v.insert(0, p);
        }
        tulis_baris(ws, r, &v);
        r += 1;
    };
    for b in anggaran_sampel() {
        // A sub kegiatan header row without account or pagu.
        baris(ws, SUB_UNIT, &b, "", Sel::K);
        let a = b.sub.2 / 3;
        // Float noise: 1/3 of the pagu written as a float off by 1e-7.
        baris(
            ws,
            SUB_UNIT,
            &b,
            "5.1.02.01.01.0024",
            Sel::N(a as f64 - 0.000_000_1),
        );
        if varian == Varian::Rekap4Kode2026 {
            // One row per price item: the second account in two rows.
            let c = (b.sub.2 - a) / 2;
            baris(ws, SUB_UNIT, &b, "5.1.02.02.01.0026", Sel::N(c as f64));
            baris(
                ws,
                SUB_UNIT,
                &b,
                "5.1.02.02.01.0026",
                Sel::N((b.sub.2 - a - c) as f64),
            );
        } else {
            baris(
                ws,
                SUB_UNIT,
                &b,
                "5.1.02.02.01.0026",
                Sel::N((b.sub.2 - a) as f64),
            );
        }
        // Another sub unit, same codes: never counted.
        baris(
            ws,
            SUB_UNIT_LAIN,
            &b,
            "5.2.02.05.01.0001",
            Sel::N(999_999_999.0),
        );
    }
    wb.save(dir.join(berkas)).unwrap();
}

const KEPALA_DOKUMEN: [&str; 45] = [
    "Kode SKPD",
    "Nama SKPD",
    "Kode Sub SKPD",
    "Nama Sub SKPD",
    "Kode Fungsi",
    "Nama Fungsi",
    "Kode Sub Fungsi",
    "Nama Sub Fungsi",
    "Kode Urusan",
    "Nama Urusan",
    "Kode Bidang Urusan",
    "Nama Bidang Urusan",
    "Kode Program",
    "Nama Program",
    "Kode Kegiatan",
    "Nama Kegiatan",
    "Kode Sub Kegiatan",
    "Nama Sub Kegiatan",
    "Kode Rekening",
    "Nama Rekening",
    "Nomor Dokumen",
    "Jenis Dokumen",
    "Jenis Transaksi",
    "Nomor DPT",
    "Tanggal Dokumen",
    "Keterangan Dokumen",
    "Nilai Realisasi",
    "Nilai Setoran",
    "NIP Pegawai",
    "Nama Pegawai",
    "Tanggal Simpan",
    "Nomor SPD",
    "Periode SPD",
    "Nilai SPD",
    "Tahapan SPD",
    "Nama Sub Tahapan Jadwal",
    "Tahapan APBD",
    "Nomor SPP",
    "Tanggal SPP",
    "Nomor SPM",
    "Tanggal SPM",
    "Nomor SP2D",
    "Tanggal SP2D",
    "Tanggal Transfer",
    "Nilai SP2D",
];

/// "Laporan Realisasi Per Dokumen (2).xlsx": three merged title rows, a
/// blank row, the header in row 5; per sub kegiatan two documents of two
/// lines each (2026 account codes, text dates, `Nilai SP2D` and `Nilai SPD`
/// repeated on each line), a document of the previous year, another sub
/// unit's document, and the misaligned `Total` row.
fn per_dokumen(dir: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Data Realisasi Dokumen").unwrap();
    let f = rust_xlsxwriter::Format::new();
    ws.merge_range(0, 0, 0, 44, "LAPORAN REALISASI PER DOKUMEN", &f)
        .unwrap();
    ws.merge_range(1, 0, 1, 44, "KAB. BATU BARA", &f).unwrap();
    ws.merge_range(2, 0, 2, 44, "TAHUN 2024", &f).unwrap();
    tulis_baris(ws, 4, &KEPALA_DOKUMEN.map(t));
    let mut r = 5;
    let mut semua = 0f64;
    let mut no = 0;
    let mut dok = |ws: &mut Worksheet,
                   unit: &str,
                   b: &Baris,
                   baris: &[(&str, i64)],
                   tanggal: &str,
                   nip: &str,
                   nama: &str| {
        no += 1;
        let jumlah: i64 = baris.iter().map(|x| x.1).sum();
        for (rek, nilai) in baris {
            semua += *nilai as f64;
            let mut v = vec![
                t("5.03.0.00.0.00.01.0000"),
                t("Badan Kepegawaian"),
                t(unit),
                t("Sub unit"),
                t("01"),
                t("Pelayanan Umum"),
                t("01.01"),
                t("Lembaga Eksekutif"),
                t("5"),
                t("Penunjang"),
                t("5.03"),
                t("Kepegawaian"),
                t(b.program.0),
                t(b.program.1),
                t(b.kegiatan.0),
                t(b.kegiatan.1),
                t(b.sub.0),
                t(b.sub.1),
                t(rek),
                t("Belanja"),
                t(&format!("{no:05}/SPP-LS/2024")),
                t("SPP"),
                t("LS"),
                t("-"),
                t(tanggal),
                t("Pembayaran"),
                Sel::N(*nilai as f64),
                Sel::N(0.0),
                t(&format!("'{nip}")),
                t(nama),
                t(tanggal),
                t("SPD/01"),
                t("Triwulan 1"),
                // Float noise and the whole document's value on every line.
                Sel::N(jumlah as f64 * 1.7 + 0.489_999_995),
                t("SPD"),
                t("Murni"),
                t("Murni"),
                t(&format!("{no:05}/SPP")),
                t(tanggal),
                t(&format!("{no:05}/SPM")),
                t(tanggal),
                t(&format!("{no:05}/SP2D")),
                t(tanggal),
                t(tanggal),
                Sel::N(jumlah as f64),
            ];
            v.truncate(45);
            tulis_baris(ws, r, &v);
            r += 1;
        }
    };
    for b in anggaran_sampel() {
        let real = b.sub.3;
        let a = real / 4;
        let c = real / 3;
        let d = real - a - c - (real / 5);
        let e = real / 5;
        // 2026-length account codes of the same accounts as the rekap.
        dok(
            ws,
            SUB_UNIT,
            &b,
            &[("5.1.02.01.001.00024", a), ("5.1.02.02.001.00026", c)],
            "7 Januari 2024",
            NIP,
            NAMA_BENDAHARA,
        );
        dok(
            ws,
            SUB_UNIT,
            &b,
            &[("5.1.02.01.001.00024", d), ("5.1.02.02.001.00026", e)],
            "19 Desember 2024",
            NIP,
            NAMA_BENDAHARA,
        );
        // Last year's document in the same download: skipped.
        dok(
            ws,
            SUB_UNIT,
            &b,
            &[("5.1.02.01.001.00024", 5_000_000)],
            "30 Desember 2023",
            NIP,
            NAMA_BENDAHARA,
        );
        // Another sub unit's document: skipped.
        dok(
            ws,
            SUB_UNIT_LAIN,
            &b,
            &[("5.2.02.05.001.00001", 7_777_777)],
            "3 Maret 2024",
            NIP,
            NAMA_BENDAHARA,
        );
    }
    // The Total row: the realisation total under `Nilai Setoran`, the
    // meaningless SPD/SP2D "totals" as text with dots.
    let mut v = vec![t("Total")];
    v.resize(27, Sel::K);
    v.push(Sel::N(semua));
    v.resize(33, Sel::K);
    v.push(t("482.002.486.388"));
    v.resize(44, Sel::K);
    v.push(t("482.002.486.388"));
    tulis_baris(ws, r, &v);
    wb.save(dir.join("Laporan Realisasi Per Dokumen (2).xlsx"))
        .unwrap();
}

const KEPALA_ASN: [&str; 70] = [
    "PNS ID",
    "NIP BARU",
    "NIP LAMA",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA ID",
    "AGAMA NAMA",
    "JENIS KAWIN ID",
    "JENIS KAWIN NAMA",
    "NIK",
    "NOMOR HP",
    "EMAIL",
    "EMAIL GOV",
    "ALAMAT",
    "NPWP NOMOR",
    "BPJS",
    "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS",
    "TANGGAL SK CPNS",
    "TMT CPNS",
    "NOMOR SK PNS",
    "TANGGAL SK PNS",
    "TMT PNS",
    "GOL AWAL ID",
    "GOL AWAL NAMA",
    "GOL AKHIR ID",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "MK TAHUN",
    "MK BULAN",
    "JENIS JABATAN ID",
    "JENIS JABATAN NAMA",
    "JABATAN ID",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID",
    "PENDIDIKAN NAMA",
    "TAHUN LULUS",
    "KPKN ID",
    "KPKN NAMA",
    "LOKASI KERJA ID",
    "LOKASI KERJA NAMA",
    "UNOR ID",
    "UNOR NAMA",
    "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA",
    "IS VALID NIK",
    "NAMA SEKOLAH",
    "FLAG IKD",
    "ESELON ID",
    "ESELON NAMA",
    "X",
];

/// One person: (sex, golongan, education id, position type id and name,
/// echelon, position name, unit).
type Orang = (
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    &'static str,
    &'static str,
    &'static str,
);

fn asn(dir: &Path, berkas: &str, lembar: &str, orang: &[Orang]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(lembar).unwrap();
    tulis_baris(
        ws,
        0,
        &KEPALA_ASN[..69].iter().map(|s| t(s)).collect::<Vec<_>>(),
    );
    for (i, o) in orang.iter().enumerate() {
        let (jk, gol, didik, (jj_id, jj), es, jab, unor) = *o;
        let mut v: Vec<Sel> = vec![Sel::K; 69];
        let set = |v: &mut Vec<Sel>, kolom: &str, s: Sel| {
            let k = KEPALA_ASN.iter().position(|h| *h == kolom).unwrap();
            v[k] = s;
        };
        set(&mut v, "PNS ID", t(&format!("A8ACA7{i:04}")));
        set(&mut v, "NIP BARU", t(&format!("'{NIP}")));
        set(&mut v, "NAMA", t(&format!("Pegawai Rekaan {i}")));
        set(&mut v, "NIK", t(NIK));
        set(&mut v, "NOMOR HP", t(HP));
        set(&mut v, "ALAMAT", t("Jl. Rekaan No. 1, Lima Puluh"));
        set(&mut v, "JENIS KELAMIN", t(jk));
        set(&mut v, "GOL AKHIR NAMA", t(gol));
        set(&mut v, "TINGKAT PENDIDIKAN ID", t(didik));
        set(&mut v, "JENIS JABATAN ID", t(jj_id));
        set(&mut v, "JENIS JABATAN NAMA", t(jj));
        set(&mut v, "ESELON NAMA", t(es));
        set(&mut v, "JABATAN NAMA", t(jab));
        set(&mut v, "UNOR ID", t(unor));
        set(&mut v, "UNOR NAMA", t(&format!("Unit {unor}")));
        tulis_baris(ws, i as u32 + 1, &v);
    }
    wb.save(dir.join(berkas)).unwrap();
}

const STR: (&str, &str) = ("1", "Jabatan Struktural");
const FUNG: (&str, &str) = ("2", "Jabatan Fungsional");
const PEL: (&str, &str) = ("4", "Jabatan Pelaksana");

/// The sample's 23 staff (14 men, 9 women; golongan II 4, III 12, IV 7;
/// S-2 5, S-1/D-IV 11, D-III 2, SLTA 5; Eselon II 1, III 4, IV 1,
/// Subkoordinator 6, functional and implementing 11) in the agency's unit
/// and two units below it, and staff of other units.
fn siasn(dir: &Path) {
    let kelamin = |i: usize| if i < 14 { "M" } else { "F" };
    let gol = |i: usize| match i {
        0..4 => "II/c",
        4..16 => ["III/a", "III/b", "III/c", "III/d"][i % 4],
        _ => ["IV/a", "IV/b", "IV/c"][i % 3],
    };
    let didik = |i: usize| match (i * 7) % 23 {
        0..5 => "45",
        5..12 => "40",
        12..16 => "35",
        16..18 => "30",
        18..21 => "15",
        _ => "17",
    };
    let jab = |i: usize| -> ((&'static str, &'static str), &'static str, &'static str) {
        match i {
            0 => (STR, "II.a", "Kepala Badan"),
            1..5 => (STR, "III.a", "Kepala Bidang"),
            5 => (STR, "IV.a", "Kepala Sub Bagian"),
            6..12 => (
                FUNG,
                "",
                "Analis SDM Aparatur Ahli Muda (Subkoordinator Mutasi)",
            ),
            12..18 => (FUNG, "", "Analis SDM Aparatur Ahli Pertama"),
            _ => (PEL, "", "Pengadministrasi Umum"),
        }
    };
    let unor = |i: usize| ["U-BKPSDM", "U-BID-MUTASI", "U-SUBBID-1"][i % 3];
    let mut pns: Vec<Orang> = (0..23)
        .map(|i| {
            let (jj, es, nama) = jab(i);
            (kelamin(i), gol(i), didik(i), jj, es, nama, unor(i))
        })
        .collect();
    // Staff of other agencies: never counted.
    pns.push(("F", "I/a", "05", PEL, "", "Pengemudi", "U-DINKES"));
    pns.push(("M", "", "", PEL, "", "Pengemudi", "U-PKM"));
    asn(
        dir,
        "Data PNS 20 Mei 2025.xlsx",
        "pns_A5EB03E23B2EF6A0E040640A04",
        &pns,
    );
    asn(
        dir,
        "Data PPPK 20 Mei 2025.xlsx",
        "pppk_A5EB03E23B2EF6A0E040640A0",
        &[("F", "IX", "40", FUNG, "", "Perawat Ahli Pertama", "U-PKM")],
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("HIERARKI_UNOR").unwrap();
    tulis_baris(ws, 0, &[t("ID"), t("NAMA_UNOR"), t("ID_ATASAN")]);
    for (i, (id, nama, atas)) in [
        ("U-PEMDA", "Pemerintah Kabupaten", ""),
        (
            "U-BKPSDM",
            "Badan Kepegawaian dan Pengembangan SDM",
            "U-PEMDA",
        ),
        ("U-BID-MUTASI", "Bidang Mutasi", "U-BKPSDM"),
        ("U-SUBBID-1", "Sub Bidang", "U-BID-MUTASI"),
        ("U-DINKES", "Dinas Kesehatan", "U-PEMDA"),
        ("U-PKM", "UPT Puskesmas - Dinas Kesehatan", "U-DINKES"),
    ]
    .iter()
    .enumerate()
    {
        tulis_baris(ws, i as u32 + 1, &[t(id), t(nama), t(atas)]);
    }
    wb.save(dir.join("HierarkiUnor.xlsx")).unwrap();
}

/// A copy of the sample whose budget and staff come from synthetic exports.
fn sampel_dari_ekspor(nama: &str) -> std::path::PathBuf {
    let dir = salin_sampel(nama);
    std::fs::remove_file(dir.join("anggaran.xlsx")).unwrap();
    std::fs::remove_file(dir.join("pegawai.xlsx")).unwrap();
    rekap5(&dir);
    per_dokumen(&dir);
    siasn(&dir);
    ubah_yaml(&dir, |v| {
        v["ekspor"] = serde_yaml_ng::from_str(&format!(
            r#"
berkas:
  - rekap5.xlsx
  - Laporan Realisasi Per Dokumen (2).xlsx
  - Data PNS 20 Mei 2025.xlsx
  - Data PPPK 20 Mei 2025.xlsx
  - HierarkiUnor.xlsx
sub_unit: ["{SUB_UNIT}"]
unor: [U-BKPSDM]
jabatan:
  - {{uraian: Eselon II, eselon: [II]}}
  - {{uraian: Eselon III, eselon: [III]}}
  - {{uraian: Eselon IV, eselon: [IV]}}
  - {{uraian: Subkoordinator, nama_memuat: [Subkoordinator]}}
  - {{uraian: Fungsional dan Pelaksana, jenis: [fungsional, pelaksana]}}
"#
        ))
        .unwrap();
    });
    dir
}

fn pdf(dir: &Path) -> Vec<u8> {
    let m = masukan(dir);
    let hasil = lapkin::susun(&m, &huruf(), lapkin::Bentuk::Laporan);
    match hasil {
        Ok(h) => h.pdf,
        Err(lapkin::Gagal::Data(l)) => panic!("{l}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn ekspor_sipd_dan_siasn_sama_dengan_buku_kerja_ketikan() {
    let dir = sampel_dari_ekspor("ekspor-sama");
    // The typed sample, with the same lapkin.yaml minus the `ekspor` section.
    let ketik = pdf(&sampel());
    let dari_ekspor = pdf(&dir);
    assert!(
        ketik == dari_ekspor,
        "PDF dari ekspor SIPD/SIASN berbeda dari PDF buku kerja ketikan"
    );
}

#[test]
fn check_melaporkan_per_sumber_dan_tanpa_data_pribadi() {
    let dir = sampel_dari_ekspor("ekspor-periksa");
    let (siap, lap) = periksa(&dir);
    assert!(siap.is_some(), "{lap}");
    let teks = lap.to_string();
    // Per source: rows kept and skipped with reasons, totals.
    assert!(teks.contains("catatan: rekap5.xlsx › Sheet 1: rekap anggaran SIPD-RI (kepala di baris 1), sub unit 5.03.0.00.0.00.01.0000 Badan Kepegawaian dan Pengembangan Sumber Daya Manusia: 44 baris dipakai, pagu Rp5.581.000.815"), "{teks}");
    assert!(
        teks.contains("22 baris sub unit lain") && teks.contains("22 baris tanpa rekening"),
        "{teks}"
    );
    assert!(teks.contains("Laporan Realisasi Per Dokumen (kepala di baris 5): 88 baris dipakai, realisasi Rp5.210.070.860"), "{teks}");
    assert!(teks.contains("baris Total berkas cocok"), "{teks}");
    assert!(
        teks.contains("22 baris bertanggal di luar tahun laporan"),
        "{teks}"
    );
    assert!(
        teks.contains("ekspor Data ASN SIASN: 23 pegawai dihitung; dilewati: 2 pegawai unit lain"),
        "{teks}"
    );
    for rahasia in [NIK, HP, NIP, NAMA_BENDAHARA, "Pegawai Rekaan", "Jl. Rekaan"] {
        assert!(!teks.contains(rahasia), "{rahasia} bocor ke pesan:\n{teks}");
    }
}

#[test]
fn arsip_tanpa_berkas_mentah_dan_verify_membangun_ulang() {
    let dir = sampel_dari_ekspor("ekspor-arsip");
    let akar_arsip = folder_sementara("ekspor-arsip-keluar");
    let (_, pdf) = versi_baru(arsip(&dir, &akar_arsip));
    let isi = std::fs::read(&pdf).unwrap();
    let sematan = lapkin::verifikasi::sematan_pdf(&isi).unwrap();
    let nama: Vec<&str> = sematan.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        nama.contains(&"anggaran.xlsx") && nama.contains(&"pegawai.xlsx"),
        "{nama:?}"
    );
    assert!(
        !nama
            .iter()
            .any(|n| n.contains("rekap5") || n.contains("Data PNS")),
        "{nama:?}"
    );
    // The manifest names each raw export with its size and SHA-256.
    let (_, m) = sematan.iter().find(|(n, _)| n == "manifest.json").unwrap();
    let m = lapkin::arsip::Manifest::baca(m).unwrap();
    let rekap = std::fs::read(dir.join("rekap5.xlsx")).unwrap();
    assert!(
        m.ekspor.iter().any(|s| s.nama == "rekap5.xlsx"
            && s.ukuran == rekap.len() as u64
            && s.sha256 == lapkin::arsip::sha256_hex(&rekap)),
        "{:?}",
        m.ekspor
    );
    assert_eq!(m.ekspor.len(), 5);
    // No planted personal datum in the PDF bytes, its text, or any attachment.
    let teks = teks_pdf(&pdf);
    for rahasia in [NIK, HP, NIP, NAMA_BENDAHARA] {
        assert!(!teks.contains(rahasia), "{rahasia} di teks PDF");
        assert!(
            !isi.windows(rahasia.len()).any(|w| w == rahasia.as_bytes()),
            "{rahasia} di PDF"
        );
        for (n, b) in &sematan {
            let mut lap = lapkin::diag::Temuan::default();
            let mut buku = None;
            if n.ends_with(".xlsx") {
                let berkas = lapkin::masukan::Berkas {
                    nama: n.clone(),
                    isi: b.clone().into(),
                };
                buku = lapkin::sheet::BukuKerja::buka(&berkas, None, &mut lap);
            }
            if let Some(mut buku) = buku {
                for l in buku.lembar() {
                    let r = buku.sel(&l, &mut lap).unwrap();
                    for c in r.used_cells() {
                        let s = lapkin::sheet::teks_data(c.2);
                        assert!(!s.contains(rahasia), "{rahasia} di lampiran {n}");
                    }
                }
            } else {
                assert!(
                    !b.windows(rahasia.len()).any(|w| w == rahasia.as_bytes()),
                    "{rahasia} di lampiran {n}"
                );
            }
        }
    }
    // verify rebuilds the same bytes from the attachments alone.
    let m2 = lapkin::Masukan::dari_pdf(&isi, &pdf).unwrap();
    let ulang =
        lapkin::susun(&m2, &huruf(), lapkin::Bentuk::Arsip).unwrap_or_else(|_| panic!("gagal"));
    assert!(
        ulang.pdf == isi,
        "PDF yang dibangun ulang dari lampiran berbeda"
    );
}

/// `check` of the export sample after `ubah` edits its `ekspor` section.
fn periksa_dengan(nama: &str, ubah: impl FnOnce(&Path, &mut serde_yaml_ng::Value)) -> String {
    let dir = sampel_dari_ekspor(nama);
    let d = dir.clone();
    ubah_yaml(&dir, |v| ubah(&d, &mut v["ekspor"]));
    let (_, lap) = periksa(&dir);
    lap.to_string()
}

#[test]
fn sub_unit_salah_atau_tidak_disebut_mendaftar_sub_unit_yang_ada() {
    let t = periksa_dengan("ekspor-subunit-salah", |_, e| {
        e["sub_unit"] = serde_yaml_ng::from_str("[\"9.99\"]").unwrap();
    });
    assert!(
        t.contains(
            "galat: lapkin.yaml › ekspor.sub_unit: sub unit \"9.99\" tidak ada di ekspor SIPD"
        ),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "sub unit yang ada: {SUB_UNIT_LAIN} (RSUD); {SUB_UNIT}"
        )),
        "{t}"
    );
    let t = periksa_dengan("ekspor-subunit-kosong", |_, e| {
        e.as_mapping_mut().unwrap().remove("sub_unit");
    });
    assert!(
        t.contains("memuat 2 sub unit; sebutkan sub unit instansi ini di ekspor.sub_unit"),
        "{t}"
    );
    // By name works as well as by code.
    let t = periksa_dengan("ekspor-subunit-nama", |_, e| {
        e["sub_unit"] =
            serde_yaml_ng::from_str("[\"badan kepegawaian dan pengembangan sumber daya manusia\"]")
                .unwrap();
    });
    assert!(!t.contains("galat"), "{t}");
}

#[test]
fn realisasi_tanpa_pagu_dan_sp2d_saja() {
    // A document line on a sub kegiatan the rekap has no pagu for.
    let t = periksa_dengan("ekspor-tanpa-pagu", |d, _| {
        ubah_buku(
            d,
            "Laporan Realisasi Per Dokumen (2).xlsx",
            &[(
                "Data Realisasi Dokumen",
                5,
                16,
                Nilai::Teks("5.03.01.2.01.0099"),
            )],
            &[],
        );
    });
    assert!(t.contains("galat: Laporan Realisasi Per Dokumen (2).xlsx › Data Realisasi Dokumen: sub kegiatan 5.03.01.2.01.0099 (Belanja Operasi) memiliki realisasi Rp6.217.500 tetapi tidak memiliki pagu di rekap anggaran"), "{t}");
    let t = periksa_dengan("ekspor-sp2d", |_, e| {
        e["realisasi"] = "sp2d".into();
    });
    assert!(t.contains("jumlah Nilai Realisasi baris ber-SP2D"), "{t}");
}

#[test]
fn berkas_masukan_sendiri_bukan_ekspor() {
    let t = periksa_dengan("ekspor-yaml-sendiri", |_, e| {
        e["berkas"]
            .as_sequence_mut()
            .unwrap()
            .push("lapkin.yaml".into());
    });
    assert!(t.contains("galat: lapkin.yaml › ekspor.berkas: \"lapkin.yaml\" adalah berkas masukan lapkin sendiri, bukan ekspor SIPD/SIASN"), "{t}");
    // The YAML itself is still read: no other complaint about it.
    assert_eq!(t.matches("galat").count(), 1, "{t}");
}

#[test]
fn berkas_tak_dikenal_menyebut_kolom_yang_diharapkan() {
    let t = periksa_dengan("ekspor-asing", |d, e| {
        std::fs::copy(d.join("kinerja.xlsx"), d.join("lain.xlsx")).unwrap();
        e["berkas"]
            .as_sequence_mut()
            .unwrap()
            .push("lain.xlsx".into());
    });
    assert!(t.contains("galat: lain.xlsx: berkas ini tidak dikenali sebagai ekspor SIPD, SIASN atau daftar aset"), "{t}");
    assert!(t.contains("Laporan Realisasi Per Dokumen SIPD-RI: Kode Sub SKPD, Kode Sub Kegiatan, Kode Rekening, Nilai Realisasi"), "{t}");
    assert!(
        t.contains(
            "Buku Inventaris / KIB: Kode Barang, Nama/Jenis Barang, Keadaan Barang (B/KB/RB)"
        ),
        "{t}"
    );
}

#[test]
fn pppk_dan_baris_kosong_dilaporkan_dengan_nomor_baris() {
    let dir = sampel_dari_ekspor("ekspor-pppk");
    ubah_yaml(&dir, |v| {
        v["ekspor"]["unor"] = serde_yaml_ng::from_str("[U-BKPSDM, U-PKM]").unwrap();
    });
    let (siap, lap) = periksa(&dir);
    let t = lap.to_string();
    // Row 26 of the PNS file has no golongan and no education.
    assert!(
        t.contains("kolom GOL AKHIR NAMA kosong atau tidak dikenal pada 1 baris (26)"),
        "{t}"
    );
    assert!(
        t.contains("kolom TINGKAT PENDIDIKAN ID kosong atau tidak dikenal pada 1 baris (26)"),
        "{t}"
    );
    let siap = siap.unwrap_or_else(|| panic!("{t}"));
    let _ = siap;
    let m = masukan(&dir);
    let b = m.buku_kerja("pegawai").unwrap();
    let mut l = lapkin::diag::Temuan::default();
    let mut buku = lapkin::sheet::BukuKerja::buka(b, None, &mut l).unwrap();
    let gol = buku.sel("Golongan", &mut l).unwrap();
    let baris: Vec<String> = gol
        .rows()
        .map(|r| {
            r.iter()
                .map(lapkin::sheet::teks_data)
                .collect::<Vec<_>>()
                .join("=")
        })
        .collect();
    assert_eq!(
        baris,
        [
            "Uraian=Jumlah",
            "Golongan II=4",
            "Golongan III=12",
            "Golongan IV=7",
            "PPPK Golongan IX=1",
            "Tidak tercatat di SIASN=1"
        ]
    );
}

#[test]
fn buku_inventaris_dengan_judul_dan_kondisi_singkat() {
    let dir = sampel_dari_ekspor("ekspor-aset");
    std::fs::remove_file(dir.join("aset.xlsx")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "BUKU INVENTARIS").unwrap();
    let kepala = [
        "No",
        "Kode Barang",
        "Register",
        "Nama/Jenis Barang",
        "Merk/Type",
        "Satuan",
        "Keadaan Barang (B/KB/RB)",
        "Jumlah Barang",
        "Jumlah Harga",
    ];
    tulis_baris(ws, 2, &kepala.map(t));
    tulis_baris(
        ws,
        3,
        &(1..=9).map(|i| Sel::N(i as f64)).collect::<Vec<_>>(),
    );
    for (i, (n, k, j)) in [
        ("AC", "B", 10.0),
        ("AC", "KB", 2.0),
        ("Meja", "1", 3.0),
        ("AC", "Baik", 1.0),
        ("Kursi", "RB", 4.0),
    ]
    .iter()
    .enumerate()
    {
        tulis_baris(
            ws,
            4 + i as u32,
            &[
                Sel::N(i as f64 + 1.0),
                t("1.3.2.05"),
                t("0001"),
                t(n),
                t("-"),
                t("Unit"),
                t(k),
                Sel::N(*j),
                Sel::N(1.0),
            ],
        );
    }
    // A signature block under the table: no code, no condition.
    tulis_baris(
        ws,
        11,
        &[Sel::K, Sel::K, Sel::K, t("Mengetahui, Kepala Badan")],
    );
    wb.save(dir.join("KIB.xlsx")).unwrap();
    ubah_yaml(&dir, |v| {
        v["ekspor"]["berkas"]
            .as_sequence_mut()
            .unwrap()
            .push("KIB.xlsx".into());
    });
    let m = masukan(&dir);
    let b = m.buku_kerja("aset").unwrap();
    let mut l = lapkin::diag::Temuan::default();
    let mut buku = lapkin::sheet::BukuKerja::buka(b, None, &mut l).unwrap();
    let r = buku.sel("Aset", &mut l).unwrap();
    let baris: Vec<String> = r
        .rows()
        .map(|r| {
            r.iter()
                .map(lapkin::sheet::teks_data)
                .collect::<Vec<_>>()
                .join("=")
        })
        .collect();
    assert_eq!(
        baris,
        [
            "No=Nama Barang=Jumlah=Kondisi",
            "1=AC=11=Baik",
            "2=AC=2=Rusak Ringan",
            "3=Meja=3=Baik",
            "4=Kursi=4=Rusak Berat"
        ]
    );
}

#[test]
fn watch_membaca_ulang_ekspor_yang_berubah_dan_unggahan_diterima() {
    let dir = sampel_dari_ekspor("ekspor-pantau");
    let mut lap = lapkin::diag::Temuan::default();
    let mut m = lapkin::Masukan::baca_folder(&dir, &mut lap).unwrap();
    assert!(!lap.ada_galat(), "{lap}");
    let lama = m.buku_kerja("anggaran").unwrap().isi.clone();
    // Nothing changed: nothing to rebuild.
    assert!(m.baca_ulang("rekap5.xlsx", &mut lap).is_empty());
    // One pagu changed in the rekap: the derived budget changes with it.
    ubah_buku(
        &dir,
        "rekap5.xlsx",
        &[("Sheet 1", 2, 22, Nilai::Angka(9_000_000.0))],
        &[],
    );
    assert_eq!(m.baca_ulang("rekap5.xlsx", &mut lap), ["rekap5.xlsx"]);
    assert_ne!(m.buku_kerja("anggaran").unwrap().isi, lama);
    assert!(
        m.berkas("rekap5.xlsx").is_none(),
        "berkas mentah tidak disimpan"
    );

    // The same files uploaded (e.g. through a page) give the same input set.
    let berkas: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    let mut lap = lapkin::diag::Temuan::default();
    let u = lapkin::Masukan::dari_berkas(lapkin::masukan::Asal::Unggahan, berkas, &mut lap);
    assert!(!lap.to_string().contains("galat"), "{lap}");
    assert_eq!(
        u.buku_kerja("anggaran").unwrap().isi,
        m.buku_kerja("anggaran").unwrap().isi
    );
    assert_eq!(u.sumber_ekspor(), m.sumber_ekspor());
}

/// The derived budget workbook of a folder.
fn anggaran_turunan(dir: &Path) -> std::sync::Arc<[u8]> {
    masukan(dir).buku_kerja("anggaran").unwrap().isi.clone()
}

#[test]
fn rekap4_rekap21_dan_kode_rekening_2026_memberi_anggaran_yang_sama() {
    let dir = sampel_dari_ekspor("ekspor-varian");
    let baku = anggaran_turunan(&dir);
    for (varian, nama) in [
        (Varian::Rekap4Kode2026, "rekap4.xlsx"),
        (Varian::Murni21, "rekap_apbd_murni.xlsx"),
    ] {
        std::fs::remove_file(dir.join("rekap5.xlsx")).ok();
        rekap(&dir, "rekap5.xlsx", varian);
        assert!(
            anggaran_turunan(&dir) == baku,
            "{nama}: anggaran turunan berbeda"
        );
    }
}

#[test]
fn dua_rekap_realisasi_bertumpang_tindih_dan_tahun_salah_ditolak() {
    let t = periksa_dengan("ekspor-dua-rekap", |d, e| {
        rekap(d, "rekap4.xlsx", Varian::Rekap4Kode2026);
        e["berkas"]
            .as_sequence_mut()
            .unwrap()
            .push("rekap4.xlsx".into());
    });
    assert!(t.contains("ada 2 rekap anggaran (rekap5.xlsx › Sheet 1, rekap4.xlsx › Sheet 1); pagu tidak boleh dijumlahkan dari dua tahapan"), "{t}");
    let t = periksa_dengan("ekspor-dua-realisasi", |d, e| {
        std::fs::copy(
            d.join("Laporan Realisasi Per Dokumen (2).xlsx"),
            d.join("2024-12-Laporan Realisasi.xlsx"),
        )
        .unwrap();
        e["berkas"]
            .as_sequence_mut()
            .unwrap()
            .push("2024-12-Laporan Realisasi.xlsx".into());
    });
    assert!(t.contains("galat: 2024-12-Laporan Realisasi.xlsx › Data Realisasi Dokumen: 132 baris dokumen juga ada di berkas realisasi lain (baris 6, 7, 8,"), "{t}");
    let t = periksa_dengan("ekspor-tahun", |d, _| {
        ubah_buku(
            d,
            "rekap5.xlsx",
            &[("Sheet 1", 1, 1, Nilai::Angka(2023.0))],
            &[],
        );
    });
    assert!(t.contains("galat: rekap5.xlsx › Sheet 1!B2: rekap anggaran ini tahun 2023, sedangkan laporan tahun 2024"), "{t}");
}

#[test]
fn ekspor_siasn_csv_dibaca_seperti_xlsx() {
    let dir = sampel_dari_ekspor("ekspor-csv");
    let baku = masukan(&dir).buku_kerja("pegawai").unwrap().isi.clone();
    // The PNS export as CSV with `|` and a quoted field holding the delimiter.
    let p = dir.join("Data PNS 20 Mei 2025.xlsx");
    let mut wb = calamine::open_workbook_auto(&p).unwrap();
    use calamine::Reader;
    let nama = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&nama).unwrap();
    let mut csv = String::new();
    for b in r.rows() {
        let v: Vec<String> = b
            .iter()
            .map(|c| {
                let s = lapkin::sheet::teks_data(c);
                if s.contains('|') || s.contains(',') {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            })
            .collect();
        csv.push_str(&v.join("|"));
        csv.push_str("\r\n");
    }
    std::fs::write(dir.join("Data PNS.csv"), csv).unwrap();
    std::fs::remove_file(&p).unwrap();
    ubah_yaml(&dir, |v| {
        let b = v["ekspor"]["berkas"].as_sequence_mut().unwrap();
        b.retain(|x| x.as_str() != Some("Data PNS 20 Mei 2025.xlsx"));
        b.push("Data PNS.csv".into());
    });
    let u = masukan(&dir);
    assert!(u.buku_kerja("pegawai").unwrap().isi == baku);
}

#[test]
fn perintah_check_build_dan_archive_tidak_mencetak_data_pribadi() {
    let dir = sampel_dari_ekspor("ekspor-cli");
    let keluar = folder_sementara("ekspor-cli-keluar");
    let lapkin = env!("CARGO_BIN_EXE_lapkin");
    let jalankan = |args: &[&std::ffi::OsStr]| {
        let o = std::process::Command::new(lapkin)
            .current_dir(akar())
            .args(args)
            .output()
            .unwrap();
        let teks = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "{args:?}: {teks}");
        teks
    };
    let pdf = keluar.join("laporan.pdf");
    let mut keluaran = jalankan(&["check".as_ref(), dir.as_os_str()]);
    assert!(keluaran.contains("catatan: rekap5.xlsx"), "{keluaran}");
    keluaran += &jalankan(&[
        "build".as_ref(),
        "--masukan".as_ref(),
        dir.as_os_str(),
        "--keluaran".as_ref(),
        pdf.as_os_str(),
    ]);
    keluaran += &jalankan(&[
        "archive".as_ref(),
        "--masukan".as_ref(),
        dir.as_os_str(),
        "--arsip".as_ref(),
        keluar.join("arsip").as_os_str(),
    ]);
    let mut berkas = vec![pdf];
    let mut antre = vec![keluar.join("arsip")];
    while let Some(d) = antre.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                antre.push(p);
            } else {
                berkas.push(p);
            }
        }
    }
    assert!(
        berkas
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "pdf")
                && p.starts_with(keluar.join("arsip"))),
        "{berkas:?}"
    );
    for rahasia in [NIK, HP, NIP, NAMA_BENDAHARA] {
        assert!(
            !keluaran.contains(rahasia),
            "{rahasia} di keluaran perintah"
        );
        for p in &berkas {
            let isi = std::fs::read(p).unwrap();
            assert!(
                !isi.windows(rahasia.len()).any(|w| w == rahasia.as_bytes()),
                "{rahasia} di {}",
                p.display()
            );
            if p.extension().is_some_and(|e| e == "pdf") {
                assert!(
                    !teks_pdf(p).contains(rahasia),
                    "{rahasia} di teks {}",
                    p.display()
                );
            }
        }
    }
}

#[test]
fn init_dari_folder_berekspor_tidak_menyalin_buku_kerja_turunan() {
    let dir = sampel_dari_ekspor("ekspor-init");
    let baru = folder_sementara("ekspor-init-baru").join("lapkin-2025");
    lapkin::init::buat(&baru, Some(&dir)).unwrap();
    // Budget and staff come from this year's exports, not from a typed copy.
    assert!(!baru.join("anggaran.xlsx").exists());
    assert!(!baru.join("pegawai.xlsx").exists());
    assert!(baru.join("kinerja.xlsx").exists() && baru.join("aset.xlsx").exists());
    let yaml = std::fs::read_to_string(baru.join("lapkin.yaml")).unwrap();
    assert!(yaml.contains("rekap5.xlsx"), "{yaml}");
}

#[test]
fn tanggal_tak_terbaca_dan_total_yang_tidak_cocok_diperingatkan() {
    let t = periksa_dengan("ekspor-tanggal", |d, _| {
        let berkas = "Laporan Realisasi Per Dokumen (2).xlsx";
        // Row 7: a date that is not Indonesian text; the Total row (row 138)
        // no longer matches the lines (a truncated download).
        ubah_buku(
            d,
            berkas,
            &[
                ("Data Realisasi Dokumen", 6, 24, Nilai::Teks("tgl 7/13")),
                ("Data Realisasi Dokumen", 137, 27, Nilai::Angka(1.0)),
            ],
            &[],
        );
    });
    assert!(t.contains("peringatan: Laporan Realisasi Per Dokumen (2).xlsx › Data Realisasi Dokumen: tanggal dokumen tidak terbaca pada baris 7; baris itu tetap dihitung"), "{t}");
    assert!(t.contains("peringatan: Laporan Realisasi Per Dokumen (2).xlsx › Data Realisasi Dokumen!AB138: baris Total berkas ini Rp1 berbeda dari jumlah Nilai Realisasi semua barisnya"), "{t}");
    // Warnings only: the report is still built.
    assert!(!t.contains("galat"), "{t}");
}

#[test]
fn buku_kerja_ketikan_dan_ekspor_untuk_hal_yang_sama_ditolak() {
    let t = periksa_dengan("ekspor-dua-sumber", |d, _| {
        std::fs::copy(sampel().join("pegawai.xlsx"), d.join("pegawai.xlsx")).unwrap();
    });
    assert!(t.contains("galat: pegawai.xlsx: pegawai.xlsx ada di folder masukan, padahal pegawai juga disusun dari ekspor di ekspor.berkas"), "{t}");
}

#[test]
fn unor_tidak_disebut_mendaftar_unit_terbanyak_dan_satu_sub_unit_tidak_perlu_disebut() {
    let t = periksa_dengan("ekspor-unor-kosong", |_, e| {
        e.as_mapping_mut().unwrap().remove("unor");
    });
    assert!(t.contains("galat: lapkin.yaml › ekspor.unor: ekspor SIASN memuat pegawai 5 unit organisasi (UNOR); sebutkan UNOR instansi ini di ekspor.unor"), "{t}");
    assert!(
        t.contains("yang terbanyak: U-BID-MUTASI (Unit U-BID-MUTASI, 8 orang)"),
        "{t}"
    );
    // Without HierarkiUnor only the units listed count.
    let t = periksa_dengan("ekspor-tanpa-hierarki", |_, e| {
        let b = e["berkas"].as_sequence_mut().unwrap();
        b.retain(|x| x.as_str() != Some("HierarkiUnor.xlsx"));
    });
    assert!(
        t.contains("ekspor Data ASN SIASN: 8 pegawai dihitung; dilewati: 17 pegawai unit lain"),
        "{t}"
    );
    // A rekap and realisation of one sub unit need no ekspor.sub_unit.
    let dir = sampel_dari_ekspor("ekspor-satu-subunit");
    ubah_yaml(&dir, |v| {
        v["ekspor"].as_mapping_mut().unwrap().remove("sub_unit");
    });
    let hapus_lain = |berkas: &str, lembar: &str, kolom: usize| {
        let p = dir.join(berkas);
        let mut wb = calamine::open_workbook_auto(&p).unwrap();
        use calamine::Reader;
        let r = wb.worksheet_range(lembar).unwrap();
        let mut out = Workbook::new();
        let ws = out.add_worksheet();
        ws.set_name(lembar).unwrap();
        let mut n = 0;
        for b in r.rows() {
            if lapkin::sheet::teks_data(&b[kolom]) == SUB_UNIT_LAIN {
                continue;
            }
            let v: Vec<Sel> = b
                .iter()
                .map(|c| match c {
                    calamine::Data::Float(f) => Sel::N(*f),
                    calamine::Data::Int(i) => Sel::N(*i as f64),
                    calamine::Data::Empty => Sel::K,
                    c => Sel::T(lapkin::sheet::teks_data(c)),
                })
                .collect();
            tulis_baris(ws, n, &v);
            n += 1;
        }
        out.save(&p).unwrap();
    };
    hapus_lain("rekap5.xlsx", "Sheet 1", 6);
    hapus_lain(
        "Laporan Realisasi Per Dokumen (2).xlsx",
        "Data Realisasi Dokumen",
        2,
    );
    let (siap, lap) = periksa(&dir);
    assert!(siap.is_some(), "{lap}");
    assert!(
        lap.to_string().contains("sub unit 5.03.0.00.0.00.01.0000"),
        "{lap}"
    );
}
