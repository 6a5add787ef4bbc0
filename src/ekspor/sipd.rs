//! SIPD-RI budget exports: the rekap (pagu per account, rekap5 / rekap4 /
//! the 21-column "APBD murni") and "Laporan Realisasi Per Dokumen"
//! (realisation per document line), rolled up into the budget sheet lapkin
//! reads (`anggaran.xlsx`, sheet `Anggaran`).
//!
//! - Only the agency's sub unit(s) are kept ([`super::Ekspor::sub_unit`]).
//! - Amounts are summed per sub kegiatan and type of expenditure (from the
//!   account code: `5.1` Belanja Operasi, `5.2` Belanja Modal, `5.3` Belanja
//!   Tidak Terduga, `5.4` Belanja Transfer); kegiatan and programme follow
//!   from the sub kegiatan code by segments (`1.01.02.2.01.0001` → kegiatan
//!   `1.01.02.2.01`, programme `1.01.02`).
//! - Account codes are compared by segment value, so the 2024–2025 codes
//!   (`5.2.03.01.01.0010`) and the 2026 codes (`5.2.03.01.001.00010`) of the
//!   same account are the same key.
//! - Realisation is `SUM(Nilai Realisasi)` of the document lines; `Nilai SP2D`
//!   and `Nilai SPD` repeat the whole document's value on each line and are
//!   never read. With `ekspor.realisasi: sp2d` only lines with a `Nomor SP2D`
//!   count; with `ekspor.kurangi_setoran: true` `Nilai Setoran` is subtracted.
//! - The trailing `Total` row (not column-aligned) is dropped and only used
//!   to cross-check the file's own sum.
//! - Document dates are Indonesian text (`7 Januari 2026`); lines dated
//!   outside the report year are skipped and counted.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{Ekspor, JenisRealisasi, Lembar, Sel, tulis_buku};
use crate::diag::{Lokasi, Temuan};
use crate::format::{cacah, rupiah};
use crate::sheet::normal;

/// Types of expenditure, by the second segment of a `5.` account code.
pub const JENIS_BELANJA: [&str; 4] = [
    "Belanja Operasi",
    "Belanja Modal",
    "Belanja Tidak Terduga",
    "Belanja Transfer",
];

/// A code as its segments' values: `5.2.03.01.001.00010` → `[5,2,3,1,1,10]`.
/// `None` when a segment is not a number.
pub fn segmen(kode: &str) -> Option<Vec<u64>> {
    let k = kode.trim();
    if k.is_empty() {
        return None;
    }
    k.split('.').map(|s| s.trim().parse::<u64>().ok()).collect()
}

/// The first `n` segments of a code, as written: `prefiks("1.01.02.2.01.0001", 3)`
/// is `1.01.02`.
pub fn prefiks(kode: &str, n: usize) -> String {
    kode.trim().split('.').take(n).collect::<Vec<_>>().join(".")
}

/// The type of expenditure of an account code (index into [`JENIS_BELANJA`]),
/// or `None` when it is not an expenditure account (`4.` revenue, `6.` financing).
pub fn jenis_belanja(rekening: &[u64]) -> Option<usize> {
    match rekening {
        [5, j, ..] if (1..=4).contains(j) => Some(*j as usize - 1),
        _ => None,
    }
}

/// Indonesian month names and abbreviations.
const BULAN: [(&str, u32); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("maret", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("agustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("desember", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("sep", 9),
    ("okt", 10),
    ("des", 12),
];

/// A date written in Indonesian (`7 Januari 2026`, `07 Jan 2026`), or
/// `dd-mm-yyyy` / `yyyy-mm-dd`: (day, month, year).
pub fn tanggal_teks(teks: &str) -> Option<(u32, u32, i32)> {
    let t = teks.trim();
    let bagian: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|s| !s.is_empty())
        .collect();
    let [a, b, c] = bagian.as_slice() else {
        return None;
    };
    let bulan = |s: &str| -> Option<u32> {
        if let Ok(n) = s.parse::<u32>() {
            return (1..=12).contains(&n).then_some(n);
        }
        let s = s.to_lowercase();
        BULAN.iter().find(|(n, _)| *n == s).map(|(_, m)| *m)
    };
    let (h, m, y) = if a.len() == 4 {
        (c.parse().ok()?, bulan(b)?, a.parse().ok()?)
    } else {
        (a.parse().ok()?, bulan(b)?, c.parse().ok()?)
    };
    ((1..=31).contains(&h) && y > 1900).then_some((h, m, y))
}

/// The year of a date cell: an Excel date or Indonesian text.
fn tahun_sel(d: &calamine::Data) -> Option<Result<i32, ()>> {
    match d {
        calamine::Data::Empty => None,
        calamine::Data::DateTime(dt) => Some(Ok(tahun_serial(dt.as_f64()))),
        calamine::Data::String(s) if s.trim().is_empty() || s.trim() == "-" => None,
        other => Some(
            tanggal_teks(&crate::sheet::teks_data(other))
                .map(|(_, _, y)| y)
                .ok_or(()),
        ),
    }
}

/// The year of an Excel serial date (days since 1899-12-30).
fn tahun_serial(serial: f64) -> i32 {
    // Civil-from-days (H. Hinnant), from 1970-01-01 = serial 25569.
    let z = serial.floor() as i64 - 25569 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2)) as i32
}

/// One sub kegiatan with its parents' codes and names and its amounts per
/// type of expenditure.
#[derive(Debug, Default)]
struct Sub {
    program: String,
    nama_program: String,
    kegiatan: String,
    nama_kegiatan: String,
    nama: String,
    /// Per type of expenditure: (pagu, realisation, pagu present).
    jumlah: BTreeMap<usize, (Decimal, Decimal, bool)>,
    /// Accounts with pagu, by segment values.
    rekening: BTreeSet<Vec<u64>>,
}

/// Why rows were skipped, with how many.
#[derive(Default)]
struct Lewati(BTreeMap<&'static str, usize>);

impl Lewati {
    fn tambah(&mut self, alasan: &'static str) {
        *self.0.entry(alasan).or_default() += 1;
    }
    fn teks(&self) -> String {
        if self.0.is_empty() {
            return "tidak ada baris dilewati".into();
        }
        let v: Vec<String> = self
            .0
            .iter()
            .map(|(a, n)| format!("{} {a}", cacah(*n)))
            .collect();
        format!("dilewati: {}", v.join(", "))
    }
}

/// Sub units found in the sheets: code → name.
fn sub_unit_ada(rekap: &[&Lembar], dokumen: &[&Lembar]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (l, kode, nama) in rekap
        .iter()
        .map(|l| (l, "KODE SUB UNIT", "NAMA SUB UNIT"))
        .chain(
            dokumen
                .iter()
                .map(|l| (l, "Kode Sub SKPD", "Nama Sub SKPD")),
        )
    {
        for r in l.baris() {
            let k = l.teks(r, kode);
            if k.is_empty() || normal(&l.pertama(r)) == "total" {
                continue;
            }
            out.entry(k).or_insert_with(|| l.teks(r, nama));
        }
    }
    out
}

/// The sub unit codes to keep, or `None` (error recorded).
fn pilih_sub_unit(
    ada: &BTreeMap<String, String>,
    cfg: &Ekspor,
    berkas: &str,
    lap: &mut Temuan,
) -> Option<BTreeSet<String>> {
    let daftar = || {
        let v: Vec<String> = ada
            .iter()
            .take(30)
            .map(|(k, n)| format!("{k} ({n})"))
            .collect();
        let lagi = ada.len().saturating_sub(30);
        format!(
            "{}{}",
            v.join("; "),
            if lagi > 0 {
                format!("; dan {} lainnya", cacah(lagi))
            } else {
                String::new()
            }
        )
    };
    let kunci = || {
        Some(Lokasi::kunci(
            crate::masukan::BERKAS_YAML,
            "ekspor.sub_unit",
        ))
    };
    if cfg.sub_unit.is_empty() {
        if ada.len() == 1 {
            return Some(ada.keys().cloned().collect());
        }
        lap.galat(
            kunci(),
            format!(
                "{berkas} memuat {} sub unit; sebutkan sub unit instansi ini di ekspor.sub_unit",
                cacah(ada.len())
            ),
            Some(format!("sub unit yang ada: {}", daftar())),
        );
        return None;
    }
    let mut pilih = BTreeSet::new();
    let mut ok = true;
    for s in &cfg.sub_unit {
        let cocok: Vec<&String> = ada
            .iter()
            .filter(|(k, n)| k.trim() == s.trim() || normal(n) == normal(s))
            .map(|(k, _)| k)
            .collect();
        if cocok.is_empty() {
            ok = false;
            lap.galat(
                kunci(),
                format!("sub unit \"{s}\" tidak ada di ekspor SIPD"),
                Some(format!(
                    "tulis kode atau nama sub unit persis seperti di kolom KODE SUB UNIT / NAMA SUB UNIT; sub unit yang ada: {}",
                    daftar()
                )),
            );
        }
        pilih.extend(cocok.into_iter().cloned());
    }
    ok.then_some(pilih)
}

/// Reads the rekap and realisation sheets and writes the budget workbook;
/// `None` when an error was recorded.
pub fn turunkan(
    rekap: &[&Lembar],
    dokumen: &[&Lembar],
    cfg: &Ekspor,
    tahun: i32,
    lap: &mut Temuan,
) -> Option<Vec<u8>> {
    let galat_awal = lap.jumlah_galat();
    let nama_berkas = rekap
        .first()
        .or(dokumen.first())
        .map(|l| l.berkas.clone())
        .unwrap_or_default();
    if rekap.is_empty() {
        lap.galat(
            Some(Lokasi::berkas(&dokumen[0].berkas)),
            "Laporan Realisasi Per Dokumen tidak memuat pagu; rekap anggaran SIPD-RI tidak ada di ekspor.berkas",
            Some("unduh rekap anggaran (rekap5.xlsx) tahun yang sama dari SIPD-RI Penganggaran dan tambahkan ke ekspor.berkas".into()),
        );
        return None;
    }
    if dokumen.is_empty() {
        lap.galat(
            Some(Lokasi::berkas(&rekap[0].berkas)),
            "rekap anggaran SIPD-RI tidak memuat realisasi; Laporan Realisasi Per Dokumen tidak ada di ekspor.berkas",
            Some("unduh Laporan Realisasi Per Dokumen dari SIPD-RI Penatausahaan (lihat docs/masukan.md) dan tambahkan ke ekspor.berkas".into()),
        );
        return None;
    }
    if rekap.len() > 1 {
        let nama: Vec<String> = rekap
            .iter()
            .map(|l| format!("{} › {}", l.berkas, l.lembar))
            .collect();
        lap.galat(
            Some(Lokasi::kunci(crate::masukan::BERKAS_YAML, "ekspor.berkas")),
            format!(
                "ada {} rekap anggaran ({}); pagu tidak boleh dijumlahkan dari dua tahapan",
                rekap.len(),
                nama.join(", ")
            ),
            Some("sebut satu rekap saja: rekap tahapan terakhir (pergeseran/perubahan) tahun laporan".into()),
        );
        return None;
    }
    let ada = sub_unit_ada(rekap, dokumen);
    let pilih = pilih_sub_unit(&ada, cfg, &nama_berkas, lap)?;
    let mut sub: BTreeMap<Vec<u64>, Sub> = BTreeMap::new();

    for l in rekap {
        let mut lewati = Lewati::default();
        let (mut dipakai, mut jumlah) = (0usize, Decimal::ZERO);
        for r in l.baris() {
            if l.kosong(r) {
                continue;
            }
            if normal(&l.pertama(r)) == "total" {
                lewati.tambah("baris Total");
                continue;
            }
            if !pilih.contains(&l.teks(r, "KODE SUB UNIT")) {
                lewati.tambah("baris sub unit lain");
                continue;
            }
            if let Ok(y) = l.teks(r, "TAHUN").parse::<i32>()
                && tahun > 0
                && y != tahun
            {
                lap.galat(
                    Some(l.lokasi(r, "TAHUN")),
                    format!("rekap anggaran ini tahun {y}, sedangkan laporan tahun {tahun}"),
                    Some("unduh rekap anggaran tahun laporan dari SIPD-RI".into()),
                );
                return None;
            }
            let rek_teks = l.teks(r, "KODE REKENING");
            let pagu = l.rupiah(r, "PAGU", lap);
            if rek_teks.is_empty() {
                if pagu.is_some_and(|p| !p.is_zero()) {
                    lap.galat(
                        Some(l.lokasi(r, "KODE REKENING")),
                        "baris berpagu tanpa kode rekening",
                        Some("unduh ulang rekap dari SIPD-RI; setiap pagu rincian memiliki kode rekening".into()),
                    );
                } else {
                    lewati.tambah("baris tanpa rekening (sub kegiatan tanpa rincian)");
                }
                continue;
            }
            let Some(rek) = segmen(&rek_teks) else {
                lap.galat(
                    Some(l.lokasi(r, "KODE REKENING")),
                    format!("kode rekening \"{rek_teks}\" tidak sah"),
                    Some("kode rekening SIPD berupa angka yang dipisah titik, mis. 5.1.02.01.001.00024".into()),
                );
                continue;
            };
            let Some(jenis) = jenis_belanja(&rek) else {
                lewati.tambah("baris bukan rekening belanja (bukan 5.x)");
                continue;
            };
            let Some(s) = tempat_sub(&mut sub, l, r, "KODE", "NAMA", lap) else {
                continue;
            };
            let p = pagu.unwrap_or_default();
            let e = s.jumlah.entry(jenis).or_default();
            e.0 += p;
            e.2 = true;
            s.rekening.insert(rek);
            dipakai += 1;
            jumlah += p;
        }
        let unit: Vec<String> = pilih
            .iter()
            .map(|k| format!("{k} {}", ada.get(k).map(String::as_str).unwrap_or("")))
            .collect();
        lap.catatan(
            Some(Lokasi::lembar(&l.berkas, &l.lembar)),
            format!(
                "rekap anggaran SIPD-RI (kepala di baris {}), sub unit {}: {} baris dipakai, pagu {}; {}",
                l.kepala + 1,
                unit.join(", ").trim_end(),
                cacah(dipakai),
                rupiah(jumlah),
                lewati.teks()
            ),
        );
    }

    // A document line seen in an earlier file: (document, sub kegiatan,
    // account, amount) → the file. Monthly downloads must not overlap.
    let mut terlihat: std::collections::HashMap<(String, String, String, Decimal), String> =
        std::collections::HashMap::new();
    for l in dokumen {
        let mut dobel: Vec<u32> = Vec::new();
        let mut lewati = Lewati::default();
        let (mut dipakai, mut jumlah) = (0usize, Decimal::ZERO);
        let mut semua = Decimal::ZERO;
        let mut total_berkas: Option<(Decimal, usize)> = None;
        let mut tanpa_pagu: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut rekening_baru: BTreeSet<String> = BTreeSet::new();
        let mut tanggal_rusak: Vec<u32> = Vec::new();
        for r in l.baris() {
            if l.kosong(r) {
                continue;
            }
            if normal(&l.pertama(r)) == "total" {
                // The total sits under `Nilai Setoran`, not under `Nilai Realisasi`.
                total_berkas = l
                    .rupiah(r, "Nilai Setoran", &mut Temuan::default())
                    .or_else(|| l.rupiah(r, "Nilai Realisasi", &mut Temuan::default()))
                    .map(|t| (t, r));
                continue;
            }
            let nilai = l.rupiah(r, "Nilai Realisasi", lap).unwrap_or_default();
            semua += nilai;
            let kunci_baris = (
                l.teks(r, "Nomor Dokumen"),
                l.teks(r, "Kode Sub Kegiatan"),
                l.teks(r, "Kode Rekening"),
                nilai,
            );
            match terlihat.get(&kunci_baris) {
                Some(b) if *b != l.berkas => {
                    dobel.push(l.nomor(r));
                    continue;
                }
                Some(_) => {}
                None => {
                    terlihat.insert(kunci_baris, l.berkas.clone());
                }
            }
            if !pilih.contains(&l.teks(r, "Kode Sub SKPD")) {
                lewati.tambah("baris sub unit lain");
                continue;
            }
            let th = tahun_sel(l.data(r, "Tanggal Dokumen"))
                .or_else(|| tahun_sel(l.data(r, "Tanggal SP2D")));
            match th {
                Some(Ok(y)) if tahun > 0 && y != tahun => {
                    lewati.tambah("baris bertanggal di luar tahun laporan");
                    continue;
                }
                Some(Err(())) => tanggal_rusak.push(l.nomor(r)),
                _ => {}
            }
            if cfg.realisasi == JenisRealisasi::Sp2d && l.teks(r, "Nomor SP2D").is_empty() {
                lewati.tambah("baris belum ber-SP2D");
                continue;
            }
            let mut n = nilai;
            if cfg.kurangi_setoran {
                n -= l.rupiah(r, "Nilai Setoran", lap).unwrap_or_default();
            }
            let rek_teks = l.teks(r, "Kode Rekening");
            let Some(rek) = segmen(&rek_teks) else {
                lap.galat(
                    Some(l.lokasi(r, "Kode Rekening")),
                    if rek_teks.is_empty() {
                        "baris realisasi tanpa kode rekening".to_string()
                    } else {
                        format!("kode rekening \"{rek_teks}\" tidak sah")
                    },
                    Some("unduh ulang Laporan Realisasi Per Dokumen dari SIPD-RI".into()),
                );
                continue;
            };
            let Some(jenis) = jenis_belanja(&rek) else {
                lewati.tambah("baris bukan rekening belanja (bukan 5.x)");
                continue;
            };
            let kode_sub = l.teks(r, "Kode Sub Kegiatan");
            let kunci = segmen(&kode_sub);
            let ada_pagu = kunci
                .as_ref()
                .and_then(|k| sub.get(k))
                .and_then(|s| s.jumlah.get(&jenis))
                .is_some_and(|e| e.2);
            if !ada_pagu {
                *tanpa_pagu
                    .entry(format!("{kode_sub} ({})", JENIS_BELANJA[jenis]))
                    .or_default() += n;
                continue;
            }
            let s = sub.get_mut(kunci.as_ref().expect("ada pagu")).expect("ada");
            if !s.rekening.contains(&rek) {
                rekening_baru.insert(format!("{kode_sub} / {rek_teks}"));
            }
            s.jumlah.get_mut(&jenis).expect("ada pagu").1 += n;
            dipakai += 1;
            jumlah += n;
        }
        let tempat = Some(Lokasi::lembar(&l.berkas, &l.lembar));
        if !dobel.is_empty() {
            lap.galat(
                tempat.clone(),
                format!(
                    "{} baris dokumen juga ada di berkas realisasi lain (baris {}); realisasi akan terhitung dua kali",
                    cacah(dobel.len()),
                    daftar_baris(&dobel)
                ),
                Some("sebut satu Laporan Realisasi Per Dokumen setahun penuh, atau unduhan per bulan yang tidak bertumpang tindih".into()),
            );
        }
        for (k, n) in &tanpa_pagu {
            lap.galat(
                tempat.clone(),
                format!(
                    "sub kegiatan {k} memiliki realisasi {} tetapi tidak memiliki pagu di rekap anggaran",
                    rupiah(*n)
                ),
                Some("pakai rekap anggaran tahapan terakhir (pergeseran/perubahan) yang sama dengan realisasinya, dan sub unit yang sama".into()),
            );
        }
        if !rekening_baru.is_empty() {
            let v: Vec<&String> = rekening_baru.iter().take(10).collect();
            lap.peringatan(
                tempat.clone(),
                format!(
                    "{} rekening berealisasi tidak ada di rekap anggaran (realisasinya tetap dihitung pada sub kegiatannya): {}",
                    cacah(rekening_baru.len()),
                    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; ")
                ),
                Some("periksa bahwa rekap anggaran dan realisasi berasal dari tahapan APBD yang sama".into()),
            );
        }
        if !tanggal_rusak.is_empty() {
            lap.peringatan(
                tempat.clone(),
                format!(
                    "tanggal dokumen tidak terbaca pada baris {}; baris itu tetap dihitung",
                    daftar_baris(&tanggal_rusak)
                ),
                Some("tanggal ditulis seperti \"7 Januari 2026\"".into()),
            );
        }
        if let Some((t, r)) = total_berkas
            && t != semua
        {
            lap.peringatan(
                Some(l.lokasi(r, "Nilai Setoran")),
                format!(
                    "baris Total berkas ini {} berbeda dari jumlah Nilai Realisasi semua barisnya {}",
                    rupiah(t),
                    rupiah(semua)
                ),
                Some("berkas mungkin terpotong; unduh ulang dari SIPD-RI".into()),
            );
        }
        let cara = match (cfg.realisasi, cfg.kurangi_setoran) {
            (JenisRealisasi::Semua, false) => "jumlah Nilai Realisasi semua dokumen",
            (JenisRealisasi::Semua, true) => "jumlah Nilai Realisasi dikurangi Nilai Setoran",
            (JenisRealisasi::Sp2d, false) => "jumlah Nilai Realisasi baris ber-SP2D",
            (JenisRealisasi::Sp2d, true) => {
                "jumlah Nilai Realisasi baris ber-SP2D dikurangi Nilai Setoran"
            }
        };
        lap.catatan(
            tempat,
            format!(
                "Laporan Realisasi Per Dokumen (kepala di baris {}): {} baris dipakai, realisasi {} ({cara}; Nilai SP2D dan Nilai SPD tidak dijumlahkan){}; {}",
                l.kepala + 1,
                cacah(dipakai),
                rupiah(jumlah),
                match total_berkas {
                    Some((t, _)) if t == semua => ", baris Total berkas cocok",
                    _ => "",
                },
                lewati.teks()
            ),
        );
    }
    if lap.jumlah_galat() > galat_awal {
        return None;
    }
    if sub.is_empty() {
        lap.galat(
            Some(Lokasi::berkas(&nama_berkas)),
            "tidak ada baris pagu belanja untuk sub unit yang dipilih",
            Some("periksa ekspor.sub_unit dan bahwa rekap anggaran adalah tahun laporan".into()),
        );
        return None;
    }
    tulis(&sub)
}

fn daftar_baris(b: &[u32]) -> String {
    let v: Vec<String> = b.iter().take(20).map(u32::to_string).collect();
    if b.len() > 20 {
        format!("{} dan {} lainnya", v.join(", "), cacah(b.len() - 20))
    } else {
        v.join(", ")
    }
}

/// The sub kegiatan of row `r` (created on first sight), its parents'
/// codes checked against the sub kegiatan code by segments.
fn tempat_sub<'a>(
    sub: &'a mut BTreeMap<Vec<u64>, Sub>,
    l: &Lembar,
    r: usize,
    kode: &str,
    nama: &str,
    lap: &mut Temuan,
) -> Option<&'a mut Sub> {
    let h = |s: &str| format!("{kode} {s}");
    let n = |s: &str| format!("{nama} {s}");
    let kode_sub = l.teks(r, &h("SUB KEGIATAN"));
    let Some(kunci) = segmen(&kode_sub).filter(|s| s.len() >= 6) else {
        lap.galat(
            Some(l.lokasi(r, &h("SUB KEGIATAN"))),
            format!("kode sub kegiatan \"{kode_sub}\" tidak sah"),
            Some("kode sub kegiatan SIPD berbentuk 1.01.02.2.01.0001".into()),
        );
        return None;
    };
    let kegiatan = prefiks(&kode_sub, kunci.len() - 1);
    let program = prefiks(&kode_sub, 3);
    for (kolom, harap) in [("KEGIATAN", &kegiatan), ("PROGRAM", &program)] {
        let tertulis = l.teks(r, &h(kolom));
        if !tertulis.is_empty() && segmen(&tertulis) != segmen(harap) {
            lap.galat(
                Some(l.lokasi(r, &h(kolom))),
                format!(
                    "kode {} \"{tertulis}\" tidak sesuai dengan kode sub kegiatan {kode_sub} (seharusnya {harap})",
                    kolom.to_lowercase()
                ),
                Some("unduh ulang rekap dari SIPD-RI; kolom kode tidak boleh diubah".into()),
            );
            return None;
        }
    }
    let s = sub.entry(kunci).or_insert_with(|| Sub {
        program: program.clone(),
        nama_program: l.teks(r, &n("PROGRAM")),
        kegiatan: kegiatan.clone(),
        nama_kegiatan: l.teks(r, &n("KEGIATAN")),
        nama: l.teks(r, &n("SUB KEGIATAN")),
        ..Sub::default()
    });
    Some(s)
}

/// The budget workbook: programme, kegiatan and sub kegiatan rows in SIPD
/// code order, numbered as a typed budget sheet is (`1`, `1.1`, `1.1.1`),
/// one sub kegiatan row per type of expenditure.
fn tulis(sub: &BTreeMap<Vec<u64>, Sub>) -> Option<Vec<u8>> {
    let mut baris: Vec<Vec<Sel>> = Vec::new();
    let (mut np, mut nk, mut ns) = (0usize, 0usize, 0usize);
    let (mut prog, mut keg) = (None::<Vec<u64>>, None::<Vec<u64>>);
    let teks = |s: &str| Sel::Teks(s.to_string());
    for s in sub.values() {
        let sp = segmen(&s.program);
        if prog != sp {
            np += 1;
            nk = 0;
            prog = sp;
            keg = None;
            baris.push(vec![teks(&np.to_string()), teks(&s.nama_program)]);
        }
        let sk = segmen(&s.kegiatan);
        if keg != sk {
            nk += 1;
            ns = 0;
            keg = sk;
            baris.push(vec![teks(&format!("{np}.{nk}")), teks(&s.nama_kegiatan)]);
        }
        for (jenis, (pagu, real, _)) in &s.jumlah {
            ns += 1;
            baris.push(vec![
                teks(&format!("{np}.{nk}.{ns}")),
                teks(&s.nama),
                teks(JENIS_BELANJA[*jenis]),
                Sel::Angka(*pagu),
                Sel::Angka(*real),
            ]);
        }
    }
    tulis_buku(&[(
        "Anggaran",
        vec![
            "Kode",
            "Uraian",
            "Jenis Belanja",
            "Anggaran (Rp)",
            "Realisasi (Rp)",
        ],
        baris,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanggal_indonesia() {
        assert_eq!(tanggal_teks("7 Januari 2026"), Some((7, 1, 2026)));
        assert_eq!(tanggal_teks("31 Desember 2025"), Some((31, 12, 2025)));
        assert_eq!(tanggal_teks("07 Agt 2024"), Some((7, 8, 2024)));
        assert_eq!(tanggal_teks("2026-03-05"), Some((5, 3, 2026)));
        assert_eq!(tanggal_teks("Januari 2026"), None);
        assert_eq!(tanggal_teks("7 Brumaire 2026"), None);
        assert_eq!(tahun_serial(46029.0), 2026); // 7 Januari 2026
        assert_eq!(tahun_serial(45657.0), 2024); // 31 Desember 2024
    }

    #[test]
    fn kode_per_segmen() {
        // 2024–2025 and 2026 account codes of one account are one key.
        assert_eq!(segmen("5.2.03.01.01.0010"), segmen("5.2.03.01.001.00010"));
        assert_ne!(segmen("5.1.02.01.001.00024"), segmen("5.1.02.01.001.00025"));
        assert_eq!(prefiks("1.01.02.2.01.0001", 3), "1.01.02");
        assert_eq!(prefiks("1.01.02.2.01.0001", 5), "1.01.02.2.01");
        assert_eq!(
            jenis_belanja(&segmen("5.2.03.01.001.00010").unwrap()),
            Some(1)
        );
        assert_eq!(jenis_belanja(&segmen("5.1.02").unwrap()), Some(0));
        assert_eq!(jenis_belanja(&segmen("4.1.01").unwrap()), None);
        assert_eq!(segmen("5.1.x"), None);
    }
}
