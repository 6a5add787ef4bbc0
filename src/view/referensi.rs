//! Reference names for the narrative: every `{name}` the YAML text may use
//! (`{tahun}`, `{anggaran.serapan}`, `{iku.S1.1.capaian}` …) with its value
//! as printed.

use crate::compute::Hitungan;
use crate::config::Config;
use crate::format::{
    self, apa_adanya, bulat, cacah, hitungan, hitungan_bulat, kunci, nilai_teks, persen,
    persen_atau_strip,
};
use crate::narrative::Referensi;

/// A count under `name` (`"3"`) and in words under `name.terbilang` (`"3 (tiga)"`).
pub(super) fn hitung_ref(refs: &mut Referensi, name: &str, n: usize) {
    refs.insert(name.to_string(), cacah(n));
    refs.insert(format!("{name}.terbilang"), hitungan(n as u64));
}

/// Every reference name the narrative may use, with its printed value.
pub fn referensi(config: &Config, hasil: &Hitungan) -> Referensi {
    let mut r = Referensi::new();
    let tahun = config.laporan.tahun;
    r.insert("tahun".into(), format::tahun(tahun));
    r.insert("tahun_berikut".into(), format::tahun(tahun + 1));
    r.insert(
        "instansi".into(),
        format!("{} {}", config.instansi.nama, config.instansi.daerah),
    );
    r.insert(
        "instansi.singkatan".into(),
        config.instansi.singkatan.clone(),
    );
    r.insert("daerah".into(), config.instansi.daerah.clone());
    r.insert("instansi.jenis".into(), config.jenis_instansi());
    r.insert("pimpinan.sebutan".into(), config.sebutan_pimpinan());
    r.insert(
        "pimpinan.jabatan".into(),
        config
            .pimpinan
            .jabatan
            .trim()
            .trim_end_matches(',')
            .to_string(),
    );
    r.insert("pimpinan.nama".into(), config.pimpinan.nama.clone());
    r.insert("kepala_daerah".into(), config.sebutan_kepala_daerah());
    r.insert(
        "kepala_daerah.jabatan".into(),
        config.jabatan_kepala_daerah(),
    );
    if let Some(n) = &config.kepala_daerah.nama {
        r.insert("kepala_daerah.nama".into(), n.trim().to_string());
    }
    if let Some(t) = hasil.aset_total {
        r.insert("aset.jumlah".into(), bulat(t));
    }
    if let Some(first) = hasil.pegawai.first() {
        r.insert("asn.jumlah".into(), bulat(first.total));
    }
    for k in &hasil.pegawai {
        r.insert(format!("asn.{}.jumlah", k.kunci), bulat(k.total));
        for (label, j, p) in &k.baris {
            let key = format!("asn.{}.{}", k.kunci, kunci(label));
            r.insert(format!("{key}.jumlah"), bulat(*j));
            if let Some(t) = hitungan_bulat(*j) {
                r.insert(format!("{key}.jumlah.terbilang"), t);
            }
            r.insert(format!("{key}.persen"), persen_atau_strip(*p));
        }
    }
    let a = &hasil.anggaran;
    r.insert("anggaran.alokasi".into(), bulat(a.total.alokasi));
    r.insert("anggaran.realisasi".into(), bulat(a.total.realisasi));
    r.insert(
        "anggaran.sisa".into(),
        bulat(a.total.alokasi - a.total.realisasi),
    );
    r.insert(
        "anggaran.serapan".into(),
        persen_atau_strip(a.total.serapan),
    );
    hitung_ref(&mut r, "anggaran.jumlah_program", a.program.len());
    hitung_ref(&mut r, "anggaran.jumlah_kegiatan", a.jumlah_kegiatan);
    hitung_ref(&mut r, "anggaran.jumlah_sub_kegiatan", a.jumlah_sub);
    hitung_ref(&mut r, "kinerja.jumlah_sasaran", hasil.sasaran.len());
    hitung_ref(
        &mut r,
        "kinerja.jumlah_indikator",
        hasil.sasaran.iter().map(|s| s.indikator.len()).sum(),
    );
    r.insert("kinerja.rata_rata".into(), persen(hasil.rata_rata));
    r.insert("kinerja.kriteria".into(), hasil.kriteria.clone());
    for p in &hasil.skala {
        let n = hasil
            .sasaran
            .iter()
            .filter(|s| s.kriteria == p.nama)
            .count();
        hitung_ref(&mut r, &format!("kinerja.kriteria_{}", kunci(&p.nama)), n);
    }
    for s in &hasil.sasaran {
        let key = format!("sasaran.{}", s.sasaran.kode);
        r.insert(format!("{key}.uraian"), s.sasaran.uraian.clone());
        r.insert(format!("{key}.capaian"), persen(s.capaian));
        r.insert(format!("{key}.kriteria"), s.kriteria.clone());
        for (i, ind) in s.indikator.iter().enumerate() {
            let key = format!("iku.{}.{}", s.sasaran.kode, i + 1);
            r.insert(format!("{key}.indikator"), ind.ind.uraian.clone());
            r.insert(format!("{key}.target"), nilai_teks(&ind.ind.target));
            r.insert(format!("{key}.realisasi"), nilai_teks(&ind.ind.realisasi));
            r.insert(format!("{key}.satuan"), ind.ind.satuan.clone());
            r.insert(format!("{key}.capaian"), persen(ind.capaian));
            r.insert(format!("{key}.kriteria"), ind.kriteria.clone());
        }
    }
    if let Some(s) = &hasil.survei {
        r.insert("survei.jumlah".into(), bulat(s.total));
        for (label, j, p) in &s.baris {
            r.insert(format!("survei.{}.jumlah", kunci(label)), bulat(*j));
            r.insert(
                format!("survei.{}.persen", kunci(label)),
                persen_atau_strip(*p),
            );
        }
    }
    if let Some(ip) = &hasil.ip_asn {
        r.insert("ip_asn.nilai".into(), persen(ip.nilai));
        r.insert("ip_asn.kategori".into(), ip.kategori.clone());
        if let Some(v) = ip.responden {
            r.insert("ip_asn.responden".into(), bulat(v));
        }
        if let Some(v) = ip.jumlah_asn {
            r.insert("ip_asn.jumlah_asn".into(), bulat(v));
            r.insert(
                "ip_asn.persen_responden".into(),
                persen_atau_strip(ip.responden.and_then(|x| crate::compute::serapan(v, x))),
            );
        }
        if let (Some(b), Some(t)) = (ip.bukan_responden, ip.jumlah_asn) {
            r.insert("ip_asn.bukan_responden".into(), bulat(b));
            r.insert(
                "ip_asn.persen_bukan_responden".into(),
                persen_atau_strip(crate::compute::serapan(t, b)),
            );
        }
        for (n, v) in ip.nama_dimensi.iter().zip(&ip.dimensi) {
            if let Some(v) = v {
                r.insert(format!("ip_asn.{}", kunci(n)), apa_adanya(*v));
            }
        }
    }
    r
}
