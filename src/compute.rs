//! Compute: every derived figure of the report (product.md §4), exact, unrounded,
//! plus the cross-checks that only make sense once figures exist.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::config::{self, Config};
use crate::diag::{Lokasi, Temuan};
use crate::format;
use crate::load::{BERKAS_ANGGARAN, BERKAS_YAML};
use crate::model::*;

const SERATUS: Decimal = Decimal::ONE_HUNDRED;

/// A band of a scale with its bound parsed.
#[derive(Debug, Clone)]
pub struct Pita {
    /// Inclusive lower bound; `None` for the lowest band.
    pub minimal: Option<Decimal>,
    /// Name, e.g. "Sangat Tinggi".
    pub nama: String,
}

/// The Permendagri 86/2017 criteria scale: ≥ 91, ≥ 76, ≥ 66, ≥ 51, below.
pub fn skala_kriteria_baku() -> Vec<Pita> {
    [
        (Some(91), "Sangat Tinggi"),
        (Some(76), "Tinggi"),
        (Some(66), "Sedang"),
        (Some(51), "Rendah"),
        (None, "Sangat Rendah"),
    ]
    .into_iter()
    .map(|(m, n)| Pita {
        minimal: m.map(Decimal::from),
        nama: n.to_string(),
    })
    .collect()
}

/// Parses configured bands (highest first); problems are recorded against `kunci`.
pub fn pita_dari_config(bands: &[config::Pita], kunci: &str, lap: &mut Temuan) -> Vec<Pita> {
    let mut out = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        let minimal = match &b.minimal {
            None => None,
            Some(t) => match crate::sheet::angka_teks(t) {
                Ok(v) => Some(v),
                Err((pesan, saran)) => {
                    lap.galat(
                        Some(Lokasi::kunci(BERKAS_YAML, &format!("{kunci}[{i}].minimal"))),
                        pesan,
                        saran,
                    );
                    None
                }
            },
        };
        out.push(Pita {
            minimal,
            nama: b.nama.clone(),
        });
    }
    let ordered = out.windows(2).all(|w| match (w[0].minimal, w[1].minimal) {
        (Some(a), Some(b)) => a > b,
        (Some(_), None) => true,
        (None, _) => false,
    });
    if !ordered || out.last().is_some_and(|p| p.minimal.is_some()) {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, kunci)),
            "urutan pita tidak benar",
            Some(
                "tulis pita dari nilai minimal tertinggi ke terendah; pita terakhir tanpa minimal"
                    .into(),
            ),
        );
    }
    out
}

/// The band a value falls in: half-open bands, so no value falls in a gap.
pub fn kriteria(value: Decimal, skala: &[Pita]) -> String {
    skala
        .iter()
        .find(|p| p.minimal.is_none_or(|m| value >= m))
        .map(|p| p.nama.clone())
        .unwrap_or_default()
}

/// Capaian of an indicator, in percent (unrounded).
pub fn capaian(ind: &Indikator) -> Result<Decimal, String> {
    match (&ind.target, &ind.realisasi, ind.arah) {
        (Nilai::Angka(t), Nilai::Angka(r), Arah::Naik) => {
            if t.is_zero() {
                return Err("target bernilai nol".into());
            }
            Ok(r / t * SERATUS)
        }
        (Nilai::Angka(t), Nilai::Angka(r), Arah::Turun) => {
            if t.is_zero() {
                return Err("target bernilai nol".into());
            }
            Ok((Decimal::TWO - r / t) * SERATUS)
        }
        (Nilai::Predikat(t), Nilai::Predikat(r), Arah::Predikat) => {
            if r <= t {
                return Ok(SERATUS);
            }
            match (ind.skor_target, ind.skor_realisasi) {
                (Some(st), Some(sr)) if !st.is_zero() => Ok(sr / st * SERATUS),
                _ => Err(format!(
                    "predikat realisasi {} di bawah target {}; capaian memerlukan nilai angka keduanya",
                    PREDIKAT[*r], PREDIKAT[*t]
                )),
            }
        }
        _ => Err("target dan realisasi harus sama jenisnya (angka atau predikat)".into()),
    }
}

/// An indicator with its result.
#[derive(Debug, Clone)]
pub struct IndikatorHasil {
    /// The indicator.
    pub ind: Indikator,
    /// Capaian in percent.
    pub capaian: Decimal,
    /// Criterion.
    pub kriteria: String,
}

/// A sasaran with its results.
#[derive(Debug, Clone)]
pub struct SasaranHasil {
    /// Index of its tujuan in the configuration.
    pub tujuan: usize,
    /// The configured sasaran.
    pub sasaran: config::Sasaran,
    /// Its indicators.
    pub indikator: Vec<IndikatorHasil>,
    /// Mean of the indicators' capaian.
    pub capaian: Decimal,
    /// Criterion of that mean.
    pub kriteria: String,
    /// Budget of its programmes: allocation, realisation, absorption.
    pub anggaran: Option<(Decimal, Decimal, Option<Decimal>)>,
    /// Its supporting programmes (from `program:` in the YAML), each with its
    /// own budget, in the order of the YAML.
    pub program: Vec<Pagu>,
}

/// Budget figures of one row at any level.
#[derive(Debug, Clone)]
pub struct Pagu {
    /// Code.
    pub kode: String,
    /// Name.
    pub uraian: String,
    /// Allocation.
    pub alokasi: Decimal,
    /// Realisation.
    pub realisasi: Decimal,
    /// Absorption in percent; `None` when the allocation is zero.
    pub serapan: Option<Decimal>,
}

impl Pagu {
    fn baru(kode: &str, uraian: &str, alokasi: Decimal, realisasi: Decimal) -> Pagu {
        Pagu {
            kode: kode.to_string(),
            uraian: uraian.to_string(),
            alokasi,
            realisasi,
            serapan: serapan(alokasi, realisasi),
        }
    }
}

/// Absorption `realisasi / alokasi × 100`, `None` when nothing was allocated.
pub fn serapan(alokasi: Decimal, realisasi: Decimal) -> Option<Decimal> {
    (!alokasi.is_zero()).then(|| realisasi / alokasi * SERATUS)
}

/// A kegiatan with its sub kegiatan.
#[derive(Debug, Clone)]
pub struct KegiatanHasil {
    /// The kegiatan's sums.
    pub pagu: Pagu,
    /// Its sub kegiatan.
    pub sub: Vec<Pagu>,
}

/// A programme with its kegiatan.
#[derive(Debug, Clone)]
pub struct ProgramHasil {
    /// The programme's sums.
    pub pagu: Pagu,
    /// Its kegiatan.
    pub kegiatan: Vec<KegiatanHasil>,
}

/// Budget results.
#[derive(Debug, Clone)]
pub struct AnggaranHasil {
    /// Programmes.
    pub program: Vec<ProgramHasil>,
    /// Per expenditure type.
    pub per_jenis: Vec<Pagu>,
    /// Grand total.
    pub total: Pagu,
    /// Number of kegiatan.
    pub jumlah_kegiatan: usize,
    /// Number of sub kegiatan.
    pub jumlah_sub: usize,
}

/// A composition table with shares of its own total.
#[derive(Debug, Clone)]
pub struct KomposisiHasil {
    /// Reference key.
    pub kunci: &'static str,
    /// Title.
    pub judul: &'static str,
    /// Label, count, share in percent.
    pub baris: Vec<(String, Decimal, Option<Decimal>)>,
    /// Total of this table.
    pub total: Decimal,
}

/// Shares of a table's own total (never another denominator).
pub fn bagian(baris: &[(String, Decimal)]) -> (Vec<(String, Decimal, Option<Decimal>)>, Decimal) {
    let total: Decimal = baris.iter().map(|(_, j)| *j).sum();
    let rows = baris
        .iter()
        .map(|(l, j)| (l.clone(), *j, serapan(total, *j)))
        .collect();
    (rows, total)
}

/// A row of IP ASN results with its index.
#[derive(Debug, Clone)]
pub struct BarisIpHasil {
    /// Label.
    pub uraian: String,
    /// Respondents.
    pub responden: Option<Decimal>,
    /// Share of the group's respondents.
    pub persen: Option<Decimal>,
    /// Dimension scores.
    pub dimensi: Vec<Option<Decimal>>,
    /// Index (typed, else sum of dimensions).
    pub nilai: Option<Decimal>,
}

/// A breakdown of IP ASN.
#[derive(Debug, Clone)]
pub struct KelompokIp {
    /// Group name, e.g. "Jenis Kelamin".
    pub nama: String,
    /// Rows.
    pub baris: Vec<BarisIpHasil>,
    /// Respondents of the group.
    pub responden: Decimal,
    /// Respondent-weighted mean index, when counts and indices are complete.
    pub rata_tertimbang: Option<Decimal>,
}

/// IP ASN results.
#[derive(Debug, Clone)]
pub struct IpAsnHasil {
    /// Headline index.
    pub nilai: Decimal,
    /// Its category.
    pub kategori: String,
    /// Headline dimension scores.
    pub dimensi: Vec<Option<Decimal>>,
    /// Dimension names.
    pub nama_dimensi: Vec<String>,
    /// Respondents.
    pub responden: Option<Decimal>,
    /// All civil servants.
    pub jumlah_asn: Option<Decimal>,
    /// Non-respondents, computed.
    pub bukan_responden: Option<Decimal>,
    /// Breakdowns.
    pub kelompok: Vec<KelompokIp>,
    /// Category scale.
    pub skala: Vec<Pita>,
    /// Breakdowns whose values do not contain the headline index: group name,
    /// lowest and highest group value, respondent-weighted mean. Printed as a
    /// note under the index, never silently.
    pub di_luar_rentang: Vec<(String, Decimal, Decimal, Option<Decimal>)>,
}

/// Survey results.
#[derive(Debug, Clone)]
pub struct SurveiHasil {
    /// Answer, count, share.
    pub baris: Vec<(String, Decimal, Option<Decimal>)>,
    /// Questionnaires.
    pub total: Decimal,
}

/// Everything computed.
#[derive(Debug, Clone)]
pub struct Hitungan {
    /// Total quantity of assets.
    pub aset_total: Option<Decimal>,
    /// Staff tables.
    pub pegawai: Vec<KomposisiHasil>,
    /// Budget.
    pub anggaran: AnggaranHasil,
    /// Sasaran in configuration order.
    pub sasaran: Vec<SasaranHasil>,
    /// Mean of the sasaran.
    pub rata_rata: Decimal,
    /// Its criterion.
    pub kriteria: String,
    /// Criteria scale.
    pub skala: Vec<Pita>,
    /// Survey.
    pub survei: Option<SurveiHasil>,
    /// IP ASN.
    pub ip_asn: Option<IpAsnHasil>,
}

fn rata(values: &[Decimal]) -> Decimal {
    if values.is_empty() {
        Decimal::ZERO
    } else {
        values.iter().sum::<Decimal>() / Decimal::from(values.len())
    }
}

/// Computes every figure; cross-checks go into `lap`.
pub fn hitung(config: &Config, data: &Data, lap: &mut Temuan) -> Hitungan {
    let skala = match &config.kriteria {
        Some(b) => pita_dari_config(b, "kriteria", lap),
        None => skala_kriteria_baku(),
    };
    let aset_total = data.aset.as_ref().map(|a| a.iter().map(|x| x.jumlah).sum());
    let pegawai = data
        .pegawai
        .iter()
        .map(|k| {
            let (baris, total) = bagian(&k.baris);
            KomposisiHasil {
                kunci: k.kunci,
                judul: k.judul,
                baris,
                total,
            }
        })
        .collect::<Vec<_>>();
    cek_pegawai(data, &pegawai, lap);
    let anggaran = hitung_anggaran(config, &data.anggaran, lap);
    let sasaran = hitung_sasaran(config, data, &anggaran, &skala, lap);
    let rata_rata = rata(&sasaran.iter().map(|s| s.capaian).collect::<Vec<_>>());
    let kriteria_total = kriteria(rata_rata, &skala);
    let survei = data.survei.as_ref().map(|s| {
        let (baris, total) = bagian(&s.baris);
        SurveiHasil { baris, total }
    });
    let ip_asn = data
        .ip_asn
        .as_ref()
        .zip(config.ip_asn.as_ref())
        .map(|(ip, cfg)| hitung_ip_asn(ip, cfg, lap));
    cek_sumber(&sasaran, survei.as_ref(), ip_asn.as_ref(), lap);
    Hitungan {
        aset_total,
        pegawai,
        anggaran,
        sasaran,
        rata_rata,
        kriteria: kriteria_total,
        skala,
        survei,
        ip_asn,
    }
}

fn cek_pegawai(data: &Data, pegawai: &[KomposisiHasil], lap: &mut Temuan) {
    let Some(first) = pegawai.first() else { return };
    if data
        .pegawai
        .iter()
        .any(|k| lap.ada_galat_di(&k.lokasi.berkas))
    {
        return;
    }
    for (k, src) in pegawai.iter().zip(&data.pegawai).skip(1) {
        if k.total != first.total {
            lap.peringatan(
                Some(src.lokasi.clone()),
                format!(
                    "jumlah pegawai menurut {} ({}) berbeda dengan menurut {} ({})",
                    k.judul,
                    format::bulat(k.total),
                    first.judul,
                    format::bulat(first.total)
                ),
                Some(
                    "periksa kembali data pegawai; setiap lembar harus mencakup seluruh ASN".into(),
                ),
            );
        }
    }
}

fn cek_diketik(d: &Diketik, alokasi: Decimal, realisasi: Decimal, apa: &str, lap: &mut Temuan) {
    for (typed, computed, kolom) in [
        (&d.anggaran, alokasi, "anggaran"),
        (&d.realisasi, realisasi, "realisasi"),
    ] {
        if let Some((v, lok)) = typed
            && *v != computed
        {
            lap.galat(
                Some(lok.clone()),
                format!(
                    "{kolom} {apa} tertulis {}, padahal jumlah rinciannya {} (selisih {})",
                    format::bulat(*v),
                    format::bulat(computed),
                    format::bulat(*v - computed)
                ),
                Some(
                    "perbaiki angka ini atau kosongkan sel; lapkin menjumlahkan rincian sendiri"
                        .into(),
                ),
            );
        }
    }
}

fn hitung_anggaran(config: &Config, a: &Anggaran, lap: &mut Temuan) -> AnggaranHasil {
    // With an unreadable amount the sums are incomplete: comparing typed totals
    // with them would only repeat that error.
    let lengkap = !lap.ada_galat_di(BERKAS_ANGGARAN);
    let mut program = Vec::new();
    let mut jumlah_kegiatan = 0;
    let mut jumlah_sub = 0;
    let mut per_jenis: Vec<(String, Decimal, Decimal)> = config
        .akuntabilitas
        .jenis_belanja
        .iter()
        .map(|j| (j.clone(), Decimal::ZERO, Decimal::ZERO))
        .collect();
    for p in &a.program {
        let mut kegiatan = Vec::new();
        for k in &p.kegiatan {
            jumlah_kegiatan += 1;
            let mut sub = Vec::new();
            for s in &k.sub {
                jumlah_sub += 1;
                if s.terbaca && s.realisasi > s.anggaran {
                    lap.galat(
                        Some(s.lokasi.clone()),
                        format!(
                            "realisasi sub kegiatan {} \"{}\" ({}) melebihi anggarannya ({})",
                            s.kode,
                            s.uraian,
                            format::bulat(s.realisasi),
                            format::bulat(s.anggaran)
                        ),
                        Some("periksa angka realisasi di anggaran.xlsx".into()),
                    );
                }
                match per_jenis.iter_mut().find(|(j, _, _)| {
                    crate::sheet::normal(j) == crate::sheet::normal(&s.jenis_belanja)
                }) {
                    Some(e) => {
                        e.1 += s.anggaran;
                        e.2 += s.realisasi;
                    }
                    None => per_jenis.push((s.jenis_belanja.clone(), s.anggaran, s.realisasi)),
                }
                sub.push(Pagu::baru(&s.kode, &s.uraian, s.anggaran, s.realisasi));
            }
            if sub.is_empty() && lengkap {
                lap.peringatan(
                    Some(k.lokasi.clone()),
                    format!(
                        "kegiatan {} \"{}\" tidak punya sub kegiatan",
                        k.kode, k.uraian
                    ),
                    Some(
                        "tambahkan sub kegiatan berkode di bawahnya atau hapus baris kegiatan"
                            .into(),
                    ),
                );
            }
            let alokasi = sub.iter().map(|s| s.alokasi).sum();
            let realisasi = sub.iter().map(|s| s.realisasi).sum();
            if lengkap {
                let apa = format!("kegiatan {}", k.kode);
                cek_diketik(&k.diketik, alokasi, realisasi, &apa, lap);
            }
            kegiatan.push(KegiatanHasil {
                pagu: Pagu::baru(&k.kode, &k.uraian, alokasi, realisasi),
                sub,
            });
        }
        let alokasi = kegiatan.iter().map(|k| k.pagu.alokasi).sum();
        let realisasi = kegiatan.iter().map(|k| k.pagu.realisasi).sum();
        if lengkap {
            let apa = format!("program {}", p.kode);
            cek_diketik(&p.diketik, alokasi, realisasi, &apa, lap);
        }
        program.push(ProgramHasil {
            pagu: Pagu::baru(&p.kode, &p.uraian, alokasi, realisasi),
            kegiatan,
        });
    }
    let alokasi = program.iter().map(|p| p.pagu.alokasi).sum();
    let realisasi = program.iter().map(|p| p.pagu.realisasi).sum();
    if lengkap {
        cek_diketik(&a.jumlah_diketik, alokasi, realisasi, "total", lap);
    }
    AnggaranHasil {
        program,
        per_jenis: per_jenis
            .into_iter()
            .map(|(j, a, r)| Pagu::baru("", &j, a, r))
            .collect(),
        total: Pagu::baru("", "Jumlah", alokasi, realisasi),
        jumlah_kegiatan,
        jumlah_sub,
    }
}

fn hitung_sasaran(
    config: &Config,
    data: &Data,
    anggaran: &AnggaranHasil,
    skala: &[Pita],
    lap: &mut Temuan,
) -> Vec<SasaranHasil> {
    let mut out = Vec::new();
    let known: Vec<&str> = config
        .perencanaan
        .tujuan
        .iter()
        .flat_map(|t| t.sasaran.iter().map(|s| s.kode.as_str()))
        .collect();
    for ind in &data.iku {
        if !ind.sasaran.is_empty() && !known.contains(&ind.sasaran.as_str()) {
            lap.galat(
                Some(ind.lokasi.clone()),
                format!("kode sasaran \"{}\" tidak ada di lapkin.yaml", ind.sasaran),
                Some(format!("kode yang ada: {}", known.join(", "))),
            );
        }
    }
    for (ti, t) in config.perencanaan.tujuan.iter().enumerate() {
        for s in &t.sasaran {
            let mut indikator = Vec::new();
            let rows: Vec<&Indikator> = data.iku.iter().filter(|i| i.sasaran == s.kode).collect();
            for ind in rows.iter().copied() {
                if ind.rusak {
                    // Reported already; kept so its sasaran and names exist.
                    indikator.push(IndikatorHasil {
                        ind: ind.clone(),
                        capaian: Decimal::ZERO,
                        kriteria: String::new(),
                    });
                    continue;
                }
                if ind.arah == Arah::Predikat && !cek_predikat(ind, lap) {
                    indikator.push(IndikatorHasil {
                        ind: Indikator {
                            rusak: true,
                            ..ind.clone()
                        },
                        capaian: Decimal::ZERO,
                        kriteria: String::new(),
                    });
                    continue;
                }
                match capaian(ind) {
                    Ok(c) => indikator.push(IndikatorHasil {
                        ind: ind.clone(),
                        capaian: c,
                        kriteria: kriteria(c, skala),
                    }),
                    Err(e) => {
                        lap.galat(
                            Some(ind.lokasi.clone()),
                            format!("capaian \"{}\" tidak dapat dihitung: {e}", ind.uraian),
                            Some(
                                "isi kolom Nilai Target dan Nilai Realisasi dengan angka predikatnya"
                                    .into(),
                            ),
                        );
                        indikator.push(IndikatorHasil {
                            ind: Indikator {
                                rusak: true,
                                ..ind.clone()
                            },
                            capaian: Decimal::ZERO,
                            kriteria: String::new(),
                        });
                    }
                }
            }
            if rows.is_empty() && !data.iku.is_empty() {
                lap.galat(
                    Some(Lokasi::kunci(BERKAS_YAML, &format!("sasaran {}", s.kode))),
                    format!(
                        "sasaran {} tidak punya indikator yang dapat dihitung",
                        s.kode
                    ),
                    Some(
                        "tambahkan baris indikator dengan kode sasaran ini di kinerja.xlsx › IKU"
                            .into(),
                    ),
                );
            }
            let capaian = rata(
                &indikator
                    .iter()
                    .filter(|i| !i.ind.rusak)
                    .map(|i| i.capaian)
                    .collect::<Vec<_>>(),
            );
            let progs: Vec<&ProgramHasil> = anggaran
                .program
                .iter()
                .filter(|p| s.program.contains(&p.pagu.kode))
                .collect();
            for kode in &s.program {
                if !anggaran.program.iter().any(|p| &p.pagu.kode == kode)
                    && !anggaran.program.is_empty()
                {
                    lap.galat(
                        Some(Lokasi::kunci(
                            BERKAS_YAML,
                            &format!("sasaran {} › program", s.kode),
                        )),
                        format!("program berkode {kode} tidak ada di anggaran.xlsx"),
                        None,
                    );
                }
            }
            let program: Vec<Pagu> = s
                .program
                .iter()
                .filter_map(|k| anggaran.program.iter().find(|p| &p.pagu.kode == k))
                .map(|p| p.pagu.clone())
                .collect();
            let anggaran_s = (!progs.is_empty()).then(|| {
                let a: Decimal = progs.iter().map(|p| p.pagu.alokasi).sum();
                let r: Decimal = progs.iter().map(|p| p.pagu.realisasi).sum();
                (a, r, serapan(a, r))
            });
            out.push(SasaranHasil {
                tujuan: ti,
                sasaran: s.clone(),
                kriteria: kriteria(capaian, skala),
                indikator,
                capaian,
                anggaran: anggaran_s,
                program,
            });
        }
    }
    out
}

fn hitung_ip_asn(ip: &IpAsn, cfg: &config::IpAsnConfig, lap: &mut Temuan) -> IpAsnHasil {
    let skala = pita_dari_config(&cfg.kategori, "ip_asn.kategori", lap);
    let nilai_baris = |b: &BarisIp, lap: &mut Temuan| -> Option<Decimal> {
        let sum: Option<Decimal> = b.dimensi.iter().copied().sum();
        match (b.nilai, sum) {
            (Some(n), Some(s)) => {
                // Source systems round each dimension: allow a rounding difference.
                if (n - s).abs() > Decimal::from_str("0.05").unwrap_or_default() {
                    lap.peringatan(
                        Some(b.lokasi.clone()),
                        format!(
                            "nilai IP ASN \"{}\" {} berbeda dengan jumlah dimensinya {}",
                            b.uraian,
                            format::persen(n),
                            format::persen(s)
                        ),
                        Some(
                            "nilai IP ASN adalah jumlah nilai keempat dimensi; periksa angkanya"
                                .into(),
                        ),
                    );
                }
                Some(n)
            }
            (Some(n), None) => Some(n),
            (None, s) => s,
        }
    };
    let head = &ip.keseluruhan;
    let nilai = nilai_baris(head, lap).unwrap_or_else(|| {
        lap.galat(
            Some(head.lokasi.clone()),
            "nilai IP ASN keseluruhan kosong dan dimensinya tidak lengkap",
            Some("isi kolom Nilai atau keempat kolom dimensi".into()),
        );
        Decimal::ZERO
    });
    let bukan_responden = match (ip.jumlah_asn, head.responden) {
        (Some(t), Some(r)) if r > t => {
            lap.galat(
                Some(head.lokasi.clone()),
                format!(
                    "jumlah responden ({}) melebihi jumlah ASN ({})",
                    format::bulat(r),
                    format::bulat(t)
                ),
                Some("responden adalah bagian dari seluruh ASN; periksa kedua angka".into()),
            );
            None
        }
        (Some(t), Some(r)) => Some(t - r),
        _ => None,
    };
    let mut kelompok = Vec::new();
    let mut di_luar_rentang = Vec::new();
    for (nama, rows) in &ip.kelompok {
        let responden: Decimal = rows.iter().filter_map(|b| b.responden).sum();
        let mut baris = Vec::new();
        for b in rows {
            baris.push(BarisIpHasil {
                uraian: b.uraian.clone(),
                responden: b.responden,
                persen: b.responden.and_then(|r| serapan(responden, r)),
                dimensi: b.dimensi.clone(),
                nilai: nilai_baris(b, lap),
            });
        }
        if let Some(r) = head.responden
            && rows.iter().all(|b| b.responden.is_some())
            && responden != r
        {
            let pesan = format!(
                "jumlah responden menurut {nama} ({}) {} responden keseluruhan ({})",
                format::bulat(responden),
                if responden > r {
                    "melebihi"
                } else {
                    "kurang dari"
                },
                format::bulat(r)
            );
            let saran = Some(
                "setiap rincian harus mencakup seluruh responden, tidak lebih dan tidak kurang"
                    .to_string(),
            );
            if responden > r {
                lap.galat(Some(rows[0].lokasi.clone()), pesan, saran);
            } else {
                lap.peringatan(Some(rows[0].lokasi.clone()), pesan, saran);
            }
        }
        let rata_tertimbang = (baris
            .iter()
            .all(|b| b.responden.is_some() && b.nilai.is_some())
            && !responden.is_zero())
        .then(|| {
            baris
                .iter()
                .try_fold(Decimal::ZERO, |acc, b| {
                    acc.checked_add(
                        b.responden
                            .unwrap_or_default()
                            .checked_mul(b.nilai.unwrap_or_default())?,
                    )
                })
                .and_then(|jumlah| jumlah.checked_div(responden))
        })
        .flatten();
        let values: Vec<Decimal> = baris.iter().filter_map(|b| b.nilai).collect();
        if let (Some(min), Some(max)) = (values.iter().min(), values.iter().max())
            && (nilai < *min || nilai > *max)
        {
            di_luar_rentang.push((nama.clone(), *min, *max, rata_tertimbang));
            lap.peringatan(
                Some(head.lokasi.clone()),
                format!(
                    "nilai IP ASN keseluruhan {} berada di luar rentang nilai menurut {nama} ({} – {}){}",
                    format::persen(nilai),
                    format::persen(*min),
                    format::persen(*max),
                    rata_tertimbang
                        .map(|r| format!("; rata-rata tertimbang jumlah responden {}", format::persen(r)))
                        .unwrap_or_default()
                ),
                Some("nilai keseluruhan seharusnya berada di antara nilai kelompoknya; periksa sumber data IP ASN".into()),
            );
        }
        for (di, dn) in ip.nama_dimensi.iter().enumerate() {
            let sub: Vec<Decimal> = baris
                .iter()
                .filter_map(|b| b.dimensi.get(di).copied().flatten())
                .collect();
            if let (Some(h), Some(max), Some(min)) = (
                head.dimensi.get(di).copied().flatten(),
                sub.iter().max(),
                sub.iter().min(),
            ) && (h > *max || h < *min)
            {
                lap.peringatan(
                    Some(head.lokasi.clone()),
                    format!(
                        "dimensi {dn} keseluruhan {} berada di luar rentang nilai menurut {nama} ({} – {})",
                        format::persen(h),
                        format::persen(*min),
                        format::persen(*max)
                    ),
                    Some("periksa sumber data IP ASN".into()),
                );
            }
        }
        kelompok.push(KelompokIp {
            nama: nama.clone(),
            baris,
            responden,
            rata_tertimbang,
        });
    }
    IpAsnHasil {
        kategori: kriteria(nilai, &skala),
        nilai,
        dimensi: head.dimensi.clone(),
        nama_dimensi: ip.nama_dimensi.clone(),
        responden: head.responden,
        jumlah_asn: ip.jumlah_asn,
        bukan_responden,
        kelompok,
        skala,
        di_luar_rentang,
    }
}

/// The AKIP grade bands (PermenPANRB 88/2021): a grade's score lies above
/// the first bound and at most the second.
pub fn rentang_predikat(peringkat: usize) -> (Decimal, Decimal) {
    const BATAS: [(i64, i64); 7] = [
        (90, 100),
        (80, 90),
        (70, 80),
        (60, 70),
        (50, 60),
        (30, 50),
        (-1, 30),
    ];
    let (lo, hi) = BATAS[peringkat.min(6)];
    (Decimal::from(lo), Decimal::from(hi))
}

/// Checks a letter-grade indicator's grades against their scores: a score
/// outside its grade's AKIP band is a warning on its cell; scores whose order
/// contradicts the grades' order (a worse grade with a higher score) make the
/// capaian meaningless and are an error. Returns whether the row is usable.
fn cek_predikat(ind: &Indikator, lap: &mut Temuan) -> bool {
    let (Nilai::Predikat(t), Nilai::Predikat(r)) = (&ind.target, &ind.realisasi) else {
        return true;
    };
    let lokasi = |l: &Option<Lokasi>| Some(l.clone().unwrap_or_else(|| ind.lokasi.clone()));
    for (apa, p, skor, sel) in [
        ("target", *t, ind.skor_target, &ind.sel.skor_target),
        ("realisasi", *r, ind.skor_realisasi, &ind.sel.skor_realisasi),
    ] {
        let Some(v) = skor else { continue };
        let (lo, hi) = rentang_predikat(p);
        if v <= lo.max(Decimal::ZERO) && !(p == 6 && v.is_zero()) || v > hi {
            let batas = if p == 6 {
                format!("0 sampai {}", format::bulat(hi))
            } else {
                format!("di atas {} sampai {}", format::bulat(lo), format::bulat(hi))
            };
            lap.peringatan(
                lokasi(sel),
                format!(
                    "nilai {apa} \"{}\" {} tidak sesuai dengan predikatnya {}: menurut skala AKIP predikat {} untuk nilai {batas}",
                    ind.uraian,
                    format::apa_adanya(v),
                    PREDIKAT[p],
                    PREDIKAT[p]
                ),
                Some("periksa predikat dan nilai angkanya pada laporan hasil evaluasi; keduanya harus dari dokumen yang sama".into()),
            );
        }
    }
    if let (Some(st), Some(sr)) = (ind.skor_target, ind.skor_realisasi)
        && ((r > t && sr > st) || (r < t && sr < st))
    {
        lap.galat(
            lokasi(&ind.sel.skor_realisasi),
            format!(
                "predikat realisasi \"{}\" {} {} dari target {}, tetapi nilai realisasinya ({}) {} dari nilai target ({})",
                ind.uraian,
                PREDIKAT[*r],
                if r > t { "lebih rendah" } else { "lebih tinggi" },
                PREDIKAT[*t],
                format::apa_adanya(sr),
                if r > t { "lebih tinggi" } else { "lebih rendah" },
                format::apa_adanya(st)
            ),
            Some("predikat yang lebih baik harus bernilai lebih tinggi; perbaiki predikat atau nilai di kolom Nilai Target/Nilai Realisasi".into()),
        );
        return false;
    }
    true
}

/// Checks indicators against the sheets they summarise: the indicator of a
/// sasaran whose analysis shows the survey against the survey's first answer
/// (e.g. "Puas"), and the one whose analysis shows the IP ASN against the
/// headline index. Equal after rounding to the decimals the indicator was
/// typed with; otherwise a warning on the Realisasi cell.
fn cek_sumber(
    sasaran: &[SasaranHasil],
    survei: Option<&SurveiHasil>,
    ip_asn: Option<&IpAsnHasil>,
    lap: &mut Temuan,
) {
    // A sheet with an error gives no figure to compare with.
    if lap.ada_galat_di("kinerja.") {
        return;
    }
    for s in sasaran {
        let tabel: Vec<&str> = s
            .sasaran
            .analisis
            .iter()
            .filter_map(|b| b.tabel.as_deref())
            .collect();
        let mut sumber: Option<(Decimal, String)> = None;
        if tabel.contains(&"survei")
            && let Some(sv) = survei
            && let Some((label, j, Some(p))) = sv.baris.first()
        {
            sumber = Some((
                *p,
                format!(
                    "lembar Survei memberi {}% (\"{label}\": {} dari {} kuesioner)",
                    format::persen(*p),
                    format::bulat(*j),
                    format::bulat(sv.total)
                ),
            ));
        } else if tabel.iter().any(|t| t.starts_with("ip_asn"))
            && let Some(ip) = ip_asn
        {
            sumber = Some((
                ip.nilai,
                format!(
                    "lembar IP ASN memberi nilai keseluruhan {}",
                    format::persen(ip.nilai)
                ),
            ));
        }
        let Some((nilai, asal)) = sumber else {
            continue;
        };
        let angka: Vec<&IndikatorHasil> = s
            .indikator
            .iter()
            .filter(|i| !i.ind.rusak && matches!(i.ind.realisasi, Nilai::Angka(_)))
            .collect();
        // With several numeric indicators it is not known which one the sheet measures.
        let [i] = angka[..] else { continue };
        let Nilai::Angka(r) = i.ind.realisasi else {
            continue;
        };
        let r = r.normalize();
        let dp = r.scale().min(4);
        if nilai.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            != r
        {
            lap.peringatan(
                Some(i.ind.sel.realisasi.clone().unwrap_or_else(|| i.ind.lokasi.clone())),
                format!(
                    "realisasi \"{}\" tertulis {}, padahal {asal}",
                    i.ind.uraian,
                    format::dengan_satuan(&i.ind.realisasi, &i.ind.satuan)
                ),
                Some("samakan realisasi indikator dengan hasil lembar yang diringkasnya, atau perbaiki lembar itu".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(arah: Arah, target: Nilai, realisasi: Nilai) -> Indikator {
        Indikator {
            sasaran: "S1".into(),
            uraian: "x".into(),
            satuan: String::new(),
            arah,
            target,
            realisasi,
            skor_target: None,
            skor_realisasi: None,
            lalu: Vec::new(),
            target_renstra: None,
            standar_nasional: None,
            lokasi: Lokasi::berkas("kinerja.xlsx"),
            sel: SelIndikator::default(),
            rusak: false,
        }
    }

    #[test]
    fn capaian_higher_is_better() {
        let i = ind(Arah::Naik, Nilai::Angka(d("86")), Nilai::Angka(d("82")));
        assert_eq!(format::persen(capaian(&i).unwrap()), "95,35");
        let i = ind(Arah::Naik, Nilai::Angka(d("76")), Nilai::Angka(d("75.44")));
        assert_eq!(format::persen(capaian(&i).unwrap()), "99,26");
    }

    #[test]
    fn capaian_lower_is_better() {
        // Target 10 % unemployment, realised 8 % → (2 − 0,8) × 100 = 120.
        let i = ind(Arah::Turun, Nilai::Angka(d("10")), Nilai::Angka(d("8")));
        assert_eq!(capaian(&i).unwrap(), d("120"));
        let i = ind(Arah::Turun, Nilai::Angka(d("10")), Nilai::Angka(d("12")));
        assert_eq!(capaian(&i).unwrap(), d("80"));
    }

    #[test]
    fn capaian_letter_grade() {
        let bb = PREDIKAT.iter().position(|p| *p == "BB").unwrap();
        let a = PREDIKAT.iter().position(|p| *p == "A").unwrap();
        let i = ind(Arah::Predikat, Nilai::Predikat(bb), Nilai::Predikat(bb));
        assert_eq!(capaian(&i).unwrap(), d("100"));
        let i = ind(Arah::Predikat, Nilai::Predikat(bb), Nilai::Predikat(a));
        assert_eq!(capaian(&i).unwrap(), d("100"));
        let mut i = ind(Arah::Predikat, Nilai::Predikat(a), Nilai::Predikat(bb));
        assert!(capaian(&i).unwrap_err().contains("nilai angka"));
        i.skor_target = Some(d("80"));
        i.skor_realisasi = Some(d("78.4"));
        assert_eq!(capaian(&i).unwrap(), d("98"));
    }

    #[test]
    fn criteria_boundaries() {
        let s = skala_kriteria_baku();
        for (v, k) in [
            ("50.99", "Sangat Rendah"),
            ("51", "Rendah"),
            ("65.99", "Rendah"),
            ("66", "Sedang"),
            ("75.99", "Sedang"),
            ("76", "Tinggi"),
            ("90.99", "Tinggi"),
            ("90.999", "Tinggi"),
            ("91", "Sangat Tinggi"),
            ("100", "Sangat Tinggi"),
            ("120", "Sangat Tinggi"),
            ("0", "Sangat Rendah"),
        ] {
            assert_eq!(kriteria(d(v), &s), k, "{v}");
        }
    }

    #[test]
    fn shares_use_their_own_total() {
        let rows = vec![
            ("S-3".to_string(), d("1")),
            ("S-2".to_string(), d("229")),
            ("S-1".to_string(), d("2415")),
            ("D-III".to_string(), d("469")),
            ("SLTA".to_string(), d("429")),
            ("SD".to_string(), d("18")),
        ];
        let (b, total) = bagian(&rows);
        assert_eq!(total, d("3561"));
        assert_eq!(format::persen(b[1].2.unwrap()), "6,43");
        assert_eq!(format::persen(b[3].2.unwrap()), "13,17");
    }

    #[test]
    fn absorption_of_nothing_is_undefined() {
        assert_eq!(serapan(Decimal::ZERO, Decimal::ZERO), None);
        assert_eq!(
            format::persen(serapan(d("5581000815"), d("5210070860")).unwrap()),
            "93,35"
        );
    }
}
