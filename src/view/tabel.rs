//! Tables: rows shared by the chapters (budget lines, indicators, scale bands)
//! and the generated tables an analysis block may name — `survei`,
//! `ip_asn_responden`, `ip_asn_nilai`, `ip_asn_jenis_kelamin`,
//! `ip_asn_jenis_jabatan`, `ip_asn_pendidikan` — with the charts that follow
//! them.

use rust_decimal::Decimal;

use super::prosa::perbandingan_kelompok;
use super::{IndikatorV, PaguV, PitaV, TabelV};
use crate::compute::{Hitungan, KelompokIp, Pagu, Pita, SasaranHasil, kriteria, serapan};
use crate::format::{
    atau_strip, bulat, dengan_satuan, kunci, nomor_indikator, persen, persen_atau_strip, rentang,
};
use crate::grafik::{self, GrafikV};

/// The names an analysis block may give as `tabel:`.
pub const NAMA_TABEL: [&str; 6] = [
    "survei",
    "ip_asn_responden",
    "ip_asn_nilai",
    "ip_asn_jenis_kelamin",
    "ip_asn_jenis_jabatan",
    "ip_asn_pendidikan",
];

/// A budget line (programme, kegiatan, sub kegiatan, expenditure type or total).
pub(super) fn pagu(p: &Pagu) -> PaguV {
    PaguV {
        kode: p.kode.clone(),
        uraian: p.uraian.clone(),
        alokasi: bulat(p.alokasi),
        realisasi: bulat(p.realisasi),
        serapan: persen_atau_strip(p.serapan),
    }
}

/// The indicator rows of sasaran number `no`, numbered `no.1`, `no.2` …
pub(super) fn indikator(s: &SasaranHasil, no: usize) -> Vec<IndikatorV> {
    s.indikator
        .iter()
        .enumerate()
        .map(|(j, i)| IndikatorV {
            no: nomor_indikator(no, j + 1),
            uraian: i.ind.uraian.clone(),
            target: dengan_satuan(&i.ind.target, &i.ind.satuan),
            realisasi: dengan_satuan(&i.ind.realisasi, &i.ind.satuan),
            capaian: persen(i.capaian),
            kriteria: i.kriteria.clone(),
        })
        .collect()
}

/// A scale, best band first, as printed ranges: each band runs from its own
/// minimum up to the minimum of the band above.
pub(super) fn pita(skala: &[Pita]) -> Vec<PitaV> {
    skala
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let upper = if i == 0 { None } else { skala[i - 1].minimal };
            PitaV {
                rentang: rentang(p.minimal, upper),
                nama: p.nama.clone(),
            }
        })
        .collect()
}

/// The generated table called `name`: `Ok(None)` when its data is absent,
/// `Err(())` when no table has that name (see [`NAMA_TABEL`]).
pub(super) fn tabel_analisis(name: &str, hasil: &Hitungan) -> Result<Option<TabelV>, ()> {
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
                .map(|(l, j, p)| vec![l.clone(), bulat(*j), persen_atau_strip(*p)])
                .collect(),
            jumlah: Some(vec![
                "Jumlah".into(),
                bulat(s.total),
                persen(Decimal::ONE_HUNDRED),
            ]),
            kolom_teks: 1,
            kolom_teks_akhir: 0,
            catatan: Vec::new(),
        })),
        "ip_asn_responden" => Ok(hasil.ip_asn.as_ref().and_then(|ip| {
            let (t, r, b) = (ip.jumlah_asn?, ip.responden?, ip.bukan_responden?);
            let pr = |x: Decimal| persen_atau_strip(serapan(t, x));
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
                jumlah: Some(vec![
                    "Jumlah ASN".into(),
                    bulat(t),
                    persen(Decimal::ONE_HUNDRED),
                ]),
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
            let mut row = vec![atau_strip(ip.responden, bulat)];
            // Two decimals in every figure column ("27,40" beside "25,52").
            row.extend(ip.dimensi.iter().map(|d| atau_strip(*d, persen)));
            row.push(persen(ip.nilai));
            row.push(ip.kategori.clone());
            // A headline outside its groups' values is said on the page, not only in `check`.
            let catatan = ip
                .di_luar_rentang
                .iter()
                .map(|(nama, min, max, rata)| {
                    super::tanpa_markup(format!(
                        "Catatan: nilai IP ASN keseluruhan {} berada di luar rentang nilai kelompok menurut {nama} ({} – {}{}); nilai keseluruhan dicetak sebagaimana tercantum pada sumber data dan selisih ini perlu ditelusuri.",
                        persen(ip.nilai),
                        persen(*min),
                        persen(*max),
                        rata.map(|r| format!("; rata-rata tertimbang jumlah responden {}", persen(r)))
                            .unwrap_or_default()
                    ))
                })
                .collect();
            TabelV {
                judul: "Nilai Indeks Profesionalitas ASN".into(),
                kepala,
                baris: vec![row],
                jumlah: None,
                kolom_teks: 0,
                kolom_teks_akhir: 1,
                catatan,
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

/// The IP ASN of one breakdown (sex, position type, education) per group, with
/// notes comparing the groups.
fn tabel_kelompok(k: &KelompokIp, dims: &[String], skala: &[Pita]) -> TabelV {
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
                atau_strip(b.responden, bulat),
                persen_atau_strip(b.persen),
            ];
            row.extend(show_dims.iter().map(|i| atau_strip(b.dimensi[*i], persen)));
            row.push(persen_atau_strip(b.nilai));
            row.push(b.nilai.map(|n| kriteria(n, skala)).unwrap_or_default());
            row
        })
        .collect();
    let mut jumlah = vec![
        "Jumlah / rata-rata tertimbang".to_string(),
        bulat(k.responden),
        persen(Decimal::ONE_HUNDRED),
    ];
    jumlah.extend(show_dims.iter().map(|_| String::new()));
    jumlah.push(k.rata_tertimbang.map(persen).unwrap_or_default());
    jumlah.push(
        k.rata_tertimbang
            .map(|n| kriteria(n, skala))
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
    for (what, vals) in measures {
        catatan.extend(perbandingan_kelompok(&what, vals));
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
pub(super) fn grafik_analisis(name: &str, hasil: &Hitungan) -> Option<GrafikV> {
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
