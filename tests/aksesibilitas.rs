//! Accessible as the law asks: the report is PDF/A-2a with PDF/UA-1 (the
//! archive PDF/A-3a with PDF/UA-1), in Indonesian, every figure in the
//! structure tree — charts, the org chart, the logo — carries an alternative
//! text told from its data, and table header cells are marked as such.
//! Checked as a reader's tools see the file: the XMP identification through
//! `pdfinfo -meta`, the structure tree through `qpdf --qdf`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="120" viewBox="0 0 100 120"><path d="M50 2 L96 20 L90 80 L50 118 L10 80 L4 20 Z" fill="#1f3b57"/></svg>"##;

/// A copy of the sample with a logo on the cover.
fn sampel_berlogo(nama: &str) -> PathBuf {
    let dir = common::salin_sampel(nama);
    std::fs::write(dir.join("logo.svg"), LOGO_SVG).unwrap();
    common::ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.svg".into());
    });
    dir
}

fn xmp(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg("-meta")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) harus terpasang");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's objects, uncompressed by qpdf, one string per object.
fn objek(pdf: &Path) -> Vec<String> {
    let qdf = pdf.with_extension("qdf.pdf");
    let st = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf harus terpasang");
    // qpdf exits 3 for warnings it recovered from; the file is written.
    assert!(matches!(st.code(), Some(0 | 3)), "qpdf gagal");
    let teks = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    teks.split("endobj").map(str::to_string).collect()
}

/// The `/Alt` text of each `/Figure` structure element (None when missing).
fn alt_gambar(objek: &[String]) -> Vec<Option<String>> {
    objek
        .iter()
        .filter(|o| o.contains("/S /Figure"))
        .map(|o| {
            let i = o.find("/Alt (")? + "/Alt (".len();
            let rest = &o[i..];
            // The string ends at the first ")" not escaped.
            let mut akhir = 0;
            let b = rest.as_bytes();
            while akhir < b.len() && !(b[akhir] == b')' && (akhir == 0 || b[akhir - 1] != b'\\')) {
                akhir += 1;
            }
            Some(rest[..akhir].replace("\\(", "(").replace("\\)", ")"))
        })
        .collect()
}

#[test]
fn laporan_pdf_a_2a_dan_ua_1_dengan_teks_alternatif() {
    let masukan = sampel_berlogo("aksesibel");
    let pdf = common::folder_sementara("aksesibel-keluaran").join("laporan.pdf");
    common::bangun(&masukan, &pdf).unwrap_or_else(|e| panic!("{e}"));

    let meta = xmp(&pdf);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("<rdf:li>id-ID</rdf:li>"), "{meta}");

    let o = objek(&pdf);
    let katalog = o.iter().find(|o| o.contains("/Type /Catalog")).unwrap();
    assert!(katalog.contains("/Lang (id-ID)"), "{katalog}");
    assert!(katalog.contains("/Marked true"), "{katalog}");

    let alt = alt_gambar(&o);
    // 11 charts of the sample, its org chart and the logo.
    assert_eq!(alt.len(), 13, "{alt:#?}");
    assert!(
        alt.iter()
            .all(|a| a.as_deref().is_some_and(|a| a.len() > 15)),
        "{alt:#?}"
    );
    let alt: Vec<String> = alt.into_iter().flatten().collect();
    let ada = |s: &str| {
        assert!(alt.iter().any(|a| a.contains(s)), "tanpa {s:?}: {alt:#?}");
    };
    ada("Logo Pemerintah Kabupaten Batu Bara");
    ada(
        "Bagan struktur organisasi: Kepala Badan (membawahi Sekretaris (membawahi Subbagian Umum dan Kepegawaian",
    );
    ada("Laki-laki 14 (60,87%); Perempuan 9 (39,13%)");
    ada("Indeks Profesionalitas ASN: Target 2024 76 Indeks, Realisasi 2024 75,44 Indeks");
    ada("Program Kepegawaian Daerah: Anggaran Rp1.142.394.734, Realisasi Rp1.050.550.823 (91,96%)");

    // Table header cells are TH in the structure tree, in every table.
    let tabel = o.iter().filter(|o| o.contains("/S /Table")).count();
    let th = o.iter().filter(|o| o.contains("/S /TH")).count();
    assert!(tabel >= 20, "{tabel} tabel");
    assert!(th >= 3 * tabel, "{th} sel kepala untuk {tabel} tabel");
}

#[test]
fn arsip_pdf_a_3a_dan_ua_1() {
    let masukan = sampel_berlogo("aksesibel-arsip");
    let akar = common::folder_sementara("aksesibel-arsip-akar");
    let (_, pdf) = common::versi_baru(common::arsip(&masukan, &akar));
    let meta = xmp(&pdf);
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    let alt = alt_gambar(&objek(&pdf));
    assert_eq!(alt.len(), 13);
    assert!(alt.iter().all(Option::is_some), "{alt:#?}");
}
