//! Validate: the checks of what Typst would otherwise fail on, run by
//! [`crate::periksa`] (so by `lapkin check` and by every build) before Typst
//! sees anything.
//!
//! - The signing date and paper size of `lapkin.yaml` ([`identitas`]).
//! - Page settings within sane ranges ([`halaman`]).
//! - The logo decodes and stays within [`MAKS_SISI_LOGO`] pixels a side, and an
//!   SVG links no other file ([`gambar`]).
//! - The configured font family exists, and every character of every text —
//!   YAML narrative, workbook cells, the rendered chapters — can be drawn by it
//!   ([`Cakupan`]); an undrawable character is reported with its cell or key
//!   and its Unicode name.
//!
//! The fonts themselves (readable, with outlines) are checked when loaded, by
//! [`crate::compile::Huruf::muat`].

use std::cell::RefCell;
use std::collections::HashMap;

use typst::foundations::Bytes;
use typst::text::Font;

use crate::compile::Huruf;
use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::masukan::{BERKAS_YAML, Masukan};

/// Body font size accepted, in points (inclusive).
pub const UKURAN_HURUF: (f64, f64) = (8.0, 16.0);
/// Each margin accepted, in millimetres (inclusive).
pub const MARGIN_MM: (f64, f64) = (10.0, 60.0);
/// Largest logo accepted, in pixels along either side.
pub const MAKS_SISI_LOGO: u32 = 4096;

/// Paper width and height in mm by name: A4, or F4 (folio).
pub fn kertas_mm(ukuran: &str) -> Option<(f64, f64)> {
    match crate::format::kunci(ukuran).as_str() {
        "a4" => Some((210.0, 297.0)),
        "f4" | "folio" => Some((215.0, 330.0)),
        _ => None,
    }
}

/// The identity checks of `lapkin.yaml` that need no workbook: the signing
/// date (readable, after the report year, not years later) and the paper size.
pub fn identitas(config: &Config, lap: &mut Temuan) {
    use crate::format::{Tanggal, tahun as th};
    let lokasi = || Some(Lokasi::kunci(BERKAS_YAML, "penandatanganan.tanggal"));
    match Tanggal::parse_iso(&config.penandatanganan.tanggal) {
        Some(t) => {
            let tahun = config.laporan.tahun;
            let (tahun_ini, tahun_berikut) = (th(tahun), th(tahun + 1));
            if t.tahun <= tahun {
                lap.galat(
                    lokasi(),
                    format!(
                        "tanggal penandatanganan {} jatuh sebelum tahun anggaran {tahun_ini} berakhir",
                        t.panjang()
                    ),
                    Some(format!(
                        "laporan kinerja tahun {tahun_ini} ditandatangani setelah 31 Desember {tahun_ini}, biasanya pada tahun {tahun_berikut}"
                    )),
                );
            } else if t.tahun > tahun + 1 {
                lap.peringatan(
                    lokasi(),
                    format!(
                        "tanggal penandatanganan {} lebih dari setahun setelah tahun laporan {tahun_ini}",
                        t.panjang()
                    ),
                    Some(format!("periksa tahun pada tanggal; biasanya {tahun_berikut}")),
                );
            }
        }
        None => lap.galat(
            lokasi(),
            format!(
                "tanggal \"{}\" tidak dapat dibaca",
                config.penandatanganan.tanggal
            ),
            Some("tulis tanggal sebagai TAHUN-BULAN-HARI, mis. 2025-01-31".into()),
        ),
    }
    if let Some(t) = &config.penandatanganan.tanggal_perjanjian {
        match Tanggal::parse_iso(t) {
            None => lap.galat(
                Some(Lokasi::kunci(
                    BERKAS_YAML,
                    "penandatanganan.tanggal_perjanjian",
                )),
                format!("tanggal \"{t}\" tidak dapat dibaca"),
                Some("tulis tanggal sebagai TAHUN-BULAN-HARI, mis. 2024-01-05".into()),
            ),
            Some(d) if d.tahun != config.laporan.tahun => lap.peringatan(
                Some(Lokasi::kunci(
                    BERKAS_YAML,
                    "penandatanganan.tanggal_perjanjian",
                )),
                format!(
                    "Perjanjian Kinerja bertanggal {}, bukan pada tahun laporan {}",
                    d.panjang(),
                    th(config.laporan.tahun)
                ),
                Some("Perjanjian Kinerja ditandatangani pada awal tahun yang dilaporkan".into()),
            ),
            Some(_) => {}
        }
    }
    if kertas_mm(&config.halaman.ukuran).is_none() {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, "halaman.ukuran")),
            format!("ukuran kertas \"{}\" tidak dikenal", config.halaman.ukuran),
            Some("pilih A4 atau F4".into()),
        );
    }
}

/// Page settings of `lapkin.yaml` (`halaman`): body size and margins finite
/// and within [`UKURAN_HURUF`] and [`MARGIN_MM`].
pub fn halaman(config: &Config, lap: &mut Temuan) {
    let h = &config.halaman;
    let (min, max) = UKURAN_HURUF;
    if !(h.ukuran_huruf.is_finite() && (min..=max).contains(&h.ukuran_huruf)) {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, "halaman.ukuran_huruf")),
            format!(
                "ukuran huruf {} tidak wajar untuk laporan cetak",
                angka_yaml(h.ukuran_huruf)
            ),
            Some(format!(
                "isi ukuran huruf isi laporan dalam poin, antara {} dan {} (lazimnya 11 atau 12)",
                angka_yaml(min),
                angka_yaml(max)
            )),
        );
    }
    let (min, max) = MARGIN_MM;
    for (i, sisi) in ["atas", "kanan", "bawah", "kiri"].iter().enumerate() {
        let m = h.margin_mm[i];
        if !(m.is_finite() && (min..=max).contains(&m)) {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "halaman.margin_mm")),
                format!("margin {sisi} {} mm tidak wajar", angka_yaml(m)),
                Some(format!(
                    "isi empat margin dalam milimeter (atas, kanan, bawah, kiri), masing-masing antara {} dan {}, mis. [25, 25, 25, 30]",
                    angka_yaml(min),
                    angka_yaml(max)
                )),
            );
        }
    }
}

/// A number from the YAML as the user wrote it (`.nan` and `.inf` named).
fn angka_yaml(v: f64) -> String {
    if v.is_nan() {
        "NaN (bukan angka)".into()
    } else if v.is_infinite() {
        "tak hingga".into()
    } else {
        crate::format::pecahan(v)
    }
}

/// The logo: a PNG must decode and stay within [`MAKS_SISI_LOGO`] pixels a
/// side (read from its header before anything is decoded); an SVG must parse
/// and link no other file (only `data:` and `#…` references).
pub fn gambar(nama: &str, jenis: &str, isi: &[u8], lap: &mut Temuan) {
    let lokasi = || Some(Lokasi::berkas(nama));
    match jenis {
        "png" => {
            let Some((w, h)) = ukuran_png(isi) else {
                lap.galat(
                    lokasi(),
                    "berkas logo rusak: kepala gambar PNG tidak terbaca",
                    Some("ekspor ulang logo sebagai PNG dari program pengolah gambar".into()),
                );
                return;
            };
            if w == 0 || h == 0 || w > MAKS_SISI_LOGO || h > MAKS_SISI_LOGO {
                lap.galat(
                    lokasi(),
                    format!(
                        "gambar logo berukuran {w} × {h} piksel; paling besar {MAKS_SISI_LOGO} × {MAKS_SISI_LOGO}"
                    ),
                    Some("perkecil logo (1000 × 1000 piksel sudah tajam di sampul)".into()),
                );
                return;
            }
            let decoded = typst::visualize::RasterImage::plain(
                Bytes::new(isi.to_vec()),
                typst::visualize::ExchangeFormat::Png,
            );
            if let Err(e) = decoded {
                lap.galat(
                    lokasi(),
                    format!("berkas logo rusak: gambar PNG tidak dapat dibaca ({e})"),
                    Some("ekspor ulang logo sebagai PNG dari program pengolah gambar".into()),
                );
            }
        }
        _ => {
            let teks = String::from_utf8_lossy(isi);
            if let Some(rujukan) = rujukan_luar_svg(&teks) {
                lap.galat(
                    lokasi(),
                    format!("logo SVG merujuk berkas lain (\"{rujukan}\"); lapkin hanya memakai isi berkas logo itu sendiri"),
                    Some("simpan logo sebagai SVG mandiri (gambar di dalamnya disematkan) atau sebagai PNG".into()),
                );
                return;
            }
            if typst::visualize::SvgImage::new(Bytes::new(isi.to_vec())).is_err() {
                lap.galat(
                    lokasi(),
                    "berkas logo rusak: tidak dapat diurai sebagai gambar SVG",
                    Some("ekspor ulang logo sebagai SVG atau PNG".into()),
                );
            }
        }
    }
}

/// Width and height from a PNG's `IHDR`, without decoding anything.
pub(crate) fn ukuran_png(isi: &[u8]) -> Option<(u32, u32)> {
    if !isi.starts_with(b"\x89PNG\r\n\x1a\n") || isi.len() < 24 || &isi[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(isi[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(isi[20..24].try_into().ok()?);
    Some((w, h))
}

/// The first `href`/`xlink:href` (or CSS `url(…)`) of an SVG that points at
/// another file rather than inside the SVG (`#id`) or at embedded data.
fn rujukan_luar_svg(teks: &str) -> Option<String> {
    let bawah = teks.to_ascii_lowercase();
    let mut nilai = Vec::new();
    for pola in ["href", "src"] {
        let mut dari = 0;
        while let Some(i) = bawah[dari..].find(pola) {
            let mulai = dari + i + pola.len();
            dari = mulai;
            let sisa = bawah[mulai..].trim_start();
            let Some(sisa) = sisa.strip_prefix('=') else {
                continue;
            };
            let sisa = sisa.trim_start();
            let Some(kutip) = sisa.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let isi = &sisa[1..];
            let akhir = isi.find(kutip).unwrap_or(isi.len());
            nilai.push(isi[..akhir].trim().to_string());
        }
    }
    let mut dari = 0;
    while let Some(i) = bawah[dari..].find("url(") {
        let mulai = dari + i + 4;
        dari = mulai;
        let akhir = bawah[mulai..].find(')').map_or(bawah.len(), |j| mulai + j);
        nilai.push(
            bawah[mulai..akhir]
                .trim()
                .trim_matches(['"', '\''])
                .to_string(),
        );
    }
    nilai
        .into_iter()
        .find(|v| !v.is_empty() && !v.starts_with('#') && !v.starts_with("data:"))
}

/// Which characters the report's font family can draw: a character counts
/// when every font of the family (regular, bold, italic …) has a glyph for it
/// with an outline, since any of them may set it.
pub struct Cakupan {
    keluarga: String,
    fonts: Vec<Font>,
    cache: RefCell<HashMap<char, bool>>,
}

impl std::fmt::Debug for Cakupan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cakupan({})", self.keluarga)
    }
}

/// Characters no font needs to draw: spaces, controls, joiners, variation
/// selectors, the soft hyphen and the byte-order mark.
fn tak_tercetak(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// The font family of `halaman.huruf`, checked to exist in the fonts folder;
/// records an error (with the families there are) and returns `None` when not.
pub fn cakupan(config: &Config, huruf: &Huruf, lap: &mut Temuan) -> Option<Cakupan> {
    let keluarga = config.halaman.huruf.trim().to_lowercase();
    let fonts = huruf.keluarga_font(&keluarga);
    if fonts.is_empty() {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, "halaman.huruf")),
            format!(
                "huruf \"{}\" tidak ada di folder fonts",
                config.halaman.huruf
            ),
            Some(format!(
                "huruf yang tersedia: {}",
                huruf.keluarga().join(", ")
            )),
        );
        return None;
    }
    Some(Cakupan {
        keluarga: config.halaman.huruf.clone(),
        fonts,
        cache: RefCell::new(HashMap::new()),
    })
}

impl Cakupan {
    /// Whether `c` can be drawn.
    pub fn bisa(&self, c: char) -> bool {
        if tak_tercetak(c) {
            return true;
        }
        *self.cache.borrow_mut().entry(c).or_insert_with(|| {
            self.fonts.iter().all(|f| {
                ttf_parser::Face::parse(f.data(), f.index()).is_ok_and(|ttf| {
                    ttf.glyph_index(c)
                        .is_some_and(|g| ttf.outline_glyph(g, &mut Abaikan).is_some())
                })
            })
        })
    }

    /// The first character of `teks` that cannot be drawn.
    pub fn tak_bisa(&self, teks: &str) -> Option<char> {
        teks.chars().find(|c| !c.is_ascii() && !self.bisa(*c))
    }

    /// Records an error at `lokasi` when `teks` holds a character that cannot
    /// be drawn; returns whether it did.
    pub fn periksa(&self, teks: &str, lokasi: impl FnOnce() -> Lokasi, lap: &mut Temuan) -> bool {
        let Some(c) = self.tak_bisa(teks) else {
            return false;
        };
        lap.galat(
            Some(lokasi()),
            format!(
                "karakter {} tidak ada di huruf {} sehingga tidak dapat dicetak",
                nama_karakter(c),
                self.keluarga
            ),
            Some("hapus atau ganti karakter itu (mis. emoji, atau huruf Arab/Ibrani yang tidak dimuat huruf laporan); bila memang diperlukan, letakkan huruf yang memuatnya di folder fonts dan sebutkan di halaman.huruf".into()),
        );
        true
    }
}

/// `"😀" (U+1F600 GRINNING FACE)`.
pub fn nama_karakter(c: char) -> String {
    let nama = unicode_names2::name(c)
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    format!("\"{c}\" (U+{:04X}{nama})", c as u32)
}

/// An outline builder that only lets us ask whether there is an outline.
struct Abaikan;

impl ttf_parser::OutlineBuilder for Abaikan {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// Every string of `lapkin.yaml`, by key path, against the fonts: one error
/// per string holding an undrawable character.
pub fn karakter_yaml(masukan: &Masukan, _config: &Config, cakupan: &Cakupan, lap: &mut Temuan) {
    let Some(v) = masukan
        .yaml()
        .and_then(|b| serde_yaml_ng::from_slice::<serde_yaml_ng::Value>(&b.isi).ok())
    else {
        return;
    };
    jelajah(&v, &mut String::new(), cakupan, lap);
}

fn jelajah(v: &serde_yaml_ng::Value, jalur: &mut String, cakupan: &Cakupan, lap: &mut Temuan) {
    use serde_yaml_ng::Value;
    match v {
        Value::String(s) => {
            cakupan.periksa(s, || Lokasi::kunci(BERKAS_YAML, jalur), lap);
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let panjang = jalur.len();
                jalur.push_str(&format!("[{}]", i + 1));
                jelajah(item, jalur, cakupan, lap);
                jalur.truncate(panjang);
            }
        }
        Value::Mapping(m) => {
            for (k, item) in m {
                let Some(k) = k.as_str() else { continue };
                let panjang = jalur.len();
                if !jalur.is_empty() {
                    jalur.push('.');
                }
                jalur.push_str(k);
                jelajah(item, jalur, cakupan, lap);
                jalur.truncate(panjang);
            }
        }
        Value::Tagged(t) => jelajah(&t.value, jalur, cakupan, lap),
        _ => {}
    }
}

/// The safety net after rendering: any character of the chapters the fonts
/// cannot draw that no earlier check attributed to a cell or key (text lapkin
/// composes itself), reported with the chapter.
pub fn karakter_sumber(
    sumber: &[crate::render::Sumber],
    huruf: &Huruf,
    config: &Config,
    lap: &mut Temuan,
) {
    let mut l = Temuan::default();
    let Some(cakupan) = cakupan(config, huruf, &mut l) else {
        return; // reported when the data was loaded
    };
    for s in sumber {
        if let Some(c) = cakupan.tak_bisa(&s.teks) {
            lap.galat(
                Some(Lokasi::berkas(&format!("templat {}", s.nama))),
                format!(
                    "karakter {} tidak ada di huruf {}",
                    nama_karakter(c),
                    config.halaman.huruf
                ),
                Some("pilih huruf yang lengkap di halaman.huruf (mis. TeX Gyre Bonum dari folder fonts lapkin)".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rujukan_svg() {
        assert_eq!(
            rujukan_luar_svg(r##"<svg><image href="/etc/lapkin.png"/></svg>"##),
            Some("/etc/lapkin.png".into())
        );
        assert_eq!(
            rujukan_luar_svg(
                r##"<svg><use xlink:href = '#a'/><image href="data:image/png;base64,AA"/></svg>"##
            ),
            None
        );
        assert_eq!(
            rujukan_luar_svg(r##"<svg style="fill:url(file.svg#x)"></svg>"##),
            Some("file.svg#x".into())
        );
        assert_eq!(rujukan_luar_svg(r##"<svg fill="url(#g)"></svg>"##), None);
    }

    #[test]
    fn ukuran_dari_kepala_png() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(40_000u32.to_be_bytes());
        png.extend(30u32.to_be_bytes());
        assert_eq!(ukuran_png(&png), Some((40_000, 30)));
        assert_eq!(ukuran_png(b"GIF89a"), None);
    }

    #[test]
    fn nama_karakter_unicode() {
        assert_eq!(nama_karakter('😀'), "\"😀\" (U+1F600 GRINNING FACE)");
        assert_eq!(nama_karakter('ש'), "\"ש\" (U+05E9 HEBREW LETTER SHIN)");
    }
}
