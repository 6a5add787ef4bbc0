//! The command line as a user meets it: `check --masukan`, help pages with
//! Indonesian placeholders and no hidden aliases, hints that point to the
//! help of the command that was run, and `--emit-typst` writing a folder that
//! compiles on its own.

mod common;

use std::path::Path;
use std::process::Command;

/// Runs lapkin; (stdout, stderr, exit code).
fn lapkin(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .args(args)
        .current_dir(common::akar())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn check_menerima_masukan_seperti_build() {
    let sampel = common::sampel();
    let sampel = sampel.to_str().unwrap();
    let (_, err, kode) = lapkin(&["check", "--masukan", sampel]);
    assert_eq!(kode, Some(0), "{err}");
    assert!(err.contains("0 galat"), "{err}");
    let (_, err, kode) = lapkin(&["check", "-m", sampel]);
    assert_eq!(kode, Some(0), "{err}");
    // The bare folder still works, as the README and `init` say.
    let (_, err, kode) = lapkin(&["check", sampel]);
    assert_eq!(kode, Some(0), "{err}");

    // --masukan is really read: a folder that does not exist is named.
    let tiada = common::folder_sementara("check-masukan").join("tidak-ada");
    let (_, err, kode) = lapkin(&["check", "--masukan", tiada.to_str().unwrap()]);
    assert_eq!(kode, Some(1), "{err}");
    assert!(err.contains("tidak-ada"), "{err}");

    // Both at once is a command line that cannot be understood.
    let (_, err, kode) = lapkin(&["check", "--masukan", sampel, sampel]);
    assert_eq!(kode, Some(2), "{err}");
    assert!(err.contains("lapkin check --help"), "{err}");
}

#[test]
fn bantuan_memakai_tempat_isian_bahasa_indonesia() {
    for perintah in [
        "", "build", "watch", "serve", "check", "init", "archive", "sign", "verify",
    ] {
        let args: Vec<&str> = [perintah, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let (out, err, kode) = lapkin(&args);
        assert_eq!(kode, Some(0), "{perintah}: {err}");
        for inggris in [
            "[OPTIONS]",
            "<COMMAND>",
            "Usage:",
            "[default:",
            "[aliases",
            "<MASUKAN>",
        ] {
            assert!(
                !out.contains(inggris),
                "{perintah} --help: {inggris}\n{out}"
            );
        }
        assert!(out.contains("Pemakaian: lapkin"), "{out}");
    }
    let (out, _, _) = lapkin(&["build", "--help"]);
    assert!(out.contains("--masukan <FOLDER>"), "{out}");
    assert!(out.contains("--keluaran <BERKAS>"), "{out}");
    assert!(out.contains("--utas <N>"), "{out}");
    assert!(
        out.contains("Pemakaian: lapkin build [--masukan FOLDER...] [--keluaran BERKAS]"),
        "{out}"
    );
    let (out, _, _) = lapkin(&["check", "--help"]);
    assert!(out.contains("--masukan <FOLDER>"), "{out}");
    assert!(out.contains("bawaan: inputs"), "{out}");
}

#[test]
fn alias_tersembunyi_tidak_ada_lagi() {
    // Every command and option that works is shown in help; these never were.
    for (args, bantuan) in [
        (vec!["bangun"], "lapkin --help"),
        (vec!["periksa"], "lapkin --help"),
        (vec!["pantau"], "lapkin --help"),
        (vec!["build", "--inputs", "inputs"], "lapkin build --help"),
        (vec!["build", "--output", "x.pdf"], "lapkin build --help"),
        (vec!["check", "--strict"], "lapkin check --help"),
        (vec!["check", "--fonts", "fonts"], "lapkin check --help"),
        (vec!["sign", "a.pdf", "--overwrite"], "lapkin sign --help"),
        (vec!["init", "x", "--from", "inputs"], "lapkin init --help"),
    ] {
        let (_, err, kode) = lapkin(&args);
        assert_eq!(kode, Some(2), "{args:?}: {err}");
        assert!(err.contains(bantuan), "{args:?}: {err}");
    }
    let (_, err, _) = lapkin(&["bangun"]);
    assert!(err.contains("perintah \"bangun\" tidak dikenal"), "{err}");
    assert!(err.contains("build, watch, serve, check"), "{err}");
}

#[test]
fn saran_menunjuk_bantuan_perintah_yang_dijalankan() {
    for (args, bantuan) in [
        (vec!["verify"], "lapkin verify --help"),
        (vec!["sign", "a.pdf"], "lapkin sign --help"),
        (vec!["archive", "--arsip"], "lapkin archive --help"),
        (vec!["watch", "--apa"], "lapkin watch --help"),
        (vec!["serve", "--port", "delapan"], "lapkin serve --help"),
        (vec!["build", "--utas", "dua"], "lapkin build --help"),
        (vec!["--apa"], "lapkin --help"),
    ] {
        let (_, err, kode) = lapkin(&args);
        assert_eq!(kode, Some(2), "{args:?}: {err}");
        let saran = err
            .lines()
            .find(|l| l.trim_start().starts_with("saran:"))
            .unwrap_or_else(|| panic!("{args:?}: tanpa saran: {err}"));
        assert!(saran.contains(bantuan), "{args:?}: {saran}");
    }
}

/// Every file of `dir` (not recursing), as (name, bytes).
fn isi_folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="120" viewBox="0 0 100 120"><path d="M50 2 L96 20 L90 80 L50 118 L10 80 L4 20 Z" fill="#1f3b57"/></svg>"##;

#[test]
fn emit_typst_menyebut_foldernya_dan_tersusun_sendiri() {
    // The sample with a logo, so the folder must carry a binary file too.
    let masukan = common::salin_sampel("emit-typst-masukan");
    std::fs::write(masukan.join("logo.svg"), LOGO_SVG).unwrap();
    common::ubah_yaml(&masukan, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("logo.svg".into());
    });
    let keluar = common::folder_sementara("emit-typst");
    let pdf = keluar.join("laporan.pdf");
    let (_, err, kode) = lapkin(&[
        "build",
        "--masukan",
        masukan.to_str().unwrap(),
        "--keluaran",
        pdf.to_str().unwrap(),
        "--emit-typst",
    ]);
    assert_eq!(kode, Some(0), "{err}");
    // Timings the Indonesian way: "(0,664 detik; Typst 0,580 detik)".
    let waktu = err
        .lines()
        .find(|l| l.starts_with("PDF ditulis:"))
        .unwrap_or_else(|| panic!("{err}"));
    let detik: Vec<&str> = waktu
        .split(['(', ';', ' '])
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(detik.len(), 2, "{waktu}");
    assert!(
        detik.iter().all(|d| d.contains(',') && !d.contains('.')),
        "{waktu}"
    );
    let dir = keluar.join("typst");
    assert!(
        err.contains(&format!("sumber Typst ditulis: {}", dir.display())),
        "{err}"
    );
    let berkas = isi_folder(&dir);
    let nama: Vec<&str> = berkas.iter().map(|(n, _)| n.as_str()).collect();
    for perlu in ["main.typ", "gaya.typ", "bab3.typ", "BACA.txt"] {
        assert!(nama.contains(&perlu), "{nama:?}");
    }
    assert!(nama.iter().any(|n| n.starts_with("logo.")), "{nama:?}");
    let baca = String::from_utf8_lossy(&berkas.iter().find(|(n, _)| n == "BACA.txt").unwrap().1)
        .into_owned();
    assert!(baca.contains("typst compile --font-path huruf"), "{baca}");

    // Compiled from that folder alone — its sources, its logo, its fonts,
    // nothing of inputs/ or fonts/ — it gives the very PDF lapkin wrote.
    let mut lap = lapkin::diag::Temuan::default();
    let huruf = lapkin::compile::Huruf::muat(&dir.join("huruf"), &mut lap)
        .unwrap_or_else(|| panic!("{lap}"));
    let sumber: Vec<lapkin::render::Sumber> = berkas
        .iter()
        .filter(|(n, _)| n.ends_with(".typ"))
        .map(|(n, b)| lapkin::render::Sumber {
            nama: n.clone(),
            teks: String::from_utf8(b.clone()).unwrap(),
        })
        .collect();
    let biner: Vec<(String, std::sync::Arc<[u8]>)> = berkas
        .iter()
        .filter(|(n, _)| n.starts_with("logo."))
        .map(|(n, b)| (n.clone(), std::sync::Arc::from(b.as_slice())))
        .collect();
    let (siap, _) = common::periksa(&masukan);
    let t =
        lapkin::format::Tanggal::parse_iso(&siap.unwrap().config.penandatanganan.tanggal).unwrap();
    let meta = lapkin::compile::Metadata {
        tanggal: (t.tahun, t.bulan, t.hari),
        sematan: Vec::new(),
    };
    let (dari_folder, _) =
        lapkin::compile::kompilasi_dengan_berkas(&sumber, &biner, &huruf, &meta).unwrap();
    assert!(
        dari_folder == std::fs::read(&pdf).unwrap(),
        "PDF dari folder typst/ berbeda dari PDF lapkin"
    );
}
