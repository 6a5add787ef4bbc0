//! BAB I Pendahuluan: the organisation structure, the asset table and the
//! staff composition tables.

use super::bangun::Narasi;
use super::{AsetV, KomposisiV, UnitV};
use crate::compute::Hitungan;
use crate::config::{Config, Unit};
use crate::diag::Temuan;
use crate::format::{bulat, cacah, persen_atau_strip};
use crate::grafik;
use crate::model::Data;

/// The organisation structure as nested units, from the agency down.
pub(super) fn struktur(config: &Config) -> Vec<UnitV> {
    vec![unit(&config.instansi.struktur)]
}

fn unit(u: &Unit) -> UnitV {
    UnitV {
        nama: u.nama.clone(),
        bawahan: u.bawahan.iter().map(unit).collect(),
        alt: uraian_unit(u),
        staf: u.nama.trim().to_lowercase().starts_with("sekretari"),
    }
}

/// A unit and the units under it in words, for readers who cannot see the
/// org chart: `Kepala Badan (membawahi Sekretaris (membawahi Subbagian
/// Umum, …), Bidang …)`.
fn uraian_unit(u: &Unit) -> String {
    if u.bawahan.is_empty() {
        return u.nama.clone();
    }
    let bawahan: Vec<String> = u.bawahan.iter().map(uraian_unit).collect();
    format!("{} (membawahi {})", u.nama, bawahan.join(", "))
}

/// The asset table, numbered, with its total; none without an asset sheet.
pub(super) fn aset(data: &Data, hasil: &Hitungan) -> Option<AsetV> {
    data.aset.as_ref().map(|a| AsetV {
        baris: a
            .iter()
            .enumerate()
            .map(|(i, x)| {
                [
                    cacah(i + 1),
                    x.nama.clone(),
                    bulat(x.jumlah),
                    x.kondisi.nama().to_string(),
                ]
            })
            .collect(),
        total: bulat(hasil.aset_total.unwrap_or_default()),
    })
}

/// The staff composition tables, each with the YAML's comment on it and its chart.
pub(super) fn pegawai(
    config: &Config,
    hasil: &Hitungan,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> Vec<KomposisiV> {
    let p = &config.pendahuluan;
    let komentar = |k: &str| match k {
        "jenis_kelamin" => Some(&p.sdm_jenis_kelamin),
        "golongan" => Some(&p.sdm_golongan),
        "pendidikan" => Some(&p.sdm_pendidikan),
        _ => None,
    };
    hasil
        .pegawai
        .iter()
        .map(|k| KomposisiV {
            kunci: k.kunci.to_string(),
            judul: k.judul.to_string(),
            baris: k
                .baris
                .iter()
                .map(|(l, j, pr)| [l.clone(), bulat(*j), persen_atau_strip(*pr)])
                .collect(),
            total: bulat(k.total),
            komentar: komentar(k.kunci)
                .map(|t| narasi.markup(t, &format!("pendahuluan.sdm_{}", k.kunci), lap))
                .unwrap_or_default(),
            grafik: grafik::komposisi(
                k,
                format!(
                    "Komposisi ASN {} {} Berdasarkan {}",
                    config.instansi.nama, config.instansi.daerah, k.judul
                ),
            ),
        })
        .collect()
}
