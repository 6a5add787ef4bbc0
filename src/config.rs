//! The YAML file of identity and narrative (`lapkin.yaml`), as serde structs.
//!
//! Every narrative field is *teks*: plain text in a small, documented markup
//! (see [`crate::narrative`]): blank line = new paragraph, `- ` bullet items,
//! `1. ` numbered items, `**tebal**`, `*miring*`, and `{nama}` references to
//! computed figures. Nothing else is interpreted.

use serde::Deserialize;

/// The whole `lapkin.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The report itself: year, title, output name, document date.
    pub laporan: Laporan,
    /// The agency that reports.
    pub instansi: Instansi,
    /// Head of the agency, who signs.
    pub pimpinan: Pimpinan,
    /// Place and date of signing, used by every signature block.
    pub penandatanganan: Penandatanganan,
    /// Head of the region (Bupati, Wali Kota, Gubernur): the second party of
    /// the Perjanjian Kinerja. Titles are derived from `instansi.daerah` when absent.
    #[serde(default)]
    pub kepala_daerah: KepalaDaerah,
    /// Page setup; A4 when absent.
    #[serde(default)]
    pub halaman: Halaman,
    /// Foreword (Kata Pengantar).
    pub kata_pengantar: String,
    /// Executive summary (Ikhtisar Eksekutif).
    pub ikhtisar_eksekutif: String,
    /// BAB I Pendahuluan.
    pub pendahuluan: Pendahuluan,
    /// BAB II Perencanaan Kinerja.
    pub perencanaan: Perencanaan,
    /// BAB III Akuntabilitas Kinerja.
    pub akuntabilitas: Akuntabilitas,
    /// BAB IV Penutup.
    pub penutup: String,
    /// IP ASN regulation tables (dimension weights, categories). Absent: no IP ASN section.
    #[serde(default)]
    pub ip_asn: Option<IpAsnConfig>,
    /// Performance criteria scale; the Permendagri 86/2017 scale when absent.
    #[serde(default)]
    pub kriteria: Option<Vec<Pita>>,
    /// National systems' exports read in place of typed workbooks (SIPD-RI,
    /// SIASN, Buku Inventaris); see [`crate::ekspor`].
    #[serde(default)]
    pub ekspor: Option<crate::ekspor::Ekspor>,
    /// The agency's own tables (from a workbook sheet or rows written here),
    /// placed by analysis blocks `tabel: <nama>`.
    #[serde(default)]
    pub tabel: Vec<TabelYaml>,
}

/// An agency table: from a sheet of a workbook (`berkas` and `lembar`) or
/// from rows written in the YAML (`kolom` and `baris`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TabelYaml {
    /// Name an analysis block uses (`tabel: layanan`).
    pub nama: String,
    /// Caption; `{references}` are filled in.
    pub judul: String,
    /// Workbook file in the inputs folder, e.g. `kinerja.xlsx`.
    #[serde(default)]
    pub berkas: Option<String>,
    /// Sheet of that workbook; its first non-empty row is the header.
    #[serde(default)]
    pub lembar: Option<String>,
    /// Column headers, for a table written in the YAML.
    #[serde(default)]
    pub kolom: Vec<String>,
    /// Rows of cells, for a table written in the YAML (text or numbers).
    #[serde(default)]
    pub baris: Vec<Vec<serde_yaml_ng::Value>>,
    /// Add a total row summing the numeric columns.
    #[serde(default)]
    pub jumlah: bool,
    /// Source note printed under the table, optional.
    #[serde(default)]
    pub sumber: Option<String>,
}

/// The report's identity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Laporan {
    /// Budget year reported on, e.g. 2024.
    pub tahun: i32,
    /// Title, e.g. "Laporan Kinerja Instansi Pemerintah".
    pub judul: String,
    /// Short name, e.g. "LAPKIN".
    pub singkatan: String,
    /// Output file name without `.pdf`, e.g. "LAPKIN-BKPSDM-Batu-Bara-2024".
    pub nama_berkas: String,
}

/// The agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instansi {
    /// Full name without the region, e.g. "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia".
    pub nama: String,
    /// Abbreviation, e.g. "BKPSDM".
    pub singkatan: String,
    /// The region, e.g. "Kabupaten Batu Bara".
    pub daerah: String,
    /// Logo image path relative to the inputs folder (PNG or SVG), optional.
    #[serde(default)]
    pub logo: Option<String>,
    /// Kind of agency ("Badan", "Dinas", "Inspektorat", "Sekretariat",
    /// "Kecamatan", …); the first word of `nama` when absent.
    #[serde(default)]
    pub jenis: Option<String>,
    /// Organisation structure, head first.
    pub struktur: Unit,
}

/// A unit of the organisation chart.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Name of the unit or position, e.g. "Sekretaris".
    pub nama: String,
    /// Sub-units.
    #[serde(default)]
    pub bawahan: Vec<Unit>,
}

/// Head of the agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pimpinan {
    /// Title as printed above the signature, without the trailing comma.
    pub jabatan: String,
    /// Name with degrees, as printed.
    pub nama: String,
    /// Rank (pangkat), e.g. "Pembina Tingkat I".
    pub pangkat: String,
    /// NIP, 18 digits; spaces are inserted by lapkin when absent.
    pub nip: String,
    /// Short title of the head ("Kepala Badan", "Inspektur", "Camat",
    /// "Direktur"); derived from the agency kind when absent.
    #[serde(default)]
    pub sebutan: Option<String>,
}

/// Head of the region, the second party of the Perjanjian Kinerja.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KepalaDaerah {
    /// Short title: "Bupati", "Wali Kota", "Gubernur"; from `instansi.daerah` when absent.
    #[serde(default)]
    pub sebutan: Option<String>,
    /// Full title as printed above the signature: "Bupati Batu Bara"; the
    /// short title and the region's name when absent.
    #[serde(default)]
    pub jabatan: Option<String>,
    /// Name as printed under the signature; a line to write on when absent.
    #[serde(default)]
    pub nama: Option<String>,
}

impl Config {
    /// The agency kind: `instansi.jenis`, else the first word of its name
    /// ("Badan", "Dinas", "Inspektorat" …), else "Perangkat Daerah".
    pub fn jenis_instansi(&self) -> String {
        if let Some(j) = self.instansi.jenis.as_deref().map(str::trim)
            && !j.is_empty()
        {
            return j.to_string();
        }
        let nama = self.instansi.nama.trim();
        for jenis in [
            "Rumah Sakit",
            "Satuan Polisi Pamong Praja",
            "Sekretariat",
            "Badan",
            "Dinas",
            "Inspektorat",
            "Kecamatan",
            "Kantor",
            "Kelurahan",
        ] {
            if nama
                .get(..jenis.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(jenis))
            {
                return jenis.to_string();
            }
        }
        "Perangkat Daerah".into()
    }

    /// The head's short title: `pimpinan.sebutan`, else by agency kind:
    /// Inspektur, Camat, Lurah, Direktur, Sekretaris, Kepala Satuan, or
    /// "Kepala" and the kind ("Kepala Badan", "Kepala Dinas").
    pub fn sebutan_pimpinan(&self) -> String {
        if let Some(s) = self.pimpinan.sebutan.as_deref().map(str::trim)
            && !s.is_empty()
        {
            return s.to_string();
        }
        match self.jenis_instansi().as_str() {
            "Inspektorat" => "Inspektur".into(),
            "Kecamatan" => "Camat".into(),
            "Kelurahan" => "Lurah".into(),
            "Rumah Sakit" => "Direktur".into(),
            "Sekretariat" => "Sekretaris".into(),
            "Satuan Polisi Pamong Praja" => "Kepala Satuan".into(),
            j => format!("Kepala {j}"),
        }
    }

    /// The region's head's short title: `kepala_daerah.sebutan`, else from
    /// the region: Kabupaten → Bupati, Kota → Wali Kota, Provinsi → Gubernur.
    pub fn sebutan_kepala_daerah(&self) -> String {
        if let Some(s) = self.kepala_daerah.sebutan.as_deref().map(str::trim)
            && !s.is_empty()
        {
            return s.to_string();
        }
        let (awal, _) = self.pecah_daerah();
        match awal.to_lowercase().as_str() {
            "kabupaten" => "Bupati".into(),
            "kota" => "Wali Kota".into(),
            "provinsi" => "Gubernur".into(),
            _ => "Kepala Daerah".into(),
        }
    }

    /// The region's head's full title: `kepala_daerah.jabatan`, else the
    /// short title and the region's name ("Bupati Batu Bara").
    pub fn jabatan_kepala_daerah(&self) -> String {
        if let Some(s) = self.kepala_daerah.jabatan.as_deref().map(str::trim)
            && !s.is_empty()
        {
            return s.to_string();
        }
        let (_, nama) = self.pecah_daerah();
        let sebutan = self.sebutan_kepala_daerah();
        if nama.is_empty() {
            sebutan
        } else {
            format!("{sebutan} {nama}")
        }
    }

    /// "Kabupaten Batu Bara" → ("Kabupaten", "Batu Bara").
    fn pecah_daerah(&self) -> (&str, &str) {
        let d = self.instansi.daerah.trim();
        for awal in ["Kabupaten", "Kota", "Provinsi"] {
            if let Some(p) = d.get(..awal.len())
                && p.eq_ignore_ascii_case(awal)
                && d[awal.len()..].starts_with(' ')
            {
                return (p, d[awal.len()..].trim());
            }
        }
        ("", d)
    }
}

/// Where and when the report is signed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penandatanganan {
    /// Place, e.g. "Talawi".
    pub tempat: String,
    /// Date, ISO `YYYY-MM-DD`; also the PDF's document date.
    pub tanggal: String,
    /// Date the Perjanjian Kinerja was signed, ISO `YYYY-MM-DD`, optional.
    #[serde(default)]
    pub tanggal_perjanjian: Option<String>,
    /// Which signature block carries the electronic signature field (where a
    /// TTE application puts its stamp and `lapkin sign` its visible stamp);
    /// the block after BAB IV when absent.
    #[serde(default)]
    pub tempat_tte: TempatTte,
}

/// The signature block that holds the PDF's signature field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TempatTte {
    /// The head's block closing BAB IV Penutup.
    #[default]
    Penutup,
    /// The head's block closing the Kata Pengantar.
    KataPengantar,
}

impl TempatTte {
    /// The name used in the templates: `penutup` or `kata_pengantar`.
    pub fn nama(self) -> &'static str {
        match self {
            TempatTte::Penutup => "penutup",
            TempatTte::KataPengantar => "kata_pengantar",
        }
    }
}

/// Page setup.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Halaman {
    /// "A4" or "F4".
    #[serde(default = "default_ukuran")]
    pub ukuran: String,
    /// Body font family (one of the families in `fonts/`).
    #[serde(default = "default_huruf")]
    pub huruf: String,
    /// Body size in points.
    #[serde(default = "default_ukuran_huruf")]
    pub ukuran_huruf: f64,
    /// Margins in millimetres: top, right, bottom, left.
    #[serde(default = "default_margin")]
    pub margin_mm: [f64; 4],
}

impl Default for Halaman {
    fn default() -> Self {
        Halaman {
            ukuran: default_ukuran(),
            huruf: default_huruf(),
            ukuran_huruf: default_ukuran_huruf(),
            margin_mm: default_margin(),
        }
    }
}

fn default_ukuran() -> String {
    "A4".into()
}
fn default_huruf() -> String {
    "TeX Gyre Bonum".into()
}
fn default_ukuran_huruf() -> f64 {
    11.0
}
fn default_margin() -> [f64; 4] {
    [25.0, 25.0, 25.0, 30.0]
}

/// BAB I.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pendahuluan {
    /// A. Latar Belakang.
    pub latar_belakang: String,
    /// B. Maksud dan Tujuan.
    pub maksud_tujuan: String,
    /// C. Gambaran Umum — tasks and functions (before the structure list).
    pub tugas_fungsi: String,
    /// Sentence introducing the organisation structure.
    pub struktur_pengantar: String,
    /// Introduction to the staff figures.
    pub sdm_pengantar: String,
    /// Comment after the table by sex.
    #[serde(default)]
    pub sdm_jenis_kelamin: String,
    /// Comment after the table by rank group.
    #[serde(default)]
    pub sdm_golongan: String,
    /// Comment after the table by education.
    #[serde(default)]
    pub sdm_pendidikan: String,
    /// Introduction to the asset table.
    pub sarana_prasarana: String,
    /// D. Dasar Hukum.
    pub dasar_hukum: String,
}

/// BAB II.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perencanaan {
    /// Text before the vision.
    pub visi_pengantar: String,
    /// The vision statement.
    pub visi: String,
    /// Text after the vision, before its elaboration.
    #[serde(default)]
    pub visi_makna: String,
    /// Elaboration of the vision's key terms.
    #[serde(default)]
    pub visi_penjabaran: Vec<Istilah>,
    /// Text before the mission list.
    pub misi_pengantar: String,
    /// The missions of the region.
    pub misi: Vec<Misi>,
    /// Number (1-based) of the mission this agency carries out.
    pub misi_instansi: usize,
    /// Text on goals (Tujuan).
    pub tujuan_pengantar: String,
    /// Text on targets (Sasaran).
    pub sasaran_pengantar: String,
    /// Goals with their targets.
    pub tujuan: Vec<Tujuan>,
    /// Text before the strategy table.
    pub strategi_pengantar: String,
    /// Text before the programme list.
    pub program_pengantar: String,
    /// Text before the programme/kegiatan table.
    pub kegiatan_pengantar: String,
    /// Text before the IKU target table.
    pub iku_pengantar: String,
}

/// A key term of the vision and what it means.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Istilah {
    /// The term, e.g. "Sejahtera".
    pub istilah: String,
    /// Its meaning.
    pub uraian: String,
}

/// A mission.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misi {
    /// The mission statement.
    pub uraian: String,
    /// Its elaboration.
    #[serde(default)]
    pub penjelasan: String,
}

/// A goal (tujuan) and its targets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tujuan {
    /// The goal statement.
    pub uraian: String,
    /// Its targets.
    pub sasaran: Vec<Sasaran>,
}

/// A strategic target (sasaran).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sasaran {
    /// Code that IKU rows refer to in the `Sasaran` column, e.g. "S1".
    pub kode: String,
    /// The target statement.
    pub uraian: String,
    /// Explanation in BAB II B.
    #[serde(default)]
    pub penjelasan: String,
    /// Whether the IP ASN regulation tables follow this target's explanation.
    #[serde(default)]
    pub tabel_bobot_ip_asn: bool,
    /// Strategies (BAB II C).
    #[serde(default)]
    pub strategi: Vec<String>,
    /// Policy directions (BAB II C).
    #[serde(default)]
    pub kebijakan: Vec<String>,
    /// Codes of the budget programmes that serve this target (for the efficiency analysis).
    #[serde(default)]
    pub program: Vec<String>,
    /// Analysis in BAB III B: text and generated tables, in order.
    #[serde(default)]
    pub analisis: Vec<Blok>,
    /// Causes of success or failure and alternative solutions per indicator
    /// (PermenPANRB 53/2014), by the indicator's number within the sasaran.
    #[serde(default)]
    pub indikator: Vec<AnalisisIndikator>,
}

/// Why an indicator met its target or not, and what will be done.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalisisIndikator {
    /// Number of the indicator within its sasaran, 1-based (as in `{iku.S1.1.capaian}`).
    pub nomor: usize,
    /// Causes of success or failure (narrative text).
    #[serde(default)]
    pub penyebab: String,
    /// Alternative solutions / follow-up (narrative text).
    #[serde(default)]
    pub solusi: String,
}

/// One block of a target's analysis: exactly one of `teks`, `tabel` or `gambar`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blok {
    /// Narrative text.
    #[serde(default)]
    pub teks: Option<String>,
    /// A generated table (see [`crate::view`] for the names) or an agency
    /// table of [`Config::tabel`].
    #[serde(default)]
    pub tabel: Option<String>,
    /// An image file (PNG or JPEG) in the inputs folder.
    #[serde(default)]
    pub gambar: Option<String>,
    /// Caption of the image (required with `gambar`).
    #[serde(default)]
    pub keterangan: Option<String>,
}

/// BAB III.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Akuntabilitas {
    /// Opening text of the chapter.
    pub pengantar: String,
    /// A. Pengukuran Kinerja, text before the formula.
    pub pengukuran: String,
    /// Text after the criteria scale (meaning of the criteria).
    #[serde(default)]
    pub skala_makna: String,
    /// B. text before the achievement table.
    pub analisis_pengantar: String,
    /// C. Akuntabilitas Keuangan, text before the budget tables.
    pub keuangan_pengantar: String,
    /// Text after the budget tables.
    #[serde(default)]
    pub keuangan_penutup: String,
    /// Government affair (urusan) printed above the programmes in the budget table, optional.
    #[serde(default)]
    pub urusan: Option<String>,
    /// Expenditure types always listed in the summary, even at zero (others in the data are added).
    #[serde(default = "default_jenis_belanja")]
    pub jenis_belanja: Vec<String>,
}

fn default_jenis_belanja() -> Vec<String> {
    vec!["Belanja Operasi".into(), "Belanja Modal".into()]
}

/// IP ASN regulation tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpAsnConfig {
    /// Text introducing the dimensions.
    #[serde(default)]
    pub pengantar: String,
    /// The four dimensions with their weights and scoring tables.
    pub dimensi: Vec<Dimensi>,
    /// Text after the dimension tables (the formula).
    #[serde(default)]
    pub rumus: String,
    /// Category bands, highest first.
    pub kategori: Vec<Pita>,
}

/// A dimension of the IP ASN.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimensi {
    /// Name, e.g. "Kualifikasi"; the column header of the IP ASN sheet.
    pub nama: String,
    /// Weight in the index (25 / 40 / 30 / 5), as text in Indonesian format.
    pub bobot: String,
    /// Description.
    #[serde(default)]
    pub uraian: String,
    /// Scoring tables of the dimension.
    #[serde(default)]
    pub tabel: Vec<TabelBobot>,
}

/// A small scoring table: one header row, one row of scores.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TabelBobot {
    /// Title above the table, optional.
    #[serde(default)]
    pub judul: String,
    /// Header of the first column.
    pub kepala: String,
    /// Column headers.
    pub kolom: Vec<String>,
    /// Scores, one per column, as text.
    pub nilai: Vec<String>,
}

/// A band of a scale: values at or above `minimal` (and below the band above) get `nama`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pita {
    /// Lower bound, inclusive, as text in Indonesian format ("91"); absent for the lowest band.
    #[serde(default)]
    pub minimal: Option<String>,
    /// Name of the band, e.g. "Sangat Tinggi".
    pub nama: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(nama: &str, daerah: &str) -> Config {
        let mut lap = crate::diag::Temuan::default();
        let mut c = crate::load::parse_config(crate::init::KERANGKA_YAML, &mut lap).unwrap();
        c.instansi.nama = nama.into();
        c.instansi.daerah = daerah.into();
        c.instansi.jenis = None;
        c.pimpinan.sebutan = None;
        c.kepala_daerah = KepalaDaerah::default();
        c
    }

    #[test]
    fn titles_follow_the_agency_and_the_region() {
        let c = config("Inspektorat", "Kabupaten Batu Bara");
        assert_eq!(c.jenis_instansi(), "Inspektorat");
        assert_eq!(c.sebutan_pimpinan(), "Inspektur");
        assert_eq!(c.jabatan_kepala_daerah(), "Bupati Batu Bara");
        let c = config("Dinas Kesehatan", "Kota Medan");
        assert_eq!(c.sebutan_pimpinan(), "Kepala Dinas");
        assert_eq!(c.sebutan_kepala_daerah(), "Wali Kota");
        assert_eq!(c.jabatan_kepala_daerah(), "Wali Kota Medan");
        let c = config("Sekretariat DPRD", "Provinsi Aceh");
        assert_eq!(c.sebutan_pimpinan(), "Sekretaris");
        assert_eq!(c.jabatan_kepala_daerah(), "Gubernur Aceh");
        let mut c = config("Kecamatan Talawi", "Kabupaten Batu Bara");
        assert_eq!(c.sebutan_pimpinan(), "Camat");
        c.pimpinan.sebutan = Some("Camat Talawi".into());
        c.kepala_daerah.jabatan = Some("Penjabat Bupati Batu Bara".into());
        assert_eq!(c.sebutan_pimpinan(), "Camat Talawi");
        assert_eq!(c.jabatan_kepala_daerah(), "Penjabat Bupati Batu Bara");
    }
}
