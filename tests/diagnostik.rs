//! The corpus of broken inputs: `tests/diagnostik/<kasus>/kasus.yaml` describes
//! how to break a copy of the sample; `diharapkan.txt` beside it is the expected
//! output of `lapkin check` (stderr and exit code), as a snapshot.
//!
//! `LAPKIN_PERBARUI=1 cargo test --test diagnostik` rewrites the snapshots;
//! review the diff before committing.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Kasus {
    /// What the case is about.
    keterangan: String,
    #[serde(default)]
    ubah: Vec<UbahSel>,
    #[serde(default)]
    hapus_lembar: Vec<Lembar>,
    #[serde(default)]
    hapus_berkas: Vec<String>,
    #[serde(default)]
    tulis_berkas: Vec<TulisBerkas>,
    #[serde(default)]
    salin_berkas: Vec<SalinBerkas>,
    #[serde(default)]
    ganti_yaml: Vec<Ganti>,
    #[serde(default)]
    ketat: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UbahSel {
    berkas: String,
    lembar: String,
    sel: String,
    #[serde(default)]
    teks: Option<String>,
    #[serde(default)]
    angka: Option<f64>,
    #[serde(default)]
    kosong: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lembar {
    berkas: String,
    lembar: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TulisBerkas {
    berkas: String,
    isi: String,
}

/// A committed binary fixture (path from the repository root) copied into
/// the inputs under a name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SalinBerkas {
    dari: String,
    ke: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ganti {
    cari: String,
    ganti: String,
}

/// "D4" → (row 3, column 3), zero-based.
fn alamat(sel: &str) -> (u32, u16) {
    let letters: String = sel
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row: u32 = sel[letters.len()..].parse().expect("alamat sel");
    let col = letters.chars().fold(0u32, |acc, c| {
        acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    (row - 1, (col - 1) as u16)
}

fn siapkan(kasus: &Kasus, nama: &str) -> std::path::PathBuf {
    let dir = salin_sampel(&format!("kasus-{nama}"));
    let mut berkas: Vec<&str> = kasus
        .ubah
        .iter()
        .map(|u| u.berkas.as_str())
        .chain(kasus.hapus_lembar.iter().map(|l| l.berkas.as_str()))
        .collect();
    berkas.sort();
    berkas.dedup();
    for b in berkas {
        let edits: Vec<(&str, u32, u16, Nilai)> = kasus
            .ubah
            .iter()
            .filter(|u| u.berkas == b)
            .map(|u| {
                let (r, c) = alamat(&u.sel);
                let v = match (&u.teks, u.angka, u.kosong) {
                    (Some(t), None, false) => Nilai::TeksMilik(t.clone()),
                    (None, Some(a), false) => Nilai::Angka(a),
                    (None, None, true) => Nilai::Kosong,
                    _ => panic!("ubah {}: isi tepat satu dari teks, angka, kosong", u.sel),
                };
                (u.lembar.as_str(), r, c, v)
            })
            .collect();
        let hapus: Vec<&str> = kasus
            .hapus_lembar
            .iter()
            .filter(|l| l.berkas == b)
            .map(|l| l.lembar.as_str())
            .collect();
        ubah_buku(&dir, b, &edits, &hapus);
    }
    for b in &kasus.hapus_berkas {
        std::fs::remove_file(dir.join(b)).unwrap();
    }
    for s in &kasus.salin_berkas {
        std::fs::copy(akar().join(&s.dari), dir.join(&s.ke)).unwrap();
    }
    for t in &kasus.tulis_berkas {
        std::fs::write(dir.join(&t.berkas), &t.isi).unwrap();
    }
    if !kasus.ganti_yaml.is_empty() {
        let path = dir.join("lapkin.yaml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        for g in &kasus.ganti_yaml {
            assert!(
                text.contains(&g.cari),
                "{nama}: teks \"{}\" tidak ada di lapkin.yaml",
                g.cari
            );
            text = text.replacen(&g.cari, &g.ganti, 1);
        }
        std::fs::write(&path, text).unwrap();
    }
    dir
}

fn jalankan(dir: &Path, ketat: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lapkin"));
    cmd.arg("check").arg(dir);
    if ketat {
        cmd.arg("--ketat");
    }
    let out = cmd.output().unwrap();
    format!(
        "{}kode keluar: {}\n",
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1)
    )
}

#[test]
fn korpus_masukan_rusak() {
    let root = akar().join("tests").join("diagnostik");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("kasus.yaml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "korpus terlalu kecil: {}", names.len());
    let perbarui = std::env::var_os("LAPKIN_PERBARUI").is_some();
    let mut gagal = Vec::new();
    for name in &names {
        let folder = root.join(name);
        let kasus: Kasus =
            serde_yaml_ng::from_str(&std::fs::read_to_string(folder.join("kasus.yaml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/kasus.yaml: {e}"));
        assert!(!kasus.keterangan.is_empty());
        let dir = siapkan(&kasus, name);
        let actual = jalankan(&dir, kasus.ketat);
        if let Err(e) = periksa_lalu_bangun(&dir) {
            gagal.push(format!("== {name}: check dan build tidak sepakat\n{e}"));
        }
        let expected_path = folder.join("diharapkan.txt");
        if perbarui {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            gagal.push(format!(
                "== {name}\n-- diharapkan:\n{expected}-- didapat:\n{actual}"
            ));
        }
    }
    assert!(gagal.is_empty(), "{}", gagal.join("\n"));
}

/// The promise of `check`: no error from `check` ⇔ `build` succeeds, and a
/// failing build says what `check` said (the same errors, in Bahasa
/// Indonesia, never a Typst message about template lines).
fn periksa_lalu_bangun(dir: &Path) -> Result<(), String> {
    let cek = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("check")
        .arg(dir)
        .output()
        .unwrap();
    let pdf = dir.with_extension("hasil-uji.pdf");
    let bangun = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .args(["build", "--masukan"])
        .arg(dir)
        .arg("--keluaran")
        .arg(&pdf)
        .output()
        .unwrap();
    let teks_cek = String::from_utf8_lossy(&cek.stderr).into_owned();
    let teks_bangun = String::from_utf8_lossy(&bangun.stderr).into_owned();
    let galat = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("galat:"))
            .map(str::to_string)
            .collect()
    };
    let ringkas = format!("-- check:\n{teks_cek}-- build:\n{teks_bangun}");
    if teks_cek.contains("panicked") || teks_bangun.contains("panicked") {
        return Err(format!("lapkin panik\n{ringkas}"));
    }
    match (galat(&teks_cek).is_empty(), bangun.status.success()) {
        (true, true) if pdf.exists() => Ok(()),
        (true, _) => Err(format!("check tanpa galat, tetapi build gagal\n{ringkas}")),
        (false, true) => Err(format!(
            "check menemukan galat, tetapi build berhasil\n{ringkas}"
        )),
        (false, false) => {
            if teks_bangun.contains("Typst") || galat(&teks_cek) != galat(&teks_bangun) {
                Err(format!(
                    "build gagal dengan pesan lain dari check\n{ringkas}"
                ))
            } else {
                Ok(())
            }
        }
    }
}

#[test]
fn alamat_sel() {
    assert_eq!(alamat("A1"), (0, 0));
    assert_eq!(alamat("D23"), (22, 3));
    assert_eq!(alamat("AA2"), (1, 26));
}

#[test]
fn perintah_yang_salah_dijelaskan_dalam_bahasa_indonesia() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
            .args(args)
            .output()
            .unwrap();
        (String::from_utf8(out.stderr).unwrap(), out.status.code())
    };
    let (err, code) = run(&["bangunn"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("galat: perintah \"bangunn\" tidak dikenal"),
        "{err}"
    );
    let (err, code) = run(&["build", "--xyz"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("galat: opsi \"--xyz\" tidak dikenal"),
        "{err}"
    );
    let (err, code) = run(&["check", "/folder/yang/tidak/ada"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("folder masukan tidak ditemukan"), "{err}");
}
