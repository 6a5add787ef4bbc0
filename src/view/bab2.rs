//! BAB II Perencanaan Kinerja: vision and missions, goals with their targets
//! and indicators, and the IP ASN regulation tables.

use super::bangun::Narasi;
use super::{DimensiV, IpAsnBobotV, SasaranV, TabelBobotV, TujuanV, VisiV, tabel};
use crate::compute::Hitungan;
use crate::config::Config;
use crate::diag::{Lokasi, Temuan};
use crate::format::cacah;
use crate::load::BERKAS_YAML;

/// The vision, its key terms, the missions and the one the agency carries out.
pub(super) fn visi(config: &Config, narasi: &Narasi, lap: &mut Temuan) -> VisiV {
    let r = &config.perencanaan;
    let misi_no = r.misi_instansi;
    let misi_instansi = match r.misi.get(misi_no.wrapping_sub(1)) {
        Some(m) => (misi_no, m.uraian.clone()),
        None => {
            lap.galat(
                Some(Lokasi::kunci(BERKAS_YAML, "perencanaan.misi_instansi")),
                format!(
                    "misi nomor {} tidak ada (hanya ada {} misi)",
                    cacah(misi_no),
                    cacah(r.misi.len())
                ),
                Some("isi dengan nomor misi yang dilaksanakan instansi".into()),
            );
            (misi_no, String::new())
        }
    };
    VisiV {
        visi: r.visi.trim().to_string(),
        penjabaran: r
            .visi_penjabaran
            .iter()
            .enumerate()
            .map(|(i, x)| {
                (
                    x.istilah.clone(),
                    narasi.markup(&x.uraian, &format!("perencanaan.visi_penjabaran[{i}]"), lap),
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
                    narasi.markup(
                        &m.penjelasan,
                        &format!("perencanaan.misi[{i}].penjelasan"),
                        lap,
                    ),
                )
            })
            .collect(),
        misi_instansi,
    }
}

/// The goals with their targets, numbered through the document, each target
/// with its indicators' results.
pub(super) fn tujuan(
    config: &Config,
    hasil: &Hitungan,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> Vec<TujuanV> {
    let mut tujuan = Vec::new();
    let mut no = 0;
    for (ti, t) in config.perencanaan.tujuan.iter().enumerate() {
        let mut sasaran = Vec::new();
        for (si, s) in t.sasaran.iter().enumerate() {
            no += 1;
            let hs = hasil.sasaran.iter().find(|h| h.sasaran.kode == s.kode);
            sasaran.push(SasaranV {
                no,
                kode: s.kode.clone(),
                uraian: s.uraian.clone(),
                penjelasan: narasi.markup(
                    &s.penjelasan,
                    &format!("perencanaan.tujuan[{ti}].sasaran[{si}].penjelasan"),
                    lap,
                ),
                tabel_bobot_ip_asn: s.tabel_bobot_ip_asn && hasil.ip_asn.is_some(),
                indikator: hs.map(|h| tabel::indikator(h, no)).unwrap_or_default(),
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
    tujuan
}

/// The IP ASN regulation tables, when IP ASN is both configured and measured.
pub(super) fn ip_asn_bobot(
    config: &Config,
    hasil: &Hitungan,
    narasi: &Narasi,
    lap: &mut Temuan,
) -> Option<IpAsnBobotV> {
    let (Some(cfg), Some(ip)) = (&config.ip_asn, &hasil.ip_asn) else {
        return None;
    };
    Some(IpAsnBobotV {
        pengantar: narasi.markup(&cfg.pengantar, "ip_asn.pengantar", lap),
        dimensi: cfg
            .dimensi
            .iter()
            .enumerate()
            .map(|(i, d)| DimensiV {
                nama: d.nama.clone(),
                bobot: d.bobot.clone(),
                uraian: narasi.markup(&d.uraian, &format!("ip_asn.dimensi[{i}].uraian"), lap),
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
        rumus: narasi.markup(&cfg.rumus, "ip_asn.rumus", lap),
        kategori: tabel::pita(&ip.skala),
    })
}
