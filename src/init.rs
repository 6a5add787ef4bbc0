//! `lapkin init`: a ready-to-fill inputs folder — workbooks with header rows,
//! one example row, column widths, number formats and drop-down lists for the
//! closed choices, and a commented YAML skeleton — or, with `--dari`, next
//! year's folder started from last year's.
//!
//! The headers are the loader's own column names ([`crate::load`]), so what
//! `init` writes is exactly what `build` reads.

use std::path::Path;

use anyhow::{Context, Result, bail};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::load::*;
use crate::model::{Data, Kondisi, Nilai, PREDIKAT};
use crate::sheet::Kolom;

/// The YAML skeleton written by `init`.
pub const KERANGKA_YAML: &str = include_str!("../templates/kerangka.yaml");

/// What a column holds, for its number format and drop-down list.
#[derive(Clone, Copy)]
enum Isi {
    /// Free text.
    Teks,
    /// Text that looks like a number but is not one (codes: `1.1`).
    Kode,
    /// Whole numbers (counts, Rupiah).
    Bulat,
    /// Decimals.
    Desimal,
    /// A number or a letter grade.
    NilaiAtauPredikat,
    /// One of a closed list.
    Pilihan(&'static [&'static str]),
}

struct KolomInit {
    kolom: &'static Kolom,
    lebar: f64,
    isi: Isi,
}

const fn k(kolom: &'static Kolom, lebar: f64, isi: Isi) -> KolomInit {
    KolomInit { kolom, lebar, isi }
}

const KONDISI: &[&str] = &["Baik", "Rusak Ringan", "Rusak Berat"];
const ARAH: &[&str] = &["Naik", "Turun", "Predikat"];
const JENIS_BELANJA: &[&str] = &[
    "Belanja Operasi",
    "Belanja Modal",
    "Belanja Tidak Terduga",
    "Belanja Transfer",
];
const KELOMPOK_IP: &[&str] = &[
    "Keseluruhan",
    "Jenis Kelamin",
    "Jenis Jabatan",
    "Pendidikan",
];

const ASET: &[KolomInit] = &[
    k(&K_NO, 6.0, Isi::Bulat),
    k(&K_NAMA_BARANG, 42.0, Isi::Teks),
    k(&K_JUMLAH, 10.0, Isi::Bulat),
    k(&K_KONDISI, 16.0, Isi::Pilihan(KONDISI)),
];
const KOMPOSISI: &[KolomInit] = &[
    k(&K_URAIAN, 36.0, Isi::Teks),
    k(&K_JUMLAH, 12.0, Isi::Bulat),
];
const ANGGARAN: &[KolomInit] = &[
    k(&K_KODE, 10.0, Isi::Kode),
    k(&K_URAIAN_ANGGARAN, 60.0, Isi::Teks),
    k(&K_JENIS_BELANJA, 20.0, Isi::Pilihan(JENIS_BELANJA)),
    k(&K_ANGGARAN, 18.0, Isi::Bulat),
    k(&K_REALISASI, 18.0, Isi::Bulat),
];
const IKU: &[KolomInit] = &[
    k(&K_SASARAN, 10.0, Isi::Teks),
    k(&K_INDIKATOR, 48.0, Isi::Teks),
    k(&K_SATUAN, 10.0, Isi::Teks),
    k(&K_ARAH, 12.0, Isi::Pilihan(ARAH)),
    k(&K_TARGET, 10.0, Isi::NilaiAtauPredikat),
    k(&K_REALISASI_IKU, 11.0, Isi::NilaiAtauPredikat),
    k(&K_SKOR_T, 13.0, Isi::Desimal),
    k(&K_SKOR_R, 15.0, Isi::Desimal),
    k(&K_RENSTRA, 15.0, Isi::NilaiAtauPredikat),
    k(&K_STANDAR, 16.0, Isi::NilaiAtauPredikat),
];
const IP_ASN: &[KolomInit] = &[
    k(&K_KELOMPOK, 16.0, Isi::Pilihan(KELOMPOK_IP)),
    k(&K_URAIAN, 28.0, Isi::Teks),
    k(&K_RESPONDEN, 18.0, Isi::Bulat),
    k(&K_JUMLAH_ASN, 12.0, Isi::Bulat),
    k(&DIMENSI[0], 12.0, Isi::Desimal),
    k(&DIMENSI[1], 12.0, Isi::Desimal),
    k(&DIMENSI[2], 12.0, Isi::Desimal),
    k(&DIMENSI[3], 12.0, Isi::Desimal),
    k(&K_NILAI_IP, 10.0, Isi::Desimal),
];
/// The four IP ASN dimensions of PermenPANRB 38/2018, as column headers.
const DIMENSI: [Kolom; 4] = [
    Kolom::opsional("Kualifikasi", &[]),
    Kolom::opsional("Kompetensi", &[]),
    Kolom::opsional("Kinerja", &[]),
    Kolom::opsional("Disiplin", &[]),
];

/// A cell to write.
#[derive(Clone, Debug)]
enum Sel {
    Teks(String),
    Angka(f64),
    Kosong,
}

fn t(s: &str) -> Sel {
    Sel::Teks(s.to_string())
}
fn n(v: f64) -> Sel {
    Sel::Angka(v)
}
fn d(v: rust_decimal::Decimal) -> Sel {
    Sel::Angka(v.to_f64().unwrap_or_default())
}
fn nilai(v: &Nilai) -> Sel {
    match v {
        Nilai::Angka(x) => d(*x),
        Nilai::Predikat(i) => t(PREDIKAT[*i]),
    }
}

struct Lembar {
    nama: &'static str,
    kolom: Vec<(String, f64, Isi)>,
    baris: Vec<Vec<Sel>>,
}

impl Lembar {
    fn baru(nama: &'static str, kolom: &[KolomInit], baris: Vec<Vec<Sel>>) -> Lembar {
        Lembar {
            nama,
            kolom: kolom
                .iter()
                .map(|c| (c.kolom.nama.to_string(), c.lebar, c.isi))
                .collect(),
            baris,
        }
    }
}

fn tulis_lembar(ws: &mut Worksheet, l: &Lembar) -> Result<()> {
    ws.set_name(l.nama)?;
    let kepala = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    for (c, (judul, lebar, isi)) in l.kolom.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, *lebar)?;
        ws.write_string_with_format(0, c, judul, &kepala)?;
        let fmt = match isi {
            Isi::Bulat => Format::new().set_num_format("#,##0"),
            Isi::Desimal => Format::new().set_num_format("0.00"),
            Isi::Kode => Format::new().set_num_format("@"),
            _ => Format::new(),
        };
        // The format applies to the whole column, so rows typed later get it too.
        ws.set_column_format(c, &fmt)?;
        for (r, row) in l.baris.iter().enumerate() {
            let r = r as u32 + 1;
            match row.get(c as usize).cloned().unwrap_or(Sel::Kosong) {
                Sel::Teks(s) => {
                    ws.write_string_with_format(r, c, &s, &fmt)?;
                }
                Sel::Angka(v) => {
                    ws.write_number_with_format(r, c, v, &fmt)?;
                }
                Sel::Kosong => {}
            }
        }
        if let Isi::Pilihan(list) = isi {
            let dv = DataValidation::new()
                .allow_list_strings(list)?
                .set_error_title("Pilihan tidak dikenal")?
                .set_error_message(format!("Pilih salah satu: {}", list.join(", ")))?;
            ws.add_data_validation(1, c, 2000, c, &dv)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn tulis_buku(path: &Path, lembar: &[Lembar]) -> Result<()> {
    let isi =
        buku_bita(lembar).with_context(|| format!("{} tidak dapat disusun", path.display()))?;
    std::fs::write(path, isi).with_context(|| format!("{} tidak dapat ditulis", path.display()))
}

/// One workbook's bytes.
fn buku_bita(lembar: &[Lembar]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    for l in lembar {
        let ws = wb.add_worksheet();
        tulis_lembar(ws, l).with_context(|| format!("lembar {}", l.nama))?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The files `lapkin init` writes for a new agency (the fill-in workbooks and
/// `lapkin.yaml`), in memory: what `lapkin serve` offers to download.
pub fn kerangka() -> Result<Vec<(String, Vec<u8>)>> {
    let mut v = Vec::new();
    for (nama, lembar) in contoh() {
        v.push((nama.to_string(), buku_bita(&lembar)?));
    }
    v.push((BERKAS_YAML.to_string(), KERANGKA_YAML.as_bytes().to_vec()));
    Ok(v)
}

/// The names of the files [`kerangka`] gives, without writing any workbook.
pub fn nama_kerangka() -> Vec<String> {
    let mut v: Vec<String> = contoh().into_iter().map(|(n, _)| n.to_string()).collect();
    v.push(BERKAS_YAML.to_string());
    v
}

/// The example asset of the skeleton.
const CONTOH_ASET: &str = "Komputer PC";
/// The example sub kegiatan of the skeleton.
const CONTOH_SUB: &str = "Penyediaan Gaji dan Tunjangan ASN";
/// The example indicator of the skeleton.
const CONTOH_IKU: &str = "Persentase kepuasan pelayanan";
/// The example region of the skeleton's IP ASN sheet.
const CONTOH_DAERAH: &str = "Kabupaten Contoh";
/// The example label of each staff sheet.
fn contoh_pegawai(lembar: &str) -> &'static str {
    match lembar {
        "Jenis Kelamin" => "Laki-laki",
        "Golongan" => "Golongan III",
        "Pendidikan" => "S-1/D-IV",
        _ => "Eselon III",
    }
}

/// The year of the skeleton YAML (`laporan.tahun`).
fn tahun_kerangka() -> i32 {
    KERANGKA_YAML
        .lines()
        .find_map(|l| l.trim().strip_prefix("tahun:"))
        .and_then(|v| v.split('#').next())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(2025)
}

/// Workbooks with one example row each.
fn contoh() -> Vec<(&'static str, Vec<Lembar>)> {
    vec![
        (
            "aset.xlsx",
            vec![Lembar::baru(
                "Aset",
                ASET,
                vec![vec![n(1.0), t(CONTOH_ASET), n(10.0), t("Baik")]],
            )],
        ),
        (
            "pegawai.xlsx",
            LEMBAR_PEGAWAI
                .iter()
                .map(|(nama, _, _)| {
                    Lembar::baru(
                        nama,
                        KOMPOSISI,
                        vec![vec![t(contoh_pegawai(nama)), n(10.0)]],
                    )
                })
                .collect(),
        ),
        (
            "anggaran.xlsx",
            vec![Lembar::baru(
                "Anggaran",
                ANGGARAN,
                vec![
                    vec![
                        t("1"),
                        t("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
                    ],
                    vec![t("1.1"), t("Administrasi Keuangan Perangkat Daerah")],
                    vec![
                        t("1.1.1"),
                        t(CONTOH_SUB),
                        t("Belanja Operasi"),
                        n(1_000_000_000.0),
                        n(950_000_000.0),
                    ],
                ],
            )],
        ),
        (
            "kinerja.xlsx",
            vec![
                {
                    // The previous year's realisation, for the comparison 53/2014 asks for.
                    let mut iku = Lembar::baru(
                        "IKU",
                        IKU,
                        vec![vec![
                            t("S1"),
                            t(CONTOH_IKU),
                            t("%"),
                            t("Naik"),
                            n(85.0),
                            n(80.0),
                        ]],
                    );
                    iku.kolom.push((
                        format!("Realisasi {}", tahun_kerangka() - 1),
                        15.0,
                        Isi::NilaiAtauPredikat,
                    ));
                    iku
                },
                Lembar::baru(
                    "Survei",
                    KOMPOSISI,
                    vec![vec![t("Puas"), n(80.0)], vec![t("Tidak Puas"), n(20.0)]],
                ),
                Lembar::baru(
                    "IP ASN",
                    IP_ASN,
                    vec![vec![
                        t("Keseluruhan"),
                        t(CONTOH_DAERAH),
                        n(1000.0),
                        n(1100.0),
                        n(20.0),
                        n(25.0),
                        n(25.0),
                        n(5.0),
                    ]],
                ),
            ],
        ),
    ]
}

/// Next year's workbooks from last year's data: structure carried over, last
/// year's realisations kept as previous-year figures, this year's emptied.
fn dari_tahun_lalu(data: &Data, tahun_lalu: i32) -> Vec<(&'static str, Vec<Lembar>)> {
    let aset = data
        .aset
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, a)| {
            vec![
                n((i + 1) as f64),
                t(&a.nama),
                d(a.jumlah),
                t(match a.kondisi {
                    Kondisi::Baik => "Baik",
                    Kondisi::RusakRingan => "Rusak Ringan",
                    Kondisi::RusakBerat => "Rusak Berat",
                }),
            ]
        })
        .collect();
    let pegawai = data
        .pegawai
        .iter()
        .map(|k| {
            let nama = LEMBAR_PEGAWAI
                .iter()
                .find(|(_, kunci, _)| *kunci == k.kunci)
                .map(|(n, _, _)| *n)
                .unwrap_or("Jenis Kelamin");
            Lembar::baru(
                nama,
                KOMPOSISI,
                k.baris.iter().map(|(l, j)| vec![t(l), d(*j)]).collect(),
            )
        })
        .collect();
    let mut anggaran = Vec::new();
    for p in &data.anggaran.program {
        anggaran.push(vec![t(&p.kode), t(&p.uraian)]);
        for kg in &p.kegiatan {
            anggaran.push(vec![t(&kg.kode), t(&kg.uraian)]);
            for s in &kg.sub {
                anggaran.push(vec![t(&s.kode), t(&s.uraian), t(&s.jenis_belanja)]);
            }
        }
    }
    // IKU: earlier "Realisasi <year>" columns, then last year's realisation.
    let mut tahun: Vec<i32> = data
        .iku
        .iter()
        .flat_map(|i| i.lalu.iter().map(|(y, _)| *y))
        .collect();
    tahun.push(tahun_lalu);
    tahun.sort();
    tahun.dedup();
    let mut iku_kolom: Vec<(String, f64, Isi)> = IKU
        .iter()
        .map(|c| (c.kolom.nama.to_string(), c.lebar, c.isi))
        .collect();
    for y in &tahun {
        iku_kolom.push((format!("Realisasi {y}"), 15.0, Isi::NilaiAtauPredikat));
    }
    let iku_baris = data
        .iku
        .iter()
        .map(|i| {
            let mut row = vec![
                t(&i.sasaran),
                t(&i.uraian),
                t(&i.satuan),
                t(match i.arah {
                    crate::model::Arah::Naik => "Naik",
                    crate::model::Arah::Turun => "Turun",
                    crate::model::Arah::Predikat => "Predikat",
                }),
                nilai(&i.target),
                Sel::Kosong,
                Sel::Kosong,
                Sel::Kosong,
                i.target_renstra.as_ref().map(nilai).unwrap_or(Sel::Kosong),
                i.standar_nasional
                    .as_ref()
                    .map(nilai)
                    .unwrap_or(Sel::Kosong),
            ];
            for y in &tahun {
                let v = if *y == tahun_lalu {
                    Some(&i.realisasi)
                } else {
                    i.lalu.iter().find(|(yy, _)| yy == y).map(|(_, v)| v)
                };
                row.push(v.map(nilai).unwrap_or(Sel::Kosong));
            }
            row
        })
        .collect();
    let mut kinerja = vec![Lembar {
        nama: "IKU",
        kolom: iku_kolom,
        baris: iku_baris,
    }];
    if let Some(s) = &data.survei {
        kinerja.push(Lembar::baru(
            "Survei",
            KOMPOSISI,
            s.baris.iter().map(|(l, _)| vec![t(l)]).collect(),
        ));
    }
    if let Some(ip) = &data.ip_asn {
        let mut rows = vec![vec![t("Keseluruhan"), t(&ip.keseluruhan.uraian)]];
        for (g, baris) in &ip.kelompok {
            for b in baris {
                rows.push(vec![t(g), t(&b.uraian)]);
            }
        }
        kinerja.push(Lembar::baru("IP ASN", IP_ASN, rows));
    }
    vec![
        ("aset.xlsx", vec![Lembar::baru("Aset", ASET, aset)]),
        ("pegawai.xlsx", pegawai),
        (
            "anggaran.xlsx",
            vec![Lembar::baru("Anggaran", ANGGARAN, anggaran)],
        ),
        ("kinerja.xlsx", kinerja),
    ]
}

/// Advances the year of last year's YAML text, keeping its comments and narrative:
/// `laporan.tahun`, the signing date's year and the year in `nama_berkas`.
fn majukan_yaml(teks: &str, tahun: i32) -> String {
    let lama = tahun.to_string();
    let baru = (tahun + 1).to_string();
    let tanda_lama = (tahun + 1).to_string();
    let tanda_baru = (tahun + 2).to_string();
    teks.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("tahun:") || trimmed.starts_with("nama_berkas:") {
                line.replace(&lama, &baru)
            } else if trimmed.starts_with("tanggal:") {
                line.replacen(&tanda_lama, &tanda_baru, 1)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// What `init` did and what the user must fill now, printed at its end.
#[derive(Debug, Clone)]
pub struct Ringkasan {
    /// The folder written.
    pub folder: std::path::PathBuf,
    /// What was carried forward from last year (empty for a blank skeleton).
    pub dibawa: Vec<String>,
    /// What must be filled before the report can be built.
    pub isi: Vec<String>,
}

impl std::fmt::Display for Ringkasan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "folder masukan dibuat: {}", self.folder.display())?;
        if !self.dibawa.is_empty() {
            writeln!(f, "dibawa dari tahun lalu:")?;
            for d in &self.dibawa {
                writeln!(f, "  - {d}")?;
            }
        }
        writeln!(f, "yang harus diisi sekarang:")?;
        for d in &self.isi {
            writeln!(f, "  - {d}")?;
        }
        write!(
            f,
            "lalu jalankan: lapkin check {}  (selama isian contoh masih ada, PDF ditandai DRAF)",
            self.folder.display()
        )
    }
}

/// The summary of a folder started from last year's data.
fn ringkas_dari(dir: &Path, data: &Data, tahun_lalu: i32, lalu: &Path) -> Ringkasan {
    let tahun = tahun_lalu + 1;
    let a = &data.anggaran;
    let kegiatan: usize = a.program.iter().map(|p| p.kegiatan.len()).sum();
    let sub: usize = a
        .program
        .iter()
        .flat_map(|p| &p.kegiatan)
        .map(|k| k.sub.len())
        .sum();
    let mut dibawa = vec![
        format!(
            "lapkin.yaml dari {}: identitas, struktur organisasi dan seluruh narasi; tahun dimajukan ke {tahun}, tanggal penandatanganan ke {}",
            lalu.display(),
            tahun + 1
        ),
        format!(
            "anggaran.xlsx: {} program, {kegiatan} kegiatan dan {sub} sub kegiatan (kode, uraian, jenis belanja; tanpa angka)",
            a.program.len()
        ),
        format!(
            "kinerja.xlsx › IKU: {} indikator dengan sasaran, satuan, arah, target tahun lalu dan Target Renstra; realisasi {tahun_lalu} menjadi kolom \"Realisasi {tahun_lalu}\"",
            data.iku.len()
        ),
    ];
    if let Some(aset) = &data.aset {
        dibawa.push(format!(
            "aset.xlsx: {} barang dengan jumlah dan kondisi per akhir {tahun_lalu}",
            aset.len()
        ));
    }
    if !data.pegawai.is_empty() {
        dibawa.push(format!(
            "pegawai.xlsx: {} tabel komposisi ASN per akhir {tahun_lalu}",
            data.pegawai.len()
        ));
    }
    let mut isi = vec![
        format!(
            "kinerja.xlsx › IKU: kolom Target (ganti dengan target Perjanjian Kinerja {tahun}) dan Realisasi {tahun} untuk {} indikator",
            data.iku.len()
        ),
        format!(
            "anggaran.xlsx › Anggaran: kolom Anggaran (Rp) dan Realisasi (Rp) untuk {sub} sub kegiatan"
        ),
    ];
    if data.survei.is_some() {
        isi.push("kinerja.xlsx › Survei: kolom Jumlah setiap jawaban".into());
    }
    if data.ip_asn.is_some() {
        isi.push(format!(
            "kinerja.xlsx › IP ASN: jumlah responden dan nilai {tahun} setiap baris"
        ));
    }
    if data.aset.is_some() || !data.pegawai.is_empty() {
        isi.push(format!(
            "aset.xlsx dan pegawai.xlsx: perbarui jumlahnya per 31 Desember {tahun}"
        ));
    }
    isi.push(format!(
        "lapkin.yaml: narasi yang menceritakan kejadian {tahun_lalu}, penandatanganan.tanggal dan tanggal_perjanjian"
    ));
    Ringkasan {
        folder: dir.to_path_buf(),
        dibawa,
        isi,
    }
}

/// Writes a new inputs folder at `dir` (which must not exist or be empty);
/// from last year's folder `dari` when given. Returns what was carried
/// forward and what must be filled now.
pub fn buat(dir: &Path, dari: Option<&Path>) -> Result<Ringkasan> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "folder {} sudah ada dan tidak kosong; lapkin init tidak menimpa berkas. Pilih nama folder baru.",
            dir.display()
        );
    }
    let (buku, yaml, ringkasan) = match dari {
        None => (
            contoh(),
            KERANGKA_YAML.to_string(),
            Ringkasan {
                folder: dir.to_path_buf(),
                dibawa: Vec::new(),
                isi: vec![
                    "lapkin.yaml: setiap teks \"Tulis …\", nama instansi, daerah, pimpinan dan kepala daerah".into(),
                    "aset.xlsx, pegawai.xlsx, anggaran.xlsx, kinerja.xlsx: ganti baris contoh dengan data instansi (lihat docs/masukan.md)".into(),
                ],
            },
        ),
        Some(lalu) => {
            let mut lap = crate::diag::Temuan::default();
            let masukan = crate::Masukan::baca_folder(lalu, &mut lap);
            let (t, l) = match &masukan {
                Some(m) => crate::muat_hitung(m, None),
                None => (None, crate::diag::Temuan::default()),
            };
            lap.daftar.extend(l.daftar);
            let Some(t) = t else {
                bail!(
                    "folder tahun lalu {} tidak dapat dibaca:\n{lap}",
                    lalu.display()
                );
            };
            if lap.ada_galat() {
                bail!(
                    "folder tahun lalu {} masih mengandung galat; perbaiki dulu (lapkin check):\n{lap}",
                    lalu.display()
                );
            }
            // The YAML as read once with the workbooks, not read again.
            let text = masukan
                .as_ref()
                .and_then(|m| m.yaml())
                .map(|b| String::from_utf8_lossy(&b.isi).into_owned())
                .unwrap_or_default();
            let mut buku = dari_tahun_lalu(&t.data, t.config.laporan.tahun);
            // A workbook last year's folder did not hold was derived from
            // national exports (`ekspor` in lapkin.yaml): this year's
            // exports take its place, not a typed copy.
            let ekspor = !crate::ekspor::nama_berkas(text.as_bytes()).is_empty();
            buku.retain(|(nama, _)| {
                !ekspor || {
                    let stem = nama.split('.').next().unwrap_or(nama);
                    crate::masukan::EKSTENSI_BUKU_KERJA
                        .iter()
                        .any(|e| lalu.join(format!("{stem}.{e}")).exists())
                }
            });
            (
                buku,
                majukan_yaml(&text, t.config.laporan.tahun),
                ringkas_dari(dir, &t.data, t.config.laporan.tahun, lalu),
            )
        }
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("folder {} tidak dapat dibuat", dir.display()))?;
    for (nama, lembar) in &buku {
        tulis_buku(&dir.join(nama), lembar)?;
    }
    std::fs::write(dir.join(BERKAS_YAML), yaml)
        .with_context(|| format!("{} tidak dapat ditulis", dir.join(BERKAS_YAML).display()))?;
    Ok(ringkasan)
}

/// Texts of the skeleton YAML that are placeholders, and markers that make
/// any text a placeholder wherever it appears.
const PENANDA_KERANGKA: [&str; 5] = [
    "Kabupaten Contoh",
    "Nama Perangkat Daerah",
    "NAMA LENGKAP",
    "NAMA KEPALA DAERAH",
    "LAPKIN-Instansi-",
];

fn kerangka_teks(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("Tulis ")
        || t.starts_with("TULIS ")
        || t.contains("Contoh")
        || PENANDA_KERANGKA.iter().any(|p| t.contains(p))
        || matches!(t, "OPD" | "Nama Kota" | "19700101 199001 1 001")
}

/// Every string of a YAML value with its key path (`perencanaan.misi[0].uraian`).
fn daun(v: &serde_yaml_ng::Value, jalur: &str, out: &mut Vec<(String, String)>) {
    use serde_yaml_ng::Value;
    match v {
        Value::String(s) => out.push((jalur.to_string(), s.clone())),
        Value::Sequence(xs) => {
            for (i, x) in xs.iter().enumerate() {
                daun(x, &format!("{jalur}[{i}]"), out);
            }
        }
        Value::Mapping(m) => {
            for (k, x) in m {
                let k = k.as_str().unwrap_or_default();
                let j = if jalur.is_empty() {
                    k.to_string()
                } else {
                    format!("{jalur}.{k}")
                };
                daun(x, &j, out);
            }
        }
        Value::Tagged(t) => daun(&t.value, jalur, out),
        _ => {}
    }
}

/// Leftovers of an unfilled `init` skeleton: every placeholder text of
/// `lapkin.yaml` (a text of the skeleton's own, or one naming "Kabupaten
/// Contoh", "Nama Perangkat Daerah" …) and every example row still in a
/// workbook, each a warning with its key or cell; then one warning that the
/// PDF is marked DRAF. Returns how many were found: the report is a draft
/// when there is any.
pub fn sisa_kerangka(
    masukan: &crate::Masukan,
    data: &Data,
    lap: &mut crate::diag::Temuan,
) -> usize {
    use crate::diag::Lokasi;
    let mut n = 0;
    let kerangka: Vec<String> = serde_yaml_ng::from_str(KERANGKA_YAML)
        .map(|v| {
            let mut d = Vec::new();
            daun(&v, "", &mut d);
            d.into_iter()
                .map(|(_, s)| s.trim().to_string())
                .filter(|s| kerangka_teks(s))
                .collect()
        })
        .unwrap_or_default();
    let teks = masukan
        .yaml()
        .map(|b| String::from_utf8_lossy(&b.isi).into_owned())
        .unwrap_or_default();
    if let Ok(v) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&teks) {
        let mut d = Vec::new();
        daun(&v, "", &mut d);
        for (jalur, s) in d {
            let t = s.trim();
            if kerangka.iter().any(|k| k == t) || PENANDA_KERANGKA.iter().any(|p| t.contains(p)) {
                n += 1;
                let cuplik: String = t.chars().take(60).collect();
                lap.peringatan(
                    Some(Lokasi::kunci(BERKAS_YAML, &jalur)),
                    format!("masih berisi teks contoh dari lapkin init: \"{cuplik}\""),
                    Some("ganti dengan isi laporan instansi Anda".into()),
                );
            }
        }
    }
    let nama = |stem: &str| {
        masukan
            .buku_kerja(stem)
            .map(|b| b.nama.clone())
            .unwrap_or_else(|| format!("{stem}.xlsx"))
    };
    let mut baris_contoh = |lokasi: Lokasi, apa: String, lap: &mut crate::diag::Temuan| {
        n += 1;
        lap.peringatan(
            Some(lokasi),
            format!("masih berisi baris contoh dari lapkin init: {apa}"),
            Some("ganti dengan data instansi Anda atau hapus barisnya".into()),
        );
    };
    if let Some(aset) = &data.aset
        && let [a] = &aset[..]
        && a.nama == CONTOH_ASET
    {
        baris_contoh(
            Lokasi::sel(&nama("aset"), "Aset", 1, 1),
            format!("\"{CONTOH_ASET}\""),
            lap,
        );
    }
    for k in &data.pegawai {
        let lembar = LEMBAR_PEGAWAI
            .iter()
            .find(|(_, kunci, _)| *kunci == k.kunci)
            .map(|(l, _, _)| *l)
            .unwrap_or_default();
        if let [(label, j)] = &k.baris[..]
            && label == contoh_pegawai(lembar)
            && *j == rust_decimal::Decimal::TEN
        {
            baris_contoh(
                Lokasi::sel(&nama("pegawai"), lembar, 1, 0),
                format!("\"{label}\" 10 orang"),
                lap,
            );
        }
    }
    for s in data
        .anggaran
        .program
        .iter()
        .flat_map(|p| &p.kegiatan)
        .flat_map(|k| &k.sub)
    {
        if s.uraian == CONTOH_SUB
            && s.anggaran == rust_decimal::Decimal::from(1_000_000_000)
            && s.realisasi == rust_decimal::Decimal::from(950_000_000)
        {
            baris_contoh(
                s.lokasi.clone(),
                format!("sub kegiatan \"{CONTOH_SUB}\""),
                lap,
            );
        }
    }
    for i in &data.iku {
        // Name and the example's own figures: a real indicator of that name is not a draft.
        if i.uraian == CONTOH_IKU
            && i.target == Nilai::Angka(rust_decimal::Decimal::from(85))
            && i.realisasi == Nilai::Angka(rust_decimal::Decimal::from(80))
        {
            baris_contoh(i.lokasi.clone(), format!("indikator \"{CONTOH_IKU}\""), lap);
        }
    }
    if let Some(sv) = &data.survei
        && sv.baris.len() == 2
        && sv.baris[0] == ("Puas".into(), rust_decimal::Decimal::from(80))
        && sv.baris[1] == ("Tidak Puas".into(), rust_decimal::Decimal::from(20))
    {
        baris_contoh(
            Lokasi::sel(&nama("kinerja"), "Survei", 1, 1),
            "Puas 80, Tidak Puas 20".into(),
            lap,
        );
    }
    if let Some(ip) = &data.ip_asn
        && ip.keseluruhan.uraian == CONTOH_DAERAH
    {
        baris_contoh(
            ip.keseluruhan.lokasi.clone(),
            format!("\"{CONTOH_DAERAH}\""),
            lap,
        );
    }
    if n > 0 {
        lap.peringatan(
            None,
            format!(
                "{n} isian contoh dari lapkin init belum diganti: PDF ditandai DRAF di setiap halaman"
            ),
            Some("ganti setiap isian yang disebut di atas; tanda DRAF hilang dengan sendirinya".into()),
        );
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_advances_in_the_yaml_only_where_it_is_the_year() {
        let text = "laporan:\n  tahun: 2024\n  nama_berkas: LAPKIN-2024\npenandatanganan:\n  tanggal: \"2025-01-31\"\nkata_pengantar: Nomor 29 Tahun 2014 dan 2024\n";
        let out = majukan_yaml(text, 2024);
        assert!(out.contains("tahun: 2025"));
        assert!(out.contains("nama_berkas: LAPKIN-2025"));
        assert!(out.contains("tanggal: \"2026-01-31\""));
        assert!(out.contains("Nomor 29 Tahun 2014 dan 2024"));
    }

    #[test]
    fn skeleton_is_a_valid_configuration() {
        let mut lap = crate::diag::Temuan::default();
        assert!(
            crate::load::parse_config(KERANGKA_YAML, &mut lap).is_some(),
            "{lap}"
        );
    }
}
