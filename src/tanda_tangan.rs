//! Sign: a PAdES B-B signature with the agency's PKCS#12 certificate, added as
//! an incremental update (the signed PDF starts with the unsigned one, byte for
//! byte), put together from [`underskrift`]'s building blocks with lapkin's own
//! key handling ([`crate::sertifikat`]: OpenSSL 3 and legacy .p12 files, RSA
//! and EC keys). An existing output file is never replaced unless asked
//! (`--timpa`).
//!
//! The reason and place come from `lapkin.yaml` (`pimpinan`,
//! `penandatanganan`); the signer's name (`/Name`) is the certificate's common
//! name, and `/M` the moment of signing, so PDF readers show both in their
//! signature panel. The same time is an unsigned CMS attribute: PAdES forbids
//! the signed `signingTime` attribute.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diag::Temuan;
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
    let sebelumnya = underskrift::verify::extractor::extract_signatures(&pdf)
        .map(|s| s.len())
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
    /// The signing time (`/M`, and the unsigned CMS `signingTime`).
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

/// Signs `pdf` with `penanda` as an incremental update: a new signature
/// field with its (invisible) widget on page 1, a `/Sig` dictionary with
/// `/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached`, `/Name` and `/M`
/// (so PDF readers show signer and time), and a PAdES B-B CMS SignedData
/// (content-type, message-digest and signing-certificate-v2 signed; the
/// claimed time unsigned, as PAdES forbids a signed `signingTime`).
///
/// underskrift 0.1.4's `PdfSigner` cannot write `/Name` or `/M`, so its
/// building blocks (lopdf objects, incremental writer, CMS builder) are put
/// together here with the full dictionary.
fn tulis_tanda_tangan(
    pdf: &[u8],
    penanda: &Penanda,
    isi: &IsiTandaTangan,
) -> std::result::Result<Vec<u8>, underskrift::PdfSignError> {
    use lopdf::{Document, Object};
    use underskrift::core::{
        acroform, incremental::IncrementalWriter, parser, sig_dict, sig_field,
    };
    use underskrift::error::CoreError;

    let mut doc = Document::load_mem(pdf).map_err(CoreError::Lopdf)?;
    let meta = parser::extract_metadata(&doc)?;

    let mut kamus = sig_dict::build_sig_dict(sig_dict::SigSubFilter::EtsiCadesDetached, RUANG_CMS);
    if let Some(nama) = &isi.nama {
        kamus.set("Name", teks_pdf(nama));
    }
    kamus.set("M", teks_pdf(&tanggal_pdf(isi.waktu)));
    kamus.set("Reason", teks_pdf(&isi.alasan));
    kamus.set("Location", teks_pdf(&isi.tempat));
    let id_kamus = doc.add_object(Object::Dictionary(kamus));

    // The report's own signature field (crate::bidang), when there, is
    // filled with the signature and the visible stamp (crate::cap) instead of
    // adding an invisible field.
    if let Some((id_bidang, baru)) = crate::cap::isi_bidang(&mut doc, id_kamus, &isi.cap)
        .map_err(|e| CoreError::InvalidStructure(format!("{e:#}")))?
    {
        let mut penulis = IncrementalWriter::new(
            pdf.to_vec(),
            meta.trailer_size,
            meta.xref_offset,
            meta.root_id,
            RUANG_CMS * 2,
        );
        penulis.set_sig_dict_id(id_kamus);
        for id in [id_kamus, id_bidang].into_iter().chain(baru) {
            penulis.add_object(id, doc.get_object(id).map_err(CoreError::Lopdf)?.clone());
        }
        return tutup_tanda_tangan(penulis, penanda, isi);
    }

    let bidang = sig_field::build_sig_field(
        &sig_field::SignatureFieldOptions {
            name: isi.bidang.clone(),
            page: 0,
            rect: [0.0; 4],
        },
        id_kamus,
    );
    let id_bidang = doc.add_object(Object::Dictionary(bidang));
    acroform::ensure_acroform(&mut doc, id_bidang, 0)?;

    let mut penulis = IncrementalWriter::new(
        pdf.to_vec(),
        meta.trailer_size,
        meta.xref_offset,
        meta.root_id,
        RUANG_CMS * 2,
    );
    penulis.set_sig_dict_id(id_kamus);
    // New objects, then the ones ensure_acroform changed: catalog, AcroForm
    // (when indirect), page 1 (its /Annots).
    let mut tulis = |id| {
        if let Ok(o) = doc.get_object(id) {
            penulis.add_object(id, o.clone());
        }
    };
    tulis(id_kamus);
    tulis(id_bidang);
    tulis(meta.root_id);
    if let Ok(Object::Reference(af)) = doc
        .get_object(meta.root_id)
        .and_then(Object::as_dict)
        .and_then(|k| k.get(b"AcroForm"))
    {
        tulis(*af);
    }
    if let Some(&hal) = doc.get_pages().get(&1) {
        tulis(hal);
    }
    tutup_tanda_tangan(penulis, penanda, isi)
}

/// Writes the incremental update and puts the CMS signature over its byte
/// range into the reserved `/Contents`.
fn tutup_tanda_tangan(
    penulis: underskrift::core::incremental::IncrementalWriter,
    penanda: &Penanda,
    isi: &IsiTandaTangan,
) -> std::result::Result<Vec<u8>, underskrift::PdfSignError> {
    use underskrift::CryptoSigner;
    use underskrift::cms::builder::{CmsProfile, PdfCmsBuilder, SigningTimePlacement};
    use underskrift::error::CoreError;

    let (mut keluaran, rentang) = penulis.write()?;

    let br = rentang.compute(keluaran.len());
    let mut ringkas = penanda.digest_algorithm().new_hasher();
    ringkas.update(&keluaran[br[0]..br[0] + br[1]]);
    ringkas.update(&keluaran[br[2]..br[2] + br[3]]);
    let cms = PdfCmsBuilder::new(penanda)
        .profile(CmsProfile::Pades)
        .signing_time(isi.waktu.naive_utc())
        .signing_time_placement(SigningTimePlacement::Unsigned)
        .build(&ringkas.finalize())?;
    if cms.len() > RUANG_CMS {
        return Err(CoreError::SignatureTooLarge {
            actual: cms.len(),
            allocated: RUANG_CMS,
        }
        .into());
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    let awal = rentang.contents_offset;
    keluaran[awal..awal + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(keluaran)
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as a literal string,
/// anything else as UTF-16BE with its byte order mark (ISO 32000 7.9.2.2).
fn teks_pdf(s: &str) -> lopdf::Object {
    if s.is_ascii() {
        lopdf::Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        lopdf::Object::String(b, lopdf::StringFormat::Hexadecimal)
    }
}

/// A PDF date (ISO 32000 7.9.4) in UTC: `D:20260131093000+00'00'`.
pub fn tanggal_pdf(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}
