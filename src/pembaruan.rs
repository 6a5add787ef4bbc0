//! Incremental updates (ISO 32000-1 §7.5.6): new and changed objects are
//! appended after the last `%%EOF`, with a classic cross-reference section
//! for just those objects and a trailer whose `/Prev` points to the previous
//! cross-reference section (table or stream). The original file stays a
//! byte-exact prefix of the result, which is what lets a signature cover it.
//!
//! The trailer carries `/Size`, `/Root`, `/Info`, `/ID` and `/Prev`, so a
//! classic section may follow a cross-reference stream (as written by
//! typst-pdf): readers merge the sections through `/Prev` (checked with
//! qpdf, poppler's pdfsig and pyHanko).
//!
//! One object may be a signature dictionary ([`pembaruan_bertahap`]'s
//! `tanda_tangan`): its `/ByteRange` is written with the final offsets and
//! its `/Contents` as a zero-filled hex placeholder, whose place is returned
//! ([`RuangTandaTangan`]) so the CMS can be put in after the bytes around it
//! are digested.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// Where a signature's `/Contents` placeholder lies in the updated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuangTandaTangan {
    /// Offset of the `<` that opens the hex string.
    pub awal: usize,
    /// Offset just after the `>` that closes it.
    pub akhir: usize,
}

impl RuangTandaTangan {
    /// The `/ByteRange` of a file of `panjang` bytes: everything but the
    /// hex string (delimiters included).
    pub fn rentang(&self, panjang: usize) -> [usize; 4] {
        [0, self.awal, self.akhir, panjang - self.akhir]
    }

    /// How many bytes of CMS fit.
    pub fn kapasitas(&self) -> usize {
        (self.akhir - self.awal - 2) / 2
    }

    /// Writes `cms` (hex, zero-padded) into the placeholder of `pdf`.
    pub fn isi(&self, pdf: &mut [u8], cms: &[u8]) -> Result<(), String> {
        if cms.len() > self.kapasitas() {
            return Err(format!(
                "tanda tangan CMS {} bita, lebih besar dari ruang {} bita",
                cms.len(),
                self.kapasitas()
            ));
        }
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        pdf[self.awal + 1..self.awal + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(())
    }
}

/// The result of [`pembaruan_bertahap`].
#[derive(Debug, Clone)]
pub struct Pembaruan {
    /// The whole updated file (the original followed by the update).
    pub pdf: Vec<u8>,
    /// The signature placeholder, when a signature dictionary was written.
    pub ruang: Option<RuangTandaTangan>,
}

/// Width of each `/ByteRange` number in the placeholder.
const LEBAR_ANGKA: usize = 10;

/// Appends an incremental update to `pdf`: every object of `objek` (new
/// ones, with numbers from [`nomor_baru`] on, and changed ones under their
/// own number and generation) followed by a cross-reference section and a
/// trailer taken from `doc` (`pdf` as loaded by lopdf: `/Root`, `/Info`,
/// `/ID`), with `/Prev` at `pdf`'s last `startxref`.
///
/// `tanda_tangan`: (the id of a signature dictionary among `objek`, the CMS
/// space in bytes). That dictionary is written with its `/ByteRange` already
/// final and a `/Contents` placeholder of that many zero bytes (any
/// `/ByteRange` or `/Contents` it has is ignored); fill it with
/// [`RuangTandaTangan::isi`] after digesting [`RuangTandaTangan::rentang`].
///
/// Encrypted PDFs are refused (their objects would have to be re-encrypted).
pub fn pembaruan_bertahap(
    pdf: &[u8],
    doc: &lopdf::Document,
    mut objek: Vec<(ObjectId, Object)>,
    tanda_tangan: Option<(ObjectId, usize)>,
) -> Result<Pembaruan, String> {
    if doc.trailer.has(b"Encrypt") {
        return Err("PDF terenkripsi tidak dapat diperbarui".into());
    }
    let prev = startxref_terakhir(pdf).ok_or("PDF tanpa startxref")?;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "PDF tanpa /Root")?;
    objek.sort_by_key(|(id, _)| *id);
    objek.dedup_by_key(|(id, _)| *id);

    let mut out = pdf.to_vec();
    if !matches!(out.last(), Some(b'\n' | b'\r')) {
        out.push(b'\n');
    }
    let mut letak = Vec::with_capacity(objek.len());
    let mut ruang = None;
    let mut tempat_rentang = None;
    for (id, o) in &objek {
        letak.push((*id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        match (tanda_tangan, o) {
            (Some((ttd, ukuran)), Object::Dictionary(d)) if ttd == *id => {
                out.extend_from_slice(b"<<");
                for (k, v) in d.iter() {
                    if k == b"ByteRange" || k == b"Contents" {
                        continue;
                    }
                    tulis_nama(&mut out, k);
                    out.push(b' ');
                    tulis_objek(&mut out, v);
                }
                out.extend_from_slice(b"/ByteRange ");
                tempat_rentang = Some(out.len());
                let kosong = format!("[0 {0} {0} {0}]", "0".repeat(LEBAR_ANGKA));
                out.extend_from_slice(kosong.as_bytes());
                out.extend_from_slice(b"/Contents ");
                let awal = out.len();
                out.push(b'<');
                out.resize(out.len() + 2 * ukuran, b'0');
                out.push(b'>');
                ruang = Some(RuangTandaTangan {
                    awal,
                    akhir: out.len(),
                });
                out.extend_from_slice(b">>");
            }
            (Some((ttd, _)), _) if ttd == *id => {
                return Err("kamus tanda tangan bukan dictionary".into());
            }
            _ => tulis_objek(&mut out, o),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    if tanda_tangan.is_some() && ruang.is_none() {
        return Err("kamus tanda tangan tidak ada di antara objek pembaruan".into());
    }

    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < letak.len() {
        let mut j = i + 1;
        while j < letak.len() && letak[j].0.0 == letak[j - 1].0.0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", letak[i].0.0, j - i).as_bytes());
        for (id, o) in &letak[i..j] {
            out.extend_from_slice(format!("{o:010} {:05} n\r\n", id.1).as_bytes());
        }
        i = j;
    }
    let ukuran = objek
        .iter()
        .map(|(id, _)| i64::from(id.0) + 1)
        .chain(doc.trailer.get(b"Size").and_then(Object::as_i64).ok())
        .max()
        .unwrap_or(1);
    let mut trailer = Dictionary::new();
    trailer.set("Size", ukuran);
    trailer.set("Root", Object::Reference(root));
    for k in [b"Info".as_slice(), b"ID"] {
        if let Ok(v) = doc.trailer.get(k) {
            trailer.set(k, v.clone());
        }
    }
    trailer.set("Prev", prev as i64);
    out.extend_from_slice(b"trailer\n");
    tulis_objek(&mut out, &Object::Dictionary(trailer));
    out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());

    if let (Some(p), Some(r)) = (tempat_rentang, ruang) {
        let [a, b, c, d] = r.rentang(out.len());
        let teks = format!("[{a} {b} {c} {d}]");
        // "[0 " + three numbers, each with its space or "]".
        let lebar = 3 + 3 * (LEBAR_ANGKA + 1);
        if teks.len() > lebar {
            return Err("PDF terlalu besar untuk ByteRange".into());
        }
        let teks = format!("{teks:<lebar$}");
        out[p..p + lebar].copy_from_slice(teks.as_bytes());
    }
    Ok(Pembaruan { pdf: out, ruang })
}

/// The first object number free after everything in `doc` (its `/Size`
/// and its highest object number): where new objects of an update start.
pub fn nomor_baru(doc: &lopdf::Document) -> u32 {
    let ukuran = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .unwrap_or(0);
    ukuran.max(doc.max_id + 1)
}

/// The offset after the last `startxref` keyword.
fn startxref_terakhir(pdf: &[u8]) -> Option<usize> {
    let kunci = b"startxref";
    let i = pdf.windows(kunci.len()).rposition(|w| w == kunci)? + kunci.len();
    let angka: String = pdf[i..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| char::from(*b))
        .collect();
    angka.parse().ok()
}

fn tulis_nama(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        let biasa = b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b);
        if biasa {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A PDF text string (ISO 32000-1 §7.9.2.2): printable ASCII as a literal
/// string, anything else as UTF-16BE with its byte order mark.
pub fn teks_pdf(s: &str) -> Object {
    if s.bytes().all(|c| (0x20..0x7f).contains(&c)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(b, StringFormat::Hexadecimal)
    }
}

/// Serialises one PDF object (ISO 32000-1 §7.3).
pub fn tulis_objek(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            let mut s = format!("{r}");
            if s.contains('.') {
                while s.ends_with('0') {
                    s.pop();
                }
                if s.ends_with('.') {
                    s.pop();
                }
            }
            out.extend_from_slice(s.as_bytes());
        }
        Object::Name(n) => tulis_nama(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                tulis_objek(out, x);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => tulis_kamus(out, d),
        Object::Stream(s) => {
            let mut d = s.dict.clone();
            d.set("Length", s.content.len() as i64);
            tulis_kamus(out, &d);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => out.extend_from_slice(format!("{} {} R", id.0, id.1).as_bytes()),
    }
}

fn tulis_kamus(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        tulis_nama(out, k);
        out.push(b' ');
        tulis_objek(out, v);
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
mod uji {
    use super::*;

    #[test]
    fn objek_ditulis_dengan_sintaks_pdf() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Sig".to_vec()));
        d.set(
            "Reason",
            Object::String(b"a (b) \\ c".to_vec(), StringFormat::Literal),
        );
        d.set(
            "R",
            Object::Array(vec![1.into(), Object::Real(2.5), Object::Reference((3, 0))]),
        );
        d.set("N", Object::Name(b"A B#".to_vec()));
        let mut out = Vec::new();
        tulis_objek(&mut out, &Object::Dictionary(d));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type /Sig/Reason (a \\(b\\) \\\\ c)/R [1 2.5 3 0 R]/N /A#20B#23>>"
        );
    }
}
