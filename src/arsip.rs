//! Archive: the report as PDF/A-3b carrying its own sources, in an
//! append-only, versioned folder.
//!
//! `lapkin archive` attaches to the PDF every input file ([`load::berkas_masukan`]:
//! `lapkin.yaml` and the workbooks) and a [`Manifest`] of SHA-256 hashes (inputs,
//! the templates compiled into the binary, the fonts), then writes the PDF and a
//! copy of `manifest.json` to `<arsip>/<tahun>/v<N>/`.
//!
//! - The manifest holds no clock and no path, so the same inputs give the same
//!   manifest, hence the same PDF: that is what lets `lapkin verify`
//!   rebuild an archived PDF from its own attachments and compare bytes.
//! - A version folder is written under a temporary name and renamed into place;
//!   an existing version is never written to, replaced or deleted.
//! - Archiving inputs whose manifest equals an existing version's creates
//!   nothing and names that version.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::compile::Lampiran;
use crate::diag::Laporan;
use crate::{Gagal, Susunan, load, render};

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
        _ => "application/octet-stream",
    }
}

/// The input files of a folder, read once: (name, bytes).
pub fn baca_masukan(masukan: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    load::berkas_masukan(masukan)
        .into_iter()
        .map(|p| {
            let isi = std::fs::read(&p).with_context(|| {
                format!(
                    "{} tidak dapat dibaca (pastikan berkas ada dan dapat dibaca)",
                    p.display()
                )
            })?;
            Ok((nama_berkas(&p), isi))
        })
        .collect()
}

/// The manifest of these inputs with the templates of this program and the
/// fonts of `huruf`.
pub fn manifest(masukan: &[(String, Vec<u8>)], huruf: &Path) -> Result<Manifest> {
    let templat = render::TEMPLAT
        .iter()
        .map(|(nama, teks)| Sidik::dari(nama, teks.as_bytes()))
        .collect();
    let mut font = Vec::new();
    for p in crate::compile::berkas_huruf(huruf)? {
        let isi = std::fs::read(&p)
            .with_context(|| format!("huruf {} tidak dapat dibaca", p.display()))?;
        font.push(Sidik::dari(&nama_berkas(&p), &isi));
    }
    Ok(Manifest {
        format: FORMAT_MANIFEST,
        alat: Alat {
            nama: "lapkin".into(),
            versi: env!("CARGO_PKG_VERSION").into(),
        },
        templat: Kumpulan::dari(templat),
        huruf: Kumpulan::dari(font),
        masukan: masukan.iter().map(|(n, isi)| Sidik::dari(n, isi)).collect(),
    })
}

/// The attachments of the archival PDF: each input (relationship `source`),
/// then the manifest (`supplement`).
pub fn lampiran(masukan: &[(String, Vec<u8>)], manifest: &Manifest) -> Vec<Lampiran> {
    let mut out: Vec<Lampiran> = masukan
        .iter()
        .map(|(nama, isi)| Lampiran {
            nama: nama.clone(),
            isi: isi.clone(),
            mime: mime(nama).into(),
            deskripsi: if nama == load::BERKAS_YAML {
                "Identitas dan narasi laporan (sumber lapkin)".into()
            } else {
                format!("Buku kerja sumber data laporan: {nama}")
            },
            hubungan: "source".into(),
        })
        .collect();
    out.push(Lampiran {
        nama: NAMA_MANIFEST.into(),
        isi: manifest.json(),
        mime: mime(NAMA_MANIFEST).into(),
        deskripsi:
            "Manifest lapkin: versi alat dan SHA-256 setiap berkas masukan, templat dan huruf"
                .into(),
        hubungan: "supplement".into(),
    });
    out
}

/// Builds the archival PDF (PDF/A-3b with sources attached) of a folder, in
/// memory. Also used by verification to rebuild from extracted attachments.
pub fn susun_arsip(
    masukan: &Path,
    huruf: &Path,
) -> std::result::Result<(Susunan, Manifest), Gagal> {
    let berkas = baca_masukan_atau_diagnostik(masukan)?;
    let m = manifest(&berkas, huruf)?;
    let s = crate::susun(masukan, huruf, lampiran(&berkas, &m), |_, _| Ok(()))?;
    // The attached bytes were read before the build read the files again: a
    // file changed in between would make the PDF disagree with its attachments.
    if baca_masukan(masukan)? != berkas {
        return Err(anyhow::anyhow!(
            "berkas masukan di {} berubah selama pengarsipan; ulangi setelah berkas selesai disimpan",
            masukan.display()
        )
        .into());
    }
    Ok((s, m))
}

/// The inputs; a missing `lapkin.yaml` (or folder) becomes the build's own diagnostics.
fn baca_masukan_atau_diagnostik(
    masukan: &Path,
) -> std::result::Result<Vec<(String, Vec<u8>)>, Gagal> {
    match baca_masukan(masukan) {
        Ok(b) => Ok(b),
        Err(e) => {
            let (_, lap) = crate::hitung(masukan);
            if lap.ada_galat() {
                Err(Gagal::Data(lap))
            } else {
                Err(e.into())
            }
        }
    }
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
        diagnostik: Laporan,
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
fn versi_ada(dir: &Path) -> Result<Vec<(u32, PathBuf)>> {
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

/// Archives the report of `opsi.masukan`: a new version, or the existing one
/// when the same inputs were archived before. Never writes to an existing version.
pub fn arsipkan(opsi: &OpsiArsip) -> std::result::Result<HasilArsip, Gagal> {
    let berkas = baca_masukan_atau_diagnostik(&opsi.masukan)?;
    let mut lap = Laporan::default();
    let Some(config) = load::baca_config(&opsi.masukan, &mut lap) else {
        return Err(Gagal::Data(lap));
    };
    let tahun_dir = opsi.arsip.join(config.laporan.tahun.to_string());
    let m = manifest(&berkas, &opsi.huruf)?;
    let ada = versi_ada(&tahun_dir)?;
    for (n, folder) in &ada {
        if let Ok(isi) = std::fs::read(folder.join(NAMA_MANIFEST))
            && Manifest::baca(&isi).is_ok_and(|lama| lama == m)
        {
            return Ok(HasilArsip::SudahAda {
                versi: format!("v{n}"),
                folder: folder.clone(),
            });
        }
    }
    let (s, m2) = susun_arsip(&opsi.masukan, &opsi.huruf)?;
    if m2 != m {
        return Err(anyhow::anyhow!(
            "berkas masukan di {} berubah selama pengarsipan; ulangi setelah berkas selesai disimpan",
            opsi.masukan.display()
        )
        .into());
    }
    let n = ada.last().map(|(n, _)| n + 1).unwrap_or(1);
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
