//! Indonesian display formats: the only place where numbers become text.
//!
//! Thousands are separated by `.`, decimals by `,`; rounding is half-up
//! (away from zero at the midpoint), and happens here only — figures stay
//! exact [`Decimal`]s until they are shown.

use rust_decimal::prelude::*;

use crate::model::{Nilai, PREDIKAT};

/// A file size limit for messages: `50 MB`, `2 MB`, `500 KB`.
pub fn ukuran_berkas(bita: u64) -> String {
    if bita >= 1_000_000 {
        format!(
            "{} MB",
            angka(Decimal::from(bita) / Decimal::from(1_000_000), 0)
        )
    } else {
        format!(
            "{} KB",
            angka(Decimal::from(bita) / Decimal::from(1_000), 0)
        )
    }
}

/// A number from the YAML (a float) as Indonesian text with at most two
/// decimals: `11`, `10,5`, `-5`; beyond [`Decimal`]'s range, scientific.
pub fn pecahan(v: f64) -> String {
    match Decimal::from_f64_retain(v) {
        Some(d) => {
            let d = d.round_dp(2).normalize();
            angka(d, d.scale())
        }
        None => format!("{v:e}"),
    }
}

/// Formats `value` rounded half-up to `decimals` places, Indonesian style.
///
/// `angka(dec!(5581000815), 0)` → `"5.581.000.815"`; `angka(dec!(93.3531), 2)` → `"93,35"`.
pub fn angka(value: Decimal, decimals: u32) -> String {
    let rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = rounded.abs().to_string();
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if decimals > 0 {
        let mut frac = frac_part;
        while frac.len() < decimals as usize {
            frac.push('0');
        }
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// A whole number (count or Rupiah), `"5.581.000.815"`.
pub fn bulat(value: Decimal) -> String {
    angka(value, 0)
}

/// A percentage or index with two decimals, `"93,35"` (no `%` sign).
pub fn persen(value: Decimal) -> String {
    angka(value, 2)
}

/// A value as the user typed it: whole numbers without decimals, others with
/// at most two (`"86"`, `"75,44"`, `"27,4"`).
pub fn apa_adanya(value: Decimal) -> String {
    let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let normal = rounded.normalize();
    angka(normal, normal.scale())
}

/// Rupiah, `"Rp5.581.000.815"`.
pub fn rupiah(value: Decimal) -> String {
    if value.is_sign_negative() && !value.is_zero() {
        format!("-Rp{}", bulat(value.abs()))
    } else {
        format!("Rp{}", bulat(value))
    }
}

const SATUAN: [&str; 12] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
];

/// Indonesian words for a non-negative whole number: `terbilang(23)` → `"dua puluh tiga"`.
pub fn terbilang(n: u64) -> String {
    match n {
        0..=11 => SATUAN[n as usize].to_string(),
        12..=19 => format!("{} belas", SATUAN[(n - 10) as usize]),
        20..=99 => join(&format!("{} puluh", SATUAN[(n / 10) as usize]), n % 10),
        100..=199 => join("seratus", n - 100),
        200..=999 => join(&format!("{} ratus", SATUAN[(n / 100) as usize]), n % 100),
        1000..=1999 => join("seribu", n - 1000),
        2000..=999_999 => join(&format!("{} ribu", terbilang(n / 1000)), n % 1000),
        1_000_000..=999_999_999 => {
            join(&format!("{} juta", terbilang(n / 1_000_000)), n % 1_000_000)
        }
        _ => join(
            &format!("{} miliar", terbilang(n / 1_000_000_000)),
            n % 1_000_000_000,
        ),
    }
}

fn join(head: &str, rest: u64) -> String {
    if rest == 0 {
        head.to_string()
    } else {
        format!("{head} {}", terbilang(rest))
    }
}

/// A small count with its words, `"3 (tiga)"`.
pub fn hitungan(n: u64) -> String {
    format!("{} ({})", bulat(Decimal::from(n)), terbilang(n))
}

/// Indonesian month names, January first.
pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tanggal {
    /// Year.
    pub tahun: i32,
    /// Month, 1–12.
    pub bulan: u8,
    /// Day, 1–31.
    pub hari: u8,
}

impl Tanggal {
    /// Parses an ISO date `YYYY-MM-DD`; `None` when it is not a real date.
    pub fn parse_iso(text: &str) -> Option<Tanggal> {
        let mut parts = text.trim().splitn(3, '-');
        let tahun: i32 = parts.next()?.parse().ok()?;
        let bulan: u8 = parts.next()?.parse().ok()?;
        let hari: u8 = parts.next()?.parse().ok()?;
        let kabisat = (tahun % 4 == 0 && tahun % 100 != 0) || tahun % 400 == 0;
        let max = match bulan {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if kabisat => 29,
            2 => 28,
            _ => return None,
        };
        (1..=max)
            .contains(&hari)
            .then_some(Tanggal { tahun, bulan, hari })
    }

    /// `"31 Januari 2025"`.
    pub fn panjang(&self) -> String {
        format!(
            "{} {} {}",
            self.hari,
            BULAN[(self.bulan - 1) as usize],
            self.tahun
        )
    }
}

/// A NIP written in its customary groups, `"19780831 199703 1 002"`;
/// text that is not 18 digits is returned as typed.
pub fn nip(text: &str) -> String {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &digits[0..8],
            &digits[8..14],
            &digits[14..15],
            &digits[15..18]
        )
    } else {
        text.trim().to_string()
    }
}

/// A key for names in references: lowercase, runs of other characters become `_`.
///
/// `kunci("Laki-laki")` → `"laki_laki"`; `kunci("S-1/D-IV")` → `"s_1_d_iv"`.
pub fn kunci(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for ch in text.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(ch);
        } else {
            gap = true;
        }
    }
    out
}

/// What a table cell or label shows for a figure that is not there: `"–"`.
pub const STRIP: &str = "–";

/// A figure formatted with `f`, or [`STRIP`] when there is none:
/// `atau_strip(Some(dec!(12)), bulat)` → `"12"`, `atau_strip(None, bulat)` → `"–"`.
pub fn atau_strip(value: Option<Decimal>, f: fn(Decimal) -> String) -> String {
    value.map(f).unwrap_or_else(|| STRIP.into())
}

/// A percentage that may be missing (e.g. an absorption when nothing was
/// allocated): `"93,35"` or `"–"`.
pub fn persen_atau_strip(value: Option<Decimal>) -> String {
    atau_strip(value, persen)
}

/// A count with the share it makes of its total, as a chart label:
/// `"14 (60,87%)"`, or just `"14"` without a share.
pub fn jumlah_persen(jumlah: Decimal, bagian: Option<Decimal>) -> String {
    match bagian {
        Some(p) => format!("{} ({}%)", bulat(jumlah), persen(p)),
        None => bulat(jumlah),
    }
}

/// A Rupiah amount with the share it makes of its total, as a chart label:
/// `"Rp5.000 (93,35%)"`, or just `"Rp5.000"` without a share.
pub fn rupiah_persen(value: Decimal, bagian: Option<Decimal>) -> String {
    match bagian {
        Some(p) => format!("{} ({}%)", rupiah(value), persen(p)),
        None => rupiah(value),
    }
}

/// A count or a number in a list as plain digits, without grouping: `"7"`,
/// `"1250"`. For row numbers and the counts the narrative names by reference.
pub fn cacah(n: usize) -> String {
    n.to_string()
}

/// A duration in seconds with three decimals and a decimal comma, for the
/// times the commands print: `0,312`.
pub fn detik(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64()).replace('.', ",")
}

/// A year as plain digits, never grouped: `"2024"`.
pub fn tahun(t: i32) -> String {
    t.to_string()
}

/// The number of an indicator within its sasaran, `"1.2"`.
pub fn nomor_indikator(sasaran: usize, indikator: usize) -> String {
    format!("{}.{}", cacah(sasaran), cacah(indikator))
}

const URUTAN: [&str; 10] = [
    "pertama",
    "kedua",
    "ketiga",
    "keempat",
    "kelima",
    "keenam",
    "ketujuh",
    "kedelapan",
    "kesembilan",
    "kesepuluh",
];

/// The ordinal word for the item at zero-based `indeks`: `urutan(0)` →
/// `"pertama"`, `urutan(9)` → `"kesepuluh"`, from the eleventh on `"ke-11"`.
pub fn urutan(indeks: usize) -> String {
    URUTAN
        .get(indeks)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("ke-{}", cacah(indeks + 1)))
}

/// A count in figures and words, `"3 (tiga)"`, when `value` is a whole
/// non-negative number; `None` otherwise (e.g. `2,5`).
pub fn hitungan_bulat(value: Decimal) -> Option<String> {
    value
        .to_u64()
        .filter(|_| value.fract().is_zero())
        .map(hitungan)
}

/// A target or realisation as printed: numbers as typed ([`apa_adanya`]),
/// grades as letters (`"BB"`).
pub fn nilai_teks(n: &Nilai) -> String {
    match n {
        Nilai::Angka(d) => apa_adanya(*d),
        Nilai::Predikat(i) => PREDIKAT[*i].to_string(),
    }
}

/// A target or realisation in a table or sentence: as [`nilai_teks`], with a
/// `%` attached when the unit is percent (`"85%"`); other units are printed in
/// their own column, not here.
pub fn dengan_satuan(n: &Nilai, satuan: &str) -> String {
    let v = nilai_teks(n);
    match (n, satuan.trim()) {
        (Nilai::Angka(_), "%") => format!("{v}%"),
        _ => v,
    }
}

/// A number with its unit, as a chart label: `"85%"`, `"12 orang"`, or just
/// `"12"` without a unit.
pub fn angka_satuan(value: Decimal, satuan: &str) -> String {
    let satuan = satuan.trim();
    if satuan == "%" {
        format!("{}%", apa_adanya(value))
    } else if satuan.is_empty() {
        apa_adanya(value)
    } else {
        format!("{} {satuan}", apa_adanya(value))
    }
}

/// A band of a scale as a range of values, from its own lower bound and the
/// lower bound of the band above it: `"75 ≤ nilai < 90"`, `"nilai ≥ 90"`,
/// `"nilai < 50"`, `"semua nilai"`.
pub fn rentang(minimal: Option<Decimal>, batas_atas: Option<Decimal>) -> String {
    match (minimal, batas_atas) {
        (Some(m), Some(u)) => format!("{} ≤ nilai < {}", apa_adanya(m), apa_adanya(u)),
        (Some(m), None) => format!("nilai ≥ {}", apa_adanya(m)),
        (None, Some(u)) => format!("nilai < {}", apa_adanya(u)),
        (None, None) => "semua nilai".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn thousands_and_decimals() {
        assert_eq!(bulat(d("5581000815")), "5.581.000.815");
        assert_eq!(bulat(d("220")), "220");
        assert_eq!(bulat(d("3561")), "3.561");
        assert_eq!(persen(d("93.3531")), "93,35");
        assert_eq!(persen(d("100")), "100,00");
        assert_eq!(rupiah(d("5581000815")), "Rp5.581.000.815");
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(persen(d("12.085")), "12,09");
        assert_eq!(persen(d("0.005")), "0,01");
        assert_eq!(persen(d("-0.005")), "-0,01");
        assert_eq!(angka(d("2.5"), 0), "3");
        assert_eq!(angka(d("99.995"), 2), "100,00");
        assert_eq!(angka(d("999.5"), 0), "1.000");
    }

    #[test]
    fn negative_and_zero() {
        assert_eq!(bulat(d("-1250000")), "-1.250.000");
        assert_eq!(persen(d("0")), "0,00");
        assert_eq!(bulat(d("0")), "0");
        assert_eq!(persen(d("-0.001")), "0,00");
        assert_eq!(rupiah(d("-5000")), "-Rp5.000");
    }

    #[test]
    fn as_typed() {
        assert_eq!(apa_adanya(d("86")), "86");
        assert_eq!(apa_adanya(d("75.44")), "75,44");
        assert_eq!(apa_adanya(d("27.40")), "27,4");
        assert_eq!(apa_adanya(d("3880")), "3.880");
    }

    #[test]
    fn words() {
        assert_eq!(terbilang(0), "nol");
        assert_eq!(terbilang(3), "tiga");
        assert_eq!(terbilang(11), "sebelas");
        assert_eq!(terbilang(12), "dua belas");
        assert_eq!(terbilang(22), "dua puluh dua");
        assert_eq!(terbilang(100), "seratus");
        assert_eq!(terbilang(1000), "seribu");
        assert_eq!(terbilang(3561), "tiga ribu lima ratus enam puluh satu");
        assert_eq!(hitungan(8), "8 (delapan)");
    }

    #[test]
    fn dates_and_nip() {
        let t = Tanggal::parse_iso("2025-01-31").unwrap();
        assert_eq!(t.panjang(), "31 Januari 2025");
        assert!(Tanggal::parse_iso("2025-02-30").is_none());
        assert!(Tanggal::parse_iso("31-01-2025").is_none());
        assert_eq!(nip("197808311997031002"), "19780831 199703 1 002");
        assert_eq!(nip("19780831 199703 1 002"), "19780831 199703 1 002");
    }

    #[test]
    fn keys() {
        assert_eq!(kunci("Laki-laki"), "laki_laki");
        assert_eq!(kunci("S-1/D-IV"), "s_1_d_iv");
        assert_eq!(kunci("  Golongan III "), "golongan_iii");
        assert_eq!(kunci("Tidak Puas"), "tidak_puas");
    }
    #[test]
    fn missing_figures() {
        assert_eq!(persen_atau_strip(Some(d("93.3531"))), "93,35");
        assert_eq!(persen_atau_strip(None), "–");
        assert_eq!(atau_strip(Some(d("1250")), bulat), "1.250");
        assert_eq!(atau_strip(None, apa_adanya), "–");
    }

    #[test]
    fn chart_labels() {
        assert_eq!(jumlah_persen(d("14"), Some(d("60.869565"))), "14 (60,87%)");
        assert_eq!(jumlah_persen(d("1400"), None), "1.400");
        assert_eq!(
            rupiah_persen(d("5581000815"), Some(d("93.3531"))),
            "Rp5.581.000.815 (93,35%)"
        );
        assert_eq!(rupiah_persen(d("0"), None), "Rp0");
        assert_eq!(angka_satuan(d("85.50"), " % "), "85,5%");
        assert_eq!(angka_satuan(d("12"), ""), "12");
        assert_eq!(angka_satuan(d("1200"), "orang "), "1.200 orang");
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(cacah(1250), "1250");
        assert_eq!(tahun(2024), "2024");
        assert_eq!(nomor_indikator(1, 2), "1.2");
    }

    #[test]
    fn ordinals() {
        assert_eq!(urutan(0), "pertama");
        assert_eq!(urutan(9), "kesepuluh");
        assert_eq!(urutan(10), "ke-11");
    }

    #[test]
    fn whole_counts_in_words() {
        assert_eq!(hitungan_bulat(d("12")).as_deref(), Some("12 (dua belas)"));
        assert_eq!(
            hitungan_bulat(d("12.00")).as_deref(),
            Some("12 (dua belas)")
        );
        assert_eq!(hitungan_bulat(d("2.5")), None);
        assert_eq!(hitungan_bulat(d("-3")), None);
    }

    #[test]
    fn targets_and_realisations() {
        assert_eq!(nilai_teks(&Nilai::Angka(d("75.40"))), "75,4");
        assert_eq!(nilai_teks(&Nilai::Predikat(2)), "BB");
        assert_eq!(dengan_satuan(&Nilai::Angka(d("85")), " %"), "85%");
        assert_eq!(dengan_satuan(&Nilai::Angka(d("85")), "orang"), "85");
        assert_eq!(dengan_satuan(&Nilai::Predikat(1), "%"), "A");
    }

    #[test]
    fn bands() {
        assert_eq!(rentang(Some(d("75")), Some(d("90.5"))), "75 ≤ nilai < 90,5");
        assert_eq!(rentang(Some(d("90")), None), "nilai ≥ 90");
        assert_eq!(rentang(None, Some(d("50"))), "nilai < 50");
        assert_eq!(rentang(None, None), "semua nilai");
    }
}
