//! The builder: [`bangun`] fills [`Tampilan`] part by part — the narrative
//! fields, signature, cover and page setup here, the chapters in
//! `bab1`, `bab2` and `bab3`.

use std::collections::BTreeMap;

use super::referensi::hitung_ref;
use super::{LaporanV, Markup, Tampilan, Ttd, bab1, bab2, bab3, referensi};
use crate::compute::Hitungan;
use crate::config::{Config, Halaman};
use crate::diag::{Lokasi, Temuan};
use crate::format::{self, kunci};
use crate::load::BERKAS_YAML;
use crate::model::Data;
use crate::narrative::{self, Referensi};

/// Builds the template context; narrative problems (unknown references) go into `lap`.
///
/// The parts that can report a problem are built in the order the report
/// reads, so the messages come in that order too.
pub fn tampilan(config: &Config, data: &Data, hasil: &Hitungan, lap: &mut Temuan) -> Tampilan {
    let narasi = Narasi::baru(config, data, hasil);
    let teks = teks(config, data, &narasi, lap);
    let ttd = ttd(config, lap);
    let laporan = laporan(config, lap);
    let pegawai = bab1::pegawai(config, hasil, &narasi, lap);
    let visi = bab2::visi(config, &narasi, lap);
    let tujuan = bab2::tujuan(config, hasil, &narasi, lap);
    let ip_asn_bobot = bab2::ip_asn_bobot(config, hasil, &narasi, lap);
    let analisis = bab3::analisis(config, hasil, &narasi, lap);
    Tampilan {
        berkas_logo: None,
        sematan: Vec::new(),
        laporan,
        ttd,
        teks,
        struktur: bab1::struktur(config),
        aset: bab1::aset(data, hasil),
        pegawai,
        visi,
        tujuan,
        ip_asn_bobot,
        anggaran: bab3::anggaran(config, hasil),
        skala: bab3::skala(hasil),
        capaian: bab3::capaian(config, hasil),
        analisis,
    }
}

/// Turns narrative from the YAML into escaped Typst, resolving its
/// `{references}` against every name of [`referensi`] (plus `aset.jenis`).
pub(super) struct Narasi {
    refs: Referensi,
}

impl Narasi {
    fn baru(config: &Config, data: &Data, hasil: &Hitungan) -> Narasi {
        let mut refs = referensi(config, hasil);
        if let Some(a) = &data.aset {
            hitung_ref(&mut refs, "aset.jenis", a.len());
        }
        Narasi { refs }
    }

    /// The narrative `teks` found under the YAML key `kunci` (for messages).
    pub(super) fn markup(&self, teks: &str, kunci: &str, lap: &mut Temuan) -> Markup {
        Markup(narrative::ke_typst(teks, &self.refs, kunci, lap))
    }
}

/// The narrative fields, keyed by their YAML path with `_` for `.`
/// (`pendahuluan_latar_belakang`).
fn teks(
    config: &Config,
    data: &Data,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> BTreeMap<String, Markup> {
    let mut teks = BTreeMap::new();
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
            narasi.markup(v, k, lap)
        } else {
            Markup::default()
        };
        teks.insert(k.replace('.', "_"), m);
    }
    teks
}

/// The signature block.
fn ttd(config: &Config, lap: &mut Temuan) -> Ttd {
    Ttd {
        tempat: config.penandatanganan.tempat.clone(),
        tanggal: tanggal(config, lap),
        jabatan: config
            .pimpinan
            .jabatan
            .trim()
            .trim_end_matches(',')
            .to_uppercase(),
        nama: config.pimpinan.nama.clone(),
        pangkat: config.pimpinan.pangkat.clone(),
        nip: format::nip(&config.pimpinan.nip),
    }
}

/// The signing date written out (`"31 Januari 2025"`), checked against the
/// report year; as typed when it cannot be read.
fn tanggal(config: &Config, lap: &mut Temuan) -> String {
    match format::Tanggal::parse_iso(&config.penandatanganan.tanggal) {
        Some(t) => {
            let tahun = config.laporan.tahun;
            let lokasi = Some(Lokasi::kunci(BERKAS_YAML, "penandatanganan.tanggal"));
            let (tahun_ini, tahun_berikut) = (format::tahun(tahun), format::tahun(tahun + 1));
            if t.tahun <= tahun {
                lap.galat(
                    lokasi,
                    format!(
                        "tanggal penandatanganan {} jatuh sebelum tahun anggaran {tahun_ini} berakhir",
                        t.panjang()
                    ),
                    Some(format!(
                        "laporan kinerja tahun {tahun_ini} ditandatangani setelah 31 Desember {tahun_ini}, biasanya pada tahun {tahun_berikut}"
                    )),
                );
            } else if t.tahun > tahun + 1 {
                lap.peringatan(
                    lokasi,
                    format!(
                        "tanggal penandatanganan {} lebih dari setahun setelah tahun laporan {tahun_ini}",
                        t.panjang()
                    ),
                    Some(format!(
                        "periksa tahun pada tanggal; biasanya {tahun_berikut}"
                    )),
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
    }
}

/// Identity for the cover and headers, and the page setup.
fn laporan(config: &Config, lap: &mut Temuan) -> LaporanV {
    let h = &config.halaman;
    LaporanV {
        judul: config.laporan.judul.clone(),
        singkatan: config.laporan.singkatan.clone(),
        tahun: format::tahun(config.laporan.tahun),
        instansi: config.instansi.nama.clone(),
        instansi_singkat: config.instansi.singkatan.clone(),
        daerah: config.instansi.daerah.clone(),
        kertas: kertas(h, lap),
        margin: h.margin_mm,
        huruf: h.huruf.clone(),
        judul_dokumen: format!(
            "{} {} {} Tahun {}",
            config.laporan.judul,
            config.instansi.nama,
            config.instansi.daerah,
            format::tahun(config.laporan.tahun)
        ),
        penulis: format!("{} {}", config.instansi.nama, config.instansi.daerah),
        kaki: format!(
            "{} {} {} Tahun {}",
            config.laporan.singkatan,
            config.instansi.singkatan,
            config.instansi.daerah,
            format::tahun(config.laporan.tahun)
        ),
        ukuran_huruf: h.ukuran_huruf,
        // Set with the file's bytes by `crate::periksa` (see `Tampilan::berkas_logo`).
        logo: None,
    }
}

/// Paper width and height in mm: A4, or F4 (folio); A4 after an error for
/// any other name.
fn kertas(h: &Halaman, lap: &mut Temuan) -> (f64, f64) {
    match kunci(&h.ukuran).as_str() {
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
    }
}
