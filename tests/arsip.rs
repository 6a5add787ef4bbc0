//! Archive: PDF/A-3a + PDF/UA-1 carrying its sources and manifest, append-only versions,
//! and rebuilding an archived PDF byte for byte from its own attachments.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tte::*;
use common::*;
use lapkin::arsip::{HasilArsip, Manifest, OpsiArsip, arsipkan, sha256_hex};

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
    let (versi, pdf) = versi_baru(arsip(&masukan, &akar_arsip));
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
    assert!(meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"));

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
    let ulang = lapkin::susun(&common::masukan(&lepas), &huruf(), lapkin::Bentuk::Arsip)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ulang.manifest.as_ref(), Some(&m));
    assert!(
        ulang.pdf == bytes,
        "PDF arsip tidak dapat disusun ulang persis"
    );
}

#[test]
fn arsip_hanya_bertambah_dan_masukan_sama_dikenali() {
    let masukan = salin_sampel("arsip-versi");
    let akar_arsip = folder_sementara("arsip-versi-akar");
    let (v, pdf1) = versi_baru(arsip(&masukan, &akar_arsip));
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
    let (v, pdf2) = versi_baru(arsip(&masukan, &akar_arsip));
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

// ---------------------------------------------------------------------------
// Signatures: pyHanko stands in for the agency's TTE application; openssl makes
// a throw-away certificate at test time (no key is ever committed); pdfsig and
// pyHanko judge lapkin's own signatures.

use lapkin::verifikasi::{self, Kesamaan};

fn verifikasi(pdf: &Path, masukan: Option<&Path>) -> verifikasi::Putusan {
    verifikasi::verifikasi(pdf, masukan, &akar().join("fonts")).unwrap_or_else(|e| panic!("{e:#}"))
}

/// An archived report and a certificate in a scratch folder.
/// The certificate: ((key.pem, cert.pem), identity.p12 with password "rahasia").
fn siapkan(nama: &str) -> (PathBuf, PathBuf, ((PathBuf, PathBuf), PathBuf)) {
    let dir = folder_sementara(nama);
    let (_, pdf) = versi_baru(arsip(&sampel(), &dir.join("arsip")));
    let sert = sertifikat(&dir, "sertifikat", "Drs. Penguji TTE", &[]);
    let p12 = p12_legacy(&dir, &sert.0, &sert.1);
    (dir, pdf, (sert, p12))
}

/// pyHanko, as the agency's TTE application, signs into a new field `TTE1`.
fn pyhanko_tte1(asli: &Path, bertanda: &Path, sert: &(PathBuf, PathBuf)) {
    pyhanko_tandatangani(
        asli,
        bertanda,
        "TTE1",
        sert,
        &["--reason", "Pengesahan LAPKIN", "--location", "Talawi"],
    );
}

#[test]
fn pdf_bertanda_pyhanko_utuh_dan_sama_dengan_hasil_lapkin() {
    let (dir, pdf, (sert, _)) = siapkan("ttd-pyhanko");
    let bertanda = dir.join("bertanda.pdf");
    pyhanko_tte1(&pdf, &bertanda, &sert);

    let h = verifikasi(&bertanda, None);
    let teks = h.to_string();
    assert_eq!(h.tanda_tangan.len(), 1, "{teks}");
    let t = &h.tanda_tangan[0];
    assert!(t.utuh, "{teks}");
    assert_eq!(t.bidang, "TTE1");
    assert!(
        t.penanda
            .as_deref()
            .unwrap_or("")
            .contains("Drs. Penguji TTE"),
        "{teks}"
    );
    assert!(t.waktu.is_some(), "{teks}");
    assert_eq!(t.tempat.as_deref(), Some("Talawi"));
    assert_eq!(h.ditambah, 0, "{teks}");
    assert!(matches!(h.kesamaan, Kesamaan::Sama { .. }), "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH, "{teks}");
    assert!(teks.contains("UTUH") && teks.contains("SAMA"), "{teks}");

    // From the inputs folder as well.
    let h = verifikasi(&bertanda, Some(&sampel()));
    assert!(matches!(h.kesamaan, Kesamaan::Sama { .. }), "{h}");

    // Other inputs: not the signed report, and the manifest says which file.
    let lain = salin_sampel("ttd-pyhanko-lain");
    ubah_yaml(&lain, |v| {
        v["penutup"] = "Penutup lain.".into();
    });
    let h = verifikasi(&bertanda, Some(&lain));
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_BEDA, "{h}");
    assert!(h.to_string().contains("lapkin.yaml (isi berbeda)"), "{h}");

    // The command line: exit code and the report on stdout.
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&bertanda)
        .arg("--huruf")
        .arg(akar().join("fonts"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // (A shared CARGO_TARGET_DIR lets another checkout's build replace this
    // binary; stderr then says "unrecognized subcommand".)
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("penanda tangan: "), "{stdout}");
}

#[test]
fn bita_diubah_atau_halaman_ditambah_membuat_verifikasi_gagal() {
    let (dir, pdf, (sert, _)) = siapkan("ttd-rusak");
    let bertanda = dir.join("bertanda.pdf");
    pyhanko_tte1(&pdf, &bertanda, &sert);

    // One byte flipped inside a content stream in the signed range.
    let mut bytes = std::fs::read(&bertanda).unwrap();
    let tengah = bytes.len() / 3;
    let aliran = tengah
        + bytes[tengah..]
            .windows(7)
            .position(|w| w == b"stream\n")
            .unwrap();
    bytes[aliran + 40] ^= 0x01;
    let rusak = dir.join("rusak.pdf");
    std::fs::write(&rusak, &bytes).unwrap();
    let h = verifikasi(&rusak, None);
    let teks = h.to_string();
    assert!(!h.tanda_tangan[0].utuh, "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_TTD_RUSAK, "{teks}");
    assert!(teks.contains("RUSAK") && teks.contains("berubah"), "{teks}");

    // A page appended in a later incremental update: the signature stays
    // intact, but the addition is reported.
    let tambah = dir.join("tambah.pdf");
    let out = jalankan(
        "python3",
        &[
            akar().join("tests/alat/tambah_halaman.py").as_os_str(),
            bertanda.as_os_str(),
            tambah.as_os_str(),
        ],
    );
    assert!(out.status.success(), "tambah_halaman.py: {out:?}");
    let h = verifikasi(&tambah, None);
    let teks = h.to_string();
    assert!(h.tanda_tangan[0].utuh, "{teks}");
    assert!(h.ditambah > 0, "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_DITAMBAH, "{teks}");
    assert!(teks.contains("DITAMBAH"), "{teks}");
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&tambah)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(verifikasi::KELUAR_DITAMBAH.into()),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Unsigned: nothing proven.
    let h = verifikasi(&pdf, None);
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_TIDAK_LENGKAP, "{h}");
    assert!(h.to_string().contains("TIDAK ADA TANDA TANGAN"));
}

#[test]
fn tanda_tangan_lapkin_sah_menurut_pdfsig_dan_pyhanko() {
    let (dir, pdf, ((_, sert), p12)) = siapkan("ttd-lapkin");
    let bertanda = dir.join("bertanda.pdf");
    let asli = std::fs::read(&pdf).unwrap();
    lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.clone(),
        keluaran: bertanda.clone(),
        p12: p12.clone(),
        sandi: "rahasia".into(),
        masukan: sampel(),
        timpa: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(std::fs::read(&pdf).unwrap(), asli, "PDF asli berubah");
    assert!(std::fs::read(&bertanda).unwrap().starts_with(&asli));

    let s = pdfsig(&bertanda);
    assert!(
        s.contains("Signature Validation: Signature is Valid."),
        "{s}"
    );
    assert!(s.contains("Total document signed"), "{s}");
    assert!(s.contains("ETSI.CAdES.detached"), "{s}");

    let (ok, s) = pyhanko_validasi(&sert, &bertanda);
    assert!(ok, "pyhanko validate: {s}");
    assert!(s.contains(":INTACT:TRUSTED,UNTOUCHED"), "{s}");

    let h = verifikasi(&bertanda, None);
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH, "{h}");
    let t = &h.tanda_tangan[0];
    assert_eq!(t.tempat.as_deref(), Some("Talawi"));
    assert!(t.waktu.is_some(), "{h}");
    assert!(
        t.alasan
            .as_deref()
            .unwrap_or("")
            .contains("Pengesahan LAPKIN BKPSDM Tahun 2024")
    );

    // A wrong password says what to check.
    let e = lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.clone(),
        keluaran: dir.join("lain.pdf"),
        p12,
        sandi: "salah".into(),
        masukan: sampel(),
        timpa: false,
    })
    .expect_err("kata sandi salah seharusnya gagal");
    assert!(e.to_string().contains("kata sandi"), "{e}");
    assert!(!dir.join("lain.pdf").exists());
}
