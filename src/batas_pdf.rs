//! Bounds on a PDF's structure, checked before lopdf parses it (`verify`,
//! `dari_pdf`, the revision check).
//!
//! lopdf parses nested arrays and dictionaries recursively, and inflates
//! every object stream (`/Type /ObjStm`) and cross-reference stream
//! (`/Type /XRef`) as it loads a file, without a limit: `[[[[…` a million
//! deep overflows the stack (the process dies, no message), and a 3 MB file
//! may hold an object stream that inflates to gigabytes. [`periksa`] walks the
//! raw bytes once — strings and stream data skipped — counting nesting, and
//! inflates those two kinds of streams itself, counting and stopping at
//! [`MAKS_ALIRAN_OBJEK`], then counts the nesting inside them too.

use anyhow::{Result, bail};

/// Deepest nesting of arrays and dictionaries accepted (a PDF lapkin writes
/// nests fewer than 10 deep).
pub const MAKS_BERSARANG: usize = 64;

/// Largest total of a PDF's object and cross-reference streams, once
/// inflated. lapkin writes none; a PDF re-saved or signed by another program
/// holds a few MB in them even for hundreds of pages.
pub const MAKS_ALIRAN_OBJEK: u64 = 20_000_000;

/// Checks `pdf` against [`MAKS_BERSARANG`] and [`MAKS_ALIRAN_OBJEK`]; the
/// error is a sentence in Bahasa Indonesia.
pub fn periksa(pdf: &[u8]) -> Result<()> {
    let mut sisa = MAKS_ALIRAN_OBJEK;
    let mut i = 0;
    let mut dalam = 0usize;
    // Start of the outermost dictionary being read: a stream's dictionary.
    let mut awal_kamus = None;
    while i < pdf.len() {
        match pdf[i] {
            b'%' => i = akhir_baris(pdf, i),
            b'(' => i = akhir_teks(pdf, i).unwrap_or(pdf.len()),
            b'<' if pdf.get(i + 1) == Some(&b'<') => {
                if dalam == 0 {
                    awal_kamus = Some(i);
                }
                dalam += 1;
                i += 2;
            }
            b'<' => {
                i = pdf[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(pdf.len(), |p| i + p + 1)
            }
            b'[' => {
                dalam += 1;
                i += 1;
            }
            b']' => {
                dalam = dalam.saturating_sub(1);
                i += 1;
            }
            b'>' if pdf.get(i + 1) == Some(&b'>') => {
                dalam = dalam.saturating_sub(1);
                i += 2;
            }
            // The keyword `stream`, right after a dictionary (not a name
            // such as `/stream`, nor `endstream`).
            b's' if pdf[i..].starts_with(b"stream") && sesudah_kamus(pdf, i) => {
                let mulai = i + 6;
                let data_mulai = match (pdf.get(mulai), pdf.get(mulai + 1)) {
                    (Some(b'\r'), Some(b'\n')) => mulai + 2,
                    (Some(b'\n' | b'\r'), _) => mulai + 1,
                    _ => {
                        i = mulai;
                        continue;
                    }
                };
                let akhir =
                    cari(&pdf[data_mulai..], b"endstream").map_or(pdf.len(), |p| data_mulai + p);
                if let Some(k) = awal_kamus.take() {
                    let kamus = &pdf[k..i];
                    if ada(kamus, b"/ObjStm") || ada(kamus, b"/XRef") {
                        periksa_aliran(kamus, &pdf[data_mulai..akhir], &mut sisa)?;
                    }
                }
                i = akhir + 9;
                dalam = 0;
            }
            // The keyword `obj` after `n g`, not inside a name.
            b'o' if pdf[i..].starts_with(b"obj")
                && i >= 2
                && pdf[i - 1].is_ascii_whitespace()
                && pdf[i - 2].is_ascii_digit() =>
            {
                // A new object: nesting left open by a broken one ends here.
                dalam = 0;
                awal_kamus = None;
                i += 3;
            }
            _ => i += 1,
        }
        if dalam > MAKS_BERSARANG {
            bail!(
                "struktur PDF bersarang lebih dari {MAKS_BERSARANG} tingkat (larik atau kamus di dalam larik atau kamus); PDF ini bukan buatan lapkin atau sudah dirusak"
            );
        }
    }
    Ok(())
}

/// An object or cross-reference stream: inflated within what is left of
/// [`MAKS_ALIRAN_OBJEK`], and the objects inside checked for nesting.
fn periksa_aliran(kamus: &[u8], data: &[u8], sisa: &mut u64) -> Result<()> {
    use std::io::Read;
    let isi = if ada(kamus, b"/Filter") {
        if !ada(kamus, b"/FlateDecode") || ada(kamus, b"/LZW") || ada(kamus, b"/DecodeParms [") {
            // lopdf would decode these too, without a limit; lapkin writes FlateDecode only.
            bail!(
                "aliran objek PDF memakai penyandian selain FlateDecode; PDF ini bukan buatan lapkin"
            );
        }
        let mut keluar = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .take(*sisa + 1)
            .read_to_end(&mut keluar)
            .ok();
        keluar
    } else {
        data.to_vec()
    };
    if isi.len() as u64 > *sisa {
        bail!(
            "aliran objek PDF mengembang lebih dari {} MB setelah dibuka; PDF ini bukan buatan lapkin atau sudah dirusak",
            MAKS_ALIRAN_OBJEK / 1_000_000
        );
    }
    *sisa -= isi.len() as u64;
    if ada(kamus, b"/ObjStm") {
        // The objects of an object stream: no streams inside, only nesting.
        periksa(&isi)?;
    }
    Ok(())
}

/// Whether the last non-blank bytes before `i` close a dictionary.
fn sesudah_kamus(pdf: &[u8], i: usize) -> bool {
    let sebelum = &pdf[..i];
    let akhir = sebelum
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    sebelum[..akhir].ends_with(b">>")
}

fn ada(teks: &[u8], pola: &[u8]) -> bool {
    cari(teks, pola).is_some()
}

/// Where `pola` first occurs in `teks`.
pub(crate) fn cari(teks: &[u8], pola: &[u8]) -> Option<usize> {
    teks.windows(pola.len()).position(|w| w == pola)
}

fn akhir_baris(pdf: &[u8], i: usize) -> usize {
    pdf[i..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(pdf.len(), |p| i + p + 1)
}

/// The byte after the literal string `( … )` that starts at `i`, with nested
/// brackets and escapes; `None` when it is not closed.
pub(crate) fn akhir_teks(pdf: &[u8], mut i: usize) -> Option<usize> {
    let mut dalam = 0usize;
    while i < pdf.len() {
        match pdf[i] {
            b'\\' => i += 1,
            b'(' => dalam += 1,
            b')' => {
                dalam -= 1;
                if dalam == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(isi: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(isi).unwrap();
        z.finish().unwrap()
    }

    fn objstm(isi: &[u8]) -> Vec<u8> {
        let data = zlib(isi);
        let mut pdf = format!(
            "%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1000000000 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        pdf.extend(data);
        pdf.extend(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn pdf_wajar_diterima() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Kids [ [ 1 2 ] << /A (te(k)s \\) [[[[) >> ] >>\nendobj\n2 0 obj\n<< /Length 5 >>\nstream\n[[[[[\nendstream\nendobj\n";
        periksa(pdf).unwrap();
        periksa(&objstm(b"2 0 [[1]] << /A [ 1 ] >>")).unwrap();
    }

    #[test]
    fn bersarang_dalam_ditolak_juga_di_dalam_aliran_objek() {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        pdf.extend(std::iter::repeat_n(b'[', 1_000_000));
        let e = periksa(&pdf).unwrap_err().to_string();
        assert!(e.contains("bersarang lebih dari 64 tingkat"), "{e}");
        // Names that look like keywords do not end the count.
        let mut pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        for _ in 0..40 {
            pdf.extend(b"[[ /obj /stream\nendstream ");
        }
        assert!(periksa(&pdf).is_err());
        let dalam: Vec<u8> = b"2 0 "
            .iter()
            .copied()
            .chain(std::iter::repeat_n(b'<', 200_000))
            .collect();
        let e = periksa(&objstm(&dalam)).unwrap_err().to_string();
        assert!(e.contains("bersarang"), "{e}");
    }

    #[test]
    fn aliran_objek_yang_mengembang_ditolak() {
        // 25 MB of spaces, about 25 KB compressed.
        let e = periksa(&objstm(&vec![b' '; 25_000_000]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("mengembang lebih dari 20 MB"), "{e}");
        periksa(&objstm(&vec![b' '; 19_000_000])).unwrap();
    }
}
