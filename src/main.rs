//! The `lapkin` command: `lapkin build` (one agency or many), `lapkin watch`, `lapkin check`, `lapkin archive` and
//! `lapkin verify`, `lapkin sign`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The layout of every help page, with Indonesian headings.
const BANTUAN: &str = "{about}\n\nPemakaian: {usage}\n\n{all-args}";

/// Laporan Kinerja Instansi Pemerintah dari buku kerja Excel dan lapkin.yaml.
#[derive(Parser)]
#[command(
    name = "lapkin",
    version,
    about,
    help_template = BANTUAN,
    subcommand_help_heading = "Perintah",
    subcommand_value_name = "PERINTAH",
    next_help_heading = "Opsi",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    /// Menampilkan bantuan.
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    bantuan: Option<bool>,
    /// Menampilkan versi.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    versi: Option<bool>,
    #[command(subcommand)]
    perintah: Perintah,
}

#[derive(Subcommand)]
enum Perintah {
    /// Menyusun laporan PDF dari folder masukan, atau dari banyak instansi sekaligus.
    ///
    /// Beberapa folder masukan (--masukan A B C), atau satu folder yang subfoldernya folder
    /// masukan (--masukan kabupaten), menyusun satu PDF per instansi ke folder --keluaran
    /// (bawaan: output/), bernama seperti folder masukannya, secara paralel, beserta
    /// rekapitulasi.pdf (rekapitulasi capaian kinerja perangkat daerah). Galat satu
    /// instansi tidak menghentikan yang lain; ringkasan di akhir menyebut hasil setiap
    /// instansi, dan kode keluar 1 berarti sedikitnya satu instansi gagal.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin build [--masukan FOLDER...] [--keluaran BERKAS] [--huruf FOLDER] [--emit-typst] [--utas N]"
    )]
    Build {
        /// Folder masukan (lapkin.yaml dan buku kerja); boleh beberapa, atau folder yang
        /// subfoldernya folder masukan. Bawaan: inputs.
        #[arg(
            long = "masukan",
            short = 'm',
            num_args = 1..,
            default_value = "inputs",
            hide_default_value = true,
            value_name = "FOLDER"
        )]
        masukan: Vec<PathBuf>,
        /// Berkas PDF keluaran; bawaan: output/<laporan.nama_berkas>.pdf. Untuk banyak
        /// instansi: folder keluaran (bawaan: output/).
        #[arg(long = "keluaran", short = 'o', value_name = "BERKAS")]
        keluaran: Option<PathBuf>,
        #[command(flatten)]
        huruf: FolderHuruf,
        /// Tulis juga sumber Typst ke folder typst/ di samping PDF (satu instansi): setiap bab,
        /// logo dan huruf, sehingga `typst compile --font-path typst/huruf typst/main.typ`
        /// menyusunnya tanpa lapkin.
        #[arg(long = "emit-typst")]
        emit_typst: bool,
        /// Banyak instansi: jumlah laporan yang disusun bersamaan (paling banyak jumlah inti
        /// prosesor; bawaan: jumlah inti). --utas 1 memakai memori paling sedikit (±110 MB).
        #[arg(
            long = "utas",
            short = 'j',
            default_value_t = 0,
            hide_default_value = true,
            value_name = "N"
        )]
        utas: usize,
    },
    /// Menyusun laporan, lalu menyusunnya ulang setiap kali berkas di folder masukan disimpan.
    ///
    /// Hanya berkas yang berubah yang dibaca ulang; huruf dan tembolok Typst tetap dimuat,
    /// sehingga koreksi satu sel tersusun dalam sepersekian detik. PDF diganti utuh; bila
    /// berkas yang disimpan rusak atau belum selesai disimpan, PDF terakhir yang berhasil
    /// tetap utuh dan alasannya dicetak. Hentikan dengan Ctrl+C.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin watch [--masukan FOLDER] [--keluaran BERKAS] [--huruf FOLDER]"
    )]
    Watch {
        #[command(flatten)]
        masukan: FolderMasukan,
        /// Berkas PDF keluaran; bawaan: output/<laporan.nama_berkas>.pdf.
        #[arg(long = "keluaran", short = 'o', value_name = "BERKAS")]
        keluaran: Option<PathBuf>,
        #[command(flatten)]
        huruf: FolderHuruf,
    },
    /// Membuka halaman lapkin di peramban: berkas masukan dan keadaannya, hasil pemeriksaan,
    /// PDF untuk diunduh, penggantian berkas dengan unggahan, arsip, dan pemeriksaan PDF
    /// bertanda tangan.
    ///
    /// Halaman hanya dapat dibuka dari komputer ini (127.0.0.1) kecuali --alamat diberikan.
    /// Setiap kali berkas di folder masukan disimpan, PDF disusun ulang (seperti watch) dan
    /// halaman diperbarui sendiri. Berkas yang diunggah diperiksa dulu: yang bergalat tidak
    /// dipasang, dan berkas lama disimpan sebagai <nama>.sebelumnya. Hentikan dengan Ctrl+C.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin serve [--masukan FOLDER] [--keluaran BERKAS] [--port N] [--alamat IP] [--arsip FOLDER] [--tanpa-peramban] [--huruf FOLDER]"
    )]
    Serve {
        #[command(flatten)]
        masukan: FolderMasukan,
        /// Berkas PDF keluaran; bawaan: output/<laporan.nama_berkas>.pdf.
        #[arg(long = "keluaran", short = 'o', value_name = "BERKAS")]
        keluaran: Option<PathBuf>,
        /// Port halaman; bawaan: 8024; 0 memilih port yang kosong.
        #[arg(
            long = "port",
            short = 'p',
            default_value_t = lapkin::layan::PORT_BAWAAN,
            hide_default_value = true,
            value_name = "N"
        )]
        port: u16,
        /// Alamat yang didengarkan; bawaan: 127.0.0.1 (hanya komputer ini). Alamat lain,
        /// mis. 0.0.0.0, membuka halaman untuk komputer lain di jaringan.
        #[arg(
            long = "alamat",
            default_value = "127.0.0.1",
            hide_default_value = true,
            value_name = "IP"
        )]
        alamat: std::net::IpAddr,
        /// Folder akar arsip (seperti archive --arsip); bawaan: arsip.
        #[arg(
            long = "arsip",
            default_value = "arsip",
            hide_default_value = true,
            value_name = "FOLDER"
        )]
        arsip: PathBuf,
        /// Jangan membuka peramban; cukup cetak alamat halaman.
        #[arg(long = "tanpa-peramban")]
        tanpa_peramban: bool,
        #[command(flatten)]
        huruf: FolderHuruf,
    },
    /// Membuat folder masukan baru yang siap diisi (atau dari folder tahun lalu).
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin init FOLDER [--dari FOLDER]"
    )]
    Init {
        /// Folder baru (tidak boleh sudah berisi berkas).
        #[arg(value_name = "FOLDER")]
        folder: PathBuf,
        /// Folder masukan tahun lalu: narasi dan struktur dibawa, tahun dimajukan,
        /// realisasi tahun lalu menjadi angka tahun sebelumnya.
        #[arg(long = "dari", value_name = "FOLDER")]
        dari: Option<PathBuf>,
    },
    /// Mengarsipkan laporan sebagai PDF/A-3a + PDF/UA-1 berlampiran berkas sumber dan manifest.json,
    /// ke <arsip>/<tahun>/v<N>/; versi lama tidak pernah ditimpa.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin archive [--masukan FOLDER] [--arsip FOLDER] [--huruf FOLDER]"
    )]
    Archive {
        #[command(flatten)]
        masukan: FolderMasukan,
        /// Folder akar arsip; bawaan: arsip.
        #[arg(
            long = "arsip",
            default_value = "arsip",
            hide_default_value = true,
            value_name = "FOLDER"
        )]
        arsip: PathBuf,
        #[command(flatten)]
        huruf: FolderHuruf,
    },
    /// Memeriksa PDF bertanda tangan: keabsahan setiap tanda tangan, setiap pembaruan
    /// setelah tanda tangan pertama, dan kesamaan persis dengan hasil lapkin dari sumbernya.
    ///
    /// Setelah ditandatangani, aturan PDF (DocMDP, PAdES) hanya mengizinkan tanda tangan
    /// baru, cap waktu dokumen, data validasi jangka panjang (DSS) dan metadata; selain itu
    /// (halaman, isi, anotasi, lampiran, katalog) adalah perubahan, disebut dengan halaman
    /// dan objeknya.
    ///
    /// Kode keluar: 0 semua sah; 1 berkas tidak dapat dibaca; 2 perintah tidak dapat
    /// dipahami; 3 tanda tangan rusak (bita yang ditandatangani berubah); 7 dokumen diubah
    /// setelah sebuah tanda tangan lalu ditandatangani lagi (tanda tangan lama tidak lagi
    /// menjamin isi yang tampil); 4 ada perubahan tanpa tanda tangan setelah tanda tangan
    /// terakhir; 5 dokumen tidak sama dengan hasil lapkin; 6 tidak ada tanda tangan atau
    /// kesamaan tidak dapat diperiksa; 8 rantai sertifikat tidak sampai ke akar --akar. Bila
    /// ada beberapa temuan, yang terberat dipakai, dengan urutan 3, 7, 8, 4, 5, 6.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin verify BERKAS.pdf [--masukan FOLDER] [--huruf FOLDER] [--json] [--akar FILE.pem]"
    )]
    Verify {
        /// Berkas PDF yang diperiksa.
        #[arg(value_name = "BERKAS.pdf")]
        pdf: PathBuf,
        /// Susun ulang dari folder masukan ini, bukan dari berkas sumber yang terlampir di PDF.
        #[arg(long = "masukan", short = 'm', value_name = "FOLDER")]
        masukan: Option<PathBuf>,
        #[command(flatten)]
        huruf: FolderHuruf,
        /// Cetak putusan sebagai JSON (untuk sistem arsip), dengan kode keluar yang sama.
        #[arg(long = "json")]
        json: bool,
        /// Periksa rantai sertifikat penanda tangan sampai ke sertifikat akar di berkas ini (PEM, atau
        /// satu sertifikat DER .cer), tanpa jaringan.
        #[arg(long = "akar", value_name = "FILE.pem")]
        akar: Option<PathBuf>,
    },
    /// Menandatangani PDF (PAdES B-B) dengan sertifikat PKCS#12 sebagai pembaruan bertahap.
    ///
    /// Kata sandi diambil dari variabel lingkungan LAPKIN_P12_PASSWORD atau ditanyakan.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin sign BERKAS.pdf --p12 BERKAS.p12 [--keluaran BERKAS] [--masukan FOLDER] [--timpa]"
    )]
    Sign {
        /// Berkas PDF yang ditandatangani (tidak diubah).
        #[arg(value_name = "BERKAS.pdf")]
        pdf: PathBuf,
        /// Berkas sertifikat PKCS#12 (.p12/.pfx).
        #[arg(long = "p12", value_name = "BERKAS.p12")]
        p12: PathBuf,
        /// Berkas PDF bertanda tangan; bawaan: <nama>-ttd.pdf di samping PDF asli.
        #[arg(long = "keluaran", short = 'o', value_name = "BERKAS")]
        keluaran: Option<PathBuf>,
        /// Folder masukan (lapkin.yaml: nama, jabatan, tempat penandatanganan).
        #[command(flatten)]
        masukan: FolderMasukan,
        /// Ganti berkas keluaran bila sudah ada (tanpa opsi ini, berkas yang ada tidak pernah ditimpa).
        #[arg(long = "timpa")]
        timpa: bool,
    },
    /// Memeriksa masukan tanpa menyusun PDF; mencantumkan semua masalah.
    #[command(
        help_template = BANTUAN,
        next_help_heading = "Opsi",
        override_usage = "lapkin check [--masukan FOLDER | FOLDER] [--ketat] [--huruf FOLDER]"
    )]
    Check {
        /// Folder masukan (sama dengan --masukan FOLDER).
        #[arg(value_name = "FOLDER", conflicts_with = "masukan")]
        folder: Option<PathBuf>,
        /// Folder masukan (lapkin.yaml dan buku kerja); bawaan: inputs.
        #[arg(long = "masukan", short = 'm', value_name = "FOLDER")]
        masukan: Option<PathBuf>,
        /// Peringatan juga dianggap galat.
        #[arg(long = "ketat")]
        ketat: bool,
        #[command(flatten)]
        huruf: FolderHuruf,
    },
}

/// `--masukan DIR`: the inputs folder.
#[derive(clap::Args)]
struct FolderMasukan {
    /// Folder masukan (lapkin.yaml dan buku kerja); bawaan: inputs.
    #[arg(
        long = "masukan",
        short = 'm',
        default_value = "inputs",
        hide_default_value = true,
        value_name = "FOLDER"
    )]
    masukan: PathBuf,
}

/// `--huruf DIR`: the fonts folder.
#[derive(clap::Args)]
struct FolderHuruf {
    /// Folder huruf (.otf/.ttf); bawaan: fonts/ di folder kerja atau di samping kode lapkin.
    #[arg(long = "huruf", value_name = "FOLDER")]
    huruf: Option<PathBuf>,
}

/// A command line that cannot be understood, told in Bahasa Indonesia; exit code 2.
/// Help and version requests print as clap renders them, with exit code 0.
fn salah_perintah(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let isi = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let pesan = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "perintah belum disebut".to_string()
        }
        ErrorKind::InvalidSubcommand => format!(
            "perintah \"{}\" tidak dikenal",
            isi(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            format!("opsi \"{}\" tidak dikenal", isi(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => format!(
            "argumen wajib belum diisi: {}",
            isi(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "nilai \"{}\" tidak sah untuk {}",
            isi(ContextKind::InvalidValue),
            isi(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => "opsi yang dipakai saling bertentangan".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            "jumlah nilai untuk opsi tidak sesuai".to_string()
        }
        _ => "perintah tidak dapat dipahami".to_string(),
    };
    eprintln!("galat: {pesan}");
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("  saran: {}", saran_bantuan(&args));
    ExitCode::from(2)
}

/// The commands of lapkin, as typed.
const PERINTAH: [&str; 8] = [
    "build", "watch", "serve", "check", "init", "archive", "sign", "verify",
];

/// The hint of a command line that cannot be understood: the help of the
/// command that was run (its first word not starting with `-`), or, when no
/// known command was named, the list of commands and `lapkin --help`.
fn saran_bantuan(args: &[String]) -> String {
    let perintah = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .and_then(|a| PERINTAH.iter().find(|p| **p == a.as_str()));
    match perintah {
        Some(p) => format!("lihat \"lapkin {p} --help\""),
        None => format!(
            "perintah yang ada: {}; lihat \"lapkin --help\"",
            PERINTAH.join(", ")
        ),
    }
}

/// A duration in seconds the Indonesian way: `0,664`.
fn detik(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64()).replace('.', ",")
}

fn folder_huruf(pilihan: FolderHuruf) -> PathBuf {
    pilihan.huruf.unwrap_or_else(|| {
        let lokal = PathBuf::from("fonts");
        if lokal.is_dir() {
            lokal
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")
        }
    })
}

/// `lapkin build` of many agencies: progress lines as each finishes, then the summary.
fn bangun_banyak(opsi: lapkin::banyak::OpsiBanyak) -> ExitCode {
    match lapkin::banyak::bangun_banyak(&opsi, |k| eprint!("{k}")) {
        Ok(r) => {
            eprint!("{r}");
            if r.ada_gagal() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// `lapkin serve`: binds, prints the address (stdout, one line, for scripts),
/// opens the browser unless told not to, and answers until killed.
fn layani(opsi: lapkin::layan::OpsiLayan, peramban: bool) -> ExitCode {
    let masukan = opsi.masukan.clone();
    let layanan = match lapkin::layan::Layanan::buka(opsi) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("galat: {e:#}\n  saran: lihat \"lapkin serve --help\"");
            return ExitCode::from(1);
        }
    };
    if !layanan.alamat().ip().is_loopback() {
        eprintln!(
            "peringatan: halaman mendengarkan di {}: komputer lain di jaringan dapat membuka halaman ini, melihat laporan, dan mengganti berkas masukan. Tanpa --alamat, hanya komputer ini yang dapat membukanya.",
            layanan.alamat()
        );
    }
    let url = layanan.url();
    println!("lapkin serve: halaman siap di {url}");
    eprintln!(
        "memantau folder {}; hentikan dengan Ctrl+C.",
        masukan.display()
    );
    if peramban && let Err(e) = lapkin::layan::buka_peramban(&url) {
        eprintln!("{e:#}; buka {url} di peramban");
    }
    let berhenti = std::sync::atomic::AtomicBool::new(false);
    match layanan.jalankan(&berhenti, |s| eprint!("{s}")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return salah_perintah(e),
    };
    match cli.perintah {
        Perintah::Build {
            masukan,
            keluaran,
            huruf,
            emit_typst,
            utas,
        } => {
            if lapkin::banyak::banyak(&masukan) {
                if emit_typst {
                    eprintln!(
                        "galat: --emit-typst hanya dapat dipakai untuk satu instansi\n  saran: jalankan lapkin build --masukan FOLDER --emit-typst untuk instansi yang ingin dilihat sumber Typst-nya"
                    );
                    return ExitCode::from(2);
                }
                return bangun_banyak(lapkin::banyak::OpsiBanyak {
                    masukan,
                    keluaran: keluaran.unwrap_or_else(|| PathBuf::from("output")),
                    huruf: folder_huruf(huruf),
                    utas,
                });
            }
            let opsi = lapkin::Opsi {
                masukan: masukan
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| "inputs".into()),
                keluaran,
                huruf: folder_huruf(huruf),
                tulis_typst: emit_typst,
            };
            match lapkin::bangun(&opsi) {
                Ok(h) => {
                    eprint!("{}", h.diagnostik);
                    if let Some(dir) = &h.typst {
                        eprintln!(
                            "sumber Typst ditulis: {} (main.typ, setiap bab, logo, huruf/; cara menyusunnya tanpa lapkin: {})",
                            dir.display(),
                            dir.join("BACA.txt").display()
                        );
                    }
                    eprintln!(
                        "PDF ditulis: {} ({} detik; Typst {} detik)",
                        h.pdf.display(),
                        detik(h.waktu_total),
                        detik(h.waktu_typst)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Perintah::Watch {
            masukan,
            keluaran,
            huruf,
        } => {
            let opsi = lapkin::pantau::OpsiPantau {
                masukan: masukan.masukan,
                keluaran,
                huruf: folder_huruf(huruf),
            };
            eprintln!(
                "memantau folder {}: setiap kali lapkin.yaml, buku kerja atau logo disimpan, PDF disusun ulang. Hentikan dengan Ctrl+C.",
                opsi.masukan.display()
            );
            let berhenti = std::sync::atomic::AtomicBool::new(false);
            let hasil =
                lapkin::pantau::pantau(&opsi, lapkin::pantau::Tenang::default(), &berhenti, |s| {
                    eprint!("{s}")
                });
            match hasil {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Perintah::Serve {
            masukan,
            keluaran,
            port,
            alamat,
            arsip,
            tanpa_peramban,
            huruf,
        } => layani(
            lapkin::layan::OpsiLayan {
                masukan: masukan.masukan,
                keluaran,
                huruf: folder_huruf(huruf),
                arsip,
                alamat,
                port,
            },
            !tanpa_peramban,
        ),
        Perintah::Init { folder, dari } => match lapkin::init::buat(&folder, dari.as_deref()) {
            Ok(ringkasan) => {
                eprintln!("{ringkasan}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("galat: {e:#}");
                ExitCode::from(1)
            }
        },
        Perintah::Archive {
            masukan,
            arsip,
            huruf,
        } => {
            let opsi = lapkin::arsip::OpsiArsip {
                masukan: masukan.masukan,
                arsip,
                huruf: folder_huruf(huruf),
            };
            match lapkin::arsip::arsipkan(&opsi) {
                Ok(lapkin::arsip::HasilArsip::Baru {
                    versi,
                    folder,
                    pdf,
                    diagnostik,
                }) => {
                    eprint!("{diagnostik}");
                    eprintln!(
                        "arsip {versi} dibuat: {} (PDF/A-3a + PDF/UA-1 berlampiran sumber), manifest: {}",
                        pdf.display(),
                        folder.join(lapkin::arsip::NAMA_MANIFEST).display()
                    );
                    ExitCode::SUCCESS
                }
                Ok(lapkin::arsip::HasilArsip::SudahAda { versi, folder }) => {
                    eprintln!(
                        "masukan ini sudah diarsipkan sebagai {versi} ({}); tidak ada yang dibuat",
                        folder.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Perintah::Verify {
            pdf,
            masukan,
            huruf,
            json,
            akar,
        } => match baca_akar(akar.as_deref()).and_then(|akar| {
            lapkin::verifikasi::verifikasi_akar(
                &pdf,
                masukan.as_deref(),
                &folder_huruf(huruf),
                akar.as_deref(),
            )
        }) {
            Ok(h) if json => {
                print!("{}", h.json());
                ExitCode::from(h.kode_keluar())
            }
            Ok(h) => {
                print!("{h}");
                ExitCode::from(h.kode_keluar())
            }
            Err(e) => {
                eprintln!("galat: {e:#}");
                if json {
                    let v = serde_json::json!({
                        "galat": format!("{e:#}"),
                        "kode_keluar": lapkin::verifikasi::KELUAR_GALAT,
                    });
                    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                }
                ExitCode::from(lapkin::verifikasi::KELUAR_GALAT)
            }
        },
        Perintah::Sign {
            pdf,
            p12,
            keluaran,
            masukan,
            timpa,
        } => {
            let sandi = match lapkin::tanda_tangan::sandi() {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("galat: {e:#}");
                    return ExitCode::from(1);
                }
            };
            let keluaran = keluaran.unwrap_or_else(|| lapkin::tanda_tangan::keluaran_bawaan(&pdf));
            let opsi = lapkin::tanda_tangan::OpsiTandaTangan {
                pdf,
                keluaran,
                p12,
                sandi,
                masukan: masukan.masukan,
                timpa,
            };
            match lapkin::tanda_tangan::tandatangani(&opsi) {
                Ok(n) => {
                    eprintln!(
                        "PDF bertanda tangan ditulis: {} (tanda tangan ke-{}; periksa dengan `lapkin verify`)",
                        opsi.keluaran.display(),
                        n + 1
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Perintah::Check {
            folder,
            masukan,
            ketat,
            huruf,
        } => {
            let masukan = masukan.or(folder).unwrap_or_else(|| "inputs".into());
            let lap = lapkin::cek_folder(&masukan, &folder_huruf(huruf));
            eprint!("{lap}");
            let galat = lap.jumlah_galat();
            let peringatan = lap.jumlah_peringatan();
            eprintln!("{galat} galat, {peringatan} peringatan");
            if galat > 0 || (ketat && peringatan > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// The root certificates of `verify --akar FILE.pem`.
fn baca_akar(berkas: Option<&Path>) -> anyhow::Result<Option<Vec<x509_cert::Certificate>>> {
    let Some(berkas) = berkas else {
        return Ok(None);
    };
    let isi = std::fs::read(berkas).map_err(|e| {
        anyhow::anyhow!(
            "berkas akar {} tidak dapat dibaca ({e}); periksa nama dan izin berkas",
            berkas.display()
        )
    })?;
    lapkin::rantai::baca_akar(&isi).map(Some).map_err(|e| {
        anyhow::anyhow!(
            "berkas akar {} tidak dapat dipakai: {e}; berikan sertifikat akar penyedia \
             sertifikat (PEM, atau DER .cer)",
            berkas.display()
        )
    })
}
