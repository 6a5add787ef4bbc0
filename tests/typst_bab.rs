//! Snapshots (insta) of the Typst source each chapter template emits for the
//! sample: every template or view change shows up as a reviewed diff.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test typst_bab`
//! (or `cargo insta review`), then read the diff of `tests/snapshots/` before
//! committing.

mod common;

use common::*;

#[test]
fn typst_setiap_bab_dari_sampel() {
    let (siap, lap) = periksa(&sampel());
    let siap = siap.unwrap_or_else(|| panic!("{lap}"));
    let nama: Vec<&str> = siap.sumber.iter().map(|s| s.nama.as_str()).collect();
    assert_eq!(
        nama,
        [
            "main.typ",
            "gaya.typ",
            "grafik.typ",
            "depan.typ",
            "bab1.typ",
            "bab2.typ",
            "bab3.typ",
            "bab4.typ",
            "lampiran.typ"
        ]
    );
    // The soft hyphens lapkin puts in every word (U+00AD, src/pemenggalan.rs)
    // are shown as "¦" so the diffs stay readable and a change of the breaks
    // is seen too.
    for s in &siap.sumber {
        insta::assert_snapshot!(s.nama.replace('.', "_"), s.teks.replace('\u{ad}', "¦"));
    }
}
