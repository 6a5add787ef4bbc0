//! Many agencies in one run: `lapkin build --masukan DIR1 DIR2 …`, or a
//! folder whose subfolders are input folders, writes one PDF per agency into
//! one output folder.
//!
//! - The fonts are loaded once and shared; each worker thread (at most the
//!   number of cores) keeps one Typst world ([`Kompilator`]) for all the
//!   agencies it builds, and Typst's caches are emptied after each report so
//!   memory stays flat.
//! - One agency's errors (or even a bug that panics) never stop the others:
//!   every agency gets a [`HasilInstansi`], and [`Ringkasan::ada_gagal`] says
//!   whether any failed.
//! - The output folder may not be inside any inputs folder (nor inside a
//!   folder of input folders): lapkin never writes there.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::compile::{Huruf, Kompilator};
use crate::diag::{Lokasi, Temuan};
use crate::masukan::{BERKAS_YAML, BUKU_KERJA, EKSTENSI_BUKU_KERJA};
use crate::rekap::{AngkaRekap, BarisRekap};
use crate::{Bentuk, Gagal, Masukan};

/// What to build.
#[derive(Debug, Clone)]
pub struct OpsiBanyak {
    /// Input folders, or folders whose subfolders are input folders.
    pub masukan: Vec<PathBuf>,
    /// The folder the PDFs are written to, one `<folder name>.pdf` per agency.
    pub keluaran: PathBuf,
    /// The fonts folder.
    pub huruf: PathBuf,
    /// Worker threads; 0: the number of cores. Each worker's report takes
    /// about 90 MB at its peak; one worker keeps the run near that
    /// (measured in docs/performance.md).
    pub utas: usize,
}

/// One agency to build.
#[derive(Debug, Clone)]
pub struct Instansi {
    /// The name used in messages and for the PDF: the folder's name.
    pub nama: String,
    /// Its inputs folder.
    pub masukan: PathBuf,
    /// Where its PDF goes.
    pub pdf: PathBuf,
}

/// How one agency's build ended.
#[derive(Debug)]
pub enum HasilInstansi {
    /// Its PDF was written.
    Berhasil {
        /// Number of warnings.
        peringatan: usize,
        /// Time of its build.
        waktu: Duration,
    },
    /// No PDF (an old one, if any, is left as it was).
    Gagal(Gagal),
}

/// Every agency's result, in the order given.
#[derive(Debug)]
pub struct Ringkasan {
    /// Each agency and how its build ended.
    pub hasil: Vec<(Instansi, HasilInstansi)>,
    /// Time of the whole run.
    pub waktu: Duration,
    /// Worker threads used.
    pub utas: usize,
    /// The regency summary: where it was written, or why not (`None` when no
    /// agency's report was built).
    pub rekap: Option<Result<PathBuf, String>>,
}

impl Ringkasan {
    /// Whether any agency failed.
    pub fn ada_gagal(&self) -> bool {
        self.hasil
            .iter()
            .any(|(_, h)| matches!(h, HasilInstansi::Gagal(_)))
            || matches!(self.rekap, Some(Err(_)))
    }
}

fn detik(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64()).replace('.', ",")
}

impl std::fmt::Display for Ringkasan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let gagal = self
            .hasil
            .iter()
            .filter(|(_, h)| matches!(h, HasilInstansi::Gagal(_)))
            .count();
        writeln!(
            f,
            "Ringkasan: {} instansi, {} berhasil, {} gagal ({} detik, {} utas)",
            self.hasil.len(),
            self.hasil.len() - gagal,
            gagal,
            detik(self.waktu),
            self.utas
        )?;
        let lebar = self
            .hasil
            .iter()
            .map(|(i, _)| i.nama.chars().count())
            .max()
            .unwrap_or(0);
        for (i, h) in &self.hasil {
            match h {
                HasilInstansi::Berhasil { peringatan, .. } => writeln!(
                    f,
                    "  berhasil  {:lebar$}  {} ({peringatan} peringatan)",
                    i.nama,
                    i.pdf.display()
                )?,
                HasilInstansi::Gagal(Gagal::Data(l)) => writeln!(
                    f,
                    "  GAGAL     {:lebar$}  {} galat di {}; periksa dengan: lapkin check {}",
                    i.nama,
                    l.jumlah_galat(),
                    i.masukan.display(),
                    i.masukan.display()
                )?,
                HasilInstansi::Gagal(e) => {
                    let pesan = e.to_string();
                    writeln!(
                        f,
                        "  GAGAL     {:lebar$}  {}",
                        i.nama,
                        pesan.lines().next().unwrap_or("")
                    )?
                }
            }
        }
        match &self.rekap {
            Some(Ok(p)) => writeln!(f, "Rekapitulasi perangkat daerah: {}", p.display())?,
            Some(Err(e)) => writeln!(
                f,
                "galat: rekapitulasi perangkat daerah tidak dapat disusun: {e}"
            )?,
            None => writeln!(
                f,
                "Rekapitulasi perangkat daerah tidak disusun: tidak ada laporan yang berhasil"
            )?,
        }
        Ok(())
    }
}

/// Typst cache entries are evicted after every report (`comemo::evict(0)`):
/// different agencies' reports differ on every page (the agency's name is in
/// each page's header), so old entries are never hit again, and keeping them
/// costs memory (measured in docs/performance.md: 40 different agencies,
/// one worker, 111 MB peak with 0, 166 MB with 1, 232 MB with 2; with two
/// workers an age of 1 was no faster than 0).
const UMUR_CACHE: usize = 0;

/// File name of the regency summary in the output folder.
pub const BERKAS_REKAP: &str = "rekapitulasi.pdf";

/// Whether `dir` looks like an input folder: it holds `lapkin.yaml` or a
/// workbook lapkin reads.
fn folder_masukan(dir: &Path) -> bool {
    let ada = |n: &str| std::fs::symlink_metadata(dir.join(n)).is_ok();
    ada(BERKAS_YAML)
        || BUKU_KERJA
            .iter()
            .any(|s| EKSTENSI_BUKU_KERJA.iter().any(|e| ada(&format!("{s}.{e}"))))
}

/// The agencies of `masukan`: each folder that is an input folder, and each
/// input subfolder (sorted by name) of a folder that is not. Folders given
/// that are neither are kept as agencies, so their build says what is wrong.
pub fn daftar_instansi(masukan: &[PathBuf]) -> Vec<PathBuf> {
    let mut hasil = Vec::new();
    for dir in masukan {
        if !folder_masukan(dir) && dir.is_dir() {
            let mut sub: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        && folder_masukan(p)
                })
                .collect();
            if !sub.is_empty() {
                sub.sort();
                hasil.extend(sub);
                continue;
            }
        }
        hasil.push(dir.clone());
    }
    hasil
}

/// Whether `masukan` names more than one agency (so `build` writes a folder
/// of PDFs rather than one PDF).
pub fn banyak(masukan: &[PathBuf]) -> bool {
    masukan.len() > 1 || daftar_instansi(masukan).first() != masukan.first()
}

/// The agencies with their PDFs in `keluaran`; refuses two agencies with the
/// same name and an output folder inside any inputs folder, before anything
/// is built.
pub fn rencana(opsi: &OpsiBanyak) -> Result<Vec<Instansi>, Gagal> {
    if opsi.keluaran.is_file()
        || opsi
            .keluaran
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Err(anyhow::anyhow!(
            "--keluaran {} harus sebuah folder bila menyusun beberapa instansi (satu PDF per instansi ditulis ke dalamnya); sebutkan folder, mis. --keluaran output",
            opsi.keluaran.display()
        )
        .into());
    }
    for dir in &opsi.masukan {
        crate::periksa_keluaran(&opsi.keluaran, dir)?;
    }
    let mut daftar: Vec<Instansi> = Vec::new();
    for dir in daftar_instansi(&opsi.masukan) {
        crate::periksa_keluaran(&opsi.keluaran, &dir)?;
        let nama = dir
            .canonicalize()
            .unwrap_or_else(|_| dir.clone())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let nama = crate::aman_nama(&nama);
        if format!("{nama}.pdf") == BERKAS_REKAP {
            return Err(anyhow::anyhow!(
                "folder masukan {} bernama \"rekapitulasi\", nama yang dipakai untuk {BERKAS_REKAP} di {}. Ganti nama folder itu",
                dir.display(),
                opsi.keluaran.display()
            )
            .into());
        }
        if let Some(lain) = daftar.iter().find(|i| i.nama == nama) {
            return Err(anyhow::anyhow!(
                "folder {} dan {} bernama sama ({nama}); PDF keduanya akan saling menimpa di {}. Ganti nama salah satu folder",
                lain.masukan.display(),
                dir.display(),
                opsi.keluaran.display()
            )
            .into());
        }
        daftar.push(Instansi {
            pdf: opsi.keluaran.join(format!("{nama}.pdf")),
            nama,
            masukan: dir,
        });
    }
    Ok(daftar)
}

/// One finished agency, as the run goes.
#[derive(Debug)]
pub struct Kemajuan<'a> {
    /// Agencies finished so far, this one included.
    pub selesai: usize,
    /// All agencies.
    pub jumlah: usize,
    /// This agency.
    pub instansi: &'a Instansi,
    /// How it ended.
    pub hasil: &'a HasilInstansi,
    /// Estimated time until all are done.
    pub sisa: Duration,
}

impl std::fmt::Display for Kemajuan<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (i, n) = (self.selesai, self.jumlah);
        let sisa = if i < n {
            format!("; sisa ± {} detik", detik(self.sisa))
        } else {
            String::new()
        };
        match self.hasil {
            HasilInstansi::Berhasil { peringatan, waktu } => writeln!(
                f,
                "[{i}/{n}] {}: PDF ditulis: {} ({} detik, {peringatan} peringatan{sisa})",
                self.instansi.nama,
                self.instansi.pdf.display(),
                detik(*waktu)
            ),
            HasilInstansi::Gagal(e) => writeln!(
                f,
                "[{i}/{n}] {}: GAGAL ({}{sisa})\n{e}",
                self.instansi.nama,
                self.instansi.masukan.display()
            ),
        }
    }
}

/// Builds every agency of `opsi` in parallel, reporting each as it finishes
/// to `lapor`. Fails only before building: fonts unreadable, two agencies
/// with one name, or the output folder inside an inputs folder.
pub fn bangun_banyak(
    opsi: &OpsiBanyak,
    mut lapor: impl FnMut(&Kemajuan),
) -> Result<Ringkasan, Gagal> {
    let mulai = Instant::now();
    let daftar = rencana(opsi)?;
    let mut lap = Temuan::default();
    let Some(huruf) = Huruf::muat(&opsi.huruf, &mut lap) else {
        return Err(Gagal::Data(lap));
    };
    let inti = std::thread::available_parallelism().map_or(1, |n| n.get());
    let utas = match opsi.utas {
        0 => inti,
        n => n.min(inti),
    }
    .min(daftar.len())
    .max(1);
    let berikut = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, HasilInstansi, BarisRekap)>();
    let mut hasil: Vec<Option<HasilInstansi>> = daftar.iter().map(|_| None).collect();
    let mut baris_rekap = Vec::new();
    std::thread::scope(|s| {
        for _ in 0..utas {
            let tx = tx.clone();
            let (daftar, huruf, berikut) = (&daftar, &huruf, &berikut);
            s.spawn(move || {
                let mut kompilator = Kompilator::dengan_umur(huruf, UMUR_CACHE);
                loop {
                    let i = berikut.fetch_add(1, Ordering::SeqCst);
                    let Some(inst) = daftar.get(i) else { break };
                    let (h, r) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        bangun_satu(inst, &mut kompilator)
                    }))
                    .unwrap_or_else(|_| {
                        // A bug in lapkin: start this worker's world afresh.
                        kompilator = Kompilator::dengan_umur(huruf, UMUR_CACHE);
                        (
                            HasilInstansi::Gagal(Gagal::Lain(anyhow::anyhow!(
                                "lapkin berhenti tak terduga saat menyusun laporan ini (kesalahan lapkin, bukan masukan Anda); laporkan ke pengembang beserta folder masukannya"
                            ))),
                            BarisRekap {
                                instansi: inst.nama.clone(),
                                angka: None,
                                galat: 1,
                                peringatan: 0,
                            },
                        )
                    });
                    if tx.send((i, h, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut selesai = 0;
        for (i, h, r) in rx {
            baris_rekap.push(r);
            selesai += 1;
            let berlalu = mulai.elapsed();
            let sisa = berlalu.mul_f64((daftar.len() - selesai) as f64 / selesai as f64);
            lapor(&Kemajuan {
                selesai,
                jumlah: daftar.len(),
                instansi: &daftar[i],
                hasil: &h,
                sisa,
            });
            hasil[i] = Some(h);
        }
    });
    let rekap = baris_rekap
        .iter()
        .any(|b| b.angka.is_some())
        .then(|| tulis_rekap(&mut baris_rekap, &huruf, &opsi.keluaran.join(BERKAS_REKAP)));
    Ok(Ringkasan {
        rekap,
        hasil: daftar
            .into_iter()
            .zip(hasil)
            .map(|(i, h)| {
                let h = h.unwrap_or_else(|| {
                    HasilInstansi::Gagal(Gagal::Lain(anyhow::anyhow!(
                        "laporan ini tidak selesai disusun (kesalahan lapkin); laporkan ke pengembang"
                    )))
                });
                (i, h)
            })
            .collect(),
        waktu: mulai.elapsed(),
        utas,
    })
}

/// Builds the regency summary and writes it atomically.
fn tulis_rekap(baris: &mut [BarisRekap], huruf: &Huruf, pdf: &Path) -> Result<PathBuf, String> {
    crate::rekap::urutkan(baris);
    let tanggal = baris
        .iter()
        .filter_map(|b| b.angka.as_ref())
        .filter_map(|a| crate::format::Tanggal::parse_iso(&a.tanggal))
        .map(|t| (t.tahun, t.bulan, t.hari))
        .max()
        .ok_or("tidak ada tanggal penandatanganan yang sah")?;
    let sumber = [crate::render::Sumber {
        nama: "main.typ".into(),
        teks: crate::rekap::sumber(baris),
    }];
    let meta = crate::compile::Metadata {
        tanggal,
        sematan: Vec::new(),
    };
    let (isi, _) =
        crate::compile::kompilasi(&sumber, huruf, &meta).map_err(|e| format!("{e:#}"))?;
    crate::tulis_atomik(pdf, &isi).map_err(|e| format!("{e:#}"))?;
    Ok(pdf.to_path_buf())
}

/// Reads, builds and writes one agency's PDF in the worker's warm world; its
/// row of the regency summary.
fn bangun_satu(inst: &Instansi, kompilator: &mut Kompilator) -> (HasilInstansi, BarisRekap) {
    let mulai = Instant::now();
    let mut lap = Temuan::default();
    let mut baris = BarisRekap {
        instansi: inst.nama.clone(),
        angka: None,
        galat: 0,
        peringatan: 0,
    };
    let hasil = (|| -> Result<usize, Gagal> {
        let Some(m) = Masukan::baca_folder(&inst.masukan, &mut lap) else {
            return Err(Gagal::Data(std::mem::take(&mut lap)));
        };
        if lap.ada_galat() {
            let (_, mut l) = crate::periksa(&m, kompilator.huruf());
            lap.daftar.append(&mut l.daftar);
            return Err(Gagal::Data(std::mem::take(&mut lap)));
        }
        let s = match crate::susun_dengan(&m, kompilator, Bentuk::Laporan) {
            Ok(s) => s,
            Err(Gagal::Data(mut l)) => {
                lap.daftar.append(&mut l.daftar);
                return Err(Gagal::Data(std::mem::take(&mut lap)));
            }
            Err(e) => return Err(e),
        };
        crate::tulis_atomik(&inst.pdf, &s.pdf)?;
        baris.instansi = s.config.instansi.nama.clone();
        if let (Some(t), _) = crate::muat_hitung(&m, None) {
            baris.angka = Some(AngkaRekap::dari(&t));
        }
        Ok(lap.jumlah_peringatan() + s.diagnostik.jumlah_peringatan())
    })();
    let h = match hasil {
        Ok(peringatan) => HasilInstansi::Berhasil {
            peringatan,
            waktu: mulai.elapsed(),
        },
        Err(Gagal::Data(l)) if l.daftar.is_empty() => {
            let mut l = l;
            l.galat(
                Some(Lokasi::berkas(&inst.masukan.display().to_string())),
                "folder masukan tidak dapat dibaca",
                None,
            );
            HasilInstansi::Gagal(Gagal::Data(l))
        }
        Err(e) => HasilInstansi::Gagal(e),
    };
    match &h {
        HasilInstansi::Berhasil { peringatan, .. } => baris.peringatan = *peringatan,
        HasilInstansi::Gagal(Gagal::Data(l)) => {
            baris.galat = l.jumlah_galat();
            baris.peringatan = l.jumlah_peringatan();
        }
        HasilInstansi::Gagal(_) => baris.galat = 1,
    }
    (h, baris)
}
