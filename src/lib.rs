//! lapkin — the annual performance report (LAPKIN / LKjIP) of an Indonesian
//! regional agency, from its Excel workbooks and one YAML file, as a PDF.
//!
//! An agency's inputs are one value, [`Masukan`] (the YAML, each workbook and
//! the logo as named bytes, read once from a folder, from uploads or from an
//! archived PDF), and one function, [`susun`], turns it into a report: every
//! command goes through it, so what is built, hashed, attached and verified
//! are the same bytes. [`periksa`] is everything before Typst — it is `lapkin
//! check`, and [`susun`] starts with it, so a clean check means a build.
//!
//! The pipeline, one module per stage, each handing a typed value to the next:
//!
//! 0. [`masukan`] — the input set in memory; only regular files inside the
//!    folder, within size limits. National exports named in `lapkin.yaml`
//!    (SIPD-RI budget and realisation, SIASN staff, asset register) are
//!    turned by [`ekspor`] into the workbooks they stand for and leave the
//!    set; only their name, size and SHA-256 stay.
//! 1. [`load`] — `lapkin.yaml` into [`config::Config`], the workbooks (from
//!    memory, through [`sheet`]) into [`model::Data`]; unreadable cells become
//!    [`diag::Diagnostik`]s with file, sheet and cell.
//! 2. [`validasi`] — what Typst would fail on (fonts, characters, logo, page
//!    settings); every check records into one [`diag::Temuan`]; loading and
//!    computing go on after a problem so that *all* problems are reported, and
//!    [`periksa`] stops before Typst when any is an error.
//! 3. [`model`] — exact [`rust_decimal::Decimal`] figures, typed.
//! 4. [`compute`] — capaian, criteria, averages, absorption, shares, IP ASN
//!    (product.md §4), unrounded, into [`compute::Hitungan`].
//! 5. [`view`] — small serialisable structs for the templates, every figure
//!    formatted by [`format`], narrative converted by [`narrative`].
//! 6. [`render`] — MiniJinja templates (`templates/`) into one Typst source per
//!    chapter; every data value passes through [`escape`] (the one channel
//!    into Typst: nothing goes through `sys.inputs`).
//! 7. [`compile`] — Typst in-process, fonts from `fonts/` only, fixed date:
//!    PDF/A-2a + PDF/UA-1 bytes, the same for the same inputs.
//! 8. output — written to a temporary file and renamed, so a failed build never
//!    damages the last good PDF.
//! 9. [`arsip`] — the PDF/A-3a + PDF/UA-1 archive copy carrying its sources and a manifest,
//!    in append-only versions; [`verifikasi`] proves a signed PDF is exactly
//!    the build of its sources, with [`revisi`] judging every incremental
//!    update after the first signature by the PDF signature rules;
//!    [`tanda_tangan`] signs (PAdES B-B).
//! 10. Long runs: [`pantau`] (`lapkin watch`) rebuilds after every save,
//!     re-reading only the changed file and keeping one Typst world warm
//!     ([`compile::Kompilator`], [`susun_dengan`]); [`banyak`] builds many
//!     agencies in one run, in parallel, fonts loaded once.

pub mod arsip;
pub mod banyak;
pub mod batas_pdf;
pub mod bidang;
pub mod cap;
pub mod cms_pdf;
pub mod compile;
pub mod compute;
pub mod config;
pub mod diag;
pub mod ekspor;
pub mod escape;
pub mod format;
pub mod grafik;
pub mod init;
pub mod layan;
pub mod load;
pub mod masukan;
pub mod model;
pub mod narrative;
pub mod pantau;
pub mod pembaruan;
pub mod pemenggalan;
pub mod pindai;
pub mod rantai;
pub mod rekap;
pub mod render;
pub mod revisi;
pub mod sertifikat;
pub mod sheet;
pub mod tabel_instansi;
pub mod tanda_tangan;
pub mod validasi;
pub mod verifikasi;
pub mod view;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::diag::Temuan;
pub use crate::masukan::Masukan;

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
    pub diagnostik: Temuan,
    /// Time spent in Typst (layout and PDF export).
    pub waktu_typst: Duration,
    /// Where the Typst sources were written (`--emit-typst`), if asked.
    pub typst: Option<PathBuf>,
    /// Time of the whole build.
    pub waktu_total: Duration,
}

/// Why a build did not produce a PDF.
#[derive(Debug)]
pub enum Gagal {
    /// The inputs have errors; all problems found (errors and warnings).
    Data(Temuan),
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

/// The inputs, loaded and computed.
#[derive(Debug)]
pub struct Terhitung {
    /// `lapkin.yaml`.
    pub config: config::Config,
    /// The workbooks.
    pub data: model::Data,
    /// Every derived figure.
    pub hasil: compute::Hitungan,
}

/// Load and compute: returns the figures when the YAML could be read (even
/// if the data has errors), and every diagnostic found so far. `huruf`, when
/// given, lets the loader report characters the fonts cannot draw at their cell.
pub fn muat_hitung(
    masukan: &Masukan,
    huruf: Option<&compile::Huruf>,
) -> (Option<Terhitung>, Temuan) {
    let mut lap = Temuan::default();
    let config = load::baca_config(masukan, &mut lap);
    let cakupan = match (&config, huruf) {
        (Some(c), Some(h)) => validasi::cakupan(c, h, &mut lap),
        _ => None,
    };
    if let (Some(c), Some(cakupan)) = (&config, &cakupan) {
        validasi::karakter_yaml(masukan, c, cakupan, &mut lap);
    }
    let data = load::baca_data(masukan, config.as_ref(), cakupan.as_ref(), &mut lap);
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

/// A report ready for Typst: every check `build` could fail on has passed.
#[derive(Debug)]
pub struct Siap {
    /// `lapkin.yaml`.
    pub config: config::Config,
    /// The template context.
    pub tampilan: view::Tampilan,
    /// The rendered Typst sources, one per chapter.
    pub sumber: Vec<render::Sumber>,
}

/// Everything short of Typst: loads, checks and computes, builds the view and
/// renders it, and checks what Typst would otherwise fail on (page settings,
/// the logo, every character against the fonts). Returns the rendered report
/// when there is no error, and all diagnostics either way. This is `lapkin
/// check`; [`susun`] starts with it, so `check` without errors means the
/// build succeeds.
pub fn periksa(masukan: &Masukan, huruf: &compile::Huruf) -> (Option<Siap>, Temuan) {
    let (t, mut lap) = muat_hitung(masukan, Some(huruf));
    let Some(t) = t else {
        return (None, lap);
    };
    validasi::identitas(&t.config, &mut lap);
    validasi::halaman(&t.config, &mut lap);
    let logo = load::baca_logo(masukan, &t.config, &mut lap);
    if let Some((jenis, isi)) = &logo {
        validasi::gambar(
            t.config.instansi.logo.as_deref().unwrap_or(""),
            jenis,
            isi,
            &mut lap,
        );
    }
    let mut tampilan = view::tampilan(&t.config, &t.data, &t.hasil, &mut lap);
    // An unfilled `init` skeleton is said in `check` and marked DRAF on every page.
    tampilan.laporan.draf = init::sisa_kerangka(masukan, &t.data, &mut lap) > 0;
    tampilan.laporan.logo = logo.as_ref().map(|(jenis, _)| jenis.to_string());
    tampilan.berkas_logo = logo;
    if lap.ada_galat() {
        return (None, lap);
    }
    let sumber = match render::render(&tampilan) {
        Ok(s) => s,
        Err(e) => {
            lap.galat(
                None,
                format!("templat laporan tidak dapat disusun: {e:#}"),
                Some("ini kesalahan lapkin, bukan masukan Anda; laporkan ke pengembang".into()),
            );
            return (None, lap);
        }
    };
    validasi::karakter_sumber(&sumber, huruf, &t.config, &mut lap);
    if lap.ada_galat() {
        (None, lap)
    } else {
        (
            Some(Siap {
                config: t.config,
                tampilan,
                sumber,
            }),
            lap,
        )
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
    /// Binary files the sources read by name (the logo): (name, bytes).
    pub berkas: Vec<(String, std::sync::Arc<[u8]>)>,
    /// The manifest attached to the PDF, for an archive build.
    pub manifest: Option<arsip::Manifest>,
    /// Warnings (data and Typst).
    pub diagnostik: Temuan,
    /// Time spent in Typst (layout and PDF export).
    pub waktu_typst: Duration,
}

/// Which PDF to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bentuk {
    /// PDF/A-2a + PDF/UA-1: the report.
    Laporan,
    /// PDF/A-3a + PDF/UA-1 carrying every input file and a manifest (see [`arsip`]).
    Arsip,
}

/// The one road from an agency's inputs to a report: [`periksa`], then Typst.
/// Reads nothing from disk and writes nothing. For [`Bentuk::Arsip`] the
/// attached files and the manifest's hashes are exactly the bytes of
/// `masukan` that were built.
pub fn susun(
    masukan: &Masukan,
    huruf: &compile::Huruf,
    bentuk: Bentuk,
) -> std::result::Result<Susunan, Gagal> {
    // Nothing is kept for a next build: the layout caches go before the PDF
    // export (lower peak memory for long reports).
    susun_dengan(
        masukan,
        &mut compile::Kompilator::dengan_umur(huruf, 0),
        bentuk,
    )
}

/// [`susun`] in a Typst world kept between builds ([`compile::Kompilator`]),
/// so what the previous build laid out and did not change is reused: `lapkin
/// watch` and many agencies in one run. The PDF is the same bytes [`susun`]
/// gives.
pub fn susun_dengan(
    masukan: &Masukan,
    kompilator: &mut compile::Kompilator<'_>,
    bentuk: Bentuk,
) -> std::result::Result<Susunan, Gagal> {
    let huruf = kompilator.huruf();
    let (ok, mut lap) = periksa(masukan, huruf);
    compile::ukur_memori("baca, hitung, templat");
    let Some(siap) = ok else {
        return Err(Gagal::Data(lap));
    };
    let mut siap = siap;
    let (sematan, manifest) = match bentuk {
        Bentuk::Laporan => (Vec::new(), None),
        Bentuk::Arsip => {
            let m = arsip::manifest(masukan, huruf);
            let sematan = arsip::sematan(masukan, &m);
            // Name the embedded files in main.typ: the only other change.
            siap.tampilan.sematan = sematan
                .iter()
                .map(|s| view::SematanV {
                    nama: s.nama.clone(),
                    mime: s.mime.clone(),
                    deskripsi: s.deskripsi.clone(),
                    hubungan: s.hubungan.clone(),
                })
                .collect();
            siap.sumber = render::render(&siap.tampilan)?;
            (sematan, Some(m))
        }
    };
    let config = siap.config;
    let t = format::Tanggal::parse_iso(&config.penandatanganan.tanggal)
        .context("tanggal penandatanganan tidak sah")?;
    let meta = compile::Metadata {
        tanggal: (t.tahun, t.bulan, t.hari),
        sematan,
    };
    let mulai_typst = Instant::now();
    let berkas: Vec<(String, std::sync::Arc<[u8]>)> = siap
        .tampilan
        .berkas_logo
        .map(|(jenis, bytes)| (format!("logo.{jenis}"), bytes))
        .into_iter()
        .chain(siap.tampilan.berkas_gambar.iter().cloned())
        .collect();
    let (pdf, peringatan_typst) = kompilator.kompilasi(&siap.sumber, &berkas, &meta)?;
    let waktu_typst = mulai_typst.elapsed();
    for w in peringatan_typst {
        lap.peringatan(None, format!("Typst: {w}"), None);
    }
    Ok(Susunan {
        pdf,
        config,
        sumber: siap.sumber,
        berkas,
        manifest,
        diagnostik: lap,
        waktu_typst,
    })
}

/// The whole pipeline for `lapkin build`: reads the inputs folder once, builds,
/// and writes the PDF atomically.
pub fn bangun(opsi: &Opsi) -> std::result::Result<HasilBangun, Gagal> {
    let mulai = Instant::now();
    let (masukan, huruf, mut lap) = baca(&opsi.masukan, &opsi.huruf)?;
    let hasil = susun(&masukan, &huruf, Bentuk::Laporan);
    let keluaran_untuk = |config: &config::Config| {
        opsi.keluaran.clone().unwrap_or_else(|| {
            PathBuf::from("output").join(format!("{}.pdf", aman_nama(&config.laporan.nama_berkas)))
        })
    };
    let s = match hasil {
        Ok(s) => s,
        Err(Gagal::Data(mut l)) => {
            // Problems found while reading the folder come first.
            lap.daftar.append(&mut l.daftar);
            return Err(Gagal::Data(lap));
        }
        Err(e) => return Err(e),
    };
    let keluaran = keluaran_untuk(&s.config);
    periksa_keluaran(&keluaran, &opsi.masukan)?;
    let typst = if opsi.tulis_typst {
        let dir = keluaran.parent().unwrap_or(Path::new(".")).join("typst");
        tulis_typst(&dir, &s, &huruf)?;
        Some(dir)
    } else {
        None
    };
    tulis_atomik(&keluaran, &s.pdf)?;
    let mut diagnostik = lap;
    diagnostik.daftar.extend(s.diagnostik.daftar);
    Ok(HasilBangun {
        pdf: keluaran,
        diagnostik,
        waktu_typst: s.waktu_typst,
        typst,
        waktu_total: mulai.elapsed(),
    })
}

/// The folder of fonts inside the folder `--emit-typst` writes.
pub const FOLDER_HURUF_TYPST: &str = "huruf";

/// `--emit-typst`: writes into `dir` everything the report's Typst sources
/// need, so the folder compiles on its own with the Typst command line
/// (`typst compile --font-path huruf --ignore-system-fonts main.typ`): every
/// chapter, the binary files they read by name (the logo), the fonts in
/// `huruf/`, and `BACA.txt` with that command.
pub fn tulis_typst(dir: &Path, s: &Susunan, huruf: &compile::Huruf) -> Result<()> {
    let folder_huruf = dir.join(FOLDER_HURUF_TYPST);
    std::fs::create_dir_all(&folder_huruf)
        .with_context(|| format!("folder {} tidak dapat dibuat", folder_huruf.display()))?;
    let tulis = |path: PathBuf, isi: &[u8]| {
        std::fs::write(&path, isi)
            .with_context(|| format!("{} tidak dapat ditulis", path.display()))
    };
    for f in &s.sumber {
        tulis(dir.join(&f.nama), f.teks.as_bytes())?;
    }
    for (nama, isi) in &s.berkas {
        tulis(dir.join(nama), isi)?;
    }
    for (nama, isi) in huruf.berkas() {
        tulis(folder_huruf.join(nama), isi.as_slice())?;
    }
    tulis(
        dir.join("BACA.txt"),
        format!(
            "Sumber Typst laporan ini, ditulis oleh lapkin {}.\n\
             Menyusunnya tanpa lapkin (Typst 0.15), dari folder ini:\n\n    \
             typst compile --font-path {FOLDER_HURUF_TYPST} --ignore-system-fonts \
             --pdf-standard a-2a,ua-1 main.typ\n",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    )?;
    Ok(())
}

/// `lapkin check`: reads the folder and the fonts once and runs every check
/// of [`periksa`]; all diagnostics.
pub fn cek_folder(masukan: &Path, huruf: &Path) -> Temuan {
    let mut lap = Temuan::default();
    let h = compile::Huruf::muat(huruf, &mut lap);
    let m = Masukan::baca_folder(masukan, &mut lap);
    if let (Some(h), Some(m)) = (h, m) {
        let (_, mut l) = periksa(&m, &h);
        lap.daftar.append(&mut l.daftar);
    }
    lap
}

/// Reads an inputs folder and a fonts folder once, for a command that goes
/// on to build. Returns the warnings found while reading; when any file was
/// refused, fails with exactly what [`cek_folder`] reports (so `check` and
/// the command agree).
pub fn baca(
    masukan: &Path,
    huruf: &Path,
) -> std::result::Result<(Masukan, compile::Huruf, Temuan), Gagal> {
    let mut lap = Temuan::default();
    let h = compile::Huruf::muat(huruf, &mut lap);
    let m = Masukan::baca_folder(masukan, &mut lap);
    match (m, h) {
        (Some(m), Some(h)) if !lap.ada_galat() => Ok((m, h, lap)),
        (Some(m), Some(h)) => {
            let (_, mut l) = periksa(&m, &h);
            lap.daftar.append(&mut l.daftar);
            Err(Gagal::Data(lap))
        }
        _ => Err(Gagal::Data(lap)),
    }
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
/// readers see the old file or the new one, never half of either. Temporary
/// files left by an interrupted run (`kill -9`) are removed first.
pub fn tulis_atomik(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "folder {} tidak dapat dibuat ({}); pilih folder keluaran lain",
            dir.display(),
            diag::galat_os(&e)
        )
    })?;
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.is_file()
    {
        anyhow::bail!(
            "{} sudah ada dan bukan berkas biasa (folder, tautan atau berkas khusus); lapkin tidak menimpanya. Sebutkan nama berkas PDF lain",
            path.display()
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    bersihkan_sisa(dir, &format!(".{name}."));
    let tmp = dir.join(format!(".{name}.{}.sementara", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        anyhow::bail!(
            "{} tidak dapat ditulis ({}); PDF lama (bila ada) tetap utuh. Periksa ruang disk dan izin folder",
            path.display(),
            diag::galat_os(&e)
        );
    }
    Ok(())
}

/// Removes `<awalan><pid>.sementara` files and folders of `dir` whose process
/// is no longer running: what a `kill -9` during a write left behind.
pub fn bersihkan_sisa(dir: &Path, awalan: &str) {
    let Ok(isi) = std::fs::read_dir(dir) else {
        return;
    };
    for e in isi.flatten() {
        let nama = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = nama
            .strip_prefix(awalan)
            .and_then(|r| r.strip_suffix(".sementara"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let hidup = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !hidup {
            let p = e.path();
            let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
        }
    }
}

/// Refuses an output path (a PDF, or the archive folder) inside the inputs
/// folder: lapkin never writes there, so no input can be overwritten.
pub fn periksa_keluaran(keluaran: &Path, masukan: &Path) -> Result<()> {
    let Ok(akar) = masukan.canonicalize() else {
        return Ok(()); // the inputs are reported missing elsewhere
    };
    // The nearest existing ancestor, canonical (links resolved), then the rest.
    let mut ada = if keluaran.is_absolute() {
        keluaran.to_path_buf()
    } else {
        Path::new(".").join(keluaran)
    };
    let mut sisa = Vec::new();
    while !ada.exists() {
        match (ada.file_name(), ada.parent()) {
            (Some(n), Some(p)) => {
                sisa.push(n.to_os_string());
                ada = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut tujuan = ada.canonicalize().unwrap_or(ada);
    for n in sisa.into_iter().rev() {
        tujuan.push(n);
    }
    if tujuan.starts_with(&akar) {
        anyhow::bail!(
            "{} berada di dalam folder masukan {}; lapkin tidak menulis ke folder masukan agar tidak ada berkas masukan yang tertimpa. Sebutkan tempat di luar folder itu, mis. output/ atau arsip/ di folder kerja",
            keluaran.display(),
            masukan.display()
        );
    }
    Ok(())
}
