//! The builder: [`bangun`] fills [`Tampilan`] part by part — the narrative
//! fields, signature, cover and page setup here, the chapters in
//! `bab1`, `bab2` and `bab3`.

use std::collections::BTreeMap;

use super::referensi::hitung_ref;
use super::{LaporanV, Markup, PerjanjianV, PihakV, Tampilan, Ttd, bab1, bab2, bab3, referensi};
use crate::compute::Hitungan;
use crate::config::Config;
use crate::diag::Temuan;
use crate::format;
use crate::model::Data;
use crate::narrative::{self, Referensi};

/// Builds the template context; narrative problems (unknown references) go into `lap`.
///
/// The parts that can report a problem are built in the order the report
/// reads, so the messages come in that order too.
pub fn tampilan(config: &Config, data: &Data, hasil: &Hitungan, lap: &mut Temuan) -> Tampilan {
    let narasi = Narasi::baru(config, data, hasil);
    let teks = teks(config, data, &narasi, lap);
    let ttd = ttd(config);
    let laporan = laporan(config);
    let pegawai = bab1::pegawai(config, hasil, &narasi, lap);
    let visi = bab2::visi(config, &narasi, lap);
    let tujuan = bab2::tujuan(config, hasil, &narasi, lap);
    let ip_asn_bobot = bab2::ip_asn_bobot(config, hasil, &narasi, lap);
    let analisis = bab3::analisis(config, data, hasil, &narasi, lap);
    Tampilan {
        berkas_logo: None,
        berkas_gambar: data
            .gambar
            .iter()
            .enumerate()
            .map(|(i, g)| (format!("gambar-{}.{}", i + 1, g.jenis), g.isi.clone()))
            .collect(),
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
        pk: perjanjian(config, hasil),
    }
}

/// The Perjanjian Kinerja: the head of the agency as first party, the head of
/// the region as second, the programmes with their allocation.
fn perjanjian(config: &Config, hasil: &Hitungan) -> PerjanjianV {
    let p = &config.pimpinan;
    let tanggal = config
        .penandatanganan
        .tanggal_perjanjian
        .as_deref()
        .and_then(format::Tanggal::parse_iso)
        .map(|t| t.panjang())
        .unwrap_or_else(|| format::tahun(config.laporan.tahun));
    PerjanjianV {
        tempat_tanggal: format!("{}, {tanggal}", config.penandatanganan.tempat),
        pihak_pertama: PihakV {
            jabatan: p.jabatan.trim().trim_end_matches(',').to_string(),
            nama: p.nama.clone(),
            pangkat: p.pangkat.clone(),
            nip: format::nip(&p.nip),
        },
        pihak_kedua: PihakV {
            jabatan: config.jabatan_kepala_daerah(),
            nama: config
                .kepala_daerah
                .nama
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            pangkat: String::new(),
            nip: String::new(),
        },
        program: hasil
            .anggaran
            .program
            .iter()
            .map(|p| super::tabel::pagu(&p.pagu))
            .collect(),
        total: format::bulat(hasil.anggaran.total.alokasi),
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
            // Kinds of item: rows of the same item (e.g. in different conditions) are one kind.
            let jenis: std::collections::BTreeSet<String> =
                a.iter().map(|x| crate::sheet::normal(&x.nama)).collect();
            hitung_ref(&mut refs, "aset.jenis", jenis.len());
        }
        // Agency tables: their row count and the sum of each numeric column.
        for t in &data.tabel {
            hitung_ref(&mut refs, &format!("tabel.{}.baris", t.nama), t.baris.len());
            for (c, k) in t.kepala.iter().enumerate() {
                if t.angka[c] {
                    let jumlah: rust_decimal::Decimal = t
                        .baris
                        .iter()
                        .filter_map(|r| match r[c] {
                            crate::model::SelTabel::Angka(v) => Some(v),
                            _ => None,
                        })
                        .sum();
                    refs.insert(
                        format!("tabel.{}.{}", t.nama, format::kunci(k)),
                        format::apa_adanya(jumlah),
                    );
                }
            }
        }
        Narasi { refs }
    }

    /// A caption's text with its `{references}` filled in (not markup).
    pub(super) fn polos(&self, teks: &str, kunci: &str, lap: &mut Temuan) -> String {
        narrative::isi_rujukan(teks, &self.refs, kunci, lap)
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
    // The closing's last paragraph is kept on the page of the head's
    // signature (a sticky block in bab4.typ), so the signature never stands
    // alone on a page that could be put behind any other text.
    let (awal, akhir) = paragraf_terakhir(&config.penutup);
    teks.insert("penutup".into(), narasi.markup(awal, "penutup", lap));
    teks.insert("penutup_akhir".into(), narasi.markup(akhir, "penutup", lap));
    teks
}

/// Splits a narrative at its last blank line: (everything before, the last
/// paragraph). A text of one paragraph is all in the second part.
fn paragraf_terakhir(teks: &str) -> (&str, &str) {
    let t = teks.trim_end();
    let mut batas = None;
    let mut awal_baris = 0;
    let mut kosong_sebelumnya = false;
    for baris in t.split_inclusive('\n') {
        let kosong = baris.trim().is_empty();
        if !kosong && kosong_sebelumnya {
            batas = Some(awal_baris);
        }
        kosong_sebelumnya = kosong;
        awal_baris += baris.len();
    }
    match batas {
        Some(i) => (&t[..i], &t[i..]),
        None => ("", t),
    }
}

/// The signature block.
fn ttd(config: &Config) -> Ttd {
    Ttd {
        tempat: config.penandatanganan.tempat.clone(),
        tanggal: tanggal(config),
        jabatan: config
            .pimpinan
            .jabatan
            .trim()
            .trim_end_matches(',')
            .to_uppercase(),
        nama: config.pimpinan.nama.clone(),
        pangkat: config.pimpinan.pangkat.clone(),
        nip: format::nip(&config.pimpinan.nip),
        tte: config.penandatanganan.tempat_tte.nama(),
    }
}

/// The signing date written out (`"31 Januari 2025"`); as typed when it
/// cannot be read (checked by [`crate::validasi::identitas`]).
fn tanggal(config: &Config) -> String {
    match format::Tanggal::parse_iso(&config.penandatanganan.tanggal) {
        Some(t) => t.panjang(),
        None => config.penandatanganan.tanggal.clone(),
    }
}

/// Identity for the cover and headers, and the page setup.
fn laporan(config: &Config) -> LaporanV {
    let h = &config.halaman;
    LaporanV {
        judul: config.laporan.judul.clone(),
        singkatan: config.laporan.singkatan.clone(),
        tahun: format::tahun(config.laporan.tahun),
        instansi: config.instansi.nama.clone(),
        instansi_singkat: config.instansi.singkatan.clone(),
        daerah: config.instansi.daerah.clone(),
        jenis: config.jenis_instansi(),
        sebutan_pimpinan: config.sebutan_pimpinan(),
        jabatan_pimpinan: config
            .pimpinan
            .jabatan
            .trim()
            .trim_end_matches(',')
            .to_string(),
        kepala_daerah: config.jabatan_kepala_daerah(),
        // Set by `crate::periksa` from the skeleton's leftovers.
        draf: false,
        // Checked by `validasi::identitas`; A4 after that error.
        kertas: crate::validasi::kertas_mm(&h.ukuran).unwrap_or((210.0, 297.0)),
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

#[cfg(test)]
mod uji_paragraf {
    use super::paragraf_terakhir;

    #[test]
    fn paragraf_terakhir_dipisahkan() {
        assert_eq!(paragraf_terakhir("Satu.\n\nDua.\n"), ("Satu.\n\n", "Dua."));
        assert_eq!(
            paragraf_terakhir("Satu.\n\nDua\nlanjut.\n\n  \nTiga."),
            ("Satu.\n\nDua\nlanjut.\n\n  \n", "Tiga.")
        );
        assert_eq!(paragraf_terakhir("Hanya satu."), ("", "Hanya satu."));
        assert_eq!(paragraf_terakhir(""), ("", ""));
    }
}
