//! The narrative markup of `lapkin.yaml`, turned into Typst markup.
//!
//! The whole language (documented for users in `docs/yaml.md`):
//! - a blank line starts a new paragraph;
//! - `- item` is a bullet item, `1. item` a numbered item, `a. item` a lettered item;
//! - `**bold**` and `*italic*`;
//! - `{nama}` is a reference to a computed figure (see [`crate::view`]).
//!
//! Everything else — including Typst and template syntax — is text, passed
//! through [`crate::escape::esc`].

use std::collections::BTreeMap;

use crate::diag::{Lokasi, Temuan};
use crate::escape::esc;
use crate::load::BERKAS_YAML;

/// Computed figures by reference name, already formatted for print.
pub type Referensi = BTreeMap<String, String>;

/// Converts narrative text to Typst markup. Unknown references are errors
/// recorded against the YAML key `kunci`.
pub fn ke_typst(teks: &str, refs: &Referensi, kunci: &str, lap: &mut Temuan) -> String {
    if let Some(tahun) = refs.get("tahun").and_then(|t| t.parse().ok()) {
        cek_tahun(teks, tahun, kunci, lap);
    }
    let ditahan = ditahan(lap);
    let mut ctx = Ctx {
        refs,
        kunci,
        lap,
        ditahan,
    };
    let mut blocks = Vec::new();
    for para in split_paragraphs(teks) {
        blocks.push(ctx.blok(&para));
    }
    blocks.join("\n\n")
}

/// Plain text with its `{references}` filled in, for a caption that is
/// printed as a value (and escaped as one). Unknown references are errors, as
/// in [`ke_typst`]; nothing else is interpreted.
pub fn isi_rujukan(teks: &str, refs: &Referensi, kunci: &str, lap: &mut Temuan) -> String {
    let ditahan = ditahan(lap);
    let mut ctx = Ctx {
        refs,
        kunci,
        lap,
        ditahan,
    };
    let mut out = String::new();
    let mut rest = teks;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        if !name.is_empty()
            && after[name.len()..].starts_with('}')
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            out.push_str(&ctx.rujuk(&name));
            rest = &after[name.len() + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Warns about a year typed in the narrative that is neither the report year nor
/// the next one ("diharapkan pada Tahun 2021" in a 2024 report). Years of legal
/// citations ("Nomor 29 Tahun 2014") and of periods ("2024-2026") are fine.
pub fn cek_tahun(teks: &str, tahun: i32, kunci: &str, lap: &mut Temuan) {
    let chars: Vec<char> = teks.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 4 {
            continue;
        }
        let year: i32 = chars[start..i]
            .iter()
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        if !(1900..=2099).contains(&year) || year == tahun || year == tahun + 1 {
            continue;
        }
        let before: String = chars[..start].iter().collect();
        let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
        let sitasi = words.len() == 3
            && words[0].eq_ignore_ascii_case("tahun")
            && words[2].eq_ignore_ascii_case("nomor");
        let sitasi_singkat = words.first().is_some_and(|w| {
            let w = w.to_lowercase();
            w.starts_with("no.") || w.ends_with('/') || w == "nomor"
        });
        let rentang = matches!(chars.get(i), Some('-' | '–' | '/'))
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            || (start >= 1 && matches!(chars[start - 1], '-' | '–'))
                && start >= 2
                && chars[start - 2].is_ascii_digit();
        if sitasi || sitasi_singkat || rentang {
            continue;
        }
        let konteks: String = chars[start.saturating_sub(30)..(i + 10).min(chars.len())]
            .iter()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        lap.peringatan(
            Some(Lokasi::kunci(BERKAS_YAML, kunci)),
            format!(
                "narasi menyebut tahun {year} (\"…{konteks}…\"), padahal laporan ini untuk tahun {tahun}"
            ),
            Some(format!(
                "tulis {{tahun}} untuk {tahun} atau {{tahun_berikut}} untuk {}; tahun lain hanya wajar dalam sitasi peraturan (\"Nomor … Tahun …\")",
                tahun + 1
            )),
        );
    }
}

fn split_paragraphs(teks: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in teks.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.trim().to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jenis {
    Teks,
    Butir,
    Angka,
    Huruf,
}

/// Recognises a list marker at the start of a line; returns its kind, its number and the rest.
fn penanda(line: &str) -> (Jenis, usize, &str) {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("• ")) {
        return (Jenis::Butir, 0, rest);
    }
    let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty()
        && let Some(rest) = line[digits.len()..].strip_prefix(". ")
    {
        return (Jenis::Angka, digits.parse().unwrap_or(1), rest);
    }
    let mut chars = line.chars();
    if let (Some(c), Some('.'), Some(' ')) = (chars.next(), chars.next(), chars.next())
        && c.is_ascii_lowercase()
    {
        return (Jenis::Huruf, (c as u8 - b'a' + 1) as usize, &line[3..]);
    }
    (Jenis::Teks, 0, line)
}

/// Appends a continuation line to a paragraph or item.
fn sambung(target: Option<&mut String>, rest: &str) {
    if let Some(t) = target {
        if !t.is_empty() {
            t.push(' ');
        }
        t.push_str(rest);
    }
}

struct Ctx<'a> {
    refs: &'a Referensi,
    kunci: &'a str,
    lap: &'a mut Temuan,
    ditahan: Vec<&'static str>,
}

/// Reference families whose workbook had an error: their names may be missing
/// only because of it, so an unknown name there is not reported again.
fn ditahan(lap: &Temuan) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (berkas, awalan) in [
        ("aset.", &["aset."][..]),
        ("pegawai.", &["asn."][..]),
        ("anggaran.", &["anggaran.", "sasaran.", "kinerja."][..]),
        (
            "kinerja.",
            &["iku.", "sasaran.", "kinerja.", "survei.", "ip_asn."][..],
        ),
    ] {
        if lap.ada_galat_di(berkas) {
            out.extend_from_slice(awalan);
        }
    }
    out
}

impl Ctx<'_> {
    fn blok(&mut self, lines: &[String]) -> String {
        // Group lines into runs: text lines join into one paragraph; list items
        // of one kind form one list; a text line after an item continues it;
        // lettered items right after a numbered or bullet item nest inside it.
        let mut parts: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut items: Vec<(String, Vec<String>)> = Vec::new();
        let mut kind = Jenis::Teks;
        let mut start = 1;
        for line in lines {
            let (k, n, rest) = penanda(line);
            if k == Jenis::Teks {
                match items.last_mut() {
                    Some((_, sub)) if !sub.is_empty() => sambung(sub.last_mut(), rest),
                    Some((item, _)) => sambung(Some(item), rest),
                    None => sambung(Some(&mut text), rest),
                }
                continue;
            }
            if !text.is_empty() {
                parts.push(self.inline(&text));
                text.clear();
            }
            if k == Jenis::Huruf
                && matches!(kind, Jenis::Angka | Jenis::Butir)
                && let Some((_, sub)) = items.last_mut()
            {
                sub.push(rest.to_string());
                continue;
            }
            if k != kind && !items.is_empty() {
                parts.push(self.daftar(kind, start, &items));
                items.clear();
            }
            if items.is_empty() {
                start = n.max(1);
            }
            kind = k;
            items.push((rest.to_string(), Vec::new()));
        }
        if !items.is_empty() {
            parts.push(self.daftar(kind, start, &items));
        }
        if !text.is_empty() {
            parts.push(self.inline(&text));
        }
        parts.join("\n")
    }

    fn daftar(&mut self, kind: Jenis, start: usize, items: &[(String, Vec<String>)]) -> String {
        let body: Vec<String> = items
            .iter()
            .map(|(item, sub)| {
                let mut cell = self.inline(item);
                if !sub.is_empty() {
                    let subs: Vec<String> = sub
                        .iter()
                        .map(|s| format!("[{}]", self.inline(s)))
                        .collect();
                    cell.push_str(&format!("\n#enum(numbering: \"a.\", {})", subs.join(", ")));
                }
                format!("[{cell}]")
            })
            .collect();
        match kind {
            Jenis::Butir => format!("#list({})", body.join(", ")),
            Jenis::Angka => format!(
                "#enum(numbering: \"1.\", start: {start}, {})",
                body.join(", ")
            ),
            _ => format!(
                "#enum(numbering: \"a.\", start: {start}, {})",
                body.join(", ")
            ),
        }
    }

    fn inline(&mut self, s: &str) -> String {
        let mut out = String::new();
        let mut buf = String::new();
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            if let Some(inner_rest) = rest.strip_prefix("**")
                && let Some(j) = inner_rest.find("**")
                && j > 0
            {
                out.push_str(&esc(&std::mem::take(&mut buf)));
                let inner = self.inline(&inner_rest[..j]);
                out.push_str(&format!("#strong[{inner}]"));
                i += 2 + j + 2;
                continue;
            }
            if let Some(inner_rest) = rest.strip_prefix('*')
                && !inner_rest.starts_with('*')
                && !inner_rest.starts_with(char::is_whitespace)
                && let Some(j) = inner_rest.find('*')
                && j > 0
            {
                out.push_str(&esc(&std::mem::take(&mut buf)));
                let inner = self.inline(&inner_rest[..j]);
                out.push_str(&format!("#emph[{inner}]"));
                i += 1 + j + 1;
                continue;
            }
            if let Some(name_rest) = rest.strip_prefix('{') {
                let name: String = name_rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                if !name.is_empty()
                    && name_rest[name.len()..].starts_with('}')
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    out.push_str(&esc(&std::mem::take(&mut buf)));
                    out.push_str(&esc(&self.rujuk(&name)));
                    i += 1 + name.len() + 1;
                    continue;
                }
            }
            let ch = rest.chars().next().unwrap_or(' ');
            buf.push(ch);
            i += ch.len_utf8();
        }
        out.push_str(&esc(&buf));
        out
    }

    fn rujuk(&mut self, name: &str) -> String {
        if let Some(v) = self.refs.get(name) {
            return v.clone();
        }
        if self.ditahan.iter().any(|p| name.starts_with(p)) {
            return format!("{{{name}}}");
        }
        let mut best: Vec<&String> = Vec::new();
        let mut best_len = 0;
        for k in self.refs.keys() {
            let common = k
                .chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            if common > best_len {
                best_len = common;
                best = vec![k];
            } else if common == best_len && common > 0 {
                best.push(k);
            }
        }
        let saran = if best.is_empty() || best_len < 3 {
            "lihat daftar nama rujukan di docs/yaml.md".to_string()
        } else {
            format!(
                "mungkin maksudnya: {}",
                best.iter()
                    .take(4)
                    .map(|s| format!("{{{s}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, self.kunci)),
            format!("rujukan {{{name}}} tidak dikenal"),
            Some(saran),
        );
        format!("{{{name}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output without the soft hyphens of [`crate::pemenggalan`].
    fn tanpa_tanda(s: &str) -> String {
        s.replace(crate::pemenggalan::TANDA, "")
    }

    fn refs() -> Referensi {
        let mut r = Referensi::new();
        r.insert("anggaran.serapan".into(), "93,35".into());
        r.insert("aset.jumlah".into(), "220".into());
        r
    }

    #[test]
    fn captions_get_references_and_nothing_else() {
        let mut lap = Temuan::default();
        let out = isi_rujukan("Aset {aset.jumlah} *unit* {x y} #[", &refs(), "t", &mut lap);
        assert_eq!(out, "Aset 220 *unit* {x y} #[");
        assert!(!lap.ada_galat());
        isi_rujukan("{aset.jumlh}", &refs(), "tabel[0].judul", &mut lap);
        assert!(lap.ada_galat());
    }

    #[test]
    fn references_and_emphasis() {
        let mut lap = Temuan::default();
        let out = ke_typst(
            "Serapan **{anggaran.serapan}%** dan *miring*.",
            &refs(),
            "x",
            &mut lap,
        );
        assert_eq!(
            tanpa_tanda(&out),
            "Serapan #strong[93,35%] dan #emph[miring]\\."
        );
        assert!(!lap.ada_galat());
    }

    #[test]
    fn punctuation_after_emphasis_is_kept() {
        let mut lap = Temuan::default();
        let out = ke_typst("**Sangat Tinggi**; 3 dari 3", &refs(), "x", &mut lap);
        assert_eq!(tanpa_tanda(&out), "#strong[Sangat Tinggi]\\; 3 dari 3");
    }

    #[test]
    fn template_and_typst_syntax_is_literal() {
        let mut lap = Temuan::default();
        let out = ke_typst(
            "{{ aset.jumlah }} #pagebreak() { x }",
            &refs(),
            "x",
            &mut lap,
        );
        assert_eq!(
            tanpa_tanda(&out),
            "\\{\\{ aset\\.jumlah \\}\\} \\#pagebreak\\(\\) \\{ x \\}"
        );
        assert!(!lap.ada_galat());
    }

    #[test]
    fn unknown_reference_is_an_error_with_a_suggestion() {
        let mut lap = Temuan::default();
        ke_typst("{anggaran.serap}", &refs(), "penutup", &mut lap);
        let d = &lap.daftar[0];
        assert_eq!(
            d.lokasi.as_ref().unwrap().to_string(),
            "lapkin.yaml › penutup"
        );
        assert!(d.pesan.contains("{anggaran.serap}"));
        assert!(d.saran.as_ref().unwrap().contains("{anggaran.serapan}"));
    }

    #[test]
    fn stray_years_are_reported_and_citations_are_not() {
        let mut r = refs();
        r.insert("tahun".into(), "2024".into());
        let mut lap = Temuan::default();
        ke_typst(
            "Undang-Undang Nomor 22 Tahun 1999; RPJMD 2019-2023; pada 2024 dan 2025; diharapkan pada Tahun 2021 semua ASN.",
            &r,
            "penutup",
            &mut lap,
        );
        assert_eq!(lap.daftar.len(), 1, "{lap}");
        assert!(lap.daftar[0].pesan.contains("tahun 2021"));
    }

    #[test]
    fn paragraphs_and_lists() {
        let mut lap = Temuan::default();
        let out = ke_typst(
            "Awal\nlanjut\n\n1. satu\n2. dua\nlanjutan\n- a\n\na. x\nb. y",
            &refs(),
            "x",
            &mut lap,
        );
        assert_eq!(
            tanpa_tanda(&out),
            "Awal lanjut\n\n#enum(numbering: \"1.\", start: 1, [satu], [dua lanjutan])\n#list([a])\n\n#enum(numbering: \"a.\", start: 1, [x], [y])"
        );
    }
}
