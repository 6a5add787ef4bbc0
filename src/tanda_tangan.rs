//! Sign: a PAdES B-B signature with the agency's PKCS#12 certificate, added as
//! an incremental update (the signed PDF starts with the unsigned one, byte for
//! byte), by [`underskrift`] with lapkin's own key handling
//! ([`crate::sertifikat`]: OpenSSL 3 and legacy .p12 files, RSA and EC keys).
//! An existing output file is never replaced unless asked (`--timpa`).
//!
//! The reason and place come from `lapkin.yaml` (`pimpinan`, `penandatanganan`);
//! the signer's name is the certificate's. The claimed signing time is the
//! moment of signing, as an unsigned CMS attribute: PAdES forbids the signed
//! `signingTime` attribute, and underskrift 0.1.4 writes no `/M`.

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
    let opsi_ttd = underskrift::SigningOptions {
        field_name: format!("TandaTanganLapkin{}", sebelumnya + 1),
        reason: Some(format!(
            "Pengesahan {} {} Tahun {} oleh {}, {}",
            config.laporan.singkatan,
            config.instansi.singkatan,
            config.laporan.tahun,
            config.pimpinan.nama,
            config.pimpinan.jabatan
        )),
        location: Some(config.penandatanganan.tempat.clone()),
        cms_signing_time: Some(chrono::Utc::now().naive_utc()),
        signing_time_placement: underskrift::SigningTimePlacement::Unsigned,
        ..Default::default()
    };
    let bertanda = tunggu(
        underskrift::PdfSigner::new()
            .options(opsi_ttd)
            .sign(&pdf, &penanda),
    )
    .map_err(|e| anyhow::anyhow!("penandatanganan gagal: {e}"))?;
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

/// Runs a future to completion on this thread. underskrift's signer is async
/// only for timestamp servers, which lapkin does not use, so nothing waits on I/O.
fn tunggu<F: std::future::Future>(f: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    struct Bangun(std::thread::Thread);
    impl Wake for Bangun {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Bangun(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => std::thread::park(),
        }
    }
}
