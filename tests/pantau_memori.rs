//! Memory of a long watch session: 200 rebuilds after changes saved on disk,
//! each re-read through the watch session's own path ([`lapkin::pantau::Sesi`]),
//! with a different figure each time so Typst lays out something new every
//! time. Its own test binary, so no other test shares the process's memory.

mod common;

use std::time::Instant;

use common::*;
use lapkin::pantau::{OpsiPantau, Sesi};

/// Resident memory of this process, in KiB, from /proc/self/status.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS di /proc/self/status")
}

#[test]
fn memori_setelah_200_penyusunan_ulang_tetap_datar() {
    let dir = salin_sampel("pantau-memori");
    let out = folder_sementara("pantau-memori-keluar").join("lapkin.pdf");
    let kerja = folder_sementara("pantau-memori-kerja");
    let huruf = huruf();
    let mut sesi = Sesi::baru(
        OpsiPantau {
            masukan: dir.clone(),
            keluaran: Some(out.clone()),
            huruf: akar().join("fonts"),
        },
        &huruf,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let s = sesi.bangun();
    assert!(s.berhasil(), "{s}");
    let mut rss_10 = 0;
    let mut rss = Vec::new();
    for i in 1..=200u32 {
        // Survei!B2 (Puas, of 315 responses): 100, 101, … 299.
        std::fs::copy(sampel().join("kinerja.xlsx"), kerja.join("kinerja.xlsx")).unwrap();
        ubah_buku(
            &kerja,
            "kinerja.xlsx",
            &[("Survei", 1, 1, Nilai::Angka(f64::from(99 + i)))],
            &[],
        );
        std::fs::rename(kerja.join("kinerja.xlsx"), dir.join("kinerja.xlsx")).unwrap();
        let s = sesi.ubah(&["kinerja.xlsx".to_string()], Instant::now());
        assert!(s.berhasil(), "penyusunan ulang ke-{i}: {s}");
        assert_eq!(s.berubah, ["kinerja.xlsx"]);
        let kib = rss_kib();
        rss.push(kib);
        if i == 10 {
            rss_10 = kib;
        }
    }
    let text = teks_pdf(&out);
    assert!(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("299 kuesioner"),
        "PDF terakhir tidak memuat angka terakhir"
    );
    let rss_200 = *rss.last().unwrap();
    eprintln!(
        "RSS setelah 10 penyusunan ulang: {rss_10} KiB; setelah 200: {rss_200} KiB; tertinggi: {} KiB",
        rss.iter().max().unwrap()
    );
    assert!(
        rss_200 * 100 <= rss_10 * 120,
        "memori tumbuh lebih dari 20 %: {rss_10} KiB setelah 10, {rss_200} KiB setelah 200"
    );
}
