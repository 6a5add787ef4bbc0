//! Indonesian hyphenation: TeX's `hyph-id` patterns (Knappen and Mart, see
//! `src/pola/BACA.md`) applied with the Knuth–Liang algorithm.
//!
//! Typst has no Indonesian patterns, so justified Indonesian text was never
//! hyphenated and stretched its word gaps. [`sisipkan`] puts a soft hyphen
//! (U+00AD) at every break point of every ordinary word; Typst breaks there
//! when a line needs it and prints a hyphen, and shows nothing otherwise.
//! [`crate::escape::esc`] calls it, so every data value and every narrative
//! sentence — the one channel to Typst — is hyphenated the same way.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, OnceLock};

/// The soft hyphen Typst breaks at.
pub const TANDA: char = '\u{AD}';

/// Letters that stay together at the start and at the end of a word. hyph-id
/// says 2 and 2; at the end lapkin keeps 3, so a line never starts with a
/// bare "an" — hyph-id's `-an` rule also splits roots that end in "an"
/// (`Bad-an` for *badan*), and a two-letter tail is poor typesetting anyway.
const KIRI: usize = 2;
const KANAN: usize = 3;

/// Words shorter than this are never broken.
const PANJANG_MIN: usize = 6;

/// FNV-1a: the pattern table is looked up for every substring of every word
/// of the report (a few hundred thousand short keys), where the standard
/// library's DoS-resistant SipHash was most of the cost; the keys here are
/// TeX's fixed patterns, not anyone's input.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type PetaCepat<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

struct Pola {
    /// Letters of a pattern → its values (one more than the letters).
    pola: PetaCepat<Vec<u8>>,
    /// Longest pattern, in letters.
    maks: usize,
    /// Exceptions: word → break positions (a break before letter `i`).
    kecuali: PetaCepat<Vec<usize>>,
}

fn pola() -> &'static Pola {
    static POLA: OnceLock<Pola> = OnceLock::new();
    POLA.get_or_init(|| {
        let mut pola = PetaCepat::default();
        let mut maks = 0;
        for p in include_str!("pola/hyph-id.pat.txt").split_whitespace() {
            let mut huruf = String::new();
            let mut nilai = vec![0u8];
            for c in p.chars() {
                match c.to_digit(10) {
                    Some(d) => *nilai.last_mut().expect("tidak kosong") = d as u8,
                    None => {
                        huruf.push(c);
                        nilai.push(0);
                    }
                }
            }
            maks = maks.max(huruf.chars().count());
            pola.insert(huruf, nilai);
        }
        let kecuali = include_str!("pola/hyph-id.hyp.txt")
            .split_whitespace()
            .map(|k| {
                let mut pos = Vec::new();
                let mut n = 0;
                for c in k.chars() {
                    if c == '-' {
                        pos.push(n);
                    } else {
                        n += 1;
                    }
                }
                (k.replace('-', ""), pos)
            })
            .collect();
        Pola {
            pola,
            maks,
            kecuali,
        }
    })
}

/// Break positions of a lowercase word: `i` means a break before its `i`-th
/// letter. Only positions leaving [`KIRI`] and [`KANAN`] letters.
pub fn titik(kata: &str) -> Vec<usize> {
    let p = pola();
    let huruf: Vec<char> = kata.chars().collect();
    let n = huruf.len();
    if n < PANJANG_MIN {
        return Vec::new();
    }
    if let Some(k) = p.kecuali.get(kata) {
        return k
            .iter()
            .copied()
            .filter(|&i| i >= KIRI && n - i >= KANAN)
            .collect();
    }
    // The word between dots, and where each of its letters starts in bytes:
    // every substring of at most `maks` letters is looked up as a slice.
    let w = format!(".{kata}.");
    let batas: Vec<usize> = w
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(w.len()))
        .collect();
    let jumlah = batas.len() - 1;
    let mut nilai = vec![0u8; jumlah + 1];
    for i in 0..jumlah {
        for j in i + 1..=jumlah.min(i + p.maks) {
            if let Some(v) = p.pola.get(&w[batas[i]..batas[j]]) {
                for (k, &x) in v.iter().enumerate() {
                    nilai[i + k] = nilai[i + k].max(x);
                }
            }
        }
    }
    // nilai[i + 1] is the value between w[i] and w[i + 1], i.e. before letter i.
    let mut pos: Vec<usize> = (KIRI..=n - KANAN)
        .filter(|&i| nilai[i + 1] % 2 == 1 && sah(&huruf, i))
        .collect();
    // The suffix -kan, which hyph-id splits as -k|an (`memberik-an`): the
    // root may end in k (`tindak-an`) or not (`mem-beri-kan`), so the break
    // before the final "an" is dropped; after a consonant the root cannot
    // end in k, and the break goes before "kan" (`wujud-kan`).
    if kata.ends_with("kan") && n >= 6 {
        pos.retain(|&i| i != n - 2);
        if !vokal(huruf[n - 4]) && sah(&huruf, n - 3) && !pos.contains(&(n - 3)) {
            pos.push(n - 3);
        }
    }
    pos
}

/// Words kept by [`titik_diingat`] before the memory is emptied: a report has
/// a few thousand different words; the bound keeps a long `watch` session or
/// many agencies in one run from growing without end.
const INGAT_MAKS: usize = 50_000;

/// [`titik`] remembered per word for the whole process: a report repeats its
/// words (`kinerja`, `pemerintah` …) and `watch` hyphenates the same text at
/// every rebuild. The result is the same as [`titik`]'s.
fn titik_diingat(kata: &str) -> Vec<usize> {
    static INGAT: OnceLock<Mutex<PetaCepat<Vec<usize>>>> = OnceLock::new();
    let ingat = INGAT.get_or_init(|| Mutex::new(PetaCepat::default()));
    if let Some(pos) = ingat.lock().ok().and_then(|m| m.get(kata).cloned()) {
        return pos;
    }
    let pos = titik(kata);
    if let Ok(mut m) = ingat.lock() {
        if m.len() >= INGAT_MAKS {
            m.clear();
        }
        m.insert(kata.to_string(), pos.clone());
    }
    pos
}

fn vokal(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'é' | 'è')
}

/// Consonant pairs written as one sound (EYD): never split, and a syllable
/// may start with them.
const GABUNGAN: [&str; 4] = ["ng", "ny", "kh", "sy"];

/// Consonant clusters a syllable of a loanword may start with (`in-struk-si`,
/// `pro-gram`, `de-mo-kra-si`).
/// Only clusters with `r`: `k|l`, `s|t` … are as often a join of two words
/// (`tindak|lanjut`) as a cluster.
const GUGUS_AWAL: [&str; 10] = [
    "br", "dr", "fr", "gr", "kr", "pr", "tr", "str", "spr", "skr",
];

/// Whether a break of hyph-id before letter `i` is a proper Indonesian
/// syllable break (EYD). hyph-id is small (149 patterns) and sometimes
/// breaks where a typesetter would not — `dipertanggungjawabk-an`,
/// `gu-ngja`, `wa-i-an` — so its breaks are kept only when they split no
/// diphthong (ai, au, ei, oi) and no written single sound (ng, ny, kh, sy),
/// the new line starts with at most one consonant sound (or a loanword
/// cluster such as `tr`), and a consonant carried over to a suffix (`-an`)
/// follows a vowel.
fn sah(w: &[char], i: usize) -> bool {
    let (a, b) = (w[i - 1], w[i]);
    let pasangan: String = [a, b].iter().collect();
    if matches!(pasangan.as_str(), "ai" | "au" | "ei" | "oi")
        || GABUNGAN.contains(&pasangan.as_str())
    {
        return false;
    }
    // The consonants that open the new line.
    let awal: String = w[i..].iter().take_while(|c| !vokal(**c)).collect();
    if awal.chars().count() >= 2
        && !GABUNGAN.contains(&awal.as_str())
        && !GUGUS_AWAL.contains(&awal.as_str())
    {
        return false;
    }
    // A consonant left at the line's end before a vowel (`pelayan-an`) must
    // follow a vowel or be the end of ng/ny (`penanggulang-an`).
    if vokal(b) && !vokal(a) && i >= 2 {
        let c = w[i - 2];
        let akhir: String = [c, a].iter().collect();
        if !vokal(c) && !GABUNGAN.contains(&akhir.as_str()) {
            return false;
        }
    }
    true
}

/// Whether a run of letters is an ordinary word to hyphenate: not an
/// abbreviation or a code (`BKPSDM`, `SAKIP`, `eKinerja`): at most its first
/// letter is uppercase.
fn kata_biasa(kata: &str) -> bool {
    kata.chars().skip(1).all(|c| !c.is_uppercase())
}

/// `teks` with a soft hyphen at every break point of every ordinary word
/// (runs of letters; numbers, abbreviations and words of a web address or an
/// e-mail address are left whole).
pub fn sisipkan(teks: &str) -> String {
    let mut out = String::with_capacity(teks.len() + teks.len() / 4);
    let mut kata = String::new();
    let mut sebelum: Option<char> = None;
    let mut chars = teks.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            kata.push(c);
            if chars.peek().is_some_and(|n| n.is_alphabetic()) {
                continue;
            }
            let sesudah = chars.peek().copied();
            // Letters glued to digits, '@', '.' + letter or '/' + letter are
            // parts of codes and addresses: left whole.
            let kode = |x: Option<char>, lagi: Option<char>| match x {
                Some(d) if d.is_ascii_digit() || d == '@' || d == '_' => true,
                Some('.' | '/' | ':') => lagi.is_some_and(|l| l.is_alphanumeric()),
                _ => false,
            };
            let mut lihat = chars.clone();
            lihat.next();
            let alamat = kode(sebelum, Some(kata.chars().next().unwrap_or(' ')))
                || kode(sesudah, lihat.next());
            if alamat || !kata_biasa(&kata) {
                out.push_str(&kata);
            } else {
                let kecil = kata.to_lowercase();
                let pos = if kecil.chars().count() == kata.chars().count() {
                    titik_diingat(&kecil)
                } else {
                    Vec::new()
                };
                for (i, h) in kata.chars().enumerate() {
                    if pos.contains(&i) {
                        out.push(TANDA);
                    }
                    out.push(h);
                }
            }
            sebelum = kata.chars().last();
            kata.clear();
        } else {
            out.push(c);
            sebelum = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pisah(kata: &str) -> String {
        sisipkan(kata).replace(TANDA, "-")
    }

    #[test]
    fn kata_indonesia_dipenggal_menurut_pola_tex() {
        assert_eq!(pisah("kepegawaian"), "ke-pe-ga-waian");
        // hyph-id alone gives "di-per-tang-gu-ngja-wabk-an"; wrong breaks are dropped.
        assert_eq!(pisah("dipertanggungjawabkan"), "di-per-tang-gungja-wab-kan");
        assert_eq!(pisah("memberikan"), "mem-be-rikan");
        assert_eq!(pisah("ditindaklanjuti"), "di-tin-daklan-juti");
        assert_eq!(pisah("pembangunan"), "pem-ba-ngunan");
        assert_eq!(pisah("Kabupaten"), "Ka-bu-pa-ten");
        assert_eq!(pisah("profesionalitas"), "pro-fe-sio-na-li-tas");
        assert_eq!(pisah("pengembangan"), "pe-ngem-bangan");
        // Roots ending in "an" are not split before it: "badan", not "bad-an".
        assert_eq!(pisah("Badan"), "Badan");
        // Exceptions of hyph-id, within the same limits.
        assert_eq!(pisah("terima"), "te-rima");
        assert_eq!(pisah("beranda"), "be-randa");
    }

    #[test]
    fn kata_yang_diingat_dipenggal_sama() {
        let teks = include_str!("../inputs/lapkin.yaml");
        let kata: Vec<String> = teks
            .split(|c: char| !c.is_alphabetic())
            .filter(|k| !k.is_empty())
            .map(str::to_lowercase)
            .collect();
        assert!(kata.len() > 1000);
        // Twice: the first time fills the memory, the second reads it.
        for _ in 0..2 {
            for k in &kata {
                assert_eq!(titik_diingat(k), titik(k), "{k}");
            }
        }
        assert_eq!(sisipkan(teks), sisipkan(teks));
    }

    #[test]
    fn singkatan_angka_dan_alamat_utuh() {
        assert_eq!(pisah("BKPSDM dan SAKIP"), "BKPSDM dan SAKIP");
        assert_eq!(pisah("Rp5.581.000.815"), "Rp5.581.000.815");
        assert_eq!(pisah("www.batubarakab.go.id"), "www.batubarakab.go.id");
        assert_eq!(pisah("humas@batubarakab.go.id"), "humas@batubarakab.go.id");
        assert_eq!(pisah("ada"), "ada");
        // Punctuation around a word does not stop it being hyphenated.
        assert_eq!(pisah("(pelayanan)."), "(pe-la-yanan).");
        assert_eq!(pisah("kegiatan-kegiatan"), "ke-gi-atan-ke-gi-atan");
    }
}
