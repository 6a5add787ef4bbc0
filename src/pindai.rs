//! A bounded pre-scan of `.xls` and `.ods` workbooks, before calamine opens
//! them.
//!
//! calamine reads an `.xlsx` sheet cell by cell ([`crate::sheet`] stops at
//! the first cell beyond the limits), but it reads every sheet of an `.xls`
//! or `.ods` at once into dense tables as it opens the file: an `.xls`
//! reserves room for the rows × columns its `DIMENSIONS` record declares, and
//! an `.ods` repeats a cell as often as `number-columns-repeated` and
//! `number-rows-repeated` say (a few bytes can ask for a million rows). This
//! module walks the same records without keeping any cell, and refuses the
//! workbook with the sheet's name when a declared or actual extent passes
//! [`MAKS_BARIS`], [`MAKS_KOLOM`] or [`MAKS_SEL`] — the same limits and
//! messages as `.xlsx`.

use std::io::Cursor;

use crate::sheet::{MAKS_BARIS, MAKS_KOLOM, MAKS_SEL, di_luar_batas, terlalu_besar};

/// A refusal: the sheet's name (when known), the message and the hint.
pub type Tolak = (Option<String>, String, String);

/// The rectangle the content of one sheet spans so far, checked as it grows.
#[derive(Default)]
struct Bentang {
    baris: Option<(u64, u64)>,
    kolom: Option<(u64, u64)>,
}

impl Bentang {
    /// Adds the cells from (`b0`, `k0`) to (`b1`, `k1`) inclusive, zero-based;
    /// the refusal when they pass a limit.
    fn tambah(&mut self, b0: u64, k0: u64, b1: u64, k1: u64) -> Result<(), (String, String)> {
        if b1 >= u64::from(MAKS_BARIS) || k1 >= u64::from(MAKS_KOLOM) {
            // The first cell beyond the limits, as the user would find it.
            let b = if b1 >= u64::from(MAKS_BARIS) {
                b0.max(u64::from(MAKS_BARIS))
            } else {
                b0
            };
            let k = if k1 >= u64::from(MAKS_KOLOM) {
                k0.max(u64::from(MAKS_KOLOM))
            } else {
                k0
            };
            let sempit = |v: u64| v.min(u64::from(u32::MAX - 1)) as u32;
            return Err(di_luar_batas(sempit(b), sempit(k)));
        }
        let baris = self.baris.map_or((b0, b1), |(a, z)| (a.min(b0), z.max(b1)));
        let kolom = self.kolom.map_or((k0, k1), |(a, z)| (a.min(k0), z.max(k1)));
        let (nb, nk) = (baris.1 - baris.0 + 1, kolom.1 - kolom.0 + 1);
        if nb.saturating_mul(nk) > MAKS_SEL {
            return Err(terlalu_besar(nb, nk));
        }
        self.baris = Some(baris);
        self.kolom = Some(kolom);
        Ok(())
    }
}

// ---------------------------------------------------------------- .ods

/// Checks every table of an `.ods` (a zip whose size [`crate::sheet`]
/// already bounded) by streaming its `content.xml`; nothing is kept but
/// counters. A file calamine would refuse anyway passes through, so its own
/// message is given.
pub fn ods(isi: &[u8]) -> Result<(), Tolak> {
    use quick_xml::events::{BytesStart, Event};
    let Ok(mut arsip) = zip::ZipArchive::new(Cursor::new(isi)) else {
        return Ok(());
    };
    let Ok(konten) = arsip.by_name("content.xml") else {
        return Ok(());
    };
    let mut r = quick_xml::Reader::from_reader(std::io::BufReader::new(konten));
    r.config_mut().check_end_names = false;
    let angka = |e: &BytesStart, nama: &str| -> u64 {
        e.try_get_attribute(nama)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let mut buf = Vec::new();
    let mut lembar: Option<String> = None;
    let mut bentang = Bentang::default();
    // Next row and column of the table being read, and the repeat count of
    // the current row.
    let (mut baris, mut kolom, mut ulang_baris) = (0u64, 0u64, 1u64);
    // calamine first keeps every row element's cells up to its last filled
    // one (repeats expanded later): their sum, the widest, and the rows.
    let (mut tampung, mut lebar_baris, mut lebar, mut baris_xml) = (0u64, 0u64, 0u64, 0u64);
    loop {
        let ev = match r.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(ev) => ev,
        };
        let (e, kosong) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        baris = baris.saturating_add(ulang_baris);
                        if lebar_baris > 0 {
                            tampung += lebar_baris;
                            baris_xml += 1;
                            lebar = lebar.max(lebar_baris);
                            if tampung > MAKS_SEL {
                                let nama = lembar.clone().filter(|n| !n.is_empty());
                                let (pesan, saran) = terlalu_besar(baris_xml, lebar);
                                return Err((nama, pesan, saran));
                            }
                        }
                    }
                    "table:table" => lembar = None,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                lembar = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .or(Some(String::new()));
                bentang = Bentang::default();
                (tampung, lebar, baris_xml) = (0, 0, 0);
                baris = 0;
            }
            "table:table-row" if lembar.is_some() => {
                kolom = 0;
                lebar_baris = 0;
                ulang_baris = angka(e, "table:number-rows-repeated").max(1);
                if kosong {
                    baris = baris.saturating_add(ulang_baris);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if lembar.is_some() => {
                let ulang = angka(e, "table:number-columns-repeated").max(1);
                // A cell with a value, a formula or any content is counted
                // (calamine may still find it empty: counting it is the safe side).
                let berisi = !kosong
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some()
                    || e.try_get_attribute("table:formula")
                        .ok()
                        .flatten()
                        .is_some();
                if berisi {
                    let b1 = baris.saturating_add(ulang_baris - 1);
                    let k1 = kolom.saturating_add(ulang - 1);
                    if let Err((pesan, saran)) = bentang.tambah(baris, kolom, b1, k1) {
                        let nama = lembar.clone().filter(|n| !n.is_empty());
                        return Err((nama, pesan, saran));
                    }
                    lebar_baris = k1 + 1;
                }
                kolom = kolom.saturating_add(ulang);
            }
            _ => {}
        }
        buf.clear();
    }
}

// ---------------------------------------------------------------- .xls

/// Checks every sheet of an `.xls` (a compound file): its `DIMENSIONS`
/// record and the position of every cell record, within the limits. A file
/// whose container or records cannot be followed passes through, so that
/// calamine gives its own message.
pub fn xls(isi: &[u8]) -> Result<(), Tolak> {
    let Some(aliran) = aliran_buku(isi) else {
        return Ok(());
    };
    // The globals substream: the sheets' names and offsets.
    let mut lembar = Vec::new();
    for (jenis, data) in Rekaman::dari(&aliran) {
        match jenis {
            0x0085 if data.len() >= 8 => {
                let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                lembar.push((pos, nama_lembar(&data[6..])));
            }
            0x000A => break,
            _ => {}
        }
    }
    for (pos, nama) in lembar {
        let Some(bagian) = aliran.get(pos..) else {
            continue;
        };
        periksa_lembar_xls(bagian).map_err(|(pesan, saran)| (Some(nama), pesan, saran))?;
    }
    Ok(())
}

fn periksa_lembar_xls(bagian: &[u8]) -> Result<(), (String, String)> {
    let u16_di = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_di = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let mut bentang = Bentang::default();
    let (mut bof, mut dalam) = (false, 0usize);
    for (jenis, data) in Rekaman::dari(bagian) {
        if dalam > 0 {
            match jenis {
                0x0809 => dalam += 1,
                0x000A => dalam -= 1,
                _ => {}
            }
            continue;
        }
        match jenis {
            0x0809 if bof => dalam += 1,
            0x0809 => bof = true,
            0x000A => break,
            // DIMENSIONS: calamine reserves room for all of it.
            0x0200 => {
                let (b0, b1, k0, k1) = match data.len() {
                    10 => (
                        u16_di(data, 0),
                        u16_di(data, 2),
                        u16_di(data, 4),
                        u16_di(data, 6),
                    ),
                    14 | 16 => (
                        u32_di(data, 0),
                        u32_di(data, 4),
                        u16_di(data, 8),
                        u16_di(data, 10),
                    ),
                    _ => continue,
                };
                let (Some(b0), Some(b1), Some(mut k0), Some(k1)) = (b0, b1, k0, k1) else {
                    continue;
                };
                if k0 > 0xFF || k1 < k0 {
                    k0 = 0;
                }
                // The record's last row and column are one past the end.
                if b1 >= 1 && k1 >= 1 && b1 > b0 {
                    Bentang::default().tambah(b0, k0, b1 - 1, (k1 - 1).max(k0))?;
                }
            }
            // Cell records: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                if let (Some(b), Some(k)) = (u16_di(data, 0), u16_di(data, 2)) {
                    bentang.tambah(b, k, b, k)?;
                }
            }
            // MULRK / MULBLANK: a run of columns in one row, the last column at the end.
            0x00BD | 0x00BE if data.len() >= 6 => {
                if let (Some(b), Some(k0), Some(k1)) = (
                    u16_di(data, 0),
                    u16_di(data, 2),
                    u16_di(data, data.len() - 2),
                ) {
                    bentang.tambah(b, k0, b, k1.max(k0))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A sheet name from a BOUNDSHEET record's `cch`, `fHighByte` and characters.
fn nama_lembar(d: &[u8]) -> String {
    let Some((&cch, sisa)) = d.split_first() else {
        return String::new();
    };
    let cch = usize::from(cch);
    match sisa.split_first() {
        Some((&1, s)) => {
            let unit: Vec<u16> = s
                .chunks_exact(2)
                .take(cch)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&unit)
        }
        Some((&0, s)) => s.iter().take(cch).map(|&b| char::from(b)).collect(),
        // BIFF5: no high-byte flag.
        _ => sisa.iter().take(cch).map(|&b| char::from(b)).collect(),
    }
}

/// BIFF records: (type, data), stopping at the first one cut short.
struct Rekaman<'a> {
    sisa: &'a [u8],
}

impl<'a> Rekaman<'a> {
    fn dari(aliran: &'a [u8]) -> Self {
        Rekaman { sisa: aliran }
    }
}

impl<'a> Iterator for Rekaman<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let kepala = self.sisa.get(..4)?;
        let jenis = u16::from_le_bytes([kepala[0], kepala[1]]);
        let n = usize::from(u16::from_le_bytes([kepala[2], kepala[3]]));
        let data = self.sisa.get(4..4 + n)?;
        self.sisa = &self.sisa[4 + n..];
        Some((jenis, data))
    }
}

/// The `Workbook` (or BIFF5 `Book`) stream of a compound file, read through
/// its sector chains with every index and length checked against the file:
/// never longer than the file itself.
fn aliran_buku(isi: &[u8]) -> Option<Vec<u8>> {
    const TANDA: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if isi.get(..8)? != TANDA {
        return None;
    }
    let u16_di = |i: usize| isi.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_di = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let geser = u32::from(u16_di(0x1E)?);
    let geser_mini = u32::from(u16_di(0x20)?);
    if !(7..=16).contains(&geser) || geser_mini > geser {
        return None;
    }
    let ukuran = 1usize << geser;
    let sektor = |n: u32| -> Option<&[u8]> {
        let mulai = (n as usize).checked_add(1)?.checked_mul(ukuran)?;
        isi.get(mulai..mulai.checked_add(ukuran)?)
    };
    // The FAT: its sectors listed in the header, then in the DIFAT chain.
    let mut sektor_fat: Vec<u32> = (0..109).filter_map(|i| u32_di(isi, 0x4C + 4 * i)).collect();
    let mut difat = u32_di(isi, 0x44)?;
    let mut langkah = 0;
    while difat < 0xFFFF_FFFA && langkah < isi.len() / ukuran + 1 {
        let s = sektor(difat)?;
        let n = ukuran / 4 - 1;
        sektor_fat.extend((0..n).filter_map(|i| u32_di(s, 4 * i)));
        difat = u32_di(s, 4 * n)?;
        langkah += 1;
    }
    let jumlah_fat = u32_di(isi, 0x2C)? as usize;
    let mut fat: Vec<u32> = Vec::new();
    for &s in sektor_fat.iter().take(jumlah_fat) {
        if s >= 0xFFFF_FFFA {
            continue;
        }
        let d = sektor(s)?;
        fat.extend(
            d.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    // A chain of sectors, every sector at most once.
    let rantai = |tabel: &[u32], mut n: u32| -> Vec<u32> {
        let mut hasil = Vec::new();
        while (n as usize) < tabel.len() && hasil.len() < tabel.len() {
            hasil.push(n);
            n = tabel[n as usize];
        }
        hasil
    };
    let baca = |mulai: u32| -> Vec<u8> {
        rantai(&fat, mulai)
            .into_iter()
            .filter_map(sektor)
            .flatten()
            .copied()
            .collect()
    };
    let direktori = baca(u32_di(isi, 0x30)?);
    let mut akar = None;
    let mut buku = None;
    for e in direktori.chunks_exact(128) {
        let panjang = usize::from(u16::from_le_bytes([e[64], e[65]])).min(64);
        let unit: Vec<u16> = e[..panjang]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&c| c != 0)
            .collect();
        let nama = String::from_utf16_lossy(&unit);
        let mulai = u32_di(e, 116)?;
        let besar = u32_di(e, 120)? as usize;
        match e[66] {
            5 => akar = Some((mulai, besar)),
            2 if buku.is_none() && (nama == "Workbook" || nama == "Book") => {
                buku = Some((mulai, besar))
            }
            _ => {}
        }
    }
    let (mulai, besar) = buku?;
    let besar = besar.min(isi.len());
    let batas_mini = u32_di(isi, 0x38)? as usize;
    let mut aliran = if besar < batas_mini {
        // A small stream lives in the mini stream, in 64-byte sectors.
        let (akar_mulai, _) = akar?;
        let mini = baca(akar_mulai);
        let minifat: Vec<u32> = baca(u32_di(isi, 0x3C)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let kecil = 1usize << geser_mini;
        rantai(&minifat, mulai)
            .into_iter()
            .filter_map(|n| mini.get(n as usize * kecil..(n as usize + 1) * kecil))
            .flatten()
            .copied()
            .collect()
    } else {
        baca(mulai)
    };
    aliran.truncate(besar);
    Some(aliran)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bentang_menolak_di_luar_batas_dan_terlalu_luas() {
        let mut b = Bentang::default();
        assert!(b.tambah(0, 0, 10, 5).is_ok());
        let (pesan, _) = b.tambah(0, 0, 0, 16383).unwrap_err();
        assert!(pesan.contains("di sel CW1,"), "{pesan}");
        let (pesan, _) = Bentang::default().tambah(5, 0, u64::MAX, 0).unwrap_err();
        assert!(pesan.contains("di sel A300001,"), "{pesan}");
        let mut b = Bentang::default();
        b.tambah(0, 0, 0, 0).unwrap();
        let (pesan, _) = b.tambah(200_000, 99, 200_000, 99).unwrap_err();
        assert!(pesan.contains("200.001 baris × 100 kolom"), "{pesan}");
    }

    const XLS: &[u8] = include_bytes!("../tests/data/raksasa/dimensi-raksasa.xls");
    const ODS_BARIS: &[u8] = include_bytes!("../tests/data/raksasa/baris-berulang.ods");
    const ODS_KOLOM: &[u8] = include_bytes!("../tests/data/raksasa/kolom-berulang.ods");

    fn baca_calamine<R: calamine::Reader<std::io::Cursor<Vec<u8>>>>(
        isi: Vec<u8>,
    ) -> Vec<Vec<String>>
    where
        R::Error: std::fmt::Debug,
    {
        let mut buku = R::new(std::io::Cursor::new(isi)).unwrap();
        let r = buku.worksheet_range("Aset").unwrap();
        r.rows()
            .map(|b| b.iter().map(crate::sheet::teks_data).collect())
            .collect()
    }

    #[test]
    fn xls_dengan_dimensi_raksasa_ditolak_sebelum_calamine() {
        let (lembar, pesan, _) = xls(XLS).unwrap_err();
        assert_eq!(lembar.as_deref(), Some("Aset"));
        assert!(pesan.contains("di sel A300001,"), "{pesan}");
        // The same file with a sane DIMENSIONS (2 rows × 2 columns) is a real
        // workbook calamine reads: the fixture is what it claims to be.
        let mut waras = XLS.to_vec();
        let i = waras
            .windows(4)
            .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
            .unwrap();
        waras[i + 8..i + 12].copy_from_slice(&2u32.to_le_bytes());
        assert!(xls(&waras).is_ok());
        let sel = baca_calamine::<calamine::Xls<_>>(waras);
        assert_eq!(sel, vec![vec!["1", ""], vec!["", "2"]]);
    }

    #[test]
    fn ods_dengan_ulangan_raksasa_ditolak_sebelum_calamine() {
        let (lembar, pesan, _) = ods(ODS_BARIS).unwrap_err();
        assert_eq!(lembar.as_deref(), Some("Aset"));
        assert!(pesan.contains("di sel A300001,"), "{pesan}");
        let (_, pesan, _) = ods(ODS_KOLOM).unwrap_err();
        assert!(pesan.contains("di sel CW2,"), "{pesan}");
        // Content only in column CV, row after row: within the rectangle
        // (one column) but calamine would keep 100 cells per row first.
        let sel = r#"<table:table-row><table:table-cell table:number-columns-repeated="99"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
        let sempit = ubah_zip(ODS_BARIS, &baris_berulang_xml(), &sel.repeat(40_001));
        let (_, pesan, _) = ods(&sempit).unwrap_err();
        assert!(pesan.contains("40.001 baris × 100 kolom"), "{pesan}");
        // Three repeats instead of a million: read as four rows.
        let waras = ubah_zip(ODS_BARIS, "1000000", "3");
        assert!(ods(&waras).is_ok());
        let sel = baca_calamine::<calamine::Ods<_>>(waras);
        assert_eq!(sel.len(), 4);
        assert_eq!(sel[3], vec!["1"]);
        // 100 columns (A to CV) are within the limits.
        let lebar = ubah_zip(ODS_KOLOM, "16384", "100");
        assert!(ods(&lebar).is_ok());
        let sel = baca_calamine::<calamine::Ods<_>>(lebar);
        assert_eq!(sel[1].iter().filter(|t| *t == "1").count(), 100);
    }

    /// The repeated row of `baris-berulang.ods`, as written there.
    fn baris_berulang_xml() -> String {
        use std::io::Read;
        let mut a = zip::ZipArchive::new(Cursor::new(ODS_BARIS)).unwrap();
        let mut teks = String::new();
        a.by_name("content.xml")
            .unwrap()
            .read_to_string(&mut teks)
            .unwrap();
        let i = teks
            .find("<table:table-row table:number-rows-repeated")
            .unwrap();
        let j = teks[i..].find("</table:table-row>").unwrap() + i + "</table:table-row>".len();
        teks[i..j].to_string()
    }

    /// The `.ods` with one text replaced in its `content.xml`.
    fn ubah_zip(isi: &[u8], cari: &str, ganti: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut a = zip::ZipArchive::new(Cursor::new(isi)).unwrap();
        let mut keluar = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..a.len() {
            let mut f = a.by_index(i).unwrap();
            let mut teks = String::new();
            f.read_to_string(&mut teks).unwrap();
            keluar
                .start_file(
                    f.name().unwrap().to_string(),
                    zip::write::SimpleFileOptions::default(),
                )
                .unwrap();
            keluar
                .write_all(teks.replace(cari, ganti).as_bytes())
                .unwrap();
        }
        keluar.finish().unwrap().into_inner()
    }

    #[test]
    fn berkas_yang_bukan_wadah_dilewatkan() {
        assert!(xls(b"bukan xls").is_ok());
        assert!(ods(b"PK\x03\x04 rusak").is_ok());
        assert_eq!(nama_lembar(&[3, 0, b'A', b'B', b'C']), "ABC");
        assert_eq!(nama_lembar(&[2, 1, b'A', 0, b'B', 0]), "AB");
    }
}

#[cfg(test)]
mod uji_calamine {
    /// calamine panics (an index past a sector's end) on some truncated
    /// `.xls` files; [`crate::sheet::BukuKerja::buka`] reports them as
    /// unreadable instead.
    #[test]
    fn xls_terpotong_tidak_membuat_panik() {
        let asli = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/xls/aset.xls"
        ))
        .unwrap();
        let mut panik = 0;
        for potong in [1usize, 3, 513, 1027, 4099, 6001, 9000] {
            let isi = &asli[..asli.len() - potong];
            if !calamine_panik(isi) {
                continue;
            }
            panik += 1;
            let b = crate::masukan::Berkas {
                nama: "aset.xls".into(),
                isi: isi.to_vec().into(),
            };
            let mut lap = crate::diag::Temuan::default();
            assert!(crate::sheet::BukuKerja::buka(&b, None, &mut lap).is_none());
            let t = lap.to_string();
            assert!(
                t.contains("galat: aset.xls: buku kerja tidak dapat dibaca (strukturnya rusak)"),
                "{t}"
            );
        }
        assert!(panik > 0, "tidak ada potongan yang membuat calamine panik");
    }

    fn calamine_panik(isi: &[u8]) -> bool {
        use calamine::Reader;
        let isi = isi.to_vec();
        std::panic::catch_unwind(move || {
            let _ = calamine::Xls::new(std::io::Cursor::new(isi));
        })
        .is_err()
    }
}
