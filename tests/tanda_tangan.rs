//! Signed reports and what may happen to them afterwards (issue 11): every
//! revision after a signature is judged by the PDF signature rules, and each
//! verdict is checked against pyHanko's difference analysis of the same file.
//!
//! Certificates are made at test time with openssl (no key is committed);
//! pyHanko stands in for the agency's TTE application, for an attacker, for a
//! service adding long-term validation data and for a timestamp authority.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tte::*;
use common::*;
use lapkin::arsip::{HasilArsip, OpsiArsip, arsipkan};
use lapkin::rantai::Rantai;
use lapkin::revisi::Tambahan;
use lapkin::verifikasi::{self, Putusan};

/// `openssl genpkey` options of the key types a TTE identity may carry.
const KUNCI_RSA: [&str; 4] = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
const KUNCI_P256: [&str; 4] = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
const KUNCI_P384: [&str; 4] = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];

/// An archived report in a fresh folder, and a signer's certificate.
fn siapkan(nama: &str) -> (PathBuf, PathBuf, (PathBuf, PathBuf)) {
    let dir = folder_sementara(nama);
    let pdf = match arsipkan(&OpsiArsip {
        masukan: sampel(),
        arsip: dir.join("arsip"),
        huruf: akar().join("fonts"),
    })
    .unwrap_or_else(|e| panic!("{e}"))
    {
        HasilArsip::Baru { pdf, .. } => pdf,
        HasilArsip::SudahAda { versi, .. } => panic!("seharusnya versi baru, bukan {versi}"),
    };
    let sert = sertifikat(&dir, "kepala", "Drs. Penguji TTE", &[]);
    (dir, pdf, sert)
}

fn lapkin_tandatangani(pdf: &Path, keluaran: &Path, p12: &Path) {
    tandatangani(pdf, keluaran, p12, false).unwrap_or_else(|e| panic!("{e}"));
}

/// One of `tests/alat/ubah_bertanda.py`'s incremental updates.
fn ubah(perintah: &str, masuk: &Path, keluar: &Path, lain: &[&Path]) {
    let alat = akar().join("tests/alat/ubah_bertanda.py");
    let mut args = vec![
        alat.as_os_str(),
        os(perintah),
        masuk.as_os_str(),
        keluar.as_os_str(),
    ];
    args.extend(lain.iter().map(|p| p.as_os_str()));
    berhasil(&jalankan("python3", &args), perintah);
}

/// pyHanko's verdict per signature: (field, intact, docmdp_ok), where
/// docmdp_ok is `None` when pyHanko does not judge it (document timestamps).
fn putusan_pyhanko(pdf: &Path) -> Vec<(String, bool, Option<bool>)> {
    putusan_pyhanko_teks(pdf)
        .lines()
        .map(|l| {
            let mut bagian = l.split(' ');
            let bidang = bagian.next().unwrap().to_string();
            let nilai = |k: &str| {
                l.split(' ')
                    .find_map(|b| b.strip_prefix(&format!("{k}=")))
                    .unwrap_or_else(|| panic!("{k} tidak ada: {l}"))
                    .to_string()
            };
            let docmdp = match nilai("docmdp").as_str() {
                "True" => Some(true),
                "False" => Some(false),
                _ => None,
            };
            (bidang, nilai("utuh") == "True", docmdp)
        })
        .collect()
}

fn verifikasi(pdf: &Path) -> Putusan {
    verifikasi::verifikasi(pdf, None, &akar().join("fonts")).unwrap_or_else(|e| panic!("{e:#}"))
}

/// `lapkin verify` as a user runs it: (exit code, stdout).
fn verify_cli(pdf: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(pdf)
        .arg("--huruf")
        .arg(akar().join("fonts"))
        .output()
        .unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn serangan_dua_tanda_tangan_ditolak_dengan_halaman_disebut() {
    let (dir, pdf, (kunci, sert)) = siapkan("ttd-serangan");
    let p12 = p12_legacy(&dir, &kunci, &sert);
    let bertanda = dir.join("bertanda.pdf");
    lapkin_tandatangani(&pdf, &bertanda, &p12);
    assert_eq!(verifikasi(&bertanda).kode_keluar(), verifikasi::KELUAR_SAH);

    // Page 1 replaced in an incremental update, then signed again with
    // anybody's self-signed certificate.
    let diganti = dir.join("diganti.pdf");
    ubah("ganti-halaman", &bertanda, &diganti, &[]);
    assert!(teks_pdf(&diganti).contains("Capaian kinerja 10 persen"));
    let penyerang = sertifikat(&dir, "penyerang", "Penyerang", &[]);
    let serangan = dir.join("serangan.pdf");
    pyhanko_tandatangani(&diganti, &serangan, "Serang", &penyerang, &[]);

    let h = verifikasi(&serangan);
    let teks = h.to_string();
    assert_eq!(h.tanda_tangan.len(), 2, "{teks}");
    assert!(h.tanda_tangan.iter().all(|t| t.utuh), "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_DIUBAH, "{teks}");
    assert!(teks.contains("DIUBAH SETELAH DITANDATANGANI"), "{teks}");
    assert!(
        // lapkin signs into the report's own field (lapkin::bidang).
        teks.contains("setelah tanda tangan 1 (bidang \"TTD_Pimpinan\")"),
        "{teks}"
    );
    assert!(teks.contains("dokumen diubah pada halaman 1 "), "{teks}");
    assert!(
        teks.contains("ditandatangani oleh tanda tangan 2 (bidang \"Serang\")"),
        "{teks}"
    );
    // The page object itself is named, with the keys that changed.
    let diubah: Vec<_> = h.revisi.iter().flat_map(|r| &r.perubahan).collect();
    assert!(
        diubah.iter().any(|p| p.jenis == "halaman"
            && p.halaman == [1]
            && p.keterangan.contains("/Contents")),
        "{teks}"
    );
    // The second signature itself is an allowed addition.
    assert!(
        h.revisi
            .iter()
            .any(|r| r.tambahan.contains(&Tambahan::TandaTangan {
                bidang: "Serang".into()
            })),
        "{teks}"
    );

    // pyHanko agrees: the first signature's document was modified.
    let py = putusan_pyhanko(&serangan);
    assert_eq!(py.len(), 2, "{py:?}");
    assert_eq!(py[0].0, "TTD_Pimpinan");
    assert_eq!(py[0].2, Some(false), "pyHanko: {py:?}");

    let (kode, keluaran) = verify_cli(&serangan);
    assert_eq!(kode, Some(verifikasi::KELUAR_DIUBAH.into()), "{keluaran}");
    assert!(keluaran.contains("halaman 1"), "{keluaran}");
}

#[test]
fn anotasi_setelah_tanda_tangan_ditolak() {
    let (dir, pdf, sert) = siapkan("ttd-anotasi");
    let bertanda = dir.join("bertanda.pdf");
    pyhanko_tandatangani(&pdf, &bertanda, "TTE1", &sert, &[]);
    let dianotasi = dir.join("dianotasi.pdf");
    ubah("anotasi", &bertanda, &dianotasi, &[]);

    let h = verifikasi(&dianotasi);
    let teks = h.to_string();
    assert!(h.tanda_tangan[0].utuh, "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_DITAMBAH, "{teks}");
    assert!(
        teks.contains("DITAMBAH: setelah tanda tangan 1 (bidang \"TTE1\")"),
        "{teks}"
    );
    assert!(teks.contains("anotasi /Text; halaman 1"), "{teks}");
    assert_eq!(putusan_pyhanko(&dianotasi)[0].2, Some(false));
    assert_eq!(
        verify_cli(&dianotasi).0,
        Some(verifikasi::KELUAR_DITAMBAH.into())
    );

    // Signing over the annotation does not make it acceptable.
    let lagi = dir.join("dianotasi-ditandatangani.pdf");
    pyhanko_tandatangani(&dianotasi, &lagi, "TTE2", &sert, &[]);
    let h = verifikasi(&lagi);
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_DIUBAH, "{h}");
    assert_eq!(putusan_pyhanko(&lagi)[0].2, Some(false));
}

fn dss_diterima(bertanda: &Path, dengan_dss: &Path, sert: &Path) {
    ubah("dss", bertanda, dengan_dss, &[sert]);
    let h = verifikasi(dengan_dss);
    let teks = h.to_string();
    assert!(h.ditambah > 0, "{teks}");
    assert!(
        h.revisi
            .iter()
            .any(|r| r.tambahan.contains(&Tambahan::DataValidasi)),
        "{teks}"
    );
    assert!(h.revisi.iter().all(|r| r.perubahan.is_empty()), "{teks}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH, "{teks}");
    assert!(teks.contains("data validasi jangka panjang"), "{teks}");
    let py = putusan_pyhanko(dengan_dss);
    assert_eq!(py[0].2, Some(true), "pyHanko: {py:?}");
    let (kode, keluaran) = verify_cli(dengan_dss);
    assert_eq!(kode, Some(0), "{keluaran}");
}

#[test]
fn data_validasi_setelah_tanda_tangan_pyhanko_diterima() {
    let (dir, pdf, sert) = siapkan("ttd-dss-pyhanko");
    let bertanda = dir.join("bertanda.pdf");
    pyhanko_tandatangani(&pdf, &bertanda, "TTE1", &sert, &[]);
    dss_diterima(&bertanda, &dir.join("dss.pdf"), &sert.1);
}

#[test]
fn data_validasi_setelah_tanda_tangan_lapkin_diterima() {
    let (dir, pdf, (kunci, sert)) = siapkan("ttd-dss-lapkin");
    let p12 = p12_legacy(&dir, &kunci, &sert);
    let bertanda = dir.join("bertanda.pdf");
    lapkin_tandatangani(&pdf, &bertanda, &p12);
    dss_diterima(&bertanda, &dir.join("dss.pdf"), &sert);
}

#[test]
fn cap_waktu_dokumen_setelah_tanda_tangan_diterima_sebagai_revisi() {
    let (dir, pdf, sert) = siapkan("ttd-cap-waktu");
    let bertanda = dir.join("bertanda.pdf");
    pyhanko_tandatangani(&pdf, &bertanda, "TTE1", &sert, &[]);
    let (tsa_kunci, tsa) = sertifikat(
        &dir,
        "tsa",
        "TSA Uji",
        &["extendedKeyUsage=critical,timeStamping"],
    );
    let dicap = dir.join("dicap.pdf");
    ubah("cap-waktu", &bertanda, &dicap, &[&tsa, &tsa_kunci]);

    let h = verifikasi(&dicap);
    let teks = h.to_string();
    assert_eq!(h.tanda_tangan.len(), 2, "{teks}");
    assert!(h.tanda_tangan[1].cap_waktu, "{teks}");
    assert!(teks.contains("cap waktu dokumen 2"), "{teks}");
    assert!(
        h.revisi.iter().any(|r| r
            .tambahan
            .iter()
            .any(|t| matches!(t, Tambahan::CapWaktu { .. }))),
        "{teks}"
    );
    assert!(h.revisi.iter().all(|r| r.perubahan.is_empty()), "{teks}");
    assert!(h.tanda_tangan[0].utuh, "{teks}");
    let py = putusan_pyhanko(&dicap);
    assert_eq!(py[0].2, Some(true), "pyHanko: {py:?}");
    assert!(py[1].1, "pyHanko: {py:?}");
    // The TSA signs with plain rsaEncryption (as pyHanko's does): lapkin
    // checks that signature itself, so the timestamp is intact and the
    // whole file verifies, as pyHanko says.
    assert!(h.tanda_tangan[1].utuh, "{teks}");
    assert_eq!(h.kode_keluar(), 0, "{teks}");

    // One byte changed inside what only the timestamp covers: broken.
    let mut isi = std::fs::read(&dicap).unwrap();
    let akhir_ttd1 = h.tanda_tangan[0].akhir();
    let [_, b, _, _] = h.tanda_tangan[1].rentang;
    let i = (akhir_ttd1..b)
        .find(|&i| isi[i] == b'0')
        .expect("digit in the timestamp's revision");
    isi[i] = b'1';
    let rusak = dir.join("dicap-rusak.pdf");
    std::fs::write(&rusak, isi).unwrap();
    let h2 = verifikasi(&rusak);
    assert!(!h2.tanda_tangan[1].utuh, "{h2}");
    assert_eq!(h2.kode_keluar(), 3, "{h2}");
}

// ---------------------------------------------------------------------------
// `lapkin sign` with the certificates offices really have.

/// A key of `jenis` (`-newkey` value, or `ed25519`) with a self-signed
/// certificate, exported as PKCS#12 (password "rahasia") with OpenSSL 3's
/// defaults (PBES2, AES-256-CBC, PBKDF2, HMAC-SHA-256) or `-legacy` (3DES,
/// SHA-1 MAC): (p12, cert.pem).
fn identitas(dir: &Path, nama: &str, jenis: &[&str], legacy: bool) -> (PathBuf, PathBuf) {
    let (k, c, p) = (
        dir.join(format!("{nama}-kunci.pem")),
        dir.join(format!("{nama}.pem")),
        dir.join(format!("{nama}.p12")),
    );
    let mut args = vec![os("genpkey")];
    args.extend(jenis.iter().map(os));
    args.extend([os("-out"), k.as_os_str()]);
    berhasil(&jalankan("openssl", &args), "openssl genpkey");
    berhasil(
        &jalankan(
            "openssl",
            &[
                os("req"),
                os("-x509"),
                os("-key"),
                k.as_os_str(),
                os("-days"),
                os("2"),
                os("-subj"),
                os("/CN=Drs. Penguji TTE/C=ID"),
                os("-out"),
                c.as_os_str(),
            ],
        ),
        "openssl req",
    );
    let mut args = vec![
        os("pkcs12"),
        os("-export"),
        os("-inkey"),
        k.as_os_str(),
        os("-in"),
        c.as_os_str(),
        os("-out"),
        p.as_os_str(),
        os("-passout"),
        os("pass:rahasia"),
    ];
    if legacy {
        args.push(os("-legacy"));
    }
    berhasil(&jalankan("openssl", &args), "openssl pkcs12");
    (p, c)
}

fn tandatangani(
    pdf: &Path,
    keluaran: &Path,
    p12: &Path,
    timpa: bool,
) -> Result<usize, lapkin::Gagal> {
    lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.to_path_buf(),
        keluaran: keluaran.to_path_buf(),
        p12: p12.to_path_buf(),
        sandi: "rahasia".into(),
        masukan: sampel(),
        timpa,
    })
}

#[test]
fn p12_openssl3_dan_legacy_dengan_rsa_dan_ec_sah_menurut_pdfsig_dan_pyhanko() {
    let (dir, pdf, _) = siapkan("ttd-p12");
    for (nama, jenis, legacy) in [
        ("rsa-aes", &KUNCI_RSA[..], false),
        ("rsa-legacy", &KUNCI_RSA[..], true),
        ("p256-aes", &KUNCI_P256[..], false),
        ("p256-legacy", &KUNCI_P256[..], true),
        ("p384-aes", &KUNCI_P384[..], false),
    ] {
        let (p12, sert) = identitas(&dir, nama, jenis, legacy);
        let bertanda = dir.join(format!("bertanda-{nama}.pdf"));
        tandatangani(&pdf, &bertanda, &p12, false).unwrap_or_else(|e| panic!("{nama}: {e}"));

        let s = pdfsig(&bertanda);
        assert!(
            s.contains("Signature Validation: Signature is Valid."),
            "{nama}: {s}"
        );
        // The signer's name and the signing time, as a PDF reader's
        // signature panel shows them (/Name and /M).
        assert!(
            s.contains("Signer Certificate Common Name: Drs. Penguji TTE"),
            "{nama}: {s}"
        );
        // pdfsig prints the time in the machine's zone.
        let hari_ini = chrono::Local::now().format("%b %d %Y").to_string();
        assert!(
            s.lines()
                .any(|l| l.contains("Signing Time:") && l.contains(&hari_ini)),
            "{nama}: waktu penandatanganan {hari_ini} tidak ada: {s}"
        );
        let kamus = String::from_utf8_lossy(&std::fs::read(&bertanda).unwrap()).into_owned();
        let tanggal = chrono::Utc::now().format("/M (D:%Y%m%d").to_string();
        assert!(
            kamus.contains("/Name (Drs. Penguji TTE)") && kamus.contains(&tanggal),
            "{nama}: /Name atau /M tidak ada di kamus tanda tangan"
        );

        let (_, s) = pyhanko_validasi(&sert, &bertanda);
        assert!(s.contains(":INTACT:TRUSTED,UNTOUCHED"), "{nama}: {s}");

        let h = verifikasi(&bertanda);
        assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH, "{nama}: {h}");
    }
}

#[test]
fn kunci_tidak_didukung_dan_sandi_salah_ditolak_sebelum_menulis() {
    let (dir, pdf, _) = siapkan("ttd-kunci-lain");
    let (p12, _) = identitas(&dir, "ed25519", &["-algorithm", "ED25519"], false);
    let keluaran = dir.join("bertanda.pdf");
    let e = tandatangani(&pdf, &keluaran, &p12, false).expect_err("Ed25519 seharusnya ditolak");
    let e = e.to_string();
    assert!(e.contains("jenis kunci tidak didukung (Ed25519)"), "{e}");
    assert!(e.contains("RSA, EC P-256 atau EC P-384"), "{e}");
    assert!(!keluaran.exists(), "berkas ditulis walau kunci ditolak");

    let (p12, _) = identitas(&dir, "rsa", &["-algorithm", "RSA"], false);
    let e = lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.clone(),
        keluaran: keluaran.clone(),
        p12,
        sandi: "salah".into(),
        masukan: sampel(),
        timpa: false,
    })
    .expect_err("kata sandi salah seharusnya gagal")
    .to_string();
    assert!(e.contains("kata sandi tidak cocok"), "{e}");
    assert!(!keluaran.exists());
}

#[test]
fn keluaran_yang_ada_tidak_ditimpa_tanpa_timpa() {
    let (dir, pdf, _) = siapkan("ttd-timpa");
    let (p12, _) = identitas(&dir, "rsa", &["-algorithm", "RSA"], false);
    let keluaran = dir.join("bertanda.pdf");
    tandatangani(&pdf, &keluaran, &p12, false).unwrap_or_else(|e| panic!("{e}"));
    let pertama = std::fs::read(&keluaran).unwrap();

    let e = tandatangani(&pdf, &keluaran, &p12, false)
        .expect_err("keluaran yang ada seharusnya tidak ditimpa")
        .to_string();
    assert!(
        e.contains("sudah ada dan tidak ditimpa") && e.contains("--timpa"),
        "{e}"
    );
    assert_eq!(std::fs::read(&keluaran).unwrap(), pertama);

    // The command line says the same, with exit code 1.
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("sign")
        .arg(&pdf)
        .arg("--p12")
        .arg(dir.join("rsa.p12"))
        .arg("--keluaran")
        .arg(&keluaran)
        .arg("--masukan")
        .arg(sampel())
        .env("LAPKIN_P12_PASSWORD", "rahasia")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--timpa"));
    assert_eq!(std::fs::read(&keluaran).unwrap(), pertama);

    // Asked for: replaced (signed with another certificate, so other bytes;
    // the same key within the same second would give the same bytes).
    let (p12_lain, _) = identitas(&dir, "rsa-lain", &["-algorithm", "RSA"], false);
    tandatangani(&pdf, &keluaran, &p12_lain, true).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        std::fs::read(&keluaran).unwrap() != pertama,
        "berkas tidak diganti"
    );
    assert_eq!(verifikasi(&keluaran).kode_keluar(), verifikasi::KELUAR_SAH);
}

// ---------------------------------------------------------------------------
// `verify --akar`: the signer's chain to a root the user supplies.

/// A certificate `<nama>.pem` (key `<nama>-kunci.pem`, `-newkey` value
/// `kunci`) for `cn`, issued by `penerbit` (cert, key) with the extensions
/// `ekstensi` (lines of an OpenSSL extension section), or self-signed when
/// `penerbit` is `None`.
fn terbitkan(
    dir: &Path,
    nama: &str,
    cn: &str,
    kunci: &[&str],
    penerbit: Option<(&Path, &Path)>,
    ekstensi: &str,
) -> (PathBuf, PathBuf) {
    let (k, c, csr, ext) = (
        dir.join(format!("{nama}-kunci.pem")),
        dir.join(format!("{nama}.pem")),
        dir.join(format!("{nama}.csr")),
        dir.join(format!("{nama}.ext")),
    );
    std::fs::write(&ext, format!("[v3]\n{ekstensi}\n")).unwrap();
    let subj = format!("/CN={cn}/C=ID");
    let mut args = vec![os("req"), os("-new"), os("-newkey")];
    args.extend(kunci.iter().map(os));
    args.extend([
        os("-nodes"),
        os("-subj"),
        os(&subj),
        os("-keyout"),
        k.as_os_str(),
        os("-out"),
        csr.as_os_str(),
    ]);
    berhasil(&jalankan("openssl", &args), "openssl req");
    let mut args = vec![
        os("x509"),
        os("-req"),
        os("-in"),
        csr.as_os_str(),
        os("-days"),
        os("2"),
        os("-extfile"),
        ext.as_os_str(),
        os("-extensions"),
        os("v3"),
        os("-set_serial"),
        os("7"),
        os("-out"),
        c.as_os_str(),
    ];
    match penerbit {
        Some((pc, pk)) => args.extend([os("-CA"), pc.as_os_str(), os("-CAkey"), pk.as_os_str()]),
        None => args.extend([os("-signkey"), k.as_os_str()]),
    }
    berhasil(&jalankan("openssl", &args), "openssl x509 -req");
    (c, k)
}

/// Root (RSA) → intermediate (EC P-256) → signer (EC P-384, key usage
/// `penggunaan`), the signer's .p12 carrying the intermediate:
/// (root.pem, signer.p12).
fn rantai_uji(dir: &Path, nama: &str, penggunaan: &str) -> (PathBuf, PathBuf) {
    const CA: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign";
    let (akar, akar_k) = terbitkan(
        dir,
        &format!("{nama}-akar"),
        "Akar Uji",
        &["rsa:2048"],
        None,
        CA,
    );
    let (antara, antara_k) = terbitkan(
        dir,
        &format!("{nama}-antara"),
        "CA Antara Uji",
        &["ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        Some((&akar, &akar_k)),
        CA,
    );
    let (daun, daun_k) = terbitkan(
        dir,
        &format!("{nama}-daun"),
        "Drs. Penguji TTE",
        &["ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        Some((&antara, &antara_k)),
        &format!("basicConstraints=CA:FALSE\nkeyUsage=critical,{penggunaan}"),
    );
    let p12 = dir.join(format!("{nama}.p12"));
    berhasil(
        &jalankan(
            "openssl",
            &[
                os("pkcs12"),
                os("-export"),
                os("-inkey"),
                daun_k.as_os_str(),
                os("-in"),
                daun.as_os_str(),
                os("-certfile"),
                antara.as_os_str(),
                os("-out"),
                p12.as_os_str(),
                os("-passout"),
                os("pass:rahasia"),
            ],
        ),
        "openssl pkcs12",
    );
    (akar, p12)
}

fn verifikasi_akar(pdf: &Path, pem: &Path) -> Putusan {
    let akar_pem = lapkin::rantai::baca_akar(&std::fs::read(pem).unwrap()).unwrap();
    verifikasi::verifikasi_akar(pdf, None, &akar().join("fonts"), Some(&akar_pem))
        .unwrap_or_else(|e| panic!("{e:#}"))
}

/// The CMS of the last signature of `pdf`, cut to its DER length.
fn cms_terakhir(pdf: &[u8]) -> Vec<u8> {
    let teks = String::from_utf8_lossy(pdf);
    let i = teks.rfind("/Contents <").unwrap() + "/Contents <".len();
    let j = i + teks[i..].find('>').unwrap();
    let hex = &teks[i..j];
    let b: Vec<u8> = (0..hex.len() / 2)
        .map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap())
        .collect();
    assert_eq!(
        &b[..2],
        &[0x30, 0x82],
        "CMS diawali SEQUENCE panjang dua bita"
    );
    let n = u16::from_be_bytes([b[2], b[3]]) as usize + 4;
    b[..n].to_vec()
}

#[test]
fn rantai_ke_akar_yang_diberikan_diperiksa_tanpa_jaringan() {
    let (dir, pdf, _) = siapkan("ttd-akar");
    let (akar_pem, p12) = rantai_uji(&dir, "baik", "digitalSignature,nonRepudiation");
    let bertanda = dir.join("bertanda.pdf");
    lapkin_tandatangani(&pdf, &bertanda, &p12);

    // Without --akar: said not to be checked.
    let h = verifikasi(&bertanda);
    assert_eq!(h.tanda_tangan[0].rantai, Rantai::TidakDiperiksa);
    assert!(
        h.to_string().contains("rantai sertifikat tidak diperiksa"),
        "{h}"
    );
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH);

    // With the root: signer ← intermediate ← root, exit 0.
    let h = verifikasi_akar(&bertanda, &akar_pem);
    match &h.tanda_tangan[0].rantai {
        Rantai::Sah { sertifikat } => {
            assert_eq!(sertifikat.len(), 3, "{sertifikat:?}");
            assert!(sertifikat[0].contains("Drs. Penguji TTE"), "{sertifikat:?}");
            assert!(sertifikat[1].contains("CA Antara Uji"), "{sertifikat:?}");
            assert!(sertifikat[2].contains("Akar Uji"), "{sertifikat:?}");
        }
        r => panic!("rantai seharusnya sah: {r:?}\n{h}"),
    }
    assert!(h.to_string().contains("RANTAI SAH"), "{h}");
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_SAH, "{h}");
    // The root as providers publish it: one DER .cer file.
    let cer = dir.join("akar.cer");
    berhasil(
        &jalankan(
            "openssl",
            &[
                os("x509"),
                os("-in"),
                akar_pem.as_os_str(),
                os("-outform"),
                os("der"),
                os("-out"),
                cer.as_os_str(),
            ],
        ),
        "openssl x509 -outform der",
    );
    let h = verifikasi_akar(&bertanda, &cer);
    assert!(
        matches!(h.tanda_tangan[0].rantai, Rantai::Sah { .. }),
        "{h}"
    );

    // Another root (same name, other key): refused, exit 8, on the command line too.
    let lain = dir.join("lain");
    std::fs::create_dir_all(&lain).unwrap();
    let (akar_lain, _) = rantai_uji(&lain, "lain", "digitalSignature");
    let h = verifikasi_akar(&bertanda, &akar_lain);
    assert!(
        matches!(&h.tanda_tangan[0].rantai, Rantai::Gagal { alasan } if alasan.contains("CA Antara Uji")),
        "{h}"
    );
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_RANTAI, "{h}");
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&bertanda)
        .arg("--huruf")
        .arg(akar().join("fonts"))
        .arg("--akar")
        .arg(&akar_lain)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(8), "{s}");
    assert!(s.contains("RANTAI TIDAK SAH"), "{s}");
    // The same verdict as JSON for archive systems.
    let out = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .arg("verify")
        .arg(&bertanda)
        .arg("--huruf")
        .arg(akar().join("fonts"))
        .arg("--akar")
        .arg(&akar_lain)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kode_keluar"], 8);
    assert_eq!(v["tanda_tangan"][0]["rantai"]["hasil"], "gagal", "{v}");

    // The signer's own certificate given as the root: trusted as such.
    let daun = dir.join("baik-daun.pem");
    let h = verifikasi_akar(&bertanda, &daun);
    assert!(
        matches!(&h.tanda_tangan[0].rantai, Rantai::Sah { sertifikat } if sertifikat.len() == 1 && sertifikat[0].ends_with("(akar)")),
        "{h}"
    );

    // Judged at the signing time: the same signature claimed three years
    // later falls outside the certificates' validity.
    let cms = cms_terakhir(&std::fs::read(&bertanda).unwrap());
    let akar_sah = lapkin::rantai::baca_akar(&std::fs::read(&akar_pem).unwrap()).unwrap();
    let kini = chrono::Utc::now().timestamp();
    assert!(matches!(
        lapkin::rantai::periksa(&cms, &akar_sah, kini),
        Rantai::Sah { .. }
    ));
    match lapkin::rantai::periksa(&cms, &akar_sah, kini + 3 * 365 * 86400) {
        Rantai::Gagal { alasan } => assert!(
            alasan.contains("tidak berlaku pada waktu penandatanganan"),
            "{alasan}"
        ),
        r => panic!("seharusnya kedaluwarsa: {r:?}"),
    }
}

#[test]
fn sertifikat_yang_bukan_untuk_tanda_tangan_ditolak_rantainya() {
    let (dir, pdf, _) = siapkan("ttd-akar-ku");
    let (akar_pem, p12) = rantai_uji(&dir, "ku", "keyEncipherment");
    let bertanda = dir.join("bertanda.pdf");
    lapkin_tandatangani(&pdf, &bertanda, &p12);
    let h = verifikasi_akar(&bertanda, &akar_pem);
    assert!(
        matches!(&h.tanda_tangan[0].rantai, Rantai::Gagal { alasan } if alasan.contains("digitalSignature")),
        "{h}"
    );
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_RANTAI);
}

#[test]
fn tempat_bukan_ascii_ditulis_sebagai_teks_pdf_dan_dibaca_kembali() {
    let (dir, pdf, _) = siapkan("ttd-utf16");
    let masukan = salin_sampel("ttd-utf16-masukan");
    let yaml = masukan.join("lapkin.yaml");
    let isi = std::fs::read_to_string(&yaml).unwrap();
    assert!(isi.contains("  tempat: Talawi\n"));
    std::fs::write(
        &yaml,
        isi.replace("  tempat: Talawi\n", "  tempat: Talawi — Batu Bara\n"),
    )
    .unwrap();
    let (p12, _) = identitas(&dir, "rsa", &["-algorithm", "RSA"], false);
    let bertanda = dir.join("bertanda.pdf");
    lapkin::tanda_tangan::tandatangani(&lapkin::tanda_tangan::OpsiTandaTangan {
        pdf: pdf.clone(),
        keluaran: bertanda.clone(),
        p12,
        sandi: "rahasia".into(),
        masukan,
        timpa: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // A PDF text string: UTF-16BE with its byte order mark, not UTF-8 bytes.
    let b = String::from_utf8_lossy(&std::fs::read(&bertanda).unwrap()).into_owned();
    assert!(
        b.contains("/Location <FEFF"),
        "tempat tidak ditulis UTF-16BE"
    );
    let s = pdfsig(&bertanda);
    assert!(s.contains("Signature is Valid."), "{s}");
    let h = verifikasi(&bertanda);
    assert_eq!(
        h.tanda_tangan[0].tempat.as_deref(),
        Some("Talawi — Batu Bara"),
        "{h}"
    );
    assert!(h.to_string().contains("tempat: Talawi — Batu Bara"), "{h}");
}

// ---------------------------------------------------------------------------
// lapkin's own CMS and incremental writer (no signing library).

/// A one-page PDF (written by lopdf, classic cross-reference table) with an
/// unsigned signature field "TTD Kepala" whose widget sits on page 1, as
/// `build` places one in the head's signature block.
fn pdf_dengan_bidang_kosong() -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let halaman_id = doc.new_object_id();
    let pages_id = doc.new_object_id();
    let isi = doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf 72 720 Td (Laporan uji) Tj ET".to_vec(),
    ));
    let huruf = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let bidang = doc.add_object(dictionary! {
        "FT" => "Sig",
        "T" => Object::string_literal("TTD Kepala"),
        "Type" => "Annot",
        "Subtype" => "Widget",
        "Rect" => vec![100.into(), 100.into(), 300.into(), 160.into()],
        "F" => 4,
        "P" => halaman_id,
    });
    doc.objects.insert(
        halaman_id,
        Object::Dictionary(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => isi,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => huruf } },
            "Annots" => vec![bidang.into()],
        }),
    );
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![halaman_id.into()], "Count" => 1,
        }),
    );
    let af = doc.add_object(dictionary! { "Fields" => vec![bidang.into()] });
    let katalog = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "AcroForm" => af,
    });
    doc.trailer.set("Root", katalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn bidang_tanda_tangan_kosong_diisi_bukan_ditambah() {
    let (dir, _, _) = siapkan("ttd-bidang-kosong");
    let asli = dir.join("berbidang.pdf");
    std::fs::write(&asli, pdf_dengan_bidang_kosong()).unwrap();
    let rsa = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
    let (p12, sert) = identitas(&dir, "kepala-bidang", &rsa, false);
    let bertanda = dir.join("berbidang-ttd.pdf");
    assert_eq!(
        tandatangani(&asli, &bertanda, &p12, false).unwrap_or_else(|e| panic!("{e}")),
        0
    );
    let isi = std::fs::read(&bertanda).unwrap();
    assert!(isi.starts_with(&std::fs::read(&asli).unwrap()));

    // The existing field got the signature; no second field was added.
    let doc = lopdf::Document::load_mem(&isi).unwrap();
    let bidang = verifikasi::bidang_tanda_tangan(&doc);
    assert_eq!(bidang.len(), 1, "{bidang:?}");
    assert_eq!(bidang[0].nama, "TTD Kepala");
    assert!(bidang[0].nilai.is_some());

    let s = pdfsig(&bertanda);
    assert!(s.contains("Signature is Valid."), "{s}");
    assert!(!s.contains("Signature #2"), "{s}");
    let (_, s) = pyhanko_validasi(&sert, &bertanda);
    assert!(
        s.contains("TTD Kepala:") && s.contains(":INTACT:TRUSTED,UNTOUCHED"),
        "{s}"
    );
    berhasil(
        &jalankan("qpdf", &[os("--check"), bertanda.as_os_str()]),
        "qpdf --check",
    );

    let h = verifikasi(&bertanda);
    assert_eq!(h.tanda_tangan.len(), 1, "{h}");
    assert_eq!(h.tanda_tangan[0].bidang, "TTD Kepala", "{h}");
    assert!(h.tanda_tangan[0].utuh, "{h}");
    assert!(h.revisi.iter().all(|r| r.perubahan.is_empty()), "{h}");
}

#[test]
fn bita_bertanda_yang_diubah_ditolak_lapkin_dan_pdfsig() {
    let (dir, pdf, _) = siapkan("ttd-diubah");
    let p384 = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];
    let (p12, _) = identitas(&dir, "p384", &p384, false);
    let bertanda = dir.join("bertanda.pdf");
    tandatangani(&pdf, &bertanda, &p12, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verifikasi(&bertanda).kode_keluar(), verifikasi::KELUAR_SAH);

    // One byte of the report (inside the first signed part) changed.
    let mut isi = std::fs::read(&bertanda).unwrap();
    let i = isi.len() / 3;
    isi[i] ^= 0x01;
    let rusak = dir.join("rusak.pdf");
    std::fs::write(&rusak, &isi).unwrap();
    let h = verifikasi(&rusak);
    assert!(!h.tanda_tangan[0].utuh, "{h}");
    assert!(
        h.tanda_tangan[0]
            .masalah
            .iter()
            .any(|m| m.contains("ringkasan (digest)")),
        "{h}"
    );
    assert_eq!(h.kode_keluar(), verifikasi::KELUAR_TTD_RUSAK, "{h}");
    let s = pdfsig(&rusak);
    assert!(!s.contains("Signature is Valid."), "{s}");
}

/// `openssl cms` checks lapkin's CMS, and lapkin checks OpenSSL's (RSA
/// PKCS#1 v1.5, RSA-PSS, ECDSA): two independent implementations agree.
#[test]
fn cms_lapkin_dan_openssl_saling_memeriksa() {
    use lapkin::cms_pdf::{self, KunciPenanda};
    let dir = folder_sementara("ttd-cms");
    let data = b"isi yang ditandatangani, dua bagian".to_vec();
    let (a, b) = data.split_at(10);
    let berkas_data = dir.join("data.bin");
    std::fs::write(&berkas_data, &data).unwrap();
    for (nama, jenis, pss) in [
        ("rsa", &KUNCI_RSA[..], false),
        ("rsa-pss", &KUNCI_RSA[..], true),
        ("p256", &KUNCI_P256[..], false),
        ("p384", &KUNCI_P384[..], false),
    ] {
        let (p12, sert) = identitas(&dir, nama, jenis, false);
        let kunci = dir.join(format!("{nama}-kunci.pem"));

        // lapkin's CMS, checked by OpenSSL and by lapkin.
        let penanda =
            lapkin::sertifikat::Penanda::dari_p12(&std::fs::read(&p12).unwrap(), "rahasia")
                .unwrap();
        let cms = cms_pdf::bangun_pades(&penanda, &penanda.ringkasan().hitung(&[a, b])).unwrap();
        let berkas_cms = dir.join(format!("{nama}.p7s"));
        std::fs::write(&berkas_cms, &cms).unwrap();
        let out = jalankan(
            "openssl",
            &[
                os("cms"),
                os("-verify"),
                os("-binary"),
                os("-inform"),
                os("DER"),
                os("-in"),
                berkas_cms.as_os_str(),
                os("-content"),
                berkas_data.as_os_str(),
                os("-CAfile"),
                sert.as_os_str(),
                os("-purpose"),
                os("any"),
                os("-out"),
                os("/dev/null"),
            ],
        );
        berhasil(&out, &format!("{nama}: openssl cms -verify"));
        let h = cms_pdf::periksa(&cms, &[a, b], false);
        assert!(h.sah(), "{nama}: {h:?}");
        assert!(h.penanda.unwrap().contains("Drs. Penguji TTE"));
        let h = cms_pdf::periksa(&cms, &[b, a], false);
        assert!(!h.ringkasan_cocok && !h.sah(), "{nama}: {h:?}");

        // OpenSSL's CMS (signed attributes, its own order), checked by lapkin.
        let dari_openssl = dir.join(format!("{nama}-openssl.p7s"));
        let mut args = vec![
            os("cms"),
            os("-sign"),
            os("-binary"),
            os("-in"),
            berkas_data.as_os_str(),
            os("-signer"),
            sert.as_os_str(),
            os("-inkey"),
            kunci.as_os_str(),
            os("-outform"),
            os("DER"),
            os("-out"),
            dari_openssl.as_os_str(),
            os("-md"),
            os(if nama == "p384" { "sha384" } else { "sha256" }),
        ];
        if pss {
            args.extend([os("-keyopt"), os("rsa_padding_mode:pss")]);
        }
        if nama == "p256" {
            // The signer named by subject key identifier, not issuer and serial.
            args.push(os("-keyid"));
        }
        berhasil(&jalankan("openssl", &args), "openssl cms -sign");
        let cms = std::fs::read(&dari_openssl).unwrap();
        // As in a PDF's /Contents: zero padding after the DER.
        let mut berpadding = cms.clone();
        berpadding.resize(cms.len() + 100, 0);
        let h = cms_pdf::periksa(&berpadding, &[&data], false);
        assert!(h.sah(), "{nama} (openssl): {h:?}");
        let mut lain = data.clone();
        lain[0] ^= 1;
        assert!(!cms_pdf::periksa(&cms, &[&lain], false).sah(), "{nama}");
        // A signature value with one bit changed is refused.
        let mut rusak = cms.clone();
        let n = rusak.len();
        rusak[n - 5] ^= 0x10;
        let h = cms_pdf::periksa(&rusak, &[&data], false);
        assert!(!h.sah(), "{nama} (tanda tangan diubah): {h:?}");
    }
}
