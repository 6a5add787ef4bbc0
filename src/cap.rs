//! The visible stamp `lapkin sign` puts into the report's signature field
//! ([`crate::bidang::NAMA_BIDANG`]): a form XObject that fills the field's
//! rectangle with a thin frame and four lines — "Ditandatangani secara
//! elektronik oleh", the signer's name, the NIP and the signing time in WIB
//! (`dd-mm-yyyy hh:mm WIB`).
//!
//! PDF/A wants every font embedded: the text is set in TeX Gyre Bonum Regular
//! (the report's own font, GUST Font License, which allows embedding),
//! carried in the binary so signing needs no fonts folder, embedded whole as
//! an OpenType font program (`/FontFile3 /Subtype /OpenType`) under a simple
//! font with `/WinAnsiEncoding` and `/Widths` read from the font with
//! ttf-parser. Characters outside WinAnsi are printed as `?`.
//!
//! [`buat_cap`] builds the objects into a lopdf [`Document`];
//! [`isi_bidang`] finds the report's unsigned signature field and fills it
//! (its `/V` and `/AP /N`), for the signer's incremental update.

use anyhow::{Context, Result, bail};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// The stamp's font program: TeX Gyre Bonum Regular (fonts/).
const HURUF: &[u8] = include_bytes!("../fonts/texgyrebonum-regular.otf");

/// What the stamp says.
#[derive(Debug, Clone)]
pub struct IsiCap {
    /// The signer's name.
    pub nama: String,
    /// The signer's NIP, grouped (`19780831 199703 1 002`), when known.
    pub nip: Option<String>,
    /// The signing time.
    pub waktu: chrono::DateTime<chrono::Utc>,
}

impl IsiCap {
    /// The stamp for a signer: the certificate's name when it has one, else
    /// the head's name from `lapkin.yaml`; the head's NIP only when the names
    /// are the same person's ([`nama_sama`]).
    pub fn untuk(
        nama_sertifikat: Option<String>,
        pimpinan: &crate::config::Pimpinan,
        waktu: chrono::DateTime<chrono::Utc>,
    ) -> IsiCap {
        let nama = nama_sertifikat
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| pimpinan.nama.clone());
        let nip = (nama_sama(&nama, &pimpinan.nama) && !pimpinan.nip.trim().is_empty())
            .then(|| crate::format::nip(&pimpinan.nip));
        IsiCap { nama, nip, waktu }
    }

    /// The stamp's lines, top to bottom.
    pub fn baris(&self) -> Vec<String> {
        let wib = self.waktu + chrono::Duration::hours(7);
        let mut b = vec![
            "Ditandatangani secara elektronik oleh".to_string(),
            self.nama.clone(),
        ];
        if let Some(nip) = &self.nip {
            b.push(format!("NIP. {nip}"));
        }
        b.push(format!("{} WIB", wib.format("%d-%m-%Y %H:%M")));
        b
    }
}

/// WinAnsiEncoding's bytes 0x80–0x9F (ISO 32000-1 Annex D).
const TINGGI: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The WinAnsiEncoding byte for a character (ISO 32000-1 Annex D), if any.
pub fn winansi(c: char) -> Option<u8> {
    let u = c as u32;
    match u {
        0x20..=0x7E => Some(u as u8),
        0xA0..=0xFF => Some(u as u8),
        _ => TINGGI.iter().find(|(_, k)| *k == c).map(|(b, _)| *b),
    }
}

/// The character a WinAnsiEncoding byte stands for.
fn karakter(b: u8) -> Option<char> {
    ((0x20..=0xFF).contains(&b) && b != 0x7F)
        .then(|| {
            if (0x80..0xA0).contains(&b) {
                TINGGI.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
            } else {
                char::from_u32(b as u32)
            }
        })
        .flatten()
}

/// The stamp font's metrics in PDF glyph space (thousandths of an em).
struct Metrik {
    /// Widths of WinAnsi codes 32..=255.
    lebar: Vec<i64>,
    nama_ps: String,
    kotak: [i64; 4],
    naik: i64,
    turun: i64,
    tinggi_kapital: i64,
}

fn metrik() -> Result<Metrik> {
    let face = ttf_parser::Face::parse(HURUF, 0).context("huruf cap tidak terbaca")?;
    let skala = 1000.0 / f64::from(face.units_per_em());
    let s = |v: i16| (f64::from(v) * skala).round() as i64;
    let lebar = (32u8..=255)
        .map(|b| {
            karakter(b)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(0, |a| (f64::from(a) * skala).round() as i64)
        })
        .collect();
    let nama_ps = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| "TeXGyreBonum-Regular".into());
    let k = face.global_bounding_box();
    Ok(Metrik {
        lebar,
        nama_ps,
        kotak: [s(k.x_min), s(k.y_min), s(k.x_max), s(k.y_max)],
        naik: s(face.ascender()),
        turun: s(face.descender()),
        tinggi_kapital: face.capital_height().map_or(700, s),
    })
}

/// A line in WinAnsi bytes (`?` for what WinAnsi lacks).
fn sandi(teks: &str) -> Vec<u8> {
    teks.chars().map(|c| winansi(c).unwrap_or(b'?')).collect()
}

/// The width of WinAnsi bytes at size 1.
fn lebar_teks(m: &Metrik, b: &[u8]) -> f64 {
    b.iter()
        .map(|&c| m.lebar[usize::from(c.max(32)) - 32] as f64 / 1000.0)
        .sum()
}

/// A PDF literal string of bytes, `(`, `)` and `\` escaped.
fn literal(b: &[u8]) -> String {
    let mut s = String::from("(");
    for &c in b {
        match c {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(c as char);
            }
            0x20..=0x7E => s.push(c as char),
            _ => s.push_str(&format!("\\{c:03o}")),
        }
    }
    s.push(')');
    s
}

/// The stamp's content stream for a `lebar` × `tinggi` box: a frame and the
/// lines centred, at the largest size up to 9 pt that fits both ways.
fn isi_tampilan(m: &Metrik, lebar: f64, tinggi: f64, baris: &[String]) -> String {
    let tepi = 3.0_f64.min(lebar / 10.0).min(tinggi / 10.0);
    let b: Vec<Vec<u8>> = baris.iter().map(|t| sandi(t)).collect();
    let terlebar = b.iter().map(|t| lebar_teks(m, t)).fold(0.0, f64::max);
    let jarak = 1.2;
    let n = b.len() as f64;
    let ukuran = 9.0_f64
        .min((lebar - 2.0 * tepi) / terlebar.max(0.01))
        .min((tinggi - 2.0 * tepi) / (n * jarak))
        .max(0.5);
    let angka = crate::bidang::angka;
    let mut s = format!(
        "q 0.3 0.3 0.3 RG 0.6 w {} {} {} {} re S Q\n",
        angka(0.3),
        angka(0.3),
        angka(lebar - 0.6),
        angka(tinggi - 0.6)
    );
    s.push_str("BT 0 g\n");
    // The block of lines centred vertically.
    let blok = n * ukuran * jarak;
    let mut y = (tinggi + blok) / 2.0 - ukuran * m.naik as f64 / 1000.0;
    for t in &b {
        let x = (lebar - lebar_teks(m, t) * ukuran) / 2.0;
        s.push_str(&format!(
            "/F1 {} Tf 1 0 0 1 {} {} Tm {} Tj\n",
            angka(ukuran),
            angka(x),
            angka(y),
            literal(t)
        ));
        y -= ukuran * jarak;
    }
    s.push_str("ET\n");
    s
}

/// Adds the stamp for a field of `lebar` × `tinggi` points to `doc`: the
/// font program, its descriptor and font dictionary, and the appearance
/// form XObject, whose id is returned. All new objects are returned too, in
/// the order added, for the incremental writer.
pub fn buat_cap(
    doc: &mut Document,
    lebar: f64,
    tinggi: f64,
    isi: &IsiCap,
) -> Result<(ObjectId, Vec<ObjectId>)> {
    if !(lebar > 1.0 && tinggi > 1.0) {
        bail!("bidang tanda tangan terlalu kecil untuk cap ({lebar} × {tinggi} pt)");
    }
    let m = metrik()?;
    let mut program = Stream::new(
        Dictionary::from_iter([("Subtype", Object::Name(b"OpenType".to_vec()))]),
        HURUF.to_vec(),
    );
    program
        .compress()
        .context("program huruf cap tidak dapat dimampatkan")?;
    let id_program = doc.add_object(program);
    let nama_ps = Object::Name(m.nama_ps.clone().into_bytes());
    let id_deskriptor = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", nama_ps.clone()),
        ("Flags", Object::Integer(32 + 2)),
        (
            "FontBBox",
            Object::Array(m.kotak.iter().map(|&v| Object::Integer(v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", Object::Integer(m.naik)),
        ("Descent", Object::Integer(m.turun)),
        ("CapHeight", Object::Integer(m.tinggi_kapital)),
        ("StemV", Object::Integer(80)),
        ("FontFile3", Object::Reference(id_program)),
    ]));
    let id_huruf = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type1".to_vec())),
        ("BaseFont", nama_ps),
        ("FirstChar", Object::Integer(32)),
        ("LastChar", Object::Integer(255)),
        (
            "Widths",
            Object::Array(m.lebar.iter().map(|&v| Object::Integer(v)).collect()),
        ),
        ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
        ("FontDescriptor", Object::Reference(id_deskriptor)),
    ]));
    let isi_aliran = isi_tampilan(&m, lebar, tinggi, &isi.baris());
    let nyata = |v: f64| Object::Real(crate::bidang::angka(v).parse().unwrap_or(0.0));
    let tampilan = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    nyata(lebar),
                    nyata(tinggi),
                ]),
            ),
            (
                "Resources",
                Object::Dictionary(Dictionary::from_iter([(
                    "Font",
                    Object::Dictionary(Dictionary::from_iter([(
                        "F1",
                        Object::Reference(id_huruf),
                    )])),
                )])),
            ),
        ]),
        isi_aliran.into_bytes(),
    );
    let id_tampilan = doc.add_object(tampilan);
    Ok((
        id_tampilan,
        vec![id_program, id_deskriptor, id_huruf, id_tampilan],
    ))
}

/// The report's signature field when it is there and still unsigned:
/// ([`crate::bidang::NAMA_BIDANG`], no `/V`).
pub fn bidang_kosong(doc: &Document) -> Option<ObjectId> {
    let katalog = doc.catalog().ok()?;
    let af = match katalog.get(b"AcroForm").ok()? {
        Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    af.get(b"Fields")
        .ok()?
        .as_array()
        .ok()?
        .iter()
        .filter_map(|f| f.as_reference().ok())
        .find(|&id| {
            doc.get_dictionary(id).is_ok_and(|d| {
                d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
                    && d.get(b"T").and_then(Object::as_str).ok()
                        == Some(crate::bidang::NAMA_BIDANG.as_bytes())
                    && d.get(b"V").is_err()
            })
        })
}

/// Fills the report's unsigned signature field with the signature
/// dictionary `id_kamus` and the visible stamp. Returns the field's id and
/// the new objects, or `None` when the PDF has no such field.
pub fn isi_bidang(
    doc: &mut Document,
    id_kamus: ObjectId,
    isi: &IsiCap,
) -> Result<Option<(ObjectId, Vec<ObjectId>)>> {
    let Some(id_bidang) = bidang_kosong(doc) else {
        return Ok(None);
    };
    let rect: Vec<f64> = doc
        .get_dictionary(id_bidang)?
        .get(b"Rect")?
        .as_array()?
        .iter()
        .map(|v| v.as_float().map(f64::from))
        .collect::<std::result::Result<_, _>>()?;
    let [x1, y1, x2, y2] = rect[..] else {
        bail!("/Rect bidang tanda tangan tidak sah");
    };
    let (id_tampilan, baru) = buat_cap(doc, (x2 - x1).abs(), (y2 - y1).abs(), isi)?;
    let bidang = doc.get_dictionary_mut(id_bidang)?;
    bidang.set("V", Object::Reference(id_kamus));
    bidang.set(
        "AP",
        Object::Dictionary(Dictionary::from_iter([(
            "N",
            Object::Reference(id_tampilan),
        )])),
    );
    Ok(Some((id_bidang, baru)))
}

/// Whether two names are the same person's: one, reduced to lower-case
/// letters and digits, begins the other (a certificate's name often lacks
/// the academic titles `lapkin.yaml` carries).
pub fn nama_sama(a: &str, b: &str) -> bool {
    let inti = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (inti(a), inti(b));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn contoh() -> IsiCap {
        IsiCap {
            nama: "MHD. ALDY RAMADHAN, S.STP, M.Si".into(),
            nip: Some("19780831 199703 1 002".into()),
            waktu: chrono::Utc.with_ymd_and_hms(2025, 1, 31, 20, 5, 0).unwrap(),
        }
    }

    #[test]
    fn baris_cap_dengan_waktu_wib() {
        assert_eq!(
            contoh().baris(),
            [
                "Ditandatangani secara elektronik oleh",
                "MHD. ALDY RAMADHAN, S.STP, M.Si",
                "NIP. 19780831 199703 1 002",
                "01-02-2025 03:05 WIB",
            ]
        );
        let tanpa_nip = IsiCap {
            nip: None,
            ..contoh()
        };
        assert_eq!(tanpa_nip.baris().len(), 3);
    }

    #[test]
    fn winansi_bolak_balik() {
        for b in 32u8..=255 {
            if let Some(c) = karakter(b) {
                assert_eq!(winansi(c), Some(b), "{c:?}");
            }
        }
        assert_eq!(winansi('é'), Some(0xE9));
        assert_eq!(winansi('–'), Some(0x96));
        assert_eq!(winansi('ş'), None);
        assert_eq!(sandi("Ş a"), b"? a");
    }

    #[test]
    fn lebar_dari_huruf_sesuai_program_huruf() {
        let m = metrik().unwrap();
        let face = ttf_parser::Face::parse(HURUF, 0).unwrap();
        let g = face.glyph_index('M').unwrap();
        let harap =
            f64::from(face.glyph_hor_advance(g).unwrap()) * 1000.0 / f64::from(face.units_per_em());
        assert_eq!(m.lebar[usize::from(b'M') - 32], harap.round() as i64);
        assert!(m.lebar[0] > 0, "spasi punya lebar");
        assert!(m.nama_ps.starts_with("TeXGyreBonum"), "{}", m.nama_ps);
    }

    #[test]
    fn teks_cap_muat_di_kotak() {
        let m = metrik().unwrap();
        for (l, t) in [(272.0, 60.0), (120.0, 40.0), (60.0, 20.0)] {
            let isi = isi_tampilan(&m, l, t, &contoh().baris());
            // Every line's width at its size lies inside the box.
            for baris in isi.lines().filter(|b| b.ends_with("Tj")) {
                let bagian: Vec<&str> = baris.split_whitespace().collect();
                let ukuran: f64 = bagian[1].parse().unwrap();
                let x: f64 = bagian[7].parse().unwrap();
                let y: f64 = bagian[8].parse().unwrap();
                let awal = baris.find('(').unwrap();
                let teks = &baris[awal + 1..baris.rfind(')').unwrap()];
                let w = lebar_teks(&m, teks.replace('\\', "").as_bytes()) * ukuran;
                assert!(x >= 0.0 && x + w <= l + 0.01, "{baris} di {l}×{t}");
                assert!(y > 0.0 && y + ukuran <= t, "{baris} di {l}×{t}");
            }
        }
    }

    #[test]
    fn cap_dibangun_dengan_huruf_tertanam() {
        let mut doc = Document::with_version("1.7");
        let (id, baru) = buat_cap(&mut doc, 200.0, 50.0, &contoh()).unwrap();
        assert_eq!(baru.len(), 4);
        let s = doc.get_object(id).unwrap().as_stream().unwrap();
        let isi = String::from_utf8_lossy(&s.content);
        assert!(isi.contains("(Ditandatangani secara elektronik oleh) Tj"));
        assert!(isi.contains("(01-02-2025 03:05 WIB) Tj"));
        let huruf = doc.get_dictionary(baru[2]).unwrap();
        let desk = doc
            .get_dictionary(
                huruf
                    .get(b"FontDescriptor")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        let program = doc
            .get_object(desk.get(b"FontFile3").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        assert_eq!(
            program.dict.get(b"Subtype").unwrap().as_name().unwrap(),
            b"OpenType"
        );
        assert_eq!(program.decompressed_content().unwrap(), HURUF);
        assert!(buat_cap(&mut doc, 0.0, 50.0, &contoh()).is_err());
    }

    #[test]
    fn nama_sertifikat_dan_yaml() {
        assert!(nama_sama(
            "MHD ALDY RAMADHAN",
            "MHD. ALDY RAMADHAN, S.STP, M.Si"
        ));
        assert!(!nama_sama(
            "Drs. Penguji TTE",
            "MHD. ALDY RAMADHAN, S.STP, M.Si"
        ));
        assert!(!nama_sama("", "X"));
    }
}
