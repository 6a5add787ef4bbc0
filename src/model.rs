//! The domain model: what the workbooks say, typed and exact, before anything is computed.

use rust_decimal::Decimal;

use crate::diag::Lokasi;

/// Condition of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kondisi {
    /// Good.
    Baik,
    /// Lightly damaged.
    RusakRingan,
    /// Heavily damaged.
    RusakBerat,
}

impl Kondisi {
    /// Parses the condition column (`Baik`, `Rusak Ringan`/`RR`, `Rusak Berat`/`RB`).
    pub fn parse(text: &str) -> Option<Kondisi> {
        match crate::sheet::normal(text).as_str() {
            "baik" | "b" => Some(Kondisi::Baik),
            "rusakringan" | "rr" => Some(Kondisi::RusakRingan),
            "rusakberat" | "rb" => Some(Kondisi::RusakBerat),
            _ => None,
        }
    }

    /// As printed.
    pub fn nama(self) -> &'static str {
        match self {
            Kondisi::Baik => "Baik",
            Kondisi::RusakRingan => "Rusak Ringan",
            Kondisi::RusakBerat => "Rusak Berat",
        }
    }
}

/// One line of the asset register.
#[derive(Debug, Clone)]
pub struct Aset {
    /// Item name.
    pub nama: String,
    /// Quantity.
    pub jumlah: Decimal,
    /// Condition.
    pub kondisi: Kondisi,
}

/// A composition table (ASN by sex, rank group, education, position).
#[derive(Debug, Clone)]
pub struct Komposisi {
    /// Key used in references, e.g. `jenis_kelamin`.
    pub kunci: &'static str,
    /// Title as printed, e.g. "Jenis Kelamin".
    pub judul: &'static str,
    /// Rows: label and count.
    pub baris: Vec<(String, Decimal)>,
    /// Where the table is, for messages.
    pub lokasi: Lokasi,
}

/// Expenditure of one sub kegiatan.
#[derive(Debug, Clone)]
pub struct SubKegiatan {
    /// Code, e.g. `1.3.2`.
    pub kode: String,
    /// Name.
    pub uraian: String,
    /// Expenditure type, e.g. "Belanja Operasi".
    pub jenis_belanja: String,
    /// Allocation (anggaran/pagu).
    pub anggaran: Decimal,
    /// Realisation.
    pub realisasi: Decimal,
    /// The row, for messages (its Realisasi cell).
    pub lokasi: Lokasi,
    /// Both amounts were read (an unreadable one is reported and counted as zero).
    pub terbaca: bool,
}

/// A kegiatan and its sub kegiatan.
#[derive(Debug, Clone)]
pub struct Kegiatan {
    /// Code, e.g. `1.3`.
    pub kode: String,
    /// Name.
    pub uraian: String,
    /// Children.
    pub sub: Vec<SubKegiatan>,
    /// Totals typed by the user on the kegiatan row, if any (checked, never used).
    pub diketik: Diketik,
    /// The row, for messages (its code cell).
    pub lokasi: Lokasi,
}

/// A programme and its kegiatan.
#[derive(Debug, Clone)]
pub struct Program {
    /// Code, e.g. `1`.
    pub kode: String,
    /// Name.
    pub uraian: String,
    /// Children.
    pub kegiatan: Vec<Kegiatan>,
    /// Totals typed by the user on the programme row, if any.
    pub diketik: Diketik,
}

/// Totals a user typed on a parent row, with their cells.
#[derive(Debug, Clone, Default)]
pub struct Diketik {
    /// Allocation typed, with its cell.
    pub anggaran: Option<(Decimal, Lokasi)>,
    /// Realisation typed, with its cell.
    pub realisasi: Option<(Decimal, Lokasi)>,
}

/// The budget workbook.
#[derive(Debug, Clone, Default)]
pub struct Anggaran {
    /// Programmes in order.
    pub program: Vec<Program>,
    /// A trailing total row typed by the user (checked, never used).
    pub jumlah_diketik: Diketik,
}

/// Which way an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arah {
    /// Higher is better: `R / T × 100`.
    Naik,
    /// Lower is better: `(2 − R / T) × 100`.
    Turun,
    /// A letter grade (AA > A > BB > B > CC > C > D).
    Predikat,
}

impl Arah {
    /// Parses the direction column.
    pub fn parse(text: &str) -> Option<Arah> {
        match crate::sheet::normal(text).as_str() {
            "naik" | "positif" | "semakintinggisemakinbaik" | "maksimal" => Some(Arah::Naik),
            "turun" | "negatif" | "semakinrendahsemakinbaik" | "minimal" => Some(Arah::Turun),
            "predikat" | "huruf" | "nilaihuruf" => Some(Arah::Predikat),
            _ => None,
        }
    }
}

/// Letter grades, best first.
pub const PREDIKAT: [&str; 7] = ["AA", "A", "BB", "B", "CC", "C", "D"];

/// A target or realisation: a number or a letter grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nilai {
    /// A number.
    Angka(Decimal),
    /// A letter grade, by its rank in [`PREDIKAT`] (0 = AA, best).
    Predikat(usize),
}

/// A performance indicator (IKU) row.
#[derive(Debug, Clone)]
pub struct Indikator {
    /// Code of its sasaran (`S1`).
    pub sasaran: String,
    /// Indicator name.
    pub uraian: String,
    /// Unit, e.g. `%`.
    pub satuan: String,
    /// Direction.
    pub arah: Arah,
    /// Target.
    pub target: Nilai,
    /// Realisation.
    pub realisasi: Nilai,
    /// Numeric score of the target grade (letter grades only).
    pub skor_target: Option<Decimal>,
    /// Numeric score of the realised grade (letter grades only).
    pub skor_realisasi: Option<Decimal>,
    /// Earlier years' realisations, oldest first.
    pub lalu: Vec<(i32, Nilai)>,
    /// Medium-term (Renstra) target.
    pub target_renstra: Option<Nilai>,
    /// National standard.
    pub standar_nasional: Option<Nilai>,
    /// The row, for messages.
    pub lokasi: Lokasi,
    /// Cells of the row that later checks name in their messages.
    pub sel: SelIndikator,
    /// The row has an error (already reported): no capaian is computed for it.
    pub rusak: bool,
}

/// Cells of an IKU row, for messages of checks made after reading (a grade
/// against its score, a realisation against the sheet it summarises).
#[derive(Debug, Clone, Default)]
pub struct SelIndikator {
    /// The Realisasi cell.
    pub realisasi: Option<Lokasi>,
    /// The Target cell.
    pub target: Option<Lokasi>,
    /// The Nilai Target cell, when the column exists.
    pub skor_target: Option<Lokasi>,
    /// The Nilai Realisasi cell, when the column exists.
    pub skor_realisasi: Option<Lokasi>,
}

/// Satisfaction survey answers.
#[derive(Debug, Clone)]
pub struct Survei {
    /// Answer and count.
    pub baris: Vec<(String, Decimal)>,
}

/// A row of IP ASN results.
#[derive(Debug, Clone)]
pub struct BarisIp {
    /// Group label, e.g. "Laki-laki".
    pub uraian: String,
    /// Respondents in the group.
    pub responden: Option<Decimal>,
    /// Dimension scores, in the order of the configured dimensions.
    pub dimensi: Vec<Option<Decimal>>,
    /// Index typed by the user (else the sum of the dimensions).
    pub nilai: Option<Decimal>,
    /// The row, for messages.
    pub lokasi: Lokasi,
}

/// IP ASN results.
#[derive(Debug, Clone)]
pub struct IpAsn {
    /// The headline row.
    pub keseluruhan: BarisIp,
    /// All civil servants of the region (respondents or not).
    pub jumlah_asn: Option<Decimal>,
    /// Breakdowns by group (`Jenis Kelamin`, `Jenis Jabatan`, `Pendidikan`).
    pub kelompok: Vec<(String, Vec<BarisIp>)>,
    /// Dimension names, from the configuration.
    pub nama_dimensi: Vec<String>,
}

/// Everything the workbooks hold.
#[derive(Debug, Clone)]
pub struct Data {
    /// Asset register, when `aset.xlsx` exists.
    pub aset: Option<Vec<Aset>>,
    /// Staff composition tables present in `pegawai.xlsx`.
    pub pegawai: Vec<Komposisi>,
    /// Budget.
    pub anggaran: Anggaran,
    /// Indicators.
    pub iku: Vec<Indikator>,
    /// Survey, when the sheet exists.
    pub survei: Option<Survei>,
    /// IP ASN, when the sheet exists.
    pub ip_asn: Option<IpAsn>,
    /// The agency's own tables declared in `lapkin.yaml` (`tabel:`).
    pub tabel: Vec<TabelInstansi>,
    /// Image files named by analysis blocks (`gambar:`), read and checked.
    pub gambar: Vec<GambarInstansi>,
}

/// A cell of an agency table: a number (printed in Indonesian format, summed
/// in a total row) or text (printed as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelTabel {
    /// A number.
    Angka(Decimal),
    /// Text (possibly empty).
    Teks(String),
}

/// An agency table, read from its sheet or from the YAML.
#[derive(Debug, Clone)]
pub struct TabelInstansi {
    /// Name analysis blocks use.
    pub nama: String,
    /// Caption as written (references not yet filled in).
    pub judul: String,
    /// Column headers.
    pub kepala: Vec<String>,
    /// Rows of cells, each as long as `kepala`.
    pub baris: Vec<Vec<SelTabel>>,
    /// Whether each column holds only numbers (and empty cells).
    pub angka: Vec<bool>,
    /// Sums of the numeric columns, when a total row was asked for.
    pub jumlah: Option<Vec<Option<Decimal>>>,
    /// Source note.
    pub sumber: Option<String>,
    /// Where it was declared, for messages.
    pub lokasi: Lokasi,
}

/// An image placed by an analysis block.
#[derive(Debug, Clone)]
pub struct GambarInstansi {
    /// File name in the inputs folder.
    pub nama: String,
    /// `png` or `jpg`.
    pub jenis: &'static str,
    /// The bytes.
    pub isi: std::sync::Arc<[u8]>,
}
