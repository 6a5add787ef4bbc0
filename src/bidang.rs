//! The report's signature field: one unsigned PDF signature field (`/FT
//! /Sig`, named [`NAMA_BIDANG`]) placed over the head's signature space in
//! the signature block that `penandatanganan.tempat_tte` names, so a TTE
//! application puts its stamp there and `lapkin sign` fills the same field.
//!
//! Typst has no form fields. The template marks the signature space with two
//! zero-size metadata elements (`<lapkin-tte-awal>` at its top left,
//! `<lapkin-tte-akhir>` at its bottom right, see `templates/gaya.typ`); the
//! compiled document's introspector gives their page and position
//! ([`cari_tempat`]). [`sisipkan`] then rewrites the PDF Typst wrote — one
//! revision, its objects copied byte for byte — adding:
//!
//! - the field merged with its widget annotation (`/Subtype /Widget`, `/F 4`
//!   print, `/P` its page, `/Rect` the signature space, `/TU` the name a
//!   screen reader speaks, `/AP /N` an empty form XObject so the unsigned
//!   PDF prints exactly as before);
//! - `/AcroForm << /Fields [..] /SigFlags 1 >>` in the catalog, the widget
//!   in its page's `/Annots`;
//! - for PDF/UA-1 a `/Form` structure element holding the widget (an `/OBJR`
//!   kid), placed in reading order after the signature block, the widget's
//!   `/StructParent` entry in the `/ParentTree` and `/ParentTreeNextKey`
//!   moved on (pages already carry `/Tabs /S`).
//!
//! Nothing depends on a clock or a hash order: the same Typst output gives
//! the same bytes. The cost is one pass over the file (a few milliseconds).

use anyhow::{Context, Result, bail};
use typst::foundations::{Label, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The signature field's name (`/T`), the same in every report.
pub const NAMA_BIDANG: &str = "TTD_Pimpinan";

/// Where the signature field goes.
#[derive(Debug, Clone, PartialEq)]
pub struct TempatBidang {
    /// Page number, from 1.
    pub halaman: usize,
    /// The rectangle in PDF coordinates (points from the page's bottom
    /// left): x1, y1, x2, y2.
    pub rect: [f64; 4],
    /// The field's description (`/TU`), e.g. "Tanda tangan elektronik
    /// Kepala Badan …, NAMA".
    pub keterangan: String,
}

/// The signature space the template marked, or `None` when the document has
/// no marked block (e.g. the regency summary).
pub fn cari_tempat(doc: &PagedDocument) -> Result<Option<TempatBidang>> {
    let intro = doc.introspector();
    let cari = |nama: &str| {
        let label = Label::new(PicoStr::intern(nama)).expect("label tetap sah");
        match Introspector::label_count(intro.as_ref(), label) {
            0 => Ok(None),
            1 => {
                let elem = Introspector::query_label(intro.as_ref(), label)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                let pos = elem
                    .location()
                    .and_then(|l| intro.as_ref().position(l))
                    .with_context(|| format!("posisi <{nama}> tidak diketahui"))?;
                let nilai = elem
                    .to_packed::<MetadataElem>()
                    .map(|m| m.value.clone())
                    .unwrap_or(Value::None);
                Ok(Some((pos.page.get(), pos.point, nilai)))
            }
            n => bail!(
                "templat menandai ruang tanda tangan elektronik {n} kali (<{nama}>); seharusnya sekali"
            ),
        }
    };
    let (Some((hal, awal, ket)), Some((hal2, akhir, _))) =
        (cari("lapkin-tte-awal")?, cari("lapkin-tte-akhir")?)
    else {
        return Ok(None);
    };
    if hal != hal2 || akhir.x <= awal.x || akhir.y <= awal.y {
        bail!("ruang tanda tangan elektronik terpotong antarhalaman atau kosong di templat");
    }
    let tinggi = doc
        .pages()
        .get(hal - 1)
        .map(|p| p.frame.height().to_pt())
        .context("halaman ruang tanda tangan tidak ada")?;
    let keterangan = match ket {
        Value::Content(c) => c.plain_text().to_string(),
        Value::Str(s) => s.to_string(),
        _ => "Tanda tangan elektronik".to_string(),
    };
    Ok(Some(TempatBidang {
        halaman: hal,
        rect: [
            bulat(awal.x.to_pt()),
            bulat(tinggi - akhir.y.to_pt()),
            bulat(akhir.x.to_pt()),
            bulat(tinggi - awal.y.to_pt()),
        ],
        keterangan: keterangan
            .replace('\u{ad}', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }))
}

/// Adds the unsigned signature field at `tempat` to `pdf` (one revision as
/// typst-pdf writes it: a classic cross-reference table, uncompressed
/// dictionaries, a tagged structure tree). Errors name what was not as
/// expected; they mean the Typst version changed how it writes PDFs.
pub fn sisipkan(pdf: &[u8], tempat: &TempatBidang) -> Result<Vec<u8>> {
    let berkas = Berkas::baca(pdf)?;
    let mut ubah: Vec<(u32, Vec<u8>)> = Vec::new();
    let ukuran = berkas.ukuran;
    let (id_bidang, id_tampilan, id_form) = (ukuran, ukuran + 1, ukuran + 2);

    // Catalog: the AcroForm.
    let id_katalog = berkas
        .rujukan_di(berkas.trailer, b"Root")
        .context("trailer tanpa /Root")?;
    let katalog = berkas.kamus_objek(id_katalog)?;
    if berkas.nilai(katalog, b"AcroForm").is_some() {
        bail!("PDF dari Typst sudah memuat /AcroForm");
    }
    let mut teks_katalog = berkas.isi(id_katalog)?.to_vec();
    sisip_setelah_pembuka(
        &mut teks_katalog,
        format!("/AcroForm<</Fields[{id_bidang} 0 R]/SigFlags 1>>").as_bytes(),
    )?;
    ubah.push((id_katalog, teks_katalog));

    // The page and its annotations.
    let id_pages = berkas
        .rujukan_di(katalog, b"Pages")
        .context("katalog tanpa /Pages")?;
    let mut halaman = Vec::new();
    berkas.daftar_halaman(id_pages, &mut halaman, 0)?;
    let id_halaman = *halaman
        .get(tempat.halaman - 1)
        .with_context(|| format!("halaman {} tidak ada di PDF", tempat.halaman))?;
    let kamus_halaman = berkas.kamus_objek(id_halaman)?;
    let mut teks_halaman = berkas.isi(id_halaman)?.to_vec();
    let ref_bidang = format!(" {id_bidang} 0 R");
    match berkas.nilai(kamus_halaman, b"Annots") {
        Some(n) if pdf[n.0] == b'[' => {
            // Inline array: before its closing bracket.
            let tutup = n.1 - 1 - berkas.mulai_isi(id_halaman)?;
            teks_halaman.splice(tutup..tutup, ref_bidang.bytes());
        }
        Some(n) => {
            let id_annots = rujukan(&pdf[n.0..n.1]).context("/Annots bukan larik")?;
            let mut larik = berkas.isi(id_annots)?.to_vec();
            let tutup = larik
                .iter()
                .rposition(|&c| c == b']')
                .context("/Annots bukan larik")?;
            larik.splice(tutup..tutup, ref_bidang.bytes());
            ubah.push((id_annots, larik));
        }
        None => sisip_setelah_pembuka(
            &mut teks_halaman,
            format!("/Annots[{id_bidang} 0 R]").as_bytes(),
        )?,
    }
    if berkas.nilai(kamus_halaman, b"Tabs").is_none() {
        sisip_setelah_pembuka(&mut teks_halaman, b"/Tabs/S")?;
    }
    ubah.push((id_halaman, teks_halaman));

    // Structure: the Form element, the parent tree.
    let id_akar = berkas
        .rujukan_di(katalog, b"StructTreeRoot")
        .context("PDF tanpa pohon struktur (/StructTreeRoot)")?;
    let akar = berkas.kamus_objek(id_akar)?;
    let mut teks_akar = berkas.isi(id_akar)?.to_vec();
    let mulai_akar = berkas.mulai_isi(id_akar)?;
    let pohon = berkas
        .nilai(akar, b"ParentTree")
        .context("pohon struktur tanpa /ParentTree")?;
    let (id_pohon, kamus_pohon) = if pdf[pohon.0] == b'<' {
        (id_akar, pohon.0)
    } else {
        let id = rujukan(&pdf[pohon.0..pohon.1]).context("/ParentTree tidak sah")?;
        (id, berkas.kamus_objek(id)?)
    };
    let nums = berkas
        .nilai(kamus_pohon, b"Nums")
        .context("/ParentTree tanpa /Nums (pohon bertingkat tidak didukung)")?;
    let kunci_terbesar = angka_genap(&pdf[nums.0..nums.1]);
    let kunci = match berkas.nilai(akar, b"ParentTreeNextKey") {
        Some(n) => std::str::from_utf8(&pdf[n.0..n.1])
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .context("/ParentTreeNextKey tidak sah")?,
        None => 0,
    }
    .max(kunci_terbesar.map_or(0, |k| k + 1));
    // Edits inside the root's text, from the back so offsets stay valid.
    let mut suntingan: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let entri = format!(" {kunci} {id_form} 0 R");
    if id_pohon == id_akar {
        suntingan.push((nums.1 - 1, nums.1 - 1, entri.into_bytes()));
    } else {
        let mut t = berkas.isi(id_pohon)?.to_vec();
        let tutup = nums.1 - 1 - berkas.mulai_isi(id_pohon)?;
        t.splice(tutup..tutup, entri.bytes());
        ubah.push((id_pohon, t));
    }
    match berkas.nilai(akar, b"ParentTreeNextKey") {
        Some(n) => suntingan.push((n.0, n.1, (kunci + 1).to_string().into_bytes())),
        None => suntingan.push((
            akar + 2,
            akar + 2,
            format!("/ParentTreeNextKey {}", kunci + 1).into_bytes(),
        )),
    }
    // The Form element's parent: the root's only child (Typst's Document),
    // else the root itself; in reading order after the last child that lies
    // on the signature page.
    let k_akar = berkas
        .nilai(akar, b"K")
        .context("pohon struktur tanpa /K")?;
    let anak_akar = daftar_rujukan(&pdf[k_akar.0..k_akar.1]);
    let id_induk = match anak_akar.as_slice() {
        [satu] => *satu,
        _ => id_akar,
    };
    // An edit of a /K value (absolute offsets): the Form element after the
    // last child on the signature page, else at the end.
    let sunting_k = |k: (usize, usize)| -> (usize, usize, Vec<u8>) {
        let r = format!(" {id_form} 0 R");
        if pdf[k.0] != b'[' {
            // A single kid: make it an array.
            let isi = format!("[{}{r}]", String::from_utf8_lossy(&pdf[k.0..k.1]));
            return (k.0, k.1, isi.into_bytes());
        }
        let setelah = daftar_rujukan_letak(&pdf[k.0..k.1])
            .into_iter()
            .filter(|(id, _)| {
                berkas
                    .kamus_objek(*id)
                    .ok()
                    .and_then(|d| berkas.rujukan_di(d, b"Pg"))
                    == Some(id_halaman)
            })
            .map(|(_, akhir)| k.0 + akhir)
            .next_back();
        let pos = setelah.unwrap_or(k.1 - 1);
        (pos, pos, r.into_bytes())
    };
    let terapkan = |teks: &mut Vec<u8>, mulai: usize, mut s: Vec<(usize, usize, Vec<u8>)>| {
        s.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (a, b, isi) in s {
            teks.splice(a - mulai..b - mulai, isi);
        }
    };
    if id_induk == id_akar {
        suntingan.push(sunting_k(k_akar));
        terapkan(&mut teks_akar, mulai_akar, suntingan);
        ubah.push((id_akar, teks_akar));
    } else {
        terapkan(&mut teks_akar, mulai_akar, suntingan);
        ubah.push((id_akar, teks_akar));
        let induk = berkas.kamus_objek(id_induk)?;
        let k = berkas
            .nilai(induk, b"K")
            .context("elemen Document tanpa /K")?;
        let mut t = berkas.isi(id_induk)?.to_vec();
        terapkan(&mut t, berkas.mulai_isi(id_induk)?, vec![sunting_k(k)]);
        ubah.push((id_induk, t));
    }

    // The new objects.
    let [x1, y1, x2, y2] = tempat.rect;
    let (l, t) = (bulat(x2 - x1), bulat(y2 - y1));
    let tu = teks_pdf(&tempat.keterangan);
    let baru = vec![
        (
            id_bidang,
            format!(
                "<</Type/Annot/Subtype/Widget/FT/Sig/T({NAMA_BIDANG})/TU{tu}/F 4/P {id_halaman} 0 R\
                 /Rect[{} {} {} {}]/AP<</N {id_tampilan} 0 R>>/StructParent {kunci}>>",
                angka(x1),
                angka(y1),
                angka(x2),
                angka(y2)
            )
            .into_bytes(),
        ),
        (
            id_tampilan,
            format!(
                "<</Type/XObject/Subtype/Form/BBox[0 0 {} {}]/Resources<<>>/Length 0>>\nstream\n\nendstream",
                angka(l),
                angka(t)
            )
            .into_bytes(),
        ),
        (
            id_form,
            format!(
                "<</Type/StructElem/S/Form/P {id_induk} 0 R/Pg {id_halaman} 0 R/Alt{tu}\
                 /K<</Type/OBJR/Obj {id_bidang} 0 R/Pg {id_halaman} 0 R>>>>"
            )
            .into_bytes(),
        ),
    ];
    berkas.tulis(&ubah, &baru)
}

/// A one-revision PDF: where each object starts, the trailer.
struct Berkas<'a> {
    b: &'a [u8],
    /// Offset of `N 0 obj` for each object number (`None`: free).
    letak: Vec<Option<usize>>,
    /// `/Size` of the trailer.
    ukuran: u32,
    /// Offset of the trailer dictionary (`<<`).
    trailer: usize,
    /// Offset of the `xref` keyword.
    xref: usize,
}

impl<'a> Berkas<'a> {
    fn baca(b: &'a [u8]) -> Result<Berkas<'a>> {
        let ekor = &b[b.len().saturating_sub(64)..];
        let sx = crate::batas_pdf::cari(ekor, b"startxref").context("PDF tanpa startxref")?;
        let xref: usize = std::str::from_utf8(&ekor[sx + 9..])
            .ok()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .context("startxref tidak sah")?;
        if !b.get(xref..).is_some_and(|s| s.starts_with(b"xref")) {
            bail!("PDF tanpa tabel xref biasa (aliran xref tidak didukung)");
        }
        let mut i = xref + 4;
        let mut letak: Vec<Option<usize>> = Vec::new();
        let token = |i: &mut usize| -> &'a [u8] {
            *i = lewati(b, *i);
            let a = *i;
            while *i < b.len() && !pemisah(b[*i]) && !spasi(b[*i]) {
                *i += 1;
            }
            &b[a..*i]
        };
        let bil = |t: &[u8]| -> Result<usize> {
            std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.parse().ok())
                .context("tabel xref tidak sah")
        };
        loop {
            let t = token(&mut i);
            if t == b"trailer" {
                break;
            }
            let awal = bil(t)?;
            let n = bil(token(&mut i))?;
            if letak.len() < awal + n {
                letak.resize(awal + n, None);
            }
            for k in 0..n {
                let off = bil(token(&mut i))?;
                let _gen = token(&mut i);
                if token(&mut i) == b"n" {
                    letak[awal + k] = Some(off);
                }
            }
        }
        let trailer = lewati(b, i);
        let mut berkas = Berkas {
            b,
            letak,
            ukuran: 0,
            trailer,
            xref,
        };
        let size = berkas
            .nilai(trailer, b"Size")
            .and_then(|n| std::str::from_utf8(&b[n.0..n.1]).ok()?.parse().ok())
            .context("trailer tanpa /Size")?;
        berkas.ukuran = size;
        if berkas.nilai(trailer, b"Prev").is_some() {
            bail!("PDF sudah memiliki pembaruan bertahap");
        }
        Ok(berkas)
    }

    /// The value span of object `id` (after `N G obj`).
    fn rentang_isi(&self, id: u32) -> Result<(usize, usize)> {
        let off = self
            .letak
            .get(id as usize)
            .copied()
            .flatten()
            .with_context(|| format!("objek {id} tidak ada"))?;
        let kepala = format!("{id} 0 obj");
        if !self.b[off..].starts_with(kepala.as_bytes()) {
            bail!("objek {id} tidak berada di tempat yang disebut xref");
        }
        let a = lewati(self.b, off + kepala.len());
        Ok((a, akhir_nilai(self.b, a)?))
    }

    fn mulai_isi(&self, id: u32) -> Result<usize> {
        Ok(self.rentang_isi(id)?.0)
    }

    fn isi(&self, id: u32) -> Result<&'a [u8]> {
        let (a, z) = self.rentang_isi(id)?;
        Ok(&self.b[a..z])
    }

    /// The start of object `id`'s dictionary.
    fn kamus_objek(&self, id: u32) -> Result<usize> {
        let (a, _) = self.rentang_isi(id)?;
        if !self.b[a..].starts_with(b"<<") {
            bail!("objek {id} bukan kamus");
        }
        Ok(a)
    }

    /// The value span of `kunci` in the dictionary starting at `kamus`.
    fn nilai(&self, kamus: usize, kunci: &[u8]) -> Option<(usize, usize)> {
        let b = self.b;
        if !b[kamus..].starts_with(b"<<") {
            return None;
        }
        let mut i = kamus + 2;
        loop {
            i = lewati(b, i);
            if b.get(i..)?.starts_with(b">>") || i >= b.len() {
                return None;
            }
            let k_akhir = akhir_nilai(b, i).ok()?;
            let nama = &b[i..k_akhir];
            let v = lewati(b, k_akhir);
            let v_akhir = akhir_nilai(b, v).ok()?;
            if nama.first() == Some(&b'/') && &nama[1..] == kunci {
                return Some((v, v_akhir));
            }
            i = v_akhir;
        }
    }

    fn rujukan_di(&self, kamus: usize, kunci: &[u8]) -> Option<u32> {
        self.nilai(kamus, kunci)
            .and_then(|(a, z)| rujukan(&self.b[a..z]))
    }

    /// The pages under the page-tree node `id`, in order.
    fn daftar_halaman(&self, id: u32, keluar: &mut Vec<u32>, dalam: usize) -> Result<()> {
        if dalam > 32 {
            bail!("pohon halaman terlalu dalam");
        }
        let d = self.kamus_objek(id)?;
        match self.nilai(d, b"Kids") {
            Some((a, z)) => {
                for anak in daftar_rujukan(&self.b[a..z]) {
                    self.daftar_halaman(anak, keluar, dalam + 1)?;
                }
            }
            None => keluar.push(id),
        }
        Ok(())
    }

    /// The file with objects `ubah` replaced (their value text) and `baru`
    /// added (numbered from [`Berkas::ukuran`] on), a new xref table and
    /// trailer. Unchanged objects keep their bytes.
    fn tulis(&self, ubah: &[(u32, Vec<u8>)], baru: &[(u32, Vec<u8>)]) -> Result<Vec<u8>> {
        let b = self.b;
        let mut urut: Vec<(usize, u32)> = self
            .letak
            .iter()
            .enumerate()
            .filter_map(|(n, o)| o.map(|o| (o, n as u32)))
            .collect();
        urut.sort_unstable();
        let ukuran_baru = self.ukuran + baru.len() as u32;
        let mut letak_baru: Vec<Option<usize>> = vec![None; ukuran_baru as usize];
        let mut keluar = Vec::with_capacity(b.len() + 4096);
        let pertama = urut.first().map_or(self.xref, |u| u.0);
        keluar.extend_from_slice(&b[..pertama]);
        for (k, &(off, n)) in urut.iter().enumerate() {
            let akhir = urut.get(k + 1).map_or(self.xref, |u| u.0);
            letak_baru[n as usize] = Some(keluar.len());
            match ubah.iter().find(|(id, _)| *id == n) {
                Some((_, teks)) => {
                    keluar.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
                    keluar.extend_from_slice(teks);
                    keluar.extend_from_slice(b"\nendobj\n");
                }
                None => keluar.extend_from_slice(&b[off..akhir]),
            }
        }
        for (n, teks) in baru {
            letak_baru[*n as usize] = Some(keluar.len());
            keluar.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
            keluar.extend_from_slice(teks);
            keluar.extend_from_slice(b"\nendobj\n");
        }
        let xref = keluar.len();
        keluar.extend_from_slice(format!("xref\n0 {ukuran_baru}\n").as_bytes());
        for (n, l) in letak_baru.iter().enumerate() {
            let baris = match l {
                Some(o) => format!("{o:010} 00000 n\r\n"),
                None if n == 0 => "0000000000 65535 f\r\n".to_string(),
                None => "0000000000 00000 f\r\n".to_string(),
            };
            keluar.extend_from_slice(baris.as_bytes());
        }
        let (sa, sz) = self
            .nilai(self.trailer, b"Size")
            .context("trailer tanpa /Size")?;
        let tz = akhir_nilai(b, self.trailer)?;
        keluar.extend_from_slice(b"trailer\n");
        keluar.extend_from_slice(&b[self.trailer..sa]);
        keluar.extend_from_slice(ukuran_baru.to_string().as_bytes());
        keluar.extend_from_slice(&b[sz..tz]);
        keluar.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF").as_bytes());
        Ok(keluar)
    }
}

fn spasi(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn pemisah(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Skips white space and comments.
fn lewati(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if spasi(b[i]) {
            i += 1;
        } else if b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// The end of the PDF value starting at `i` (a reference `N G R` is one
/// value).
fn akhir_nilai(b: &[u8], i: usize) -> Result<usize> {
    let rusak = || anyhow::anyhow!("objek PDF tidak sah di posisi {i}");
    match b.get(i).ok_or_else(rusak)? {
        b'<' if b.get(i + 1) == Some(&b'<') => {
            let mut j = i + 2;
            loop {
                j = lewati(b, j);
                if b.get(j..).ok_or_else(rusak)?.starts_with(b">>") {
                    return Ok(j + 2);
                }
                if j >= b.len() {
                    return Err(rusak());
                }
                j = akhir_nilai(b, j)?;
            }
        }
        b'[' => {
            let mut j = i + 1;
            loop {
                j = lewati(b, j);
                match b.get(j) {
                    Some(b']') => return Ok(j + 1),
                    Some(_) => j = akhir_nilai(b, j)?,
                    None => return Err(rusak()),
                }
            }
        }
        b'<' => {
            let z = b[i..].iter().position(|&c| c == b'>').ok_or_else(rusak)?;
            Ok(i + z + 1)
        }
        b'(' => crate::batas_pdf::akhir_teks(b, i).ok_or_else(rusak),
        b'/' => {
            let mut j = i + 1;
            while j < b.len() && !pemisah(b[j]) && !spasi(b[j]) {
                j += 1;
            }
            Ok(j)
        }
        _ => {
            let kata = |j: usize| {
                let mut z = j;
                while z < b.len() && !pemisah(b[z]) && !spasi(b[z]) {
                    z += 1;
                }
                z
            };
            let z = kata(i);
            if z == i {
                return Err(rusak());
            }
            // `N G R`?
            let bulat = |a: usize, z: usize| z > a && b[a..z].iter().all(u8::is_ascii_digit);
            if bulat(i, z) {
                let g = lewati(b, z);
                let gz = kata(g);
                if bulat(g, gz) {
                    let r = lewati(b, gz);
                    if b.get(r) == Some(&b'R') && kata(r) == r + 1 {
                        return Ok(r + 1);
                    }
                }
            }
            Ok(z)
        }
    }
}

/// The object number of a reference `N G R`.
fn rujukan(t: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(t).ok()?;
    let mut it = s.split_whitespace();
    let n = it.next()?.parse().ok()?;
    it.next()?.parse::<u16>().ok()?;
    (it.next()? == "R" && it.next().is_none()).then_some(n)
}

/// The references of an array (or a single reference), each with the offset
/// just after it, relative to `t`.
fn daftar_rujukan_letak(t: &[u8]) -> Vec<(u32, usize)> {
    let mut keluar = Vec::new();
    if t.first() != Some(&b'[') {
        if let Some(n) = rujukan(t) {
            keluar.push((n, t.len()));
        }
        return keluar;
    }
    let mut i = 1;
    loop {
        i = lewati(t, i);
        if i >= t.len() || t[i] == b']' {
            break;
        }
        let Ok(z) = akhir_nilai(t, i) else { break };
        if let Some(n) = rujukan(&t[i..z]) {
            keluar.push((n, z));
        }
        i = z;
    }
    keluar
}

fn daftar_rujukan(t: &[u8]) -> Vec<u32> {
    daftar_rujukan_letak(t)
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

/// The largest key of a number tree's `/Nums` array.
fn angka_genap(t: &[u8]) -> Option<u64> {
    let mut i = 1;
    let mut genap = true;
    let mut terbesar = None;
    loop {
        i = lewati(t, i);
        if i >= t.len() || t[i] == b']' {
            break;
        }
        let Ok(z) = akhir_nilai(t, i) else { break };
        if genap {
            let k = std::str::from_utf8(&t[i..z]).ok()?.parse::<u64>().ok()?;
            terbesar = terbesar.max(Some(k));
        }
        genap = !genap;
        i = z;
    }
    terbesar
}

/// Inserts `isi` right after a dictionary's opening `<<`.
fn sisip_setelah_pembuka(teks: &mut Vec<u8>, isi: &[u8]) -> Result<()> {
    if !teks.starts_with(b"<<") {
        bail!("objek bukan kamus");
    }
    teks.splice(2..2, isi.iter().copied());
    Ok(())
}

fn bulat(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A number as PDF writes it: at most three decimals, no trailing zeros.
pub(crate) fn angka(v: f64) -> String {
    let s = format!("{:.3}", bulat(v));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A PDF text string ([`crate::pembaruan::teks_pdf`]) as it is written in
/// the file.
pub(crate) fn teks_pdf(s: &str) -> String {
    let mut b = Vec::new();
    crate::pembaruan::tulis_objek(&mut b, &crate::pembaruan::teks_pdf(s));
    String::from_utf8(b).expect("string teks PDF berupa ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-revision PDF of `objek` (numbered from 1) with a classic xref
    /// table, as typst-pdf writes it.
    fn pdf_kecil(objek: &[&str]) -> Vec<u8> {
        let mut b = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut letak = Vec::new();
        for (i, o) in objek.iter().enumerate() {
            letak.push(b.len());
            b.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = b.len();
        b.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f\r\n", objek.len() + 1).as_bytes(),
        );
        for l in letak {
            b.extend_from_slice(format!("{l:010} 00000 n\r\n").as_bytes());
        }
        b.extend_from_slice(
            format!(
                "trailer\n<</Size {}/Root 1 0 R/ID[(a)(b)]>>\nstartxref\n{xref}\n%%EOF",
                objek.len() + 1
            )
            .as_bytes(),
        );
        b
    }

    const HALAMAN: [&str; 7] = [
        "<</Type/Catalog/Pages 2 0 R/StructTreeRoot 5 0 R/Lang(id-ID)>>",
        "<</Type/Pages/Count 2/Kids[3 0 R 4 0 R]>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.2756 841.8898]/StructParents 0/Tabs/S>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.2756 841.8898]/StructParents 1/Tabs/S/Annots[]>>",
        "<</Type/StructTreeRoot/K[6 0 R]/ParentTree<</Nums[0 7 0 R 1 7 0 R]>>/ParentTreeNextKey 2>>",
        "<</Type/StructElem/S/Document/P 5 0 R/K[7 0 R]>>",
        "<</Type/StructElem/S/P/P 6 0 R/Pg 4 0 R/K[0]/Alt(a >> b \\) c)>>",
    ];

    fn tempat() -> TempatBidang {
        TempatBidang {
            halaman: 2,
            rect: [252.0, 639.86, 524.409, 700.36],
            keterangan: "Tanda tangan elektronik KEPALA (DINAS), Ahmad Şahin".into(),
        }
    }

    #[test]
    fn nilai_pdf_dibaca_utuh() {
        let b = b"<</A<</B(x >> (y) \\) z)>>/C[1 0 R 2 0 R<ab>]/D 3 0 R/E 4>> sisa";
        assert_eq!(akhir_nilai(b, 0).unwrap(), b.len() - 5);
        assert_eq!(akhir_nilai(b"12 0 R]", 0).unwrap(), 6);
        assert_eq!(akhir_nilai(b"12 0]", 0).unwrap(), 2);
        assert_eq!(rujukan(b"12 0 R"), Some(12));
        assert_eq!(rujukan(b"12"), None);
        assert_eq!(daftar_rujukan(b"[1 0 R 5 7 0 R]"), [1, 7]);
        assert_eq!(angka_genap(b"[0 7 0 R 4 [1 0 R] 2 9 0 R]"), Some(4));
    }

    #[test]
    fn angka_dan_teks_pdf() {
        assert_eq!(angka(639.8604), "639.86");
        assert_eq!(angka(252.0), "252");
        assert_eq!(angka(-0.0001), "0");
        assert_eq!(teks_pdf("a (b) \\"), "(a \\(b\\) \\\\)");
        assert_eq!(teks_pdf("Ş"), "<FEFF015E>");
    }

    #[test]
    fn bidang_disisipkan_dan_terbaca_lopdf() {
        let asli = pdf_kecil(&HALAMAN);
        let baru = sisipkan(&asli, &tempat()).unwrap();
        assert_eq!(sisipkan(&asli, &tempat()).unwrap(), baru, "tetap sama");
        let doc = lopdf::Document::load_mem(&baru).unwrap();
        let katalog = doc.catalog().unwrap();
        let af = katalog.get(b"AcroForm").unwrap().as_dict().unwrap();
        assert_eq!(af.get(b"SigFlags").unwrap().as_i64().unwrap(), 1);
        let id = af.get(b"Fields").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap();
        assert_eq!(id, (8, 0), "objek baru mulai dari /Size lama");
        let w = doc.get_dictionary(id).unwrap();
        assert_eq!(
            w.get(b"T").unwrap().as_str().unwrap(),
            NAMA_BIDANG.as_bytes()
        );
        assert_eq!(w.get(b"P").unwrap().as_reference().unwrap(), (4, 0));
        assert_eq!(w.get(b"StructParent").unwrap().as_i64().unwrap(), 2);
        let tu = w.get(b"TU").unwrap().as_str().unwrap();
        assert!(
            tu.starts_with(&[0xFE, 0xFF]),
            "teks non-ASCII sebagai UTF-16BE"
        );
        let hal = doc.get_dictionary((4, 0)).unwrap();
        assert_eq!(hal.get(b"Annots").unwrap().as_array().unwrap().len(), 1);
        let akar = doc.get_dictionary((5, 0)).unwrap();
        assert_eq!(akar.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(), 3);
        let nums = akar
            .get(b"ParentTree")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"Nums")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(nums.len(), 6);
        assert_eq!(nums[5].as_reference().unwrap(), (10, 0));
        // The Form element after the paragraph on page 2.
        let k = doc
            .get_dictionary((6, 0))
            .unwrap()
            .get(b"K")
            .unwrap()
            .as_array()
            .unwrap();
        let k: Vec<_> = k.iter().map(|o| o.as_reference().unwrap()).collect();
        assert_eq!(k, [(7, 0), (10, 0)]);
        // The string with ">>" and an escaped paren survived.
        let p = doc.get_dictionary((7, 0)).unwrap();
        assert_eq!(p.get(b"Alt").unwrap().as_str().unwrap(), b"a >> b ) c");
        assert!(baru.starts_with(&asli[..asli.iter().position(|&c| c == b'1').unwrap()]));
    }

    #[test]
    fn pdf_tak_terduga_ditolak_dengan_alasan() {
        let mut tanpa_struktur = HALAMAN;
        tanpa_struktur[0] = "<</Type/Catalog/Pages 2 0 R>>";
        let e = sisipkan(&pdf_kecil(&tanpa_struktur), &tempat()).unwrap_err();
        assert!(e.to_string().contains("/StructTreeRoot"), "{e}");
        let mut berform = HALAMAN;
        berform[0] = "<</Type/Catalog/Pages 2 0 R/StructTreeRoot 5 0 R/AcroForm<<>>>>";
        let e = sisipkan(&pdf_kecil(&berform), &tempat()).unwrap_err();
        assert!(e.to_string().contains("AcroForm"), "{e}");
        let t = TempatBidang {
            halaman: 3,
            ..tempat()
        };
        let e = sisipkan(&pdf_kecil(&HALAMAN), &t).unwrap_err();
        assert!(e.to_string().contains("halaman 3"), "{e}");
        assert!(sisipkan(b"%PDF-1.7\nbukan", &tempat()).is_err());
    }
}
