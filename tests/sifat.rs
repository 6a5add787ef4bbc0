//! Property tests (proptest): the number parser, the YAML loader, the sheet
//! reader on mutated workbooks and the PDF attachment reader used by
//! `verify` never panic, whatever bytes they are given; numbers round-trip.
//!
//! `cargo test --test sifat` runs each property with proptest's default 256
//! cases. For the long runs recorded in docs/keandalan.md:
//! `PROPTEST_CASES=200000 cargo test --release --test sifat -- --test-threads 1`.

mod common;

use std::str::FromStr;
use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The sample's files as bytes, read once.
fn sampel_berkas() -> &'static Vec<(String, Vec<u8>)> {
    static B: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    B.get_or_init(|| {
        common::masukan(&sampel())
            .semua()
            .iter()
            .map(|b| (b.nama.clone(), b.isi.to_vec()))
            .collect()
    })
}

/// The sample's archive PDF, built once in memory.
fn pdf_arsip() -> &'static Vec<u8> {
    static P: OnceLock<Vec<u8>> = OnceLock::new();
    P.get_or_init(|| {
        lapkin::susun(&common::masukan(&sampel()), &huruf(), lapkin::Bentuk::Arsip)
            .unwrap_or_else(|e| panic!("{e}"))
            .pdf
    })
}

/// Byte edits: (position as a fraction of the length, new byte, delete?).
fn ubahan() -> impl Strategy<Value = Vec<(f64, u8, bool)>> {
    prop::collection::vec((0.0..1.0f64, any::<u8>(), any::<bool>()), 1..8)
}

fn terapkan(asli: &[u8], ubah: &[(f64, u8, bool)]) -> Vec<u8> {
    let mut v = asli.to_vec();
    for (pos, b, hapus) in ubah {
        if v.is_empty() {
            break;
        }
        let i = ((*pos * v.len() as f64) as usize).min(v.len() - 1);
        if *hapus {
            v.truncate(i.max(1));
        } else {
            v[i] = *b;
        }
    }
    v
}

/// Characters numbers are typed with, and some that should not be there.
const ANGKA_ACAK: &str = "0123456789.,-+ %RrpP()eE\u{a0}\u{2212}xX$€٣";

proptest! {
    #[test]
    fn pengurai_angka_tidak_pernah_panik(c in prop::collection::vec(prop::sample::select(ANGKA_ACAK.chars().collect::<Vec<_>>()), 0..40)) {
        let s: String = c.into_iter().collect();
        let _ = lapkin::sheet::angka_teks(&s);
    }

    #[test]
    fn angka_indonesia_dibaca_kembali(bulat in -99_999_999_999_999i64..99_999_999_999_999i64, sen in 0u32..100) {
        let d = Decimal::from(bulat) + Decimal::new(i64::from(sen), 2) * Decimal::from(bulat.signum().max(0) * 2 - 1).abs();
        let teks = lapkin::format::angka(d, 2);
        let kembali = lapkin::sheet::angka_teks(&teks).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(kembali, d.round_dp(2));
    }

    #[test]
    fn yaml_apa_pun_tidak_membuat_panik(c in prop::collection::vec(any::<char>(), 0..400)) {
        let s: String = c.into_iter().collect();
        let mut lap = lapkin::diag::Temuan::default();
        let _ = lapkin::load::parse_config(&s, &mut lap);
    }

    #[test]
    fn yaml_sampel_yang_dirusak_tidak_membuat_panik(ubah in ubahan()) {
        let (_, yaml) = &sampel_berkas()[0];
        let rusak = terapkan(yaml, &ubah);
        let mut lap = lapkin::diag::Temuan::default();
        let m = lapkin::Masukan::dari_berkas(
            lapkin::masukan::Asal::Unggahan,
            vec![("lapkin.yaml".into(), rusak)],
            &mut lap,
        );
        let _ = lapkin::load::baca_config(&m, &mut lap);
    }

    #[test]
    fn buku_kerja_yang_dirusak_tidak_membuat_panik(pilih in 0usize..4, ubah in ubahan()) {
        let berkas = sampel_berkas();
        let buku: Vec<&(String, Vec<u8>)> = berkas.iter().filter(|(n, _)| n.ends_with(".xlsx")).collect();
        let (nama, isi) = buku[pilih % buku.len()];
        let mut semua = berkas.clone();
        for b in semua.iter_mut() {
            if &b.0 == nama {
                b.1 = terapkan(isi, &ubah);
            }
        }
        let mut lap = lapkin::diag::Temuan::default();
        let m = lapkin::Masukan::dari_berkas(lapkin::masukan::Asal::Unggahan, semua, &mut lap);
        let _ = lapkin::muat_hitung(&m, None);
    }

    #[test]
    fn buku_kerja_xls_dan_ods_yang_dirusak_tidak_membuat_panik(pilih in 0usize..8, ubah in ubahan()) {
        // The .xls and .ods copies of the sample, mutated: the pre-scan of
        // src/pindai.rs (compound file, BIFF records, content.xml) and calamine.
        let stem = ["anggaran", "aset", "kinerja", "pegawai"][pilih % 4];
        let ext = if pilih < 4 { "xls" } else { "ods" };
        let isi = std::fs::read(akar().join(format!("tests/data/{ext}/{stem}.{ext}"))).unwrap();
        let mut semua: Vec<(String, Vec<u8>)> = sampel_berkas()
            .iter()
            .filter(|(n, _)| n != &format!("{stem}.xlsx"))
            .cloned()
            .collect();
        semua.push((format!("{stem}.{ext}"), terapkan(&isi, &ubah)));
        let mut lap = lapkin::diag::Temuan::default();
        let m = lapkin::Masukan::dari_berkas(lapkin::masukan::Asal::Unggahan, semua, &mut lap);
        let _ = lapkin::muat_hitung(&m, None);
    }

    #[test]
    fn pdf_yang_dirusak_tidak_membuat_panik_saat_lampiran_dibaca(ubah in ubahan()) {
        let rusak = terapkan(pdf_arsip(), &ubah);
        let _ = lapkin::verifikasi::sematan_pdf(&rusak);
    }
}

#[test]
fn contoh_angka_tetap() {
    assert_eq!(
        lapkin::sheet::angka_teks("5.581.000.815").unwrap(),
        Decimal::from_str("5581000815").unwrap()
    );
}
