//! View: what the templates see — small serialisable structs whose figures are
//! already formatted in Indonesian style, and narrative already turned into
//! escaped Typst markup. Templates never see the domain model.
//!
//! The parts, in the order a reader meets them:
//!
//! - this file: [`Markup`], the template context [`Tampilan`] and the `*V`
//!   structs it is made of;
//! - `referensi`: [`referensi`], the reference names (`{anggaran.serapan}` …)
//!   the narrative may use, with their printed values;
//! - `bangun`: [`tampilan`], which fills [`Tampilan`] section by section — the
//!   narrative fields, cover and page setup, signature — calling on
//!   - `bab1`: BAB I Pendahuluan (organisation, assets, staff),
//!   - `bab2`: BAB II Perencanaan Kinerja (vision and missions, goals and
//!     targets, the IP ASN regulation tables),
//!   - `bab3`: BAB III Akuntabilitas Kinerja (criteria scale, achievement
//!     table, per-sasaran analysis, budget);
//! - `tabel`: rows and tables shared by the chapters, and the generated tables
//!   an analysis block may name (`survei`, `ip_asn_responden`, `ip_asn_nilai`,
//!   `ip_asn_jenis_kelamin`, `ip_asn_jenis_jabatan`, `ip_asn_pendidikan`) with
//!   the charts that follow them;
//! - `prosa`: generated sentences (comparisons against target, earlier years,
//!   the Renstra, national standards, efficiency; group comparisons).
//!
//! Numbers become text only through [`crate::format`].

use minijinja::Value;
use serde::Serialize;

use crate::grafik::GrafikV;

mod bab1;
mod bab2;
mod bab3;
mod bangun;
mod prosa;
mod referensi;
mod tabel;

pub use self::bangun::tampilan;
pub use self::referensi::referensi;
pub use self::tabel::NAMA_TABEL;
pub use crate::format::nilai_teks;

/// Typst markup that is already escaped: serialised as a MiniJinja *safe* string,
/// so the template's auto-escaping leaves it alone. Only [`crate::narrative`]
/// and this module make one.
#[derive(Debug, Clone, Default)]
pub struct Markup(String);

impl Markup {
    /// Wraps Typst markup that is already safe (tests only).
    #[cfg(test)]
    pub(crate) fn mentah(s: &str) -> Markup {
        Markup(s.to_string())
    }
}

/// Plain text as [`Markup`]: escaped, so nothing in it is read as Typst.
fn tanpa_markup(text: String) -> Markup {
    Markup(crate::escape::esc(&text))
}

impl Serialize for Markup {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::from_safe_string(self.0.clone()).serialize(s)
    }
}

/// The whole template context.
#[derive(Debug, Serialize)]
pub struct Tampilan {
    /// The checked logo file — format and bytes — that the Typst world serves as
    /// `logo.<format>`; not part of the template context.
    #[serde(skip)]
    pub berkas_logo: Option<(&'static str, std::sync::Arc<[u8]>)>,
    /// Images placed by analysis blocks, as the Typst world serves them
    /// (`gambar-1.jpg` …); not part of the template context.
    #[serde(skip)]
    pub berkas_gambar: Vec<(String, std::sync::Arc<[u8]>)>,
    /// Identity and page setup.
    pub laporan: LaporanV,
    /// Files embedded in an archive PDF (empty for the report itself): their
    /// names and descriptions; the bytes reach Typst as files of its world.
    pub sematan: Vec<SematanV>,
    /// Signature block.
    pub ttd: Ttd,
    /// Narrative fields by YAML key (e.g. `kata_pengantar`, `latar_belakang`).
    pub teks: std::collections::BTreeMap<String, Markup>,
    /// Organisation structure as nested units.
    pub struktur: Vec<UnitV>,
    /// Asset table.
    pub aset: Option<AsetV>,
    /// Staff tables.
    pub pegawai: Vec<KomposisiV>,
    /// Vision, missions and their elaboration.
    pub visi: VisiV,
    /// Goals, targets, indicators.
    pub tujuan: Vec<TujuanV>,
    /// IP ASN regulation tables, when configured and measured.
    pub ip_asn_bobot: Option<IpAsnBobotV>,
    /// Programmes and their kegiatan (BAB II D), with budget (BAB III C).
    pub anggaran: AnggaranV,
    /// Criteria scale as printed.
    pub skala: Vec<PitaV>,
    /// Achievement table rows and average.
    pub capaian: CapaianV,
    /// Per-sasaran analysis.
    pub analisis: Vec<AnalisisV>,
    /// The Perjanjian Kinerja of the Lampiran.
    pub pk: PerjanjianV,
}

/// The Perjanjian Kinerja (PermenPANRB 53/2014): both parties with their
/// signature blocks, the programmes and their budgets (the targets are the
/// indicators of [`Tampilan::tujuan`]).
#[derive(Debug, Serialize)]
pub struct PerjanjianV {
    /// "Talawi, 5 Januari 2024" (or the place and year without a date).
    pub tempat_tanggal: String,
    /// The head of the agency.
    pub pihak_pertama: PihakV,
    /// The head of the region.
    pub pihak_kedua: PihakV,
    /// Programmes with their allocation.
    pub program: Vec<PaguV>,
    /// Sum of the allocations.
    pub total: String,
}

/// A party of the Perjanjian Kinerja.
#[derive(Debug, Serialize)]
pub struct PihakV {
    /// Title as printed ("Kepala Badan … Kabupaten Batu Bara", "Bupati Batu Bara").
    pub jabatan: String,
    /// Name; empty leaves a line to write on.
    pub nama: String,
    /// Rank, may be empty.
    pub pangkat: String,
    /// NIP grouped, may be empty.
    pub nip: String,
}

/// A file embedded in the PDF, as the template names it to `pdf.attach`.
#[derive(Debug, Serialize)]
pub struct SematanV {
    /// File name, e.g. `anggaran.xlsx`.
    pub nama: String,
    /// MIME type.
    pub mime: String,
    /// Description shown by PDF readers.
    pub deskripsi: String,
    /// `source` or `supplement`.
    pub hubungan: String,
}

/// Report identity and page setup.
#[derive(Debug, Serialize)]
pub struct LaporanV {
    /// "Laporan Kinerja Instansi Pemerintah".
    pub judul: String,
    /// "LAPKIN".
    pub singkatan: String,
    /// "2024".
    pub tahun: String,
    /// Agency name without region.
    pub instansi: String,
    /// Agency abbreviation.
    pub instansi_singkat: String,
    /// Region.
    pub daerah: String,
    /// Agency kind ("Badan", "Inspektorat").
    pub jenis: String,
    /// The head's short title ("Kepala Badan", "Inspektur").
    pub sebutan_pimpinan: String,
    /// The head's full title, as in `pimpinan.jabatan`.
    pub jabatan_pimpinan: String,
    /// The region's head's full title ("Bupati Batu Bara").
    pub kepala_daerah: String,
    /// Placeholders of the `init` skeleton are left: every page is marked DRAF.
    pub draf: bool,
    /// Page width and height in mm.
    pub kertas: (f64, f64),
    /// Margins in mm: top, right, bottom, left.
    pub margin: [f64; 4],
    /// Body font family (validated against `fonts/`).
    pub huruf: String,
    /// The PDF's title: title, agency, region and year.
    pub judul_dokumen: String,
    /// The PDF's author: agency and region.
    pub penulis: String,
    /// The page footer: abbreviations and year.
    pub kaki: String,
    /// Body size in pt.
    pub ukuran_huruf: f64,
    /// Format of the logo on the cover (`"png"` or `"svg"`; the file is
    /// `logo.<format>` in the Typst world), none without a logo.
    pub logo: Option<String>,
}

/// Signature block.
#[derive(Debug, Serialize)]
pub struct Ttd {
    /// Place.
    pub tempat: String,
    /// "31 Januari 2025".
    pub tanggal: String,
    /// Title, upper case, without comma.
    pub jabatan: String,
    /// Name.
    pub nama: String,
    /// Rank.
    pub pangkat: String,
    /// NIP grouped.
    pub nip: String,
    /// The block that carries the electronic signature field:
    /// `penutup` or `kata_pengantar` (`penandatanganan.tempat_tte`).
    pub tte: &'static str,
}

/// A unit of the organisation.
#[derive(Debug, Serialize)]
pub struct UnitV {
    /// Name.
    pub nama: String,
    /// Children.
    pub bawahan: Vec<UnitV>,
    /// The unit and everything under it in words, for the org chart's
    /// alternative text: "Kepala (membawahi Sekretaris (membawahi …), …)".
    pub alt: String,
    /// A staff unit (Sekretariat, Sekretaris): drawn on its own level between
    /// the head and the line units (Bidang), not beside them.
    pub staf: bool,
}

/// Asset table.
#[derive(Debug, Serialize)]
pub struct AsetV {
    /// Rows: number, name, quantity, condition.
    pub baris: Vec<[String; 4]>,
    /// Total quantity.
    pub total: String,
}

/// A staff composition table.
#[derive(Debug, Serialize)]
pub struct KomposisiV {
    /// Key (`jenis_kelamin`).
    pub kunci: String,
    /// Title.
    pub judul: String,
    /// Rows: label, count, share.
    pub baris: Vec<[String; 3]>,
    /// Total.
    pub total: String,
    /// Comment from the YAML, if any.
    pub komentar: Markup,
    /// The chart of the table.
    pub grafik: Option<GrafikV>,
}

/// Vision and missions.
#[derive(Debug, Serialize)]
pub struct VisiV {
    /// Vision statement.
    pub visi: String,
    /// Key terms.
    pub penjabaran: Vec<(String, Markup)>,
    /// Missions.
    pub misi: Vec<(String, Markup)>,
    /// The agency's mission: number and text.
    pub misi_instansi: (usize, String),
}

/// A goal with its targets.
#[derive(Debug, Serialize)]
pub struct TujuanV {
    /// Number.
    pub no: usize,
    /// Statement.
    pub uraian: String,
    /// Targets.
    pub sasaran: Vec<SasaranV>,
}

/// A target with indicators, strategy and policy.
#[derive(Debug, Serialize)]
pub struct SasaranV {
    /// Number across the document.
    pub no: usize,
    /// Code.
    pub kode: String,
    /// Statement.
    pub uraian: String,
    /// Explanation.
    pub penjelasan: Markup,
    /// Whether the IP ASN weight tables follow.
    pub tabel_bobot_ip_asn: bool,
    /// Indicators.
    pub indikator: Vec<IndikatorV>,
    /// Strategies.
    pub strategi: Vec<String>,
    /// Policies.
    pub kebijakan: Vec<String>,
}

/// An indicator with its results.
#[derive(Debug, Serialize)]
pub struct IndikatorV {
    /// "1.1".
    pub no: String,
    /// Name.
    pub uraian: String,
    /// Target with unit.
    pub target: String,
    /// Realisation with unit.
    pub realisasi: String,
    /// Capaian.
    pub capaian: String,
    /// Criterion.
    pub kriteria: String,
}

/// IP ASN regulation tables.
#[derive(Debug, Serialize)]
pub struct IpAsnBobotV {
    /// Introduction.
    pub pengantar: Markup,
    /// Dimensions.
    pub dimensi: Vec<DimensiV>,
    /// Formula text.
    pub rumus: Markup,
    /// Categories as ranges.
    pub kategori: Vec<PitaV>,
}

/// A dimension.
#[derive(Debug, Serialize)]
pub struct DimensiV {
    /// Name.
    pub nama: String,
    /// Weight.
    pub bobot: String,
    /// Description.
    pub uraian: Markup,
    /// Scoring tables.
    pub tabel: Vec<TabelBobotV>,
}

/// A scoring table.
#[derive(Debug, Serialize)]
pub struct TabelBobotV {
    /// Title.
    pub judul: String,
    /// First column header.
    pub kepala: String,
    /// Headers.
    pub kolom: Vec<String>,
    /// Scores.
    pub nilai: Vec<String>,
}

/// A band printed as a range.
#[derive(Debug, Serialize)]
pub struct PitaV {
    /// "91 ≤ nilai" style interval.
    pub rentang: String,
    /// Name.
    pub nama: String,
}

/// Budget for templates.
#[derive(Debug, Serialize)]
pub struct AnggaranV {
    /// Government affair row, if any.
    pub urusan: Option<String>,
    /// Programmes.
    pub program: Vec<ProgramV>,
    /// Per expenditure type.
    pub per_jenis: Vec<PaguV>,
    /// Total.
    pub total: PaguV,
    /// Allocation against realisation per programme (none without programmes).
    pub grafik: Option<GrafikV>,
    /// The agency's efficiency of resources as a whole: every programme once.
    pub efisiensi: Option<Markup>,
}

/// A programme.
#[derive(Debug, Serialize)]
pub struct ProgramV {
    /// Sums.
    pub pagu: PaguV,
    /// Kegiatan.
    pub kegiatan: Vec<KegiatanV>,
}

/// A kegiatan.
#[derive(Debug, Serialize)]
pub struct KegiatanV {
    /// Sums.
    pub pagu: PaguV,
    /// Sub kegiatan.
    pub sub: Vec<PaguV>,
}

/// Budget figures formatted.
#[derive(Debug, Serialize)]
pub struct PaguV {
    /// Code.
    pub kode: String,
    /// Name.
    pub uraian: String,
    /// Allocation.
    pub alokasi: String,
    /// Realisation.
    pub realisasi: String,
    /// Absorption ("–" when nothing was allocated).
    pub serapan: String,
}

/// Achievement table.
#[derive(Debug, Serialize)]
pub struct CapaianV {
    /// Rows per sasaran.
    pub sasaran: Vec<CapaianSasaranV>,
    /// Mean of the sasaran.
    pub rata_rata: String,
    /// Its criterion.
    pub kriteria: String,
    /// Target against realisation of the numeric indicators (none if there are none).
    pub grafik: Option<GrafikV>,
}

/// One sasaran in the achievement table.
#[derive(Debug, Serialize)]
pub struct CapaianSasaranV {
    /// Number.
    pub no: usize,
    /// Statement.
    pub uraian: String,
    /// Indicators.
    pub indikator: Vec<IndikatorV>,
    /// Sasaran capaian.
    pub capaian: String,
    /// Criterion.
    pub kriteria: String,
}

/// The analysis of one sasaran.
#[derive(Debug, Serialize)]
pub struct AnalisisV {
    /// Ordinal word ("pertama").
    pub urutan: String,
    /// Statement.
    pub uraian: String,
    /// Indicator names.
    pub indikator: Vec<String>,
    /// Blocks in order.
    pub blok: Vec<BlokV>,
    /// Generated comparison paragraphs.
    pub perbandingan: Vec<Markup>,
    /// The indicators against earlier years, the Renstra target and the
    /// national standard, as a table (when any of these is given).
    pub tabel_tahun: Option<TabelV>,
    /// The supporting programmes and their kegiatan with budget absorption.
    pub tabel_program: Option<TabelV>,
    /// Causes and alternative solutions per indicator, from the YAML.
    pub penyebab: Vec<PenyebabV>,
}

/// Causes of success or failure of one indicator and the alternative solutions.
#[derive(Debug, Serialize)]
pub struct PenyebabV {
    /// "1.1 Persentase …" with its capaian.
    pub judul: String,
    /// Whether the target was met (the heading says success or failure).
    pub tercapai: bool,
    /// Causes.
    pub penyebab: Markup,
    /// Alternative solutions.
    pub solusi: Markup,
}

/// A block of analysis: text or a generated table.
#[derive(Debug, Serialize)]
pub struct BlokV {
    /// `teks` or the table name.
    pub jenis: String,
    /// Text, for `teks`.
    pub teks: Markup,
    /// Table data, for tables.
    pub tabel: Option<TabelV>,
    /// The chart drawn after the table, when the data has one.
    pub grafik: Option<GrafikV>,
    /// An image, for `gambar` blocks.
    pub gambar: Option<GambarV>,
}

/// An image placed by the agency, with its caption.
#[derive(Debug, Serialize)]
pub struct GambarV {
    /// File name in the Typst world (`gambar-1.jpg`).
    pub berkas: String,
    /// Caption.
    pub keterangan: String,
}

/// A generic generated table.
#[derive(Debug, Serialize)]
pub struct TabelV {
    /// Caption.
    pub judul: String,
    /// Headers.
    pub kepala: Vec<String>,
    /// Rows of cells.
    pub baris: Vec<Vec<String>>,
    /// Optional total row.
    pub jumlah: Option<Vec<String>>,
    /// Number of leading text columns (the rest are right-aligned numbers).
    pub kolom_teks: usize,
    /// Number of trailing text columns (e.g. a category).
    pub kolom_teks_akhir: usize,
    /// Generated comparison items below the table.
    pub catatan: Vec<Markup>,
}
