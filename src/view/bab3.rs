//! BAB III Akuntabilitas Kinerja: the criteria scale, the achievement table,
//! the analysis of each sasaran and the budget. The budget's programmes and
//! kegiatan are also listed in BAB II D.

use super::bangun::Narasi;
use super::prosa::perbandingan;
use super::tabel::{self, NAMA_TABEL, grafik_analisis, pagu, tabel_analisis};
use super::{
    AnalisisV, AnggaranV, BlokV, CapaianSasaranV, CapaianV, GambarV, KegiatanV, Markup, PenyebabV,
    PitaV, ProgramV, TabelV,
};
use crate::compute::{Hitungan, SasaranHasil};
use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::format::{apa_adanya, nilai_teks, persen, urutan};
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
            tabel_tahun: tabel_tahun(s, i + 1, config.laporan.tahun),
            tabel_program: tabel_program(s, i + 1, hasil),
            penyebab: penyebab(s, i + 1, narasi, lap),
        })
        .collect()
}

/// Per indicator: earlier years, this year's target, realisation and
/// capaian, the Renstra end-of-period target and the national standard —
/// the comparisons of 53/2014 as one table. None when no indicator of the
/// sasaran has an earlier year, a Renstra target or a national standard.
fn tabel_tahun(s: &SasaranHasil, no: usize, tahun: i32) -> Option<TabelV> {
    let mut tahun_lalu: Vec<i32> = s
        .indikator
        .iter()
        .flat_map(|i| i.ind.lalu.iter().map(|(y, _)| *y))
        .collect();
    tahun_lalu.sort();
    tahun_lalu.dedup();
    let renstra = s.indikator.iter().any(|i| i.ind.target_renstra.is_some());
    let standar = s.indikator.iter().any(|i| i.ind.standar_nasional.is_some());
    if tahun_lalu.is_empty() && !renstra && !standar {
        return None;
    }
    let th = crate::format::tahun(tahun);
    let mut kepala = vec!["Indikator (Satuan)".to_string()];
    kepala.extend(
        tahun_lalu
            .iter()
            .map(|y| format!("Realisasi {}", crate::format::tahun(*y))),
    );
    kepala.extend([
        format!("Target {th}"),
        format!("Realisasi {th}"),
        "Capaian (%)".into(),
    ]);
    if renstra {
        kepala.push("Target Akhir Renstra".into());
    }
    if standar {
        kepala.push("Standar Nasional".into());
    }
    let strip = |v: Option<&crate::model::Nilai>| v.map(nilai_teks).unwrap_or_else(|| "–".into());
    let baris = s
        .indikator
        .iter()
        .enumerate()
        .map(|(j, i)| {
            let ind = &i.ind;
            let satuan = if ind.satuan.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", ind.satuan.trim())
            };
            let mut r = vec![format!(
                "{} {}{satuan}",
                crate::format::nomor_indikator(no, j + 1),
                ind.uraian
            )];
            r.extend(
                tahun_lalu
                    .iter()
                    .map(|y| strip(ind.lalu.iter().find(|(yy, _)| yy == y).map(|(_, v)| v))),
            );
            r.extend([
                nilai_teks(&ind.target),
                nilai_teks(&ind.realisasi),
                persen(i.capaian),
            ]);
            if renstra {
                r.push(strip(ind.target_renstra.as_ref()));
            }
            if standar {
                r.push(strip(ind.standar_nasional.as_ref()));
            }
            r
        })
        .collect();
    Some(TabelV {
        judul: format!(
            "Realisasi Indikator Sasaran {no} Dibandingkan Tahun Sebelumnya, Target Akhir Renstra dan Standar Nasional"
        ),
        kepala,
        baris,
        jumlah: None,
        kolom_teks: 1,
        kolom_teks_akhir: 0,
        catatan: Vec::new(),
    })
}

/// The programmes supporting the sasaran (`program:` in the YAML) with their
/// kegiatan, each with allocation, realisation and absorption.
fn tabel_program(s: &SasaranHasil, no: usize, hasil: &Hitungan) -> Option<TabelV> {
    if s.program.is_empty() {
        return None;
    }
    let mut baris = Vec::new();
    for p in &s.program {
        let Some(ph) = hasil
            .anggaran
            .program
            .iter()
            .find(|x| x.pagu.kode == p.kode)
        else {
            continue;
        };
        let row = |x: &crate::compute::Pagu| {
            let v = pagu(x);
            vec![
                format!("{} {}", v.kode, v.uraian),
                v.alokasi,
                v.realisasi,
                v.serapan,
            ]
        };
        baris.push(row(&ph.pagu));
        baris.extend(ph.kegiatan.iter().map(|k| row(&k.pagu)));
    }
    Some(TabelV {
        judul: format!("Program dan Kegiatan Pendukung Sasaran {no}"),
        kepala: vec![
            "Program / Kegiatan".into(),
            "Anggaran (Rp)".into(),
            "Realisasi (Rp)".into(),
            "Serapan (%)".into(),
        ],
        baris,
        jumlah: None,
        kolom_teks: 1,
        kolom_teks_akhir: 0,
        catatan: Vec::new(),
    })
}

/// Causes and alternative solutions per indicator from the YAML; an
/// indicator below target without them is a warning (53/2014 asks for both),
/// a number that is no indicator of the sasaran an error.
fn penyebab(s: &SasaranHasil, no: usize, narasi: &Narasi, lap: &mut Temuan) -> Vec<PenyebabV> {
    let kode = &s.sasaran.kode;
    let kunci = format!("sasaran {kode} › indikator");
    // Without readable indicators (an error of kinerja.xlsx, reported already)
    // the numbers cannot be checked.
    let terbaca = !s.indikator.is_empty() && !lap.ada_galat_di("kinerja.");
    for (k, a) in s.sasaran.indikator.iter().enumerate() {
        if terbaca && (a.nomor == 0 || a.nomor > s.indikator.len()) {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, &format!("{kunci}[{k}].nomor"))),
                format!(
                    "sasaran {kode} tidak punya indikator nomor {}",
                    a.nomor
                ),
                Some(format!(
                    "nomor indikator sasaran ini 1 sampai {}, menurut urutan barisnya di lembar IKU",
                    s.indikator.len()
                )),
            );
        } else if s.sasaran.indikator[..k].iter().any(|b| b.nomor == a.nomor) {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, &format!("{kunci}[{k}].nomor"))),
                format!("indikator nomor {} ditulis lebih dari sekali", a.nomor),
                Some("gabungkan penyebab dan solusinya dalam satu butir".into()),
            );
        }
    }
    let mut out = Vec::new();
    for (j, i) in s.indikator.iter().enumerate() {
        if i.ind.rusak {
            continue;
        }
        let nomor = crate::format::nomor_indikator(no, j + 1);
        let tercapai = i.capaian >= rust_decimal::Decimal::ONE_HUNDRED;
        let a = s.sasaran.indikator.iter().find(|a| a.nomor == j + 1);
        let kosong = |t: Option<&String>| t.is_none_or(|t| t.trim().is_empty());
        if !tercapai && (kosong(a.map(|a| &a.penyebab)) || kosong(a.map(|a| &a.solusi))) {
            lap.peringatan(
                Some(Lokasi::kunci(BERKAS_YAML, &kunci)),
                format!(
                    "indikator {kode}.{} \"{}\" di bawah target (capaian {}%), tetapi penyebab kegagalan dan alternatif solusinya belum ditulis",
                    j + 1,
                    i.ind.uraian,
                    persen(i.capaian)
                ),
                Some(format!(
                    "tambahkan di sasaran {kode}: indikator: - nomor: {}, dengan penyebab: | dan solusi: | (PermenPANRB 53/2014 meminta analisis penyebab dan alternatif solusi)",
                    j + 1
                )),
            );
        }
        let Some(a) = a else { continue };
        let k = s
            .sasaran
            .indikator
            .iter()
            .position(|b| b.nomor == a.nomor)
            .unwrap_or_default();
        out.push(PenyebabV {
            judul: format!("{nomor} {} (capaian {}%)", i.ind.uraian, persen(i.capaian)),
            tercapai,
            penyebab: narasi.markup(&a.penyebab, &format!("{kunci}[{k}].penyebab"), lap),
            solusi: narasi.markup(&a.solusi, &format!("{kunci}[{k}].solusi"), lap),
        });
    }
    out
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
        efisiensi: super::prosa::efisiensi_instansi(hasil),
    }
}
