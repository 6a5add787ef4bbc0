//! The first-time user: an unfilled `lapkin init` skeleton is warned about in
//! `check`, item by item, and its PDF is marked DRAF on every page; `init
//! --dari` says what it carried forward and what must be filled now.

mod common;

use calamine::{Reader, open_workbook_auto};
use common::*;

fn judul_iku(dir: &std::path::Path) -> Vec<String> {
    let mut wb = open_workbook_auto(dir.join("kinerja.xlsx")).unwrap();
    let r = wb.worksheet_range("IKU").unwrap();
    r.rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn kerangka_init_diperingatkan_dan_pdf_bertanda_draf() {
    let dir = folder_sementara("kerangka").join("baru");
    let r = lapkin::init::buat(&dir, None).unwrap();
    assert!(r.to_string().contains("yang harus diisi sekarang"));
    let judul = judul_iku(&dir);
    for k in ["Standar Nasional", "Realisasi 2024", "Target Renstra"] {
        assert!(judul.iter().any(|j| j == k), "kolom {k} di IKU: {judul:?}");
    }

    let (siap, lap) = periksa(&dir);
    assert!(
        siap.is_some(),
        "kerangka init harus tetap dapat disusun: {lap}"
    );
    let teks = lap.to_string();
    for s in [
        "lapkin.yaml › instansi.nama: masih berisi teks contoh dari lapkin init: \"Nama Perangkat Daerah\"",
        "lapkin.yaml › instansi.daerah: masih berisi teks contoh dari lapkin init: \"Kabupaten Contoh\"",
        "lapkin.yaml › pimpinan.nama: masih berisi teks contoh",
        "lapkin.yaml › kepala_daerah.nama: masih berisi teks contoh",
        "lapkin.yaml › pendahuluan.latar_belakang: masih berisi teks contoh dari lapkin init: \"Tulis latar belakang.\"",
        "lapkin.yaml › perencanaan.tujuan[0].sasaran[0].strategi[0]: masih berisi teks contoh",
        "aset.xlsx › Aset!B2: masih berisi baris contoh dari lapkin init: \"Komputer PC\"",
        "pegawai.xlsx › Golongan!A2: masih berisi baris contoh",
        "anggaran.xlsx › Anggaran!",
        "kinerja.xlsx › IKU!B2: masih berisi baris contoh dari lapkin init: indikator",
        "kinerja.xlsx › Survei!B2: masih berisi baris contoh",
        "kinerja.xlsx › IP ASN!B2: masih berisi baris contoh dari lapkin init: \"Kabupaten Contoh\"",
        "isian contoh dari lapkin init belum diganti: PDF ditandai DRAF di setiap halaman",
    ] {
        assert!(teks.contains(s), "tidak diperingatkan: {s}\n{teks}");
    }

    let out = dir.with_extension("pdf");
    let h = bangun(&dir, &out).unwrap_or_else(|e| panic!("{e}"));
    let halaman: Vec<String> = halaman_pdf(&h.pdf)
        .into_iter()
        .filter(|h| !h.trim().is_empty())
        .collect();
    assert!(halaman.len() > 10);
    for (i, t) in halaman.iter().enumerate() {
        assert!(t.contains("DRAF"), "halaman {} tanpa tanda DRAF", i + 1);
    }

    // A row of that name with the agency's own figures is not the example.
    ubah_buku(
        &dir,
        "kinerja.xlsx",
        &[("IKU", 1, 5, Nilai::Angka(83.0))],
        &[],
    );
    let (_, lap) = periksa(&dir);
    assert!(
        !lap.to_string()
            .contains("kinerja.xlsx › IKU!B2: masih berisi baris contoh")
    );

    // Filled in, the mark is gone: the sample has no DRAF anywhere.
    let out = folder_sementara("bukan-draf").join("sampel.pdf");
    let h = bangun(&sampel(), &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(!teks_pdf(&h.pdf).contains("DRAF"));
    assert!(!h.diagnostik.to_string().contains("lapkin init"));
}

#[test]
fn init_dari_tahun_lalu_meringkas_yang_dibawa_dan_yang_harus_diisi() {
    let dir = folder_sementara("dari").join("2025");
    let r = lapkin::init::buat(&dir, Some(&sampel())).unwrap();
    let t = r.to_string();
    for s in [
        "dibawa dari tahun lalu:",
        "tahun dimajukan ke 2025",
        "3 program, 11 kegiatan dan 22 sub kegiatan",
        "3 indikator",
        "realisasi 2024 menjadi kolom \"Realisasi 2024\"",
        "yang harus diisi sekarang:",
        "kinerja.xlsx › IKU: kolom Target (ganti dengan target Perjanjian Kinerja 2025) dan Realisasi 2025 untuk 3 indikator",
        "anggaran.xlsx › Anggaran: kolom Anggaran (Rp) dan Realisasi (Rp) untuk 22 sub kegiatan",
    ] {
        assert!(t.contains(s), "ringkasan tanpa: {s}\n{t}");
    }
    let judul = judul_iku(&dir);
    assert!(judul.iter().any(|j| j == "Standar Nasional"), "{judul:?}");
    assert!(judul.iter().any(|j| j == "Realisasi 2024"), "{judul:?}");
}
