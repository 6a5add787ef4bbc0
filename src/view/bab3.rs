//! BAB III Akuntabilitas Kinerja: the criteria scale, the achievement table,
//! the analysis of each sasaran and the budget. The budget's programmes and
//! kegiatan are also listed in BAB II D.

use super::bangun::Narasi;
use super::prosa::perbandingan;
use super::tabel::{self, NAMA_TABEL, grafik_analisis, pagu, tabel_analisis};
use super::{
    AnalisisV, AnggaranV, BlokV, CapaianSasaranV, CapaianV, GambarV, KegiatanV, Markup, PitaV,
    ProgramV, TabelV,
};
use crate::compute::{Hitungan, SasaranHasil};
use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::format::{apa_adanya, persen, urutan};
use crate::grafik;
use crate::load::BERKAS_YAML;
use crate::model::{Data, SelTabel, TabelInstansi};

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
    data: &Data,
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
            blok: blok(s, &config.tabel, data, hasil, narasi, lap),
            perbandingan: perbandingan(s, &hasil.sasaran, config.laporan.tahun),
        })
        .collect()
}

/// The analysis blocks of one sasaran, each text, a named table (generated,
/// or the agency's own from `tabel:`) or an image; a block that is several of
/// these, none, or names an unknown table is an error.
fn blok(
    s: &SasaranHasil,
    dinyatakan: &[crate::config::TabelYaml],
    data: &Data,
    hasil: &Hitungan,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> Vec<BlokV> {
    let mut blok = Vec::new();
    for (bi, b) in s.sasaran.analisis.iter().enumerate() {
        let key = format!("sasaran {} › analisis[{bi}]", s.sasaran.kode);
        let kosong = |jenis: &str| BlokV {
            jenis: jenis.into(),
            teks: Markup::default(),
            tabel: None,
            grafik: None,
            gambar: None,
        };
        match (&b.teks, &b.tabel, &b.gambar) {
            (Some(t), None, None) => blok.push(BlokV {
                teks: narasi.markup(t, &key, lap),
                ..kosong("teks")
            }),
            (None, None, Some(g)) => {
                // Checked when read (crate::tabel_instansi); absent after an error.
                if let Some(i) = data.gambar.iter().position(|x| x.nama == g.trim()) {
                    let keterangan = b.keterangan.clone().unwrap_or_default();
                    blok.push(BlokV {
                        gambar: Some(GambarV {
                            berkas: format!("gambar-{}.{}", i + 1, data.gambar[i].jenis),
                            keterangan: narasi.polos(
                                keterangan.trim(),
                                &format!("{key}.keterangan"),
                                lap,
                            ),
                        }),
                        ..kosong("gambar")
                    });
                }
            }
            (None, Some(name), None) => {
                if let Some(t) = data.tabel.iter().find(|t| t.nama == name.trim()) {
                    blok.push(BlokV {
                        tabel: Some(tabel_instansi(t, narasi, lap)),
                        ..kosong(name)
                    });
                    continue;
                }
                if dinyatakan.iter().any(|d| d.nama.trim() == name.trim()) {
                    // Declared but unreadable: its error is reported already.
                    continue;
                }
                match tabel_analisis(name, hasil) {
                    Ok(Some(t)) => blok.push(BlokV {
                        tabel: Some(t),
                        grafik: grafik_analisis(name, hasil),
                        ..kosong(name)
                    }),
                    Ok(None) => {}
                    Err(()) => {
                        let mut ada: Vec<String> =
                            NAMA_TABEL.iter().map(|n| n.to_string()).collect();
                        ada.extend(data.tabel.iter().map(|t| t.nama.clone()));
                        lap.galat(
                            Some(Lokasi::kunci(BERKAS_YAML, &key)),
                            format!("tabel \"{name}\" tidak dikenal"),
                            Some(format!(
                                "tabel yang ada: {}; tabel instansi sendiri dinyatakan di bagian tabel: lapkin.yaml",
                                ada.join(", ")
                            )),
                        );
                    }
                }
            }
            _ => lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, &key)),
                "blok analisis harus berisi tepat satu dari teks, tabel atau gambar",
                Some("tulis \"- teks: |\", \"- tabel: nama\" atau \"- gambar: foto.jpg\" (dengan keterangan:) sebagai butir tersendiri".into()),
            ),
        }
    }
    blok
}

/// An agency table as printed: numbers in Indonesian format, a total row when
/// asked for, the source as a note.
fn tabel_instansi(t: &TabelInstansi, narasi: &Narasi, lap: &mut Temuan) -> TabelV {
    let sel = |c: &SelTabel| match c {
        SelTabel::Angka(v) => apa_adanya(*v),
        SelTabel::Teks(s) => s.clone(),
    };
    let kolom_teks = t.angka.iter().take_while(|a| !**a).count();
    let kolom_teks_akhir = if kolom_teks == t.angka.len() {
        0
    } else {
        t.angka.iter().rev().take_while(|a| !**a).count()
    };
    let jumlah = t.jumlah.as_ref().map(|j| {
        j.iter()
            .enumerate()
            .map(|(c, v)| match v {
                Some(v) => apa_adanya(*v),
                None if c == 0 => "Jumlah".to_string(),
                None => String::new(),
            })
            .collect()
    });
    let kunci = t.lokasi.sel.clone().unwrap_or_default();
    TabelV {
        judul: narasi.polos(&t.judul, &format!("{kunci}.judul"), lap),
        kepala: t.kepala.clone(),
        baris: t
            .baris
            .iter()
            .map(|r| r.iter().map(sel).collect())
            .collect(),
        jumlah,
        kolom_teks,
        kolom_teks_akhir,
        catatan: t
            .sumber
            .iter()
            .map(|s| super::tanpa_markup(format!("Sumber: {}", s.trim())))
            .collect(),
    }
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
