//! Reading one table out of a worksheet, tolerantly.
//!
//! Columns are found by header text (case-, space- and punctuation-insensitive,
//! with aliases), title rows above the header and blank rows are skipped, and a
//! trailing `Jumlah`/`Total` row is kept apart so it can be checked against the
//! computed sum. Cell values become [`Decimal`]s or text here; floats exist only
//! inside [`angka_sel`].

use std::io::Cursor;
use std::str::FromStr;
use std::sync::Arc;

use calamine::{Data, Reader, Sheets};
use rust_decimal::Decimal;

use crate::diag::{Lokasi, Temuan};
use crate::format::kunci;
use crate::masukan::Berkas;
use crate::validasi::Cakupan;

/// The problem has been recorded in the [`Temuan`]; the caller only skips the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tercatat;

/// An opened workbook with the name the user knows it by.
pub struct BukuKerja<'c> {
    /// File name, e.g. `anggaran.xlsx`.
    pub nama: String,
    sheets: Sheets<Cursor<Arc<[u8]>>>,
    /// The fonts' coverage: text cells of the columns read are checked against it.
    cakupan: Option<&'c Cakupan>,
}

impl<'c> BukuKerja<'c> {
    /// Opens a workbook held in memory; records an error and returns `None`
    /// when it cannot be read. The format is taken from the name's extension,
    /// after [`periksa_jenis`] has checked that the bytes are that format.
    pub fn buka(
        berkas: &Berkas,
        cakupan: Option<&'c Cakupan>,
        lap: &mut Temuan,
    ) -> Option<BukuKerja<'c>> {
        let nama = berkas.nama.clone();
        if berkas.isi.is_empty() {
            lap.galat(
                Some(Lokasi::berkas(&nama)),
                "berkas kosong (0 bita)",
                Some("simpan ulang buku kerja dari program lembar kerja".into()),
            );
            return None;
        }
        let ext = nama
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if let Err((pesan, saran)) = periksa_jenis(&berkas.isi, &ext) {
            lap.galat(Some(Lokasi::berkas(&nama)), pesan, Some(saran));
            return None;
        }
        // calamine reads every sheet of an .xls or .ods into dense tables as it
        // opens it: the extents are checked first, without keeping any cell.
        let pindai = match ext.as_str() {
            "xls" if !berkas.isi.starts_with(b"PK") => crate::pindai::xls(&berkas.isi),
            "ods" => crate::pindai::ods(&berkas.isi),
            _ => Ok(()),
        };
        if let Err((lembar, pesan, saran)) = pindai {
            let lokasi = match &lembar {
                Some(l) => Lokasi::lembar(&nama, l),
                None => Lokasi::berkas(&nama),
            };
            lap.galat(Some(lokasi), pesan, Some(saran));
            return None;
        }
        let cursor = Cursor::new(berkas.isi.clone());
        // calamine asserts on some malformed .xls/.ods structures (found by
        // tests/sifat.rs): a panic there is a workbook that cannot be read.
        let sheets = tanpa_panik(|| match ext.as_str() {
            "xls" if berkas.isi.starts_with(b"PK") => calamine::Xlsx::new(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e| e.to_string()),
            "xls" => calamine::Xls::new(cursor)
                .map(Sheets::Xls)
                .map_err(|e| e.to_string()),
            "ods" => calamine::Ods::new(cursor)
                .map(Sheets::Ods)
                .map_err(|e| e.to_string()),
            _ => calamine::Xlsx::new(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e| e.to_string()),
        })
        .unwrap_or_else(|| Err("strukturnya rusak".into()));
        match sheets {
            Ok(sheets) => Some(BukuKerja {
                nama,
                sheets,
                cakupan,
            }),
            Err(text) => {
                let pesan = if text.to_lowercase().contains("password") {
                    "buku kerja dikunci dengan kata sandi".to_string()
                } else {
                    format!("buku kerja tidak dapat dibaca ({text})")
                };
                lap.galat(
                    Some(Lokasi::berkas(&nama)),
                    pesan,
                    Some("buka di program lembar kerja, hapus kata sandinya bila ada, lalu simpan ulang sebagai .xlsx".into()),
                );
                None
            }
        }
    }

    /// The cells of a sheet, within [`MAKS_BARIS`], [`MAKS_KOLOM`] and
    /// [`MAKS_SEL`]. An `.xlsx` sheet is streamed cell by cell and refused at
    /// the first cell beyond the limits, before anything the size of the
    /// sheet's claimed `<dimension>` is allocated (a 7 KB file with one cell
    /// at XFD1048576 asked for 17 billion cells).
    #[allow(clippy::type_complexity)]
    fn range_terbatas(
        &mut self,
        lembar: &str,
    ) -> Result<Result<calamine::Range<Data>, (String, String)>, calamine::Error> {
        let Sheets::Xlsx(x) = &mut self.sheets else {
            let sheets = &mut self.sheets;
            return match tanpa_panik(|| sheets.worksheet_range(lembar)) {
                Some(r) => r.map(Ok),
                None => Ok(Err((
                    "lembar tidak dapat dibaca (strukturnya rusak)".into(),
                    "buka di program lembar kerja lalu simpan ulang sebagai .xlsx".into(),
                ))),
            };
        };
        let mut r = x
            .worksheet_cells_reader(lembar)
            .map_err(calamine::Error::Xlsx)?;
        let mut sel = Vec::new();
        let (mut baris, mut kolom) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
        while let Some(c) = r.next_cell().map_err(calamine::Error::Xlsx)? {
            if matches!(c.get_value(), calamine::DataRef::Empty) {
                continue;
            }
            let (b, k) = c.get_position();
            if b >= MAKS_BARIS || k >= MAKS_KOLOM {
                return Ok(Err(di_luar_batas(b, k)));
            }
            baris = (baris.0.min(b), baris.1.max(b));
            kolom = (kolom.0.min(k), kolom.1.max(k));
            let luas = u64::from(baris.1 - baris.0 + 1) * u64::from(kolom.1 - kolom.0 + 1);
            if luas > MAKS_SEL {
                return Ok(Err(terlalu_besar(
                    u64::from(baris.1 - baris.0 + 1),
                    u64::from(kolom.1 - kolom.0 + 1),
                )));
            }
            sel.push(calamine::Cell::new(
                (b, k),
                Data::from(c.get_value().clone()),
            ));
        }
        Ok(Ok(calamine::Range::from_sparse(sel)))
    }

    /// The sheet called `lembar` (case and spacing aside): a visible one,
    /// the exact name first. A hidden sheet of the same name is never
    /// silently preferred: it is ignored with a warning, or, when it is the
    /// only one, read with a warning.
    fn pilih_lembar(&self, lembar: &str, lap: &mut Temuan) -> Option<String> {
        use calamine::SheetVisible;
        let meta = self.sheets.sheets_metadata();
        let cocok: Vec<&calamine::Sheet> = meta
            .iter()
            .filter(|s| kunci(&s.name) == kunci(lembar))
            .collect();
        let pilih = cocok
            .iter()
            .filter(|s| s.visible == SheetVisible::Visible)
            .min_by_key(|s| s.name != lembar)
            .or(cocok.first())?;
        for s in &cocok {
            if s.name != pilih.name {
                lap.peringatan(
                    Some(Lokasi::lembar(&self.nama, &s.name)),
                    format!(
                        "lembar tersembunyi \"{}\" diabaikan; yang dibaca lembar \"{}\"",
                        s.name, pilih.name
                    ),
                    Some("hapus lembar lama yang disembunyikan agar tidak tertukar".into()),
                );
            }
        }
        if pilih.visible != SheetVisible::Visible {
            lap.peringatan(
                Some(Lokasi::lembar(&self.nama, &pilih.name)),
                format!(
                    "lembar \"{}\" tersembunyi, tetapi dibaca karena tidak ada lembar terlihat bernama \"{lembar}\"",
                    pilih.name
                ),
                Some("tampilkan lembar itu (klik kanan tab lembar › Tampilkan) dan periksa isinya".into()),
            );
        }
        Some(pilih.name.clone())
    }

    /// Names of the sheets.
    pub fn lembar(&self) -> Vec<String> {
        self.sheets.sheet_names().to_vec()
    }

    /// Every cell of the sheet named exactly `lembar`, within the size limits;
    /// records the problem and returns `None` when it cannot be read.
    pub fn sel(&mut self, lembar: &str, lap: &mut Temuan) -> Option<calamine::Range<Data>> {
        match self.range_terbatas(lembar) {
            Ok(Ok(r)) => Some(r),
            Ok(Err((pesan, saran))) => {
                lap.galat(Some(Lokasi::lembar(&self.nama, lembar)), pesan, Some(saran));
                None
            }
            Err(e) => {
                lap.galat(
                    Some(Lokasi::lembar(&self.nama, lembar)),
                    format!("lembar tidak dapat dibaca ({e})"),
                    None,
                );
                None
            }
        }
    }

    /// Reads the table of `lembar` with the given columns; records problems and
    /// returns `None` when the sheet or a required column is missing.
    pub fn tabel(&mut self, lembar: &str, kolom: &[Kolom], lap: &mut Temuan) -> Option<Tabel> {
        let names = self.lembar();
        let Some(actual) = self.pilih_lembar(lembar, lap) else {
            lap.galat(
                Some(Lokasi::berkas(&self.nama)),
                format!("lembar \"{lembar}\" tidak ada"),
                Some(format!(
                    "lembar yang ada: {}; ganti nama lembar menjadi \"{lembar}\"",
                    names.join(", ")
                )),
            );
            return None;
        };
        let range = self.sel(&actual, lap)?;
        let t = Tabel::dari_range(&self.nama, &actual, &range, kolom, lap)?;
        if let Some(c) = self.cakupan {
            t.periksa_karakter(c, lap);
        }
        Some(t)
    }
}

/// A sheet read as it is, for a table the agency places in its report:
/// its actual name and its non-empty rows, each with its zero-based sheet row
/// and its cells from the first used column (the column is `kolom_awal`).
pub struct LembarMentah {
    /// The sheet's name as in the workbook.
    pub nama: String,
    /// Zero-based sheet column of the first cell of each row.
    pub kolom_awal: u32,
    /// Non-empty rows: zero-based sheet row and cells.
    pub baris: Vec<(u32, Vec<Data>)>,
}

impl BukuKerja<'_> {
    /// Reads a whole sheet without looking for named columns; records an
    /// error naming the sheets there are when it is missing.
    pub fn lembar_mentah(&mut self, lembar: &str, lap: &mut Temuan) -> Option<LembarMentah> {
        let names = self.lembar();
        let Some(actual) = self.pilih_lembar(lembar, lap) else {
            lap.galat(
                Some(Lokasi::berkas(&self.nama)),
                format!("lembar \"{lembar}\" tidak ada"),
                Some(format!("lembar yang ada: {}", names.join(", "))),
            );
            return None;
        };
        let range = match self.range_terbatas(&actual) {
            Ok(Ok(r)) => r,
            Ok(Err((pesan, saran))) => {
                lap.galat(
                    Some(Lokasi::lembar(&self.nama, &actual)),
                    pesan,
                    Some(saran),
                );
                return None;
            }
            Err(e) => {
                lap.galat(
                    Some(Lokasi::lembar(&self.nama, &actual)),
                    format!("lembar tidak dapat dibaca ({e})"),
                    None,
                );
                return None;
            }
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let baris = range
            .rows()
            .enumerate()
            .filter(|(_, row)| row.iter().any(|d| !teks_data(d).trim().is_empty()))
            .map(|(i, row)| (r0 + i as u32, row.to_vec()))
            .collect();
        Some(LembarMentah {
            nama: actual,
            kolom_awal: c0,
            baris,
        })
    }
}

/// Runs `f` (a call into calamine), `None` when it panics. The panic is
/// not printed: the caller reports the workbook as unreadable instead.
fn tanpa_panik<T>(f: impl FnOnce() -> T) -> Option<T> {
    use std::cell::Cell;
    thread_local! {
        static DIAM: Cell<bool> = const { Cell::new(false) };
    }
    static KAIT: std::sync::Once = std::sync::Once::new();
    KAIT.call_once(|| {
        let bawaan = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !DIAM.with(Cell::get) {
                bawaan(info);
            }
        }));
    });
    let sebelumnya = DIAM.with(|d| d.replace(true));
    let hasil = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    DIAM.with(|d| d.set(sebelumnya));
    hasil.ok()
}

/// Rows a sheet may reach (300.000): a budget of 200.000 lines fits.
pub const MAKS_BARIS: u32 = 300_000;
/// Columns a sheet may reach (100, column CV).
pub const MAKS_KOLOM: u32 = 100;
/// Cells in the rectangle a sheet's content spans (4 million, about 130 MB
/// in memory).
pub const MAKS_SEL: u64 = 4_000_000;

/// The refusal of a sheet with content at (`b`, `k`), zero-based, beyond
/// [`MAKS_BARIS`] or [`MAKS_KOLOM`]: message and hint.
pub(crate) fn di_luar_batas(b: u32, k: u32) -> (String, String) {
    (
        format!(
            "lembar berisi isi di sel {}, di luar batas yang dibaca lapkin ({} baris, {} kolom)",
            crate::diag::alamat(b, k),
            crate::format::bulat(Decimal::from(MAKS_BARIS)),
            MAKS_KOLOM
        ),
        "hapus isi sel itu dan sel lain di luar tabel (Ctrl+End menunjukkan sel terakhir yang terisi), lalu simpan".into(),
    )
}

/// The refusal of a sheet whose content spans `baris` × `kolom` cells, more
/// than [`MAKS_SEL`]: message and hint.
pub(crate) fn terlalu_besar(baris: u64, kolom: u64) -> (String, String) {
    (
        format!(
            "lembar terlalu besar: isinya membentang {} baris × {} kolom (paling banyak {} sel)",
            crate::format::bulat(Decimal::from(baris)),
            crate::format::bulat(Decimal::from(kolom)),
            crate::format::bulat(Decimal::from(MAKS_SEL))
        ),
        "simpan hanya tabel yang dibaca lapkin di lembar ini; hapus kolom dan baris lain yang terisi".into(),
    )
}

/// Largest total uncompressed size of a zipped workbook (`.xlsx`, `.ods`), in bytes.
pub const MAKS_ISI_ZIP: u64 = 300_000_000;

/// Checks that a file is what its extension says before any parser sees it:
/// an HTML page saved as `.xls`, a password-protected `.xlsx` (an OLE container),
/// or a zip that inflates beyond [`MAKS_ISI_ZIP`] is refused with a clear message,
/// in bounded time and memory.
fn periksa_jenis(isi: &[u8], ext: &str) -> Result<(), (String, String)> {
    use std::io::Read;
    let head = &isi[..isi.len().min(8)];
    let zip = head.starts_with(b"PK\x03\x04");
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if text.starts_with('<') {
        return Err((
            "berkas ini halaman HTML/XML yang diberi nama buku kerja, bukan buku kerja Excel".into(),
            "buka berkas di Excel atau LibreOffice lalu Simpan Sebagai \"Buku Kerja Excel (.xlsx)\"".into(),
        ));
    }
    match ext {
        "xlsx" | "xlsm" | "ods" if ole => {
            return Err((
                "berkas ini terkunci kata sandi (atau sebenarnya berformat .xls lama)".into(),
                "buka di Excel, hapus kata sandinya (Berkas › Info › Lindungi Buku Kerja), lalu simpan ulang sebagai .xlsx".into(),
            ));
        }
        "xlsx" | "xlsm" | "ods" if !zip => {
            return Err((
                format!("berkas ini bukan buku kerja .{ext} yang sah"),
                "simpan ulang dari program lembar kerja sebagai .xlsx".into(),
            ));
        }
        "xls" if !ole && !zip => {
            return Err((
                "berkas ini bukan buku kerja .xls yang sah".into(),
                "simpan ulang dari program lembar kerja sebagai .xlsx".into(),
            ));
        }
        _ => {}
    }
    if zip {
        let mut archive = zip::ZipArchive::new(Cursor::new(isi)).map_err(|e| {
            (
                format!("isi buku kerja rusak ({e})"),
                "simpan ulang dari program lembar kerja".to_string(),
            )
        })?;
        // Inflate every entry into a sink, counting, and stop past the limit:
        // the sizes a zip declares may lie, what comes out of it does not.
        let mut total = 0u64;
        for i in 0..archive.len() {
            let mut entry = archive
                .by_index(i)
                .map_err(|e| (format!("isi buku kerja rusak ({e})"), String::new()))?;
            let left = MAKS_ISI_ZIP.saturating_sub(total);
            let copied = std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink())
                .map_err(|e| {
                    (
                        format!("isi buku kerja rusak ({e})"),
                        "simpan ulang dari program lembar kerja".to_string(),
                    )
                })?;
            total += copied;
            if total > MAKS_ISI_ZIP {
                return Err((
                    format!(
                        "isi buku kerja terlalu besar setelah dibuka (lebih dari {} MB); berkas mungkin rusak atau berbahaya",
                        MAKS_ISI_ZIP / 1_000_000
                    ),
                    "gunakan buku kerja yang hanya berisi data laporan".into(),
                ));
            }
        }
    }
    Ok(())
}

/// A column the reader looks for.
#[derive(Debug, Clone, Copy)]
pub struct Kolom {
    /// Name the program uses, and the header in blank templates.
    pub nama: &'static str,
    /// Other accepted headers.
    pub alias: &'static [&'static str],
    /// Whether the sheet is unusable without it.
    pub wajib: bool,
}

impl Kolom {
    /// A required column.
    pub const fn wajib(nama: &'static str, alias: &'static [&'static str]) -> Kolom {
        Kolom {
            nama,
            alias,
            wajib: true,
        }
    }
    /// An optional column.
    pub const fn opsional(nama: &'static str, alias: &'static [&'static str]) -> Kolom {
        Kolom {
            nama,
            alias,
            wajib: false,
        }
    }
    fn cocok(&self, header: &str) -> bool {
        let h = normal(header);
        !h.is_empty() && (h == normal(self.nama) || self.alias.iter().any(|a| normal(a) == h))
    }
}

/// Header text reduced to letters and digits, lowercase: `"Anggaran (Rp)"` → `"anggaranrp"`.
pub fn normal(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// One data row with its zero-based sheet row.
#[derive(Debug, Clone)]
pub struct Baris {
    /// Zero-based row in the sheet.
    pub baris: u32,
    cells: Vec<Data>,
}

/// A table read from a sheet.
#[derive(Debug, Clone)]
pub struct Tabel {
    /// Workbook file name.
    pub berkas: String,
    /// Sheet name.
    pub lembar: String,
    /// Header texts by zero-based sheet column.
    pub kepala: Vec<(u32, String)>,
    /// Zero-based sheet column of each found [`Kolom`], by its `nama`.
    kolom: Vec<(&'static str, u32)>,
    /// Data rows.
    pub baris: Vec<Baris>,
    /// A trailing `Jumlah`/`Total` row typed by the user, if any.
    pub jumlah: Option<Baris>,
    origin: (u32, u32),
}

const MAKS_BARIS_JUDUL: usize = 20;

impl Tabel {
    fn dari_range(
        berkas: &str,
        lembar: &str,
        range: &calamine::Range<Data>,
        kolom: &[Kolom],
        lap: &mut Temuan,
    ) -> Option<Tabel> {
        let origin = range.start().unwrap_or((0, 0));
        let rows: Vec<&[Data]> = range.rows().collect();
        // The header row is the first of the top rows that holds every required column.
        let required: Vec<&Kolom> = kolom.iter().filter(|k| k.wajib).collect();
        let mut header_idx = None;
        let mut best = (0usize, 0usize);
        for (i, row) in rows.iter().enumerate().take(MAKS_BARIS_JUDUL) {
            let texts: Vec<String> = row.iter().map(teks_data).collect();
            let found = required
                .iter()
                .filter(|k| texts.iter().any(|t| k.cocok(t)))
                .count();
            if found > best.0 {
                best = (found, i);
            }
            if found == required.len() && found > 0 {
                header_idx = Some(i);
                break;
            }
        }
        let Some(h) = header_idx else {
            let (_, i) = best;
            let texts: Vec<String> = rows
                .get(i)
                .map(|r| r.iter().map(teks_data).collect())
                .unwrap_or_default();
            for k in &required {
                if !texts.iter().any(|t| k.cocok(t)) {
                    lap.galat(
                        Some(Lokasi::lembar(berkas, lembar)),
                        format!("kolom \"{}\" tidak ditemukan", k.nama),
                        Some(format!(
                            "tambahkan kolom dengan judul \"{}\" pada baris judul tabel{}",
                            k.nama,
                            if k.alias.is_empty() {
                                String::new()
                            } else {
                                format!(" (atau: {})", k.alias.join(", "))
                            }
                        )),
                    );
                }
            }
            return None;
        };
        let header: Vec<(u32, String)> = rows[h]
            .iter()
            .enumerate()
            .map(|(c, d)| (origin.1 + c as u32, teks_data(d).trim().to_string()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let mut found = Vec::new();
        for k in kolom {
            // The column's own name wins over an alias ("Uraian" beside "Keterangan").
            let exact: Vec<u32> = header
                .iter()
                .filter(|(_, t)| normal(t) == normal(k.nama))
                .map(|(c, _)| *c)
                .collect();
            let matches: Vec<u32> = if exact.is_empty() {
                header
                    .iter()
                    .filter(|(_, t)| k.cocok(t))
                    .map(|(c, _)| *c)
                    .collect()
            } else {
                exact
            };
            if matches.len() > 1 {
                lap.galat(
                    Some(Lokasi::sel(berkas, lembar, origin.0 + h as u32, matches[1])),
                    format!("kolom \"{}\" muncul lebih dari sekali", k.nama),
                    Some("hapus atau ganti judul salah satu kolom".into()),
                );
            }
            if let Some(c) = matches.first() {
                found.push((k.nama, *c));
            }
        }
        let mut data = Vec::new();
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            if row.iter().all(|d| teks_data(d).trim().is_empty()) {
                continue;
            }
            data.push(Baris {
                baris: origin.0 + i as u32,
                cells: row.to_vec(),
            });
        }
        let mut tabel = Tabel {
            berkas: berkas.to_string(),
            lembar: lembar.to_string(),
            kepala: header,
            kolom: found,
            baris: data,
            jumlah: None,
            origin,
        };
        // A trailing total row: one of its cells says Jumlah/Total.
        if let Some(last) = tabel.baris.last() {
            let is_total = last.cells.iter().any(|d| {
                matches!(
                    normal(&teks_data(d)).as_str(),
                    "jumlah" | "total" | "jumlahtotal" | "grandtotal" | "totaljumlah"
                )
            });
            if is_total {
                tabel.jumlah = tabel.baris.pop();
            }
        }
        Some(tabel)
    }

    /// Zero-based sheet column of a named column, when the sheet has it.
    pub fn kolom(&self, nama: &str) -> Option<u32> {
        self.kolom.iter().find(|(n, _)| *n == nama).map(|(_, c)| *c)
    }

    /// Whether the sheet has the named column.
    pub fn punya(&self, nama: &str) -> bool {
        self.kolom(nama).is_some()
    }

    fn data<'a>(&self, baris: &'a Baris, col: u32) -> &'a Data {
        static EMPTY: Data = Data::Empty;
        baris
            .cells
            .get((col - self.origin.1) as usize)
            .unwrap_or(&EMPTY)
    }

    /// Location of a cell.
    pub fn lokasi(&self, baris: &Baris, col: u32) -> Lokasi {
        Lokasi::sel(&self.berkas, &self.lembar, baris.baris, col)
    }

    /// Checks every text cell of the columns read (data and total rows)
    /// against the fonts; one error per cell holding an undrawable character.
    pub fn periksa_karakter(&self, cakupan: &Cakupan, lap: &mut Temuan) {
        for b in self.baris.iter().chain(&self.jumlah) {
            for (_, col) in &self.kolom {
                if let Data::String(s) = self.data(b, *col) {
                    cakupan.periksa(s, || self.lokasi(b, *col), lap);
                }
            }
        }
    }

    /// Location of a named column's cell in a row (the sheet when the column is absent).
    pub fn lokasi_kolom(&self, baris: &Baris, nama: &str) -> Lokasi {
        match self.kolom(nama) {
            Some(c) => self.lokasi(baris, c),
            None => Lokasi::lembar(&self.berkas, &self.lembar),
        }
    }

    /// Text of a column (empty when absent or blank), trimmed.
    pub fn teks(&self, baris: &Baris, nama: &str) -> String {
        self.kolom(nama)
            .map(|c| self.teks_di(baris, c))
            .unwrap_or_default()
    }

    /// Text of the cell at a sheet column, trimmed.
    pub fn teks_di(&self, baris: &Baris, col: u32) -> String {
        teks_data(self.data(baris, col)).trim().to_string()
    }

    /// A number from a named column: `Ok(None)` when blank; records an error and
    /// returns `Err(Tercatat)` when unreadable.
    pub fn angka(
        &self,
        baris: &Baris,
        nama: &str,
        lap: &mut Temuan,
    ) -> Result<Option<Decimal>, Tercatat> {
        match self.kolom(nama) {
            Some(c) => self.angka_di(baris, c, lap),
            None => Ok(None),
        }
    }

    /// A number from a sheet column; see [`Tabel::angka`].
    pub fn angka_di(
        &self,
        baris: &Baris,
        col: u32,
        lap: &mut Temuan,
    ) -> Result<Option<Decimal>, Tercatat> {
        match angka_sel(self.data(baris, col)) {
            Ok(v) => Ok(v),
            Err((pesan, saran)) => {
                lap.galat(Some(self.lokasi(baris, col)), pesan, saran);
                Err(Tercatat)
            }
        }
    }

    /// A required number: blank is an error too.
    pub fn angka_wajib(&self, baris: &Baris, nama: &str, lap: &mut Temuan) -> Option<Decimal> {
        match self.angka(baris, nama, lap) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                lap.galat(
                    Some(self.lokasi_kolom(baris, nama)),
                    format!("sel \"{nama}\" kosong"),
                    Some("isi dengan angka".into()),
                );
                None
            }
            Err(Tercatat) => None,
        }
    }

    /// Whether a column's cell holds a value that is not a number (for text-or-number columns).
    pub fn apakah_angka(&self, baris: &Baris, nama: &str) -> bool {
        self.kolom(nama)
            .map(|c| matches!(angka_sel(self.data(baris, c)), Ok(Some(_))))
            .unwrap_or(false)
    }
}

/// The text of any cell, as the user sees it (numbers in plain notation).
pub fn teks_data(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "BENAR" } else { "SALAH" }.to_string(),
        Data::DateTime(dt) => dt.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// A cell as a number: `Ok(None)` for blank, `Err((message, hint))` for anything unreadable.
pub fn angka_sel(d: &Data) -> Result<Option<Decimal>, (String, Option<String>)> {
    angka_sel_mentah(d).and_then(|v| v.map(dalam_batas).transpose())
}

/// Largest magnitude of a number in a cell: 100 trillion (10¹⁴), beyond any
/// agency's budget in rupiah. With at most [`DESIMAL_SEL`] decimals, no sum,
/// quotient or product lapkin computes can leave [`Decimal`]'s range.
pub const MAKS_ANGKA: Decimal = Decimal::from_parts(0x107A_4000, 0x5AF3, 0, false, 0);
/// Decimals kept of a cell's number: floating-point noise beyond them
/// (`0.1 + 0.2 − 0.3`) is dropped, so a "zero" stays zero.
pub const DESIMAL_SEL: u32 = 10;

fn dalam_batas(v: Decimal) -> Result<Decimal, (String, Option<String>)> {
    let v = v.round_dp(DESIMAL_SEL);
    if v.abs() > MAKS_ANGKA {
        return Err((
            format!(
                "angka {} terlalu besar (paling besar {})",
                crate::format::apa_adanya(v),
                crate::format::apa_adanya(MAKS_ANGKA)
            ),
            Some("periksa isi sel; mungkin tertulis beberapa angka tanpa pemisah, atau satuannya salah".into()),
        ));
    }
    Ok(v)
}

fn angka_sel_mentah(d: &Data) -> Result<Option<Decimal>, (String, Option<String>)> {
    match d {
        Data::Empty => Ok(None),
        Data::Int(i) => Ok(Some(Decimal::from(*i))),
        // The one place where a float becomes a Decimal: through its shortest
        // round-trip decimal text, so 75.44 stays 75.44.
        Data::Float(f) => Decimal::from_str(&format!("{f}"))
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .map(Some)
            .map_err(|_| (format!("angka {f} di luar jangkauan"), None)),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => angka_teks(s).map(Some),
        Data::Error(e) => Err((
            format!("sel berisi galat Excel {e}"),
            Some("perbaiki rumus di sel ini sehingga menghasilkan angka".into()),
        )),
        Data::Bool(_) => Err((
            "sel berisi nilai BENAR/SALAH, bukan angka".into(),
            Some("isi dengan angka".into()),
        )),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => Err((
            "sel berisi tanggal, bukan angka".into(),
            Some("ubah format sel menjadi Angka dan ketik ulang nilainya".into()),
        )),
    }
}

/// Digits grouped by `.` in threes with an optional `,` decimal part
/// (`5.581.000.815`, `93,35`, `1250`), or `None`.
fn bentuk_indonesia(body: &str) -> Option<Decimal> {
    let (int_part, frac_part) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int_part.split('.').collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let frac_ok = frac_part.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    if !(grouped_ok && frac_ok && !int_part.is_empty()) {
        return None;
    }
    let digits: String = int_part.chars().filter(|c| *c != '.').collect();
    let text = match frac_part {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    Decimal::from_str(&text).ok()
}

/// Parses a number typed as text in Indonesian format: `5.581.000.815`, `93,35`,
/// `Rp 1.250.000,00`, `82%`. Foreign or ambiguous text is an error with a hint.
pub fn angka_teks(raw: &str) -> Result<Decimal, (String, Option<String>)> {
    let mut s: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if let Some(rest) = s
        .strip_prefix("Rp.")
        .or_else(|| s.strip_prefix("Rp"))
        .or_else(|| s.strip_prefix("rp"))
    {
        s = rest.to_string();
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.to_string();
    }
    const GALAT_EXCEL: [&str; 8] = [
        "#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
    ];
    if let Some(e) = GALAT_EXCEL.iter().find(|e| s.eq_ignore_ascii_case(e)) {
        return Err((
            format!("sel berisi galat Excel {e}"),
            Some("perbaiki rumus di sel ini sehingga menghasilkan angka".into()),
        ));
    }
    let negative = s.starts_with('-');
    let body = s.trim_start_matches('-');
    let bad = || {
        (
            format!("\"{}\" bukan angka yang dapat dibaca", raw.trim()),
            Some("tulis angka dengan format Indonesia, mis. 5.581.000.815 atau 93,35".to_string()),
        )
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    if let Some(v) = bentuk_indonesia(body) {
        let v = if negative { -v } else { v };
        return Ok(v);
    }
    // Not Indonesian: say what it probably means, never guess.
    let swapped: String = body
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            o => o,
        })
        .collect();
    // One swap, never back again: "1,2,3" is neither way round.
    if bentuk_indonesia(&swapped).is_some() {
        return Err((
            format!(
                "\"{}\" memakai format angka asing (koma sebagai pemisah ribuan atau titik sebagai desimal)",
                raw.trim()
            ),
            Some(format!(
                "maksudnya {}{swapped}? Di Indonesia titik memisahkan ribuan dan koma memisahkan desimal",
                if negative { "-" } else { "" }
            )),
        ));
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn indonesian_text_numbers() {
        assert_eq!(angka_teks("5.581.000.815").unwrap(), d("5581000815"));
        assert_eq!(angka_teks("93,35").unwrap(), d("93.35"));
        assert_eq!(angka_teks("Rp 1.250.000,00").unwrap(), d("1250000.00"));
        assert_eq!(angka_teks("82%").unwrap(), d("82"));
        assert_eq!(angka_teks("-1.000").unwrap(), d("-1000"));
        assert_eq!(angka_teks("0").unwrap(), d("0"));
    }

    #[test]
    fn foreign_text_numbers_are_errors_with_a_hint() {
        let (_, hint) = angka_teks("127,039,000").unwrap_err();
        assert!(hint.unwrap().contains("maksudnya 127.039.000?"));
        let (_, hint) = angka_teks("1,250.50").unwrap_err();
        assert!(hint.unwrap().contains("maksudnya 1.250,50?"));
        let (_, hint) = angka_teks("5.71").unwrap_err();
        assert!(hint.unwrap().contains("maksudnya 5,71?"));
        assert!(angka_teks("dua").is_err());
    }

    #[test]
    fn float_cells_keep_their_decimal_text() {
        assert_eq!(angka_sel(&Data::Float(75.44)).unwrap(), Some(d("75.44")));
        assert_eq!(angka_sel(&Data::Float(21.16)).unwrap(), Some(d("21.16")));
        assert!(angka_sel(&Data::Error(calamine::CellErrorType::Ref)).is_err());
        assert_eq!(MAKS_ANGKA, d("100000000000000"));
        // Neither Indonesian nor foreign: an error, not endless recursion
        // (found by tests/sifat.rs).
        assert!(angka_teks("1,2,3").is_err());
        assert!(angka_teks("1.2.3,4,5").is_err());
        assert!(angka_sel(&Data::Float(5e28)).is_err());
        assert!(angka_sel(&Data::String("50.000.000.000.000.000".into())).is_err());
        assert_eq!(angka_sel(&Data::Float(1e-28)).unwrap(), Some(Decimal::ZERO));
        assert_eq!(
            angka_sel(&Data::Float(0.1 + 0.2 - 0.3)).unwrap(),
            Some(Decimal::ZERO)
        );
    }
}
