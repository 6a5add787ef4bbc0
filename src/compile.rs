//! Compile: the rendered Typst chapters into a PDF, in-process, with the fonts of
//! `fonts/` only, and no clock: the same sources give the same bytes.
//!
//! A plain build is PDF/A-2a + PDF/UA-1. With embedded files ([`Metadata::sematan`], used
//! by [`crate::arsip`]) the PDF is PDF/A-3a + PDF/UA-1: the bytes are served to Typst as
//! binary files of the [`World`], which `templates/main.typ` names to
//! `pdf.attach` (the names come from the view, escaped); they never become
//! code. No data reaches Typst through `sys.inputs`: the rendered sources are
//! the one channel.

use std::path::Path;

use anyhow::{Context, Result, bail};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Lokasi, Temuan};
use crate::render::Sumber;

/// The fonts of a folder, loaded once, in sorted file order so indices are
/// stable; the files' names and bytes are kept for the archive's manifest.
pub struct Huruf {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    berkas: Vec<(String, Bytes)>,
}

impl std::fmt::Debug for Huruf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Huruf")
            .field(
                "berkas",
                &self.berkas.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
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

/// Largest font file accepted, in bytes.
pub const MAKS_HURUF: u64 = 50_000_000;

impl Huruf {
    /// Loads every `.ttf`/`.otf`/`.ttc` of `dir`, checking each: readable, a
    /// font Typst can use, with outlines for basic Latin letters and digits (a
    /// font without them would print invisible text). Problems are recorded
    /// with the file named; `None` when no usable font remains.
    pub fn muat(dir: &Path, lap: &mut Temuan) -> Option<Huruf> {
        let folder = dir.display().to_string();
        let paths = match berkas_huruf(dir) {
            Ok(p) => p,
            Err(_) => {
                lap.galat(
                    Some(Lokasi::berkas(&folder)),
                    "folder huruf tidak dapat dibaca",
                    Some("jalankan lapkin dari folder proyeknya (yang berisi fonts/), atau sebutkan --huruf DIR".into()),
                );
                return None;
            }
        };
        let mut fonts = Vec::new();
        let mut berkas = Vec::new();
        let mut rusak = false;
        for p in paths {
            let nama = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let lokasi = || Some(Lokasi::berkas(&format!("{folder}/{nama}")));
            let data = match std::fs::metadata(&p) {
                Ok(m) if m.len() > MAKS_HURUF => {
                    lap.galat(
                        lokasi(),
                        format!(
                            "berkas huruf terlalu besar (paling besar {})",
                            crate::format::ukuran_berkas(MAKS_HURUF)
                        ),
                        Some("pakai berkas huruf biasa (.otf/.ttf) untuk teks".into()),
                    );
                    rusak = true;
                    continue;
                }
                Ok(m) if m.is_file() => std::fs::read(&p),
                Ok(_) => Err(std::io::Error::other("bukan berkas biasa")),
                Err(e) => Err(e),
            };
            let data = match data {
                Ok(d) => Bytes::new(d),
                Err(e) => {
                    lap.galat(
                        lokasi(),
                        format!(
                            "berkas huruf tidak dapat dibaca ({})",
                            crate::diag::galat_os(&e)
                        ),
                        Some(
                            "periksa izin berkas, atau salin ulang folder fonts dari lapkin".into(),
                        ),
                    );
                    rusak = true;
                    continue;
                }
            };
            let dari_berkas: Vec<Font> = Font::iter(data.clone()).collect();
            if dari_berkas.is_empty() {
                lap.galat(
                    lokasi(),
                    "berkas huruf rusak atau terpotong: tidak dapat dibaca sebagai huruf OpenType/TrueType",
                    Some("salin ulang berkas huruf itu dari sumbernya (atau dari folder fonts lapkin), atau hapus dari folder fonts".into()),
                );
                rusak = true;
                continue;
            }
            if let Some(f) = dari_berkas.iter().find(|f| !punya_garis(f)) {
                lap.galat(
                    lokasi(),
                    format!(
                        "berkas huruf {} tidak memuat bentuk huruf (outline) untuk huruf latin dasar; teksnya akan tak terlihat di PDF",
                        f.info().family
                    ),
                    Some("berkas ini rusak, terpotong atau hanya berisi metrik; salin ulang dari sumbernya atau hapus dari folder fonts".into()),
                );
                rusak = true;
                continue;
            }
            fonts.extend(dari_berkas);
            berkas.push((nama, data));
        }
        if fonts.is_empty() {
            if !rusak {
                lap.galat(
                    Some(Lokasi::berkas(&folder)),
                    "tidak ada berkas huruf (.otf/.ttf) di folder huruf",
                    Some("salin folder fonts dari lapkin, atau sebutkan --huruf DIR".into()),
                );
            }
            return None;
        }
        Some(Huruf {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            berkas,
        })
    }

    /// Family names available, lowercase.
    pub fn keluarga(&self) -> Vec<String> {
        self.book
            .families()
            .map(|(name, _)| name.to_lowercase())
            .collect()
    }

    /// Every font of a family (any case), e.g. regular, bold and italic.
    pub fn keluarga_font(&self, keluarga: &str) -> Vec<Font> {
        self.book
            .select_family(&keluarga.to_lowercase())
            .filter_map(|i| self.fonts.get(i).cloned())
            .collect()
    }

    /// The font files loaded: (file name, bytes), in sorted order.
    pub fn berkas(&self) -> &[(String, Bytes)] {
        &self.berkas
    }
}

/// Whether a font has outlines for basic Latin letters and digits.
fn punya_garis(f: &Font) -> bool {
    struct Hitung(usize);
    impl ttf_parser::OutlineBuilder for Hitung {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let Ok(ttf) = ttf_parser::Face::parse(f.data(), f.index()) else {
        return false;
    };
    "AZaz09".chars().all(|c| {
        let mut h = Hitung(0);
        ttf.glyph_index(c)
            .and_then(|g| ttf.outline_glyph(g, &mut h))
            .is_some()
            && h.0 > 0
    })
}

/// Metadata that goes into the PDF.
pub struct Metadata {
    /// Document date (the signing date), as year, month, day.
    pub tanggal: (i32, u8, u8),
    /// Files to attach; when any, the PDF is PDF/A-3a + PDF/UA-1 instead of PDF/A-2a + PDF/UA-1.
    pub sematan: Vec<Sematan>,
}

/// A file embedded in the PDF (PDF/A-3a + PDF/UA-1 "associated file").
#[derive(Debug, Clone)]
pub struct Sematan {
    /// File name inside the PDF, e.g. `anggaran.xlsx` (no folders).
    pub nama: String,
    /// The bytes, attached as they are.
    pub isi: Bytes,
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
    berkas: &[(String, std::sync::Arc<[u8]>)],
    huruf: &Huruf,
    meta: &Metadata,
) -> Result<(Vec<u8>, Vec<String>)> {
    Kompilator::baru(huruf).kompilasi(sumber, berkas, meta)
}

/// A Typst world kept between builds (`lapkin watch`, many agencies in one
/// run): the standard library is built once, and each build replaces only the
/// sources whose text changed — by an incremental reparse that keeps the
/// spans of everything else — so comemo's memoised layout of unchanged parts
/// is reused. After each build, cache entries unused for
/// [`Kompilator::UMUR_CACHE`] builds are evicted, so memory stays flat.
///
/// The eviction (5–20 ms once a `watch` session has old entries to drop) runs
/// on its own thread while the caller writes and reports the PDF, and is
/// waited for before the next build starts (or when the compiler is dropped):
/// it is never on the way from a saved correction to the new PDF.
pub struct Kompilator<'a> {
    dunia: Dunia<'a>,
    umur: usize,
    pembersih: Option<std::thread::JoinHandle<()>>,
    /// The previous build's laid-out document, kept when caches are kept
    /// (`umur > 0`): its page numbers and counters answer the next build's
    /// first layout pass ([`tata_letak`]).
    sebelumnya: Option<PagedDocument>,
}

impl<'a> Kompilator<'a> {
    /// Builds after which an unused memoised result is evicted.
    pub const UMUR_CACHE: usize = 5;

    /// An empty world with the fonts `huruf`.
    pub fn baru(huruf: &'a Huruf) -> Kompilator<'a> {
        Kompilator::dengan_umur(huruf, Self::UMUR_CACHE)
    }

    /// Like [`Kompilator::baru`], evicting memoised results unused for
    /// `umur` builds (counted over every world of the process) instead of
    /// [`Kompilator::UMUR_CACHE`]: small for unrelated documents, where old
    /// entries are never hit again.
    pub fn dengan_umur(huruf: &'a Huruf, umur: usize) -> Kompilator<'a> {
        Kompilator {
            umur,
            pembersih: None,
            sebelumnya: None,
            dunia: Dunia {
                library: LazyHash::new(Library::builder().build()),
                huruf,
                sources: Vec::new(),
                berkas: Vec::new(),
                main: file_id("main.typ"),
                today: Datetime::from_ymd(2000, 1, 1).expect("tanggal tetap sah"),
            },
        }
    }

    /// The fonts of this world.
    pub fn huruf(&self) -> &'a Huruf {
        self.dunia.huruf
    }

    /// Compiles the chapters (`main.typ` among them) with these binary files,
    /// reusing what the previous build of this world laid out. The result is
    /// the same bytes a fresh world gives.
    pub fn kompilasi(
        &mut self,
        sumber: &[Sumber],
        berkas: &[(String, std::sync::Arc<[u8]>)],
        meta: &Metadata,
    ) -> Result<(Vec<u8>, Vec<String>)> {
        let mut sematan = Vec::new();
        for l in &meta.sematan {
            let id = RootedPath::new(
                VirtualRoot::Project,
                VirtualPath::new(&l.nama)
                    .map_err(|_| anyhow::anyhow!("nama lampiran {:?} tidak sah", l.nama))?,
            )
            .intern();
            if l.nama.contains('/') || sumber.iter().any(|s| file_id(&s.nama) == id) {
                bail!(
                    "nama lampiran {:?} tidak sah atau bentrok dengan templat",
                    l.nama
                );
            }
            sematan.push((id, l.isi.clone()));
        }
        let (y, m, d) = meta.tanggal;
        let today = Datetime::from_ymd(y, m, d).context("tanggal dokumen tidak sah")?;
        self.tunggu_pembersih();
        self.perbarui_sumber(sumber);
        let w = &mut self.dunia;
        w.berkas = sematan
            .into_iter()
            .chain(
                berkas
                    .iter()
                    .map(|(n, b)| (file_id(n), Bytes::new(b.clone()))),
            )
            .collect();
        w.today = today;
        let benih = if self.umur > 0 {
            self.sebelumnya.take()
        } else {
            None
        };
        let hasil = kompilasi_dunia(&self.dunia, meta, today, self.umur == 0, benih);
        let hasil = hasil.map(|(pdf, peringatan, dok)| {
            if self.umur > 0 {
                self.sebelumnya = Some(dok);
            }
            (pdf, peringatan)
        });
        let umur = self.umur;
        let bersihkan = move || {
            typst::comemo::evict(umur);
            ukur_memori("setelah comemo::evict");
        };
        match std::thread::Builder::new()
            .name("lapkin-evict".into())
            .spawn(bersihkan)
        {
            Ok(h) => self.pembersih = Some(h),
            // No thread to be had: evict here, as before.
            Err(_) => bersihkan(),
        }
        hasil
    }

    /// Waits for the eviction after the previous build.
    fn tunggu_pembersih(&mut self) {
        if let Some(h) = self.pembersih.take() {
            // evict does not panic; if it ever did, the next build evicts again.
            let _ = h.join();
        }
    }

    /// Keeps the sources whose text is unchanged as they are, reparses the
    /// changed ones incrementally, adds new ones and drops those gone.
    fn perbarui_sumber(&mut self, sumber: &[Sumber]) {
        let lama = std::mem::take(&mut self.dunia.sources);
        let mut lama: Vec<Option<Source>> = lama.into_iter().map(Some).collect();
        self.dunia.sources = sumber
            .iter()
            .map(|s| {
                let id = file_id(&s.nama);
                match lama
                    .iter_mut()
                    .find(|l| l.as_ref().is_some_and(|l| l.id() == id))
                    .and_then(Option::take)
                {
                    Some(mut src) => {
                        if src.text() != s.teks {
                            src.replace(&s.teks);
                        }
                        src
                    }
                    None => Source::new(id, s.teks.clone()),
                }
            })
            .collect();
    }
}

impl Drop for Kompilator<'_> {
    fn drop(&mut self) {
        self.tunggu_pembersih();
    }
}

/// Lays out and exports. With `buang_cache` (a world that keeps nothing for
/// the next build), comemo's memoised layout is dropped before the PDF export
/// starts, so the export's own memory comes on top of the laid-out document
/// only: the peak of a long report is its layout, not layout + caches +
/// export (docs/performance.md, "Memori per halaman").
fn kompilasi_dunia(
    world: &Dunia,
    meta: &Metadata,
    today: Datetime,
    buang_cache: bool,
    benih: Option<PagedDocument>,
) -> Result<(Vec<u8>, Vec<String>, PagedDocument)> {
    // Accessible as the law asks: tagged PDF/A level A (Unicode text, structure
    // tree, alternative text) together with PDF/UA-1.
    let arsip = if meta.sematan.is_empty() {
        PdfStandard::A_2a
    } else {
        PdfStandard::A_3a
    };
    let standar = [arsip, PdfStandard::Ua_1];
    ukur_memori("sebelum Typst");
    let jejak = std::env::var_os(VAR_JEJAK);
    if jejak.is_some() {
        typst_timing::clear();
        typst_timing::enable();
    }
    let warned = tata_letak(world, benih);
    ukur_memori("tata letak Typst");
    if buang_cache {
        typst::comemo::evict(0);
        ukur_memori("comemo::evict(0) sebelum ekspor");
    }
    let mut warnings: Vec<String> = warned.warnings.iter().map(|w| pesan(world, w)).collect();
    let doc = match warned.output {
        Ok(doc) => doc,
        Err(errors) => {
            let msgs: Vec<String> = errors.iter().map(|e| pesan(world, e)).collect();
            bail!("penyusunan Typst gagal:\n{}", msgs.join("\n"));
        }
    };
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom("lapkin".into()),
        timestamp: Some(Timestamp::new_utc(today)),
        standards: PdfStandards::new(&standar)
            .map_err(|e| anyhow::anyhow!("standar PDF: {e:?}"))?,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| pesan(world, e)).collect();
        anyhow::anyhow!("ekspor PDF gagal:\n{}", msgs.join("\n"))
    })?;
    ukur_memori("ekspor PDF");
    // The signature field over the marked signature space (crate::bidang).
    let pdf = match crate::bidang::cari_tempat(&doc)? {
        Some(tempat) => crate::bidang::sisipkan(&pdf, &tempat)
            .context("bidang tanda tangan elektronik tidak dapat dipasang")?,
        None => pdf,
    };
    if let Some(jalur) = jejak {
        typst_timing::disable();
        tulis_jejak(world, Path::new(&jalur))?;
    }
    warnings.retain(|w| !w.is_empty());
    Ok((pdf, warnings, doc))
}

/// Typst's own compile loop (`typst::compile` of typst 0.15: evaluate, then
/// lay out again until what the document asks about itself — page numbers,
/// counters, the tables of contents — no longer changes), with two
/// differences meant to leave the document the same:
///
/// - Only the last pass's document is kept while the next pass is laid out;
///   `typst::compile` keeps every pass for its report on a layout that does
///   not settle, and that report is what the fallback below gives.
/// - `benih`, the previous build's document (`watch`, `serve`), answers the
///   first pass instead of an empty document. A correction that moves nothing
///   settles in that one pass, where a fresh start takes three (the first
///   with empty contents and counters, the second with the pages the first
///   gave, the third to confirm). Both stop at a layout that answers its own
///   questions; for our templates that layout is unique, and
///   `tests/pantau.rs` checks that a `watch` PDF is byte for byte the fresh
///   build's.
///
/// On any error, or when the layout has not settled after Typst's limit of
/// passes, the result is `typst::compile`'s own, so messages and warnings are
/// exactly Typst's.
fn tata_letak(
    world: &Dunia,
    benih: Option<PagedDocument>,
) -> typst::diag::Warned<typst::diag::SourceResult<PagedDocument>> {
    use typst::comemo::{Constraint, Track};
    use typst::engine::{Engine, Route, Sink, Traced};
    use typst::foundations::{Output, StyleChain, Target, TargetElem};
    use typst::introspection::{EmptyIntrospector, ITER_NAMES, Introspector, MAX_ITERS};

    let _cakupan = typst_timing::TimingScope::new("compile");
    let dunia: &dyn World = world;
    let dunia = dunia.track();
    let traced = Traced::default();
    let mut sink = Sink::new();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let dokumen = (|| {
        let main = world.source(world.main()).ok()?;
        let content = typst_eval::eval(
            dunia,
            library,
            traced.track(),
            sink.track_mut(),
            Route::default().track(),
            &main,
        )
        .ok()?
        .content();
        let kosong = EmptyIntrospector;
        let mut lalu = benih;
        for nama in ITER_NAMES.iter().take(MAX_ITERS) {
            let _cakupan = typst_timing::TimingScope::new(nama);
            let introspector: &dyn Introspector =
                lalu.as_ref().map_or(&kosong, |d| Output::introspector(d));
            let constraint = Constraint::new();
            let mut subsink = Sink::new();
            let mut engine = Engine {
                library,
                world: dunia,
                introspector: typst::utils::Protected::new(introspector.track_with(&constraint)),
                traced: traced.track(),
                sink: subsink.track_mut(),
                route: Route::default(),
            };
            let dokumen = PagedDocument::create(&mut engine, &content, styles).ok()?;
            if constraint.validate(Output::introspector(&dokumen)) {
                sink.extend_from_sink(subsink);
                return Some(dokumen);
            }
            // The previous pass is dropped before the next is laid out.
            lalu = Some(dokumen);
        }
        None
    })();
    match dokumen {
        Some(dokumen) if sink.delayed().is_empty() => typst::diag::Warned {
            output: Ok(dokumen),
            warnings: sink.warnings(),
        },
        _ => typst::compile::<PagedDocument>(world),
    }
}

/// The environment variable that, when set to a file path, makes every
/// compilation write Typst's timing scopes there (Chrome trace JSON: layout,
/// PDF export, and each template line's share), for `tools/jejak-typst.py`.
/// A tool for whoever tunes the templates; users never need it.
pub const VAR_JEJAK: &str = "LAPKIN_JEJAK_TYPST";

/// Writes the timing scopes recorded since the compilation started, each
/// with the template file and line its span points to.
fn tulis_jejak(world: &Dunia, jalur: &Path) -> Result<()> {
    let berkas = std::fs::File::create(jalur)
        .with_context(|| format!("jejak Typst {} tidak dapat ditulis", jalur.display()))?;
    typst_timing::export_json(std::io::BufWriter::new(berkas), |mentah| {
        let span = typst::syntax::Span::from_raw(mentah);
        let tempat = span.id().and_then(|id| {
            let src = world.source(id).ok()?;
            let range = world.range(span)?;
            let baris = src.lines().byte_to_line(range.start)? + 1;
            Some((id.vpath().get_without_slash().to_string(), baris as u32))
        });
        tempat.unwrap_or_else(|| ("?".into(), 0))
    })
    .map_err(|e| anyhow::anyhow!("jejak Typst {}: {e}", jalur.display()))
}

/// Memory probe for measuring (docs/performance.md): when the environment
/// variable `LAPKIN_UKUR_MEMORI` is set, prints to stderr the resident memory
/// now and its peak since the previous probe (Linux `VmRSS`/`VmHWM`), then
/// resets the peak (`/proc/self/clear_refs`), so each line is the peak of
/// one stage. Does nothing otherwise, and nothing off Linux.
pub fn ukur_memori(tahap: &str) {
    if std::env::var_os("LAPKIN_UKUR_MEMORI").is_none() {
        return;
    }
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let kb = |kunci: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(kunci))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    eprintln!(
        "memori: {tahap}: puncak {} MB, sekarang {} MB",
        kb("VmHWM:") / 1024,
        kb("VmRSS:") / 1024
    );
    let _ = std::fs::write("/proc/self/clear_refs", "5");
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
