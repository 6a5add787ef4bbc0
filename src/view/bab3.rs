//! BAB III Akuntabilitas Kinerja: the criteria scale, the achievement table,
//! the analysis of each sasaran and the budget. The budget's programmes and
//! kegiatan are also listed in BAB II D.

use super::bangun::Narasi;
use super::prosa::perbandingan;
use super::tabel::{self, NAMA_TABEL, grafik_analisis, pagu, tabel_analisis};
use super::{
    AnalisisV, AnggaranV, BlokV, CapaianSasaranV, CapaianV, KegiatanV, Markup, PitaV, ProgramV,
};
use crate::compute::{Hitungan, SasaranHasil};
use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::format::{persen, urutan};
use crate::grafik;
use crate::load::BERKAS_YAML;

/// The criteria scale as printed ranges.
pub(super) fn skala(hasil: &Hitungan) -> Vec<PitaV> {
    tabel::pita(&hasil.skala)
}

/// The achievement table: each sasaran with its indicators, the mean and its
/// criterion, and the target-against-realisation chart.
pub(super) fn capaian(config: &Config, hasil: &Hitungan) -> CapaianV {
    CapaianV {
        sasaran: hasil
            .sasaran
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let no = i + 1;
                CapaianSasaranV {
                    no,
                    uraian: s.sasaran.uraian.clone(),
                    indikator: tabel::indikator(s, no),
                    capaian: persen(s.capaian),
                    kriteria: s.kriteria.clone(),
                }
            })
            .collect(),
        rata_rata: persen(hasil.rata_rata),
        kriteria: hasil.kriteria.clone(),
        grafik: grafik::iku(&hasil.sasaran, config.laporan.tahun),
    }
}

/// The analysis of every sasaran: its blocks of text and generated tables,
/// then the generated comparisons.
pub(super) fn analisis(
    config: &Config,
    hasil: &Hitungan,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> Vec<AnalisisV> {
    hasil
        .sasaran
        .iter()
        .enumerate()
        .map(|(i, s)| AnalisisV {
            urutan: urutan(i),
            uraian: s.sasaran.uraian.clone(),
            indikator: s.indikator.iter().map(|x| x.ind.uraian.clone()).collect(),
            blok: blok(s, hasil, narasi, lap),
            perbandingan: perbandingan(s, &hasil.sasaran, config.laporan.tahun),
        })
        .collect()
}

/// The analysis blocks of one sasaran, each text or a named generated table;
/// a block that is both, neither, or names an unknown table is an error.
fn blok(s: &SasaranHasil, hasil: &Hitungan, narasi: &Narasi, lap: &mut Temuan) -> Vec<BlokV> {
    let mut blok = Vec::new();
    for (bi, b) in s.sasaran.analisis.iter().enumerate() {
        let key = format!("sasaran {} › analisis[{bi}]", s.sasaran.kode);
        match (&b.teks, &b.tabel) {
            (Some(t), None) => blok.push(BlokV {
                jenis: "teks".into(),
                teks: narasi.markup(t, &key, lap),
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
                    Some(format!("tabel yang ada: {}", NAMA_TABEL.join(", "))),
                ),
            },
        }
    }
    blok
}

/// The budget: programmes with their kegiatan and sub kegiatan, the sums per
/// expenditure type, the total and the per-programme chart.
pub(super) fn anggaran(config: &Config, hasil: &Hitungan) -> AnggaranV {
    let a = &hasil.anggaran;
    AnggaranV {
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
    }
}
