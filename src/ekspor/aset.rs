//! A Buku Inventaris or KIB sheet (SIMDA BMD / SIPD-BMD print or export),
//! read by its headers into lapkin's asset sheet: rows of one item and one
//! condition added together (the `Jumlah Barang` column summed, or rows
//! counted when the sheet has none), conditions mapped to one vocabulary
//! (`B`/`Baik`/`1`, `KB`/`RR`/`Rusak Ringan`/`2`, `RB`/`Rusak Berat`/`3`).

use rust_decimal::Decimal;

use super::{Lembar, Sel, tulis_buku};
use crate::diag::{Lokasi, Temuan};
use crate::format::cacah;
use crate::model::Kondisi;
use crate::sheet::normal;

/// Item name headers accepted.
const NAMA: &[&str] = &[
    "Nama/Jenis Barang",
    "Jenis/Nama Barang",
    "Nama Barang",
    "NAMA ASET",
];
/// Condition headers accepted.
const KONDISI: &[&str] = &[
    "Keadaan Barang (B/KB/RB)",
    "Keadaan Barang",
    "Kondisi Bangunan",
    "Kondisi",
];
/// Quantity headers accepted (optional: rows are counted without one).
const JUMLAH: &[&str] = &[
    "Jumlah Barang",
    "KUANTITAS/JUMLAH BARANG",
    "Kuantitas",
    "Jumlah",
];

/// Columns a Buku Inventaris / KIB sheet must have (each a list of spellings).
pub const KOLOM_WAJIB: &[&[&str]] = &[&["Kode Barang", "KODE ASET 108"], NAMA, KONDISI];

/// An asset condition as written in a register.
pub fn kondisi(teks: &str) -> Option<Kondisi> {
    match normal(teks).as_str() {
        "1" | "b" | "baik" => Some(Kondisi::Baik),
        "2" | "kb" | "rr" | "rusakringan" | "kurangbaik" => Some(Kondisi::RusakRingan),
        "3" | "rb" | "rusakberat" => Some(Kondisi::RusakBerat),
        _ => None,
    }
}

fn kolom(l: &Lembar, ejaan: &[&str]) -> Option<String> {
    ejaan
        .iter()
        .find(|e| l.kolom(e).is_some())
        .map(|e| e.to_string())
}

/// Reads the sheets and writes `aset.xlsx`; `None` when an error was recorded.
pub fn turunkan(lembar: &[&Lembar], lap: &mut Temuan) -> Option<Vec<u8>> {
    let galat_awal = lap.jumlah_galat();
    let mut baris: Vec<(String, Kondisi, Decimal)> = Vec::new();
    for l in lembar {
        let nama = kolom(l, NAMA)?;
        let kond = kolom(l, KONDISI)?;
        let jml = kolom(l, JUMLAH);
        let (mut dipakai, mut lewat) = (0usize, 0usize);
        for r in l.baris() {
            let n = l.teks(r, &nama);
            // The numbered column row (1 2 3 …) under a KIB header, blank
            // rows and signature blocks have no item name.
            let kode = kolom(l, KOLOM_WAJIB[0])
                .map(|k| l.teks(r, &k))
                .unwrap_or_default();
            if n.is_empty()
                || n.parse::<u32>().is_ok()
                || (kode.is_empty() && l.teks(r, &kond).is_empty())
            {
                lewat += 1;
                continue;
            }
            let Some(k) = kondisi(&l.teks(r, &kond)) else {
                lap.galat(
                    Some(l.lokasi(r, &kond)),
                    format!("kondisi barang \"{}\" tidak dikenal", l.teks(r, &kond)),
                    Some("isi B/Baik/1, KB/RR/Rusak Ringan/2, atau RB/Rusak Berat/3".into()),
                );
                continue;
            };
            let j = match &jml {
                Some(c) => match l.rupiah(r, c, lap) {
                    Some(v) => v,
                    None => {
                        lap.galat(
                            Some(l.lokasi(r, c)),
                            "jumlah barang kosong",
                            Some("isi banyaknya barang (bilangan bulat)".into()),
                        );
                        continue;
                    }
                },
                None => Decimal::ONE,
            };
            dipakai += 1;
            match baris
                .iter_mut()
                .find(|(x, y, _)| normal(x) == normal(&n) && *y == k)
            {
                Some(e) => e.2 += j,
                None => baris.push((n, k, j)),
            }
        }
        lap.catatan(
            Some(Lokasi::lembar(&l.berkas, &l.lembar)),
            format!(
                "daftar aset: {} baris dipakai ({}); {} baris tanpa nama barang, kode dan kondisi (nomor kolom, tanda tangan) dilewati",
                cacah(dipakai),
                match &jml {
                    Some(c) => format!("kolom {c} dijumlahkan"),
                    None => "setiap baris dihitung satu barang".into(),
                },
                cacah(lewat)
            ),
        );
    }
    if lap.jumlah_galat() > galat_awal {
        return None;
    }
    let isi: Vec<Vec<Sel>> = baris
        .into_iter()
        .enumerate()
        .map(|(i, (n, k, j))| {
            vec![
                Sel::Angka(Decimal::from(i + 1)),
                Sel::Teks(n),
                Sel::Angka(j),
                Sel::Teks(k.nama().into()),
            ]
        })
        .collect();
    tulis_buku(&[("Aset", vec!["No", "Nama Barang", "Jumlah", "Kondisi"], isi)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kosakata_kondisi() {
        for (t, k) in [
            ("B", Kondisi::Baik),
            ("Baik", Kondisi::Baik),
            ("1", Kondisi::Baik),
            ("KB", Kondisi::RusakRingan),
            ("RR", Kondisi::RusakRingan),
            ("Rusak Ringan", Kondisi::RusakRingan),
            ("2", Kondisi::RusakRingan),
            ("RB", Kondisi::RusakBerat),
            ("Rusak Berat", Kondisi::RusakBerat),
            ("3", Kondisi::RusakBerat),
        ] {
            assert_eq!(kondisi(t), Some(k), "{t}");
        }
        assert_eq!(kondisi("Hilang"), None);
    }
}
