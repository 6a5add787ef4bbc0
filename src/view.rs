//! View: what the templates see — small serialisable structs whose figures are
//! already formatted in Indonesian style, and narrative already turned into
//! escaped Typst markup. Templates never see the domain model.
//!
//! Also builds the table of reference names (`{anggaran.serapan}` …) that the
//! narrative may use, and the generated tables an analysis block may name:
//! `survei`, `ip_asn_responden`, `ip_asn_nilai`, `ip_asn_jenis_kelamin`,
//! `ip_asn_jenis_jabatan`, `ip_asn_pendidikan`.

use minijinja::Value;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::compute::{Hasil, KelompokIp, Pagu};
use crate::config::Config;
use crate::diag::{Laporan, Lokasi};
use crate::format::{self, apa_adanya, bulat, hitungan, kunci, persen};
use crate::grafik::{self, GrafikV};
use crate::load::BERKAS_YAML;
use crate::model::{Data, Nilai, PREDIKAT};
use crate::narrative::{self, Referensi};

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
    /// Identity and page setup.
    pub laporan: LaporanV,
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
    /// Page width and height in mm.
    pub kertas: (f64, f64),
    /// Margins in mm: top, right, bottom, left.
    pub margin: [f64; 4],
    /// Body font family (validated against `fonts/`).
    pub huruf: String,
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
}

/// A unit of the organisation.
#[derive(Debug, Serialize)]
pub struct UnitV {
    /// Name.
    pub nama: String,
    /// Children.
    pub bawahan: Vec<UnitV>,
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

const URUTAN: [&str; 10] = [
    "pertama",
    "kedua",
    "ketiga",
    "keempat",
    "kelima",
    "keenam",
    "ketujuh",
    "kedelapan",
    "kesembilan",
    "kesepuluh",
];

fn urutan(i: usize) -> String {
    URUTAN
        .get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("ke-{}", i + 1))
}

fn opt_persen(v: Option<Decimal>) -> String {
    v.map(persen).unwrap_or_else(|| "–".into())
}

/// A target or realisation as printed: numbers as typed, grades as letters.
pub fn nilai_teks(n: &Nilai) -> String {
    match n {
        Nilai::Angka(d) => apa_adanya(*d),
        Nilai::Predikat(i) => PREDIKAT[*i].to_string(),
    }
}

fn dengan_satuan(n: &Nilai, satuan: &str) -> String {
    let v = nilai_teks(n);
    match (n, satuan.trim()) {
        (Nilai::Angka(_), "%") => format!("{v}%"),
        _ => v,
    }
}

fn pagu(p: &Pagu) -> PaguV {
    PaguV {
        kode: p.kode.clone(),
        uraian: p.uraian.clone(),
        alokasi: bulat(p.alokasi),
        realisasi: bulat(p.realisasi),
        serapan: opt_persen(p.serapan),
    }
}

fn hitung_ref(refs: &mut Referensi, name: &str, n: usize) {
    refs.insert(name.to_string(), n.to_string());
    refs.insert(format!("{name}.terbilang"), hitungan(n as u64));
}

/// Every reference name the narrative may use, with its printed value.
pub fn referensi(config: &Config, hasil: &Hasil) -> Referensi {
    let mut r = Referensi::new();
    let tahun = config.laporan.tahun;
    r.insert("tahun".into(), tahun.to_string());
    r.insert("tahun_berikut".into(), (tahun + 1).to_string());
    r.insert(
        "instansi".into(),
        format!("{} {}", config.instansi.nama, config.instansi.daerah),
    );
    r.insert(
        "instansi.singkatan".into(),
        config.instansi.singkatan.clone(),
    );
    r.insert("daerah".into(), config.instansi.daerah.clone());
    if let Some(t) = hasil.aset_total {
        r.insert("aset.jumlah".into(), bulat(t));
    }
    if let Some(first) = hasil.pegawai.first() {
        r.insert("asn.jumlah".into(), bulat(first.total));
    }
    for k in &hasil.pegawai {
        r.insert(format!("asn.{}.jumlah", k.kunci), bulat(k.total));
        for (label, j, p) in &k.baris {
            let key = format!("asn.{}.{}", k.kunci, kunci(label));
            r.insert(format!("{key}.jumlah"), bulat(*j));
            if let Some(n) = j.to_u64().filter(|_| j.fract().is_zero()) {
                r.insert(format!("{key}.jumlah.terbilang"), hitungan(n));
            }
            r.insert(format!("{key}.persen"), opt_persen(*p));
        }
    }
    let a = &hasil.anggaran;
    r.insert("anggaran.alokasi".into(), bulat(a.total.alokasi));
    r.insert("anggaran.realisasi".into(), bulat(a.total.realisasi));
    r.insert(
        "anggaran.sisa".into(),
        bulat(a.total.alokasi - a.total.realisasi),
    );
    r.insert("anggaran.serapan".into(), opt_persen(a.total.serapan));
    hitung_ref(&mut r, "anggaran.jumlah_program", a.program.len());
    hitung_ref(&mut r, "anggaran.jumlah_kegiatan", a.jumlah_kegiatan);
    hitung_ref(&mut r, "anggaran.jumlah_sub_kegiatan", a.jumlah_sub);
    hitung_ref(&mut r, "kinerja.jumlah_sasaran", hasil.sasaran.len());
    hitung_ref(
        &mut r,
        "kinerja.jumlah_indikator",
        hasil.sasaran.iter().map(|s| s.indikator.len()).sum(),
    );
    r.insert("kinerja.rata_rata".into(), persen(hasil.rata_rata));
    r.insert("kinerja.kriteria".into(), hasil.kriteria.clone());
    for p in &hasil.skala {
        let n = hasil
            .sasaran
            .iter()
            .filter(|s| s.kriteria == p.nama)
            .count();
        hitung_ref(&mut r, &format!("kinerja.kriteria_{}", kunci(&p.nama)), n);
    }
    for s in &hasil.sasaran {
        let key = format!("sasaran.{}", s.sasaran.kode);
        r.insert(format!("{key}.uraian"), s.sasaran.uraian.clone());
        r.insert(format!("{key}.capaian"), persen(s.capaian));
        r.insert(format!("{key}.kriteria"), s.kriteria.clone());
        for (i, ind) in s.indikator.iter().enumerate() {
            let key = format!("iku.{}.{}", s.sasaran.kode, i + 1);
            r.insert(format!("{key}.indikator"), ind.ind.uraian.clone());
            r.insert(format!("{key}.target"), nilai_teks(&ind.ind.target));
            r.insert(format!("{key}.realisasi"), nilai_teks(&ind.ind.realisasi));
            r.insert(format!("{key}.satuan"), ind.ind.satuan.clone());
            r.insert(format!("{key}.capaian"), persen(ind.capaian));
            r.insert(format!("{key}.kriteria"), ind.kriteria.clone());
        }
    }
    if let Some(s) = &hasil.survei {
        r.insert("survei.jumlah".into(), bulat(s.total));
        for (label, j, p) in &s.baris {
            r.insert(format!("survei.{}.jumlah", kunci(label)), bulat(*j));
            r.insert(format!("survei.{}.persen", kunci(label)), opt_persen(*p));
        }
    }
    if let Some(ip) = &hasil.ip_asn {
        r.insert("ip_asn.nilai".into(), persen(ip.nilai));
        r.insert("ip_asn.kategori".into(), ip.kategori.clone());
        if let Some(v) = ip.responden {
            r.insert("ip_asn.responden".into(), bulat(v));
        }
        if let Some(v) = ip.jumlah_asn {
            r.insert("ip_asn.jumlah_asn".into(), bulat(v));
            r.insert(
                "ip_asn.persen_responden".into(),
                opt_persen(ip.responden.and_then(|x| crate::compute::serapan(v, x))),
            );
        }
        if let (Some(b), Some(t)) = (ip.bukan_responden, ip.jumlah_asn) {
            r.insert("ip_asn.bukan_responden".into(), bulat(b));
            r.insert(
                "ip_asn.persen_bukan_responden".into(),
                opt_persen(crate::compute::serapan(t, b)),
            );
        }
        for (n, v) in ip.nama_dimensi.iter().zip(&ip.dimensi) {
            if let Some(v) = v {
                r.insert(format!("ip_asn.{}", kunci(n)), apa_adanya(*v));
            }
        }
    }
    r
}

/// Builds the template context; narrative problems (unknown references) go into `lap`.
pub fn bangun(config: &Config, data: &Data, hasil: &Hasil, lap: &mut Laporan) -> Tampilan {
    let mut refs = referensi(config, hasil);
    if let Some(a) = &data.aset {
        hitung_ref(&mut refs, "aset.jenis", a.len());
    }
    let md = |teks: &str, key: &str, lap: &mut Laporan| {
        Markup(narrative::ke_typst(teks, &refs, key, lap))
    };
    let mut teks = std::collections::BTreeMap::new();
    let p = &config.pendahuluan;
    let r = &config.perencanaan;
    let ak = &config.akuntabilitas;
    for (k, v) in [
        ("kata_pengantar", &config.kata_pengantar),
        ("ikhtisar_eksekutif", &config.ikhtisar_eksekutif),
        ("penutup", &config.penutup),
        ("pendahuluan.latar_belakang", &p.latar_belakang),
        ("pendahuluan.maksud_tujuan", &p.maksud_tujuan),
        ("pendahuluan.tugas_fungsi", &p.tugas_fungsi),
        ("pendahuluan.struktur_pengantar", &p.struktur_pengantar),
        ("pendahuluan.sdm_pengantar", &p.sdm_pengantar),
        ("pendahuluan.sarana_prasarana", &p.sarana_prasarana),
        ("pendahuluan.dasar_hukum", &p.dasar_hukum),
        ("perencanaan.visi_pengantar", &r.visi_pengantar),
        ("perencanaan.visi_makna", &r.visi_makna),
        ("perencanaan.misi_pengantar", &r.misi_pengantar),
        ("perencanaan.tujuan_pengantar", &r.tujuan_pengantar),
        ("perencanaan.sasaran_pengantar", &r.sasaran_pengantar),
        ("perencanaan.strategi_pengantar", &r.strategi_pengantar),
        ("perencanaan.program_pengantar", &r.program_pengantar),
        ("perencanaan.kegiatan_pengantar", &r.kegiatan_pengantar),
        ("perencanaan.iku_pengantar", &r.iku_pengantar),
        ("akuntabilitas.pengantar", &ak.pengantar),
        ("akuntabilitas.pengukuran", &ak.pengukuran),
        ("akuntabilitas.skala_makna", &ak.skala_makna),
        ("akuntabilitas.analisis_pengantar", &ak.analisis_pengantar),
        ("akuntabilitas.keuangan_pengantar", &ak.keuangan_pengantar),
        ("akuntabilitas.keuangan_penutup", &ak.keuangan_penutup),
    ] {
        // The text of a section whose data is absent is not printed, so its
        // references are not resolved either.
        let ada = match k {
            "pendahuluan.sdm_pengantar" => !data.pegawai.is_empty(),
            "pendahuluan.sarana_prasarana" => data.aset.is_some(),
            _ => true,
        };
        let m = if ada {
            md(v, k, lap)
        } else {
            Markup::default()
        };
        teks.insert(k.replace('.', "_"), m);
    }

    let tanggal = match format::Tanggal::parse_iso(&config.penandatanganan.tanggal) {
        Some(t) => {
            let tahun = config.laporan.tahun;
            let lokasi = Some(Lokasi::kunci(BERKAS_YAML, "penandatanganan.tanggal"));
            if t.tahun <= tahun {
                lap.galat(
                    lokasi,
                    format!(
                        "tanggal penandatanganan {} jatuh sebelum tahun anggaran {tahun} berakhir",
                        t.panjang()
                    ),
                    Some(format!(
                        "laporan kinerja tahun {tahun} ditandatangani setelah 31 Desember {tahun}, biasanya pada tahun {}",
                        tahun + 1
                    )),
                );
            } else if t.tahun > tahun + 1 {
                lap.peringatan(
                    lokasi,
                    format!(
                        "tanggal penandatanganan {} lebih dari setahun setelah tahun laporan {tahun}",
                        t.panjang()
                    ),
                    Some(format!("periksa tahun pada tanggal; biasanya {}", tahun + 1)),
                );
            }
            t.panjang()
        }
        None => {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "penandatanganan.tanggal")),
                format!(
                    "tanggal \"{}\" tidak dapat dibaca",
                    config.penandatanganan.tanggal
                ),
                Some("tulis tanggal sebagai TAHUN-BULAN-HARI, mis. 2025-01-31".into()),
            );
            config.penandatanganan.tanggal.clone()
        }
    };

    let h = &config.halaman;
    let kertas = match kunci(&h.ukuran).as_str() {
        "a4" => (210.0, 297.0),
        "f4" | "folio" => (215.0, 330.0),
        _ => {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "halaman.ukuran")),
                format!("ukuran kertas \"{}\" tidak dikenal", h.ukuran),
                Some("pilih A4 atau F4".into()),
            );
            (210.0, 297.0)
        }
    };

    fn unit(u: &crate::config::Unit) -> UnitV {
        UnitV {
            nama: u.nama.clone(),
            bawahan: u.bawahan.iter().map(unit).collect(),
        }
    }

    let aset = data.aset.as_ref().map(|a| AsetV {
        baris: a
            .iter()
            .enumerate()
            .map(|(i, x)| {
                [
                    (i + 1).to_string(),
                    x.nama.clone(),
                    bulat(x.jumlah),
                    x.kondisi.nama().to_string(),
                ]
            })
            .collect(),
        total: bulat(hasil.aset_total.unwrap_or_default()),
    });

    let komentar = |k: &str| match k {
        "jenis_kelamin" => Some(&p.sdm_jenis_kelamin),
        "golongan" => Some(&p.sdm_golongan),
        "pendidikan" => Some(&p.sdm_pendidikan),
        _ => None,
    };
    let pegawai = hasil
        .pegawai
        .iter()
        .map(|k| KomposisiV {
            kunci: k.kunci.to_string(),
            judul: k.judul.to_string(),
            baris: k
                .baris
                .iter()
                .map(|(l, j, pr)| [l.clone(), bulat(*j), opt_persen(*pr)])
                .collect(),
            total: bulat(k.total),
            komentar: komentar(k.kunci)
                .map(|t| md(t, &format!("pendahuluan.sdm_{}", k.kunci), lap))
                .unwrap_or_default(),
            grafik: grafik::komposisi(
                k,
                format!(
                    "Komposisi ASN {} {} Berdasarkan {}",
                    config.instansi.nama, config.instansi.daerah, k.judul
                ),
            ),
        })
        .collect();

    let misi_no = r.misi_instansi;
    let misi_instansi = match r.misi.get(misi_no.wrapping_sub(1)) {
        Some(m) => (misi_no, m.uraian.clone()),
        None => {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "perencanaan.misi_instansi")),
                format!(
                    "misi nomor {misi_no} tidak ada (hanya ada {} misi)",
                    r.misi.len()
                ),
                Some("isi dengan nomor misi yang dilaksanakan instansi".into()),
            );
            (misi_no, String::new())
        }
    };
    let visi = VisiV {
        visi: r.visi.trim().to_string(),
        penjabaran: r
            .visi_penjabaran
            .iter()
            .enumerate()
            .map(|(i, x)| {
                (
                    x.istilah.clone(),
                    md(&x.uraian, &format!("perencanaan.visi_penjabaran[{i}]"), lap),
                )
            })
            .collect(),
        misi: r
            .misi
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.uraian.clone(),
                    md(
                        &m.penjelasan,
                        &format!("perencanaan.misi[{i}].penjelasan"),
                        lap,
                    ),
                )
            })
            .collect(),
        misi_instansi,
    };

    let indikator_v = |s: &crate::compute::SasaranHasil, no: usize| -> Vec<IndikatorV> {
        s.indikator
            .iter()
            .enumerate()
            .map(|(j, i)| IndikatorV {
                no: format!("{no}.{}", j + 1),
                uraian: i.ind.uraian.clone(),
                target: dengan_satuan(&i.ind.target, &i.ind.satuan),
                realisasi: dengan_satuan(&i.ind.realisasi, &i.ind.satuan),
                capaian: persen(i.capaian),
                kriteria: i.kriteria.clone(),
            })
            .collect()
    };

    let mut tujuan = Vec::new();
    let mut no = 0;
    for (ti, t) in r.tujuan.iter().enumerate() {
        let mut sasaran = Vec::new();
        for (si, s) in t.sasaran.iter().enumerate() {
            no += 1;
            let hs = hasil.sasaran.iter().find(|h| h.sasaran.kode == s.kode);
            sasaran.push(SasaranV {
                no,
                kode: s.kode.clone(),
                uraian: s.uraian.clone(),
                penjelasan: md(
                    &s.penjelasan,
                    &format!("perencanaan.tujuan[{ti}].sasaran[{si}].penjelasan"),
                    lap,
                ),
                tabel_bobot_ip_asn: s.tabel_bobot_ip_asn && hasil.ip_asn.is_some(),
                indikator: hs.map(|h| indikator_v(h, no)).unwrap_or_default(),
                strategi: s.strategi.clone(),
                kebijakan: s.kebijakan.clone(),
            });
        }
        tujuan.push(TujuanV {
            no: ti + 1,
            uraian: t.uraian.clone(),
            sasaran,
        });
    }

    let rentang = |skala: &[crate::compute::Pita]| -> Vec<PitaV> {
        skala
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let upper = if i == 0 { None } else { skala[i - 1].minimal };
                let rentang = match (p.minimal, upper) {
                    (Some(m), Some(u)) => format!("{} ≤ nilai < {}", apa_adanya(m), apa_adanya(u)),
                    (Some(m), None) => format!("nilai ≥ {}", apa_adanya(m)),
                    (None, Some(u)) => format!("nilai < {}", apa_adanya(u)),
                    (None, None) => "semua nilai".into(),
                };
                PitaV {
                    rentang,
                    nama: p.nama.clone(),
                }
            })
            .collect()
    };

    let ip_asn_bobot = match (&config.ip_asn, &hasil.ip_asn) {
        (Some(cfg), Some(ip)) => Some(IpAsnBobotV {
            pengantar: md(&cfg.pengantar, "ip_asn.pengantar", lap),
            dimensi: cfg
                .dimensi
                .iter()
                .enumerate()
                .map(|(i, d)| DimensiV {
                    nama: d.nama.clone(),
                    bobot: d.bobot.clone(),
                    uraian: md(&d.uraian, &format!("ip_asn.dimensi[{i}].uraian"), lap),
                    tabel: d
                        .tabel
                        .iter()
                        .map(|t| TabelBobotV {
                            judul: t.judul.clone(),
                            kepala: t.kepala.clone(),
                            kolom: t.kolom.clone(),
                            nilai: t.nilai.clone(),
                        })
                        .collect(),
                })
                .collect(),
            rumus: md(&cfg.rumus, "ip_asn.rumus", lap),
            kategori: rentang(&ip.skala),
        }),
        _ => None,
    };

    let a = &hasil.anggaran;
    let anggaran = AnggaranV {
        urusan: config.akuntabilitas.urusan.clone(),
        program: a
            .program
            .iter()
            .map(|p| ProgramV {
                pagu: pagu(&p.pagu),
                kegiatan: p
                    .kegiatan
                    .iter()
                    .map(|k| KegiatanV {
                        pagu: pagu(&k.pagu),
                        sub: k.sub.iter().map(pagu).collect(),
                    })
                    .collect(),
            })
            .collect(),
        per_jenis: a.per_jenis.iter().map(pagu).collect(),
        total: pagu(&a.total),
        grafik: grafik::anggaran(a, config.laporan.tahun),
    };

    let mut no = 0;
    let capaian = CapaianV {
        sasaran: hasil
            .sasaran
            .iter()
            .map(|s| {
                no += 1;
                CapaianSasaranV {
                    no,
                    uraian: s.sasaran.uraian.clone(),
                    indikator: indikator_v(s, no),
                    capaian: persen(s.capaian),
                    kriteria: s.kriteria.clone(),
                }
            })
            .collect(),
        rata_rata: persen(hasil.rata_rata),
        kriteria: hasil.kriteria.clone(),
        grafik: grafik::iku(&hasil.sasaran, config.laporan.tahun),
    };

    let mut analisis = Vec::new();
    for (i, s) in hasil.sasaran.iter().enumerate() {
        let mut blok = Vec::new();
        for (bi, b) in s.sasaran.analisis.iter().enumerate() {
            let key = format!("sasaran {} › analisis[{bi}]", s.sasaran.kode);
            match (&b.teks, &b.tabel) {
                (Some(t), None) => blok.push(BlokV {
                    jenis: "teks".into(),
                    teks: md(t, &key, lap),
                    tabel: None,
                    grafik: None,
                }),
                (None, None) | (Some(_), Some(_)) => lap.galat(
                    Some(Lokasi::kunci(BERKAS_YAML, &key)),
                    "blok analisis harus berisi tepat satu dari teks atau tabel",
                    Some("tulis \"- teks: |\" atau \"- tabel: nama\" sebagai butir tersendiri".into()),
                ),
                (None, Some(name)) => match tabel_analisis(name, hasil) {
                    Ok(Some(t)) => blok.push(BlokV {
                        jenis: name.clone(),
                        teks: Markup::default(),
                        tabel: Some(t),
                        grafik: grafik_analisis(name, hasil),
                    }),
                    Ok(None) => {}
                    Err(()) => lap.galat(
                        Some(Lokasi::kunci(BERKAS_YAML, &key)),
                        format!("tabel \"{name}\" tidak dikenal"),
                        Some("tabel yang ada: survei, ip_asn_responden, ip_asn_nilai, ip_asn_jenis_kelamin, ip_asn_jenis_jabatan, ip_asn_pendidikan".into()),
                    ),
                },
            }
        }
        analisis.push(AnalisisV {
            urutan: urutan(i),
            uraian: s.sasaran.uraian.clone(),
            indikator: s.indikator.iter().map(|x| x.ind.uraian.clone()).collect(),
            blok,
            perbandingan: perbandingan(s, config.laporan.tahun),
        });
    }

    Tampilan {
        berkas_logo: None,
        laporan: LaporanV {
            judul: config.laporan.judul.clone(),
            singkatan: config.laporan.singkatan.clone(),
            tahun: config.laporan.tahun.to_string(),
            instansi: config.instansi.nama.clone(),
            instansi_singkat: config.instansi.singkatan.clone(),
            daerah: config.instansi.daerah.clone(),
            kertas,
            margin: h.margin_mm,
            huruf: h.huruf.clone(),
            ukuran_huruf: h.ukuran_huruf,
            // Set with the file's bytes by `crate::periksa` (see `Tampilan::berkas_logo`).
            logo: None,
        },
        ttd: Ttd {
            tempat: config.penandatanganan.tempat.clone(),
            tanggal,
            jabatan: config
                .pimpinan
                .jabatan
                .trim()
                .trim_end_matches(',')
                .to_uppercase(),
            nama: config.pimpinan.nama.clone(),
            pangkat: config.pimpinan.pangkat.clone(),
            nip: format::nip(&config.pimpinan.nip),
        },
        teks,
        struktur: vec![unit(&config.instansi.struktur)],
        aset,
        pegawai,
        visi,
        tujuan,
        ip_asn_bobot,
        anggaran,
        skala: rentang(&hasil.skala),
        capaian,
        analisis,
    }
}

fn tanpa_markup(text: String) -> Markup {
    Markup(crate::escape::esc(&text))
}

/// The comparisons PermenPANRB 53/2014 asks for, as far as the data allows.
fn perbandingan(s: &crate::compute::SasaranHasil, tahun: i32) -> Vec<Markup> {
    let mut out = Vec::new();
    for i in &s.indikator {
        let ind = &i.ind;
        let sat = |n: &Nilai| dengan_satuan(n, &ind.satuan);
        out.push(tanpa_markup(format!(
            "Realisasi indikator \"{}\" tahun {tahun} sebesar {} dibandingkan target {} memberikan capaian {}% (kriteria {}).",
            ind.uraian,
            sat(&ind.realisasi),
            sat(&ind.target),
            persen(i.capaian),
            i.kriteria
        )));
        if !ind.lalu.is_empty() {
            let list: Vec<String> = ind
                .lalu
                .iter()
                .map(|(y, v)| format!("tahun {y} sebesar {}", sat(v)))
                .collect();
            let mut text = format!(
                "Dibandingkan tahun-tahun sebelumnya, realisasi {}.",
                list.join(", ")
            );
            if let (Some((y, Nilai::Angka(prev))), Nilai::Angka(now)) =
                (ind.lalu.last(), &ind.realisasi)
            {
                let diff = *now - *prev;
                let arah = if diff.is_zero() {
                    "sama dengan".to_string()
                } else if diff.is_sign_positive() {
                    format!("naik {} dari", apa_adanya(diff))
                } else {
                    format!("turun {} dari", apa_adanya(diff.abs()))
                };
                text.push_str(&format!(
                    " Realisasi tahun {tahun} {arah} realisasi tahun {y}."
                ));
            }
            out.push(tanpa_markup(text));
        }
        if let Some(r) = &ind.target_renstra {
            let mut text = format!(
                "Target akhir periode Renstra untuk indikator ini adalah {}",
                sat(r)
            );
            if let (Nilai::Angka(rt), Nilai::Angka(now)) = (r, &ind.realisasi)
                && !rt.is_zero()
            {
                text.push_str(&format!(
                    "; realisasi tahun {tahun} telah mencapai {}% dari target tersebut",
                    persen(*now / *rt * Decimal::ONE_HUNDRED)
                ));
            }
            text.push('.');
            out.push(tanpa_markup(text));
        }
        if let Some(n) = &ind.standar_nasional {
            out.push(tanpa_markup(format!(
                "Standar nasional untuk indikator ini adalah {}, sedangkan realisasi {} sebesar {}.",
                sat(n),
                tahun,
                sat(&ind.realisasi)
            )));
        }
    }
    if let Some((a, r, Some(ser))) = s.anggaran {
        let efisien = if s.capaian >= ser {
            "efisien"
        } else {
            "belum efisien"
        };
        out.push(tanpa_markup(format!(
            "Dari sisi efisiensi, program pendukung sasaran ini menyerap Rp{} dari anggaran Rp{} ({}%), sedangkan capaian sasaran {}%; penggunaan sumber daya tergolong {efisien}.",
            bulat(r),
            bulat(a),
            persen(ser),
            persen(s.capaian)
        )));
    }
    out
}

fn tabel_analisis(name: &str, hasil: &Hasil) -> Result<Option<TabelV>, ()> {
    match name {
        "survei" => Ok(hasil.survei.as_ref().map(|s| TabelV {
            judul: "Hasil Kuesioner Kepuasan Pelayanan".into(),
            kepala: vec![
                "Jawaban".into(),
                "Jumlah Kuesioner".into(),
                "Persentase (%)".into(),
            ],
            baris: s
                .baris
                .iter()
                .map(|(l, j, p)| vec![l.clone(), bulat(*j), opt_persen(*p)])
                .collect(),
            jumlah: Some(vec!["Jumlah".into(), bulat(s.total), "100,00".into()]),
            kolom_teks: 1,
            kolom_teks_akhir: 0,
            catatan: Vec::new(),
        })),
        "ip_asn_responden" => Ok(hasil.ip_asn.as_ref().and_then(|ip| {
            let (t, r, b) = (ip.jumlah_asn?, ip.responden?, ip.bukan_responden?);
            let pr = |x: Decimal| opt_persen(crate::compute::serapan(t, x));
            Some(TabelV {
                judul: "Responden Pengukuran Indeks Profesionalitas ASN".into(),
                kepala: vec![
                    "Uraian".into(),
                    "Jumlah ASN".into(),
                    "Persentase (%)".into(),
                ],
                baris: vec![
                    vec!["Mengisi data (responden)".into(), bulat(r), pr(r)],
                    vec!["Tidak mengisi data".into(), bulat(b), pr(b)],
                ],
                jumlah: Some(vec!["Jumlah ASN".into(), bulat(t), "100,00".into()]),
                kolom_teks: 1,
                kolom_teks_akhir: 0,
                catatan: Vec::new(),
            })
        })),
        "ip_asn_nilai" => Ok(hasil.ip_asn.as_ref().map(|ip| {
            let mut kepala = vec!["Jumlah Responden".to_string()];
            kepala.extend(ip.nama_dimensi.iter().cloned());
            kepala.push("Nilai IP ASN".into());
            kepala.push("Kategori".into());
            let mut row = vec![ip.responden.map(bulat).unwrap_or_else(|| "–".into())];
            row.extend(
                ip.dimensi
                    .iter()
                    .map(|d| d.map(apa_adanya).unwrap_or_else(|| "–".into())),
            );
            row.push(persen(ip.nilai));
            row.push(ip.kategori.clone());
            TabelV {
                judul: "Nilai Indeks Profesionalitas ASN".into(),
                kepala,
                baris: vec![row],
                jumlah: None,
                kolom_teks: 0,
                kolom_teks_akhir: 1,
                catatan: Vec::new(),
            }
        })),
        "ip_asn_jenis_kelamin" | "ip_asn_jenis_jabatan" | "ip_asn_pendidikan" => {
            let want = name.trim_start_matches("ip_asn_");
            Ok(hasil.ip_asn.as_ref().and_then(|ip| {
                let k = ip.kelompok.iter().find(|k| kunci(&k.nama) == want)?;
                Some(tabel_kelompok(k, &ip.nama_dimensi, &ip.skala))
            }))
        }
        _ => Err(()),
    }
}

/// "A", "A dan B", "A, B dan C".
fn gabung(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} dan {last}", init.join(", ")),
    }
}

fn tabel_kelompok(k: &KelompokIp, dims: &[String], skala: &[crate::compute::Pita]) -> TabelV {
    let show_dims: Vec<usize> = (0..dims.len())
        .filter(|i| {
            k.baris
                .iter()
                .any(|b| b.dimensi.get(*i).copied().flatten().is_some())
        })
        .collect();
    let mut kepala = vec![k.nama.clone(), "Responden".into(), "%".into()];
    kepala.extend(show_dims.iter().map(|i| dims[*i].clone()));
    kepala.push("Nilai IP ASN".into());
    kepala.push("Kategori".into());
    let baris = k
        .baris
        .iter()
        .map(|b| {
            let mut row = vec![
                b.uraian.clone(),
                b.responden.map(bulat).unwrap_or_else(|| "–".into()),
                opt_persen(b.persen),
            ];
            row.extend(
                show_dims
                    .iter()
                    .map(|i| b.dimensi[*i].map(apa_adanya).unwrap_or_else(|| "–".into())),
            );
            row.push(b.nilai.map(persen).unwrap_or_else(|| "–".into()));
            row.push(
                b.nilai
                    .map(|n| crate::compute::kriteria(n, skala))
                    .unwrap_or_default(),
            );
            row
        })
        .collect();
    let mut jumlah = vec![
        "Jumlah / rata-rata tertimbang".to_string(),
        bulat(k.responden),
        "100,00".into(),
    ];
    jumlah.extend(show_dims.iter().map(|_| String::new()));
    jumlah.push(k.rata_tertimbang.map(persen).unwrap_or_default());
    jumlah.push(
        k.rata_tertimbang
            .map(|n| crate::compute::kriteria(n, skala))
            .unwrap_or_default(),
    );
    // Comparisons: for the index and each dimension, the highest group against the others.
    let mut catatan = Vec::new();
    let mut measures: Vec<(String, Vec<(String, Decimal)>)> = vec![(
        "nilai IP ASN".into(),
        k.baris
            .iter()
            .filter_map(|b| b.nilai.map(|n| (b.uraian.clone(), n)))
            .collect(),
    )];
    for i in &show_dims {
        measures.push((
            format!("dimensi {}", dims[*i].to_lowercase()),
            k.baris
                .iter()
                .filter_map(|b| b.dimensi[*i].map(|n| (b.uraian.clone(), n)))
                .collect(),
        ));
    }
    for (what, mut vals) in measures {
        if vals.len() < 2 {
            continue;
        }
        vals.sort_by_key(|v| std::cmp::Reverse(v.1));
        let tv = vals[0].1;
        let (top, rest): (Vec<_>, Vec<_>) = vals.iter().partition(|(_, v)| *v == tv);
        let top: Vec<&str> = top.iter().map(|(l, _)| l.as_str()).collect();
        let rest: Vec<String> = rest
            .iter()
            .map(|(l, v)| format!("{l} ({}; selisih {})", apa_adanya(*v), apa_adanya(tv - *v)))
            .collect();
        let text = if rest.is_empty() {
            format!(
                "Pada {what}, semua kelompok bernilai sama ({}).",
                apa_adanya(tv)
            )
        } else {
            format!(
                "Pada {what}, {} tertinggi dengan nilai {} dibandingkan {}.",
                gabung(&top),
                apa_adanya(tv),
                rest.join(", ")
            )
        };
        catatan.push(tanpa_markup(text));
    }
    TabelV {
        judul: format!("Nilai Indeks Profesionalitas ASN Berdasarkan {}", k.nama),
        kepala,
        baris,
        jumlah: Some(jumlah),
        kolom_teks: 1,
        kolom_teks_akhir: 1,
        catatan,
    }
}

/// The chart that follows a generated analysis table, when there is one.
fn grafik_analisis(name: &str, hasil: &Hasil) -> Option<GrafikV> {
    match name {
        "survei" => hasil.survei.as_ref().and_then(|s| {
            let bagian: Vec<(String, Decimal)> =
                s.baris.iter().map(|(l, j, _)| (l.clone(), *j)).collect();
            grafik::proporsi(
                "Hasil Kuesioner Kepuasan Pelayanan".into(),
                &bagian,
                s.total,
            )
        }),
        "ip_asn_responden" => hasil.ip_asn.as_ref().and_then(grafik::ip_asn_responden),
        "ip_asn_jenis_kelamin" | "ip_asn_jenis_jabatan" | "ip_asn_pendidikan" => {
            let want = name.trim_start_matches("ip_asn_");
            hasil.ip_asn.as_ref().and_then(|ip| {
                let k = ip.kelompok.iter().find(|k| kunci(&k.nama) == want)?;
                grafik::ip_asn_kelompok(k, &ip.nama_dimensi)
            })
        }
        _ => None,
    }
}
