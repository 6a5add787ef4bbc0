//! Many agencies in one run: `lapkin build --masukan DIR1 DIR2 …` and a folder
//! of input folders.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A folder holding copies of the sample as agencies `nama`.
fn kabupaten(tag: &str, nama: &[&str]) -> PathBuf {
    let kab = folder_sementara(tag);
    for n in nama {
        let asal = salin_sampel(&format!("{tag}-{n}"));
        std::fs::rename(&asal, kab.join(n)).unwrap();
    }
    kab
}

fn lapkin(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(akar())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rata(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn satu_folder_rusak_tidak_menghentikan_yang_lain() {
    let kab = kabupaten(
        "banyak-rusak",
        &["dinas-a", "dinas-b", "dinas-c", "dinas-d"],
    );
    // dinas-b: half a workbook; dinas-c: a different figure.
    let isi = std::fs::read(kab.join("dinas-b/kinerja.xlsx")).unwrap();
    std::fs::write(kab.join("dinas-b/kinerja.xlsx"), &isi[..isi.len() / 2]).unwrap();
    // dinas-c: IKU!F2, realisation of indicator S1, 82 → 86 (its target): capaian 100.
    ubah_buku(
        &kab.join("dinas-c"),
        "kinerja.xlsx",
        &[
            ("Survei", 1, 1, Nilai::Angka(260.0)),
            ("IKU", 1, 5, Nilai::Angka(86.0)),
        ],
        &[],
    );
    // A folder that is no agency's (no inputs) is skipped, not reported.
    std::fs::create_dir(kab.join("catatan")).unwrap();
    let keluar = folder_sementara("banyak-rusak-keluar");
    let (kode, teks) = lapkin(&[
        "build".as_ref(),
        "--masukan".as_ref(),
        kab.as_os_str(),
        "--keluaran".as_ref(),
        keluar.as_os_str(),
        "--utas".as_ref(),
        "2".as_ref(),
    ]);
    assert_eq!(kode, 1, "{teks}");
    assert!(
        teks.contains("Ringkasan: 4 instansi, 3 berhasil, 1 gagal"),
        "{teks}"
    );
    let baris_b = teks
        .lines()
        .find(|l| l.trim_start().starts_with("GAGAL"))
        .unwrap_or_else(|| panic!("{teks}"));
    assert!(baris_b.contains("dinas-b"), "{teks}");
    assert!(teks.contains("galat: kinerja.xlsx"), "{teks}");
    assert!(!teks.contains("catatan"), "{teks}");
    for n in ["dinas-a", "dinas-c", "dinas-d"] {
        assert!(
            teks.lines()
                .any(|l| l.trim_start().starts_with("berhasil") && l.contains(n)),
            "{n}: {teks}"
        );
    }
    assert!(!keluar.join("dinas-b.pdf").exists());
    assert!(rata(&teks_pdf(&keluar.join("dinas-a.pdf"))).contains("255 kuesioner"));
    assert!(rata(&teks_pdf(&keluar.join("dinas-c.pdf"))).contains("260 kuesioner"));

    // The regency summary: dinas-c first (highest capaian), dinas-b without figures.
    assert!(
        teks.contains(&format!(
            "Rekapitulasi perangkat daerah: {}",
            keluar.join("rekapitulasi.pdf").display()
        )),
        "{teks}"
    );
    let rekap = baris_pdf(&keluar.join("rekapitulasi.pdf")).join("\n");
    assert!(
        rekap.contains("REKAPITULASI CAPAIAN KINERJA PERANGKAT DAERAH"),
        "{rekap}"
    );
    let c = rekap.find("99,75").unwrap_or_else(|| panic!("{rekap}"));
    let a = rekap.find("98,20").unwrap_or_else(|| panic!("{rekap}"));
    assert!(c < a, "capaian tertinggi tidak di atas:\n{rekap}");
    assert!(rekap.contains("4 dinas-b – tidak"), "{rekap}");
    assert!(
        rekap.contains("Jumlah / rata-rata (4 perangkat daerah)"),
        "{rekap}"
    );

    // Each PDF is the same bytes a build of that folder alone gives.
    for n in ["dinas-a", "dinas-c"] {
        let sendiri = folder_sementara("banyak-sendiri").join(format!("{n}.pdf"));
        bangun(&kab.join(n), &sendiri).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            std::fs::read(&sendiri).unwrap(),
            std::fs::read(keluar.join(format!("{n}.pdf"))).unwrap(),
            "{n}: PDF berbeda dari penyusunan tersendiri"
        );
    }
}

#[test]
fn beberapa_folder_masukan_satu_pdf_masing_masing() {
    let kab = kabupaten("banyak-daftar", &["bkpsdm", "bappeda"]);
    let keluar = folder_sementara("banyak-daftar-keluar").join("pdf");
    let (kode, teks) = lapkin(&[
        "build".as_ref(),
        "--masukan".as_ref(),
        kab.join("bkpsdm").as_os_str(),
        kab.join("bappeda").as_os_str(),
        "-o".as_ref(),
        keluar.as_os_str(),
        "--utas".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(kode, 0, "{teks}");
    assert!(teks.contains("2 berhasil, 0 gagal"), "{teks}");
    assert!(teks.contains("[2/2]"), "{teks}");
    assert!(keluar.join("bkpsdm.pdf").is_file());
    assert!(keluar.join("bappeda.pdf").is_file());
}

#[test]
fn keluaran_di_folder_masukan_ditolak_sebelum_menyusun() {
    let kab = kabupaten("banyak-tolak", &["dinas-a", "dinas-b"]);
    for keluar in [kab.join("pdf"), kab.join("dinas-a").join("pdf")] {
        let (kode, teks) = lapkin(&[
            "build".as_ref(),
            "--masukan".as_ref(),
            kab.as_os_str(),
            "--keluaran".as_ref(),
            keluar.as_os_str(),
        ]);
        assert_eq!(kode, 1, "{teks}");
        assert!(teks.contains("di dalam folder masukan"), "{teks}");
        assert!(!keluar.exists());
    }
    assert_eq!(std::fs::read_dir(&kab).unwrap().count(), 2);
}

#[test]
fn nama_folder_kembar_ditolak() {
    let a = kabupaten("banyak-kembar-1", &["dinas"]);
    let b = kabupaten("banyak-kembar-2", &["dinas"]);
    let keluar = folder_sementara("banyak-kembar-keluar");
    let opsi = lapkin::banyak::OpsiBanyak {
        masukan: vec![a.join("dinas"), b.join("dinas")],
        keluaran: keluar.clone(),
        huruf: akar().join("fonts"),
        utas: 0,
    };
    let e = lapkin::banyak::bangun_banyak(&opsi, |_| {}).unwrap_err();
    assert!(e.to_string().contains("bernama sama (dinas)"), "{e}");
    assert_eq!(std::fs::read_dir(&keluar).unwrap().count(), 0);
}

#[test]
fn daftar_instansi_dari_folder_kabupaten() {
    let kab = kabupaten("banyak-daftar-kab", &["b", "a"]);
    std::fs::create_dir(kab.join("kosong")).unwrap();
    let d = lapkin::banyak::daftar_instansi(std::slice::from_ref(&kab));
    let nama: Vec<&str> = d
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(nama, ["a", "b"]);
    assert!(lapkin::banyak::banyak(std::slice::from_ref(&kab)));
    // The sample itself is one agency: `build` keeps writing one PDF.
    assert!(!lapkin::banyak::banyak(&[sampel()]));
    assert!(!lapkin::banyak::banyak(&[
        Path::new("tidak-ada").to_path_buf()
    ]));
}
