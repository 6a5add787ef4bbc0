//! Helpers for the integration tests: scratch copies of the sample inputs,
//! edits to its YAML and workbooks, and the PDF's text through pdftotext.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{Data, Reader, open_workbook_auto};

pub mod tte;

/// The repository root.
pub fn akar() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample inputs folder.
pub fn sampel() -> PathBuf {
    akar().join("inputs")
}

/// A fresh, empty scratch folder under target/.
pub fn folder_sementara(nama: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = akar().join("target").join("uji").join(format!(
        "{nama}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the sample inputs in a scratch folder.
pub fn salin_sampel(nama: &str) -> PathBuf {
    let dir = folder_sementara(nama);
    for e in std::fs::read_dir(sampel()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Edits `lapkin.yaml` of a folder as a YAML value.
pub fn ubah_yaml(dir: &Path, f: impl FnOnce(&mut serde_yaml_ng::Value)) {
    let path = dir.join("lapkin.yaml");
    let mut v: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&path, serde_yaml_ng::to_string(&v).unwrap()).unwrap();
}

/// A cell value to write.
pub enum Nilai {
    /// Text.
    Teks(&'static str),
    /// Text, owned.
    TeksMilik(String),
    /// Number.
    Angka(f64),
    /// Empty.
    Kosong,
}

/// Writes the text and number cells of `range` into `ws` at their own
/// places, numbers multiplied by `kali`; returns the first row after them.
pub fn salin_lembar(
    range: &calamine::Range<Data>,
    ws: &mut rust_xlsxwriter::Worksheet,
    kali: f64,
) -> u32 {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut akhir = r0;
    for (r, row) in range.rows().enumerate() {
        let rr = r0 + r as u32;
        akhir = rr + 1;
        for (c, cell) in row.iter().enumerate() {
            let cc = (c0 as usize + c) as u16;
            match cell {
                Data::String(s) => ws.write_string(rr, cc, s).map(|_| ()),
                Data::Float(f) => ws.write_number(rr, cc, f * kali).map(|_| ()),
                Data::Int(i) => ws.write_number(rr, cc, *i as f64 * kali).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    akhir
}

/// Archives the report of `masukan` under `akar_arsip` with the sample fonts.
pub fn arsip(masukan: &Path, akar_arsip: &Path) -> lapkin::arsip::HasilArsip {
    lapkin::arsip::arsipkan(&lapkin::arsip::OpsiArsip {
        masukan: masukan.to_path_buf(),
        arsip: akar_arsip.to_path_buf(),
        huruf: akar().join("fonts"),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The version and PDF of a new archive version (panics on "already archived").
pub fn versi_baru(h: lapkin::arsip::HasilArsip) -> (String, PathBuf) {
    match h {
        lapkin::arsip::HasilArsip::Baru { versi, pdf, .. } => (versi, pdf),
        lapkin::arsip::HasilArsip::SudahAda { versi, .. } => {
            panic!("seharusnya versi baru, bukan {versi}")
        }
    }
}

/// Rewrites a workbook of `dir` with some cells changed: (sheet, zero-based row, column, value).
/// Sheets listed in `hapus` are left out.
pub fn ubah_buku(dir: &Path, berkas: &str, ubah: &[(&str, u32, u16, Nilai)], hapus: &[&str]) {
    let path = dir.join(berkas);
    let mut wb = open_workbook_auto(&path).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in wb.sheet_names().to_vec() {
        if hapus.contains(&name.as_str()) {
            continue;
        }
        let range = wb.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        salin_lembar(&range, ws, 1.0);
        for (sheet, r, c, v) in ubah {
            if *sheet == name {
                match v {
                    Nilai::Teks(s) => {
                        ws.write_string(*r, *c, *s).unwrap();
                    }
                    Nilai::TeksMilik(s) => {
                        ws.write_string(*r, *c, s).unwrap();
                    }
                    Nilai::Angka(f) => {
                        ws.write_number(*r, *c, *f).unwrap();
                    }
                    Nilai::Kosong => {
                        ws.write_blank(*r, *c, &rust_xlsxwriter::Format::new())
                            .unwrap();
                    }
                }
            }
        }
    }
    out.save(&path).unwrap();
}

/// Builds the report of `masukan` into `keluaran`.
pub fn bangun(masukan: &Path, keluaran: &Path) -> Result<lapkin::HasilBangun, lapkin::Gagal> {
    lapkin::bangun(&lapkin::Opsi {
        masukan: masukan.to_path_buf(),
        keluaran: Some(keluaran.to_path_buf()),
        huruf: akar().join("fonts"),
        tulis_typst: false,
    })
}

/// pdftotext's output for a PDF (reading order, or as laid out with `-layout`),
/// with Typst's invisible word joiners and lapkin's soft hyphens removed.
fn pdftotext(pdf: &Path, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) harus terpasang");
    assert!(out.status.success(), "pdftotext gagal");
    let teks = String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{2060}', "");
    // Words hyphenated by lapkin carry soft hyphens (U+00AD), which poppler
    // keeps; a reader's copy joins them. In reading order a word broken at a
    // line end is joined again; laid out, only the marks are dropped.
    if layout {
        teks.replace('\u{ad}', "")
    } else {
        teks.replace("\u{ad}\n", "").replace('\u{ad}', "")
    }
}

/// The text layer of a PDF in reading order.
pub fn teks_pdf(pdf: &Path) -> String {
    pdftotext(pdf, false)
}

/// `pdftotext -bbox`: every word of the PDF with its box, per page.
pub fn kotak_kata_pdf(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) harus terpasang");
    assert!(out.status.success(), "pdftotext -bbox gagal");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of each page.
pub fn halaman_pdf(pdf: &Path) -> Vec<String> {
    teks_pdf(pdf).split('\u{c}').map(str::to_string).collect()
}

/// The PDF's lines as laid out on the page (pdftotext -layout), white space
/// folded: one table row per line, so a test can check a row's cells together.
pub fn baris_pdf(pdf: &Path) -> Vec<String> {
    pdftotext(pdf, true)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The text of each page as laid out (pdftotext -layout), white space of each
/// line folded: a table row stays one line whatever else shares its page, so
/// row checks do not depend on pdftotext's guess of the reading order.
pub fn halaman_tata_letak(pdf: &Path) -> Vec<String> {
    pdftotext(pdf, true)
        .split('\u{c}')
        .map(|p| {
            p.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// The sample fonts, loaded (as `lapkin build` loads them).
pub fn huruf() -> lapkin::compile::Huruf {
    let mut lap = lapkin::diag::Temuan::default();
    lapkin::compile::Huruf::muat(&akar().join("fonts"), &mut lap).unwrap_or_else(|| panic!("{lap}"))
}

/// An inputs folder read once into memory (panics on a refused file).
pub fn masukan(dir: &Path) -> lapkin::Masukan {
    let mut lap = lapkin::diag::Temuan::default();
    let m = lapkin::Masukan::baca_folder(dir, &mut lap).unwrap_or_else(|| panic!("{lap}"));
    assert!(!lap.ada_galat(), "{lap}");
    m
}

/// `lapkin check` of a folder as a library call: the report ready for Typst
/// when there is no error, and every diagnostic.
pub fn periksa(dir: &Path) -> (Option<lapkin::Siap>, lapkin::diag::Temuan) {
    let mut lap = lapkin::diag::Temuan::default();
    let Some(m) = lapkin::Masukan::baca_folder(dir, &mut lap) else {
        return (None, lap);
    };
    let (siap, l) = lapkin::periksa(&m, &huruf());
    lap.daftar.extend(l.daftar);
    (siap.filter(|_| !lap.ada_galat()), lap)
}
