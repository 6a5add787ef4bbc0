//! The national systems' own exports, read as they are downloaded: the
//! SIPD-RI budget rekap and "Laporan Realisasi Per Dokumen" ([`sipd`]), the
//! SIASN "Export Data ASN" with its HierarkiUnor ([`siasn`]), and a Buku
//! Inventaris / KIB sheet ([`aset`]).
//!
//! The files are named in `lapkin.yaml` under `ekspor.berkas` and recognised
//! by their headers, not by their names. [`terapkan`] turns them into the
//! workbooks a user would otherwise type (`anggaran.xlsx`, `pegawai.xlsx`,
//! `aset.xlsx`), written by lapkin, and takes the raw files out of the
//! [`Masukan`]: from there on the report is built exactly as from typed
//! workbooks, and `archive` attaches only what lapkin derived. The raw files
//! hold personal data (NIK, phone numbers, addresses, NIP and names); they are
//! remembered only by name, size and SHA-256 ([`Masukan::sumber_ekspor`]),
//! which the archive manifest records. Messages about them name rows and
//! columns, never the value of a personal field.

pub mod aset;
pub mod siasn;
pub mod sipd;

use std::collections::HashMap;

use calamine::{Data, Range};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

use crate::diag::{Lokasi, Temuan};
use crate::masukan::{Asal, Berkas, Masukan};
use crate::sheet::{BukuKerja, angka_sel, normal, teks_data};

/// Cells all recognised export sheets may hold together (the size of one
/// sheet at most, [`crate::sheet::MAKS_SEL`]): a province's SIASN export of
/// 20.000 ASN × 60 columns is 1,2 million.
pub const MAKS_SEL_EKSPOR: u64 = crate::sheet::MAKS_SEL;

/// The `ekspor` section of `lapkin.yaml`: which national exports to read and
/// how to narrow them to this agency.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ekspor {
    /// Export files in the inputs folder, by name (any order; each is
    /// recognised by its headers).
    #[serde(default)]
    pub berkas: Vec<String>,
    /// SIPD sub unit(s) of this agency: `KODE SUB UNIT` (e.g.
    /// `5.03.0.00.0.00.01.0000`) or its name. May be left out when the export
    /// holds one sub unit only.
    #[serde(default)]
    pub sub_unit: Vec<String>,
    /// Which documents count as realisation.
    #[serde(default)]
    pub realisasi: JenisRealisasi,
    /// Whether `Nilai Setoran` (refunds) is subtracted from realisation.
    #[serde(default)]
    pub kurangi_setoran: bool,
    /// SIASN `UNOR ID`s of this agency. With a HierarkiUnor export among the
    /// files, every unit below them is included too.
    #[serde(default)]
    pub unor: Vec<String>,
    /// How SIASN positions are grouped in the `Jabatan` table; a built-in
    /// grouping when empty.
    #[serde(default)]
    pub jabatan: Vec<AturanJabatan>,
}

/// Which documents of "Laporan Realisasi Per Dokumen" count as realisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisRealisasi {
    /// Sum of `Nilai Realisasi` over every document (SPP and TBP).
    #[default]
    Semua,
    /// Only lines whose `Nomor SP2D` is filled (money actually paid out).
    Sp2d,
}

/// One row of the `Jabatan` table: staff matching any of the given
/// conditions are counted under `uraian`. Rules are tried in order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AturanJabatan {
    /// The label printed, e.g. `Eselon III`.
    pub uraian: String,
    /// Position types: `struktural`, `fungsional`, `pelaksana`.
    #[serde(default)]
    pub jenis: Vec<String>,
    /// Echelon levels: `II`, `III`, `IV` (matches `III.a`, `III.b`, …).
    #[serde(default)]
    pub eselon: Vec<String>,
    /// Words in the position's name, e.g. `Subkoordinator`.
    #[serde(default)]
    pub nama_memuat: Vec<String>,
}

/// The `ekspor` section and the report year of a `lapkin.yaml` text, when it
/// has one; any problem with the YAML is left to the full parse.
fn dari_yaml(yaml: &[u8]) -> Option<(Ekspor, i32)> {
    let teks = std::str::from_utf8(yaml).ok()?;
    if crate::load::alias_yaml(teks).is_some() {
        return None;
    }
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(teks).ok()?;
    let e = v.get("ekspor")?.clone();
    let tahun = v
        .get("laporan")
        .and_then(|l| l.get("tahun"))
        .and_then(|t| t.as_i64())
        .unwrap_or(0) as i32;
    serde_yaml_ng::from_value(e).ok().map(|e| (e, tahun))
}

/// The export file names `lapkin.yaml` lists under `ekspor.berkas`.
pub fn nama_berkas(yaml: &[u8]) -> Vec<String> {
    dari_yaml(yaml).map(|(e, _)| e.berkas).unwrap_or_default()
}

/// Reads the exports `lapkin.yaml` names, derives the workbooks from them,
/// and replaces the raw files in `masukan` by those workbooks. Does nothing
/// for a set rebuilt from an archive (it holds the derived workbooks already).
pub fn terapkan(masukan: &mut Masukan, lap: &mut Temuan) {
    if matches!(masukan.asal, Asal::Arsip(_)) {
        return;
    }
    let Some((cfg, tahun)) = masukan.yaml().and_then(|y| dari_yaml(&y.isi)) else {
        return;
    };
    if cfg.berkas.is_empty() {
        return;
    }
    let mut lembar: Vec<Lembar> = Vec::new();
    let mut sumber = Vec::new();
    // Cells of the recognised sheets of every export together, within
    // [`MAKS_SEL_EKSPOR`]: each sheet is bounded by itself, the sum by this.
    let mut jumlah_sel = 0u64;
    for nama in &cfg.berkas {
        if crate::masukan::Jenis::dari_nama(nama).is_some() {
            lap.galat(
                Some(Lokasi::kunci(crate::masukan::BERKAS_YAML, "ekspor.berkas")),
                format!("\"{nama}\" adalah berkas masukan lapkin sendiri, bukan ekspor SIPD/SIASN"),
                Some("hapus nama itu dari ekspor.berkas; lapkin membacanya tanpa disebut".into()),
            );
            continue;
        }
        let Some(b) = masukan.berkas(nama).cloned() else {
            if !masukan.ditolak(nama) {
                lap.galat(
                    Some(Lokasi::kunci(crate::masukan::BERKAS_YAML, "ekspor.berkas")),
                    format!("berkas ekspor \"{nama}\" tidak ditemukan di folder masukan"),
                    Some("letakkan berkas unduhan SIPD/SIASN di folder masukan, di samping lapkin.yaml, dengan nama persis seperti di ekspor.berkas".into()),
                );
            }
            continue;
        };
        sumber.push(crate::arsip::Sidik::dari(&b.nama, &b.isi));
        masukan.hapus(nama);
        if let Some(l) = kenali(&b, &mut jumlah_sel, lap) {
            lembar.extend(l);
        }
    }
    let mut turunan: Vec<(&str, Vec<u8>)> = Vec::new();
    let rekap: Vec<&Lembar> = lembar
        .iter()
        .filter(|l| l.jenis == JenisLembar::Rekap)
        .collect();
    let dokumen: Vec<&Lembar> = lembar
        .iter()
        .filter(|l| l.jenis == JenisLembar::Dokumen)
        .collect();
    // A workbook that could not be derived is marked refused, so the loader
    // does not also call it missing.
    let mut gagal: Vec<&str> = Vec::new();
    if !rekap.is_empty() || !dokumen.is_empty() {
        match sipd::turunkan(&rekap, &dokumen, &cfg, tahun, lap) {
            Some(x) => turunan.push(("anggaran", x)),
            None => gagal.push("anggaran"),
        }
    }
    let asn: Vec<&Lembar> = lembar
        .iter()
        .filter(|l| l.jenis == JenisLembar::Asn)
        .collect();
    let hierarki: Vec<&Lembar> = lembar
        .iter()
        .filter(|l| l.jenis == JenisLembar::Hierarki)
        .collect();
    if !asn.is_empty() {
        match siasn::turunkan(&asn, &hierarki, &cfg, lap) {
            Some(x) => turunan.push(("pegawai", x)),
            None => gagal.push("pegawai"),
        }
    } else if !hierarki.is_empty() {
        lap.galat(
            Some(Lokasi::berkas(&hierarki[0].berkas)),
            "HierarkiUnor dibaca, tetapi tidak ada ekspor Data ASN (PNS/PPPK) di ekspor.berkas",
            Some("tambahkan berkas Data PNS dan Data PPPK dari SIASN ke ekspor.berkas".into()),
        );
    }
    let inventaris: Vec<&Lembar> = lembar
        .iter()
        .filter(|l| l.jenis == JenisLembar::Aset)
        .collect();
    if !inventaris.is_empty() {
        match aset::turunkan(&inventaris, lap) {
            Some(x) => turunan.push(("aset", x)),
            None => gagal.push("aset"),
        }
    }
    for stem in gagal {
        if masukan.buku_kerja(stem).is_none() {
            masukan.tolak(&format!("{stem}.xlsx"));
        }
    }
    for (stem, isi) in turunan {
        if let Some(ada) = masukan.buku_kerja(stem) {
            lap.galat(
                Some(Lokasi::berkas(&ada.nama)),
                format!(
                    "{} ada di folder masukan, padahal {stem} juga disusun dari ekspor di ekspor.berkas",
                    ada.nama
                ),
                Some(format!(
                    "pakai satu sumber saja: pindahkan {} dari folder masukan, atau hapus ekspornya dari ekspor.berkas",
                    ada.nama
                )),
            );
            continue;
        }
        masukan.sisipkan(Berkas {
            nama: format!("{stem}.xlsx"),
            isi: isi.into(),
        });
    }
    masukan.catat_sumber(sumber);
}

/// What kind of export a sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JenisLembar {
    /// SIPD-RI budget rekap (rekap5, rekap4, the 21-column variant).
    Rekap,
    /// SIPD-RI "Laporan Realisasi Per Dokumen".
    Dokumen,
    /// SIASN "Export Data ASN" (PNS, PPPK or paruh waktu).
    Asn,
    /// SIASN HierarkiUnor.
    Hierarki,
    /// Buku Inventaris or a KIB.
    Aset,
}

/// A layout lapkin recognises: its kind, what it is called, and the columns
/// that must be present (each a list of accepted header spellings).
struct Tata {
    jenis: JenisLembar,
    nama: &'static str,
    wajib: &'static [&'static [&'static str]],
}

const TATA: &[Tata] = &[
    Tata {
        jenis: JenisLembar::Rekap,
        nama: "rekap anggaran SIPD-RI (rekap5/rekap4)",
        wajib: &[
            &["KODE SUB UNIT"],
            &["KODE PROGRAM"],
            &["KODE KEGIATAN"],
            &["KODE SUB KEGIATAN"],
            &["NAMA SUB KEGIATAN"],
            &["KODE REKENING"],
            &["PAGU"],
        ],
    },
    Tata {
        jenis: JenisLembar::Dokumen,
        nama: "Laporan Realisasi Per Dokumen SIPD-RI",
        wajib: &[
            &["Kode Sub SKPD"],
            &["Kode Sub Kegiatan"],
            &["Kode Rekening"],
            &["Nilai Realisasi"],
        ],
    },
    Tata {
        jenis: JenisLembar::Asn,
        nama: "Export Data ASN SIASN (PNS/PPPK)",
        wajib: &[
            &["JENIS KELAMIN"],
            &["GOL AKHIR NAMA"],
            &["TINGKAT PENDIDIKAN ID"],
            &["JENIS JABATAN NAMA"],
            &["UNOR ID"],
        ],
    },
    Tata {
        jenis: JenisLembar::Hierarki,
        nama: "HierarkiUnor SIASN",
        wajib: &[&["ID"], &["NAMA_UNOR"], &["ID_ATASAN"]],
    },
    Tata {
        jenis: JenisLembar::Aset,
        nama: "Buku Inventaris / KIB",
        wajib: aset::KOLOM_WAJIB,
    },
];

/// Rows searched for the header row (title rows come first in some exports).
const BARIS_CARI_KEPALA: usize = 12;

/// One sheet of an export, its header found.
pub struct Lembar {
    /// What the sheet is.
    pub jenis: JenisLembar,
    /// File name.
    pub berkas: String,
    /// Sheet name.
    pub lembar: String,
    /// Zero-based row of the header.
    pub kepala: usize,
    kolom: HashMap<String, usize>,
    sel: Range<Data>,
}

impl Lembar {
    /// Zero-based data rows after the header.
    pub fn baris(&self) -> std::ops::Range<usize> {
        self.kepala + 1..self.sel.height()
    }

    /// The column whose header is `nama` (normalised), if any.
    pub fn kolom(&self, nama: &str) -> Option<usize> {
        self.kolom.get(&normal(nama)).copied()
    }

    /// The cell at (`baris`, column named `nama`).
    pub fn data(&self, baris: usize, nama: &str) -> &Data {
        match self.kolom(nama) {
            Some(k) => self.sel.get((baris, k)).unwrap_or(&Data::Empty),
            None => &Data::Empty,
        }
    }

    /// The cell's text, trimmed; `-`, `null` and `undefined` count as empty.
    pub fn teks(&self, baris: usize, nama: &str) -> String {
        let t = teks_data(self.data(baris, nama)).trim().to_string();
        match t.as_str() {
            "-" | "null" | "undefined" | "NULL" => String::new(),
            _ => t,
        }
    }

    /// The first cell of a row, as text.
    pub fn pertama(&self, baris: usize) -> String {
        teks_data(self.sel.get((baris, 0)).unwrap_or(&Data::Empty))
            .trim()
            .to_string()
    }

    /// Whether every cell of the row is blank.
    pub fn kosong(&self, baris: usize) -> bool {
        (0..self.sel.width()).all(|k| {
            self.sel
                .get((baris, k))
                .is_none_or(|d| teks_data(d).trim().is_empty())
        })
    }

    /// Where a cell is, for messages (row and column from zero).
    pub fn lokasi(&self, baris: usize, nama: &str) -> Lokasi {
        let k = self.kolom(nama).unwrap_or(0);
        let (r0, c0) = self.sel.start().unwrap_or((0, 0));
        Lokasi::sel(&self.berkas, &self.lembar, r0 + baris as u32, c0 + k as u32)
    }

    /// The row number as the user sees it (from 1).
    pub fn nomor(&self, baris: usize) -> u32 {
        self.sel.start().map_or(0, |(r, _)| r) + baris as u32 + 1
    }

    /// The cell as an amount in rupiah, rounded half-up to cents (float noise
    /// such as 52441553.489999995 becomes 52441553.49); blank is `None`.
    pub fn rupiah(&self, baris: usize, nama: &str, lap: &mut Temuan) -> Option<Decimal> {
        match angka_sel(self.data(baris, nama)) {
            Ok(v) => v.map(sen),
            Err((pesan, saran)) => {
                lap.galat(Some(self.lokasi(baris, nama)), pesan, saran);
                None
            }
        }
    }
}

/// An amount rounded half-up to cents.
pub fn sen(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Finds which export each sheet of `b` is; records an error listing the
/// expected columns when no sheet is recognised.
fn kenali(b: &Berkas, jumlah_sel: &mut u64, lap: &mut Temuan) -> Option<Vec<Lembar>> {
    if *jumlah_sel > MAKS_SEL_EKSPOR {
        // Already refused, with the file that passed the limit named.
        return None;
    }
    let mut hasil = Vec::new();
    if b.nama.to_ascii_lowercase().ends_with(".csv") {
        match baca_csv(&b.isi) {
            Ok(sel) => {
                if let Some(l) = kenali_lembar(&b.nama, "CSV", sel) {
                    *jumlah_sel += l.sel.get_size().0 as u64 * l.sel.get_size().1 as u64;
                    hasil.push(l);
                }
            }
            Err((pesan, saran)) => {
                lap.galat(Some(Lokasi::berkas(&b.nama)), pesan, Some(saran));
                return None;
            }
        }
    } else {
        let mut buku = BukuKerja::buka(b, None, lap)?;
        for nama_lembar in buku.lembar() {
            if *jumlah_sel > MAKS_SEL_EKSPOR {
                break;
            }
            let Some(sel) = buku.sel(&nama_lembar, lap) else {
                continue;
            };
            if let Some(l) = kenali_lembar(&b.nama, &nama_lembar, sel) {
                *jumlah_sel += l.sel.get_size().0 as u64 * l.sel.get_size().1 as u64;
                hasil.push(l);
            }
        }
    }
    if *jumlah_sel > MAKS_SEL_EKSPOR {
        lap.galat(
            Some(Lokasi::kunci(crate::masukan::BERKAS_YAML, "ekspor.berkas")),
            format!(
                "ekspor terlalu besar: lembar yang dikenali sampai {} berisi lebih dari {} sel bersama-sama",
                b.nama,
                crate::format::bulat(Decimal::from(MAKS_SEL_EKSPOR))
            ),
            Some("unduh ekspor untuk perangkat daerah ini saja (saring unit/sub unit di aplikasinya) dan sebut di ekspor.berkas hanya berkas yang diperlukan".into()),
        );
        return None;
    }
    if hasil.is_empty() {
        let harap: Vec<String> = TATA
            .iter()
            .map(|t| {
                let kolom: Vec<&str> = t.wajib.iter().map(|k| k[0]).collect();
                format!("{}: {}", t.nama, kolom.join(", "))
            })
            .collect();
        lap.galat(
            Some(Lokasi::berkas(&b.nama)),
            "berkas ini tidak dikenali sebagai ekspor SIPD, SIASN atau daftar aset: tidak ada lembar yang baris kepalanya memuat kolom yang diharapkan",
            Some(format!(
                "simpan berkas persis seperti diunduh dari aplikasinya; kolom yang diharapkan (dicari di {BARIS_CARI_KEPALA} baris pertama): {}",
                harap.join("; ")
            )),
        );
        return None;
    }
    Some(hasil)
}

/// A CSV export (SIASN "Export Data ASN" as `.csv`) as cells of text. The
/// delimiter is whichever of `|`, `;`, `,` and TAB the header line uses most
/// (BKN's choice is not documented); fields may be quoted with `"`.
///
/// The same limits as a sheet ([`crate::sheet::MAKS_BARIS`],
/// [`crate::sheet::MAKS_KOLOM`], [`crate::sheet::MAKS_SEL`]) are checked as
/// the fields are read, so a 50 MB file of empty fields never becomes
/// millions of strings: the refusal is the message and hint.
pub fn baca_csv(isi: &[u8]) -> Result<Range<Data>, (String, String)> {
    use crate::sheet::{MAKS_BARIS, MAKS_KOLOM, MAKS_SEL, di_luar_batas, terlalu_besar};
    let isi = isi.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(isi);
    let teks: String = match std::str::from_utf8(isi) {
        Ok(t) => t.to_string(),
        // Windows-1252 / Latin-1 exports: every byte is a character.
        Err(_) => isi.iter().map(|b| char::from(*b)).collect(),
    };
    let baris_pertama = teks.lines().next().unwrap_or("");
    let pemisah = ['|', ';', ',', '\t']
        .into_iter()
        .max_by_key(|c| baris_pertama.matches(*c).count())
        .unwrap_or(',');
    let mut baris: Vec<Vec<String>> = Vec::new();
    let (mut sekarang, mut medan) = (Vec::new(), String::new());
    let mut kutip = false;
    let mut lebar = 0usize;
    // Checked at the end of every field: the field's cell is within the
    // columns, and the rectangle so far within the cells.
    let periksa = |baris: usize, kolom: usize, lebar: usize| {
        if kolom >= MAKS_KOLOM as usize {
            return Err(di_luar_batas(baris as u32, kolom as u32));
        }
        if baris >= MAKS_BARIS as usize {
            return Err(di_luar_batas(baris as u32, 0));
        }
        if (baris as u64 + 1) * lebar.max(kolom + 1) as u64 > MAKS_SEL {
            return Err(terlalu_besar(baris as u64 + 1, lebar.max(kolom + 1) as u64));
        }
        Ok(())
    };
    let mut cs = teks.chars().peekable();
    while let Some(c) = cs.next() {
        match c {
            '"' if kutip && cs.peek() == Some(&'"') => {
                medan.push('"');
                cs.next();
            }
            '"' if kutip => kutip = false,
            '"' if medan.is_empty() => kutip = true,
            c if c == pemisah && !kutip => {
                periksa(baris.len(), sekarang.len(), lebar)?;
                sekarang.push(std::mem::take(&mut medan));
            }
            '\r' if !kutip => {}
            '\n' if !kutip => {
                periksa(baris.len(), sekarang.len(), lebar)?;
                sekarang.push(std::mem::take(&mut medan));
                lebar = lebar.max(sekarang.len());
                baris.push(std::mem::take(&mut sekarang));
            }
            c => medan.push(c),
        }
    }
    if !medan.is_empty() || !sekarang.is_empty() {
        periksa(baris.len(), sekarang.len(), lebar)?;
        sekarang.push(medan);
        lebar = lebar.max(sekarang.len());
        baris.push(sekarang);
    }
    if baris.is_empty() || lebar == 0 {
        return Ok(Range::empty());
    }
    let mut r = Range::new((0, 0), (baris.len() as u32 - 1, lebar as u32 - 1));
    for (i, b) in baris.into_iter().enumerate() {
        for (k, v) in b.into_iter().enumerate() {
            if !v.is_empty() {
                r.set_value((i as u32, k as u32), Data::String(v));
            }
        }
    }
    Ok(r)
}

fn kenali_lembar(berkas: &str, lembar: &str, sel: Range<Data>) -> Option<Lembar> {
    let lebar = sel.width();
    for r in 0..sel.height().min(BARIS_CARI_KEPALA) {
        let mut kolom = HashMap::new();
        for k in 0..lebar {
            let t = normal(&teks_data(sel.get((r, k)).unwrap_or(&Data::Empty)));
            if !t.is_empty() {
                kolom.entry(t).or_insert(k);
            }
        }
        for tata in TATA {
            if tata
                .wajib
                .iter()
                .all(|ejaan| ejaan.iter().any(|e| kolom.contains_key(&normal(e))))
            {
                return Some(Lembar {
                    jenis: tata.jenis,
                    berkas: berkas.to_string(),
                    lembar: lembar.to_string(),
                    kepala: r,
                    kolom,
                    sel,
                });
            }
        }
    }
    None
}

/// A workbook lapkin writes: each sheet a header and rows of text or
/// amounts. The bytes depend on nothing but the rows (fixed document date),
/// so the same exports give the same workbook and the same manifest.
pub(crate) fn tulis_buku(lembar: &[LembarTurunan<'_>]) -> Option<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let mut wb = Workbook::new();
    let tanggal = ExcelDateTime::from_ymd(2000, 1, 1).ok()?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&tanggal)
            .set_author("lapkin")
            .set_comment("disusun lapkin dari ekspor SIPD/SIASN; data pribadi tidak dimuat"),
    );
    for (nama, kepala, baris) in lembar {
        let ws = wb.add_worksheet();
        ws.set_name(*nama).ok()?;
        for (k, h) in kepala.iter().enumerate() {
            ws.write_string(0, k as u16, *h).ok()?;
        }
        for (i, b) in baris.iter().enumerate() {
            let r = i as u32 + 1;
            for (k, s) in b.iter().enumerate() {
                let k = k as u16;
                match s {
                    Sel::Teks(t) => {
                        ws.write_string(r, k, t).ok()?;
                    }
                    Sel::Angka(d) => {
                        // A number cell when the float reads back as the
                        // same decimal (up to 15 digits), else Indonesian
                        // text (`1.234.567,89`), which lapkin reads exactly.
                        let d = d.normalize();
                        let f: f64 = d.to_string().parse().unwrap_or(f64::NAN);
                        if format!("{f}") == d.to_string() {
                            ws.write_number(r, k, f).ok()?;
                        } else {
                            ws.write_string(r, k, crate::format::apa_adanya(d)).ok()?;
                        }
                    }
                }
            }
        }
    }
    wb.save_to_buffer().ok()
}

/// A sheet of a derived workbook: name, header, rows.
pub(crate) type LembarTurunan<'a> = (&'a str, Vec<&'a str>, Vec<Vec<Sel>>);

/// A cell of a derived workbook.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sel {
    /// Text.
    Teks(String),
    /// An exact amount.
    Angka(Decimal),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Buku Inventaris CSV of `baris` rows, 100 columns wide.
    fn inventaris(nama: &str, baris: usize) -> Berkas {
        let mut kepala = vec!["Kode Barang", "Nama Barang", "Keadaan Barang"];
        kepala.resize(100, "Lain");
        let mut csv = kepala.join("|") + "\n";
        let isi = format!("1.3.2|Meja|B{}\n", "|".repeat(97));
        for _ in 0..baris {
            csv.push_str(&isi);
        }
        Berkas {
            nama: nama.into(),
            isi: csv.into_bytes().into(),
        }
    }

    #[test]
    fn csv_di_luar_batas_lembar_ditolak_dengan_pesan_lembar() {
        let (pesan, _) = baca_csv(format!("a{}\n", "|".repeat(150)).as_bytes()).unwrap_err();
        assert!(pesan.contains("di sel CW1,"), "{pesan}");
        let (pesan, _) = baca_csv("a\n".repeat(300_001).as_bytes()).unwrap_err();
        assert!(pesan.contains("di sel A300001,"), "{pesan}");
        // 50.000 rows × 100 columns: 5 million cells, more than one sheet holds.
        let (pesan, _) = baca_csv(&inventaris("x.csv", 50_000).isi).unwrap_err();
        assert!(
            pesan.contains("lembar terlalu besar: isinya membentang 40.001 baris × 100 kolom"),
            "{pesan}"
        );
    }

    #[test]
    fn ekspor_bersama_sama_dibatasi() {
        let mut jumlah = 0u64;
        let mut lap = Temuan::default();
        let satu = kenali(&inventaris("KIB A.csv", 25_000), &mut jumlah, &mut lap).unwrap();
        assert_eq!(satu.len(), 1);
        assert_eq!(jumlah, 25_001 * 100);
        assert!(kenali(&inventaris("KIB B.csv", 25_000), &mut jumlah, &mut lap).is_none());
        let t = lap.to_string();
        assert!(
            t.contains("galat: lapkin.yaml › ekspor.berkas: ekspor terlalu besar: lembar yang dikenali sampai KIB B.csv berisi lebih dari 4.000.000 sel bersama-sama"),
            "{t}"
        );
        // A third file is not read, nor reported again.
        assert!(kenali(&inventaris("KIB C.csv", 10), &mut jumlah, &mut lap).is_none());
        let t = lap.to_string();
        assert_eq!(t.matches("galat").count(), 1, "{t}");
    }
}
