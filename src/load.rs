//! Load: the YAML file and the workbooks of an inputs folder, into [`Config`] and [`Data`].
//!
//! Files are only ever opened for reading. Every unreadable cell is recorded in
//! the [`Temuan`] with its file, sheet and cell, and loading goes on.

use rust_decimal::Decimal;

use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::masukan::{Berkas, Masukan};
use crate::model::*;
use crate::sheet::{BukuKerja, Kolom, Tabel, normal};
use crate::validasi::Cakupan;

pub use crate::masukan::{BERKAS_YAML, BUKU_KERJA};

/// Stem of the budget workbook (any of .xlsx, .xls, .ods).
pub const BERKAS_ANGGARAN: &str = "anggaran.";

/// Reads `lapkin.yaml`; records the problem and returns `None` when it cannot.
pub fn baca_config(masukan: &Masukan, lap: &mut Temuan) -> Option<Config> {
    let Some(berkas) = masukan.yaml() else {
        if !masukan.ditolak(BERKAS_YAML) {
            lap.galat(
                Some(Lokasi::berkas(BERKAS_YAML)),
                "berkas tidak ditemukan",
                Some(format!("pastikan {BERKAS_YAML} ada di folder masukan")),
            );
        }
        return None;
    };
    let text = match std::str::from_utf8(&berkas.isi) {
        Ok(t) => t,
        Err(e) => {
            lap.galat(
                Some(Lokasi::berkas(BERKAS_YAML)),
                format!(
                    "berkas bukan teks UTF-8 (bita ke-{} tidak sah)",
                    e.valid_up_to() + 1
                ),
                Some("simpan ulang lapkin.yaml dari penyunting teks dengan pengodean UTF-8".into()),
            );
            return None;
        }
    };
    if let Some((baris, nama)) = alias_yaml(text) {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, &format!("baris {baris}"))),
            format!("lapkin.yaml memakai alias YAML (*{nama}); lapkin tidak menerima alias"),
            Some("tulis isinya langsung di setiap tempat; alias dapat membuat berkas kecil menjadi raksasa saat dibaca".into()),
        );
        return None;
    }
    parse_config(text, lap)
}

/// The first YAML alias (`*nama` where a value starts) outside block
/// scalars and quotes: (line from 1, name). lapkin.yaml needs none, and an
/// alias repeated thousands of times expands a small file into gigabytes
/// before any check could run, so aliases are refused outright. Narrative
/// in block scalars (`|`) may use `*miring*` freely.
pub fn alias_yaml(text: &str) -> Option<(usize, String)> {
    let mut blok: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let isi = line.trim_start();
        if let Some(b) = blok {
            if isi.is_empty() || indent > b {
                continue;
            }
            blok = None;
        }
        if isi.starts_with('#') {
            continue;
        }
        let c: Vec<char> = isi.chars().collect();
        let mut kutip: Option<char> = None;
        let mut awal_node = true;
        let mut j = 0;
        while j < c.len() {
            let ch = c[j];
            match kutip {
                Some(q) => {
                    if ch == q {
                        kutip = None;
                    }
                }
                None => {
                    if ch == '#' && j > 0 && c[j - 1] == ' ' {
                        break;
                    }
                    if awal_node && (ch == '"' || ch == '\'') {
                        kutip = Some(ch);
                    } else if awal_node && ch == '*' {
                        let nama: String = c[j + 1..]
                            .iter()
                            .take_while(|x| x.is_alphanumeric() || **x == '_' || **x == '-')
                            .collect();
                        if !nama.is_empty() {
                            return Some((i + 1, nama));
                        }
                    }
                    awal_node = match ch {
                        ' ' => awal_node || (j > 0 && matches!(c[j - 1], ':' | '-' | ',')),
                        '[' | '{' | ',' => true,
                        _ => false,
                    };
                }
            }
            j += 1;
        }
        let tanpa_komentar = isi.split(" #").next().unwrap_or("").trim_end();
        let penanda = tanpa_komentar
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_end_matches(|x: char| x.is_ascii_digit() || x == '-' || x == '+');
        if penanda == "|" || penanda == ">" {
            blok = Some(indent);
        }
    }
    None
}

/// The agency's logo (`instansi.logo`), checked: a PNG or SVG file inside the
/// inputs folder. Returns its format (`"png"` or `"svg"`) and bytes; `None`
/// when there is no logo or it is unusable (then an error is recorded).
pub fn baca_logo(
    masukan: &Masukan,
    config: &Config,
    lap: &mut Temuan,
) -> Option<(&'static str, std::sync::Arc<[u8]>)> {
    let nama = config.instansi.logo.as_deref()?.trim();
    let lokasi = || Some(Lokasi::kunci(BERKAS_YAML, "instansi.logo"));
    if !crate::masukan::nama_sah(nama) {
        lap.galat(
            lokasi(),
            format!("jalur logo \"{nama}\" tidak sah"),
            Some("letakkan logo di folder masukan, di samping lapkin.yaml, dan tulis namanya saja, mis. logo.png".into()),
        );
        return None;
    }
    let jenis = match nama
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .as_deref()
    {
        Some("png") => "png",
        Some("svg") => "svg",
        _ => {
            lap.galat(
                lokasi(),
                format!("logo \"{nama}\" bukan berkas PNG atau SVG"),
                Some("simpan logo sebagai .png atau .svg".into()),
            );
            return None;
        }
    };
    let bytes = match masukan.berkas(nama) {
        Some(b) => b.isi.clone(),
        None if masukan.ditolak(nama) => return None,
        None => {
            lap.galat(
                lokasi(),
                format!("berkas logo \"{nama}\" tidak ditemukan"),
                Some("letakkan berkas logo di folder masukan, di samping lapkin.yaml".into()),
            );
            return None;
        }
    };
    let cocok = match jenis {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains("<svg"),
    };
    if !cocok {
        lap.galat(
            lokasi(),
            format!(
                "isi berkas logo \"{nama}\" bukan gambar {}",
                jenis.to_uppercase()
            ),
            Some("ekspor ulang logo sebagai PNG atau SVG".into()),
        );
        return None;
    }
    Some((jenis, bytes))
}

/// Report years accepted (`laporan.tahun`), inclusive: every year lapkin
/// computes with (the next year, the years of earlier columns) stays sane.
pub const TAHUN: (i32, i32) = (2000, 2100);

/// Parses the YAML text; a syntax or schema error is recorded in Bahasa
/// Indonesia with its line and column, the key's path
/// (`akuntabilitas.analisis[2].indikator`), the expected kind of value in
/// words, and a TAB named when a TAB is on that line.
pub fn parse_config(text: &str, lap: &mut Temuan) -> Option<Config> {
    let de = serde_yaml_ng::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Config>(de) {
        Ok(c) if !(TAHUN.0..=TAHUN.1).contains(&c.laporan.tahun) => {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "laporan.tahun")),
                format!("tahun laporan {} tidak wajar", c.laporan.tahun),
                Some(format!(
                    "isi tahun anggaran yang dilaporkan, antara {} dan {}, mis. 2024",
                    TAHUN.0, TAHUN.1
                )),
            );
            None
        }
        Ok(c) => Some(c),
        Err(e) => {
            let jalur = jalur_yaml(e.path());
            let inner = e.into_inner();
            let baris = inner.location().map(|l| (l.line(), l.column()));
            let tempat = match (&jalur, baris) {
                (Some(j), Some((b, k))) => format!("{j} (baris {b} kolom {k})"),
                (Some(j), None) => j.clone(),
                (None, Some((b, k))) => format!("baris {b} kolom {k}"),
                (None, None) => String::new(),
            };
            let lokasi = if tempat.is_empty() {
                Lokasi::berkas(BERKAS_YAML)
            } else {
                Lokasi::kunci(BERKAS_YAML, &tempat)
            };
            let tab = baris
                .and_then(|(b, _)| text.lines().nth(b.saturating_sub(1)))
                .is_some_and(|l| l.contains('\t'));
            let saran = if tab {
                "baris ini memakai karakter TAB; YAML hanya menerima spasi untuk indentasi: ganti setiap TAB dengan spasi".to_string()
            } else {
                "bandingkan dengan docs/yaml.md; periksa indentasi dan nama kunci".to_string()
            };
            lap.galat(
                Some(lokasi),
                format!(
                    "isi YAML tidak sesuai: {}",
                    terjemah_yaml(&inner.to_string())
                ),
                Some(saran),
            );
            None
        }
    }
}

/// The path of a key as the user writes it, list positions counted from 1:
/// `akuntabilitas.analisis[2].indikator`; `None` at the top.
fn jalur_yaml(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{}]", index + 1)),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// serde's and the YAML parser's English, in Bahasa Indonesia: kinds of
/// value in words, Rust type names gone, the position (given separately)
/// removed.
fn terjemah_yaml(msg: &str) -> String {
    let mut m = msg.to_string();
    if let Some(i) = m.find(" at line ") {
        m.truncate(i);
    }
    // The parser's own key path (`halaman.ukuran_huruf: …`): given separately.
    if let Some(i) = m.find(": ")
        && !m[..i].contains(' ')
    {
        m.replace_range(..i + 2, "");
    }
    let jenis = [
        ("expected i8", "seharusnya bilangan bulat"),
        ("expected i16", "seharusnya bilangan bulat"),
        ("expected i32", "seharusnya bilangan bulat"),
        ("expected i64", "seharusnya bilangan bulat"),
        ("expected u8", "seharusnya bilangan bulat tidak negatif"),
        ("expected u16", "seharusnya bilangan bulat tidak negatif"),
        ("expected u32", "seharusnya bilangan bulat tidak negatif"),
        ("expected u64", "seharusnya bilangan bulat tidak negatif"),
        ("expected usize", "seharusnya bilangan bulat tidak negatif"),
        ("expected f32", "seharusnya bilangan"),
        ("expected f64", "seharusnya bilangan"),
        ("expected a string", "seharusnya teks"),
        ("expected a boolean", "seharusnya true atau false"),
        (
            "expected a sequence",
            "seharusnya daftar (baris-baris diawali \"- \")",
        ),
        ("expected a map", "seharusnya kumpulan kunci"),
        (
            "expected an array of length 4",
            "seharusnya daftar berisi 4 angka, mis. [25, 25, 25, 30]",
        ),
        ("invalid type: ", "jenis nilai salah: "),
        ("invalid value: ", "nilai tidak sah: "),
        ("invalid length ", "panjang tidak sesuai: "),
        ("missing field", "kunci wajib tidak ada:"),
        ("unknown field", "kunci tidak dikenal:"),
        ("unknown variant", "pilihan tidak dikenal:"),
        ("expected one of", "yang dikenal:"),
        // serde names one or two choices without "one of".
        ("expected `", "yang dikenal: `"),
        ("` or `", "` atau `"),
        ("floating point", "bilangan"),
        ("integer", "bilangan bulat"),
        ("string ", "teks "),
        ("sequence", "daftar"),
        ("unit value", "kosong"),
        ("boolean", "benar/salah"),
        ("map", "kumpulan kunci"),
        (
            "repetition limit exceeded",
            "terlalu banyak pengulangan alias YAML (*nama)",
        ),
        ("recursion limit exceeded", "susunan YAML terlalu dalam"),
        (
            "did not find expected key",
            "kunci yang diharapkan tidak ditemukan (periksa indentasi)",
        ),
        (
            "found character that cannot start any token",
            "ada karakter yang tidak dapat mengawali isi YAML (mis. TAB atau @)",
        ),
        (
            "mapping values are not allowed in this context",
            "titik dua (:) tidak boleh di sini; beri tanda kutip pada teks yang memuat \": \"",
        ),
        (
            "found a tab character that violates indentation",
            "ada karakter TAB yang merusak indentasi",
        ),
        (
            "found a tab character where an indentation space is expected",
            "ada karakter TAB di tempat spasi indentasi",
        ),
        (
            "while parsing a block mapping",
            "saat membaca kumpulan kunci",
        ),
        ("while scanning", "saat membaca"),
    ];
    for (en, id) in jenis {
        m = m.replace(en, id);
    }
    // `struct Sasaran` and the like: what the user sees as a group of keys.
    while let Some(i) = m.find("expected struct ") {
        let akhir = m[i + 16..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(m.len(), |j| i + 16 + j);
        m.replace_range(i..akhir, "seharusnya kumpulan kunci");
    }
    m
}

/// Reads every workbook of the input set.
pub fn baca_data(
    masukan: &Masukan,
    config: Option<&Config>,
    cakupan: Option<&Cakupan>,
    lap: &mut Temuan,
) -> Data {
    let aset = masukan
        .buku_kerja("aset")
        .and_then(|b| baca_aset(b, cakupan, lap));
    let pegawai = match masukan.buku_kerja("pegawai") {
        Some(b) => baca_pegawai(b, cakupan, lap),
        None => Vec::new(),
    };
    let anggaran = match wajib(masukan, "anggaran", lap) {
        Some(b) => baca_anggaran(b, cakupan, lap),
        None => Anggaran::default(),
    };
    // Without a readable YAML the dimension names are unknown: the IP ASN sheet is
    // then not read (its problems would be consequences of the YAML's).
    let nama_dimensi: Option<Vec<String>> = config.map(|c| {
        c.ip_asn
            .as_ref()
            .map(|ip| ip.dimensi.iter().map(|d| d.nama.clone()).collect())
            .unwrap_or_default()
    });
    let (iku, survei, ip_asn) = match wajib(masukan, "kinerja", lap) {
        Some(b) => baca_kinerja(b, nama_dimensi.as_deref(), cakupan, lap),
        None => (Vec::new(), None, None),
    };
    let baris_aset = aset.as_ref().map_or(0, Vec::len);
    let baris_anggaran: usize = anggaran
        .program
        .iter()
        .map(|p| 1 + p.kegiatan.iter().map(|k| 1 + k.sub.len()).sum::<usize>())
        .sum();
    // In printed rows: each table alone was checked against the limit.
    let cetak_aset = baris_aset;
    let cetak_anggaran = baris_anggaran * BOBOT_ANGGARAN;
    if cetak_aset <= MAKS_BARIS_CETAK
        && cetak_anggaran <= MAKS_BARIS_CETAK
        && cetak_aset + cetak_anggaran > MAKS_BARIS_CETAK
    {
        lap.galat(
            Some(Lokasi::berkas("aset.xlsx")),
            format!(
                "daftar aset ({} baris) dan anggaran ({} baris, setiap baris anggaran dihitung {BOBOT_ANGGARAN}) bersama-sama melebihi {} baris yang dapat dicetak dalam satu laporan",
                crate::format::bulat(Decimal::from(baris_aset as u64)),
                crate::format::bulat(Decimal::from(baris_anggaran as u64)),
                crate::format::bulat(Decimal::from(MAKS_BARIS_CETAK as u64))
            ),
            Some("ringkas daftar aset (mis. per jenis barang) atau anggaran sebelum dimasukkan ke laporan".into()),
        );
    }
    let (tabel, gambar) = match config {
        Some(c) => crate::tabel_instansi::baca(masukan, c, cakupan, lap),
        None => (Vec::new(), Vec::new()),
    };
    // Agency tables an analysis block places are printed row by row too:
    // together with the asset list and the budget within the same limit
    // (each one alone was checked).
    let dipakai: Vec<&str> = config
        .iter()
        .flat_map(|c| &c.perencanaan.tujuan)
        .flat_map(|t| &t.sasaran)
        .flat_map(|s| &s.analisis)
        .filter_map(|b| b.tabel.as_deref())
        .collect();
    let (baris_instansi, cetak_instansi) = tabel
        .iter()
        .filter(|t| dipakai.contains(&t.nama.as_str()))
        .fold((0, 0), |(b, c), t| {
            (
                b + t.baris.len(),
                c + t.baris.len() * bobot_kolom(t.kepala.len()),
            )
        });
    if cetak_aset + cetak_anggaran <= MAKS_BARIS_CETAK
        && cetak_aset + cetak_anggaran + cetak_instansi > MAKS_BARIS_CETAK
    {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, "tabel")),
            format!(
                "tabel instansi ({} baris, {} baris cetak), daftar aset ({} baris) dan anggaran ({} baris, setiap baris dihitung {BOBOT_ANGGARAN}) bersama-sama melebihi {} baris yang dapat dicetak dalam satu laporan",
                crate::format::bulat(Decimal::from(baris_instansi as u64)),
                crate::format::bulat(Decimal::from(cetak_instansi as u64)),
                crate::format::bulat(Decimal::from(baris_aset as u64)),
                crate::format::bulat(Decimal::from(baris_anggaran as u64)),
                crate::format::bulat(Decimal::from(MAKS_BARIS_CETAK as u64))
            ),
            Some("ringkas tabel instansi yang panjang (mis. per bulan atau per jenis) sebelum dimasukkan ke laporan".into()),
        );
    }
    Data {
        aset,
        pegawai,
        anggaran,
        iku,
        survei,
        ip_asn,
        tabel,
        gambar,
    }
}

/// A workbook the report cannot do without: missing is an error naming the
/// expected file (unless it was refused, which was reported already).
fn wajib<'a>(masukan: &'a Masukan, stem: &str, lap: &mut Temuan) -> Option<&'a Berkas> {
    let b = masukan.buku_kerja(stem);
    if b.is_none() && !masukan.ditolak(stem) {
        let nama = format!("{stem}.xlsx");
        lap.galat(
            Some(Lokasi::berkas(&nama)),
            "berkas tidak ditemukan",
            Some(format!(
                "letakkan {nama} di folder masukan (lihat docs/masukan.md)"
            )),
        );
    }
    b
}

pub(crate) const K_NO: Kolom = Kolom::opsional("No", &["Nomor", "No Urut"]);
pub(crate) const K_NAMA_BARANG: Kolom =
    Kolom::wajib("Nama Barang", &["Nama", "Uraian", "Jenis Barang"]);
pub(crate) const K_JUMLAH: Kolom = Kolom::wajib("Jumlah", &["Jml", "Banyaknya", "Kuantitas"]);
pub(crate) const K_KONDISI: Kolom = Kolom::wajib("Kondisi", &["Keadaan"]);

fn baca_aset(berkas: &Berkas, cakupan: Option<&Cakupan>, lap: &mut Temuan) -> Option<Vec<Aset>> {
    let mut wb = BukuKerja::buka(berkas, cakupan, lap)?;
    let t = wb.tabel("Aset", &[K_NO, K_NAMA_BARANG, K_JUMLAH, K_KONDISI], lap)?;
    let mut out = Vec::new();
    for b in &t.baris {
        let nama = t.teks(b, K_NAMA_BARANG.nama);
        let jumlah = t.angka_wajib(b, K_JUMLAH.nama, lap);
        let kondisi_teks = t.teks(b, K_KONDISI.nama);
        let kondisi = Kondisi::parse(&kondisi_teks);
        if kondisi.is_none() {
            lap.galat(
                Some(t.lokasi_kolom(b, K_KONDISI.nama)),
                format!("kondisi \"{kondisi_teks}\" tidak dikenal"),
                Some("isi dengan Baik, Rusak Ringan atau Rusak Berat".into()),
            );
        }
        if nama.is_empty() {
            lap.galat(
                Some(t.lokasi_kolom(b, K_NAMA_BARANG.nama)),
                "nama barang kosong",
                Some("isi nama barang atau hapus baris ini".into()),
            );
        }
        if let Some(j) = jumlah
            && j.is_sign_negative()
        {
            lap.galat(
                Some(t.lokasi_kolom(b, K_JUMLAH.nama)),
                "jumlah barang negatif",
                Some("jumlah barang tidak boleh kurang dari nol".into()),
            );
        }
        if let (Some(jumlah), Some(kondisi)) = (jumlah, kondisi) {
            out.push(Aset {
                nama,
                jumlah,
                kondisi,
            });
        }
    }
    cek_jumlah_diketik(&t, K_JUMLAH.nama, out.iter().map(|a| a.jumlah).sum(), lap);
    batas_cetak(&t, t.baris.len(), "baris aset", 1, lap);
    Some(out)
}

/// Row labels that become reference names (`{asn.jenis_kelamin.laki_laki}`,
/// `{survei.puas.jumlah}`): two rows whose labels give the same name would
/// make one of them unreachable, so the second is an error naming both.
struct LabelUnik {
    awalan: &'static str,
    dilihat: std::collections::HashMap<String, Lokasi>,
}

impl LabelUnik {
    fn new(awalan: &'static str) -> LabelUnik {
        LabelUnik {
            awalan,
            dilihat: std::collections::HashMap::new(),
        }
    }

    fn periksa(&mut self, label: &str, lokasi: Lokasi, lap: &mut Temuan) {
        let k = crate::format::kunci(label);
        if k.is_empty() {
            return;
        }
        match self.dilihat.get(&k) {
            Some(pertama) => lap.galat(
                Some(lokasi),
                format!(
                    "uraian \"{label}\" sama dengan uraian di sel {} (keduanya menjadi rujukan {{{}.{k}}})",
                    pertama.sel.as_deref().unwrap_or("lain"),
                    self.awalan
                ),
                Some("gabungkan kedua baris menjadi satu, atau bedakan uraiannya".into()),
            ),
            None => {
                self.dilihat.insert(k, lokasi);
            }
        }
    }
}

/// Printed rows ("baris cetak") one report may lay out, all tables printed
/// row by row together: the asset list, the budget lines (each counting
/// [`BOBOT_ANGGARAN`]) and the agency tables an analysis places (each row
/// counting [`bobot_kolom`]). Typst keeps every laid-out row in memory, about
/// 120 KB per asset row at peak (release build, docs/keandalan.md "Memori"):
/// 6.000 asset rows peak at about 800 MB, so any input within this limit
/// stays under 1 GB. Checked before Typst starts.
pub const MAKS_BARIS_CETAK: usize = 6_000;

/// Printed rows one budget line counts: a budget line costs Typst about 200
/// KB at peak, 1,65 times an asset row (5 columns in BAB III, the activities
/// again in BAB II), rounded up.
pub const BOBOT_ANGGARAN: usize = 2;

/// Printed rows one row of an agency table with `kolom` columns counts: one
/// per four columns begun (an asset row has four), at least one.
pub fn bobot_kolom(kolom: usize) -> usize {
    kolom.div_ceil(4).max(1)
}

/// A table printed row by row may not exceed [`MAKS_BARIS_CETAK`] printed
/// rows: `n` rows of `apa` (e.g. "baris anggaran"), each counting `bobot`.
fn batas_cetak(t: &Tabel, n: usize, apa: &str, bobot: usize, lap: &mut Temuan) {
    let maks = MAKS_BARIS_CETAK / bobot;
    if n > maks {
        lap.galat(
            Some(Lokasi::lembar(&t.berkas, &t.lembar)),
            format!(
                "{} {apa}; paling banyak {} {apa} dicetak dalam laporan",
                crate::format::bulat(Decimal::from(n as u64)),
                crate::format::bulat(Decimal::from(maks as u64))
            ),
            Some("ringkas tabel ini (mis. per jenis barang atau per kegiatan) sebelum dimasukkan ke laporan".into()),
        );
    }
}

/// A typed total row is checked against the computed sum, never used.
fn cek_jumlah_diketik(t: &Tabel, kolom: &str, dihitung: Decimal, lap: &mut Temuan) {
    // An unreadable row makes the computed sum incomplete: say nothing more.
    if lap.ada_galat_di(&t.berkas) {
        return;
    }
    if let Some(j) = &t.jumlah
        && let Ok(Some(v)) = t.angka(j, kolom, lap)
        && v != dihitung
    {
        lap.galat(
            Some(t.lokasi_kolom(j, kolom)),
            format!(
                "baris jumlah berisi {}, padahal jumlah baris di atasnya {}",
                crate::format::apa_adanya(v),
                crate::format::apa_adanya(dihitung)
            ),
            Some("perbaiki angka di baris jumlah atau hapus baris itu; lapkin menghitung jumlahnya sendiri".into()),
        );
    }
}

pub(crate) const K_URAIAN: Kolom = Kolom::wajib("Uraian", &["Keterangan", "Kategori", "Nama"]);

/// The composition sheets of `pegawai.xlsx`: (sheet, reference key, title).
pub const LEMBAR_PEGAWAI: [(&str, &str, &str); 4] = [
    ("Jenis Kelamin", "jenis_kelamin", "Jenis Kelamin"),
    ("Golongan", "golongan", "Golongan"),
    ("Pendidikan", "pendidikan", "Pendidikan"),
    ("Jabatan", "jabatan", "Jabatan"),
];

fn baca_pegawai(berkas: &Berkas, cakupan: Option<&Cakupan>, lap: &mut Temuan) -> Vec<Komposisi> {
    let Some(mut wb) = BukuKerja::buka(berkas, cakupan, lap) else {
        return Vec::new();
    };
    let names: Vec<String> = wb.lembar().iter().map(|n| normal(n)).collect();
    let mut out = Vec::new();
    for (lembar, kunci, judul) in LEMBAR_PEGAWAI {
        if !names.contains(&normal(lembar)) {
            continue;
        }
        let Some(t) = wb.tabel(lembar, &[K_URAIAN, K_JUMLAH], lap) else {
            continue;
        };
        let mut baris = Vec::new();
        let mut unik = LabelUnik::new(match kunci {
            "jenis_kelamin" => "asn.jenis_kelamin",
            "golongan" => "asn.golongan",
            "pendidikan" => "asn.pendidikan",
            _ => "asn.jabatan",
        });
        for b in &t.baris {
            let uraian = t.teks(b, K_URAIAN.nama);
            unik.periksa(&uraian, t.lokasi_kolom(b, K_URAIAN.nama), lap);
            if let Some(j) = t.angka_wajib(b, K_JUMLAH.nama, lap) {
                if j.is_sign_negative() {
                    lap.galat(
                        Some(t.lokasi_kolom(b, K_JUMLAH.nama)),
                        "jumlah pegawai negatif",
                        Some("isi dengan bilangan 0 atau lebih".into()),
                    );
                }
                baris.push((uraian, j));
            }
        }
        cek_jumlah_diketik(&t, K_JUMLAH.nama, baris.iter().map(|(_, j)| *j).sum(), lap);
        out.push(Komposisi {
            kunci,
            judul,
            baris,
            lokasi: Lokasi::lembar(&t.berkas, &t.lembar),
        });
    }
    out
}

pub(crate) const K_KODE: Kolom = Kolom::wajib("Kode", &["Kode Rekening", "No", "Nomor"]);
pub(crate) const K_URAIAN_ANGGARAN: Kolom = Kolom::wajib(
    "Uraian",
    &[
        "Program / Kegiatan / Sub Kegiatan",
        "Program Kegiatan Sub Kegiatan",
        "Nama",
    ],
);
pub(crate) const K_JENIS_BELANJA: Kolom =
    Kolom::opsional("Jenis Belanja", &["Jenis", "Kelompok Belanja"]);
pub(crate) const K_ANGGARAN: Kolom = Kolom::wajib(
    "Anggaran (Rp)",
    &["Anggaran", "Pagu", "Alokasi (Rp)", "Alokasi", "Pagu (Rp)"],
);
pub(crate) const K_REALISASI: Kolom = Kolom::wajib("Realisasi (Rp)", &["Realisasi"]);

fn baca_anggaran(berkas: &Berkas, cakupan: Option<&Cakupan>, lap: &mut Temuan) -> Anggaran {
    let mut anggaran = Anggaran::default();
    let Some(mut wb) = BukuKerja::buka(berkas, cakupan, lap) else {
        return anggaran;
    };
    let Some(t) = wb.tabel(
        "Anggaran",
        &[
            K_KODE,
            K_URAIAN_ANGGARAN,
            K_JENIS_BELANJA,
            K_ANGGARAN,
            K_REALISASI,
        ],
        lap,
    ) else {
        return anggaran;
    };
    let mut seen: std::collections::HashMap<String, Lokasi> = std::collections::HashMap::new();
    for b in &t.baris {
        let kode = t.teks(b, K_KODE.nama).trim_end_matches('.').to_string();
        let lok_kode = t.lokasi_kolom(b, K_KODE.nama);
        let uraian = t.teks(b, K_URAIAN_ANGGARAN.nama);
        let a_raw = t.angka(b, K_ANGGARAN.nama, lap);
        let r_raw = t.angka(b, K_REALISASI.nama, lap);
        let (a, r) = (a_raw.ok().flatten(), r_raw.ok().flatten());
        if kode.is_empty() {
            lap.galat(
                Some(lok_kode),
                format!("baris \"{uraian}\" tidak berkode"),
                Some(
                    "isi kode: 1 untuk program, 1.1 untuk kegiatan, 1.1.1 untuk sub kegiatan"
                        .into(),
                ),
            );
            continue;
        }
        if let Some(first) = seen.get(&kode) {
            lap.galat(
                Some(lok_kode.clone()),
                format!("kode {kode} dipakai dua kali (pertama di {first})"),
                Some("setiap program, kegiatan dan sub kegiatan harus berkode unik".into()),
            );
            continue;
        }
        seen.insert(kode.clone(), lok_kode.clone());
        for (v, nama) in [(a, K_ANGGARAN.nama), (r, K_REALISASI.nama)] {
            if let Some(v) = v
                && v.is_sign_negative()
            {
                lap.galat(
                    Some(t.lokasi_kolom(b, nama)),
                    format!("nilai {nama} negatif"),
                    Some("anggaran dan realisasi tidak boleh kurang dari nol".into()),
                );
            }
        }
        let diketik = Diketik {
            anggaran: a.map(|v| (v, t.lokasi_kolom(b, K_ANGGARAN.nama))),
            realisasi: r.map(|v| (v, t.lokasi_kolom(b, K_REALISASI.nama))),
        };
        let parts: Vec<&str> = kode.split('.').collect();
        match parts.len() {
            1 => anggaran.program.push(Program {
                kode,
                uraian,
                kegiatan: Vec::new(),
                diketik,
            }),
            2 => {
                let induk = parts[0];
                match anggaran.program.iter_mut().find(|p| p.kode == induk) {
                    Some(p) => p.kegiatan.push(Kegiatan {
                        kode,
                        uraian,
                        sub: Vec::new(),
                        diketik,
                        lokasi: lok_kode,
                    }),
                    None => lap.galat(
                        Some(lok_kode),
                        format!("kegiatan {kode} tidak punya program {induk} di atasnya"),
                        Some(format!(
                            "tambahkan baris program berkode {induk} sebelum baris ini"
                        )),
                    ),
                }
            }
            _ => {
                let induk = parts[..parts.len() - 1].join(".");
                let prog = parts[0];
                let keg = anggaran
                    .program
                    .iter_mut()
                    .find(|p| p.kode == prog)
                    .and_then(|p| p.kegiatan.iter_mut().find(|k| k.kode == induk));
                let Some(keg) = keg else {
                    lap.galat(
                        Some(lok_kode),
                        format!("sub kegiatan {kode} tidak punya kegiatan {induk} di atasnya"),
                        Some(format!(
                            "tambahkan baris kegiatan berkode {induk} sebelum baris ini"
                        )),
                    );
                    continue;
                };
                // A missing value is an error; an unreadable one was reported already.
                for (v, raw, nama) in [(a, &a_raw, K_ANGGARAN.nama), (r, &r_raw, K_REALISASI.nama)]
                {
                    if v.is_none() && raw.is_ok() {
                        lap.galat(
                            Some(t.lokasi_kolom(b, nama)),
                            format!("sub kegiatan {kode}: sel {nama} kosong"),
                            Some("isi anggaran dan realisasi (0 bila memang nol)".into()),
                        );
                    }
                }
                let terbaca = a.is_some() && r.is_some();
                let (a, r) = (a.unwrap_or_default(), r.unwrap_or_default());
                let jenis = t.teks(b, K_JENIS_BELANJA.nama);
                keg.sub.push(SubKegiatan {
                    kode,
                    uraian,
                    jenis_belanja: if jenis.is_empty() {
                        "Belanja Operasi".into()
                    } else {
                        jenis
                    },
                    anggaran: a,
                    realisasi: r,
                    lokasi: t.lokasi_kolom(b, K_REALISASI.nama),
                    terbaca,
                });
            }
        }
    }
    if let Some(j) = &t.jumlah {
        anggaran.jumlah_diketik = Diketik {
            anggaran: t
                .angka(j, K_ANGGARAN.nama, lap)
                .ok()
                .flatten()
                .map(|v| (v, t.lokasi_kolom(j, K_ANGGARAN.nama))),
            realisasi: t
                .angka(j, K_REALISASI.nama, lap)
                .ok()
                .flatten()
                .map(|v| (v, t.lokasi_kolom(j, K_REALISASI.nama))),
        };
    }
    batas_cetak(&t, t.baris.len(), "baris anggaran", BOBOT_ANGGARAN, lap);
    if anggaran.program.is_empty() {
        lap.galat(
            Some(Lokasi::lembar(&t.berkas, &t.lembar)),
            "tidak ada program anggaran",
            Some("isi satu baris per program, kegiatan dan sub kegiatan".into()),
        );
    }
    anggaran
}

pub(crate) const K_SASARAN: Kolom = Kolom::wajib("Sasaran", &["Kode Sasaran", "Sasaran Strategis"]);
pub(crate) const K_INDIKATOR: Kolom = Kolom::wajib(
    "Indikator",
    &["Indikator Kinerja", "Indikator Kinerja Utama", "IKU"],
);
pub(crate) const K_SATUAN: Kolom = Kolom::opsional("Satuan", &[]);
pub(crate) const K_ARAH: Kolom = Kolom::wajib("Arah", &["Arah Indikator", "Polaritas"]);
pub(crate) const K_TARGET: Kolom = Kolom::wajib("Target", &[]);
pub(crate) const K_REALISASI_IKU: Kolom = Kolom::wajib("Realisasi", &[]);
pub(crate) const K_SKOR_T: Kolom = Kolom::opsional("Nilai Target", &["Skor Target"]);
pub(crate) const K_SKOR_R: Kolom = Kolom::opsional("Nilai Realisasi", &["Skor Realisasi"]);
pub(crate) const K_RENSTRA: Kolom = Kolom::opsional("Target Renstra", &["Target Akhir Renstra"]);
pub(crate) const K_STANDAR: Kolom = Kolom::opsional("Standar Nasional", &[]);

fn baca_kinerja(
    berkas: &Berkas,
    dimensi: Option<&[String]>,
    cakupan: Option<&Cakupan>,
    lap: &mut Temuan,
) -> (Vec<Indikator>, Option<Survei>, Option<IpAsn>) {
    let Some(mut wb) = BukuKerja::buka(berkas, cakupan, lap) else {
        return (Vec::new(), None, None);
    };
    let names: Vec<String> = wb.lembar().iter().map(|n| normal(n)).collect();
    let mut iku = Vec::new();
    if let Some(t) = wb.tabel(
        "IKU",
        &[
            K_SASARAN,
            K_INDIKATOR,
            K_SATUAN,
            K_ARAH,
            K_TARGET,
            K_REALISASI_IKU,
            K_SKOR_T,
            K_SKOR_R,
            K_RENSTRA,
            K_STANDAR,
        ],
        lap,
    ) {
        // Previous years: any column headed "Realisasi <year>".
        let lalu: Vec<(i32, u32)> = t
            .kepala
            .iter()
            .filter_map(|(c, h)| {
                let n = normal(h);
                let year = n.strip_prefix("realisasi")?.parse::<i32>().ok()?;
                (1990..2200).contains(&year).then_some((year, *c))
            })
            .collect();
        // By year, not by sheet order: the latest year is the one compared with.
        let mut lalu = lalu;
        lalu.sort_by_key(|(y, _)| *y);
        for b in &t.baris {
            iku.push(baca_indikator(&t, b, &lalu, lap));
        }
        if iku.is_empty() && !lap.ada_galat() {
            lap.galat(
                Some(Lokasi::lembar(&t.berkas, &t.lembar)),
                "tidak ada indikator kinerja",
                Some("isi satu baris per indikator".into()),
            );
        }
    }
    let survei = if names.contains(&normal("Survei")) {
        wb.tabel("Survei", &[K_URAIAN, K_JUMLAH], lap).map(|t| {
            let mut baris = Vec::new();
            let mut unik = LabelUnik::new("survei");
            for b in &t.baris {
                unik.periksa(
                    &t.teks(b, K_URAIAN.nama),
                    t.lokasi_kolom(b, K_URAIAN.nama),
                    lap,
                );
                if let Some(j) = t.angka_wajib(b, K_JUMLAH.nama, lap) {
                    if j.is_sign_negative() {
                        lap.galat(
                            Some(t.lokasi_kolom(b, K_JUMLAH.nama)),
                            "jumlah jawaban negatif",
                            None,
                        );
                    }
                    baris.push((t.teks(b, K_URAIAN.nama), j));
                }
            }
            cek_jumlah_diketik(&t, K_JUMLAH.nama, baris.iter().map(|(_, j)| *j).sum(), lap);
            Survei { baris }
        })
    } else {
        None
    };
    let ip_asn = if let Some(dimensi) = dimensi
        && names.contains(&normal("IP ASN"))
    {
        baca_ip_asn(&mut wb, dimensi, lap)
    } else {
        None
    };
    (iku, survei, ip_asn)
}

fn nilai_sel(
    t: &Tabel,
    b: &crate::sheet::Baris,
    col: u32,
    arah: Arah,
    lap: &mut Temuan,
) -> Option<Nilai> {
    let text = t.teks_di(b, col);
    if text.is_empty() {
        return None;
    }
    if arah == Arah::Predikat {
        let up = text.trim().to_uppercase();
        return match PREDIKAT.iter().position(|p| *p == up) {
            Some(i) => Some(Nilai::Predikat(i)),
            None => {
                lap.galat(
                    Some(t.lokasi(b, col)),
                    format!("predikat \"{text}\" tidak dikenal"),
                    Some("isi dengan AA, A, BB, B, CC, C atau D".into()),
                );
                None
            }
        };
    }
    t.angka_di(b, col, lap).ok().flatten().map(Nilai::Angka)
}

/// Reads an IKU row. A row with problems is still returned, marked `rusak`, so
/// that its sasaran and its reference names exist and no follow-on error is
/// reported for them; the build stops on the recorded error anyway.
fn baca_indikator(
    t: &Tabel,
    b: &crate::sheet::Baris,
    lalu: &[(i32, u32)],
    lap: &mut Temuan,
) -> Indikator {
    let galat_awal = lap.jumlah_galat();
    let arah_teks = t.teks(b, K_ARAH.nama);
    let arah = Arah::parse(&arah_teks).unwrap_or_else(|| {
        lap.galat(
            Some(t.lokasi_kolom(b, K_ARAH.nama)),
            format!("arah indikator \"{arah_teks}\" tidak dikenal"),
            Some("isi dengan Naik (semakin tinggi semakin baik), Turun (semakin rendah semakin baik) atau Predikat (AA … D)".into()),
        );
        Arah::Naik
    });
    let col = |n: &str| t.kolom(n);
    let sasaran = t.teks(b, K_SASARAN.nama);
    if sasaran.is_empty() {
        lap.galat(
            Some(t.lokasi_kolom(b, K_SASARAN.nama)),
            "kode sasaran kosong",
            Some("isi dengan kode sasaran dari lapkin.yaml, mis. S1".into()),
        );
    }
    let wajib = |kolom: &Kolom, kosong: &str, saran: &str, lap: &mut Temuan| {
        let v = col(kolom.nama).and_then(|c| nilai_sel(t, b, c, arah, lap));
        if v.is_none() && t.teks(b, kolom.nama).is_empty() {
            lap.galat(
                Some(t.lokasi_kolom(b, kolom.nama)),
                kosong.to_string(),
                Some(saran.into()),
            );
        }
        v
    };
    let target = wajib(
        &K_TARGET,
        "target kosong",
        "isi target dari Perjanjian Kinerja",
        lap,
    );
    let realisasi = wajib(
        &K_REALISASI_IKU,
        "realisasi kosong",
        "isi realisasi tahun ini",
        lap,
    );
    if target == Some(Nilai::Angka(Decimal::ZERO)) {
        lap.galat(
            Some(t.lokasi_kolom(b, K_TARGET.nama)),
            "target bernilai nol, capaian tidak dapat dihitung",
            Some("isi target yang sebenarnya dari Perjanjian Kinerja".into()),
        );
    }
    let skor = |n: &str, lap: &mut Temuan| t.angka(b, n, lap).ok().flatten();
    let skor_target = skor(K_SKOR_T.nama, lap);
    let skor_realisasi = skor(K_SKOR_R.nama, lap);
    let lalu = lalu
        .iter()
        .filter_map(|(y, c)| nilai_sel(t, b, *c, arah, lap).map(|v| (*y, v)))
        .collect();
    let target_renstra = col(K_RENSTRA.nama).and_then(|c| nilai_sel(t, b, c, arah, lap));
    let standar_nasional = col(K_STANDAR.nama).and_then(|c| nilai_sel(t, b, c, arah, lap));
    let rusak = lap.jumlah_galat() > galat_awal;
    Indikator {
        sasaran,
        uraian: t.teks(b, K_INDIKATOR.nama),
        satuan: t.teks(b, K_SATUAN.nama),
        arah,
        target: target.unwrap_or(Nilai::Angka(Decimal::ONE)),
        realisasi: realisasi.unwrap_or(Nilai::Angka(Decimal::ZERO)),
        skor_target,
        skor_realisasi,
        lalu,
        target_renstra,
        standar_nasional,
        lokasi: t.lokasi_kolom(b, K_INDIKATOR.nama),
        sel: SelIndikator {
            realisasi: col(K_REALISASI_IKU.nama).map(|c| t.lokasi(b, c)),
            target: col(K_TARGET.nama).map(|c| t.lokasi(b, c)),
            skor_target: col(K_SKOR_T.nama).map(|c| t.lokasi(b, c)),
            skor_realisasi: col(K_SKOR_R.nama).map(|c| t.lokasi(b, c)),
        },
        rusak,
    }
}

pub(crate) const K_KELOMPOK: Kolom = Kolom::wajib("Kelompok", &[]);
pub(crate) const K_RESPONDEN: Kolom = Kolom::wajib("Jumlah Responden", &["Responden", "Jumlah"]);
pub(crate) const K_JUMLAH_ASN: Kolom = Kolom::opsional("Jumlah ASN", &["Total ASN", "Seluruh ASN"]);
pub(crate) const K_NILAI_IP: Kolom =
    Kolom::opsional("Nilai", &["Nilai IP ASN", "IP ASN", "Indeks"]);

fn baca_ip_asn(wb: &mut BukuKerja<'_>, dimensi: &[String], lap: &mut Temuan) -> Option<IpAsn> {
    let t = wb.tabel(
        "IP ASN",
        &[K_KELOMPOK, K_URAIAN, K_RESPONDEN, K_JUMLAH_ASN, K_NILAI_IP],
        lap,
    )?;
    if dimensi.is_empty() {
        lap.galat(
            Some(Lokasi::lembar(&t.berkas, &t.lembar)),
            "ada lembar IP ASN, tetapi lapkin.yaml tidak punya bagian ip_asn",
            Some("tambahkan bagian ip_asn (dimensi, bobot, kategori) ke lapkin.yaml, atau hapus lembar IP ASN".into()),
        );
        return None;
    }
    let dim_cols: Vec<Option<u32>> = dimensi
        .iter()
        .map(|d| {
            t.kepala
                .iter()
                .find(|(_, h)| normal(h) == normal(d))
                .map(|(c, _)| *c)
        })
        .collect();
    for (d, c) in dimensi.iter().zip(&dim_cols) {
        if c.is_none() {
            lap.peringatan(
                Some(Lokasi::lembar(&t.berkas, &t.lembar)),
                format!("kolom dimensi \"{d}\" tidak ditemukan"),
                Some(format!(
                    "tambahkan kolom berjudul \"{d}\" (nama dimensi di lapkin.yaml)"
                )),
            );
        }
    }
    let mut keseluruhan = None;
    let mut jumlah_asn = None;
    let mut kelompok: Vec<(String, Vec<BarisIp>)> = Vec::new();
    for b in &t.baris {
        let nama_kelompok = t.teks(b, K_KELOMPOK.nama);
        let dims = dim_cols
            .iter()
            .map(|c| c.and_then(|c| t.angka_di(b, c, lap).ok().flatten()))
            .collect();
        let row = BarisIp {
            uraian: t.teks(b, K_URAIAN.nama),
            responden: t.angka(b, K_RESPONDEN.nama, lap).ok().flatten(),
            dimensi: dims,
            nilai: t.angka(b, K_NILAI_IP.nama, lap).ok().flatten(),
            lokasi: t.lokasi_kolom(b, K_URAIAN.nama),
        };
        if matches!(
            normal(&nama_kelompok).as_str(),
            "keseluruhan" | "total" | "kabupaten" | "kota" | "seluruh"
        ) {
            if keseluruhan.is_some() {
                lap.galat(
                    Some(t.lokasi_kolom(b, K_KELOMPOK.nama)),
                    "baris Keseluruhan muncul dua kali",
                    None,
                );
            }
            jumlah_asn = t.angka(b, K_JUMLAH_ASN.nama, lap).ok().flatten();
            keseluruhan = Some(row);
        } else if nama_kelompok.is_empty() {
            lap.galat(
                Some(t.lokasi_kolom(b, K_KELOMPOK.nama)),
                "kelompok kosong",
                Some("isi Keseluruhan, Jenis Kelamin, Jenis Jabatan atau Pendidikan".into()),
            );
        } else {
            match kelompok
                .iter_mut()
                .find(|(k, _)| normal(k) == normal(&nama_kelompok))
            {
                Some((_, rows)) => rows.push(row),
                None => kelompok.push((nama_kelompok, vec![row])),
            }
        }
    }
    let Some(keseluruhan) = keseluruhan else {
        lap.galat(
            Some(Lokasi::lembar(&t.berkas, &t.lembar)),
            "tidak ada baris Keseluruhan (nilai IP ASN daerah)",
            Some("tambahkan baris dengan Kelompok = Keseluruhan".into()),
        );
        return None;
    };
    Some(IpAsn {
        keseluruhan,
        jumlah_asn,
        kelompok,
        nama_dimensi: dimensi.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_yaml_ditemukan_di_luar_narasi() {
        assert_eq!(
            alias_yaml("a: &x teks\nb:\n  - {c: *x, d: 1}\n"),
            Some((3, "x".into()))
        );
        assert_eq!(alias_yaml("a: [1, *y]\n"), Some((1, "y".into())));
        // Markdown emphasis inside narrative is not an alias.
        assert_eq!(
            alias_yaml("k: |\n  *Good Governance* dan *x*\n  - *y\nb: teks *miring*\nc: \"*q\"\n"),
            None
        );
        assert_eq!(alias_yaml("k: |-\n  *a\nz: *b\n"), Some((3, "b".into())));
        assert_eq!(alias_yaml(include_str!("../inputs/lapkin.yaml")), None);
    }
}
