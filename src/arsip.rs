//! Archive: the report as PDF/A-3a + PDF/UA-1 carrying its own sources, in an
//! append-only, versioned folder.
//!
//! `lapkin archive` attaches to the PDF every file of the [`Masukan`] it was
//! built from (`lapkin.yaml`, the workbooks and the logo) and a [`Manifest`] of
//! SHA-256 hashes (inputs, the templates compiled into the binary, the fonts),
//! then writes the PDF and a copy of `manifest.json` to `<arsip>/<tahun>/v<N>/`.
//!
//! - The manifest holds no clock and no path, so the same inputs give the same
//!   manifest, hence the same PDF: that is what lets `lapkin verify`
//!   rebuild an archived PDF from its own attachments and compare bytes.
//! - A version folder is written under a temporary name and renamed into place;
//!   an existing version is never written to, replaced or deleted.
//! - Archiving inputs whose manifest equals the one carried inside an existing
//!   version's PDF creates nothing and names that version; the loose
//!   `manifest.json` beside it is for people and is never trusted.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use typst::foundations::Bytes;

use crate::compile::{Huruf, Sematan};
use crate::diag::Temuan;
use crate::masukan::{Jenis, Masukan};
use crate::{Bentuk, Gagal, load, render};

/// Name of the manifest, inside the PDF and beside it.
pub const NAMA_MANIFEST: &str = "manifest.json";

/// Version of the manifest's layout.
pub const FORMAT_MANIFEST: u32 = 1;

/// What an archived PDF was made from: tool, templates, fonts and inputs, by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Layout of this file, [`FORMAT_MANIFEST`].
    pub format: u32,
    /// The program that built the PDF.
    pub alat: Alat,
    /// The templates compiled into the program ([`render::TEMPLAT`]).
    pub templat: Kumpulan,
    /// The font files used.
    pub huruf: Kumpulan,
    /// The input files, `lapkin.yaml` first; each is attached to the PDF.
    pub masukan: Vec<Sidik>,
    /// National exports (SIPD, SIASN, asset register) the attached derived
    /// workbooks were made from. Not attached (they hold personal data):
    /// whoever holds an original can check its SHA-256 here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ekspor: Vec<Sidik>,
}

/// Name and version of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alat {
    /// Always `lapkin`.
    pub nama: String,
    /// `Cargo.toml` version.
    pub versi: String,
}

/// A set of files with one hash for the whole set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kumpulan {
    /// SHA-256 (hex) of the lines `<sha256>  <name>\n` of the files, in order.
    pub sha256: String,
    /// Each file.
    pub berkas: Vec<Sidik>,
}

/// One file's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidik {
    /// File name, without folders.
    pub nama: String,
    /// Size in bytes.
    pub ukuran: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

impl Sidik {
    /// The identity of `isi` named `nama`.
    pub fn dari(nama: &str, isi: &[u8]) -> Sidik {
        Sidik {
            nama: nama.to_string(),
            ukuran: isi.len() as u64,
            sha256: sha256_hex(isi),
        }
    }
}

impl Kumpulan {
    fn dari(berkas: Vec<Sidik>) -> Kumpulan {
        let daftar: String = berkas
            .iter()
            .map(|b| format!("{}  {}\n", b.sha256, b.nama))
            .collect();
        Kumpulan {
            sha256: sha256_hex(daftar.as_bytes()),
            berkas,
        }
    }
}

impl Manifest {
    /// As written into the PDF and beside it: pretty JSON, newline-terminated.
    pub fn json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("manifest selalu dapat diserialisasi");
        v.push(b'\n');
        v
    }

    /// Parses a `manifest.json`.
    pub fn baca(isi: &[u8]) -> Result<Manifest> {
        serde_json::from_slice(isi).context("manifest.json tidak sah")
    }
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn nama_berkas(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// MIME type of an input file, by extension.
fn mime(nama: &str) -> &'static str {
    match nama.rsplit('.').next().map(str::to_lowercase).as_deref() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("xlsm") => "application/vnd.ms-excel.sheet.macroEnabled.12",
        Some("xls") => "application/vnd.ms-excel",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("yaml" | "yml") => "application/yaml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The manifest of these inputs with the templates of this program and the
/// fonts loaded: the hashes of exactly the bytes the report is built from.
pub fn manifest(masukan: &Masukan, huruf: &Huruf) -> Manifest {
    let templat = render::TEMPLAT
        .iter()
        .map(|(nama, teks)| Sidik::dari(nama, teks.as_bytes()))
        .collect();
    let font = huruf
        .berkas()
        .iter()
        .map(|(nama, isi)| Sidik::dari(nama, isi))
        .collect();
    Manifest {
        format: FORMAT_MANIFEST,
        alat: Alat {
            nama: "lapkin".into(),
            versi: env!("CARGO_PKG_VERSION").into(),
        },
        templat: Kumpulan::dari(templat),
        huruf: Kumpulan::dari(font),
        masukan: masukan
            .semua()
            .iter()
            .map(|b| Sidik::dari(&b.nama, &b.isi))
            .collect(),
        ekspor: masukan.sumber_ekspor().to_vec(),
    }
}

/// The attachments of the archival PDF: each input file (relationship
/// `source`), the logo included, then the manifest (`supplement`).
pub fn sematan(masukan: &Masukan, manifest: &Manifest) -> Vec<Sematan> {
    let mut out: Vec<Sematan> = masukan
        .semua()
        .iter()
        .map(|b| Sematan {
            nama: b.nama.clone(),
            isi: Bytes::new(b.isi.clone()),
            mime: mime(&b.nama).into(),
            deskripsi: match Jenis::dari_nama(&b.nama) {
                Some(Jenis::Yaml) => "Identitas dan narasi laporan (sumber lapkin)".into(),
                Some(Jenis::Gambar) => format!("Logo instansi pada sampul: {}", b.nama),
                _ => format!("Buku kerja sumber data laporan: {}", b.nama),
            },
            hubungan: "source".into(),
        })
        .collect();
    out.push(Sematan {
        nama: NAMA_MANIFEST.into(),
        isi: Bytes::new(manifest.json()),
        mime: mime(NAMA_MANIFEST).into(),
        deskripsi:
            "Manifest lapkin: versi alat dan SHA-256 setiap berkas masukan, templat dan huruf"
                .into(),
        hubungan: "supplement".into(),
    });
    out
}

/// What to archive and where.
#[derive(Debug, Clone)]
pub struct OpsiArsip {
    /// The inputs folder.
    pub masukan: PathBuf,
    /// The archive root; versions go to `<arsip>/<tahun>/v<N>/`.
    pub arsip: PathBuf,
    /// The fonts folder.
    pub huruf: PathBuf,
}

/// The outcome of [`arsipkan`].
#[derive(Debug)]
pub enum HasilArsip {
    /// A new version was written.
    Baru {
        /// `v1`, `v2`, …
        versi: String,
        /// The version's folder.
        folder: PathBuf,
        /// The archived PDF.
        pdf: PathBuf,
        /// Warnings of the build.
        diagnostik: Temuan,
    },
    /// These inputs (same manifest) are already archived; nothing was written.
    SudahAda {
        /// The existing version.
        versi: String,
        /// Its folder.
        folder: PathBuf,
    },
}

/// The versions already in a year folder: (number, folder), ascending.
/// (None when the folder does not exist.)
pub fn versi_ada(dir: &Path) -> Result<Vec<(u32, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    for e in std::fs::read_dir(dir)
        .with_context(|| format!("folder arsip {} tidak dapat dibaca", dir.display()))?
    {
        let e = e?;
        let nama = e.file_name().to_string_lossy().into_owned();
        if let Some(n) = nama.strip_prefix('v').and_then(|n| n.parse::<u32>().ok())
            && e.path().is_dir()
        {
            out.push((n, e.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// The manifests carried *inside* the PDFs of a version folder (never the
/// loose `manifest.json` beside them, which anyone can edit).
fn manifest_dalam_pdf(folder: &Path) -> Vec<Manifest> {
    let Ok(isi) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut pdf: Vec<PathBuf> = isi
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
                && std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())
        })
        .collect();
    pdf.sort();
    pdf.iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| crate::verifikasi::sematan_pdf(&b).ok())
        .filter_map(|l| {
            l.into_iter()
                .find(|(n, _)| n == NAMA_MANIFEST)
                .and_then(|(_, isi)| Manifest::baca(&isi).ok())
        })
        .collect()
}

/// Archives the report of `opsi.masukan`: a new version, or the existing one
/// when the same inputs were archived before. Reads the inputs folder once;
/// never writes to an existing version.
pub fn arsipkan(opsi: &OpsiArsip) -> std::result::Result<HasilArsip, Gagal> {
    crate::periksa_keluaran(&opsi.arsip, &opsi.masukan)?;
    let (masukan, huruf, _) = crate::baca(&opsi.masukan, &opsi.huruf)?;
    arsipkan_masukan(&masukan, &huruf, &opsi.arsip)
}

/// [`arsipkan`] for an input set already in memory.
pub fn arsipkan_masukan(
    masukan: &Masukan,
    huruf: &Huruf,
    arsip: &Path,
) -> std::result::Result<HasilArsip, Gagal> {
    let mut lap = Temuan::default();
    let Some(config) = load::baca_config(masukan, &mut lap) else {
        return Err(Gagal::Data(lap));
    };
    let tahun_dir = arsip.join(config.laporan.tahun.to_string());
    let m = manifest(masukan, huruf);
    let ada = versi_ada(&tahun_dir)?;
    for (n, folder) in &ada {
        if manifest_dalam_pdf(folder).contains(&m) {
            return Ok(HasilArsip::SudahAda {
                versi: format!("v{n}"),
                folder: folder.clone(),
            });
        }
    }
    let s = crate::susun(masukan, huruf, Bentuk::Arsip)?;
    let n = match ada.last() {
        None => 1,
        Some((n, _)) => n.checked_add(1).ok_or_else(|| {
            anyhow::anyhow!(
                "nomor versi arsip di {} sudah mencapai batas (v{n}); pindahkan versi lama ke folder arsip lain",
                tahun_dir.display()
            )
        })?,
    };
    let versi = format!("v{n}");
    let folder = tahun_dir.join(&versi);
    let nama_pdf = format!("{}.pdf", crate::aman_nama(&s.config.laporan.nama_berkas));
    tulis_versi(
        &tahun_dir,
        &folder,
        &[(&nama_pdf, &s.pdf), (NAMA_MANIFEST, &m.json())],
    )?;
    Ok(HasilArsip::Baru {
        pdf: folder.join(&nama_pdf),
        versi,
        folder,
        diagnostik: s.diagnostik,
    })
}

/// Writes a version folder completely under a temporary name, then renames it
/// into place; the files are made read-only.
fn tulis_versi(tahun_dir: &Path, folder: &Path, berkas: &[(&str, &[u8])]) -> Result<()> {
    std::fs::create_dir_all(tahun_dir)
        .with_context(|| format!("folder arsip {} tidak dapat dibuat", tahun_dir.display()))?;
    let versi = nama_berkas(folder);
    crate::bersihkan_sisa(tahun_dir, &format!(".{versi}."));
    let tmp = tahun_dir.join(format!(".{versi}.{}.sementara", std::process::id()));
    let hasil = (|| -> Result<()> {
        std::fs::create_dir(&tmp)
            .with_context(|| format!("folder {} tidak dapat dibuat", tmp.display()))?;
        for (nama, isi) in berkas {
            use std::io::Write;
            let p = tmp.join(nama);
            let mut f = std::fs::File::create_new(&p)
                .with_context(|| format!("{} tidak dapat dibuat", p.display()))?;
            f.write_all(isi)?;
            f.sync_all()?;
            let mut izin = f.metadata()?.permissions();
            izin.set_readonly(true);
            std::fs::set_permissions(&p, izin)?;
        }
        if folder.exists() {
            bail!(
                "versi arsip {} sudah ada dan tidak akan ditimpa; jalankan ulang `lapkin archive`",
                folder.display()
            );
        }
        std::fs::rename(&tmp, folder)
            .with_context(|| format!("{} tidak dapat ditulis", folder.display()))?;
        Ok(())
    })();
    if hasil.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    hasil
}

/// Names in `baru` whose hash differs from `lama`, or that only one of them has.
pub fn beda_masukan(lama: &Manifest, baru: &Manifest) -> Vec<String> {
    let mut out = Vec::new();
    for b in &baru.masukan {
        match lama.masukan.iter().find(|l| l.nama == b.nama) {
            Some(l) if l.sha256 == b.sha256 => {}
            Some(_) => out.push(format!("{} (isi berbeda)", b.nama)),
            None => out.push(format!("{} (baru)", b.nama)),
        }
    }
    for l in &lama.masukan {
        if !baru.masukan.iter().any(|b| b.nama == l.nama) {
            out.push(format!("{} (tidak ada lagi)", l.nama));
        }
    }
    if lama.templat.sha256 != baru.templat.sha256 {
        out.push("templat".into());
    }
    if lama.huruf.sha256 != baru.huruf.sha256 {
        out.push("huruf".into());
    }
    if lama.alat != baru.alat {
        out.push(format!(
            "versi lapkin ({} → {})",
            lama.alat.versi, baru.alat.versi
        ));
    }
    out
}
