//! `lapkin serve` as its user meets it: the real binary on a free port, the
//! page loaded in a real browser (Debian's headless `chromium`), the PDF
//! downloaded, uploads and the attacks the issue names sent over HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Nilai;

/// A running `lapkin serve`, stopped when dropped.
struct Layanan {
    anak: Child,
    port: u16,
    url: String,
    masukan: PathBuf,
    keluaran: PathBuf,
    arsip: PathBuf,
}

impl Drop for Layanan {
    fn drop(&mut self) {
        let _ = self.anak.kill();
        let _ = self.anak.wait();
    }
}

/// Starts `lapkin serve` on a copy of the sample and waits for its first build.
fn mulai(nama: &str) -> Layanan {
    let masukan = common::salin_sampel(nama);
    let keluaran = masukan.with_extension("x.pdf");
    let arsip = masukan.with_extension("arsip");
    let mut anak = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(common::akar())
        .args(["serve", "--port", "0", "--tanpa-peramban", "--masukan"])
        .arg(&masukan)
        .arg("--keluaran")
        .arg(&keluaran)
        .arg("--arsip")
        .arg(&arsip)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(masukan.with_extension("stderr.txt")).unwrap())
        .spawn()
        .expect("lapkin serve");
    let mut baris = String::new();
    BufReader::new(anak.stdout.take().unwrap())
        .read_line(&mut baris)
        .unwrap();
    let url = baris
        .split_whitespace()
        .find(|k| k.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address printed: {baris:?}"))
        .to_string();
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let l = Layanan {
        anak,
        port,
        url,
        masukan,
        keluaran,
        arsip,
    };
    l.tunggu(|k| k.contains("\"selesai\":true"));
    l
}

/// One HTTP response.
struct Jawaban {
    status: u16,
    kepala: String,
    badan: Vec<u8>,
}

impl Jawaban {
    fn teks(&self) -> String {
        String::from_utf8_lossy(&self.badan).into_owned()
    }
}

impl Layanan {
    /// A request with the given extra header lines; `Host` is the server's
    /// own unless given.
    fn minta(&self, metode: &str, jalur: &str, kepala: &[(&str, &str)], badan: &[u8]) -> Jawaban {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut teks = format!("{metode} {jalur} HTTP/1.1\r\n");
        if !kepala.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            teks.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (k, v) in kepala {
            teks.push_str(&format!("{k}: {v}\r\n"));
        }
        teks.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            badan.len()
        ));
        s.write_all(teks.as_bytes()).unwrap();
        s.write_all(badan).unwrap();
        // The head, then exactly Content-Length bytes: the server always
        // sends one (never chunked), so a short body is a failure here.
        let mut r = BufReader::new(s);
        let mut kepala = String::new();
        loop {
            let mut baris = String::new();
            r.read_line(&mut baris).unwrap();
            if baris == "\r\n" || baris.is_empty() {
                break;
            }
            kepala.push_str(&baris);
        }
        let status = kepala.split_whitespace().nth(1).unwrap().parse().unwrap();
        let panjang: usize = kepala
            .lines()
            .find_map(|b| {
                b.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .map(|(_, v)| v.trim().parse().unwrap())
            })
            .unwrap_or_else(|| panic!("no Content-Length: {kepala}"));
        let mut badan = vec![0; panjang];
        r.read_exact(&mut badan).unwrap();
        Jawaban {
            status,
            kepala,
            badan,
        }
    }

    fn get(&self, jalur: &str) -> Jawaban {
        self.minta("GET", jalur, &[], b"")
    }

    /// The token the page carries, as its script reads it.
    fn token(&self) -> String {
        let html = self.get("/").teks();
        let awal = html.find("name=\"lapkin-token\" content=\"").unwrap() + 29;
        html[awal..awal + 32].to_string()
    }

    /// A POST as the page's script sends it: token and the page's Origin.
    fn kirim(&self, jalur: &str, badan: &[u8]) -> Jawaban {
        let token = self.token();
        let asal = format!("http://127.0.0.1:{}", self.port);
        self.minta(
            "POST",
            jalur,
            &[("X-Lapkin-Token", &token), ("Origin", &asal)],
            badan,
        )
    }

    /// Waits (up to a minute) until `/keadaan` satisfies `f`; returns it.
    fn tunggu(&self, f: impl Fn(&str) -> bool) -> String {
        let batas = Instant::now() + Duration::from_secs(60);
        loop {
            let k = self.get("/keadaan").teks();
            if f(&k) {
                return k;
            }
            assert!(Instant::now() < batas, "state never reached: {k}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn versi(&self) -> u64 {
        let k: serde_json::Value = serde_json::from_str(&self.get("/keadaan").teks()).unwrap();
        k["versi"].as_u64().unwrap()
    }

    /// The page as the browser has it after its scripts ran.
    fn dom(&self) -> String {
        peramban(&["--dump-dom", &self.url])
    }
}

/// Runs headless chromium with its own profile; returns its standard output.
/// Chromium is stopped after 60 s and tried once more: on a loaded machine a
/// headless run was seen to stall for 300 s (a wait inside chromium, the
/// server answering other requests meanwhile).
fn peramban(argumen: &[&str]) -> String {
    // One at a time: chromiums started together stall more often.
    static SATU: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _giliran = SATU.lock().unwrap_or_else(|e| e.into_inner());
    for percobaan in 0..2 {
        let profil = common::folder_sementara("chromium");
        let keluaran = profil.with_extension("out");
        let mut anak = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                // Stop loading after 15 s at most; the page is rendered on
                // the server, so its content is there at load.
                "--timeout=15000",
            ])
            .arg(format!("--user-data-dir={}", profil.display()))
            .args(argumen)
            .stdout(std::fs::File::create(&keluaran).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium (Debian's chromium package; .ci/run installs it)");
        let batas = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = anak.try_wait().unwrap() {
                assert!(status.success(), "chromium failed: {status}");
                return std::fs::read_to_string(&keluaran).unwrap();
            }
            if Instant::now() > batas {
                let _ = anak.kill();
                let _ = anak.wait();
                eprintln!("chromium stalled (attempt {}), tried again", percobaan + 1);
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("chromium did not finish twice in a row");
}

/// pdftotext of PDF bytes.
fn teks_pdf(isi: &[u8], nama: &Path) -> String {
    std::fs::write(nama, isi).unwrap();
    common::teks_pdf(nama)
}

#[test]
fn page_in_a_browser_shows_the_warnings_with_their_cells_and_the_pdf_is_builds_bytes() {
    let l = mulai("layan-halaman");
    let dom = l.dom();
    assert!(
        dom.contains("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
        "{dom}"
    );
    assert!(dom.contains("Kabupaten Batu Bara"));
    assert!(dom.contains("0 galat, 5 peringatan"), "{dom}");
    // The sample's warning, grouped under its file and sheet, with its cell.
    assert!(dom.contains("kinerja.xlsx › lembar IP ASN"), "{dom}");
    assert!(dom.contains("<span class=\"sel\">B2</span>"));
    assert!(dom.contains("nilai IP ASN keseluruhan 75,44 berada di luar rentang"));
    assert!(dom.contains("saran: nilai keseluruhan seharusnya berada di antara"));
    // Every input with its state.
    for b in ["lapkin.yaml", "anggaran.xlsx", "kinerja.xlsx"] {
        assert!(dom.contains(&format!("<code>{b}</code>")), "{b}");
    }
    assert!(dom.contains("<span class=\"keadaan peringatan\">peringatan</span>"));
    assert!(dom.contains("href=\"/laporan.pdf\""));
    assert!(dom.contains("src=\"/halaman/1.png"));

    // The download is the whole PDF, the same bytes as build's.
    let pdf = l.get("/laporan.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.kepala.contains("Content-Type: application/pdf"));
    assert!(pdf.kepala.contains("Content-Disposition: attachment"));
    let dibangun = lapkin::susun(
        &common::masukan(&l.masukan),
        &common::huruf(),
        lapkin::Bentuk::Laporan,
    )
    .unwrap();
    assert!(pdf.badan == dibangun.pdf, "download differs from build");
    assert!(std::fs::read(&l.keluaran).unwrap() == dibangun.pdf);

    // A page preview is a PNG of the page.
    let png = l.get("/halaman/1.png");
    assert_eq!(png.status, 200);
    assert!(png.badan.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(l.get("/halaman/9999.png").status, 404);

    // The screenshot a person would see renders.
    let layar = common::folder_sementara("layar").join("layan.png");
    peramban(&[
        "--hide-scrollbars",
        "--window-size=1200,1800",
        &format!("--screenshot={}", layar.display()),
        &l.url,
    ]);
    assert!(std::fs::read(&layar).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn broken_workbook_upload_shows_its_error_and_leaves_the_file_on_disk() {
    let l = mulai("layan-rusak");
    let rusak = common::salin_sampel("layan-rusak-sumber");
    common::ubah_buku(
        &rusak,
        "aset.xlsx",
        &[("Aset", 2, 2, Nilai::Teks("dua"))],
        &[],
    );
    let baru = std::fs::read(rusak.join("aset.xlsx")).unwrap();
    let lama = std::fs::read(l.masukan.join("aset.xlsx")).unwrap();

    let j = l.kirim("/unggah?nama=aset.xlsx", &baru);
    assert_eq!(j.status, 422, "{}", j.teks());
    assert!(j.teks().contains("\\\"dua\\\" bukan angka"), "{}", j.teks());
    assert!(std::fs::read(l.masukan.join("aset.xlsx")).unwrap() == lama);
    assert!(!l.masukan.join("aset.xlsx.sebelumnya").exists());

    let dom = l.dom();
    assert!(dom.contains("aset.xlsx tidak dipasang"), "{dom}");
    assert!(dom.contains("aset.xlsx › Aset › C3"), "{dom}");
    assert!(dom.contains("\"dua\" bukan angka yang dapat dibaca"));
    // The report is still the last good one.
    assert_eq!(l.get("/laporan.pdf").status, 200);

    // A name lapkin does not read is refused, whatever its content.
    let j = l.kirim("/unggah?nama=..%2Flapkin.yaml", b"x");
    assert_eq!(j.status, 400);
    assert!(j.teks().contains("bukan nama berkas masukan lapkin"));
    // An upload larger than the limit is refused before it is read.
    let besar = vec![b'#'; 2_000_001];
    let j = l.kirim("/unggah?nama=lapkin.yaml", &besar);
    assert_eq!(j.status, 413, "{}", j.teks());
    assert!(j.teks().contains("terlalu besar"));
}

#[test]
fn good_upload_replaces_keeps_the_previous_file_and_rebuilds() {
    let l = mulai("layan-ganti");
    let sumber = common::salin_sampel("layan-ganti-sumber");
    common::ubah_yaml(&sumber, |v| {
        v["instansi"]["nama"] = "Badan <img src=x onerror=alert(1)> Kepegawaian".into();
        v["kata_pengantar"] = "Kalimat pengantar yang diunggah lewat halaman serve.".into();
    });
    let baru = std::fs::read(sumber.join("lapkin.yaml")).unwrap();
    let lama = std::fs::read(l.masukan.join("lapkin.yaml")).unwrap();
    let versi = l.versi();

    let j = l.kirim("/unggah?nama=lapkin.yaml", &baru);
    assert_eq!(j.status, 200, "{}", j.teks());
    assert!(std::fs::read(l.masukan.join("lapkin.yaml")).unwrap() == baru);
    assert!(std::fs::read(l.masukan.join("lapkin.yaml.sebelumnya")).unwrap() == lama);
    // The watch notices the new file and rebuilds; the page follows.
    l.tunggu(|k| {
        let v: serde_json::Value = serde_json::from_str(k).unwrap();
        v["versi"].as_u64().unwrap() > versi + 1 && v["berhasil"] == true
    });
    let pdf = l.get("/laporan.pdf");
    let teks = teks_pdf(&pdf.badan, &l.masukan.with_extension("unduh.pdf"));
    assert!(teks.contains("Kalimat pengantar yang diunggah lewat halaman serve."));

    // A name from the YAML is text on the page, never markup.
    let dom = l.dom();
    assert!(dom.contains("lapkin.yaml diganti"), "{dom}");
    assert!(
        dom.contains("Badan &lt;img src=x onerror=alert(1)&gt; Kepegawaian"),
        "{dom}"
    );
    assert!(!dom.contains("<img src=\"x\""));
}

#[test]
fn foreign_host_and_cross_site_requests_are_refused() {
    let l = mulai("layan-serangan");
    // DNS rebinding: a domain pointed at this machine.
    let host = format!("evil.example:{}", l.port);
    let j = l.minta("GET", "/", &[("Host", &host)], b"");
    assert_eq!(j.status, 421);
    let j = l.minta("GET", "/laporan.pdf", &[("Host", &host)], b"");
    assert_eq!(j.status, 421);
    assert!(!j.badan.starts_with(b"%PDF"));

    // A page on another site posting to this one, with or without a token.
    let token = l.token();
    let j = l.minta(
        "POST",
        "/arsipkan",
        &[
            ("X-Lapkin-Token", &token),
            ("Origin", "http://evil.example"),
        ],
        b"",
    );
    assert_eq!(j.status, 403);
    let j = l.minta(
        "POST",
        "/arsipkan",
        &[("Origin", &format!("http://127.0.0.1:{}", l.port))],
        b"",
    );
    assert_eq!(j.status, 403);
    assert!(j.teks().contains("token"));
    let j = l.minta(
        "POST",
        "/unggah?nama=lapkin.yaml",
        &[("X-Lapkin-Token", "0000")],
        b"laporan: {}",
    );
    assert_eq!(j.status, 403);
    assert!(!l.arsip.exists(), "nothing may be archived");
    assert!(
        std::fs::read(l.masukan.join("lapkin.yaml")).unwrap()
            == std::fs::read(common::sampel().join("lapkin.yaml")).unwrap()
    );

    // Paths never leave the folders served.
    for jalur in [
        "/kerangka/../lapkin.yaml",
        "/kerangka/..%2F..%2FCargo.toml",
        "/arsip/../../Cargo.toml",
        "/arsip/2024/1/../../x",
        "/halaman/..%2F1.png",
        "/../Cargo.toml",
    ] {
        let j = l.get(jalur);
        assert_eq!(j.status, 404, "{jalur}");
    }
    // Responses forbid being framed or read by other sites.
    let j = l.get("/");
    assert!(
        j.kepala
            .contains("Content-Security-Policy: default-src 'self'")
    );
    assert!(j.kepala.contains("X-Frame-Options: SAMEORIGIN"));
}

#[test]
fn archive_verify_and_skeleton_from_the_page_match_the_commands() {
    let l = mulai("layan-arsip");
    let j = l.kirim("/arsipkan", b"");
    assert_eq!(j.status, 200, "{}", j.teks());
    assert!(j.teks().contains("arsip v1 dibuat"));
    let folder = l.arsip.join("2024").join("v1");
    let pdf = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    // A second archive of the same inputs makes nothing new.
    assert!(
        l.kirim("/arsipkan", b"")
            .teks()
            .contains("sudah diarsipkan sebagai v1")
    );
    let dom = l.dom();
    assert!(dom.contains("href=\"/arsip/2024/1\""), "{dom}");
    assert!(l.get("/arsip/2024/1").badan == std::fs::read(&pdf).unwrap());

    // verify of an upload: the same verdict as the command on the same file.
    let nama = pdf.file_name().unwrap().to_str().unwrap().to_string();
    let j = l.kirim(
        &format!("/verifikasi?nama={}", nama.replace(' ', "%20")),
        &std::fs::read(&pdf).unwrap(),
    );
    let v: serde_json::Value = serde_json::from_slice(&j.badan).unwrap();
    let perintah = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(&folder)
        .args(["verify", &nama, "--huruf"])
        .arg(common::akar().join("fonts"))
        .output()
        .unwrap();
    assert_eq!(
        v["teks"].as_str().unwrap(),
        String::from_utf8_lossy(&perintah.stdout)
    );
    assert_eq!(
        v["kode"].as_u64().unwrap(),
        perintah.status.code().unwrap() as u64
    );
    assert!(l.dom().contains("TIDAK LENGKAP"));

    // The fill-in workbooks of init.
    let j = l.get("/kerangka/anggaran.xlsx");
    assert_eq!(j.status, 200);
    assert!(j.badan.starts_with(b"PK"));
    assert!(
        j.kepala
            .contains("Content-Disposition: attachment; filename=\"anggaran.xlsx\"")
    );
}

#[test]
fn a_taken_port_is_a_clear_error_and_a_network_address_is_warned() {
    let l = mulai("layan-port");
    let kedua = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(common::akar())
        .args(["serve", "--tanpa-peramban", "--port", &l.port.to_string()])
        .arg("--masukan")
        .arg(&l.masukan)
        .output()
        .unwrap();
    assert_eq!(kedua.status.code(), Some(1));
    let err = String::from_utf8_lossy(&kedua.stderr);
    assert!(err.contains("tidak dapat dipakai"), "{err}");
    assert!(err.contains("pilih port lain dengan --port"), "{err}");

    // Listening beyond this computer is said on start.
    let mut anak = Command::new(env!("CARGO_BIN_EXE_lapkin"))
        .current_dir(common::akar())
        .args([
            "serve",
            "--tanpa-peramban",
            "--port",
            "0",
            "--alamat",
            "0.0.0.0",
        ])
        .arg("--masukan")
        .arg(&l.masukan)
        .arg("--keluaran")
        .arg(l.masukan.with_extension("lan.pdf"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut baris = String::new();
    BufReader::new(anak.stderr.take().unwrap())
        .read_line(&mut baris)
        .unwrap();
    let _ = anak.kill();
    let _ = anak.wait();
    assert!(
        baris.starts_with("peringatan: halaman mendengarkan di 0.0.0.0:"),
        "{baris}"
    );
    assert!(baris.contains("komputer lain di jaringan"), "{baris}");
}
