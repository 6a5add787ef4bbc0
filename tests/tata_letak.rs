//! Layout: the table of contents tells the truth, charts follow the data, and
//! captions are numbered without gaps or repeats.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Lower-case roman numerals, as Typst prints the front matter's page numbers.
fn romawi(mut n: usize) -> String {
    let mut out = String::new();
    for (v, s) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn baris(halaman: &str) -> Vec<&str> {
    halaman
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The printed label of every page: none for the cover, roman numerals from
/// the Kata Pengantar, arabic from BAB I.
fn label_halaman(halaman: &[String]) -> Vec<Option<String>> {
    let buka = |judul: &[&str]| {
        halaman
            .iter()
            .position(|h| baris(h).starts_with(judul))
            .unwrap_or_else(|| panic!("halaman {judul:?} tidak ditemukan"))
    };
    let depan = buka(&["KATA PENGANTAR"]);
    let isi = buka(&["BAB I", "PENDAHULUAN"]);
    (0..halaman.len())
        .map(|i| {
            if i < depan {
                None
            } else if i < isi {
                Some(romawi(i - depan + 1))
            } else {
                Some((i - isi + 1).to_string())
            }
        })
        .collect()
}

/// The entries of a list (Daftar Isi / Tabel / Gambar), over as many pages as
/// it takes: title and page label; an entry wrapped over two lines is joined.
fn entri(halaman: &[String], judul: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut mulai = false;
    let mut tunda = String::new();
    for h in halaman {
        let b = baris(h);
        let lewati = if b.first() == Some(&judul) {
            mulai = true;
            1
        } else if mulai && b.first().is_some_and(|l| l.to_uppercase() == *l) {
            // The next heading: the list has ended.
            break;
        } else {
            0
        };
        if !mulai {
            continue;
        }
        // The last line is the page footer.
        for l in &b[lewati..b.len().saturating_sub(1)] {
            let teks = if tunda.is_empty() {
                l.to_string()
            } else {
                format!("{tunda} {l}")
            };
            let (kiri, nomor) = teks.rsplit_once(' ').unwrap_or(("", &teks));
            let bernomor = !nomor.is_empty()
                && (nomor.chars().all(|c| c.is_ascii_digit())
                    || nomor.chars().all(|c| "ivxlcdm".contains(c)));
            if bernomor && kiri.trim_end().ends_with('.') {
                let t = kiri.trim_end_matches(['.', ' ']).to_string();
                out.push((t, nomor.to_string()));
                tunda.clear();
            } else {
                tunda = teks;
            }
        }
    }
    assert!(!out.is_empty(), "{judul}: tidak ada entri");
    out
}

fn bangun_sampel(nama: &str) -> std::path::PathBuf {
    let out = folder_sementara(nama).join("lapkin.pdf");
    bangun(&sampel(), &out).unwrap_or_else(|e| panic!("{e}"));
    out
}

#[test]
fn daftar_isi_menunjuk_halaman_yang_benar() {
    let pdf = bangun_sampel("daftar-isi");
    let halaman = halaman_tata_letak(&pdf);
    let label = label_halaman(&halaman);
    let isi = entri(&halaman, "DAFTAR ISI");
    assert!(isi.len() >= 20, "Daftar Isi terlalu pendek: {isi:?}");
    for (judul, nomor) in &isi {
        let i = label
            .iter()
            .position(|l| l.as_deref() == Some(nomor.as_str()))
            .unwrap_or_else(|| panic!("\"{judul}\": halaman {nomor} tidak ada"));
        let b = baris(&halaman[i]);
        // "BAB III Akuntabilitas Kinerja" is printed as "BAB III" over "AKUNTABILITAS KINERJA".
        let ada = match judul.split_once(' ') {
            Some(("BAB", rest)) => {
                let (bab, nama) = rest.split_once(' ').unwrap();
                b.windows(2)
                    .any(|w| w[0] == format!("BAB {bab}") && w[1] == nama.to_uppercase())
            }
            _ => b.iter().any(|l| l.to_uppercase() == judul.to_uppercase()),
        };
        assert!(
            ada,
            "Daftar Isi: \"{judul}\" pada halaman {nomor}, tetapi judul itu tidak ada di halaman tersebut:\n{}",
            halaman[i]
        );
    }
    // The chapters and the lists themselves are all listed.
    let judul: Vec<&str> = isi.iter().map(|(j, _)| j.as_str()).collect();
    for j in [
        "Kata Pengantar",
        "Daftar Tabel",
        "Daftar Gambar",
        "BAB I Pendahuluan",
        "BAB III Akuntabilitas Kinerja",
        "C. Akuntabilitas Keuangan",
        "Lampiran",
    ] {
        assert!(judul.contains(&j), "Daftar Isi tanpa \"{j}\": {judul:?}");
    }
}

/// Caption numbers in order of appearance: ("Tabel", "1", 1) …
fn nomor_judul(baris: &[&str], dengan_titik: bool) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for l in baris {
        for jenis in ["Tabel", "Gambar"] {
            let Some(rest) = l.strip_prefix(jenis).and_then(|r| r.strip_prefix(' ')) else {
                continue;
            };
            let Some((nomor, _)) = rest.split_once(' ') else {
                continue;
            };
            let nomor = if dengan_titik {
                match nomor.strip_suffix('.') {
                    Some(n) => n,
                    None => continue,
                }
            } else {
                nomor
            };
            let Some((bab, n)) = nomor.split_once('.') else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else {
                continue;
            };
            out.push((jenis.to_string(), bab.to_string(), n));
        }
    }
    out
}

fn tanpa_celah(urutan: &[(String, String, usize)], di_mana: &str) {
    let mut per_bab: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (jenis, bab, n) in urutan {
        per_bab
            .entry((jenis.clone(), bab.clone()))
            .or_default()
            .push(*n);
    }
    for ((jenis, bab), nomor) in &per_bab {
        let harap: Vec<usize> = (1..=nomor.len()).collect();
        assert_eq!(
            nomor, &harap,
            "{di_mana}: {jenis} {bab}.x bernomor {nomor:?}, seharusnya {harap:?}"
        );
    }
}

fn judul_badan(pdf: &Path) -> Vec<(String, String, usize)> {
    let halaman = halaman_tata_letak(pdf);
    let isi_mulai = halaman
        .iter()
        .position(|h| baris(h).starts_with(&["BAB I", "PENDAHULUAN"]))
        .unwrap();
    let semua: Vec<&str> = halaman[isi_mulai..].iter().flat_map(|h| baris(h)).collect();
    nomor_judul(&semua, true)
}

#[test]
fn judul_tabel_dan_gambar_bernomor_urut_per_bab() {
    let pdf = bangun_sampel("nomor-judul");
    let halaman = halaman_tata_letak(&pdf);
    let badan = judul_badan(&pdf);
    tanpa_celah(&badan, "isi laporan");
    let jenis = |j: &str| badan.iter().filter(|x| x.0 == j).count();
    assert!(jenis("Tabel") >= 10 && jenis("Gambar") >= 7, "{badan:?}");
    assert!(
        badan
            .iter()
            .any(|x| x == &("Gambar".to_string(), "1".to_string(), 1)),
        "Gambar 1.1 (struktur organisasi) tidak ada"
    );

    for (daftar, j) in [("DAFTAR TABEL", "Tabel"), ("DAFTAR GAMBAR", "Gambar")] {
        let e = entri(&halaman, daftar);
        let baris_daftar: Vec<String> = e.iter().map(|(t, _)| t.clone()).collect();
        let baris_daftar: Vec<&str> = baris_daftar.iter().map(String::as_str).collect();
        let di_daftar = nomor_judul(&baris_daftar, false);
        tanpa_celah(&di_daftar, daftar);
        let di_badan: Vec<_> = badan.iter().filter(|x| x.0 == j).cloned().collect();
        assert_eq!(
            di_daftar, di_badan,
            "{daftar} tidak sama dengan judul di isi laporan"
        );
    }
}

fn grafik_golongan(masukan: &Path) -> lapkin::grafik::GrafikV {
    let (ok, lap) = periksa(masukan);
    let t = ok.unwrap_or_else(|| panic!("{lap}")).tampilan;
    t.pegawai
        .iter()
        .find(|k| k.kunci == "golongan")
        .and_then(|k| k.grafik.clone())
        .expect("grafik golongan")
}

#[test]
fn sel_pegawai_berubah_grafik_berubah() {
    let awal = grafik_golongan(&sampel());
    let label = |g: &lapkin::grafik::GrafikV| -> Vec<String> {
        g.kategori
            .iter()
            .map(|k| format!("{}: {}", k.nama, k.batang[0].label))
            .collect()
    };
    assert_eq!(
        label(&awal),
        [
            "Golongan II: 4 (17,39%)",
            "Golongan III: 12 (52,17%)",
            "Golongan IV: 7 (30,43%)"
        ]
    );

    // Golongan III: 12 → 13 (row 3 of the sheet, column B).
    let dir = salin_sampel("grafik-golongan");
    ubah_buku(
        &dir,
        "pegawai.xlsx",
        &[("Golongan", 2, 1, Nilai::Angka(13.0))],
        &[],
    );
    let baru = grafik_golongan(&dir);
    assert_eq!(
        label(&baru),
        [
            "Golongan II: 4 (16,67%)",
            "Golongan III: 13 (54,17%)",
            "Golongan IV: 7 (29,17%)"
        ]
    );
    let panjang: Vec<f64> = baru.kategori.iter().map(|k| k.batang[0].panjang).collect();
    assert_eq!(panjang, [0.3077, 1.0, 0.5385]);

    // The generated Typst of BAB I draws the new figures.
    let (ok, _) = periksa(&dir);
    let sumber = ok.unwrap().sumber;
    // Without lapkin's soft hyphens (U+00AD), which sit inside every word.
    let bab1 = &sumber
        .iter()
        .find(|s| s.nama == "bab1.typ")
        .unwrap()
        .teks
        .replace('\u{ad}', "");
    let i = bab1
        .find("Berdasarkan Golongan], grafik-batang(")
        .expect("grafik golongan di bab1.typ");
    let grafik = &bab1[i..i + bab1[i..].find("\n)").unwrap()];
    assert!(
        grafik.contains(&format!(
            "(panjang: 1.0, label: [{}])",
            lapkin::escape::esc("13 (54,17%)")
        )),
        "{grafik}"
    );
    assert!(!grafik.contains("52,17"), "{grafik}");
}

#[test]
fn grafik_dihilangkan_bila_datanya_tidak_ada() {
    let dir = salin_sampel("tanpa-golongan");
    ubah_buku(&dir, "pegawai.xlsx", &[], &["Golongan"]);
    let (ok, lap) = periksa(&dir);
    let siap = ok.unwrap_or_else(|| panic!("{lap}"));
    assert!(siap.tampilan.pegawai.iter().all(|k| k.kunci != "golongan"));
    let sumber = siap.sumber;
    // Without lapkin's soft hyphens (U+00AD), which sit inside every word.
    let bab1 = &sumber
        .iter()
        .find(|s| s.nama == "bab1.typ")
        .unwrap()
        .teks
        .replace('\u{ad}', "");
    assert!(!bab1.contains("Berdasarkan Golongan"));
    assert!(bab1.contains("Berdasarkan Pendidikan], grafik-batang("));
}

/// The PDF's own structure, read by `qpdf --json`.
fn qpdf_json(pdf: &Path, kunci: &str) -> serde_json::Value {
    let out = std::process::Command::new("qpdf")
        .args(["--json", &format!("--json-key={kunci}")])
        .arg(pdf)
        .output()
        .expect("qpdf harus terpasang");
    assert!(out.status.success(), "qpdf gagal");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v[kunci].clone()
}

/// The label of every page according to the PDF's /PageLabels tree.
fn label_pdf(pdf: &Path, jumlah: usize) -> Vec<Option<String>> {
    let rentang = qpdf_json(pdf, "pagelabels");
    let rentang = rentang.as_array().expect("PDF tanpa /PageLabels");
    (0..jumlah)
        .map(|i| {
            let r = rentang
                .iter()
                .rev()
                .find(|r| r["index"].as_u64().unwrap() as usize <= i)?;
            let mulai = r["index"].as_u64().unwrap() as usize;
            let st = r["label"]["/St"].as_u64().unwrap_or(1) as usize;
            let n = st + (i - mulai);
            match r["label"]["/S"].as_str() {
                Some("/r") => Some(romawi(n)),
                Some("/D") => Some(n.to_string()),
                None => None,
                Some(s) => panic!("gaya label {s} tidak terduga"),
            }
        })
        .collect()
}

#[test]
fn label_halaman_dan_penanda_pdf() {
    let pdf = bangun_sampel("label-penanda");
    let halaman = halaman_tata_letak(&pdf);
    let jumlah = halaman.iter().filter(|h| !h.trim().is_empty()).count();
    // Roman numerals for the front matter, arabic from BAB I, as printed in the footers.
    assert_eq!(
        label_pdf(&pdf, jumlah),
        label_halaman(&halaman)[..jumlah].to_vec()
    );

    // A bookmark for every entry of the Daftar Isi, pointing at its page.
    let mut penanda = Vec::new();
    fn jelajah(v: &serde_json::Value, out: &mut Vec<(String, usize)>) {
        for o in v.as_array().unwrap() {
            out.push((
                o["title"].as_str().unwrap().to_string(),
                o["destpageposfrom1"].as_u64().unwrap() as usize,
            ));
            jelajah(&o["kids"], out);
        }
    }
    jelajah(&qpdf_json(&pdf, "outlines"), &mut penanda);
    let label = label_halaman(&halaman);
    for (judul, nomor) in entri(&halaman, "DAFTAR ISI") {
        let ada = penanda.iter().any(|(t, p)| {
            t.split_whitespace().collect::<Vec<_>>().join(" ") == judul
                && label[p - 1].as_deref() == Some(nomor.as_str())
        });
        assert!(
            ada,
            "tidak ada penanda PDF \"{judul}\" ke halaman {nomor}: {penanda:?}"
        );
    }
}

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="120" viewBox="0 0 100 120"><path d="M50 2 L96 20 L90 80 L50 118 L10 80 L4 20 Z" fill="#1f3b57"/><circle cx="50" cy="55" r="22" fill="#d9892b"/></svg>"##;

fn dengan_logo(nama: &str, berkas: &str, isi: &[u8]) -> std::path::PathBuf {
    let dir = salin_sampel(nama);
    std::fs::write(dir.join(berkas), isi).unwrap();
    let b = berkas.to_string();
    ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String(b);
    });
    dir
}

#[test]
fn logo_pada_sampul() {
    let dir = dengan_logo("logo", "lambang.svg", LOGO_SVG.as_bytes());
    let (ok, lap) = periksa(&dir);
    let sumber = ok.unwrap_or_else(|| panic!("{lap}")).sumber;
    let depan = &sumber.iter().find(|s| s.nama == "depan.typ").unwrap().teks;
    assert!(depan.contains("image(\"logo.svg\""), "{depan}");
    let pdf = dir.with_extension("lapkin.pdf");
    bangun(&dir, &pdf).unwrap_or_else(|e| panic!("{e}"));
    let tanpa = bangun_sampel("tanpa-logo");
    assert_ne!(
        std::fs::read(&pdf).unwrap().len(),
        std::fs::read(&tanpa).unwrap().len()
    );
}

#[test]
fn logo_yang_salah_dilaporkan_dengan_kuncinya() {
    for (berkas, isi, pesan) in [
        (
            "lambang.jpg",
            &b"\xff\xd8\xff"[..],
            "bukan berkas PNG atau SVG",
        ),
        ("lambang.png", &b"<svg/>"[..], "bukan gambar PNG"),
    ] {
        let dir = dengan_logo("logo-salah", berkas, isi);
        let (ok, lap) = periksa(&dir);
        assert!(ok.is_none());
        let teks = lap.to_string();
        assert!(
            teks.contains("instansi.logo") && teks.contains(pesan),
            "{teks}"
        );
    }
    // A logo that is not there.
    let dir = salin_sampel("logo-hilang");
    ubah_yaml(&dir, |v| {
        v["instansi"]["logo"] = serde_yaml_ng::Value::String("tidak-ada.png".into());
    });
    let teks = periksa(&dir).1.to_string();
    assert!(
        teks.contains("instansi.logo") && teks.contains("tidak ditemukan"),
        "{teks}"
    );
}

#[test]
fn nama_unit_berbahaya_tercetak_apa_adanya_di_bagan() {
    let dir = salin_sampel("bagan-berbahaya");
    // (A straight double quote would be set as a typographic one, like everywhere in the report.)
    let jahat = "Sekretaris ]) #panic(x) [*tebal*] $y$ <a> @b";
    ubah_yaml(&dir, |v| {
        v["instansi"]["struktur"]["bawahan"][0]["nama"] =
            serde_yaml_ng::Value::String(jahat.into());
    });
    let out = dir.with_extension("keluar.pdf");
    bangun(&dir, &out).unwrap_or_else(|e| panic!("{e}"));
    let teks = teks_pdf(&out);
    // The box wraps the name; pdftotext may read its lines apart.
    for potong in ["#panic(x)", "[*tebal*]", "$y$", "<a>", "@b"] {
        assert!(
            teks.contains(potong),
            "\"{potong}\" tidak tercetak apa adanya"
        );
    }
}
