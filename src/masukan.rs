//! An agency's inputs held in memory: `lapkin.yaml`, each workbook and the
//! logo, as named byte buffers with where they came from.
//!
//! A [`Masukan`] is the one value every command builds a report from
//! ([`crate::susun`]): what is checked, built, hashed, attached and verified
//! are the same bytes, read once. There are three ways to get one:
//!
//! - [`Masukan::baca_folder`]: an inputs folder, read once. Only regular files
//!   are read; a symbolic link leading outside the folder, a FIFO, a device or
//!   a folder where a file belongs is refused with the file named, and every
//!   file has a size limit ([`MAKS_YAML`], [`MAKS_BUKU_KERJA`], [`MAKS_LOGO`]).
//! - [`Masukan::dari_berkas`]: named bytes, e.g. uploaded through a page.
//! - [`Masukan::dari_pdf`]: the source files attached to an archived PDF.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::diag::{Lokasi, Temuan};

/// Name of the YAML file of an input set.
pub const BERKAS_YAML: &str = "lapkin.yaml";

/// The workbooks lapkin reads, by file stem, in the order they are archived.
pub const BUKU_KERJA: &[&str] = &["anggaran", "aset", "kinerja", "pegawai"];

/// Accepted workbook extensions, in the order a folder is searched.
pub const EKSTENSI_BUKU_KERJA: &[&str] = &["xlsx", "xls", "ods", "xlsm"];

/// Largest `lapkin.yaml` accepted, in bytes (the sample's is about 20 KB).
pub const MAKS_YAML: u64 = 2_000_000;
/// Largest workbook accepted, in bytes.
pub const MAKS_BUKU_KERJA: u64 = 50_000_000;
/// Largest logo file accepted, in bytes.
pub const MAKS_LOGO: u64 = 5_000_000;

/// Where an input set came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asal {
    /// An inputs folder on disk.
    Folder(PathBuf),
    /// Bytes handed over by a program (an upload).
    Unggahan,
    /// The source files attached to an archived PDF.
    Arsip(PathBuf),
}

impl std::fmt::Display for Asal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Asal::Folder(p) => write!(f, "folder {}", p.display()),
            Asal::Unggahan => write!(f, "berkas unggahan"),
            Asal::Arsip(p) => write!(f, "berkas sumber yang terlampir di {}", p.display()),
        }
    }
}

/// One input file: its name inside the input set and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Berkas {
    /// File name without folders, e.g. `anggaran.xlsx`.
    pub nama: String,
    /// The bytes, shared, never modified.
    pub isi: Arc<[u8]>,
}

/// What kind of input a file name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jenis {
    /// `lapkin.yaml`.
    Yaml,
    /// One of [`BUKU_KERJA`] with an accepted extension.
    BukuKerja,
    /// A `.png`, `.svg` or `.jpg` picture (the logo, or an image an
    /// analysis block places).
    Gambar,
}

impl Jenis {
    /// The kind of `nama`, or `None` when lapkin never reads such a file.
    pub fn dari_nama(nama: &str) -> Option<Jenis> {
        if nama == BERKAS_YAML {
            return Some(Jenis::Yaml);
        }
        let (stem, ext) = nama.rsplit_once('.')?;
        let ext = ext.to_ascii_lowercase();
        if BUKU_KERJA.contains(&stem) && EKSTENSI_BUKU_KERJA.contains(&ext.as_str()) {
            return Some(Jenis::BukuKerja);
        }
        (!stem.is_empty() && matches!(ext.as_str(), "png" | "svg" | "jpg" | "jpeg"))
            .then_some(Jenis::Gambar)
    }

    /// The size limit for this kind of file, in bytes.
    pub fn batas(self) -> u64 {
        match self {
            Jenis::Yaml => MAKS_YAML,
            Jenis::BukuKerja => MAKS_BUKU_KERJA,
            Jenis::Gambar => MAKS_LOGO,
        }
    }
}

/// Whether `nama` is a plain file name: no folders, nothing hidden, nothing
/// that could point outside a folder.
pub fn nama_sah(nama: &str) -> bool {
    !nama.is_empty()
        && !nama.starts_with('.')
        && !nama.contains(['/', '\\', '\0', ':'])
        && nama.chars().all(|c| !c.is_control())
}

/// An agency's inputs, in memory.
#[derive(Debug, Clone)]
pub struct Masukan {
    /// Where the files came from.
    pub asal: Asal,
    /// The files, `lapkin.yaml` first, then the workbooks in [`BUKU_KERJA`]
    /// order, then pictures by name.
    berkas: Vec<Berkas>,
    /// Names of files that exist but were refused (a diagnostic says why);
    /// the loader stays silent about them instead of calling them missing.
    ditolak: Vec<String>,
    /// The national exports the derived workbooks were made from, by name,
    /// size and SHA-256 (their bytes are not kept: they hold personal data).
    sumber: Vec<crate::arsip::Sidik>,
}

fn urutan(nama: &str) -> (usize, String) {
    let rank = match Jenis::dari_nama(nama) {
        Some(Jenis::Yaml) => 0,
        Some(Jenis::BukuKerja) => {
            1 + BUKU_KERJA
                .iter()
                .position(|s| nama.starts_with(&format!("{s}.")))
                .unwrap_or(0)
        }
        _ => 1 + BUKU_KERJA.len(),
    };
    (rank, nama.to_string())
}

impl Masukan {
    /// Named bytes (e.g. uploaded files). Every name must be a plain file name
    /// lapkin reads ([`Jenis::dari_nama`]) or a national export the
    /// `lapkin.yaml` among them lists under `ekspor.berkas`, within its size
    /// limit; a problem is recorded with the file's name and the file left
    /// out. Exports are turned into the workbooks they stand for
    /// ([`crate::ekspor::terapkan`]).
    pub fn dari_berkas(asal: Asal, berkas: Vec<(String, Vec<u8>)>, lap: &mut Temuan) -> Masukan {
        let mut m = Masukan::dari_berkas_mentah(asal, berkas, lap);
        crate::ekspor::terapkan(&mut m, lap);
        m
    }

    /// [`Masukan::dari_berkas`] without turning exports into workbooks.
    fn dari_berkas_mentah(asal: Asal, berkas: Vec<(String, Vec<u8>)>, lap: &mut Temuan) -> Masukan {
        let ekspor: Vec<String> = berkas
            .iter()
            .find(|(n, _)| n == BERKAS_YAML)
            .map(|(_, isi)| crate::ekspor::nama_berkas(isi))
            .unwrap_or_default();
        let mut m = Masukan {
            asal,
            berkas: Vec::new(),
            ditolak: Vec::new(),
            sumber: Vec::new(),
        };
        for (nama, isi) in berkas {
            let jenis = if nama_sah(&nama) {
                Jenis::dari_nama(&nama).or(ekspor.contains(&nama).then_some(Jenis::BukuKerja))
            } else {
                None
            };
            let Some(jenis) = jenis else {
                lap.galat(
                    Some(Lokasi::berkas(&nama)),
                    "nama berkas ini tidak dikenal sebagai masukan lapkin",
                    Some(format!(
                        "masukan lapkin: {BERKAS_YAML}, buku kerja {} (.xlsx, .xls, .ods) dan logo .png/.svg",
                        BUKU_KERJA.join(", ")
                    )),
                );
                continue;
            };
            if isi.len() as u64 > jenis.batas() {
                terlalu_besar(&nama, jenis.batas(), lap);
                m.ditolak.push(nama);
                continue;
            }
            m.berkas.retain(|b| b.nama != nama);
            m.berkas.push(Berkas {
                nama,
                isi: isi.into(),
            });
        }
        m.berkas.sort_by_key(|b| urutan(&b.nama));
        m
    }

    /// Reads an inputs folder once: `lapkin.yaml`, every workbook of
    /// [`BUKU_KERJA`] present (the first of [`EKSTENSI_BUKU_KERJA`] found),
    /// the logo `instansi.logo` names, and the national exports
    /// `ekspor.berkas` names, which [`crate::ekspor::terapkan`] turns into
    /// workbooks. Returns `None` (with an error
    /// recorded) when the folder itself cannot be read.
    pub fn baca_folder(dir: &Path, lap: &mut Temuan) -> Option<Masukan> {
        let akar = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => dir.canonicalize().ok(),
            _ => None,
        };
        let Some(akar) = akar else {
            lap.galat(
                Some(Lokasi::berkas(&dir.display().to_string())),
                "folder masukan tidak ditemukan",
                Some("sebutkan folder yang berisi lapkin.yaml dan buku kerja".into()),
            );
            return None;
        };
        let mut m = Masukan {
            asal: Asal::Folder(dir.to_path_buf()),
            berkas: Vec::new(),
            ditolak: Vec::new(),
            sumber: Vec::new(),
        };
        let mut nama: Vec<String> = vec![BERKAS_YAML.to_string()];
        for stem in BUKU_KERJA {
            if let Some(ext) = EKSTENSI_BUKU_KERJA
                .iter()
                .find(|ext| std::fs::symlink_metadata(dir.join(format!("{stem}.{ext}"))).is_ok())
            {
                nama.push(format!("{stem}.{ext}"));
            }
        }
        for n in nama {
            m.baca_satu(&akar, &n, lap);
        }
        for gambar in m.nama_gambar() {
            if m.berkas(&gambar).is_none() && !m.ditolak.contains(&gambar) {
                m.baca_satu(&akar, &gambar, lap);
            }
        }
        let ekspor = m
            .yaml()
            .map(|y| crate::ekspor::nama_berkas(&y.isi))
            .unwrap_or_default();
        for n in ekspor {
            if nama_sah(&n) && Jenis::dari_nama(&n).is_none() && m.berkas(&n).is_none() {
                m.baca_satu(&akar, &n, lap);
            }
        }
        m.berkas.sort_by_key(|b| urutan(&b.nama));
        crate::ekspor::terapkan(&mut m, lap);
        Some(m)
    }

    /// Reads `nama` of the folder `akar` (canonical) if it exists, refusing
    /// anything but a regular file inside the folder.
    fn baca_satu(&mut self, akar: &Path, nama: &str, lap: &mut Temuan) {
        let path = akar.join(nama);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return; // absent: the loader says what is missing
        };
        let tolak = |m: &mut Masukan, lap: &mut Temuan, pesan: String, saran: &str| {
            lap.galat(Some(Lokasi::berkas(nama)), pesan, Some(saran.to_string()));
            m.ditolak.push(nama.to_string());
        };
        if meta.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(tujuan) if tujuan.starts_with(akar) => {}
                Ok(tujuan) => {
                    return tolak(
                        self,
                        lap,
                        format!(
                            "berkas ini tautan (symlink) ke {} di luar folder masukan; lapkin hanya membaca berkas di dalam folder masukan",
                            tujuan.display()
                        ),
                        "salin berkas aslinya ke folder masukan sebagai ganti tautan",
                    );
                }
                Err(_) => {
                    return tolak(
                        self,
                        lap,
                        "berkas ini tautan (symlink) yang tujuannya tidak ada".into(),
                        "salin berkas aslinya ke folder masukan sebagai ganti tautan",
                    );
                }
            }
        }
        // A name lapkin does not know by itself is a national export named
        // in `ekspor.berkas`: a workbook, with a workbook's limit.
        let jenis = Jenis::dari_nama(nama).unwrap_or(Jenis::BukuKerja);
        match baca_berkas_biasa(&path, jenis.batas()) {
            Ok(isi) => self.berkas.push(Berkas {
                nama: nama.to_string(),
                isi: isi.into(),
            }),
            Err(BacaGagal::BukanBerkas(apa)) => tolak(
                self,
                lap,
                format!("ini {apa}, bukan berkas biasa"),
                "letakkan berkas yang sebenarnya (disimpan dari program lembar kerja atau penyunting teks) dengan nama ini",
            ),
            Err(BacaGagal::TerlaluBesar) => {
                terlalu_besar(nama, jenis.batas(), lap);
                self.ditolak.push(nama.to_string());
            }
            Err(BacaGagal::Io(e)) => tolak(
                self,
                lap,
                format!("berkas tidak dapat dibaca ({})", crate::diag::galat_os(&e)),
                "periksa izin berkas dan bahwa berkas tidak sedang dikunci program lain",
            ),
        }
    }

    /// The source files attached to a PDF (an archive made by `lapkin
    /// archive`), in memory; attachments lapkin does not read (the manifest)
    /// are left out. `pdf_asal` names the PDF in messages.
    pub fn dari_pdf(pdf: &[u8], pdf_asal: &Path) -> Result<Masukan> {
        Masukan::dari_sematan(crate::verifikasi::sematan_pdf(pdf)?, pdf_asal)
    }

    /// [`Masukan::dari_pdf`] for attachments already extracted: (name, bytes).
    pub fn dari_sematan(sematan: Vec<(String, Vec<u8>)>, pdf_asal: &Path) -> Result<Masukan> {
        let mut lap = Temuan::default();
        let sumber = sematan
            .iter()
            .find(|(n, _)| n == crate::arsip::NAMA_MANIFEST)
            .and_then(|(_, isi)| crate::arsip::Manifest::baca(isi).ok())
            .map(|m| m.ekspor)
            .unwrap_or_default();
        let berkas = sematan
            .into_iter()
            .filter(|(n, _)| nama_sah(n) && Jenis::dari_nama(n).is_some())
            .collect();
        let mut m = Masukan::dari_berkas(Asal::Arsip(pdf_asal.to_path_buf()), berkas, &mut lap);
        m.sumber = sumber;
        if lap.ada_galat() {
            anyhow::bail!("lampiran PDF tidak dapat dipakai:\n{lap}");
        }
        Ok(m)
    }

    /// Adds a workbook lapkin derived from national exports.
    pub fn sisipkan(&mut self, berkas: Berkas) {
        self.berkas.retain(|b| b.nama != berkas.nama);
        self.berkas.push(berkas);
        self.berkas.sort_by_key(|b| urutan(&b.nama));
    }

    /// Marks a file as refused: a diagnostic already says why it is missing
    /// (e.g. a workbook that could not be derived from its exports).
    pub fn tolak(&mut self, nama: &str) {
        if !self.ditolak.iter().any(|d| d == nama) {
            self.ditolak.push(nama.to_string());
        }
    }

    /// Records the national exports the derived workbooks came from.
    pub fn catat_sumber(&mut self, sumber: Vec<crate::arsip::Sidik>) {
        self.sumber = sumber;
    }

    /// The national exports (SIPD, SIASN, asset register) this set's derived
    /// workbooks were made from: name, size and SHA-256. Their bytes are not
    /// part of the set and are never attached to an archive.
    pub fn sumber_ekspor(&self) -> &[crate::arsip::Sidik] {
        &self.sumber
    }

    /// Every file, `lapkin.yaml` first.
    pub fn semua(&self) -> &[Berkas] {
        &self.berkas
    }

    /// The file named `nama`.
    pub fn berkas(&self, nama: &str) -> Option<&Berkas> {
        self.berkas.iter().find(|b| b.nama == nama)
    }

    /// `lapkin.yaml`.
    pub fn yaml(&self) -> Option<&Berkas> {
        self.berkas(BERKAS_YAML)
    }

    /// The workbook `stem` in whichever accepted format is present.
    pub fn buku_kerja(&self, stem: &str) -> Option<&Berkas> {
        EKSTENSI_BUKU_KERJA
            .iter()
            .find_map(|ext| self.berkas(&format!("{stem}.{ext}")))
    }

    /// Whether a file by this name (or, for a workbook stem, any of its
    /// formats) exists but was refused; a diagnostic already says why.
    pub fn ditolak(&self, nama_atau_stem: &str) -> bool {
        self.ditolak.iter().any(|d| {
            d == nama_atau_stem
                || d.strip_prefix(nama_atau_stem)
                    .is_some_and(|r| r.starts_with('.'))
        })
    }

    /// Replaces (or adds) one file, e.g. after an upload or a change on disk.
    pub fn ganti(&mut self, nama: &str, isi: Vec<u8>, lap: &mut Temuan) {
        let baru =
            Masukan::dari_berkas_mentah(self.asal.clone(), vec![(nama.to_string(), isi)], lap);
        self.ditolak.retain(|d| d != nama);
        self.ditolak.extend(baru.ditolak);
        self.berkas.retain(|b| b.nama != nama);
        self.berkas.extend(baru.berkas);
        self.berkas.sort_by_key(|b| urutan(&b.nama));
    }
    /// The name of the logo `instansi.logo` of this set's `lapkin.yaml`
    /// names, when it is a picture lapkin would read.
    pub fn nama_logo(&self) -> Option<String> {
        self.yaml()
            .and_then(|y| nama_logo(&y.isi))
            .filter(|l| nama_sah(l) && Jenis::dari_nama(l) == Some(Jenis::Gambar))
    }

    /// Every picture this set's `lapkin.yaml` names and lapkin would read:
    /// the logo, then the images of analysis blocks (`gambar:`).
    pub fn nama_gambar(&self) -> Vec<String> {
        let mut out: Vec<String> = self.nama_logo().into_iter().collect();
        for g in self
            .yaml()
            .map(|y| nama_gambar_analisis(&y.isi))
            .unwrap_or_default()
        {
            if nama_sah(&g) && Jenis::dari_nama(&g) == Some(Jenis::Gambar) && !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }

    /// Removes one file (and any refusal recorded for it).
    pub fn hapus(&mut self, nama: &str) {
        self.berkas.retain(|b| b.nama != nama);
        self.ditolak.retain(|d| d != nama);
    }

    /// After `nama` changed on disk (created, written, renamed or removed),
    /// re-reads just what [`Masukan::baca_folder`] would now read for it,
    /// with the same checks, through [`Masukan::ganti`]: the workbook of that
    /// stem (whichever accepted format the folder holds first), or
    /// `lapkin.yaml` and the logo it names, or the logo. Returns the names
    /// whose content changed (empty when the file is not an input lapkin reads,
    /// or was saved unchanged). Only for a set read from a folder.
    pub fn baca_ulang(&mut self, nama: &str, lap: &mut Temuan) -> Vec<String> {
        let Asal::Folder(dir) = self.asal.clone() else {
            return Vec::new();
        };
        let Ok(akar) = dir.canonicalize() else {
            lap.galat(
                Some(Lokasi::berkas(&dir.display().to_string())),
                "folder masukan tidak ditemukan lagi (dipindahkan atau dihapus?)",
                Some("kembalikan folder itu, atau hentikan lapkin watch dan jalankan lagi dengan --masukan yang benar".into()),
            );
            return Vec::new();
        };
        if !nama_sah(nama) {
            return Vec::new();
        }
        // Workbooks derived from national exports depend on the exports and
        // on `ekspor` in lapkin.yaml: any change to one of them reads the
        // folder again, as `build` would.
        let ekspor = |m: &Masukan| {
            m.yaml()
                .map(|y| crate::ekspor::nama_berkas(&y.isi))
                .unwrap_or_default()
        };
        let lama = ekspor(self);
        if nama == BERKAS_YAML || lama.iter().any(|n| n == nama) {
            let mut l = Temuan::default();
            if let Some(baru) = Masukan::baca_folder(&dir, &mut l)
                && (!lama.is_empty() || !ekspor(&baru).is_empty())
            {
                lap.daftar.extend(l.daftar);
                let sama = baru.berkas == self.berkas
                    && baru.sumber == self.sumber
                    && baru.ditolak == self.ditolak;
                *self = baru;
                return if sama {
                    Vec::new()
                } else {
                    vec![nama.to_string()]
                };
            }
        }
        let mut berubah = Vec::new();
        match Jenis::dari_nama(nama) {
            Some(Jenis::Yaml) => {
                let gambar_lama = self.nama_gambar();
                self.segarkan(&akar, &[BERKAS_YAML.to_string()], lap, &mut berubah);
                let gambar_baru = self.nama_gambar();
                for l in gambar_lama.iter().filter(|l| !gambar_baru.contains(l)) {
                    self.segarkan(&akar, std::slice::from_ref(l), lap, &mut berubah);
                }
                for l in gambar_baru {
                    self.segarkan(&akar, &[l], lap, &mut berubah);
                }
            }
            Some(Jenis::BukuKerja) => {
                let (stem, _) = nama.rsplit_once('.').unwrap_or((nama, ""));
                let semua: Vec<String> = EKSTENSI_BUKU_KERJA
                    .iter()
                    .map(|e| format!("{stem}.{e}"))
                    .collect();
                self.segarkan(&akar, &semua, lap, &mut berubah);
            }
            Some(Jenis::Gambar) if self.nama_gambar().iter().any(|g| g == nama) => {
                self.segarkan(&akar, &[nama.to_string()], lap, &mut berubah);
            }
            _ => {}
        }
        berubah
    }

    /// Re-reads the first of `calon` present in the folder (the others are
    /// dropped, as [`Masukan::baca_folder`] reads only the first), recording
    /// into `berubah` the names whose content or presence changed.
    fn segarkan(
        &mut self,
        akar: &Path,
        calon: &[String],
        lap: &mut Temuan,
        berubah: &mut Vec<String>,
    ) {
        let ada = calon
            .iter()
            .find(|n| std::fs::symlink_metadata(akar.join(n)).is_ok());
        for n in calon {
            if Some(n) == ada {
                continue;
            }
            if self.berkas(n).is_some() || self.ditolak.contains(n) {
                berubah.push(n.clone());
            }
            self.hapus(n);
        }
        let Some(n) = ada else {
            return; // absent: the loader says what is missing
        };
        let mut baru = Masukan {
            asal: self.asal.clone(),
            berkas: Vec::new(),
            ditolak: Vec::new(),
            sumber: Vec::new(),
        };
        baru.baca_satu(akar, n, lap);
        match baru.berkas.pop() {
            Some(b) => {
                if self.berkas(n).map(|l| &l.isi) != Some(&b.isi) || self.ditolak.contains(n) {
                    berubah.push(n.clone());
                    self.ganti(n, b.isi.to_vec(), lap);
                }
            }
            None => {
                // Refused: a diagnostic says why; the old bytes are not used.
                self.hapus(n);
                self.ditolak.push(n.clone());
                berubah.push(n.clone());
            }
        }
    }
}

/// The `gambar:` of every analysis block of a YAML text
/// (`perencanaan.tujuan[].sasaran[].analisis[]`); any problem with the YAML
/// is left to the full parse.
fn nama_gambar_analisis(yaml: &[u8]) -> Vec<String> {
    let Some(teks) = std::str::from_utf8(yaml).ok() else {
        return Vec::new();
    };
    if crate::load::alias_yaml(teks).is_some() {
        return Vec::new();
    }
    let Ok(v) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(teks) else {
        return Vec::new();
    };
    let daftar = |v: Option<&serde_yaml_ng::Value>| {
        v.and_then(|x| x.as_sequence()).cloned().unwrap_or_default()
    };
    let mut out = Vec::new();
    for t in daftar(v.get("perencanaan").and_then(|p| p.get("tujuan"))) {
        for s in daftar(t.get("sasaran")) {
            for b in daftar(s.get("analisis")) {
                if let Some(g) = b.get("gambar").and_then(|g| g.as_str()) {
                    out.push(g.trim().to_string());
                }
            }
        }
    }
    out
}

/// `instansi.logo` of a YAML text, if it is a string; any problem with the
/// YAML is left to the full parse.
fn nama_logo(yaml: &[u8]) -> Option<String> {
    let teks = std::str::from_utf8(yaml).ok()?;
    // Aliases are refused by the loader; never expand them here.
    if crate::load::alias_yaml(teks).is_some() {
        return None;
    }
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(teks).ok()?;
    Some(v.get("instansi")?.get("logo")?.as_str()?.trim().to_string())
}

fn terlalu_besar(nama: &str, batas: u64, lap: &mut Temuan) {
    lap.galat(
        Some(Lokasi::berkas(nama)),
        format!(
            "berkas terlalu besar (paling besar {})",
            crate::format::ukuran_berkas(batas)
        ),
        Some(match Jenis::dari_nama(nama) {
            Some(Jenis::BukuKerja) => {
                "simpan hanya lembar yang diperlukan lapkin di buku kerja ini".into()
            }
            Some(Jenis::Gambar) => "perkecil gambar logo (mis. 1000 × 1000 piksel)".into(),
            _ => "narasi sepanjang ini bukan isi lapkin.yaml yang wajar; periksa berkasnya".into(),
        }),
    );
}

enum BacaGagal {
    BukanBerkas(&'static str),
    TerlaluBesar,
    Io(std::io::Error),
}

/// Reads a regular file of at most `batas` bytes. A FIFO is opened without
/// blocking and refused by what the opened handle is, so no race with the
/// check before can make a read hang.
fn baca_berkas_biasa(path: &Path, batas: u64) -> std::result::Result<Vec<u8>, BacaGagal> {
    let jenis = |ft: std::fs::FileType| -> Option<&'static str> {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_file() {
            None
        } else if ft.is_dir() {
            Some("folder")
        } else if ft.is_fifo() {
            Some("FIFO (pipa bernama)")
        } else if ft.is_block_device() || ft.is_char_device() {
            Some("perangkat")
        } else if ft.is_socket() {
            Some("soket")
        } else {
            Some("berkas khusus")
        }
    };
    let meta = std::fs::metadata(path).map_err(BacaGagal::Io)?;
    if let Some(apa) = jenis(meta.file_type()) {
        return Err(BacaGagal::BukanBerkas(apa));
    }
    let mut f = {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO that replaced the file since the check
        // returns at once instead of waiting for a writer.
        const O_NONBLOCK: i32 = 0o4000;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(O_NONBLOCK)
            .open(path)
            .map_err(BacaGagal::Io)?
    };
    let meta = f.metadata().map_err(BacaGagal::Io)?;
    if let Some(apa) = jenis(meta.file_type()) {
        return Err(BacaGagal::BukanBerkas(apa));
    }
    if meta.len() > batas {
        return Err(BacaGagal::TerlaluBesar);
    }
    let mut isi = Vec::with_capacity(meta.len() as usize);
    (&mut f)
        .take(batas + 1)
        .read_to_end(&mut isi)
        .map_err(BacaGagal::Io)?;
    if isi.len() as u64 > batas {
        return Err(BacaGagal::TerlaluBesar);
    }
    Ok(isi)
}

/// Reads the inputs of a folder for a command that only needs them as files
/// (e.g. `sign` reading the signer from `lapkin.yaml`); errors as one message.
pub fn baca_folder_atau_galat(dir: &Path) -> std::result::Result<Masukan, Temuan> {
    let mut lap = Temuan::default();
    match Masukan::baca_folder(dir, &mut lap) {
        Some(m) if !lap.ada_galat() => Ok(m),
        _ => Err(lap),
    }
}

/// A file's bytes as text, for messages that must name it.
pub fn teks(b: &Berkas) -> Result<&str> {
    std::str::from_utf8(&b.isi).with_context(|| format!("{} bukan teks UTF-8", b.nama))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nama_masukan() {
        assert_eq!(Jenis::dari_nama("lapkin.yaml"), Some(Jenis::Yaml));
        assert_eq!(Jenis::dari_nama("anggaran.xlsx"), Some(Jenis::BukuKerja));
        assert_eq!(Jenis::dari_nama("kinerja.ODS"), Some(Jenis::BukuKerja));
        assert_eq!(Jenis::dari_nama("logo.png"), Some(Jenis::Gambar));
        assert_eq!(Jenis::dari_nama("manifest.json"), None);
        assert_eq!(Jenis::dari_nama("rahasia.xlsx"), None);
        assert!(!nama_sah("../lapkin.yaml"));
        assert!(!nama_sah(".lapkin.yaml"));
        assert!(!nama_sah("a/b.png"));
    }

    #[test]
    fn urutan_tetap() {
        let mut lap = Temuan::default();
        let m = Masukan::dari_berkas(
            Asal::Unggahan,
            vec![
                ("logo.png".into(), vec![1]),
                ("pegawai.xlsx".into(), vec![2]),
                ("lapkin.yaml".into(), vec![3]),
                ("anggaran.xls".into(), vec![4]),
            ],
            &mut lap,
        );
        let nama: Vec<&str> = m.semua().iter().map(|b| b.nama.as_str()).collect();
        assert_eq!(
            nama,
            ["lapkin.yaml", "anggaran.xls", "pegawai.xlsx", "logo.png"]
        );
        assert!(!lap.ada_galat());
    }

    #[test]
    fn unggahan_yang_bukan_masukan_ditolak() {
        let mut lap = Temuan::default();
        let m = Masukan::dari_berkas(
            Asal::Unggahan,
            vec![("../etc/passwd".into(), vec![1])],
            &mut lap,
        );
        assert!(m.semua().is_empty());
        assert!(lap.to_string().contains("tidak dikenal sebagai masukan"));
    }
}
