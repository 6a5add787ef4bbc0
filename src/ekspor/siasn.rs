//! SIASN "Export Data ASN" (PNS, PPPK, paruh waktu): one person per row,
//! counted into the four tables of `pegawai.xlsx` for the agency's units.
//!
//! Only these columns are read: `UNOR ID`, `JENIS KELAMIN`, `GOL AKHIR NAMA`
//! (`GOL AKHIR ID`), `TINGKAT PENDIDIKAN ID` (`… NAMA`), `JENIS JABATAN NAMA`
//! (`… ID`), `ESELON NAMA` and `JABATAN NAMA` (for the grouping rules). NIK,
//! NIP, names, phone numbers and addresses are never read, so they cannot
//! reach a message or the derived workbook; a row is named by its number.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{AturanJabatan, Ekspor, Lembar, Sel, tulis_buku};
use crate::diag::{Lokasi, Temuan};
use crate::format::cacah;
use crate::sheet::normal;

/// Label of a person whose field is empty or unknown in SIASN.
pub const TIDAK_TERCATAT: &str = "Tidak tercatat di SIASN";

/// Education labels, highest first, with the SIASN `TINGKAT PENDIDIKAN ID`s.
const PENDIDIKAN: &[(&str, &[u32])] = &[
    ("S-3", &[50]),
    ("S-2", &[45]),
    ("Profesi", &[42]),
    ("S-1/D-IV", &[40, 35]),
    ("D-III", &[30]),
    ("D-II", &[25]),
    ("D-I", &[20]),
    ("SLTA/Sederajat", &[15, 17, 18]),
    ("SLTP/Sederajat", &[10, 12]),
    ("SD/Sederajat", &[5]),
];

const ROMAWI: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

fn romawi(s: &str) -> Option<usize> {
    ROMAWI.iter().position(|r| r.eq_ignore_ascii_case(s.trim()))
}

/// A golongan as a table row: PNS `III/b` → (0, 2) "Golongan III";
/// PPPK `IX` → (1, 8) "PPPK Golongan IX".
pub fn golongan(nama: &str, id: &str) -> Option<(usize, usize)> {
    let t = nama.trim();
    if let Some((g, ruang)) = t.split_once('/') {
        let g = romawi(g).filter(|g| *g < 4)?;
        let r = ruang.trim().to_ascii_lowercase();
        return (r.len() == 1 && ("a"..="e").contains(&r.as_str())).then_some((0, g));
    }
    if !t.is_empty() {
        return romawi(t).map(|g| (1, g));
    }
    // Only the ID: PNS 11 = I/a … 45 = IV/e.
    let n: u32 = id.trim().parse().ok()?;
    ((11..=45).contains(&n) && (1..=5).contains(&(n % 10))).then(|| (0, n as usize / 10 - 1))
}

fn label_golongan((kelas, g): (usize, usize)) -> String {
    match kelas {
        0 => format!("Golongan {}", ROMAWI[g]),
        _ => format!("PPPK Golongan {}", ROMAWI[g]),
    }
}

/// The education row of a SIASN `TINGKAT PENDIDIKAN ID` (or name).
pub fn pendidikan(id: &str, nama: &str) -> Option<usize> {
    if let Ok(n) = id.trim().parse::<u32>() {
        return PENDIDIKAN.iter().position(|(_, ids)| ids.contains(&n));
    }
    let n = normal(nama);
    let cari = [
        ("s3", 0),
        ("doktor", 0),
        ("s2", 1),
        ("profesi", 2),
        ("s1", 3),
        ("sarjana", 3),
        ("diplomaiv", 3),
        ("diplomaiii", 4),
        ("diplomaii", 5),
        ("diplomai", 6),
        ("slta", 7),
        ("sltp", 8),
        ("sekolahdasar", 9),
    ];
    cari.iter().find(|(k, _)| n.starts_with(k)).map(|(_, i)| *i)
}

/// Position type of a row: `struktural`, `fungsional` or `pelaksana`.
fn jenis_jabatan(nama: &str, id: &str) -> Option<&'static str> {
    let n = normal(nama);
    let dari_nama = ["struktural", "fungsional", "pelaksana"]
        .into_iter()
        .find(|j| n.contains(j));
    dari_nama.or(match id.trim() {
        "1" => Some("struktural"),
        "2" => Some("fungsional"),
        "4" => Some("pelaksana"),
        _ => None,
    })
}

/// The built-in grouping: structural positions by echelon (when the export
/// has `ESELON NAMA`), then functional, then implementing positions.
fn aturan_bawaan() -> Vec<AturanJabatan> {
    let mut v: Vec<AturanJabatan> = ["I", "II", "III", "IV", "V"]
        .iter()
        .map(|e| AturanJabatan {
            uraian: format!("Eselon {e}"),
            eselon: vec![e.to_string()],
            ..Default::default()
        })
        .collect();
    for (u, j) in [
        ("Jabatan Struktural", "struktural"),
        ("Jabatan Fungsional", "fungsional"),
        ("Jabatan Pelaksana", "pelaksana"),
    ] {
        v.push(AturanJabatan {
            uraian: u.into(),
            jenis: vec![j.into()],
            ..Default::default()
        });
    }
    v
}

fn cocok(a: &AturanJabatan, jenis: Option<&str>, eselon: &str, nama: &str) -> bool {
    let es = eselon
        .split(['.', ' ', '/'])
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    (!a.jenis.is_empty() && jenis.is_some_and(|j| a.jenis.iter().any(|x| normal(x) == j)))
        || (!a.eselon.is_empty() && !es.is_empty() && a.eselon.iter().any(|x| x.trim() == es))
        || (!a.nama_memuat.is_empty()
            && a.nama_memuat
                .iter()
                .any(|x| !x.trim().is_empty() && normal(nama).contains(&normal(x))))
}

/// The units to count: the `ekspor.unor` IDs and, with a HierarkiUnor,
/// every unit below them.
fn unit(hierarki: &[&Lembar], cfg: &Ekspor) -> BTreeSet<String> {
    let mut pilih: BTreeSet<String> = cfg.unor.iter().map(|s| s.trim().to_string()).collect();
    let mut anak: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in hierarki {
        for r in l.baris() {
            let id = l.teks(r, "ID");
            let atas = l.teks(r, "ID_ATASAN");
            if !id.is_empty() && !atas.is_empty() {
                anak.entry(atas).or_default().push(id);
            }
        }
    }
    let mut antre: Vec<String> = pilih.iter().cloned().collect();
    while let Some(u) = antre.pop() {
        for a in anak.get(&u).into_iter().flatten() {
            if pilih.insert(a.clone()) {
                antre.push(a.clone());
            }
        }
    }
    pilih
}

/// Counts the agency's staff and writes `pegawai.xlsx`; `None` when an
/// error was recorded.
pub fn turunkan(
    asn: &[&Lembar],
    hierarki: &[&Lembar],
    cfg: &Ekspor,
    lap: &mut Temuan,
) -> Option<Vec<u8>> {
    let kunci = || Some(Lokasi::kunci(crate::masukan::BERKAS_YAML, "ekspor.unor"));
    if cfg.unor.is_empty() {
        let mut ada: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for l in asn {
            for r in l.baris() {
                let e = ada
                    .entry(l.teks(r, "UNOR ID"))
                    .or_insert_with(|| (l.teks(r, "UNOR NAMA"), 0));
                e.1 += 1;
            }
        }
        let mut v: Vec<_> = ada.into_iter().collect();
        v.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(&b.0)));
        let contoh: Vec<String> = v
            .iter()
            .take(15)
            .map(|(id, (n, j))| format!("{id} ({n}, {} orang)", cacah(*j)))
            .collect();
        lap.galat(
            kunci(),
            format!(
                "ekspor SIASN memuat pegawai {} unit organisasi (UNOR); sebutkan UNOR instansi ini di ekspor.unor",
                cacah(v.len())
            ),
            Some(format!(
                "tulis UNOR ID unit instansi (dengan berkas HierarkiUnor di ekspor.berkas, semua unit di bawahnya ikut); yang terbanyak: {}",
                contoh.join("; ")
            )),
        );
        return None;
    }
    let pilih = unit(hierarki, cfg);
    let aturan = if cfg.jabatan.is_empty() {
        aturan_bawaan()
    } else {
        cfg.jabatan.clone()
    };
    let mut kelamin = [0u64; 3];
    let mut gol: BTreeMap<Option<(usize, usize)>, u64> = BTreeMap::new();
    let mut didik: BTreeMap<Option<usize>, u64> = BTreeMap::new();
    let mut jab: BTreeMap<Option<usize>, u64> = BTreeMap::new();
    let mut total = 0u64;
    let mut unor_dipakai: BTreeSet<String> = BTreeSet::new();
    for l in asn {
        let mut kosong: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
        let (mut dipakai, mut lain) = (0usize, 0usize);
        for r in l.baris() {
            if l.kosong(r) {
                continue;
            }
            let unor = l.teks(r, "UNOR ID");
            if !pilih.contains(&unor) {
                lain += 1;
                continue;
            }
            unor_dipakai.insert(unor);
            dipakai += 1;
            total += 1;
            let jk = match normal(&l.teks(r, "JENIS KELAMIN")).as_str() {
                "m" | "l" | "lakilaki" | "pria" | "1" => 0,
                "f" | "p" | "perempuan" | "wanita" | "2" => 1,
                _ => {
                    kosong.entry("JENIS KELAMIN").or_default().push(l.nomor(r));
                    2
                }
            };
            kelamin[jk] += 1;
            let g = golongan(&l.teks(r, "GOL AKHIR NAMA"), &l.teks(r, "GOL AKHIR ID"));
            if g.is_none() {
                kosong.entry("GOL AKHIR NAMA").or_default().push(l.nomor(r));
            }
            *gol.entry(g).or_default() += 1;
            let p = pendidikan(
                &l.teks(r, "TINGKAT PENDIDIKAN ID"),
                &l.teks(r, "TINGKAT PENDIDIKAN NAMA"),
            );
            if p.is_none() {
                kosong
                    .entry("TINGKAT PENDIDIKAN ID")
                    .or_default()
                    .push(l.nomor(r));
            }
            *didik.entry(p).or_default() += 1;
            let jj = jenis_jabatan(
                &l.teks(r, "JENIS JABATAN NAMA"),
                &l.teks(r, "JENIS JABATAN ID"),
            );
            if jj.is_none() {
                kosong
                    .entry("JENIS JABATAN NAMA")
                    .or_default()
                    .push(l.nomor(r));
            }
            let es = l.teks(r, "ESELON NAMA");
            let nama_jab = l.teks(r, "JABATAN NAMA");
            let a = jj.and_then(|_| aturan.iter().position(|a| cocok(a, jj, &es, &nama_jab)));
            *jab.entry(a).or_default() += 1;
        }
        for (kolom, baris) in &kosong {
            let v: Vec<String> = baris.iter().take(20).map(u32::to_string).collect();
            lap.peringatan(
                Some(Lokasi::lembar(&l.berkas, &l.lembar)),
                format!(
                    "kolom {kolom} kosong atau tidak dikenal pada {} baris ({}{}); pegawai itu dihitung sebagai \"{TIDAK_TERCATAT}\"",
                    cacah(baris.len()),
                    v.join(", "),
                    if baris.len() > 20 { ", …" } else { "" }
                ),
                Some("lengkapi datanya di SIASN lalu unduh ulang ekspornya".into()),
            );
        }
        lap.catatan(
            Some(Lokasi::lembar(&l.berkas, &l.lembar)),
            format!(
                "ekspor Data ASN SIASN: {} pegawai dihitung; dilewati: {} pegawai unit lain",
                cacah(dipakai),
                cacah(lain)
            ),
        );
    }
    for u in &cfg.unor {
        if !unor_dipakai.contains(u.trim()) && hierarki.is_empty() {
            lap.peringatan(
                kunci(),
                format!("tidak ada pegawai dengan UNOR ID {u} di ekspor SIASN"),
                Some("periksa UNOR ID (kolom UNOR ID di ekspor Data ASN)".into()),
            );
        }
    }
    if total == 0 {
        lap.galat(
            kunci(),
            "tidak ada pegawai di UNOR yang disebut ekspor.unor",
            Some("tulis UNOR ID persis seperti di kolom UNOR ID ekspor SIASN".into()),
        );
        return None;
    }
    let n = |x: u64| Sel::Angka(Decimal::from(x));
    let t = |s: &str| Sel::Teks(s.to_string());
    let mut jk = Vec::new();
    for (i, u) in ["Laki-laki", "Perempuan", TIDAK_TERCATAT]
        .iter()
        .enumerate()
    {
        if kelamin[i] > 0 {
            jk.push(vec![t(u), n(kelamin[i])]);
        }
    }
    let mut g = Vec::new();
    for (k, v) in &gol {
        if let Some(k) = k {
            g.push(vec![t(&label_golongan(*k)), n(*v)]);
        }
    }
    if let Some(x) = gol.get(&None) {
        g.push(vec![t(TIDAK_TERCATAT), n(*x)]);
    }
    let mut p = Vec::new();
    for (k, v) in &didik {
        if let Some(k) = k {
            p.push(vec![t(PENDIDIKAN[*k].0), n(*v)]);
        }
    }
    if let Some(x) = didik.get(&None) {
        p.push(vec![t(TIDAK_TERCATAT), n(*x)]);
    }
    // Rules may share a label: rows with one label are added together.
    let mut j: Vec<(String, u64)> = Vec::new();
    // Unmatched rows last.
    for (k, v) in jab
        .iter()
        .filter(|(k, _)| k.is_some())
        .chain(jab.get_key_value(&None))
    {
        let u = match k {
            Some(i) => aturan[*i].uraian.clone(),
            None => TIDAK_TERCATAT.to_string(),
        };
        match j.iter_mut().find(|(x, _)| *x == u) {
            Some(e) => e.1 += v,
            None => j.push((u, *v)),
        }
    }
    let j: Vec<Vec<Sel>> = j.into_iter().map(|(u, v)| vec![t(&u), n(v)]).collect();
    tulis_buku(&[
        ("Jenis Kelamin", vec!["Uraian", "Jumlah"], jk),
        ("Golongan", vec!["Uraian", "Jumlah"], g),
        ("Pendidikan", vec!["Uraian", "Jumlah"], p),
        ("Jabatan", vec!["Uraian", "Jumlah"], j),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golongan_pns_dan_pppk() {
        assert_eq!(golongan("III/b", "32"), Some((0, 2)));
        assert_eq!(golongan("IV/e", ""), Some((0, 3)));
        assert_eq!(golongan("IX", ""), Some((1, 8)));
        assert_eq!(golongan("XVII", ""), Some((1, 16)));
        assert_eq!(golongan("", "21"), Some((0, 1)));
        assert_eq!(golongan("", ""), None);
        assert_eq!(golongan("V/a", ""), None);
        assert_eq!(label_golongan((1, 8)), "PPPK Golongan IX");
    }

    #[test]
    fn pendidikan_siasn() {
        assert_eq!(pendidikan("40", ""), Some(3));
        assert_eq!(pendidikan("35", ""), Some(3));
        assert_eq!(pendidikan("17", ""), Some(7));
        assert_eq!(pendidikan("05", ""), Some(9));
        assert_eq!(pendidikan("", "S-2"), Some(1));
        assert_eq!(pendidikan("", ""), None);
    }
}
