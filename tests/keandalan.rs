//! Reliability (issue 12): inputs are never overwritten, interrupted runs
//! leave nothing behind for ever, hidden sheets are never silently read.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn lapkin(args: &[&std::ffi::OsStr]) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

#[test]
fn keluaran_yang_menimpa_masukan_ditolak() {
    let dir = salin_sampel("keluaran-masukan");
    let yaml = std::fs::read(dir.join("lapkin.yaml")).unwrap();
    for sasaran in [
        dir.join("lapkin.yaml"),
        dir.join("anggaran.xlsx"),
        dir.join("sub").join("laporan.pdf"),
    ] {
        let (teks, kode) = lapkin(&[
            os("build"),
            os("--masukan"),
            dir.as_os_str(),
            os("--keluaran"),
            sasaran.as_os_str(),
        ]);
        assert_eq!(kode, Some(1), "{teks}");
        assert!(
            teks.contains("berada di dalam folder masukan")
                && teks.contains("tidak menulis ke folder masukan"),
            "{teks}"
        );
    }
    assert_eq!(std::fs::read(dir.join("lapkin.yaml")).unwrap(), yaml);
    assert!(!dir.join("sub").exists());

    // The archive root may not be inside the inputs folder either.
    let (teks, kode) = lapkin(&[
        os("archive"),
        os("--masukan"),
        dir.as_os_str(),
        os("--arsip"),
        dir.join("arsip").as_os_str(),
    ]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(!dir.join("arsip").exists());
}

/// A pid that is not running (for a leftover temporary file's name).
fn pid_mati() -> u32 {
    (4_000_000..4_100_000)
        .find(|p| !Path::new(&format!("/proc/{p}")).exists())
        .unwrap()
}

#[test]
fn sisa_berkas_sementara_dari_proses_yang_mati_dibersihkan() {
    let keluar = folder_sementara("sisa-sementara");
    let pdf = keluar.join("lapkin.pdf");
    let sisa = keluar.join(format!(".lapkin.pdf.{}.sementara", pid_mati()));
    std::fs::write(&sisa, b"setengah PDF dari kill -9").unwrap();
    let lain = keluar.join(".lain.pdf.1.sementara");
    std::fs::write(&lain, b"milik berkas lain").unwrap();
    bangun(&sampel(), &pdf).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.exists());
    assert!(!sisa.exists(), "sisa .sementara tidak dibersihkan");
    assert!(
        lain.exists(),
        "berkas sementara berkas lain tidak boleh dihapus"
    );
}

#[test]
fn lembar_tersembunyi_tidak_pernah_diam_diam_dipakai() {
    use calamine::{Reader, open_workbook_auto};
    let dir = salin_sampel("lembar-tersembunyi");
    let path = dir.join("anggaran.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Anggaran").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    // First a stale, hidden copy named "ANGGARAN " with other figures, then
    // the visible sheet.
    for (nama, tersembunyi) in [("ANGGARAN ", true), ("Anggaran", false)] {
        let ws = out.add_worksheet();
        ws.set_name(nama).unwrap();
        salin_lembar(&range, ws, if tersembunyi { 2.0 } else { 1.0 });
        if tersembunyi {
            ws.set_hidden(true);
        }
    }
    out.save(&path).unwrap();

    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(0), "{teks}");
    assert!(
        teks.contains("peringatan: anggaran.xlsx › ANGGARAN : lembar tersembunyi \"ANGGARAN \" diabaikan; yang dibaca lembar \"Anggaran\""),
        "{teks}"
    );
    let pdf = dir.with_extension("pdf");
    bangun(&dir, &pdf).unwrap_or_else(|e| panic!("{e}"));
    let isi = teks_pdf(&pdf);
    assert!(
        isi.contains("5.581.000.815"),
        "angka lembar terlihat tidak dipakai"
    );
    assert!(
        !isi.contains("11.162.001.630"),
        "angka lembar tersembunyi terpakai"
    );
}

#[test]
fn anggaran_200_ribu_baris_diperiksa_dalam_waktu_linear() {
    // Not a timing assertion of speed, only a bound against quadratic work
    // (200,000 rows took 268 s before); figures are in docs/performance.md.
    let dir = salin_sampel("anggaran-besar");
    let path = dir.join("anggaran.xlsx");
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Anggaran").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Anggaran").unwrap();
    let awal = salin_lembar(&range, ws, 1.0);
    for i in 0..200_000u32 {
        let r = awal + i;
        ws.write_string(r, 0, format!("3.1.{}", 100 + i)).unwrap();
        ws.write_string(r, 1, format!("Sub kegiatan uji {i}"))
            .unwrap();
        ws.write_number(r, 3, 1000.0).unwrap();
        ws.write_number(r, 4, 900.0).unwrap();
    }
    out.save(&path).unwrap();
    let mulai = std::time::Instant::now();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert!(!teks.contains("panicked"), "{teks}");
    assert!(
        mulai.elapsed().as_secs() < 120,
        "check 200.000 baris terlalu lama"
    );
    // Such a table is never sent to Typst (a 200.000-row table exhausted memory).
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains(
            "200.036 baris anggaran; paling banyak 3.000 baris anggaran dicetak dalam laporan"
        ),
        "{teks}"
    );
}

#[test]
fn aset_dan_anggaran_dihitung_dalam_baris_cetak_sebelum_typst() {
    // 4.539 asset rows and 836 budget lines are each within their limit
    // (6.000 and 3.000), but a budget line costs Typst twice an asset row:
    // 4.539 + 2 × 836 = 6.211 printed rows > 6.000, refused by `check`.
    let dir = salin_sampel("baris-cetak");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(dir.join("aset.xlsx")).unwrap();
    let range = wb.worksheet_range("Aset").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Aset").unwrap();
    let awal = salin_lembar(&range, ws, 1.0);
    for i in 0..4_500u32 {
        let r = awal + i;
        ws.write_number(r, 0, f64::from(40 + i)).unwrap();
        ws.write_string(r, 1, format!("Barang uji {i}")).unwrap();
        ws.write_number(r, 2, 1.0).unwrap();
        ws.write_string(r, 3, "Baik").unwrap();
    }
    out.save(dir.join("aset.xlsx")).unwrap();
    let mut wb = calamine::open_workbook_auto(dir.join("anggaran.xlsx")).unwrap();
    let range = wb.worksheet_range("Anggaran").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Anggaran").unwrap();
    let awal = salin_lembar(&range, ws, 1.0);
    for i in 0..800u32 {
        let r = awal + i;
        ws.write_string(r, 0, format!("3.1.{}", 100 + i)).unwrap();
        ws.write_string(r, 1, format!("Sub kegiatan uji {i}"))
            .unwrap();
        ws.write_number(r, 3, 1000.0).unwrap();
        ws.write_number(r, 4, 900.0).unwrap();
    }
    out.save(dir.join("anggaran.xlsx")).unwrap();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains("galat: aset.xlsx: daftar aset (4.539 baris) dan anggaran (836 baris, setiap baris anggaran dihitung 2) bersama-sama melebihi 6.000 baris yang dapat dicetak dalam satu laporan"),
        "{teks}"
    );
}

#[test]
fn tabel_instansi_lebar_dihitung_satu_baris_cetak_per_empat_kolom() {
    // 3.001 rows of 8 columns: 6.002 printed rows, over the 6.000 limit,
    // though a 4-column table of as many rows would be accepted.
    let dir = salin_sampel("tabel-lebar");
    let yaml = std::fs::read_to_string(dir.join("lapkin.yaml")).unwrap();
    let baris: String = (0..3_001).map(|_| "[a,b,c,d,e,f,g,h],").collect();
    let yaml = yaml.replacen(
        "instansi:",
        &format!(
            "tabel:\n  - nama: lebar\n    judul: Tabel lebar\n    kolom: [A, B, C, D, E, F, G, H]\n    baris: [{baris}]\ninstansi:"
        ),
        1,
    );
    std::fs::write(dir.join("lapkin.yaml"), yaml).unwrap();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains("tabel \"lebar\" berisi 3.001 baris; paling banyak 3.000 baris untuk tabel 8 kolom dicetak dalam laporan"),
        "{teks}"
    );
}

/// `aset.xlsx` of the sample rewritten with `ubah` applied to its sheet.
fn aset_diubah(dir: &Path, ubah: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    use calamine::{Reader, open_workbook_auto};
    let path = dir.join("aset.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Aset").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Aset").unwrap();
    salin_lembar(&range, ws, 1.0);
    ubah(ws);
    out.save(&path).unwrap();
}

/// Peak memory of a command in KiB, by `/usr/bin/time -v` (Debian's
/// `time`, installed by .ci/run).
fn memori_puncak(args: &[&std::ffi::OsStr]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_lapkin"))
        .args(args)
        .output()
        .expect("/usr/bin/time (paket Debian time) harus terpasang; lihat .ci/run");
    let teks = String::from_utf8_lossy(&out.stderr);
    teks.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
}

#[test]
fn satu_sel_di_xfd1048576_ditolak_tanpa_menghabiskan_memori() {
    let dir = salin_sampel("sel-jauh");
    aset_diubah(&dir, |ws| {
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert!(std::fs::metadata(dir.join("aset.xlsx")).unwrap().len() < 20_000);
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains(
            "galat: aset.xlsx › Aset: lembar berisi isi di sel XFD1048576, di luar batas"
        ),
        "{teks}"
    );
    let kib = memori_puncak(&[os("check"), dir.as_os_str()]).expect("memori puncak");
    assert!(kib < 500_000, "memori puncak {kib} KiB");
}

#[test]
fn dimensi_lembar_yang_berbohong_tidak_dipercaya() {
    // The sheet's <dimension> claims A1:XFD1048576; its cells are the sample's.
    let dir = salin_sampel("dimensi-bohong");
    let path = dir.join("aset.xlsx");
    let asli = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(asli)).unwrap();
    let mut baru = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        use std::io::{Read, Write};
        let mut f = zip.by_index(i).unwrap();
        let nama = f.name().unwrap().to_string();
        let mut isi = Vec::new();
        f.read_to_end(&mut isi).unwrap();
        if nama.starts_with("xl/worksheets/sheet") {
            let teks = String::from_utf8(isi).unwrap();
            let awal = teks.find("<dimension ref=\"").unwrap() + 16;
            let akhir = awal + teks[awal..].find('"').unwrap();
            isi = format!("{}A1:XFD1048576{}", &teks[..awal], &teks[akhir..]).into_bytes();
        }
        baru.start_file(nama, zip::write::SimpleFileOptions::default())
            .unwrap();
        baru.write_all(&isi).unwrap();
    }
    std::fs::write(&path, baru.finish().unwrap().into_inner()).unwrap();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(0), "{teks}");
    let kib = memori_puncak(&[os("check"), dir.as_os_str()]).expect("memori puncak");
    assert!(kib < 500_000, "memori puncak {kib} KiB");
}

#[test]
fn bom_alias_yaml_ditolak_tanpa_menghabiskan_memori() {
    // 1 MB string aliased 3,000 times: 1 MB on disk, 6 GB once expanded.
    let dir = salin_sampel("bom-alias");
    let path = dir.join("lapkin.yaml");
    let besar = "x".repeat(1_000_000);
    let alias = "    - {istilah: *a, uraian: *a}\n".repeat(3000);
    let teks = std::fs::read_to_string(&path).unwrap().replacen(
        "  visi_penjabaran:\n",
        &format!("  visi_penjabaran:\n    - {{istilah: &a {besar}, uraian: b}}\n{alias}"),
        1,
    );
    std::fs::write(&path, teks).unwrap();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(teks.contains("memakai alias YAML (*a)"), "{teks}");
    let kib = memori_puncak(&[os("check"), dir.as_os_str()]).expect("memori puncak");
    assert!(kib < 200_000, "memori puncak {kib} KiB");
}

#[test]
fn lampiran_pdf_yang_mengembang_raksasa_ditolak_verify() {
    use std::io::Write;
    let dir = folder_sementara("bom-lampiran");
    let h = lapkin::arsip::arsipkan(&lapkin::arsip::OpsiArsip {
        masukan: sampel(),
        arsip: dir.join("arsip"),
        huruf: akar().join("fonts"),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let lapkin::arsip::HasilArsip::Baru { pdf, .. } = h else {
        panic!("versi baru")
    };
    // Replace the embedded lapkin.yaml with 300 MB of zeros, deflated (~300 KB).
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let nol = vec![0u8; 1 << 20];
    for _ in 0..300 {
        z.write_all(&nol).unwrap();
    }
    let bom = z.finish().unwrap();
    let mut diganti = 0;
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(st) = obj
            && st.dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"EmbeddedFile")
        {
            st.set_content(bom.clone());
            st.dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            diganti += 1;
        }
    }
    assert!(diganti > 0);
    let jahat = dir.join("jahat.pdf");
    doc.save(&jahat).unwrap();
    assert!(std::fs::metadata(&jahat).unwrap().len() < 10_000_000);

    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&jahat)
        .output()
        .unwrap();
    let teks = String::from_utf8_lossy(&out.stdout);
    assert!(teks.contains("setelah dibuka"), "{teks}");
    assert_ne!(out.status.code(), Some(0));
    let kib = memori_puncak(&[os("verify"), jahat.as_os_str()]).expect("memori puncak");
    assert!(kib < 400_000, "memori puncak {kib} KiB");
}

#[test]
fn versi_arsip_yang_meluap_ditolak() {
    let dir = folder_sementara("versi-meluap");
    let tahun = dir.join("arsip").join("2024");
    std::fs::create_dir_all(tahun.join("v4294967295")).unwrap();
    let (teks, kode) = lapkin(&[
        os("archive"),
        os("--masukan"),
        sampel().as_os_str(),
        os("--arsip"),
        dir.join("arsip").as_os_str(),
    ]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(teks.contains("nomor versi arsip"), "{teks}");
    assert!(!tahun.join("v0").exists() && !tahun.join("v1").exists());
}

#[test]
fn narasi_50_mb_ditolak_sebelum_dibaca() {
    let dir = salin_sampel("narasi-raksasa");
    let path = dir.join("lapkin.yaml");
    let teks = std::fs::read_to_string(&path).unwrap().replacen(
        "penutup: |\n",
        &format!("penutup: |\n  {}\n", "kata ".repeat(10_000_000)),
        1,
    );
    std::fs::write(&path, teks).unwrap();
    let (teks, kode) = lapkin(&[os("check"), dir.as_os_str()]);
    assert_eq!(kode, Some(1), "{teks}");
    assert!(
        teks.contains("galat: lapkin.yaml: berkas terlalu besar (paling besar 2 MB)"),
        "{teks}"
    );
    let kib = memori_puncak(&[os("check"), dir.as_os_str()]).expect("memori puncak");
    assert!(kib < 100_000, "memori puncak {kib} KiB");
}

#[test]
fn verify_json_memberi_putusan_yang_sama() {
    let dir = folder_sementara("verify-json");
    let h = lapkin::arsip::arsipkan(&lapkin::arsip::OpsiArsip {
        masukan: sampel(),
        arsip: dir.join("arsip"),
        huruf: akar().join("fonts"),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let lapkin::arsip::HasilArsip::Baru { pdf, .. } = h else {
        panic!("versi baru")
    };
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .args([os("verify"), os("--json"), pdf.as_os_str()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Unsigned archive: no signature (exit 6), identical to the rebuild.
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(v["kode_keluar"], 6);
    assert_eq!(v["kesamaan"]["hasil"], "sama", "{v}");
    assert_eq!(v["tanda_tangan"].as_array().map(Vec::len), Some(0));

    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .args([
            os("verify"),
            os("--json"),
            dir.join("tidak-ada.pdf").as_os_str(),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["kode_keluar"], 1);
    assert!(
        v["galat"].as_str().unwrap().contains("tidak dapat dibaca"),
        "{v}"
    );
}

/// A minimal PDF (catalog, empty page tree) with `lain` as further objects
/// and a classic cross-reference table.
fn pdf_dengan(lain: &[Vec<u8>]) -> Vec<u8> {
    let mut objek: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
    ];
    objek.extend(lain.iter().cloned());
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut letak = Vec::new();
    for (i, o) in objek.iter().enumerate() {
        letak.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend(o);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objek.len() + 1).as_bytes());
    for l in letak {
        pdf.extend(format!("{l:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Root 1 0 R /Size {} >>\nstartxref\n{xref}\n%%EOF\n",
            objek.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn pdf_bersarang_dalam_dan_aliran_objek_raksasa_ditolak_verify() {
    use std::io::Write;
    let dir = folder_sementara("pdf-jahat");
    // A million nested arrays: lopdf (and the signature reader) recursed
    // until the stack overflowed and the process died without a message.
    let sarang = dir.join("sarang.pdf");
    let mut dalam = vec![b'['; 1_000_000];
    dalam.extend(vec![b']'; 1_000_000]);
    std::fs::write(&sarang, pdf_dengan(&[dalam])).unwrap();
    let (teks, kode) = lapkin(&[os("verify"), sarang.as_os_str()]);
    assert!(
        teks.contains("struktur PDF bersarang lebih dari 64 tingkat"),
        "{teks}"
    );
    assert_eq!(kode, Some(1), "{teks}");
    // An object stream claiming a billion objects, inflating to 300 MB
    // from 0.3 MB.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let kosong = vec![b' '; 1 << 20];
    for _ in 0..300 {
        z.write_all(&kosong).unwrap();
    }
    let bom = z.finish().unwrap();
    let mut objstm = format!(
        "<< /Type /ObjStm /N 1000000000 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        bom.len()
    )
    .into_bytes();
    objstm.extend(&bom);
    objstm.extend(b"\nendstream");
    let jahat = dir.join("objstm.pdf");
    std::fs::write(&jahat, pdf_dengan(&[objstm])).unwrap();
    let (teks, kode) = lapkin(&[os("verify"), jahat.as_os_str()]);
    assert!(
        teks.contains("aliran objek PDF mengembang lebih dari 20 MB setelah dibuka"),
        "{teks}"
    );
    assert_eq!(kode, Some(1), "{teks}");
    let kib = memori_puncak(&[os("verify"), jahat.as_os_str()]).expect("memori puncak");
    assert!(kib < 100_000, "memori puncak {kib} KiB");
}
