//! One input set in memory: the seams where an inputs folder used to be read
//! piecemeal, each with the defect it had (issue 8).
//!
//! - `archive` attaches and hashes the logo; a logo-only change is a new
//!   version; the loose `manifest.json` cannot suppress a version.
//! - `verify` rebuilds in memory and writes nothing to the temporary folder.
//! - Only regular files inside the inputs folder are read.
//! - What Typst used to fail on in English is caught by `check` in Bahasa
//!   Indonesia, and `build` then says the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use lapkin::arsip::Manifest;

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="120" viewBox="0 0 100 120"><path d="M50 2 L96 20 L90 80 L50 118 L10 80 L4 20 Z" fill="#1f3b57"/><circle cx="50" cy="55" r="22" fill="#d9892b"/></svg>"##;

/// A copy of the sample with `logo.svg` named in `instansi.logo`.
fn sampel_berlogo(nama: &str, logo: &str) -> PathBuf {
    let dir = salin_sampel(nama);
    std::fs::write(dir.join("logo.svg"), logo).unwrap();
    ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.svg".into());
    });
    dir
}

/// The attachments of a PDF as pdfdetach (poppler) sees them: (name, bytes).
fn lampiran_poppler(pdf: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = folder_sementara("lampiran-poppler");
    let st = Command::new("pdfdetach")
        .args(["-saveall", "-o"])
        .arg(&dir)
        .arg(pdf)
        .status()
        .expect("pdfdetach (poppler-utils) harus terpasang");
    assert!(st.success());
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn arsip_melampirkan_logo_dan_mencatatnya_di_manifest() {
    let masukan = sampel_berlogo("arsip-logo", LOGO_SVG);
    let (_, pdf) = versi_baru(arsip(&masukan, &folder_sementara("arsip-logo-akar")));
    let lampiran = lampiran_poppler(&pdf);
    let logo = lampiran
        .iter()
        .find(|(n, _)| n == "logo.svg")
        .unwrap_or_else(|| panic!("logo.svg tidak terlampir: {lampiran:?}"));
    assert_eq!(logo.1, LOGO_SVG.as_bytes());
    let (_, json) = lampiran.iter().find(|(n, _)| n == "manifest.json").unwrap();
    let m = Manifest::baca(json).unwrap();
    let sidik = m
        .masukan
        .iter()
        .find(|s| s.nama == "logo.svg")
        .expect("logo.svg di manifest");
    assert_eq!(sidik.sha256, lapkin::arsip::sha256_hex(LOGO_SVG.as_bytes()));

    // The archive verifies from its own attachments alone.
    let h = lapkin::verifikasi::verifikasi(&pdf, None, &akar().join("fonts")).unwrap();
    assert!(
        matches!(h.kesamaan, lapkin::verifikasi::Kesamaan::Sama { .. }),
        "{h}"
    );
}

#[test]
fn logo_saja_berubah_diarsipkan_sebagai_v2() {
    let masukan = sampel_berlogo("arsip-logo-v2", LOGO_SVG);
    let akar_arsip = folder_sementara("arsip-logo-v2-akar");
    let (v1, _) = versi_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(v1, "v1");
    std::fs::write(
        masukan.join("logo.svg"),
        LOGO_SVG.replace("#d9892b", "#2b8bd9"),
    )
    .unwrap();
    let (v2, pdf2) = versi_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(v2, "v2");
    let logo = lampiran_poppler(&pdf2)
        .into_iter()
        .find(|(n, _)| n == "logo.svg")
        .unwrap();
    assert!(String::from_utf8(logo.1).unwrap().contains("#2b8bd9"));
}

#[test]
fn manifest_lepas_yang_diubah_tidak_menahan_versi_baru() {
    let masukan = salin_sampel("manifest-lepas");
    let akar_arsip = folder_sementara("manifest-lepas-akar");
    let (_, pdf1) = versi_baru(arsip(&masukan, &akar_arsip));

    // The inputs change; someone then makes v1's loose manifest.json claim
    // exactly the changed inputs.
    ubah_yaml(&masukan, |v| {
        v["penutup"] = serde_yaml_ng::Value::String("Penutup yang diperbarui.".into());
    });
    let baru = lapkin::arsip::manifest(&common::masukan(&masukan), &huruf());
    let lepas = pdf1.parent().unwrap().join("manifest.json");
    let mut izin = std::fs::metadata(&lepas).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    izin.set_readonly(false);
    std::fs::set_permissions(&lepas, izin).unwrap();
    std::fs::write(&lepas, baru.json()).unwrap();

    let (v, pdf2) = versi_baru(arsip(&masukan, &akar_arsip));
    assert_eq!(v, "v2");
    assert!(teks_pdf(&pdf2).contains("Penutup yang diperbarui."));
}

#[test]
fn verifikasi_tidak_menulis_ke_folder_sementara() {
    let dir = folder_sementara("verifikasi-tmp");
    let (_, pdf) = versi_baru(arsip(&sampel(), &dir.join("arsip")));
    let tmp = dir.join("tmp-hanya-baca");
    std::fs::create_dir(&tmp).unwrap();
    let mut izin = std::fs::metadata(&tmp).unwrap().permissions();
    izin.set_readonly(true);
    std::fs::set_permissions(&tmp, izin).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&pdf)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let teks = String::from_utf8_lossy(&out.stdout);
    // Unsigned: exit 6, but the rebuild from the attachments is identical.
    assert!(
        teks.contains("SAMA: dokumen yang ditandatangani sama persis"),
        "{teks}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
}

/// `lapkin check DIR` (with optional `--huruf`): (stderr, exit code).
fn cek(dir: &Path, huruf: Option<&Path>) -> (String, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lapkin"));
    cmd.arg("check").arg(dir);
    if let Some(h) = huruf {
        cmd.arg("--huruf").arg(h);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// `lapkin build` of a folder into it (with optional `--huruf`): (stderr, exit code).
fn susun(dir: &Path, huruf: Option<&Path>) -> (String, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lapkin"));
    cmd.args(["build", "--masukan"])
        .arg(dir)
        .arg("--keluaran")
        .arg(dir.with_extension("hasil.pdf"));
    if let Some(h) = huruf {
        cmd.arg("--huruf").arg(h);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// `check` reports `pesan` as an error and `build` refuses with the same
/// message, never reaching Typst.
fn ditolak_dengan(dir: &Path, huruf: Option<&Path>, pesan: &[&str]) {
    let (teks, kode) = cek(dir, huruf);
    assert_eq!(kode, Some(1), "{teks}");
    for p in pesan {
        assert!(teks.contains(p), "check tidak menyebut {p:?}:\n{teks}");
    }
    let (teks_b, kode_b) = susun(dir, huruf);
    assert_eq!(kode_b, Some(1), "{teks_b}");
    assert!(!teks_b.contains("Typst"), "{teks_b}");
    for p in pesan {
        assert!(teks_b.contains(p), "build tidak menyebut {p:?}:\n{teks_b}");
    }
    assert!(!dir.with_extension("hasil.pdf").exists());
}

#[test]
fn logo_yang_menaut_ke_luar_folder_ditolak() {
    let luar = folder_sementara("luar-folder");
    std::fs::write(luar.join("rahasia.png"), b"\x89PNG\r\n\x1a\nrahasia").unwrap();
    let dir = salin_sampel("logo-tautan");
    std::os::unix::fs::symlink(luar.join("rahasia.png"), dir.join("logo.png")).unwrap();
    ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.png".into());
    });
    ditolak_dengan(
        &dir,
        None,
        &[
            "galat: logo.png: berkas ini tautan (symlink) ke",
            "di luar folder masukan",
        ],
    );

    // A link that stays inside the folder is an ordinary file.
    let dir = salin_sampel("logo-tautan-dalam");
    std::fs::write(dir.join("lambang-asli.svg"), LOGO_SVG).unwrap();
    std::os::unix::fs::symlink("lambang-asli.svg", dir.join("logo.svg")).unwrap();
    ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.svg".into());
    });
    let (teks, kode) = cek(&dir, None);
    assert_eq!(kode, Some(0), "{teks}");
}

#[test]
fn fifo_dan_folder_bukan_berkas_ditolak_tanpa_menunggu() {
    let dir = salin_sampel("fifo");
    std::fs::remove_file(dir.join("lapkin.yaml")).unwrap();
    let st = Command::new("mkfifo")
        .arg(dir.join("lapkin.yaml"))
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::remove_file(dir.join("aset.xlsx")).unwrap();
    std::fs::create_dir(dir.join("aset.xlsx")).unwrap();
    let (teks, kode) = cek(&dir, None);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains("galat: lapkin.yaml: ini FIFO (pipa bernama), bukan berkas biasa"),
        "{teks}"
    );
    assert!(
        teks.contains("galat: aset.xlsx: ini folder, bukan berkas biasa"),
        "{teks}"
    );
}

/// A copy of the fonts folder with `f` applied to the regular face's bytes.
fn huruf_diubah(nama: &str, f: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let dir = folder_sementara(nama);
    for e in std::fs::read_dir(akar().join("fonts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let p = dir.join("texgyrebonum-regular.otf");
    let mut isi = std::fs::read(&p).unwrap();
    f(&mut isi);
    std::fs::write(&p, isi).unwrap();
    dir
}

#[test]
fn huruf_terpotong_ditolak_oleh_check() {
    let huruf = huruf_diubah("huruf-terpotong", |isi| isi.truncate(isi.len() / 3));
    let dir = salin_sampel("huruf-terpotong-masukan");
    ditolak_dengan(
        &dir,
        Some(&huruf),
        &["texgyrebonum-regular.otf", "terpotong"],
    );
}

#[test]
fn huruf_tanpa_bentuk_huruf_ditolak_oleh_check() {
    // Rename the `CFF ` table (the outlines) to `CFE ` — still sorted, so
    // the font parses, but has no outlines: Typst printed invisible text.
    let huruf = huruf_diubah("huruf-tanpa-garis", |isi| {
        let n = u16::from_be_bytes([isi[4], isi[5]]) as usize;
        let rekaman = (0..n)
            .map(|i| 12 + 16 * i)
            .find(|&o| &isi[o..o + 4] == b"CFF ");
        let o = rekaman.expect("tabel CFF");
        isi[o..o + 4].copy_from_slice(b"CFE ");
    });
    let dir = salin_sampel("huruf-tanpa-garis-masukan");
    ditolak_dengan(
        &dir,
        Some(&huruf),
        &[
            "texgyrebonum-regular.otf",
            "tidak memuat bentuk huruf (outline)",
        ],
    );
}

/// A PNG header claiming `w` × `h` pixels, followed by `ekor`.
fn png(w: u32, h: u32, ekor: &[u8]) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    v.extend(w.to_be_bytes());
    v.extend(h.to_be_bytes());
    v.extend([8, 6, 0, 0, 0]);
    v.extend(ekor);
    v
}

#[test]
fn logo_png_rusak_atau_raksasa_ditolak_oleh_check() {
    for (nama, isi, pesan) in [
        (
            "png-rusak",
            png(64, 64, b"\0\0\0\0sampah"),
            "berkas logo rusak: gambar PNG tidak dapat dibaca",
        ),
        (
            "png-raksasa",
            png(40_000, 40_000, b""),
            "gambar logo berukuran 40000 × 40000 piksel; paling besar 4096 × 4096",
        ),
    ] {
        let dir = salin_sampel(nama);
        std::fs::write(dir.join("logo.png"), isi).unwrap();
        ubah_yaml(&dir, |v| {
            v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.png".into());
        });
        ditolak_dengan(&dir, None, &["galat: logo.png: ", pesan]);
    }
}

#[test]
fn masukan_dari_unggahan_sama_dengan_dari_folder() {
    // The same bytes handed over by a program give the same PDF as the folder.
    let folder = common::masukan(&sampel());
    let berkas: Vec<(String, Vec<u8>)> = folder
        .semua()
        .iter()
        .map(|b| (b.nama.clone(), b.isi.to_vec()))
        .collect();
    let mut lap = lapkin::diag::Temuan::default();
    let unggahan = lapkin::Masukan::dari_berkas(lapkin::masukan::Asal::Unggahan, berkas, &mut lap);
    assert!(!lap.ada_galat(), "{lap}");
    let h = huruf();
    let a = lapkin::susun(&folder, &h, lapkin::Bentuk::Laporan).unwrap();
    let b = lapkin::susun(&unggahan, &h, lapkin::Bentuk::Laporan).unwrap();
    assert!(a.pdf == b.pdf);
}

#[test]
fn kutip_dan_garis_miring_di_yaml_tetap_data_di_judul_pdf() {
    // The title reaches Typst as a string literal: a quote cannot end it.
    let dir = salin_sampel("judul-berkutip");
    let nama = r#"Badan "Uji" \ ", panic("x") + ""#;
    ubah_yaml(&dir, |v| {
        v["instansi"]["nama"] = serde_yaml_ng::Value::String(nama.into());
    });
    let pdf = dir.with_extension("hasil.pdf");
    bangun(&dir, &pdf).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        info.contains(&format!("Author:          {nama} Kabupaten Batu Bara")),
        "{info}"
    );
}
