//! Sign: a PAdES B-B signature with the agency's PKCS#12 certificate, added as
//! an incremental update (the signed PDF starts with the unsigned one, byte for
//! byte), written by lapkin's own incremental writer ([`crate::pembaruan`])
//! and CMS builder ([`crate::cms_pdf`]) with its key handling
//! ([`crate::sertifikat`]: OpenSSL 3 and legacy .p12 files, RSA and EC keys).
//! When the PDF already has an unsigned signature field (`/FT /Sig` without
//! `/V`, such as the one `build` places in the head's signature block), the
//! signature fills it; otherwise a new invisible field is added. An existing
//! output file is never replaced unless asked (`--timpa`).
//!
//! The reason and place come from `lapkin.yaml` (`pimpinan`,
//! `penandatanganan`); the signer's name (`/Name`) is the certificate's common
//! name, and `/M` the moment of signing, so PDF readers show both in their
//! signature panel. The CMS carries no signing time of its own: PAdES forbids
//! the signed `signingTime` attribute, RFC 5652 an unsigned one.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diag::Temuan;
use crate::pembaruan::teks_pdf;
use crate::sertifikat::{GagalP12, Penanda};
use crate::{Gagal, load};

/// The environment variable holding the PKCS#12 password.
pub const VAR_SANDI: &str = "LAPKIN_P12_PASSWORD";

/// What to sign, with what.
#[derive(Debug, Clone)]
pub struct OpsiTandaTangan {
    /// The PDF to sign (read only).
    pub pdf: PathBuf,
    /// Where to write the signed PDF; never the same file as `pdf`.
    pub keluaran: PathBuf,
    /// The PKCS#12 (.p12/.pfx) file with key and certificate.
    pub p12: PathBuf,
    /// Its password.
    pub sandi: String,
    /// The inputs folder whose `lapkin.yaml` names the signer, reason and place.
    pub masukan: PathBuf,
    /// Replace `keluaran` when it exists (`--timpa`); otherwise an existing
    /// file is never overwritten.
    pub timpa: bool,
}

/// The signed PDF path, default: `<nama>-ttd.pdf` beside the original.
pub fn keluaran_bawaan(pdf: &Path) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "laporan".into());
    pdf.with_file_name(format!("{stem}-ttd.pdf"))
}

/// Signs and writes the signed PDF (atomically). Returns the number of
/// signatures the PDF had before.
pub fn tandatangani(opsi: &OpsiTandaTangan) -> std::result::Result<usize, Gagal> {
    let masukan = crate::masukan::baca_folder_atau_galat(&opsi.masukan).map_err(Gagal::Data)?;
    let mut lap = Temuan::default();
    let Some(config) = load::baca_config(&masukan, &mut lap) else {
        return Err(Gagal::Data(lap));
    };
    let sama = match (opsi.pdf.canonicalize(), opsi.keluaran.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if sama {
        return Err(anyhow::anyhow!(
            "keluaran {} sama dengan PDF yang ditandatangani; sebutkan berkas lain dengan --keluaran",
            opsi.keluaran.display()
        )
        .into());
    }
    if !opsi.timpa && opsi.keluaran.exists() {
        return Err(anyhow::anyhow!(
            "{} sudah ada dan tidak ditimpa; sebutkan berkas lain dengan --keluaran, \
             atau tambahkan --timpa bila memang ingin menggantinya",
            opsi.keluaran.display()
        )
        .into());
    }
    let pdf = std::fs::read(&opsi.pdf)
        .with_context(|| format!("{} tidak dapat dibaca", opsi.pdf.display()))?;
    if !pdf.starts_with(b"%PDF-") {
        return Err(anyhow::anyhow!("{} bukan berkas PDF", opsi.pdf.display()).into());
    }
    let sebelumnya = lopdf::Document::load_mem(&pdf)
        .map(|d| {
            crate::verifikasi::bidang_tanda_tangan(&d)
                .iter()
                .filter(|b| b.nilai.is_some())
                .count()
        })
        .unwrap_or(0);
    let p12 = std::fs::read(&opsi.p12)
        .with_context(|| format!("sertifikat {} tidak dapat dibaca", opsi.p12.display()))?;
    let penanda = Penanda::dari_p12(&p12, &opsi.sandi).map_err(|e| {
        let saran = match e {
            GagalP12::SandiSalah => format!(
                "periksa kata sandi ({VAR_SANDI}, atau yang diketik): kata sandi dari penyedia sertifikat \
                 atau yang dipakai saat berkas diekspor"
            ),
            GagalP12::KunciTidakDidukung(_) => {
                "minta sertifikat dengan kunci RSA atau EC P-256/P-384 dari penyedia sertifikat".into()
            }
            _ => "ekspor ulang sertifikat beserta kunci privatnya ke berkas .p12/.pfx \
                  dari aplikasi penyedia sertifikat atau dari pengelola sertifikat Windows"
                .into(),
        };
        anyhow::anyhow!(
            "sertifikat {} tidak dapat dipakai: {e}\n  saran: {saran}; tidak ada berkas yang ditulis",
            opsi.p12.display()
        )
    })?;
    let alasan = format!(
        "Pengesahan {} {} Tahun {} oleh {}, {}",
        config.laporan.singkatan,
        config.instansi.singkatan,
        config.laporan.tahun,
        config.pimpinan.nama,
        config.pimpinan.jabatan
    );
    let waktu = chrono::Utc::now();
    let bertanda = tulis_tanda_tangan(
        &pdf,
        &penanda,
        &IsiTandaTangan {
            bidang: format!("TandaTanganLapkin{}", sebelumnya + 1),
            nama: penanda.nama(),
            waktu,
            alasan,
            tempat: config.penandatanganan.tempat.clone(),
            cap: crate::cap::IsiCap::untuk(penanda.nama(), &config.pimpinan, waktu),
        },
    )
    .map_err(|e| anyhow::anyhow!("penandatanganan gagal: {e}; tidak ada berkas yang ditulis"))?;
    if !bertanda.starts_with(&pdf) {
        return Err(anyhow::anyhow!(
            "penandatanganan tidak berupa pembaruan bertahap (isi asli berubah); PDF tidak ditulis"
        )
        .into());
    }
    crate::tulis_atomik(&opsi.keluaran, &bertanda)?;
    Ok(sebelumnya)
}

/// The password: from [`VAR_SANDI`], else asked on the terminal without echo.
pub fn sandi() -> Result<String> {
    if let Ok(s) = std::env::var(VAR_SANDI) {
        return Ok(s);
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        bail!(
            "kata sandi sertifikat tidak diberikan; isi variabel lingkungan {VAR_SANDI} \
             atau jalankan di terminal agar ditanyakan"
        );
    }
    rpassword::prompt_password("Kata sandi sertifikat (.p12): ")
        .context("kata sandi tidak dapat dibaca dari terminal")
}

/// What the signature dictionary says besides the signature itself.
struct IsiTandaTangan {
    /// The signature field's name (`/T`).
    bidang: String,
    /// The signer (`/Name`): the certificate's common name.
    nama: Option<String>,
    /// The signing time (`/M`).
    waktu: chrono::DateTime<chrono::Utc>,
    /// `/Reason`.
    alasan: String,
    /// `/Location`.
    tempat: String,
    /// The visible stamp, when the PDF has the report's signature field.
    cap: crate::cap::IsiCap,
}

/// Bytes reserved for the CMS SignedData in `/Contents` (hex doubles it).
const RUANG_CMS: usize = 16384;

/// Signs `pdf` with `penanda` as an incremental update: the first unsigned
/// signature field receives the signature (`/V`), or, when there is none, a
/// new signature field with its (invisible) widget on page 1 is added; a
/// `/Sig` dictionary with `/Filter /Adobe.PPKLite /SubFilter
/// /ETSI.CAdES.detached`, `/Name` and `/M` (so PDF readers show signer and
/// time), and a PAdES B-B CMS SignedData ([`crate::cms_pdf::bangun_pades`]:
/// content-type, message-digest and signing-certificate-v2 signed; the
/// claimed time only in `/M`).
fn tulis_tanda_tangan(
    pdf: &[u8],
    penanda: &Penanda,
    isi: &IsiTandaTangan,
) -> std::result::Result<Vec<u8>, String> {
    use crate::cms_pdf::KunciPenanda;
    use lopdf::{Dictionary, Document, Object};

    let mut doc = Document::load_mem(pdf).map_err(|e| format!("PDF tidak dapat dibaca ({e})"))?;
    let mut berikut = crate::pembaruan::nomor_baru(&doc);
    let mut baru = || {
        berikut += 1;
        (berikut - 1, 0)
    };
    let nama = |n: &str| Object::Name(n.as_bytes().to_vec());

    let mut kamus = Dictionary::new();
    kamus.set("Type", nama("Sig"));
    kamus.set("Filter", nama("Adobe.PPKLite"));
    kamus.set("SubFilter", nama("ETSI.CAdES.detached"));
    if let Some(n) = &isi.nama {
        kamus.set("Name", teks_pdf(n));
    }
    kamus.set("M", teks_pdf(&tanggal_pdf(isi.waktu)));
    kamus.set("Reason", teks_pdf(&isi.alasan));
    kamus.set("Location", teks_pdf(&isi.tempat));
    let id_kamus = baru();
    let mut objek = vec![(id_kamus, Object::Dictionary(kamus))];

    let katalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "PDF tanpa katalog (/Root)".to_string())?;
    let mut katalog = doc
        .get_object(katalog_id)
        .and_then(Object::as_dict)
        .map_err(|_| "katalog PDF tidak dapat dibaca".to_string())?
        .clone();
    // The AcroForm, indirect (updated in place) or in the catalog.
    let af_id = katalog.get(b"AcroForm").and_then(Object::as_reference).ok();
    let mut af = match katalog.get(b"AcroForm") {
        Ok(o) => doc
            .dereference(o)
            .and_then(|(_, o)| o.as_dict())
            .cloned()
            .unwrap_or_default(),
        Err(_) => Dictionary::new(),
    };
    af.set("SigFlags", 3);

    let kosong = crate::verifikasi::bidang_tanda_tangan(&doc)
        .into_iter()
        .find(|b| b.nilai.is_none());
    if let Some(b) = kosong {
        // Fill the unsigned field that is already there. The report's own
        // field (crate::bidang) also gets the visible stamp (crate::cap),
        // whose objects are numbered after the signature dictionary.
        doc.max_id = berikut - 1;
        let dengan_cap = if crate::cap::bidang_kosong(&doc) == Some(b.id) {
            crate::cap::isi_bidang(&mut doc, id_kamus, &isi.cap).map_err(|e| format!("{e:#}"))?
        } else {
            None
        };
        match dengan_cap {
            Some((id_bidang, baru_cap)) => {
                for id in std::iter::once(id_bidang).chain(baru_cap) {
                    let o = doc
                        .get_object(id)
                        .map_err(|_| "bidang tanda tangan tidak dapat dibaca".to_string())?;
                    objek.push((id, o.clone()));
                }
            }
            None => {
                let mut bidang = doc
                    .get_object(b.id)
                    .and_then(Object::as_dict)
                    .map_err(|_| "bidang tanda tangan tidak dapat dibaca".to_string())?
                    .clone();
                bidang.set("V", Object::Reference(id_kamus));
                objek.push((b.id, Object::Dictionary(bidang)));
            }
        }
    } else {
        let halaman = *doc
            .get_pages()
            .get(&1)
            .ok_or_else(|| "PDF tanpa halaman".to_string())?;
        let id_bidang = baru();
        let mut bidang = Dictionary::new();
        bidang.set("FT", nama("Sig"));
        bidang.set("T", teks_pdf(&isi.bidang));
        bidang.set("V", Object::Reference(id_kamus));
        bidang.set("Type", nama("Annot"));
        bidang.set("Subtype", nama("Widget"));
        bidang.set("Rect", Object::Array(vec![0.into(); 4]));
        // Print + Locked.
        bidang.set("F", 132);
        bidang.set("P", Object::Reference(halaman));
        objek.push((id_bidang, Object::Dictionary(bidang)));

        let mut bidang_af = af
            .get(b"Fields")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .cloned()
            .unwrap_or_default();
        bidang_af.push(Object::Reference(id_bidang));
        af.set("Fields", Object::Array(bidang_af));

        let mut hal = doc
            .get_object(halaman)
            .and_then(Object::as_dict)
            .map_err(|_| "halaman 1 tidak dapat dibaca".to_string())?
            .clone();
        match hal.get(b"Annots") {
            Ok(Object::Reference(id)) => {
                let mut a = doc
                    .get_object(*id)
                    .and_then(Object::as_array)
                    .cloned()
                    .unwrap_or_default();
                a.push(Object::Reference(id_bidang));
                objek.push((*id, Object::Array(a)));
            }
            Ok(Object::Array(a)) => {
                let mut a = a.clone();
                a.push(Object::Reference(id_bidang));
                hal.set("Annots", Object::Array(a));
                objek.push((halaman, Object::Dictionary(hal)));
            }
            _ => {
                hal.set("Annots", Object::Array(vec![Object::Reference(id_bidang)]));
                objek.push((halaman, Object::Dictionary(hal)));
            }
        }
    }
    match af_id {
        Some(id) => objek.push((id, Object::Dictionary(af))),
        None => {
            katalog.set("AcroForm", Object::Dictionary(af));
            objek.push((katalog_id, Object::Dictionary(katalog)));
        }
    }

    let mut p =
        crate::pembaruan::pembaruan_bertahap(pdf, &doc, objek, Some((id_kamus, RUANG_CMS)))?;
    let ruang = p.ruang.ok_or("ruang tanda tangan tidak ditulis")?;
    let [a, b, c, d] = ruang.rentang(p.pdf.len());
    let ringkasan = penanda
        .ringkasan()
        .hitung(&[&p.pdf[a..a + b], &p.pdf[c..c + d]]);
    let cms = crate::cms_pdf::bangun_pades(penanda, &ringkasan)?;
    ruang.isi(&mut p.pdf, &cms)?;
    Ok(p.pdf)
}

/// A PDF date (ISO 32000 7.9.4) in UTC: `D:20260131093000+00'00'`.
pub fn tanggal_pdf(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}
