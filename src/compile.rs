//! Compile: the rendered Typst chapters into a PDF, in-process, with the fonts of
//! `fonts/` only, and no clock: the same sources give the same bytes.
//!
//! A plain build is PDF/A-2b. With attachments ([`Metadata::lampiran`], used by
//! [`crate::arsip`]) the PDF is PDF/A-3b: the attached bytes are served to Typst
//! as binary files of the [`World`] and named to `pdf.attach` through
//! `sys.inputs.lampiran` (see `templates/main.typ`); they never become code.

use std::path::Path;

use anyhow::{Context, Result, bail};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Array, Bytes, Datetime, Dict, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::render::Sumber;

/// The fonts of a folder, loaded once, in sorted file order so indices are stable.
pub struct Huruf {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The font files of `dir` (`.ttf`, `.otf`, `.ttc`), in sorted order so font
/// indices — and so the PDF — are the same on every machine.
pub fn berkas_huruf(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("folder huruf {} tidak dapat dibaca", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_lowercase)
                    .as_deref(),
                Some("ttf" | "otf" | "ttc")
            )
        })
        .collect();
    paths.sort();
    Ok(paths)
}

impl Huruf {
    /// Loads every `.ttf`/`.otf` of `dir`.
    pub fn muat(dir: &Path) -> Result<Huruf> {
        let paths = berkas_huruf(dir)?;
        let mut fonts = Vec::new();
        for p in paths {
            let data = std::fs::read(&p)
                .with_context(|| format!("huruf {} tidak dapat dibaca", p.display()))?;
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        if fonts.is_empty() {
            bail!("tidak ada berkas huruf (.ttf/.otf) di {}", dir.display());
        }
        Ok(Huruf {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        })
    }

    /// Family names available, lowercase.
    pub fn keluarga(&self) -> Vec<String> {
        self.book
            .families()
            .map(|(name, _)| name.to_lowercase())
            .collect()
    }
}

/// Metadata that goes into the PDF.
pub struct Metadata {
    /// Document date (the signing date), as year, month, day.
    pub tanggal: (i32, u8, u8),
    /// Strings passed to the document through `sys.inputs` (data, never code).
    pub masukan: Vec<(String, String)>,
    /// Files to attach; when any, the PDF is PDF/A-3b instead of PDF/A-2b.
    pub lampiran: Vec<Lampiran>,
}

/// A file embedded in the PDF (PDF/A-3b "associated file").
#[derive(Debug, Clone)]
pub struct Lampiran {
    /// File name inside the PDF, e.g. `anggaran.xlsx` (no folders).
    pub nama: String,
    /// The bytes, attached as they are.
    pub isi: Vec<u8>,
    /// MIME type, e.g. `application/json`.
    pub mime: String,
    /// Human-readable description shown by PDF readers.
    pub deskripsi: String,
    /// Relationship to the document: `source` (the report was made from it)
    /// or `supplement`.
    pub hubungan: String,
}

struct Dunia<'a> {
    library: LazyHash<Library>,
    huruf: &'a Huruf,
    sources: Vec<Source>,
    /// Binary files the document reads by name: attachments and the logo.
    berkas: Vec<(FileId, Bytes)>,
    main: FileId,
    today: Datetime,
}

fn file_id(name: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(name).expect("nama berkas templat sah"),
    )
    .intern()
}

impl World for Dunia<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.huruf.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, b)) = self.berkas.iter().find(|(f, _)| *f == id) {
            return Ok(b.clone());
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_string()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.huruf.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Compiles the chapters; `main.typ` must be among them. Returns the PDF bytes
/// and Typst's warnings as text.
pub fn kompilasi(
    sumber: &[Sumber],
    huruf: &Huruf,
    meta: &Metadata,
) -> Result<(Vec<u8>, Vec<String>)> {
    kompilasi_dengan_berkas(sumber, &[], huruf, meta)
}

/// Like [`kompilasi`], with binary files (e.g. `logo.png`) the document may
/// read by name: (name inside the Typst world, bytes).
pub fn kompilasi_dengan_berkas(
    sumber: &[Sumber],
    berkas: &[(String, Vec<u8>)],
    huruf: &Huruf,
    meta: &Metadata,
) -> Result<(Vec<u8>, Vec<String>)> {
    let sources: Vec<Source> = sumber
        .iter()
        .map(|s| Source::new(file_id(&s.nama), s.teks.clone()))
        .collect();
    let mut inputs = Dict::new();
    for (k, v) in &meta.masukan {
        inputs.insert(k.as_str().into(), v.as_str().into_value());
    }
    let mut daftar = Array::new();
    for l in &meta.lampiran {
        let mut d = Dict::new();
        d.insert("nama".into(), l.nama.as_str().into_value());
        d.insert("mime".into(), l.mime.as_str().into_value());
        d.insert("deskripsi".into(), l.deskripsi.as_str().into_value());
        d.insert("hubungan".into(), l.hubungan.as_str().into_value());
        daftar.push(d.into_value());
    }
    inputs.insert("lampiran".into(), daftar.into_value());
    let mut lampiran = Vec::new();
    for l in &meta.lampiran {
        let id = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new(&l.nama)
                .map_err(|_| anyhow::anyhow!("nama lampiran {:?} tidak sah", l.nama))?,
        )
        .intern();
        if l.nama.contains('/') || sources.iter().any(|s| s.id() == id) {
            bail!(
                "nama lampiran {:?} tidak sah atau bentrok dengan templat",
                l.nama
            );
        }
        lampiran.push((id, Bytes::new(l.isi.clone())));
    }
    let standar = if meta.lampiran.is_empty() {
        PdfStandard::A_2b
    } else {
        PdfStandard::A_3b
    };
    let (y, m, d) = meta.tanggal;
    let today = Datetime::from_ymd(y, m, d).context("tanggal dokumen tidak sah")?;
    let world = Dunia {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        huruf,
        sources,
        berkas: lampiran
            .into_iter()
            .chain(
                berkas
                    .iter()
                    .map(|(n, b)| (file_id(n), Bytes::new(b.clone()))),
            )
            .collect(),
        main: file_id("main.typ"),
        today,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let mut warnings: Vec<String> = warned.warnings.iter().map(|w| pesan(&world, w)).collect();
    let doc = match warned.output {
        Ok(doc) => doc,
        Err(errors) => {
            let msgs: Vec<String> = errors.iter().map(|e| pesan(&world, e)).collect();
            bail!("penyusunan Typst gagal:\n{}", msgs.join("\n"));
        }
    };
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom("lapkin".into()),
        timestamp: Some(Timestamp::new_utc(today)),
        standards: PdfStandards::new(&[standar])
            .map_err(|e| anyhow::anyhow!("standar PDF: {e:?}"))?,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| pesan(&world, e)).collect();
        anyhow::anyhow!("ekspor PDF gagal:\n{}", msgs.join("\n"))
    })?;
    warnings.retain(|w| !w.is_empty());
    Ok((pdf, warnings))
}

/// A Typst diagnostic as `bab3.typ:120: message`, so a template error names the chapter and line.
fn pesan(world: &Dunia, d: &SourceDiagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "galat",
        Severity::Warning => "peringatan",
    };
    let place = d.span.id().and_then(|id| {
        let src = world.source(id).ok()?;
        let range = world.range(d.span)?;
        let line = src.lines().byte_to_line(range.start)? + 1;
        Some(format!("{}:{line}", id.vpath().get_without_slash()))
    });
    let hints: String = d
        .hints
        .iter()
        .map(|h| format!("\n  saran: {}", h.v))
        .collect();
    match place {
        Some(p) => format!("{level}: {p}: {}{hints}", d.message),
        None => format!("{level}: {}{hints}", d.message),
    }
}
