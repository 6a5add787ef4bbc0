//! The same data in other forms gives the same report: the sample workbooks
//! re-saved as .xls and .ods by LibreOffice, and a version as users really keep
//! them (columns reordered, alias headers, a merged title row, blank rows, an
//! extra column, numbers typed as Indonesian text, a trailing Jumlah row).

mod common;

use common::*;

fn teks_dari(variasi: &str, ext: &str) -> String {
    let dir = folder_sementara(&format!("format-{variasi}"));
    std::fs::copy(sampel().join("lapkin.yaml"), dir.join("lapkin.yaml")).unwrap();
    for stem in ["aset", "pegawai", "anggaran", "kinerja"] {
        let name = format!("{stem}.{ext}");
        std::fs::copy(
            akar().join("tests/data").join(variasi).join(&name),
            dir.join(&name),
        )
        .unwrap();
    }
    let out = dir.with_extension("keluar.pdf");
    if let Err(e) = bangun(&dir, &out) {
        panic!("{variasi}: {e}");
    }
    teks_pdf(&out)
}

fn teks_sampel() -> String {
    let out = folder_sementara("format-asli").join("keluar.pdf");
    bangun(&sampel(), &out).unwrap_or_else(|e| panic!("{e}"));
    teks_pdf(&out)
}

#[test]
fn xls_dan_ods_menghasilkan_teks_yang_sama() {
    let asli = teks_sampel();
    assert_eq!(teks_dari("xls", "xls"), asli, "teks dari .xls berbeda");
    assert_eq!(teks_dari("ods", "ods"), asli, "teks dari .ods berbeda");
}

#[test]
fn buku_kerja_acak_menghasilkan_teks_yang_sama() {
    assert_eq!(
        teks_dari("acak", "xlsx"),
        teks_sampel(),
        "teks dari buku kerja acak berbeda"
    );
}

#[test]
fn buku_kerja_terkunci_ditolak_dengan_jelas() {
    let dir = salin_sampel("terkunci");
    std::fs::copy(
        akar().join("tests/data/aset-terkunci.xlsx"),
        dir.join("aset.xlsx"),
    )
    .unwrap();
    let (_, lap) = periksa(&dir);
    let msg = lap.to_string();
    assert!(
        msg.contains("galat: aset.xlsx: berkas ini terkunci kata sandi"),
        "{msg}"
    );
}

#[test]
fn bom_zip_ditolak_dalam_batas_waktu() {
    use std::io::Write;
    let dir = salin_sampel("bom-zip");
    let path = dir.join("pegawai.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..320 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000_000);
    let start = std::time::Instant::now();
    let (_, lap) = periksa(&dir);
    let msg = lap.to_string();
    assert!(
        msg.contains("galat: pegawai.xlsx: isi buku kerja terlalu besar setelah dibuka"),
        "{msg}"
    );
    // Not a timing assertion of speed, only a bound against hanging.
    assert!(start.elapsed().as_secs() < 60);
}
