//! Charts for the view: what `templates/grafik.typ` draws, computed from the
//! figures of [`crate::compute::Hitungan`].
//!
//! A chart carries two things per bar: its *label*, formatted in Indonesian
//! style by [`crate::format`] from the exact [`Decimal`], and its *length*, a
//! fraction of the longest bar as `f64`. The float is used for drawing only —
//! it never becomes a printed figure.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::compute::{AnggaranHasil, IpAsnHasil, KelompokIp, KomposisiHasil, SasaranHasil};
use crate::format::{
    self, angka_satuan, atau_strip, jumlah_persen, nomor_indikator, persen, rupiah, rupiah_persen,
};
use crate::model::Nilai;

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Jenis {
    /// Horizontal bars, one per series in each category.
    Batang,
    /// One bar of 100 % divided into the categories' shares (one bar each).
    Proporsi,
}

/// A chart as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct GrafikV {
    /// How it is drawn.
    pub jenis: Jenis,
    /// Caption (the figure's title, without "Gambar x.y").
    pub judul: String,
    /// Series names, for the legend (none for a single series).
    pub seri: Vec<String>,
    /// Categories in order.
    pub kategori: Vec<KategoriV>,
    /// A note printed under the chart (empty: none).
    pub catatan: String,
    /// The chart told in words, for readers who cannot see it (the PDF's
    /// alternative text of the figure): every category with its figures.
    pub alt: String,
}

impl GrafikV {
    /// Fills [`GrafikV::alt`] from the chart's own names and labels, so the
    /// words say exactly what the bars show.
    fn dengan_alt(mut self) -> GrafikV {
        let daftar = |f: &dyn Fn(&KategoriV) -> String| {
            self.kategori.iter().map(f).collect::<Vec<_>>().join("; ")
        };
        let isi = match (self.jenis, self.seri.len()) {
            (Jenis::Proporsi, _) => format!(
                "Grafik proporsi {}, satu batang 100% dibagi menjadi: {}.",
                self.judul,
                daftar(&|k| format!("{} {}", k.nama, label(k, 0)))
            ),
            (Jenis::Batang, 0 | 1) => format!(
                "Grafik batang {}: {}.",
                self.judul,
                daftar(&|k| format!("{} {}", k.nama, label(k, 0)))
            ),
            (Jenis::Batang, _) => format!(
                "Grafik batang {}, {} untuk setiap kategori: {}.",
                self.judul,
                daftar_dan(&self.seri),
                daftar(&|k| {
                    let nilai: Vec<String> = self
                        .seri
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{s} {}", label(k, i)))
                        .collect();
                    format!("{}: {}", k.nama, nilai.join(", "))
                })
            ),
        };
        self.alt = if self.catatan.is_empty() {
            isi
        } else {
            format!("{isi} {}", self.catatan)
        };
        self
    }
}

/// `a`, `a dan b`, `a, b dan c`.
fn daftar_dan(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [a] => a.clone(),
        [awal @ .., akhir] => format!("{} dan {akhir}", awal.join(", ")),
    }
}

/// The label of bar `i` of a category; a dash when there is none.
fn label(k: &KategoriV, i: usize) -> &str {
    k.batang.get(i).map(|b| b.label.as_str()).unwrap_or("-")
}

/// One category: its name and one bar per series.
#[derive(Debug, Clone, Serialize)]
pub struct KategoriV {
    /// Name.
    pub nama: String,
    /// Bars, in the order of [`GrafikV::seri`].
    pub batang: Vec<BatangV>,
}

/// One bar.
#[derive(Debug, Clone, Serialize)]
pub struct BatangV {
    /// Length as a fraction (0 to 1) of the longest possible bar; for drawing only.
    pub panjang: f64,
    /// The figure printed beside the bar, e.g. `"14 (60,87%)"`.
    pub label: String,
}

/// `nilai / maks` as a drawing fraction in 0..=1, four decimals; 0 when either is not positive.
pub fn porsi(nilai: Decimal, maks: Decimal) -> f64 {
    if nilai <= Decimal::ZERO || maks <= Decimal::ZERO {
        return 0.0;
    }
    (nilai / maks)
        .min(Decimal::ONE)
        .round_dp(4)
        .to_f64()
        .unwrap_or(0.0)
}

/// A staff composition: shares of one bar for the sex table, bars of counts
/// for the others. `None` when the table has no rows.
pub fn komposisi(k: &KomposisiHasil, judul: String) -> Option<GrafikV> {
    if k.baris.is_empty() {
        return None;
    }
    let maks = k.baris.iter().map(|b| b.1).max().unwrap_or(Decimal::ZERO);
    let jenis = if k.kunci == "jenis_kelamin" {
        Jenis::Proporsi
    } else {
        Jenis::Batang
    };
    let kategori = k
        .baris
        .iter()
        .map(|(nama, j, p)| KategoriV {
            nama: nama.clone(),
            batang: vec![BatangV {
                panjang: match jenis {
                    Jenis::Proporsi => porsi(*j, k.total),
                    Jenis::Batang => porsi(*j, maks),
                },
                label: jumlah_persen(*j, *p),
            }],
        })
        .collect();
    Some(
        GrafikV {
            jenis,
            judul,
            seri: Vec::new(),
            kategori,
            catatan: String::new(),
            alt: String::new(),
        }
        .dengan_alt(),
    )
}

/// Shares of a whole as one divided bar: (name, count) with the total.
pub fn proporsi(judul: String, bagian: &[(String, Decimal)], total: Decimal) -> Option<GrafikV> {
    if bagian.is_empty() || total <= Decimal::ZERO {
        return None;
    }
    Some(
        GrafikV {
            jenis: Jenis::Proporsi,
            judul,
            seri: Vec::new(),
            kategori: bagian
                .iter()
                .map(|(nama, j)| KategoriV {
                    nama: nama.clone(),
                    batang: vec![BatangV {
                        panjang: porsi(*j, total),
                        label: jumlah_persen(*j, crate::compute::serapan(total, *j)),
                    }],
                })
                .collect(),
            catatan: String::new(),
            alt: String::new(),
        }
        .dengan_alt(),
    )
}

/// IP ASN respondents against non-respondents, when all three counts are known.
pub fn ip_asn_responden(ip: &IpAsnHasil) -> Option<GrafikV> {
    let (t, r, b) = (ip.jumlah_asn?, ip.responden?, ip.bukan_responden?);
    proporsi(
        "Responden dan Bukan Responden Pengukuran Indeks Profesionalitas ASN".into(),
        &[
            ("Mengisi data (responden)".into(), r),
            ("Tidak mengisi data".into(), b),
        ],
        t,
    )
}

/// The IP ASN of a breakdown (sex, position type, education): per dimension
/// and for the index, one bar per group. Bars compare within a category.
pub fn ip_asn_kelompok(k: &KelompokIp, dims: &[String]) -> Option<GrafikV> {
    if k.baris.len() < 2 {
        return None;
    }
    let mut ukuran: Vec<(String, Vec<Option<Decimal>>)> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                d.clone(),
                k.baris
                    .iter()
                    .map(|b| b.dimensi.get(i).copied().flatten())
                    .collect(),
            )
        })
        .collect();
    ukuran.push((
        "Nilai IP ASN".into(),
        k.baris.iter().map(|b| b.nilai).collect(),
    ));
    let kategori: Vec<KategoriV> = ukuran
        .into_iter()
        .filter(|(_, v)| v.iter().any(Option::is_some))
        // Every label with two decimals, as in the tables.
        .map(|(nama, v)| {
            let maks = v.iter().flatten().copied().max().unwrap_or_default();
            KategoriV {
                nama,
                batang: v
                    .iter()
                    .map(|x| BatangV {
                        panjang: x.map(|x| porsi(x, maks)).unwrap_or(0.0),
                        label: atau_strip(*x, persen),
                    })
                    .collect(),
            }
        })
        .collect();
    if kategori.is_empty() {
        return None;
    }
    // "per Dimensi" only when dimensions are drawn, not for the index alone.
    let per_dimensi = kategori.len() > 1;
    Some(
        GrafikV {
            jenis: Jenis::Batang,
            judul: if per_dimensi {
                format!(
                    "Nilai Indeks Profesionalitas ASN per Dimensi Berdasarkan {}",
                    k.nama
                )
            } else {
                format!("Nilai Indeks Profesionalitas ASN Berdasarkan {}", k.nama)
            },
            seri: k.baris.iter().map(|b| b.uraian.clone()).collect(),
            kategori,
            catatan: if per_dimensi {
                "Panjang batang dibandingkan di dalam setiap dimensi.".into()
            } else {
                String::new()
            },
            alt: String::new(),
        }
        .dengan_alt(),
    )
}

/// Allocation against realisation per programme. `None` without programmes.
pub fn anggaran(a: &AnggaranHasil, tahun: i32) -> Option<GrafikV> {
    if a.program.is_empty() {
        return None;
    }
    let tahun = format::tahun(tahun);
    let maks = a
        .program
        .iter()
        .flat_map(|p| [p.pagu.alokasi, p.pagu.realisasi])
        .max()
        .unwrap_or_default();
    Some(
        GrafikV {
            jenis: Jenis::Batang,
            judul: format!("Anggaran dan Realisasi per Program Tahun {tahun}"),
            seri: vec!["Anggaran".into(), "Realisasi".into()],
            kategori: a
                .program
                .iter()
                .map(|p| KategoriV {
                    nama: p.pagu.uraian.clone(),
                    batang: vec![
                        BatangV {
                            panjang: porsi(p.pagu.alokasi, maks),
                            label: rupiah(p.pagu.alokasi),
                        },
                        BatangV {
                            panjang: porsi(p.pagu.realisasi, maks),
                            label: rupiah_persen(p.pagu.realisasi, p.pagu.serapan),
                        },
                    ],
                })
                .collect(),
            catatan: String::new(),
            alt: String::new(),
        }
        .dengan_alt(),
    )
}

/// Target against realisation of the numeric indicators (grades are left out);
/// each indicator is scaled on its own, since units differ. `None` when no
/// indicator is numeric.
pub fn iku(sasaran: &[SasaranHasil], tahun: i32) -> Option<GrafikV> {
    let mut kategori = Vec::new();
    for (si, s) in sasaran.iter().enumerate() {
        for (ii, i) in s.indikator.iter().enumerate() {
            let (Nilai::Angka(t), Nilai::Angka(r)) = (&i.ind.target, &i.ind.realisasi) else {
                continue;
            };
            let maks = (*t).max(*r);
            let satuan = |v: Decimal| angka_satuan(v, &i.ind.satuan);
            kategori.push(KategoriV {
                nama: format!("{} {}", nomor_indikator(si + 1, ii + 1), i.ind.uraian),
                batang: vec![
                    BatangV {
                        panjang: porsi(*t, maks),
                        label: satuan(*t),
                    },
                    BatangV {
                        panjang: porsi(*r, maks),
                        label: satuan(*r),
                    },
                ],
            });
        }
    }
    if kategori.is_empty() {
        return None;
    }
    let tahun = format::tahun(tahun);
    Some(GrafikV {
        jenis: Jenis::Batang,
        judul: format!("Target dan Realisasi Indikator Kinerja Utama Tahun {tahun}"),
        seri: vec![format!("Target {tahun}"), format!("Realisasi {tahun}")],
        kategori,
        catatan:
            "Indikator berupa predikat tidak digambarkan; setiap indikator diskalakan tersendiri."
                .into(),
            alt: String::new(),
    }
    .dengan_alt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn porsi_is_a_clamped_fraction() {
        assert_eq!(porsi(d("14"), d("23")), 0.6087);
        assert_eq!(porsi(d("5"), d("0")), 0.0);
        assert_eq!(porsi(d("-1"), d("10")), 0.0);
        assert_eq!(porsi(d("12"), d("10")), 1.0);
    }

    #[test]
    fn komposisi_labels_are_indonesian() {
        let k = KomposisiHasil {
            kunci: "jenis_kelamin",
            judul: "Jenis Kelamin",
            baris: vec![
                ("Laki-laki".into(), d("14"), Some(d("60.869565"))),
                ("Perempuan".into(), d("9"), Some(d("39.130434"))),
            ],
            total: d("23"),
        };
        let g = komposisi(&k, "x".into()).unwrap();
        assert_eq!(g.jenis, Jenis::Proporsi);
        assert_eq!(g.kategori[0].batang[0].label, "14 (60,87%)");
        assert_eq!(g.kategori[1].batang[0].panjang, 0.3913);
    }
}
