//! The report's signature field (issue 11, item 3): one unsigned signature
//! field `TTD_Pimpinan` over the head's signature space, in the block
//! `penandatanganan.tempat_tte` names, that prints nothing while unsigned and
//! that a TTE application (pyHanko here) signs into by name.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tte::*;
use common::*;
use lapkin::bidang::NAMA_BIDANG;
use lopdf::{Document, Object};

/// A word of `pdftotext -bbox`: text and box (points, from the page's top left).
#[derive(Debug, Clone)]
struct Kata {
    teks: String,
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
}

/// The words of every page, as poppler places them.
fn kata_halaman(pdf: &Path) -> Vec<Vec<Kata>> {
    let html = kotak_kata_pdf(pdf);
    html.split("<page ")
        .skip(1)
        .map(|hal| {
            hal.split("<word ")
                .skip(1)
                .map(|w| {
                    let atribut = |k: &str| -> f64 {
                        let a = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                        w[a..a + w[a..].find('"').unwrap()].parse().unwrap()
                    };
                    let teks = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    Kata {
                        teks: teks.replace("&amp;", "&").replace('\u{ad}', ""),
                        x1: atribut("xMin"),
                        y1: atribut("yMin"),
                        x2: atribut("xMax"),
                        y2: atribut("yMax"),
                    }
                })
                .collect()
        })
        .collect()
}

/// The signature fields of a PDF: (name, has a value, page number from 1,
/// rect in points from the page's top left, page height).
struct Bidang {
    nama: String,
    bertanda: bool,
    halaman: usize,
    rect: [f64; 4],
    flag: i64,
    tampilan_kosong: bool,
    tu: String,
}

fn bidang_tanda_tangan(pdf: &Path) -> Vec<Bidang> {
    let doc = Document::load(pdf).unwrap();
    let halaman: Vec<_> = doc.get_pages().into_values().collect();
    let katalog = doc.catalog().unwrap();
    let af = match katalog.get(b"AcroForm") {
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).unwrap(),
        Ok(Object::Dictionary(d)) => d,
        _ => return Vec::new(),
    };
    let teks = |o: &Object| match o {
        Object::String(b, _) if b.starts_with(&[0xfe, 0xff]) => String::from_utf16(
            &b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    };
    af.get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let d = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
            assert_eq!(d.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
            assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Widget");
            let p = d.get(b"P").unwrap().as_reference().unwrap();
            let no = halaman.iter().position(|h| *h == p).unwrap() + 1;
            let kotak = doc.get_dictionary(p).unwrap().get(b"MediaBox").unwrap();
            let tinggi = kotak.as_array().unwrap()[3].as_float().unwrap() as f64;
            let r: Vec<f64> = d
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap() as f64)
                .collect();
            // The widget is in its page's /Annots.
            let annots = doc.get_dictionary(p).unwrap().get(b"Annots").unwrap();
            let annots = match annots {
                Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap(),
                o => o.as_array().unwrap(),
            };
            assert!(
                annots
                    .iter()
                    .any(|a| a.as_reference().ok() == f.as_reference().ok())
            );
            let ap = d.get(b"AP").unwrap().as_dict().unwrap();
            let n = doc
                .get_object(ap.get(b"N").unwrap().as_reference().unwrap())
                .unwrap()
                .as_stream()
                .unwrap();
            Bidang {
                nama: teks(d.get(b"T").unwrap()),
                bertanda: d.get(b"V").is_ok(),
                halaman: no,
                rect: [r[0], tinggi - r[3], r[2], tinggi - r[1]],
                flag: d.get(b"F").unwrap().as_i64().unwrap(),
                tampilan_kosong: n.content.iter().all(u8::is_ascii_whitespace),
                tu: teks(d.get(b"TU").unwrap()),
            }
        })
        .collect()
}

/// The first page from `sejak` (from 1) whose text holds all of `kata`.
fn halaman_dengan(kata: &[Vec<Kata>], sejak: usize, cari: &[&str]) -> usize {
    (sejak..=kata.len())
        .find(|&h| {
            cari.iter()
                .all(|c| kata[h - 1].iter().any(|k| k.teks == *c))
        })
        .unwrap_or_else(|| panic!("tidak ada halaman sejak {sejak} dengan {cari:?}"))
}

/// The field lies in the head's block on page `hal`: under the title's last
/// line, above the name, as wide as the name line at least, tall enough for a
/// stamp.
fn di_ruang_tanda_tangan(b: &Bidang, kata: &[Kata]) {
    let nama: Vec<&Kata> = kata
        .iter()
        .filter(|k| ["MHD.", "ALDY", "RAMADHAN,", "S.STP,", "M.Si"].contains(&k.teks.as_str()))
        .collect();
    assert_eq!(nama.len(), 5, "baris nama pimpinan: {nama:?}");
    let jabatan = kata
        .iter()
        .rfind(|k| k.teks == "BARA," && k.y2 <= nama[0].y1)
        .expect("baris akhir jabatan di atas nama");
    let [x1, y1, x2, y2] = b.rect;
    assert!(
        y1 >= jabatan.y2 - 0.5,
        "bidang menutupi jabatan: {:?} / {jabatan:?}",
        b.rect
    );
    assert!(
        y2 <= nama[0].y1,
        "bidang menutupi nama: {:?} / {:?}",
        b.rect,
        nama[0]
    );
    let (nx1, nx2) = (
        nama.iter().map(|k| k.x1).fold(f64::MAX, f64::min),
        nama.iter().map(|k| k.x2).fold(f64::MIN, f64::max),
    );
    assert!(
        x1 <= nx1 && x2 >= nx2,
        "bidang lebih sempit dari baris nama: {:?}",
        b.rect
    );
    assert!(y2 - y1 >= 40.0, "ruang cap terlalu pendek: {:?}", b.rect);
}

/// Page `hal` rendered with and without its annotations: the same pixels.
fn cetak_tanpa_bekas(pdf: &Path, hal: usize, dir: &Path) {
    let render = |nama: &str, sembunyi: bool| -> Vec<u8> {
        let awal = dir.join(nama);
        let mut c = Command::new("pdftoppm");
        c.args(["-r", "72", "-png", "-singlefile"])
            .arg("-f")
            .arg(hal.to_string())
            .arg("-l")
            .arg(hal.to_string());
        if sembunyi {
            c.arg("-hide-annotations");
        }
        let out = c
            .arg(pdf)
            .arg(&awal)
            .output()
            .expect("pdftoppm harus terpasang");
        assert!(out.status.success());
        std::fs::read(awal.with_extension("png")).unwrap()
    };
    assert!(
        render("dengan", false) == render("tanpa", true),
        "bidang tanda tangan kosong tercetak di halaman {hal}"
    );
}

/// PDF/UA-1: the widget is reachable from the structure tree as a `/Form`
/// element with an `/OBJR` kid, through its `/StructParent` entry in the
/// parent tree, and that element is a kid of its parent; the page tabs in
/// structure order. Returns the Form element's position among its
/// parent's kids and the number of kids.
fn widget_dalam_struktur(pdf: &Path) -> (usize, usize) {
    let doc = Document::load(pdf).unwrap();
    let katalog = doc.catalog().unwrap();
    let af = katalog.get(b"AcroForm").unwrap().as_dict().unwrap();
    let id_widget = af.get(b"Fields").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let widget = doc.get_dictionary(id_widget).unwrap();
    let kunci = widget.get(b"StructParent").unwrap().as_i64().unwrap();
    let akar = doc
        .get_dictionary(
            katalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    assert!(akar.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap() > kunci);
    let pohon = match akar.get(b"ParentTree").unwrap() {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let nums = pohon.get(b"Nums").unwrap().as_array().unwrap();
    let kunci_kunci: Vec<i64> = nums
        .iter()
        .step_by(2)
        .map(|k| k.as_i64().unwrap())
        .collect();
    assert!(kunci_kunci.windows(2).all(|w| w[0] < w[1]), "/Nums terurut");
    let i = kunci_kunci
        .iter()
        .position(|&k| k == kunci)
        .expect("kunci widget di /ParentTree");
    let id_form = nums[2 * i + 1].as_reference().unwrap();
    let form = doc.get_dictionary(id_form).unwrap();
    assert_eq!(form.get(b"S").unwrap().as_name().unwrap(), b"Form");
    let objr = form.get(b"K").unwrap().as_dict().unwrap();
    assert_eq!(objr.get(b"Type").unwrap().as_name().unwrap(), b"OBJR");
    assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), id_widget);
    let halaman = doc
        .get_dictionary(widget.get(b"P").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(halaman.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
    let induk = doc
        .get_dictionary(form.get(b"P").unwrap().as_reference().unwrap())
        .unwrap();
    let anak = induk.get(b"K").unwrap().as_array().unwrap();
    let letak = anak
        .iter()
        .position(|a| a.as_reference().ok() == Some(id_form))
        .expect("elemen Form anak induknya");
    (letak, anak.len())
}

#[test]
fn bidang_tanda_tangan_kosong_di_blok_penutup_dan_tidak_tercetak() {
    let dir = folder_sementara("bidang-penutup");
    let pdf = dir.join("laporan.pdf");
    bangun(&sampel(), &pdf).unwrap_or_else(|e| panic!("{e:?}"));
    let bidang = bidang_tanda_tangan(&pdf);
    assert_eq!(bidang.len(), 1, "tepat satu bidang tanda tangan");
    let b = &bidang[0];
    assert_eq!(b.nama, NAMA_BIDANG);
    assert!(!b.bertanda, "bidang belum ditandatangani");
    assert_eq!(b.flag, 4, "bidang dicetak (Print), tidak tersembunyi");
    assert!(b.tampilan_kosong, "tampilan bidang kosong");
    assert!(
        b.tu.starts_with("Tanda tangan elektronik KEPALA BADAN") && b.tu.ends_with("M.Si"),
        "{}",
        b.tu
    );
    let kata = kata_halaman(&pdf);
    let bab4 = halaman_dengan(&kata, 1, &["BAB", "IV"]);
    let hal_ttd = halaman_dengan(&kata, bab4, &["ALDY", "RAMADHAN,"]);
    assert_eq!(
        b.halaman, hal_ttd,
        "bidang di halaman blok tanda tangan BAB IV"
    );
    di_ruang_tanda_tangan(b, &kata[hal_ttd - 1]);
    cetak_tanpa_bekas(&pdf, hal_ttd, &dir);
    // In reading order after the signature block, before the Lampiran.
    let (letak, jumlah) = widget_dalam_struktur(&pdf);
    assert!(letak > 0 && letak + 1 < jumlah, "{letak} dari {jumlah}");

    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    let sig = pdfsig(&pdf);
    assert!(sig.contains("Signature Field Name: TTD_Pimpinan"), "{sig}");
    assert!(sig.contains("not signed"), "{sig}");

    // The same sources give the same bytes.
    let lagi = dir.join("lagi.pdf");
    bangun(&sampel(), &lagi).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&lagi).unwrap());
}

#[test]
fn tempat_tte_kata_pengantar_memindahkan_bidang() {
    let dir = salin_sampel("bidang-kata-pengantar");
    ubah_yaml(&dir, |v| {
        v["penandatanganan"]["tempat_tte"] = "kata_pengantar".into();
    });
    let pdf = folder_sementara("bidang-kata-pengantar-keluaran").join("laporan.pdf");
    bangun(&dir, &pdf).unwrap_or_else(|e| panic!("{e:?}"));
    let bidang = bidang_tanda_tangan(&pdf);
    assert_eq!(bidang.len(), 1);
    let kata = kata_halaman(&pdf);
    let kp = halaman_dengan(&kata, 1, &["KATA", "PENGANTAR"]);
    let hal_ttd = halaman_dengan(&kata, kp, &["ALDY", "RAMADHAN,"]);
    assert!(hal_ttd < halaman_dengan(&kata, 1, &["DAFTAR", "ISI"]));
    assert_eq!(bidang[0].halaman, hal_ttd);
    di_ruang_tanda_tangan(&bidang[0], &kata[hal_ttd - 1]);
    cetak_tanpa_bekas(&pdf, hal_ttd, pdf.parent().unwrap());
    widget_dalam_struktur(&pdf);
}

#[test]
fn tempat_tte_yang_tidak_dikenal_disebut_dengan_pilihannya() {
    let dir = salin_sampel("bidang-salah");
    ubah_yaml(&dir, |v| {
        v["penandatanganan"]["tempat_tte"] = "sampul".into();
    });
    let (_, lap) = lapkin::periksa(&masukan(&dir), &huruf());
    let teks = lap.to_string();
    assert!(teks.contains("penandatanganan.tempat_tte"), "{teks}");
    assert!(
        teks.contains("sampul") && teks.contains("kata_pengantar"),
        "{teks}"
    );
}

/// pdfsig and pyHanko both find `TTD_Pimpinan` filled with a valid,
/// untouched signature.
fn bidang_diterima_pdfsig_dan_pyhanko(bertanda: &Path) {
    let sig = pdfsig(bertanda);
    assert!(sig.contains("Signature Field Name: TTD_Pimpinan"), "{sig}");
    assert!(sig.contains("Signature is Valid"), "{sig}");
    let py = putusan_pyhanko_teks(bertanda);
    assert!(
        py.starts_with("TTD_Pimpinan utuh=True sah=True docmdp=True"),
        "{py}"
    );
}

/// pyHanko, standing in for a TTE application, signs the archived report
/// into `TTD_Pimpinan`; pyHanko, pdfsig and `lapkin verify` accept it.
#[test]
fn pyhanko_menandatangani_bidang_yang_ada() {
    let dir = folder_sementara("bidang-pyhanko");
    let (_, pdf) = versi_baru(arsip(&sampel(), &dir.join("arsip")));
    assert_eq!(
        bidang_tanda_tangan(&pdf).len(),
        1,
        "arsip juga memuat bidang"
    );
    let sert = sertifikat(&dir, "sert", "Drs. Penguji TTE", &[]);
    let bertanda: PathBuf = dir.join("bertanda.pdf");
    pyhanko_tandatangani(&pdf, &bertanda, NAMA_BIDANG, &sert, &[]);
    // Filled, not added: still one field, now signed, in the same place.
    let sebelum = &bidang_tanda_tangan(&pdf)[0];
    let bidang = bidang_tanda_tangan(&bertanda);
    assert_eq!(bidang.len(), 1, "pyHanko mengisi bidang yang ada");
    assert!(bidang[0].bertanda);
    assert_eq!(
        (bidang[0].halaman, bidang[0].rect),
        (sebelum.halaman, sebelum.rect)
    );

    bidang_diterima_pdfsig_dan_pyhanko(&bertanda);

    let putusan = lapkin::verifikasi::verifikasi(&bertanda, None, &akar().join("fonts"))
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(putusan.tanda_tangan.len(), 1);
    assert_eq!(putusan.tanda_tangan[0].bidang, NAMA_BIDANG);
    assert!(putusan.tanda_tangan[0].utuh);
    assert!(
        matches!(putusan.kesamaan, lapkin::verifikasi::Kesamaan::Sama { .. }),
        "{:?}",
        putusan.kesamaan
    );
    assert_eq!(putusan.kode_keluar(), 0, "{putusan:?}");
}

/// `lapkin sign` fills the same field with a visible stamp: the signer's
/// name, the head's NIP (the certificate names the head), the time in WIB,
/// in an embedded font; pdfsig, pyHanko and `lapkin verify` accept it.
#[test]
fn lapkin_sign_mengisi_bidang_dengan_cap_yang_terlihat() {
    let dir = folder_sementara("bidang-cap");
    let (_, pdf) = versi_baru(arsip(&sampel(), &dir.join("arsip")));
    let (kunci, sert, p12) = (
        dir.join("kunci.pem"),
        dir.join("sert.pem"),
        dir.join("id.p12"),
    );
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=MHD ALDY RAMADHAN/C=ID", "-keyout"])
        .arg(&kunci)
        .arg("-out")
        .arg(&sert)
        .output()
        .expect("openssl harus terpasang");
    assert!(out.status.success());
    let out = Command::new("openssl")
        .args(["pkcs12", "-export", "-passout", "pass:rahasia", "-inkey"])
        .arg(&kunci)
        .arg("-in")
        .arg(&sert)
        .arg("-out")
        .arg(&p12)
        .output()
        .unwrap();
    assert!(out.status.success());
    let bertanda = dir.join("bertanda.pdf");
    let sebelum = chrono::Utc::now();
    lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.clone(),
        keluaran: bertanda.clone(),
        p12,
        sandi: "rahasia".into(),
        masukan: sampel(),
        timpa: false,
    })
    .unwrap_or_else(|e| panic!("{e:?}"));

    let awal = &bidang_tanda_tangan(&pdf)[0];
    let bidang = bidang_tanda_tangan(&bertanda);
    assert_eq!(bidang.len(), 1, "bidang laporan diisi, bukan bidang baru");
    assert!(bidang[0].bertanda && !bidang[0].tampilan_kosong);
    assert_eq!(
        (bidang[0].halaman, bidang[0].rect),
        (awal.halaman, awal.rect)
    );

    // The stamp's text on the page, inside the field's rectangle.
    let kata = kata_halaman(&bertanda);
    let hal = &kata[awal.halaman - 1];
    let [x1, y1, x2, y2] = awal.rect;
    let di_cap: Vec<&str> = hal
        .iter()
        .filter(|k| k.x1 >= x1 && k.x2 <= x2 && k.y1 >= y1 - 1.0 && k.y2 <= y2 + 1.0)
        .map(|k| k.teks.as_str())
        .collect();
    let teks = di_cap.join(" ");
    let wib = (sebelum + chrono::Duration::hours(7))
        .format("%d-%m-%Y")
        .to_string();
    assert!(
        teks.starts_with(
            "Ditandatangani secara elektronik oleh MHD ALDY RAMADHAN NIP. 19780831 199703 1 002"
        ) && teks.contains(&wib)
            && teks.ends_with("WIB"),
        "{teks}"
    );
    // Outside the stamp the page reads as before.
    let lama = kata_halaman(&pdf);
    let luar = |h: &[Kata]| -> Vec<String> {
        h.iter()
            .filter(|k| !(k.x1 >= x1 && k.x2 <= x2 && k.y1 >= y1 - 1.0 && k.y2 <= y2 + 1.0))
            .map(|k| k.teks.clone())
            .collect()
    };
    assert_eq!(luar(hal), luar(&lama[awal.halaman - 1]));

    let fonts = Command::new("pdffonts").arg(&bertanda).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let cap = fonts
        .lines()
        .find(|l| l.contains("WinAnsi"))
        .unwrap_or_else(|| panic!("huruf cap: {fonts}"));
    assert!(cap.contains("yes"), "huruf cap tertanam: {cap}");
    assert!(
        fonts
            .lines()
            .skip(2)
            .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
        "semua huruf tertanam:\n{fonts}"
    );

    bidang_diterima_pdfsig_dan_pyhanko(&bertanda);
    let putusan = lapkin::verifikasi::verifikasi(&bertanda, None, &akar().join("fonts"))
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(putusan.kode_keluar(), 0, "{putusan}");
}
