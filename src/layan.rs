//! `lapkin serve`: a local page for the staff who avoid the command line.
//!
//! - The page is rendered on the server with MiniJinja (HTML auto-escaping:
//!   every value from a workbook or the YAML is escaped), with a little plain
//!   JavaScript; every asset is compiled into the binary, so it works
//!   offline.
//! - It shares `lapkin watch`'s rebuild ([`crate::pantau::pantau_dengan`]):
//!   a file saved in the inputs folder rebuilds the PDF with a warm Typst
//!   world, and the page reloads itself when the state changes.
//! - An upload replaces an input only when [`crate::periksa`] finds no error
//!   in it and no new error elsewhere; the replaced file is kept beside it
//!   as `<nama>.sebelumnya`.
//! - Security: it binds to 127.0.0.1 unless told otherwise; it answers only
//!   requests whose `Host` is `localhost:<port>` or an IP address with its
//!   port (DNS rebinding); a request that changes anything (POST) needs the
//!   token of this start, which only the page itself carries, and an
//!   `Origin` that is the page's own (cross-site requests); bodies are
//!   bounded by the size limits of the inputs; paths from requests never
//!   name a file themselves — only names from fixed lists or from listings
//!   of the folders it serves.
//!
//! HTTP is parsed by `tiny_http`: a small synchronous server is enough for
//! one office's page on one machine, and the builds it triggers are
//! synchronous anyway.

use std::collections::HashMap;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use serde::Serialize;
use tiny_http::{Header, Method, Request, Response, Server};

use crate::compile::Huruf;
use crate::diag::{Diagnostik, Temuan, Tingkat};
use crate::format::ukuran_berkas;
use crate::masukan::{Jenis, nama_sah};
use crate::pantau::{Hasil, OpsiPantau, Siklus, Tenang};
use crate::{Gagal, Masukan};

/// The port `lapkin serve` listens on unless `--port` is given.
pub const PORT_BAWAAN: u16 = 8024;

/// The largest signed PDF `verify` accepts by upload, in bytes.
pub const MAKS_UNGGAH_PDF: u64 = 100_000_000;

/// The page, its script and its style sheet, compiled into the binary.
const HALAMAN: &str = include_str!("../templates/web/halaman.html");
const SKRIP: &str = include_str!("../templates/web/halaman.js");
const GAYA: &str = include_str!("../templates/web/gaya.css");

/// What `lapkin serve` serves.
#[derive(Debug, Clone)]
pub struct OpsiLayan {
    /// The inputs folder.
    pub masukan: PathBuf,
    /// The PDF to write; `None`: `output/<laporan.nama_berkas>.pdf`.
    pub keluaran: Option<PathBuf>,
    /// The fonts folder.
    pub huruf: PathBuf,
    /// The archive root (as `lapkin archive --arsip`).
    pub arsip: PathBuf,
    /// The address to bind: 127.0.0.1 unless the user chose another.
    pub alamat: IpAddr,
    /// The port; 0 lets the system choose a free one.
    pub port: u16,
}

/// A bound server, not yet answering.
pub struct Layanan {
    server: Server,
    alamat: SocketAddr,
    token: String,
    opsi: OpsiLayan,
    keadaan: Mutex<Keadaan>,
    /// Uploads and archiving one at a time.
    kunci_tulis: Mutex<()>,
}

/// What the page shows, updated by every rebuild and every action.
#[derive(Default)]
struct Keadaan {
    /// Bumped on every change; the page reloads when it differs.
    versi: u64,
    siklus: Option<RingkasSiklus>,
    pdf: Option<PathBuf>,
    /// The last good PDF's bytes, as read back from disk after it was written.
    pdf_isi: Option<Arc<Vec<u8>>>,
    /// Its number of pages.
    jumlah_halaman: usize,
    /// Page previews already rendered for this PDF, by page index.
    pratinjau: HashMap<usize, Arc<Vec<u8>>>,
    unggahan: Option<Unggahan>,
    verifikasi: Option<Verifikasi>,
    arsip: Option<String>,
    galat_pantau: Option<String>,
}

struct RingkasSiklus {
    nomor: usize,
    berhasil: bool,
    diagnostik: Vec<Diagnostik>,
    pesan: Option<String>,
    waktu: Duration,
}

#[derive(Serialize, Clone)]
struct Unggahan {
    nama: String,
    diterima: bool,
    pesan: String,
    diagnostik: Vec<ButirV>,
}

#[derive(Serialize, Clone)]
struct Verifikasi {
    nama: String,
    kode: u8,
    ringkas: String,
    teks: String,
}

/// One diagnostic on the page.
#[derive(Serialize, Clone)]
struct ButirV {
    galat: bool,
    /// `galat`, `peringatan` or `catatan` (what was read from an export).
    tingkat: &'static str,
    berkas: String,
    lembar: String,
    sel: String,
    pesan: String,
    saran: String,
}

impl ButirV {
    fn dari(d: &Diagnostik) -> ButirV {
        let l = d.lokasi.as_ref();
        ButirV {
            galat: d.tingkat == Tingkat::Galat,
            tingkat: match d.tingkat {
                Tingkat::Galat => "galat",
                Tingkat::Peringatan => "peringatan",
                Tingkat::Catatan => "catatan",
            },
            berkas: l.map(|l| l.berkas.clone()).unwrap_or_default(),
            lembar: l.and_then(|l| l.lembar.clone()).unwrap_or_default(),
            sel: l.and_then(|l| l.sel.clone()).unwrap_or_default(),
            pesan: d.pesan.clone(),
            saran: d.saran.clone().unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
struct KelompokV {
    berkas: String,
    lembar: String,
    butir: Vec<ButirV>,
}

#[derive(Serialize)]
struct BerkasV {
    nama: String,
    ukuran: String,
    keadaan: &'static str,
}

#[derive(Serialize)]
struct VersiV {
    tahun: String,
    versi: String,
    nomor: u32,
    pdf: String,
}

impl Layanan {
    /// Binds the address of `opsi`. Fails with a message in Bahasa Indonesia
    /// when the port is taken or the address is not this machine's.
    pub fn buka(opsi: OpsiLayan) -> Result<Layanan> {
        let minta = SocketAddr::new(opsi.alamat, opsi.port);
        let server = Server::http(minta).map_err(|e| {
            anyhow!(
                "alamat {minta} tidak dapat dipakai ({e}); bila port {} sudah dipakai program lain, pilih port lain dengan --port",
                opsi.port
            )
        })?;
        let alamat = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow!("alamat server tidak diketahui"))?;
        let mut acak = [0u8; 16];
        getrandom::fill(&mut acak).map_err(|e| anyhow!("bilangan acak tidak tersedia: {e}"))?;
        let token = acak.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Layanan {
            server,
            alamat,
            token,
            opsi,
            keadaan: Mutex::new(Keadaan::default()),
            kunci_tulis: Mutex::new(()),
        })
    }

    /// The address actually bound (with the port the system chose for 0).
    pub fn alamat(&self) -> SocketAddr {
        self.alamat
    }

    /// The page's address, to print and to open in a browser.
    pub fn url(&self) -> String {
        let host = match self.alamat.ip() {
            IpAddr::V4(a) if a.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(a) if a.is_unspecified() => "[::1]".to_string(),
            IpAddr::V6(a) => format!("[{a}]"),
            IpAddr::V4(a) => a.to_string(),
        };
        format!("http://{host}:{}/", self.alamat.port())
    }

    /// Answers requests and rebuilds on every change of the inputs folder,
    /// until `berhenti` is set. Each rebuild is also given to `lapor` (the
    /// command line prints it as `watch` does). Fails only when the fonts
    /// cannot be loaded.
    pub fn jalankan(
        &self,
        berhenti: &AtomicBool,
        lapor: impl Fn(&Siklus) + Sync,
    ) -> std::result::Result<(), Gagal> {
        let mut lap = Temuan::default();
        let Some(huruf) = Huruf::muat(&self.opsi.huruf, &mut lap) else {
            return Err(Gagal::Data(lap));
        };
        let opsi_pantau = OpsiPantau {
            masukan: self.opsi.masukan.clone(),
            keluaran: self.opsi.keluaran.clone(),
            huruf: self.opsi.huruf.clone(),
        };
        std::thread::scope(|s| {
            let huruf = &huruf;
            s.spawn(|| {
                let hasil = crate::pantau::pantau_dengan(
                    &opsi_pantau,
                    huruf,
                    Tenang::default(),
                    berhenti,
                    |siklus| {
                        lapor(siklus);
                        self.catat_siklus(siklus);
                    },
                );
                if let Err(e) = hasil {
                    let mut k = self.kunci();
                    k.galat_pantau = Some(e.to_string());
                    k.versi += 1;
                }
            });
            for _ in 0..3 {
                s.spawn(|| {
                    while !berhenti.load(Ordering::SeqCst) {
                        match self.server.recv_timeout(Duration::from_millis(100)) {
                            Ok(Some(rq)) => self.tangani(rq, huruf),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(50)),
                        }
                    }
                });
            }
        });
        Ok(())
    }

    fn kunci(&self) -> std::sync::MutexGuard<'_, Keadaan> {
        self.keadaan.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn catat_siklus(&self, siklus: &Siklus) {
        let mut k = self.kunci();
        let (berhasil, diagnostik, pesan) = match &siklus.hasil {
            Hasil::TidakBerubah => return,
            Hasil::Berhasil {
                pdf, diagnostik, ..
            } => {
                k.pdf = Some(pdf.clone());
                k.pdf_isi = std::fs::read(pdf).ok().map(Arc::new);
                k.jumlah_halaman = k.pdf_isi.as_ref().map_or(0, jumlah_halaman);
                k.pratinjau.clear();
                (true, diagnostik.daftar.clone(), None)
            }
            Hasil::Gagal {
                alasan: Gagal::Data(l),
                ..
            } => (false, l.daftar.clone(), None),
            Hasil::Gagal {
                alasan: Gagal::Lain(e),
                ..
            } => (false, Vec::new(), Some(format!("{e:#}"))),
        };
        k.siklus = Some(RingkasSiklus {
            nomor: siklus.nomor,
            berhasil,
            diagnostik,
            pesan,
            waktu: siklus.waktu,
        });
        k.galat_pantau = None;
        k.versi += 1;
    }

    /// One request: the checks every request passes, then its route.
    fn tangani(&self, mut rq: Request, huruf: &Huruf) {
        let host = kepala(&rq, "Host").unwrap_or_default();
        if !host_sah(&host, self.alamat) {
            return jawab(
                rq,
                teks(
                    421,
                    "permintaan ditolak: alamat (Host) bukan alamat lapkin serve; buka halaman dengan alamat yang dicetak saat lapkin serve dimulai",
                ),
            );
        }
        let url = rq.url().to_string();
        let (jalur, kueri) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let metode = rq.method().clone();
        if metode == Method::Post {
            if let Some(asal) = kepala(&rq, "Origin")
                && asal != format!("http://{host}")
            {
                return jawab(
                    rq,
                    teks(
                        403,
                        "permintaan ditolak: dikirim dari halaman lain (Origin), bukan dari halaman lapkin serve",
                    ),
                );
            }
            let token = kepala(&rq, "X-Lapkin-Token").unwrap_or_default();
            if !sama_waktu_tetap(token.as_bytes(), self.token.as_bytes()) {
                return jawab(
                    rq,
                    teks(
                        403,
                        "permintaan ditolak: token halaman tidak ada atau salah; muat ulang halaman lapkin serve lalu coba lagi",
                    ),
                );
            }
        }
        let nama = kueri_nama(kueri);
        let jawaban = match (&metode, jalur) {
            (Method::Get | Method::Head, "/") => self.halaman(),
            (Method::Get, "/aset/halaman.js") => Ok(data(
                200,
                "text/javascript; charset=utf-8",
                SKRIP.as_bytes().to_vec(),
            )),
            (Method::Get, "/aset/gaya.css") => Ok(data(
                200,
                "text/css; charset=utf-8",
                GAYA.as_bytes().to_vec(),
            )),
            (Method::Get, "/keadaan") => Ok(self.keadaan_json()),
            (Method::Get, "/laporan.pdf") => Ok(self.pdf(kueri.contains("tampil=1"))),
            (Method::Get, j) if j.starts_with("/halaman/") => Ok(self.pratinjau(&j[9..])),
            (Method::Get, j) if j.starts_with("/kerangka/") => Ok(kerangka(&j[10..])),
            (Method::Get, j) if j.starts_with("/arsip/") => Ok(self.pdf_arsip(&j[7..])),
            (Method::Post, "/unggah") => Ok(self.unggah(&mut rq, nama.as_deref(), huruf)),
            (Method::Post, "/arsipkan") => Ok(self.arsipkan()),
            (Method::Post, "/verifikasi") => Ok(self.verifikasi(&mut rq, nama.as_deref())),
            (Method::Get | Method::Post, _) => Ok(teks(404, "halaman tidak ditemukan")),
            _ => Ok(teks(405, "metode tidak didukung")),
        };
        let jawaban =
            jawaban.unwrap_or_else(|e| teks(500, &format!("galat di lapkin serve: {e:#}")));
        jawab(rq, jawaban)
    }

    fn keadaan_json(&self) -> Response<std::io::Cursor<Vec<u8>>> {
        let k = self.kunci();
        let v = serde_json::json!({
            "versi": k.versi,
            "selesai": k.siklus.is_some() || k.galat_pantau.is_some(),
            "berhasil": k.siklus.as_ref().map(|s| s.berhasil),
        });
        data(200, "application/json", v.to_string().into_bytes())
    }

    fn halaman(&self) -> Result<Response<std::io::Cursor<Vec<u8>>>> {
        let dir = &self.opsi.masukan;
        // Only lapkin.yaml is read here (name, year, exports); the inputs
        // themselves were read by the last build, whose diagnostics are shown.
        let yaml = yaml_folder(dir);
        let config = std::str::from_utf8(&yaml)
            .ok()
            .and_then(|t| crate::load::parse_config(t, &mut Temuan::default()));
        let ekspor = crate::ekspor::nama_berkas(&yaml);
        let tahun = config.as_ref().map(|c| c.laporan.tahun);
        let versi_arsip = tahun
            .map(|t| daftar_versi(&self.opsi.arsip, t))
            .unwrap_or_default();
        let k = self.kunci();
        let diagnostik: Vec<Diagnostik> = k
            .siklus
            .as_ref()
            .map(|s| s.diagnostik.clone())
            .unwrap_or_default();
        let berkas = daftar_berkas(dir, &ekspor, &diagnostik);
        let kelompok = kelompokkan(&diagnostik);
        let hitung = |t: Tingkat| diagnostik.iter().filter(|d| d.tingkat == t).count();
        let galat = hitung(Tingkat::Galat);
        let peringatan = hitung(Tingkat::Peringatan);
        let (status, waktu, pesan_gagal, nomor) = match &k.siklus {
            None => ("menyusun", String::new(), None, 0),
            Some(s) => (
                if s.berhasil { "berhasil" } else { "gagal" },
                crate::format::detik(s.waktu),
                s.pesan.clone(),
                s.nomor,
            ),
        };
        let ctx = minijinja::context! {
            token => &self.token,
            versi => k.versi,
            instansi => config.as_ref().map(|c| c.instansi.nama.clone()),
            daerah => config.as_ref().map(|c| c.instansi.daerah.clone()),
            tahun => tahun,
            folder => dir.display().to_string(),
            berkas => berkas,
            kelompok => kelompok,
            jumlah_galat => galat,
            jumlah_peringatan => peringatan,
            status => status,
            nomor => nomor,
            waktu => waktu,
            pesan_gagal => pesan_gagal,
            galat_pantau => k.galat_pantau.clone(),
            pdf_ada => k.pdf_isi.is_some(),
            halaman => (1..=k.jumlah_halaman).collect::<Vec<_>>(),
            nama_pdf => k.pdf.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
            unggahan => k.unggahan.clone(),
            verifikasi => k.verifikasi.clone(),
            arsip => k.arsip.clone(),
            versi_arsip => versi_arsip,
            folder_arsip => self.opsi.arsip.display().to_string(),
            kerangka => crate::init::nama_kerangka(),
        };
        drop(k);
        let mut env = minijinja::Environment::new();
        env.add_template("halaman.html", HALAMAN)?;
        let html = env.get_template("halaman.html")?.render(ctx)?;
        Ok(data(200, "text/html; charset=utf-8", html.into_bytes()))
    }

    /// The last good PDF: the bytes read back from disk once it was written
    /// (atomically, so never half a file), whole.
    fn pdf(&self, tampil: bool) -> Response<std::io::Cursor<Vec<u8>>> {
        let k = self.kunci();
        match (&k.pdf, &k.pdf_isi) {
            (Some(path), Some(isi)) => unduhan(isi.to_vec(), path, tampil),
            _ => teks(
                404,
                "belum ada PDF yang berhasil disusun; perbaiki galat yang tercantum di halaman",
            ),
        }
    }

    /// `/halaman/<n>.png`: page `n` (from 1) of the last good PDF as a PNG,
    /// rendered from the PDF's own bytes (what is downloaded is what is
    /// shown) and kept until the next PDF.
    fn pratinjau(&self, sisa: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let Some(n) = sisa
            .strip_suffix(".png")
            .filter(|n| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n >= 1)
        else {
            return teks(404, "halaman tidak ditemukan");
        };
        let (isi, ada) = {
            let k = self.kunci();
            (k.pdf_isi.clone(), k.pratinjau.get(&(n - 1)).cloned())
        };
        if let Some(png) = ada {
            return data(200, "image/png", png.to_vec());
        }
        let Some(isi) = isi else {
            return teks(404, "belum ada PDF yang berhasil disusun");
        };
        match gambar_halaman(isi.clone(), n - 1) {
            Some(png) => {
                let png = Arc::new(png);
                let mut k = self.kunci();
                // Keep it only if the PDF is still the one rendered.
                if k.pdf_isi.as_ref().is_some_and(|b| Arc::ptr_eq(b, &isi)) {
                    k.pratinjau.insert(n - 1, png.clone());
                }
                data(200, "image/png", png.to_vec())
            }
            None => teks(404, "halaman tidak ditemukan"),
        }
    }

    /// `/arsip/<tahun>/<nomor>`: the PDF of one archived version.
    fn pdf_arsip(&self, sisa: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let bagian: Vec<&str> = sisa.split('/').collect();
        let sah = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
        let [tahun, nomor] = bagian[..] else {
            return teks(404, "versi arsip tidak ditemukan");
        };
        if !sah(tahun) || !sah(nomor) {
            return teks(404, "versi arsip tidak ditemukan");
        }
        let folder = self.opsi.arsip.join(tahun).join(format!("v{nomor}"));
        match pdf_di(&folder) {
            Some(p) => match std::fs::read(&p) {
                Ok(isi) => unduhan(isi, &p, false),
                Err(e) => teks(404, &format!("{} tidak dapat dibaca: {e}", p.display())),
            },
            None => teks(404, "versi arsip tidak ditemukan"),
        }
    }

    fn unggah(
        &self,
        rq: &mut Request,
        nama: Option<&str>,
        huruf: &Huruf,
    ) -> Response<std::io::Cursor<Vec<u8>>> {
        let nama = nama.unwrap_or_default().to_string();
        let dir = &self.opsi.masukan;
        let ekspor = crate::ekspor::nama_berkas(&yaml_folder(dir));
        let Some(jenis) = jenis_masukan(&nama, &ekspor) else {
            let u = Unggahan {
                nama: nama.clone(),
                diterima: false,
                pesan: format!(
                    "\"{nama}\" bukan nama berkas masukan lapkin; berkas diunggah dengan nama lapkin.yaml, {}, gambar (.png/.svg), atau berkas ekspor yang disebut ekspor.berkas di lapkin.yaml. Ganti nama berkas, atau pakai tombol \"Ganti\" pada baris berkas yang ingin diganti",
                    crate::masukan::BUKU_KERJA
                        .iter()
                        .map(|b| format!("{b}.xlsx"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                diagnostik: Vec::new(),
            };
            return self.catat_unggahan(u, 400);
        };
        let isi = match baca_badan(rq, jenis.batas()) {
            Ok(isi) => isi,
            Err(pesan) => {
                let u = Unggahan {
                    nama,
                    diterima: false,
                    pesan,
                    diagnostik: Vec::new(),
                };
                return self.catat_unggahan(u, 413);
            }
        };
        let _tulis = self.kunci_tulis.lock().unwrap_or_else(|e| e.into_inner());
        // The folder's inputs as they are, and with the upload in place, read
        // the same way (exports turned into workbooks by both).
        let sekarang = berkas_folder(dir, &ekspor);
        let mut dengan: Vec<(String, Vec<u8>)> = sekarang
            .iter()
            .filter(|(n, _)| *n != nama)
            .cloned()
            .collect();
        dengan.push((nama.clone(), isi.clone()));
        let asal = crate::masukan::Asal::Folder(dir.clone());
        let periksa = |berkas: Vec<(String, Vec<u8>)>| {
            let mut lap = Temuan::default();
            let m = Masukan::dari_berkas(asal.clone(), berkas, &mut lap);
            let (_, l) = crate::periksa(&m, huruf);
            lap.daftar.extend(l.daftar);
            lap
        };
        let sebelum = periksa(sekarang);
        let sesudah = periksa(dengan);
        let galat: Vec<&Diagnostik> = sesudah
            .daftar
            .iter()
            .filter(|d| d.tingkat == Tingkat::Galat)
            .filter(|d| {
                d.lokasi.as_ref().is_some_and(|l| l.berkas == nama) || !sebelum.daftar.contains(d)
            })
            .collect();
        if !galat.is_empty() {
            let u = Unggahan {
                nama: nama.clone(),
                diterima: false,
                pesan: format!(
                    "{nama} tidak dipasang: mengandung {} galat (di bawah); berkas di folder masukan tidak diubah. Perbaiki di Excel lalu unggah lagi",
                    galat.len()
                ),
                diagnostik: galat.into_iter().map(ButirV::dari).collect(),
            };
            return self.catat_unggahan(u, 422);
        }
        let tujuan = dir.join(&nama);
        let mut pesan = format!("{nama} dipasang di folder masukan");
        if tujuan.is_file() {
            let lama = match std::fs::read(&tujuan) {
                Ok(b) => b,
                Err(e) => {
                    let u = Unggahan {
                        nama: nama.clone(),
                        diterima: false,
                        pesan: format!(
                            "{nama} tidak dipasang: berkas lama {} tidak dapat dibaca untuk disimpan ({e})",
                            tujuan.display()
                        ),
                        diagnostik: Vec::new(),
                    };
                    return self.catat_unggahan(u, 500);
                }
            };
            let cadangan = dir.join(format!("{nama}.sebelumnya"));
            if let Err(e) = crate::tulis_atomik(&cadangan, &lama) {
                let u = Unggahan {
                    nama: nama.clone(),
                    diterima: false,
                    pesan: format!(
                        "{nama} tidak dipasang: salinan berkas lama tidak dapat ditulis ({e:#})"
                    ),
                    diagnostik: Vec::new(),
                };
                return self.catat_unggahan(u, 500);
            }
            pesan = format!(
                "{nama} diganti; berkas sebelumnya disimpan sebagai {nama}.sebelumnya. PDF disusun ulang"
            );
        }
        if let Err(e) = crate::tulis_atomik(&tujuan, &isi) {
            let u = Unggahan {
                nama: nama.clone(),
                diterima: false,
                pesan: format!("{nama} tidak dapat ditulis ke folder masukan: {e:#}"),
                diagnostik: Vec::new(),
            };
            return self.catat_unggahan(u, 500);
        }
        let u = Unggahan {
            nama,
            diterima: true,
            pesan,
            diagnostik: sesudah
                .daftar
                .iter()
                .filter(|d| d.tingkat == Tingkat::Peringatan)
                .filter(|d| !sebelum.daftar.contains(d))
                .map(ButirV::dari)
                .collect(),
        };
        self.catat_unggahan(u, 200)
    }

    fn catat_unggahan(&self, u: Unggahan, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
        let badan = serde_json::to_vec(&u).unwrap_or_default();
        let mut k = self.kunci();
        k.unggahan = Some(u);
        k.versi += 1;
        data(status, "application/json", badan)
    }

    fn arsipkan(&self) -> Response<std::io::Cursor<Vec<u8>>> {
        let _tulis = self.kunci_tulis.lock().unwrap_or_else(|e| e.into_inner());
        let opsi = crate::arsip::OpsiArsip {
            masukan: self.opsi.masukan.clone(),
            arsip: self.opsi.arsip.clone(),
            huruf: self.opsi.huruf.clone(),
        };
        let (status, pesan) = match crate::arsip::arsipkan(&opsi) {
            Ok(crate::arsip::HasilArsip::Baru { versi, pdf, .. }) => {
                (200, format!("arsip {versi} dibuat: {}", pdf.display()))
            }
            Ok(crate::arsip::HasilArsip::SudahAda { versi, folder }) => (
                200,
                format!(
                    "masukan ini sudah diarsipkan sebagai {versi} ({}); tidak ada yang dibuat",
                    folder.display()
                ),
            ),
            Err(e) => (422, e.to_string()),
        };
        let mut k = self.kunci();
        k.arsip = Some(pesan.clone());
        k.versi += 1;
        teks(status, &pesan)
    }

    fn verifikasi(
        &self,
        rq: &mut Request,
        nama: Option<&str>,
    ) -> Response<std::io::Cursor<Vec<u8>>> {
        let nama = nama
            .filter(|n| nama_sah(n))
            .unwrap_or("unggahan.pdf")
            .to_string();
        let (status, v) = match baca_badan(rq, MAKS_UNGGAH_PDF) {
            Err(pesan) => (
                413,
                Verifikasi {
                    nama,
                    kode: crate::verifikasi::KELUAR_GALAT,
                    ringkas: "berkas tidak diperiksa".into(),
                    teks: pesan,
                },
            ),
            Ok(isi) => match crate::verifikasi::verifikasi_isi(
                Path::new(&nama),
                &isi,
                None,
                &self.opsi.huruf,
            ) {
                Ok(p) => {
                    let kode = p.kode_keluar();
                    (
                        200,
                        Verifikasi {
                            nama,
                            kode,
                            ringkas: ringkas_putusan(kode).into(),
                            teks: p.to_string(),
                        },
                    )
                }
                Err(e) => (
                    422,
                    Verifikasi {
                        nama,
                        kode: crate::verifikasi::KELUAR_GALAT,
                        ringkas: "berkas tidak dapat diperiksa".into(),
                        teks: format!("galat: {e:#}"),
                    },
                ),
            },
        };
        let badan = serde_json::to_vec(&v).unwrap_or_default();
        let mut k = self.kunci();
        k.verifikasi = Some(v);
        k.versi += 1;
        data(status, "application/json", badan)
    }
}

/// Preview scale: an A4 page (595 pt wide) becomes about 300 pixels wide.
const SKALA_PRATINJAU: f32 = 0.5;

/// The number of pages of a PDF (0 when it cannot be read).
fn jumlah_halaman(pdf: &Arc<Vec<u8>>) -> usize {
    hayro::hayro_syntax::Pdf::new(pdf.clone()).map_or(0, |d| d.pages().len())
}

/// Page `indeks` (from 0) of a PDF as a PNG, by the `hayro` rasteriser
/// (already part of Typst's SVG export); the fonts are those embedded.
fn gambar_halaman(pdf: Arc<Vec<u8>>, indeks: usize) -> Option<Vec<u8>> {
    let dok = hayro::hayro_syntax::Pdf::new(pdf).ok()?;
    let halaman = dok.pages().get(indeks)?;
    let pengaturan = hayro::RenderSettings {
        x_scale: SKALA_PRATINJAU,
        y_scale: SKALA_PRATINJAU,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        ..Default::default()
    };
    let gambar = hayro::render(
        halaman,
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &pengaturan,
    );
    gambar.into_png().ok()
}

/// The verdict of `verify`'s exit code, in a line.
fn ringkas_putusan(kode: u8) -> &'static str {
    use crate::verifikasi::*;
    match kode {
        KELUAR_SAH => {
            "SAH: semua tanda tangan utuh, tidak ada perubahan, dan isinya sama persis dengan hasil lapkin dari sumbernya"
        }
        KELUAR_TTD_RUSAK => "RUSAK: bita yang ditandatangani berubah",
        KELUAR_DIUBAH => "DIUBAH: dokumen diubah setelah ditandatangani, lalu ditandatangani lagi",
        KELUAR_RANTAI => {
            "RANTAI TIDAK SAH: sertifikat penanda tangan tidak berantai ke akar yang diberikan"
        }
        KELUAR_DITAMBAH => {
            "DITAMBAH: ada perubahan tanpa tanda tangan setelah tanda tangan terakhir"
        }
        KELUAR_BEDA => "BEDA: isi dokumen tidak sama dengan hasil lapkin dari sumbernya",
        KELUAR_TIDAK_LENGKAP => {
            "TIDAK LENGKAP: tidak ada tanda tangan, atau kesamaan dengan sumbernya tidak dapat diperiksa"
        }
        _ => "berkas tidak dapat diperiksa",
    }
}

/// Whether `host` (a request's `Host`) names this server: `localhost:<port>`
/// when bound to loopback, or an IP address with its port — never a domain
/// name, which a hostile site could point at this machine (DNS rebinding).
pub fn host_sah(host: &str, alamat: SocketAddr) -> bool {
    let Some((nama, port)) = host.rsplit_once(':') else {
        return false;
    };
    if port != alamat.port().to_string() {
        return false;
    }
    let loopback = alamat.ip().is_loopback();
    if nama.eq_ignore_ascii_case("localhost") {
        return loopback;
    }
    let ip = nama
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(nama);
    match ip.parse::<IpAddr>() {
        Ok(ip) => !loopback || ip.is_loopback(),
        Err(_) => false,
    }
}

/// Equality that takes the same time wherever the first difference is.
fn sama_waktu_tetap(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn kepala(rq: &Request, nama: &str) -> Option<String> {
    rq.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(nama))
        .map(|h| h.value.as_str().to_string())
}

/// The `nama` parameter of a query string, decoded.
fn kueri_nama(kueri: &str) -> Option<String> {
    form_urlencoded::parse(kueri.as_bytes())
        .find(|(k, _)| k == "nama")
        .map(|(_, v)| v.into_owned())
}

/// Reads a request body of at most `batas` bytes; a message when larger.
fn baca_badan(rq: &mut Request, batas: u64) -> std::result::Result<Vec<u8>, String> {
    if let Some(n) = rq.body_length()
        && n as u64 > batas
    {
        return Err(format!(
            "berkas terlalu besar ({}); batasnya {}",
            ukuran_berkas(n as u64),
            ukuran_berkas(batas)
        ));
    }
    let mut isi = Vec::new();
    rq.as_reader()
        .take(batas + 1)
        .read_to_end(&mut isi)
        .map_err(|e| format!("unggahan terputus: {e}"))?;
    if isi.len() as u64 > batas {
        return Err(format!(
            "berkas terlalu besar (lebih dari {}); batasnya {}",
            ukuran_berkas(batas),
            ukuran_berkas(batas)
        ));
    }
    Ok(isi)
}

/// What kind of input `nama` is in a folder whose `lapkin.yaml` names the
/// exports `ekspor` (read as workbooks), or `None` when lapkin never reads it.
fn jenis_masukan(nama: &str, ekspor: &[String]) -> Option<Jenis> {
    if !nama_sah(nama) {
        return None;
    }
    Jenis::dari_nama(nama).or(ekspor.iter().any(|e| e == nama).then_some(Jenis::BukuKerja))
}

/// The folder's `lapkin.yaml` (empty when missing or over its size limit).
fn yaml_folder(dir: &Path) -> Vec<u8> {
    let path = dir.join(crate::masukan::BERKAS_YAML);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() <= crate::masukan::MAKS_YAML => {
            std::fs::read(path).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Every file of the inputs folder lapkin may read (the YAML, workbooks,
/// pictures, and the exports the YAML names), as (name, bytes); files over
/// their size limit are left out ([`Masukan::dari_berkas`] would refuse them).
fn berkas_folder(dir: &Path, ekspor: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let Ok(isi) = std::fs::read_dir(dir) else {
        return v;
    };
    for e in isi.flatten() {
        let nama = e.file_name().to_string_lossy().into_owned();
        let (Some(jenis), Ok(meta)) = (jenis_masukan(&nama, ekspor), e.metadata()) else {
            continue;
        };
        if meta.is_file()
            && meta.len() <= jenis.batas()
            && let Ok(b) = std::fs::read(e.path())
        {
            v.push((nama, b));
        }
    }
    v
}

/// The input files of the folder, each with its state on the page.
fn daftar_berkas(dir: &Path, ekspor: &[String], diagnostik: &[Diagnostik]) -> Vec<BerkasV> {
    let mut v = Vec::new();
    let Ok(isi) = std::fs::read_dir(dir) else {
        return v;
    };
    for e in isi.flatten() {
        let nama = e.file_name().to_string_lossy().into_owned();
        if jenis_masukan(&nama, ekspor).is_none() {
            continue;
        }
        let ukuran = e.metadata().map(|m| m.len()).unwrap_or(0);
        let di_sini = |t: Tingkat| {
            diagnostik
                .iter()
                .any(|d| d.tingkat == t && d.lokasi.as_ref().is_some_and(|l| l.berkas == nama))
        };
        let keadaan = if di_sini(Tingkat::Galat) {
            "galat"
        } else if di_sini(Tingkat::Peringatan) {
            "peringatan"
        } else {
            "dibaca"
        };
        v.push(BerkasV {
            ukuran: ukuran_teks(ukuran),
            nama,
            keadaan,
        });
    }
    v.sort_by_key(|b| {
        (
            match Jenis::dari_nama(&b.nama) {
                Some(Jenis::Yaml) => 0,
                Some(Jenis::BukuKerja) => 1,
                _ => 2,
            },
            b.nama.clone(),
        )
    });
    v
}

fn ukuran_teks(n: u64) -> String {
    if n < 1000 {
        format!("{n} bita")
    } else {
        ukuran_berkas(n)
    }
}

/// Diagnostics grouped by file and sheet, in the order first found.
fn kelompokkan(diagnostik: &[Diagnostik]) -> Vec<KelompokV> {
    let mut v: Vec<KelompokV> = Vec::new();
    for d in diagnostik {
        let b = ButirV::dari(d);
        match v
            .iter_mut()
            .find(|k| k.berkas == b.berkas && k.lembar == b.lembar)
        {
            Some(k) => k.butir.push(b),
            None => v.push(KelompokV {
                berkas: b.berkas.clone(),
                lembar: b.lembar.clone(),
                butir: vec![b],
            }),
        }
    }
    v
}

/// The archived versions of `tahun`, newest first.
fn daftar_versi(arsip: &Path, tahun: i32) -> Vec<VersiV> {
    let folder = arsip.join(tahun.to_string());
    let mut v: Vec<VersiV> = crate::arsip::versi_ada(&folder)
        .unwrap_or_default()
        .into_iter()
        .map(|(n, f)| VersiV {
            tahun: tahun.to_string(),
            versi: format!("v{n}"),
            nomor: n,
            pdf: pdf_di(&f)
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default(),
        })
        .collect();
    v.reverse();
    v
}

/// The PDF of a version folder.
fn pdf_di(folder: &Path) -> Option<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v.into_iter().next()
}

/// `/kerangka/<nama>`: one file of `lapkin init`'s skeleton.
fn kerangka(nama: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    match crate::init::kerangka() {
        Ok(v) => match v.into_iter().find(|(n, _)| n == nama) {
            Some((n, isi)) => unduhan(isi, Path::new(&n), false),
            None => teks(404, "berkas kerangka tidak ditemukan"),
        },
        Err(e) => teks(500, &format!("kerangka tidak dapat disusun: {e:#}")),
    }
}

fn kepala_http(nama: &str, nilai: &str) -> Option<Header> {
    Header::from_bytes(nama.as_bytes(), nilai.as_bytes()).ok()
}

/// A response with the headers every response carries.
fn data(status: u16, jenis: &str, isi: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    // Always a Content-Length, never chunked: a browser then knows a
    // download is complete.
    let mut r = Response::from_data(isi)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    let kepala = [
        ("Content-Type", jenis),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
        ),
    ];
    for (n, v) in kepala {
        if let Some(h) = kepala_http(n, v) {
            r.add_header(h);
        }
    }
    r
}

fn teks(status: u16, pesan: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    data(
        status,
        "text/plain; charset=utf-8",
        format!("{pesan}\n").into_bytes(),
    )
}

/// A file to download (or, `tampil`, to show inline).
fn unduhan(isi: Vec<u8>, path: &Path, tampil: bool) -> Response<std::io::Cursor<Vec<u8>>> {
    // A header value is ASCII: the safe file name, other letters as '-'.
    let nama: String = crate::aman_nama(
        &path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
    .chars()
    .map(|c| if c.is_ascii() { c } else { '-' })
    .collect();
    let jenis = match path.extension().and_then(|x| x.to_str()) {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("yaml") => "text/yaml; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut r = data(200, jenis, isi);
    let cara = if tampil { "inline" } else { "attachment" };
    if let Some(h) = kepala_http(
        "Content-Disposition",
        &format!("{cara}; filename=\"{nama}\""),
    ) {
        r.add_header(h);
    }
    r
}

fn jawab(rq: Request, r: Response<std::io::Cursor<Vec<u8>>>) {
    // A browser that went away is no error of ours.
    let _ = rq.respond(r);
}

/// Opens `url` in the user's browser where the system has a way to; says so
/// when it cannot (the address is printed anyway).
pub fn buka_peramban(url: &str) -> Result<()> {
    let mut perintah = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    perintah
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("peramban tidak dapat dibuka otomatis")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_must_name_this_server_not_a_domain() {
        let lokal: SocketAddr = "127.0.0.1:8024".parse().unwrap();
        assert!(host_sah("127.0.0.1:8024", lokal));
        assert!(host_sah("localhost:8024", lokal));
        assert!(host_sah("[::1]:8024", lokal));
        assert!(!host_sah("127.0.0.1:8025", lokal));
        assert!(!host_sah("evil.example:8024", lokal));
        assert!(!host_sah("192.168.1.5:8024", lokal));
        assert!(!host_sah("127.0.0.1", lokal));
        let lan: SocketAddr = "0.0.0.0:8024".parse().unwrap();
        assert!(host_sah("192.168.1.5:8024", lan));
        assert!(!host_sah("localhost:8024", lan));
        assert!(!host_sah("kantor.example:8024", lan));
    }

    #[test]
    fn token_comparison() {
        assert!(sama_waktu_tetap(b"abc", b"abc"));
        assert!(!sama_waktu_tetap(b"abc", b"abd"));
        assert!(!sama_waktu_tetap(b"abc", b"ab"));
    }
}
