//! Archive: PDF/A-3b carrying its sources and manifest, append-only versions,
//! and rebuilding an archived PDF byte for byte from its own attachments.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use lapkin::arsip::{HasilArsip, Manifest, OpsiArsip, arsipkan, sha256_hex};

fn arsip(masukan: &Path, akar_arsip: &Path) -> HasilArsip {
    arsipkan(&OpsiArsip {
        masukan: masukan.to_path_buf(),
        arsip: akar_arsip.to_path_buf(),
        huruf: akar().join("fonts"),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn pdf_baru(h: HasilArsip) -> (String, PathBuf) {
    match h {
        HasilArsip::Baru { versi, pdf, .. } => (versi, pdf),
        HasilArsip::SudahAda { versi, .. } => panic!("seharusnya versi baru, bukan {versi}"),
    }
}

/// Every file of a folder: (name, sha256), sorted.
fn sidik_folder(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                sha256_hex(&std::fs::read(&p).unwrap()),
            )
        })
        .collect();
    out.sort();
    out
}

/// The attachments of a PDF, extracted with pdfdetach into a fresh folder.
fn lepas_lampiran(pdf: &Path, nama: &str) -> PathBuf {
    let dir = folder_sementara(nama);
    let st = Command::new("pdfdetach")
        .args(["-saveall", "-o"])
        .arg(&dir)
        .arg(pdf)
        .status()
        .expect("pdfdetach (poppler-utils) harus terpasang");
    assert!(st.success(), "pdfdetach -saveall gagal");
    dir
}

#[test]
fn arsip_pdfa3b_berlampiran_sumber_dan_manifest_yang_cocok() {
    let masukan = salin_sampel("arsip-lampiran");
    let sebelum = sidik_folder(&masukan);
    let akar_arsip = folder_sementara("arsip-lampiran-akar");
    let (versi, pdf) = pdf_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(versi, "v1");
    assert_eq!(pdf.parent().unwrap(), akar_arsip.join("2024").join("v1"));
    assert_eq!(
        sidik_folder(&masukan),
        sebelum,
        "masukan tidak boleh diubah"
    );

    let daftar = Command::new("pdfdetach")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let daftar = String::from_utf8(daftar.stdout).unwrap();
    for nama in [
        "lapkin.yaml",
        "anggaran.xlsx",
        "aset.xlsx",
        "kinerja.xlsx",
        "pegawai.xlsx",
        "manifest.json",
    ] {
        assert!(
            daftar.lines().any(|l| l.ends_with(&format!(": {nama}"))),
            "{nama} tidak terlampir:\n{daftar}"
        );
    }

    let meta = Command::new("pdfinfo")
        .arg("-meta")
        .arg(&pdf)
        .output()
        .unwrap();
    let meta = String::from_utf8_lossy(&meta.stdout);
    assert!(
        meta.contains("<pdfaid:part>3</pdfaid:part>"),
        "bukan PDF/A-3"
    );
    assert!(meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"));

    // The manifest inside equals the copy beside it, and its hashes are those
    // of the extracted files and of the originals.
    let lepas = lepas_lampiran(&pdf, "arsip-lampiran-lepas");
    let isi_manifest = std::fs::read(lepas.join("manifest.json")).unwrap();
    assert_eq!(
        isi_manifest,
        std::fs::read(pdf.with_file_name("manifest.json")).unwrap()
    );
    let m = Manifest::baca(&isi_manifest).unwrap();
    assert_eq!(m.masukan.len(), 5);
    assert_eq!(m.masukan[0].nama, "lapkin.yaml");
    for s in &m.masukan {
        let isi = std::fs::read(lepas.join(&s.nama)).unwrap();
        assert_eq!(sha256_hex(&isi), s.sha256, "{}", s.nama);
        assert_eq!(isi.len() as u64, s.ukuran, "{}", s.nama);
        assert_eq!(isi, std::fs::read(masukan.join(&s.nama)).unwrap());
    }
    assert_eq!(m.alat.versi, env!("CARGO_PKG_VERSION"));
    assert_eq!(m.templat.berkas.len(), lapkin::render::TEMPLAT.len());
    assert!(!m.huruf.berkas.is_empty());

    // No path of this machine leaks into the manifest or the PDF.
    let bytes = std::fs::read(&pdf).unwrap();
    for jejak in [
        masukan.to_string_lossy().into_owned(),
        akar().to_string_lossy().into_owned(),
    ] {
        assert!(!String::from_utf8_lossy(&isi_manifest).contains(&jejak));
        assert!(
            !bytes.windows(jejak.len()).any(|w| w == jejak.as_bytes()),
            "PDF memuat jalur {jejak}"
        );
    }

    // The extracted sources, in another folder at another time, rebuild the
    // archived PDF byte for byte: no clock and no path in it.
    std::fs::remove_file(lepas.join("manifest.json")).unwrap();
    let (ulang, m2) =
        lapkin::arsip::susun_arsip(&lepas, &akar().join("fonts")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m2, m);
    assert!(
        ulang.pdf == bytes,
        "PDF arsip tidak dapat disusun ulang persis"
    );
}

#[test]
fn arsip_hanya_bertambah_dan_masukan_sama_dikenali() {
    let masukan = salin_sampel("arsip-versi");
    let akar_arsip = folder_sementara("arsip-versi-akar");
    let (v, pdf1) = pdf_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(v, "v1");
    let v1 = pdf1.parent().unwrap().to_path_buf();
    let sidik_v1 = sidik_folder(&v1);

    // Same inputs again: the existing version is named, nothing is written.
    match arsip(&masukan, &akar_arsip) {
        HasilArsip::SudahAda { versi, folder } => {
            assert_eq!(versi, "v1");
            assert_eq!(folder, v1);
        }
        HasilArsip::Baru { versi, .. } => panic!("masukan sama membuat {versi}"),
    }
    let tahun: Vec<_> = std::fs::read_dir(akar_arsip.join("2024"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tahun, ["v1"]);

    // Changed inputs: v2 beside v1, v1 untouched.
    ubah_yaml(&masukan, |v| {
        v["penutup"] = "Penutup yang diperbaiki setelah reviu.".into();
    });
    let (v, pdf2) = pdf_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(v, "v2");
    assert_eq!(sidik_folder(&v1), sidik_v1, "v1 berubah");
    let m1 = Manifest::baca(&std::fs::read(v1.join("manifest.json")).unwrap()).unwrap();
    let m2 = Manifest::baca(&std::fs::read(pdf2.with_file_name("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        lapkin::arsip::beda_masukan(&m1, &m2),
        ["lapkin.yaml (isi berbeda)"]
    );
    assert!(teks_pdf(&pdf2).contains("Penutup yang diperbaiki setelah reviu."));

    // Archived files are read-only; a third run with v2's inputs names v2.
    assert!(std::fs::metadata(&pdf1).unwrap().permissions().readonly());
    match arsip(&masukan, &akar_arsip) {
        HasilArsip::SudahAda { versi, .. } => assert_eq!(versi, "v2"),
        HasilArsip::Baru { versi, .. } => panic!("masukan sama membuat {versi}"),
    }
}

#[test]
fn arsip_masukan_rusak_tidak_membuat_versi() {
    let masukan = salin_sampel("arsip-rusak");
    ubah_buku(
        &masukan,
        "anggaran.xlsx",
        &[("Anggaran", 3, 3, Nilai::Teks("25,000,000"))],
        &[],
    );
    let akar_arsip = folder_sementara("arsip-rusak-akar");
    let e = arsipkan(&OpsiArsip {
        masukan: masukan.clone(),
        arsip: akar_arsip.clone(),
        huruf: akar().join("fonts"),
    })
    .expect_err("masukan rusak seharusnya gagal");
    assert!(e.to_string().contains("anggaran.xlsx › Anggaran!D4"), "{e}");
    let sisa: Vec<_> = std::fs::read_dir(&akar_arsip)
        .unwrap()
        .flat_map(|e| std::fs::read_dir(e.unwrap().path()).unwrap())
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(sisa.is_empty(), "arsip gagal meninggalkan {sisa:?}");
}
