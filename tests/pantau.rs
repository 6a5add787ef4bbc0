//! `lapkin watch`: the watch loop driven in a thread (changes saved on disk,
//! rebuilds received through a channel), and the command itself as a child
//! process. No timed assertions: waits are bounded only against hangs.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use lapkin::pantau::{OpsiPantau, Tenang, pantau};

/// Long enough for a slow CI machine; only a hang reaches it.
const BATAS_TUNGGU: Duration = Duration::from_secs(180);

/// One rebuild as the test sees it.
#[derive(Debug)]
struct Laporan {
    nomor: usize,
    berubah: Vec<String>,
    berhasil: bool,
    teks: String,
}

/// `pantau` running in a thread.
struct Pemantau {
    rx: mpsc::Receiver<Laporan>,
    berhenti: Arc<AtomicBool>,
    utas: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Pemantau {
    fn mulai(masukan: &Path, keluaran: &Path) -> Pemantau {
        let (tx, rx) = mpsc::channel();
        let berhenti = Arc::new(AtomicBool::new(false));
        let opsi = OpsiPantau {
            masukan: masukan.to_path_buf(),
            keluaran: Some(keluaran.to_path_buf()),
            huruf: akar().join("fonts"),
        };
        let b = berhenti.clone();
        let utas = std::thread::spawn(move || {
            pantau(&opsi, Tenang::default(), &b, |s| {
                let _ = tx.send(Laporan {
                    nomor: s.nomor,
                    berubah: s.berubah.clone(),
                    berhasil: s.berhasil(),
                    teks: s.to_string(),
                });
            })
            .map_err(|e| e.to_string())
        });
        Pemantau {
            rx,
            berhenti,
            utas: Some(utas),
        }
    }

    fn tunggu(&self) -> Laporan {
        self.rx
            .recv_timeout(BATAS_TUNGGU)
            .expect("lapkin watch tidak melaporkan penyusunan ulang")
    }

    fn berhenti(mut self) {
        self.berhenti.store(true, Ordering::SeqCst);
        let hasil = self.utas.take().unwrap().join().unwrap();
        hasil.unwrap();
    }
}

fn rata(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Saves the sample's `kinerja.xlsx` with Survei!B2 = `puas` into `dir` as a
/// spreadsheet program does: written to a temporary
/// file beside it (with the program's lock and owner files around), then
/// renamed over the original.
fn simpan_seperti_program(dir: &Path, puas: f64) {
    let kerja = folder_sementara("simpan");
    std::fs::copy(sampel().join("kinerja.xlsx"), kerja.join("kinerja.xlsx")).unwrap();
    ubah_buku(
        &kerja,
        "kinerja.xlsx",
        &[("Survei", 1, 1, Nilai::Angka(puas))],
        &[],
    );
    std::fs::write(
        dir.join(".~lock.kinerja.xlsx#"),
        "lapkin-uji,host,01.01.2025",
    )
    .unwrap();
    std::fs::write(dir.join("~$kinerja.xlsx"), b"pemilik").unwrap();
    let tmp = dir.join("lu12345abc.tmp");
    std::fs::copy(kerja.join("kinerja.xlsx"), &tmp).unwrap();
    std::fs::rename(&tmp, dir.join("kinerja.xlsx")).unwrap();
    std::fs::remove_file(dir.join(".~lock.kinerja.xlsx#")).unwrap();
    std::fs::remove_file(dir.join("~$kinerja.xlsx")).unwrap();
}

fn keluaran(nama: &str) -> (PathBuf, PathBuf) {
    let dir = salin_sampel(nama);
    let out = folder_sementara(&format!("{nama}-keluar")).join("lapkin.pdf");
    (dir, out)
}

#[test]
fn perubahan_di_disk_menghasilkan_pdf_dengan_angka_baru() {
    let (dir, out) = keluaran("pantau-ubah");
    let p = Pemantau::mulai(&dir, &out);
    let awal = p.tunggu();
    assert!(awal.berhasil, "{}", awal.teks);
    assert_eq!(awal.nomor, 0);
    assert!(awal.teks.contains("PDF ditulis"), "{}", awal.teks);
    let teks = rata(&teks_pdf(&out));
    assert!(teks.contains("255 kuesioner"), "sampel berubah?");

    // Survei!B2: Puas 255 → 260 (of 315), saved with lock files and a rename.
    simpan_seperti_program(&dir, 260.0);
    let l = p.tunggu();
    // The lock, owner and temporary files of the save caused no build of their own.
    assert_eq!(l.nomor, 1, "{}", l.teks);
    assert_eq!(l.berubah, ["kinerja.xlsx"], "{}", l.teks);
    assert!(l.berhasil, "{}", l.teks);
    assert!(
        l.teks.contains("kinerja.xlsx berubah: PDF ditulis"),
        "{}",
        l.teks
    );
    assert!(l.teks.contains("detik"), "{}", l.teks);
    let teks = rata(&teks_pdf(&out));
    assert!(
        teks.contains("260 kuesioner atau 82,54%"),
        "angka baru tidak tercetak"
    );
    assert!(!teks.contains("255 kuesioner"));

    // A save that changed nothing builds nothing.
    let isi = std::fs::read(dir.join("kinerja.xlsx")).unwrap();
    std::fs::write(dir.join("kinerja.xlsx"), &isi).unwrap();
    let l = p.tunggu();
    assert!(l.teks.contains("tanpa perubahan isi"), "{}", l.teks);

    // The YAML: narrative and identity re-read too.
    ubah_yaml(&dir, |v| {
        v["instansi"]["nama"] = "Badan Kepegawaian Uji Pantau".into();
    });
    let l = p.tunggu();
    assert!(l.berhasil, "{}", l.teks);
    assert_eq!(l.berubah, ["lapkin.yaml"]);
    assert!(rata(&teks_pdf(&out)).contains("Badan Kepegawaian Uji Pantau"));
    // Each rebuild starts its layout from the previous build's pages
    // (compile::tata_letak): the PDF is still the very one a fresh `lapkin
    // build` of the same inputs writes, byte for byte.
    let dingin = folder_sementara("pantau-ubah-dingin").join("lapkin.pdf");
    bangun(&dir, &dingin).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&dingin).unwrap(),
        "PDF watch berbeda dari PDF build"
    );
    p.berhenti();
    // Nothing was written into the inputs folder.
    let mut isi: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    isi.sort();
    let mut sampel_isi: Vec<String> = std::fs::read_dir(sampel())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    sampel_isi.sort();
    assert_eq!(isi, sampel_isi);
}

#[test]
fn simpanan_rusak_mempertahankan_pdf_terakhir_dan_menyebut_sebabnya() {
    let (dir, out) = keluaran("pantau-rusak");
    let p = Pemantau::mulai(&dir, &out);
    assert!(p.tunggu().berhasil);
    let baik = std::fs::read(&out).unwrap();

    // Half a workbook: the program was interrupted mid-save.
    let isi = std::fs::read(dir.join("kinerja.xlsx")).unwrap();
    std::fs::write(dir.join("kinerja.xlsx"), &isi[..isi.len() / 2]).unwrap();
    let l = p.tunggu();
    assert!(!l.berhasil, "{}", l.teks);
    assert!(l.teks.contains("galat: kinerja.xlsx"), "{}", l.teks);
    assert!(
        l.teks.contains(&format!(
            "PDF terakhir yang berhasil tetap utuh: {}",
            out.display()
        )),
        "{}",
        l.teks
    );
    assert_eq!(std::fs::read(&out).unwrap(), baik, "PDF terakhir berubah");

    // A YAML error in another file while the workbook is still broken: both named.
    let yaml = std::fs::read_to_string(dir.join("lapkin.yaml")).unwrap();
    std::fs::write(
        dir.join("lapkin.yaml"),
        yaml.replace("penandatanganan:", "penandatanganan: [\n"),
    )
    .unwrap();
    let l = p.tunggu();
    assert!(!l.berhasil, "{}", l.teks);
    assert!(l.teks.contains("lapkin.yaml"), "{}", l.teks);
    assert_eq!(std::fs::read(&out).unwrap(), baik, "PDF terakhir berubah");

    // Fixed: the next save builds again.
    std::fs::write(dir.join("lapkin.yaml"), &yaml).unwrap();
    let l = p.tunggu();
    assert!(!l.berhasil, "buku kerja masih rusak: {}", l.teks);
    assert!(l.teks.contains("kinerja.xlsx"), "{}", l.teks);
    simpan_seperti_program(&dir, 260.0);
    let l = p.tunggu();
    assert!(l.berhasil, "{}", l.teks);
    assert!(rata(&teks_pdf(&out)).contains("260 kuesioner"));
    p.berhenti();
}

#[test]
fn buku_kerja_yang_dihapus_disebut_hilang() {
    let (dir, out) = keluaran("pantau-hapus");
    let p = Pemantau::mulai(&dir, &out);
    assert!(p.tunggu().berhasil);
    let baik = std::fs::read(&out).unwrap();
    std::fs::rename(dir.join("kinerja.xlsx"), dir.with_extension("simpan.xlsx")).unwrap();
    let l = p.tunggu();
    assert!(!l.berhasil, "{}", l.teks);
    assert!(l.teks.contains("kinerja"), "{}", l.teks);
    assert_eq!(std::fs::read(&out).unwrap(), baik);
    std::fs::rename(dir.with_extension("simpan.xlsx"), dir.join("kinerja.xlsx")).unwrap();
    let l = p.tunggu();
    assert!(l.berhasil, "{}", l.teks);
    p.berhenti();
}

#[test]
fn pantau_menolak_keluaran_di_folder_masukan() {
    let dir = salin_sampel("pantau-tolak");
    let berhenti = AtomicBool::new(false);
    let opsi = OpsiPantau {
        masukan: dir.clone(),
        keluaran: Some(dir.join("lapkin.pdf")),
        huruf: akar().join("fonts"),
    };
    let mut n = 0;
    let e = pantau(&opsi, Tenang::default(), &berhenti, |_| n += 1).unwrap_err();
    assert_eq!(n, 0);
    assert!(e.to_string().contains("di dalam folder masukan"), "{e}");
    assert!(!dir.join("lapkin.pdf").exists());
}

#[test]
fn perintah_watch_menyusun_ulang_sampai_dihentikan() {
    let (dir, out) = keluaran("pantau-perintah");
    let log = out.with_extension("log");
    let mut anak = std::process::Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(akar())
        .args(["watch", "--masukan"])
        .arg(&dir)
        .arg("--keluaran")
        .arg(&out)
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let tunggu_baris = |isi: &str| {
        let mulai = std::time::Instant::now();
        loop {
            let teks = std::fs::read_to_string(&log).unwrap_or_default();
            if teks.contains(isi) {
                return teks;
            }
            assert!(
                mulai.elapsed() < BATAS_TUNGGU,
                "tidak ada baris {isi:?}:\n{teks}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let teks = tunggu_baris("[0] penyusunan pertama: PDF ditulis");
    assert!(teks.contains("memantau folder"), "{teks}");
    simpan_seperti_program(&dir, 270.0);
    tunggu_baris("[1] kinerja.xlsx berubah: PDF ditulis");
    anak.kill().unwrap();
    anak.wait().unwrap();
    assert!(rata(&teks_pdf(&out)).contains("270 kuesioner"));
}

#[test]
fn pantau_folder_yang_tidak_ada() {
    let berhenti = AtomicBool::new(false);
    let opsi = OpsiPantau {
        masukan: akar().join("target/uji/tidak-ada-folder-ini"),
        keluaran: None,
        huruf: akar().join("fonts"),
    };
    let e = pantau(&opsi, Tenang::default(), &berhenti, |_| {}).unwrap_err();
    assert!(
        e.to_string().contains("folder masukan tidak ditemukan"),
        "{e}"
    );
}
