//! "Any agency": the second sample, a Dinas with services in a Kota
//! (tests/data/dinas, invented figures), built on every commit. Its report
//! must come out without a single diagnostic and say what a reviewer of
//! that agency expects: its own titles, a lower-is-better and a letter-grade
//! indicator compared in their direction, its own services table and picture.

mod common;

use common::*;

fn dinas() -> std::path::PathBuf {
    akar().join("tests").join("data").join("dinas")
}

fn rata(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn dinas_tersusun_tanpa_temuan_dengan_kalimat_yang_benar() {
    let (_, lap) = periksa(&dinas());
    assert!(lap.daftar.is_empty(), "contoh Dinas harus bersih:\n{lap}");
    let out = folder_sementara("dinas").join("dinas.pdf");
    let h = bangun(&dinas(), &out).unwrap_or_else(|e| panic!("{e}"));
    let text = rata(&teks_pdf(&h.pdf));
    for s in [
        // Titles of this agency and region, from lapkin.yaml.
        "wujud pertanggungjawaban Kepala Dinas kepada Wali Kota Tanjung Harapan",
        "bertanggung jawab kepada Wali Kota melalui Sekretaris Daerah",
        // Kinds of item, not rows.
        "99 unit barang dalam 5 jenis",
        // The services table's total as a reference.
        "melayani 22.145 dokumen kependudukan",
        // Higher-is-better against the previous year, Renstra and national standard.
        "Realisasi tahun 2025 naik 0,6 poin persen dari realisasi tahun 2024; kinerja membaik.",
        "telah mencapai 97,40% dari target tersebut, masih kurang 2,6 poin persen untuk mencapainya",
        "realisasi belum memenuhi standar nasional",
        // Lower-is-better: a fall is an improvement; the Renstra ceiling not yet met.
        "memberikan capaian 116,67%",
        "Realisasi tahun 2025 turun 1 hari dari realisasi tahun 2024; karena indikator ini semakin rendah semakin baik, penurunan ini merupakan perbaikan kinerja.",
        "realisasi tahun 2025 sebesar 2,5 hari belum memenuhinya dan masih perlu diturunkan 1,5 hari",
        // Letter grade below target: score ratio, compared by rank.
        "memberikan capaian 97,73%",
        "Predikat tahun 2025 (B) sama dengan predikat tahun 2024 (B).",
        "predikat tahun 2025 (B) belum mencapai predikat target akhir tersebut",
        // Efficiency per 53/2014: savings only when the target was met.
        "terdapat efisiensi sebesar Rp95.500.000",
        "tidak dapat disebut efisiensi karena hasil yang diperjanjikan belum seluruhnya dicapai",
        // The agency as a whole: every programme once; savings are not efficiency
        // while a sasaran missed its target.
        "Ditinjau dari efisiensi penggunaan sumber daya instansi, rata-rata capaian sasaran 102,39% dicapai dengan realisasi anggaran Rp6.849.230.000 atau 95,93% dari anggaran Rp7.140.000.000",
        "Karena 1 (satu) dari 3 (tiga) sasaran belum mencapai target, sisa anggaran sebesar Rp290.770.000 belum dapat seluruhnya disebut efisiensi.",
        // Agency table and image, numbered and listed.
        "Tabel 3.3 Jumlah Dokumen Kependudukan yang Diterbitkan per Triwulan",
        "Gambar 3.2 Pelayanan keliling perekaman KTP-el di Kecamatan Pantai Timur, 2025 (ilustrasi)",
        "Sumber: Aplikasi SIAK Terpusat, diolah",
        // Depth per indicator: years, Renstra and national standard as a table;
        // supporting programmes with absorption; causes and solutions.
        "Tabel 3.4 Realisasi Indikator Sasaran 1 Dibandingkan Tahun Sebelumnya, Target Akhir Renstra dan Standar Nasional",
        "Tabel 3.5 Program dan Kegiatan Pendukung Sasaran 1",
        "Penyebab kegagalan: Penduduk wajib KTP di daerah pesisir dan perantau belum seluruhnya datang merekam data; realisasi 97,4% masih di bawah target.",
        "Alternatif solusi: Menambah jadwal pelayanan keliling",
        "Penyebab keberhasilan: Penerbitan akta kelahiran secara daring",
        // The Perjanjian Kinerja with both parties.
        "Nama : Ir. H. BUDI SANTOSO, M.T. Jabatan : Wali Kota Tanjung Harapan",
        "Tanjung Harapan, 6 Januari 2025",
    ] {
        assert!(text.contains(s), "tidak tercetak: {s}");
    }
    let rows = baris_pdf(&h.pdf);
    for r in [
        "KTP-el 2.140 2.315 1.980 2.265 8.700",
        "Jumlah 5.397 5.830 5.234 5.684 22.145",
        "Rata-rata Capaian Kinerja atas Sasaran Strategis 102,39 Sangat Tinggi",
        // 1.1: 2023, 2024, target, realisation, capaian, Renstra, national standard.
        "95,2 96,8 98 97,4 99,39 100 98",
        "2 Program Pendaftaran Penduduk 1.235.000.000 1.193.500.000 96,64",
    ] {
        assert!(rows.iter().any(|x| x.contains(r)), "baris tidak ada: {r}");
    }
    for salah in [
        "Bupati",
        "Batu Bara",
        "BKPSDM",
        "DRAF",
        "Kepala Inspektorat",
        "{",
    ] {
        assert!(!text.contains(salah), "tercetak: {salah}");
    }
}

/// Copies the Dinas sample into a scratch folder.
fn salin_dinas(nama: &str) -> std::path::PathBuf {
    let dir = folder_sementara(nama);
    for e in std::fs::read_dir(dinas()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|x| x != "py") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

const JAHAT: &str = "#pagebreak() ] [ $x^2$ *tebal* _miring_ <lbl> @ref // bukan komentar {{ x }} {% y %} \\ #set text(red)";

/// Agency tables from a sheet and from the YAML, and an image caption, with
/// text that would be Typst or template syntax: printed as it is, never run.
#[test]
fn tabel_dan_gambar_instansi_dengan_teks_berbahaya_tercetak_apa_adanya() {
    let dir = salin_dinas("dinas-jahat");
    ubah_buku(
        &dir,
        "kinerja.xlsx",
        &[("Layanan", 2, 0, Nilai::TeksMilik(format!("Kartu {JAHAT}")))],
        &[],
    );
    ubah_yaml(&dir, |v| {
        let tabel: serde_yaml_ng::Value = serde_yaml_ng::from_str(&format!(
            "nama: jahat\njudul: 'Tabel {JAHAT} {{tahun}}'\nkolom: ['Uraian {JAHAT}', 'Jumlah']\nbaris:\n  - ['{JAHAT}', 3]\n  - ['Lain', '1.234,5']\njumlah: true\n"
        ))
        .unwrap();
        v["tabel"].as_sequence_mut().unwrap().push(tabel);
        let analisis = v["perencanaan"]["tujuan"][0]["sasaran"][1]["analisis"]
            .as_sequence_mut()
            .unwrap();
        analisis.push(serde_yaml_ng::from_str("tabel: jahat").unwrap());
        analisis[0] = serde_yaml_ng::from_str(&format!(
            "gambar: pelayanan-keliling.png\nketerangan: 'Foto {JAHAT}'"
        ))
        .unwrap();
    });
    let (_, lap) = periksa(&dir);
    assert!(!lap.ada_galat(), "{lap}");
    let out = dir.with_extension("pdf");
    let h = bangun(&dir, &out).unwrap_or_else(|e| panic!("{e}"));
    let text = rata(&teks_pdf(&h.pdf));
    for s in [
        format!("Kartu {JAHAT}"),
        format!("Tabel {JAHAT} 2025"),
        format!("Uraian {JAHAT}"),
        format!("Foto {JAHAT}"),
        "Jumlah 1.237,5".to_string(),
    ] {
        assert!(text.contains(&s), "tidak tercetak apa adanya: {s}\n{text}");
    }
    // Listed in the Daftar Tabel and Daftar Gambar too (caption and list entry).
    assert!(text.matches(&format!("Tabel {JAHAT} 2025")).count() >= 2);
    assert!(text.matches(&format!("Foto {JAHAT}")).count() >= 2);
}

/// What `check` says about agency tables and images that cannot be placed.
#[test]
fn tabel_dan_gambar_instansi_diperiksa() {
    let dir = salin_dinas("dinas-rusak");
    ubah_yaml(&dir, |v| {
        let t = v["tabel"].as_sequence_mut().unwrap();
        t[0]["lembar"] = "Layanan Publik".into();
        for y in [
            "nama: survei\njudul: x\nkolom: [A]\nbaris: [[1]]",
            "nama: pendek\njudul: x\nkolom: [A, B]\nbaris: [[1]]",
            "nama: dua\njudul: x\nberkas: kinerja.xlsx\nlembar: Layanan\nkolom: [A]",
            "nama: lepas\njudul: x\nkolom: [A]\nbaris: [[a]]",
            "nama: luar\njudul: x\nberkas: rahasia.xlsx\nlembar: A",
        ] {
            t.push(serde_yaml_ng::from_str(y).unwrap());
        }
        let analisis = v["perencanaan"]["tujuan"][0]["sasaran"][1]["analisis"]
            .as_sequence_mut()
            .unwrap();
        for y in [
            "gambar: tidak-ada.png\nketerangan: x",
            "gambar: pelayanan-keliling.png",
            "gambar: ../luar.png\nketerangan: x",
            "gambar: dokumen.pdf\nketerangan: x",
            "tabel: pendek",
            "tabel: tak_dikenal",
        ] {
            analisis.push(serde_yaml_ng::from_str(y).unwrap());
        }
    });
    let (siap, lap) = periksa(&dir);
    assert!(siap.is_none());
    let t = lap.to_string();
    for s in [
        "kinerja.xlsx: lembar \"Layanan Publik\" tidak ada",
        "lapkin.yaml › tabel[1]: nama tabel \"survei\" sudah dipakai tabel yang dihasilkan lapkin",
        "lapkin.yaml › tabel[2].baris[0]: baris berisi 1 sel, padahal tabel punya 2 kolom",
        "lapkin.yaml › tabel[3]: tabel \"dua\" harus diambil dari tepat satu sumber",
        "lapkin.yaml › tabel[4]: tabel \"lepas\" tidak dipakai blok analisis mana pun",
        "lapkin.yaml › tabel[5]: buku kerja \"rahasia.xlsx\" tidak ada di folder masukan",
        "berkas gambar \"tidak-ada.png\" tidak ditemukan",
        "gambar \"pelayanan-keliling.png\" tanpa keterangan",
        "jalur gambar \"../luar.png\" tidak sah",
        "gambar \"dokumen.pdf\" bukan berkas PNG atau JPEG",
        "tabel \"tak_dikenal\" tidak dikenal",
    ] {
        assert!(t.contains(s), "tidak dilaporkan: {s}\n{t}");
    }
}

#[test]
fn ukuran_jpeg_dari_kepala_bingkai() {
    // SOI, APP0 (length 16), SOF0 with height 300 and width 480.
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    j.extend_from_slice(&[0; 14]);
    j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x01, 0xE0, 0x03]);
    assert_eq!(lapkin::tabel_instansi::ukuran_jpeg(&j), Some((480, 300)));
    assert_eq!(lapkin::tabel_instansi::ukuran_jpeg(b"\x89PNG"), None);
}
