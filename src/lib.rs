//! lapkin — the annual performance report (LAPKIN / LKjIP) of an Indonesian
//! regional agency, from its Excel workbooks and one YAML file, as a PDF.
//!
//! The pipeline, one module per stage, each handing a typed value to the next:
//!
//! 1. [`load`] — `lapkin.yaml` into [`config::Config`], the workbooks (read-only,
//!    through [`sheet`]) into [`model::Data`]; unreadable cells become
//!    [`diag::Diagnostik`]s with file, sheet and cell.
//! 2. validate — every check records into one [`diag::Laporan`]; loading and
//!    computing go on after a problem so that *all* problems are reported, and
//!    [`bangun`] stops before rendering when any is an error.
//! 3. [`model`] — exact [`rust_decimal::Decimal`] figures, typed.
//! 4. [`compute`] — capaian, criteria, averages, absorption, shares, IP ASN
//!    (product.md §4), unrounded, into [`compute::Hasil`].
//! 5. [`view`] — small serialisable structs for the templates, every figure
//!    formatted by [`format`], narrative converted by [`narrative`].
//! 6. [`render`] — MiniJinja templates (`templates/`) into one Typst source per
//!    chapter; every data value passes through [`escape::esc`].
//! 7. [`compile`] — Typst in-process, fonts from `fonts/` only, fixed date:
//!    PDF/A-2b bytes, the same for the same inputs.
//! 8. output — written to a temporary file and renamed, so a failed build never
//!    damages the last good PDF.
//! 9. [`arsip`] — the PDF/A-3b archive copy carrying its sources and a manifest,
//!    in append-only versions; [`verifikasi`] proves a signed PDF is exactly
//!    the build of its sources; [`tanda_tangan`] signs (PAdES B-B).

pub mod arsip;
pub mod compile;
pub mod compute;
pub mod config;
pub mod diag;
pub mod escape;
pub mod format;
pub mod grafik;
pub mod init;
pub mod load;
pub mod model;
pub mod narrative;
pub mod render;
pub mod sheet;
pub mod tanda_tangan;
pub mod verifikasi;
pub mod view;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::diag::{Laporan, Lokasi};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Opsi {
    /// The inputs folder (`lapkin.yaml` and the workbooks).
    pub masukan: PathBuf,
    /// The PDF to write; `None`: `output/<laporan.nama_berkas>.pdf`.
    pub keluaran: Option<PathBuf>,
    /// The fonts folder.
    pub huruf: PathBuf,
    /// Also write the generated Typst sources beside the PDF (folder `typst/`).
    pub tulis_typst: bool,
}

/// The result of a successful build.
#[derive(Debug)]
pub struct HasilBangun {
    /// Where the PDF was written.
    pub pdf: PathBuf,
    /// Warnings (data and Typst).
    pub diagnostik: Laporan,
    /// Time spent in Typst (layout and PDF export).
    pub waktu_typst: Duration,
    /// Time of the whole build.
    pub waktu_total: Duration,
}

/// Why a build did not produce a PDF.
#[derive(Debug)]
pub enum Gagal {
    /// The inputs have errors; all problems found (errors and warnings).
    Data(Laporan),
    /// Something else went wrong (templates, fonts, writing the file).
    Lain(anyhow::Error),
}

impl std::fmt::Display for Gagal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gagal::Data(l) => write!(
                f,
                "{l}masukan mengandung {} galat; PDF tidak dibuat",
                l.jumlah_galat()
            ),
            Gagal::Lain(e) => write!(f, "galat: {e:#}"),
        }
    }
}

impl From<anyhow::Error> for Gagal {
    fn from(e: anyhow::Error) -> Self {
        Gagal::Lain(e)
    }
}

/// The inputs of a folder, loaded and computed.
#[derive(Debug)]
pub struct Terhitung {
    /// `lapkin.yaml`.
    pub config: config::Config,
    /// The workbooks.
    pub data: model::Data,
    /// Every derived figure.
    pub hasil: compute::Hasil,
}

/// Load and compute: returns the figures when the YAML could be read (even
/// if the data has errors), and every diagnostic found so far.
pub fn hitung(masukan: &Path) -> (Option<Terhitung>, Laporan) {
    let mut lap = Laporan::default();
    if !masukan.is_dir() {
        lap.galat(
            Some(Lokasi::berkas(&masukan.display().to_string())),
            "folder masukan tidak ditemukan",
            Some("sebutkan folder yang berisi lapkin.yaml dan buku kerja".into()),
        );
        return (None, lap);
    }
    let config = load::baca_config(masukan, &mut lap);
    let data = load::baca_data(masukan, config.as_ref(), &mut lap);
    let Some(config) = config else {
        return (None, lap);
    };
    let hasil = compute::hitung(&config, &data, &mut lap);
    (
        Some(Terhitung {
            config,
            data,
            hasil,
        }),
        lap,
    )
}

/// Everything up to the view: loads, checks and computes. Returns the view
/// when there is no error, and all diagnostics either way.
pub fn periksa(masukan: &Path) -> (Option<(config::Config, view::Tampilan)>, Laporan) {
    let (t, mut lap) = hitung(masukan);
    let Some(t) = t else {
        return (None, lap);
    };
    let logo = load::baca_logo(masukan, &t.config, &mut lap);
    let mut tampilan = view::bangun(&t.config, &t.data, &t.hasil, &mut lap);
    tampilan.laporan.logo = logo.as_ref().map(|(jenis, _)| jenis.to_string());
    tampilan.berkas_logo = logo;
    if lap.ada_galat() {
        (None, lap)
    } else {
        (Some((t.config, tampilan)), lap)
    }
}

/// A PDF built in memory, not yet written anywhere.
#[derive(Debug)]
pub struct Susunan {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// The YAML the report was built from.
    pub config: config::Config,
    /// The generated Typst sources, one per chapter.
    pub sumber: Vec<render::Sumber>,
    /// Warnings (data and Typst).
    pub diagnostik: Laporan,
    /// Time spent in Typst (layout and PDF export).
    pub waktu_typst: Duration,
}

/// Inputs folder to PDF bytes, in memory: PDF/A-2b, or PDF/A-3b carrying
/// `lampiran` when any are given (see [`arsip`]). Reads the inputs, never writes.
/// `sebelum_typst` sees the rendered sources before Typst runs (so that
/// `--emit-typst` can write them even when Typst then fails).
pub fn susun(
    masukan: &Path,
    huruf: &Path,
    lampiran: Vec<compile::Lampiran>,
    sebelum_typst: impl FnOnce(&config::Config, &[render::Sumber]) -> Result<()>,
) -> std::result::Result<Susunan, Gagal> {
    let (ok, mut lap) = periksa(masukan);
    let Some((config, tampilan)) = ok else {
        return Err(Gagal::Data(lap));
    };
    let huruf = compile::Huruf::muat(huruf)?;
    if !huruf
        .keluarga()
        .contains(&config.halaman.huruf.to_lowercase())
    {
        lap.galat(
            Some(Lokasi::kunci(load::BERKAS_YAML, "halaman.huruf")),
            format!(
                "huruf \"{}\" tidak ada di folder fonts",
                config.halaman.huruf
            ),
            Some(format!(
                "huruf yang tersedia: {}",
                huruf.keluarga().join(", ")
            )),
        );
        return Err(Gagal::Data(lap));
    }
    let sumber = render::render(&tampilan)?;
    sebelum_typst(&config, &sumber)?;
    let t = format::Tanggal::parse_iso(&config.penandatanganan.tanggal)
        .context("tanggal penandatanganan tidak sah")?;
    let meta = compile::Metadata {
        tanggal: (t.tahun, t.bulan, t.hari),
        masukan: vec![
            (
                "judul".into(),
                format!(
                    "{} {} {} Tahun {}",
                    config.laporan.judul,
                    config.instansi.nama,
                    config.instansi.daerah,
                    config.laporan.tahun
                ),
            ),
            (
                "penulis".into(),
                format!("{} {}", config.instansi.nama, config.instansi.daerah),
            ),
            ("huruf".into(), config.halaman.huruf.clone()),
            (
                "kaki".into(),
                format!(
                    "{} {} {} Tahun {}",
                    config.laporan.singkatan,
                    config.instansi.singkatan,
                    config.instansi.daerah,
                    config.laporan.tahun
                ),
            ),
        ],
        lampiran,
    };
    let mulai_typst = Instant::now();
    let berkas: Vec<(String, Vec<u8>)> = tampilan
        .berkas_logo
        .map(|(jenis, bytes)| (format!("logo.{jenis}"), bytes))
        .into_iter()
        .collect();
    let (pdf, peringatan_typst) =
        compile::kompilasi_dengan_berkas(&sumber, &berkas, &huruf, &meta)?;
    let waktu_typst = mulai_typst.elapsed();
    for w in peringatan_typst {
        lap.peringatan(None, format!("Typst: {w}"), None);
    }
    Ok(Susunan {
        pdf,
        config,
        sumber,
        diagnostik: lap,
        waktu_typst,
    })
}

/// The whole pipeline: inputs folder to PDF.
pub fn bangun(opsi: &Opsi) -> std::result::Result<HasilBangun, Gagal> {
    let mulai = Instant::now();
    let keluaran_untuk = |config: &config::Config| {
        opsi.keluaran.clone().unwrap_or_else(|| {
            PathBuf::from("output").join(format!("{}.pdf", aman_nama(&config.laporan.nama_berkas)))
        })
    };
    let s = susun(&opsi.masukan, &opsi.huruf, Vec::new(), |config, sumber| {
        if opsi.tulis_typst {
            let keluaran = keluaran_untuk(config);
            let dir = keluaran.parent().unwrap_or(Path::new(".")).join("typst");
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("folder {} tidak dapat dibuat", dir.display()))?;
            for f in sumber {
                std::fs::write(dir.join(&f.nama), &f.teks)
                    .with_context(|| format!("{} tidak dapat ditulis", f.nama))?;
            }
        }
        Ok(())
    })?;
    let keluaran = keluaran_untuk(&s.config);
    tulis_atomik(&keluaran, &s.pdf)?;
    Ok(HasilBangun {
        pdf: keluaran,
        diagnostik: s.diagnostik,
        waktu_typst: s.waktu_typst,
        waktu_total: mulai.elapsed(),
    })
}

/// A file name without path separators or characters that trouble file systems.
pub fn aman_nama(nama: &str) -> String {
    let cleaned: String = nama
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.').to_string();
    if trimmed.is_empty() {
        "laporan".into()
    } else {
        trimmed
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place:
/// readers see the old file or the new one, never half of either.
pub fn tulis_atomik(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("folder {} tidak dapat dibuat", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.sementara", std::process::id()));
    let result = (|| -> Result<()> {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("{} tidak dapat dibuat", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("{} tidak dapat ditulis", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
