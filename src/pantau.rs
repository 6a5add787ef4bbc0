//! `lapkin watch`: build once, then rebuild whenever a file of the inputs
//! folder changes.
//!
//! - The folder is watched with the `notify` crate (inotify on Linux,
//!   FSEvents/ReadDirectoryChangesW elsewhere), not polled.
//! - Bursts are debounced ([`Tenang`]): a save that is complete (the file
//!   closed after writing, or renamed into place) is built after
//!   [`Tenang::selesai`] of quiet; anything else — a file still being written,
//!   a spreadsheet program's `~$…` owner file or `.~lock…#` lock file, its
//!   temporary files — waits [`Tenang::lain`]. A workbook that vanished (saved
//!   by deleting and renaming) is waited for up to [`Tenang::hilang`].
//! - Only the changed file is re-read into the [`Masukan`]
//!   ([`Masukan::baca_ulang`]); the fonts stay loaded and the Typst world
//!   stays warm ([`Kompilator`]): a one-cell correction re-lays out only what
//!   it changed, and old cache entries are evicted after every build so
//!   memory stays flat.
//! - Every rebuild reports a [`Siklus`] (diagnostics and time). The PDF is
//!   replaced atomically ([`crate::tulis_atomik`]); a broken or half-saved
//!   input keeps the last good PDF, and the report says why.
//!
//! [`pantau`] runs until a flag is set, so a test drives it in a thread;
//! [`Sesi`] is the same rebuild without the watcher.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::compile::{Huruf, Kompilator};
use crate::diag::{Diagnostik, Lokasi, Temuan, Tingkat};
use crate::format::detik;
use crate::masukan::{Jenis, nama_sah};
use crate::{Bentuk, Gagal, Masukan};

/// What `lapkin watch` watches and writes.
#[derive(Debug, Clone)]
pub struct OpsiPantau {
    /// The inputs folder.
    pub masukan: PathBuf,
    /// The PDF to write; `None`: `output/<laporan.nama_berkas>.pdf`.
    pub keluaran: Option<PathBuf>,
    /// The fonts folder.
    pub huruf: PathBuf,
}

/// How long a burst of file events must be quiet before a rebuild.
#[derive(Debug, Clone, Copy)]
pub struct Tenang {
    /// After an input was closed after writing or renamed into place.
    pub selesai: Duration,
    /// After any other event (a file still being written, lock and
    /// temporary files of spreadsheet programs).
    pub lain: Duration,
    /// How long to wait for an input that vanished during a save to come back
    /// before building without it (and saying it is missing).
    pub hilang: Duration,
}

impl Default for Tenang {
    fn default() -> Self {
        Tenang {
            selesai: Duration::from_millis(15),
            lain: Duration::from_millis(250),
            hilang: Duration::from_millis(1000),
        }
    }
}

/// The outcome of one build.
#[derive(Debug)]
pub enum Hasil {
    /// A new PDF was written.
    Berhasil {
        /// Where.
        pdf: PathBuf,
        /// Warnings (data and Typst).
        diagnostik: Temuan,
        /// Time spent in Typst (layout and PDF export).
        waktu_typst: Duration,
    },
    /// No PDF was written; the last good one (if any) is left as it was.
    Gagal {
        /// Why.
        alasan: Gagal,
        /// The last PDF built successfully in this session.
        pdf_terakhir: Option<PathBuf>,
    },
    /// The files changed on disk hold the same bytes as before: nothing built.
    TidakBerubah,
}

/// One build of a watch session: what changed, what came of it, how long.
#[derive(Debug)]
pub struct Siklus {
    /// 0 for the first build, then 1, 2, …
    pub nomor: usize,
    /// Input files whose content changed (empty for the first build).
    pub berubah: Vec<String>,
    /// The outcome.
    pub hasil: Hasil,
    /// From the end of the quiet period (or the start) to the PDF on disk.
    pub waktu: Duration,
    /// Whether the diagnostics are the same as the previous build's (the
    /// printed form then only counts them).
    pub diagnostik_sama: bool,
}

impl Siklus {
    /// Whether a new PDF was written.
    pub fn berhasil(&self) -> bool {
        matches!(self.hasil, Hasil::Berhasil { .. })
    }
}

impl std::fmt::Display for Siklus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sebab = if self.nomor == 0 {
            "penyusunan pertama".to_string()
        } else {
            format!("{} berubah", self.berubah.join(", "))
        };
        match &self.hasil {
            Hasil::TidakBerubah => writeln!(
                f,
                "[{}] berkas disimpan tanpa perubahan isi; PDF tidak disusun ulang",
                self.nomor
            ),
            Hasil::Berhasil {
                pdf,
                diagnostik,
                waktu_typst,
            } => {
                if self.diagnostik_sama && !diagnostik.daftar.is_empty() {
                    writeln!(
                        f,
                        "({} peringatan, sama seperti sebelumnya)",
                        diagnostik.jumlah_peringatan()
                    )?;
                } else {
                    write!(f, "{diagnostik}")?;
                }
                writeln!(
                    f,
                    "[{}] {sebab}: PDF ditulis: {} ({} detik; Typst {} detik)",
                    self.nomor,
                    pdf.display(),
                    detik(self.waktu),
                    detik(*waktu_typst)
                )
            }
            Hasil::Gagal {
                alasan,
                pdf_terakhir,
            } => {
                writeln!(f, "{alasan}")?;
                let lama = match pdf_terakhir {
                    Some(p) => format!("PDF terakhir yang berhasil tetap utuh: {}", p.display()),
                    None => "belum ada PDF yang berhasil disusun dalam sesi ini".into(),
                };
                writeln!(
                    f,
                    "[{}] {sebab}: PDF tidak disusun ulang ({} detik); {lama}. Perbaiki lalu simpan lagi; lapkin menyusun ulang sendiri",
                    self.nomor,
                    detik(self.waktu)
                )
            }
        }
    }
}

/// A watch session without the watcher: the inputs in memory, the fonts and
/// a warm Typst world; [`Sesi::ubah`] re-reads what changed and rebuilds.
pub struct Sesi<'h> {
    opsi: OpsiPantau,
    masukan: Masukan,
    kompilator: Kompilator<'h>,
    /// Problems reading files (refused files), kept until the file is fixed.
    galat_baca: Vec<Diagnostik>,
    pdf_terakhir: Option<PathBuf>,
    nomor: usize,
    diagnostik_terakhir: Option<String>,
}

impl<'h> Sesi<'h> {
    /// Reads the inputs folder once. Fails when the folder cannot be read at
    /// all, or the output would be written inside it.
    pub fn baru(opsi: OpsiPantau, huruf: &'h Huruf) -> Result<Sesi<'h>, Gagal> {
        let mut lap = Temuan::default();
        let Some(masukan) = Masukan::baca_folder(&opsi.masukan, &mut lap) else {
            return Err(Gagal::Data(lap));
        };
        if let Some(k) = &opsi.keluaran {
            crate::periksa_keluaran(k, &opsi.masukan)?;
        }
        Ok(Sesi {
            opsi,
            masukan,
            kompilator: Kompilator::baru(huruf),
            galat_baca: lap.daftar,
            pdf_terakhir: None,
            nomor: 0,
            diagnostik_terakhir: None,
        })
    }

    /// The inputs as they are now in memory.
    pub fn masukan(&self) -> &Masukan {
        &self.masukan
    }

    /// Builds from the inputs in memory and writes the PDF atomically; on
    /// failure the last good PDF is left as it was.
    pub fn bangun(&mut self) -> Siklus {
        self.bangun_karena(Vec::new(), Vec::new(), Instant::now())
    }

    /// After the files `nama` changed on disk: re-reads each (only inputs
    /// lapkin reads; others are ignored) and rebuilds when any content
    /// changed. `mulai` is when the change was noticed, for the time reported.
    pub fn ubah(&mut self, nama: &[String], mulai: Instant) -> Siklus {
        let mut lap = Temuan::default();
        let mut berubah = BTreeSet::new();
        for n in nama {
            berubah.extend(self.masukan.baca_ulang(n, &mut lap));
        }
        // A refused file's problem is kept (the newest per file) until the
        // file is read again; others (the folder gone) count for this build.
        let mut sekali = Vec::new();
        for d in lap.daftar {
            let berkas = d.lokasi.as_ref().map(|l| l.berkas.clone());
            match &berkas {
                Some(b) if self.masukan.ditolak(b) => {
                    self.galat_baca
                        .retain(|l| l.lokasi.as_ref().map(|l| &l.berkas) != Some(b));
                    self.galat_baca.push(d);
                }
                _ => sekali.push(d),
            }
        }
        let m = &self.masukan;
        self.galat_baca
            .retain(|d| d.lokasi.as_ref().is_some_and(|l| m.ditolak(&l.berkas)));
        if berubah.is_empty() && !sekali.iter().any(|d| d.tingkat == Tingkat::Galat) {
            let nomor = self.nomor;
            self.nomor += 1;
            return Siklus {
                nomor,
                berubah: Vec::new(),
                hasil: Hasil::TidakBerubah,
                waktu: mulai.elapsed(),
                diagnostik_sama: true,
            };
        }
        self.bangun_karena(berubah.into_iter().collect(), sekali, mulai)
    }

    fn bangun_karena(
        &mut self,
        berubah: Vec<String>,
        sekali: Vec<Diagnostik>,
        mulai: Instant,
    ) -> Siklus {
        let nomor = self.nomor;
        self.nomor += 1;
        let hasil = match self.susun(sekali) {
            Ok((pdf, diagnostik, waktu_typst)) => {
                self.pdf_terakhir = Some(pdf.clone());
                Hasil::Berhasil {
                    pdf,
                    diagnostik,
                    waktu_typst,
                }
            }
            Err(alasan) => Hasil::Gagal {
                alasan,
                pdf_terakhir: self.pdf_terakhir.clone(),
            },
        };
        let waktu = mulai.elapsed();
        let teks_diag = match &hasil {
            Hasil::Berhasil { diagnostik, .. } => Some(diagnostik.to_string()),
            _ => None,
        };
        let diagnostik_sama = teks_diag.is_some() && teks_diag == self.diagnostik_terakhir;
        self.diagnostik_terakhir = teks_diag;
        Siklus {
            nomor,
            berubah,
            hasil,
            waktu,
            diagnostik_sama,
        }
    }

    fn susun(&mut self, sekali: Vec<Diagnostik>) -> Result<(PathBuf, Temuan, Duration), Gagal> {
        let mut lap = Temuan {
            daftar: self.galat_baca.clone(),
        };
        lap.daftar.extend(sekali);
        if lap.ada_galat() {
            // A refused file: report everything else too, without Typst.
            let (_, mut l) = crate::periksa(&self.masukan, self.kompilator.huruf());
            lap.daftar.append(&mut l.daftar);
            return Err(Gagal::Data(lap));
        }
        let s = match crate::susun_dengan(&self.masukan, &mut self.kompilator, Bentuk::Laporan) {
            Ok(s) => s,
            Err(Gagal::Data(mut l)) => {
                lap.daftar.append(&mut l.daftar);
                return Err(Gagal::Data(lap));
            }
            Err(e) => return Err(e),
        };
        let keluaran = self.opsi.keluaran.clone().unwrap_or_else(|| {
            PathBuf::from("output").join(format!(
                "{}.pdf",
                crate::aman_nama(&s.config.laporan.nama_berkas)
            ))
        });
        crate::periksa_keluaran(&keluaran, &self.opsi.masukan)?;
        crate::tulis_atomik(&keluaran, &s.pdf)?;
        lap.daftar.extend(s.diagnostik.daftar);
        Ok((keluaran, lap, s.waktu_typst))
    }
}

/// Whether a file name is one lapkin may read (the YAML, a workbook, a picture).
fn masukan_lapkin(nama: &str) -> bool {
    nama_sah(nama) && Jenis::dari_nama(nama).is_some()
}

/// Watches `opsi.masukan`: builds once, then after every change, reporting
/// each build to `lapor`, until `berhenti` is set (checked at least every
/// 100 ms). Fails only when it cannot start: fonts unreadable, the folder
/// missing, the output inside the inputs folder, or the watcher refused.
pub fn pantau(
    opsi: &OpsiPantau,
    tenang: Tenang,
    berhenti: &AtomicBool,
    lapor: impl FnMut(&Siklus),
) -> Result<(), Gagal> {
    let mut lap = Temuan::default();
    let Some(huruf) = Huruf::muat(&opsi.huruf, &mut lap) else {
        return Err(Gagal::Data(lap));
    };
    pantau_dengan(opsi, &huruf, tenang, berhenti, lapor)
}

/// [`pantau`] with fonts already loaded (`opsi.huruf` is not read): `lapkin
/// serve` shares one [`Huruf`] between the watch and the checks of uploads.
pub fn pantau_dengan(
    opsi: &OpsiPantau,
    huruf: &Huruf,
    tenang: Tenang,
    berhenti: &AtomicBool,
    mut lapor: impl FnMut(&Siklus),
) -> Result<(), Gagal> {
    // The watcher starts before the folder is read, so nothing saved after
    // the read is missed.
    let dir = opsi.masukan.clone();
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| galat_pemantau(opsi, e))?;
    if let Err(e) = watcher.watch(&dir, RecursiveMode::NonRecursive) {
        let mut lap = Temuan::default();
        if Masukan::baca_folder(&dir, &mut lap).is_none() {
            return Err(Gagal::Data(lap)); // "folder masukan tidak ditemukan"
        }
        return Err(galat_pemantau(opsi, e));
    }
    let mut sesi = Sesi::baru(opsi.clone(), huruf)?;
    lapor(&sesi.bangun());
    let langkah = Duration::from_millis(100);
    while !berhenti.load(Ordering::SeqCst) {
        let peristiwa = match rx.recv_timeout(langkah) {
            Ok(p) => p,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut tertunda = BTreeSet::new();
        let Some(mut batas) = catat(&peristiwa, &tenang, &mut tertunda) else {
            continue;
        };
        let mulai_tunggu = Instant::now();
        loop {
            let sisa = batas.saturating_duration_since(Instant::now());
            match rx.recv_timeout(sisa) {
                Ok(p) => {
                    if let Some(b) = catat(&p, &tenang, &mut tertunda) {
                        batas = b;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // An input that vanished mid-save: wait a little for it to come back.
                    let hilang = tertunda
                        .iter()
                        .any(|n| masukan_lapkin(n) && !dir.join(n).exists());
                    if hilang
                        && mulai_tunggu.elapsed() < tenang.hilang
                        && !berhenti.load(Ordering::SeqCst)
                    {
                        batas = Instant::now() + tenang.selesai.max(Duration::from_millis(20));
                        continue;
                    }
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        let relevan: Vec<String> = tertunda.into_iter().filter(|n| masukan_lapkin(n)).collect();
        if relevan.is_empty() {
            continue;
        }
        lapor(&sesi.ubah(&relevan, Instant::now()));
    }
    Ok(())
}

/// Records the file names of one event into `tertunda` and returns until when
/// to wait for quiet, or `None` for events that are not changes (a file
/// opened or read — lapkin's own reads among them).
fn catat(
    peristiwa: &notify::Result<notify::Event>,
    tenang: &Tenang,
    tertunda: &mut BTreeSet<String>,
) -> Option<Instant> {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    let Ok(p) = peristiwa else {
        // The watcher's own error (e.g. event queue overflow): re-read everything.
        tertunda.extend(semua_nama());
        return Some(Instant::now() + tenang.lain);
    };
    let selesai = match p.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => true,
        EventKind::Access(_) => return None,
        _ => false,
    };
    let mut relevan = false;
    for path in &p.paths {
        if let Some(n) = path.file_name().and_then(|n| n.to_str()) {
            relevan |= masukan_lapkin(n);
            tertunda.insert(n.to_string());
        }
    }
    if p.need_rescan() {
        tertunda.extend(semua_nama());
    }
    let jeda = if selesai && relevan {
        tenang.selesai
    } else {
        tenang.lain
    };
    Some(Instant::now() + jeda)
}

/// Every name an input could have, for a rescan.
fn semua_nama() -> Vec<String> {
    let mut v = vec![crate::masukan::BERKAS_YAML.to_string()];
    for s in crate::masukan::BUKU_KERJA {
        v.push(format!("{s}.{}", crate::masukan::EKSTENSI_BUKU_KERJA[0]));
    }
    v
}

fn galat_pemantau(opsi: &OpsiPantau, e: notify::Error) -> Gagal {
    let mut lap = Temuan::default();
    lap.galat(
        Some(Lokasi::berkas(&opsi.masukan.display().to_string())),
        format!("folder masukan tidak dapat dipantau ({e})"),
        Some(
            "periksa bahwa folder itu ada dan dapat dibaca; pada Linux, batas inotify dapat dinaikkan dengan sysctl fs.inotify.max_user_watches"
                .into(),
        ),
    );
    Gagal::Data(lap)
}
