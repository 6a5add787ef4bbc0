//! What an agency places in its report beyond the generated tables: its own
//! tables (declared under `tabel:` in `lapkin.yaml`, read from a sheet of one
//! of its workbooks or from rows written in the YAML) and image files (an
//! analysis block `gambar: foto.jpg` with `keterangan:`). Everything is read
//! and checked here, so `check` reports every problem with its key or cell;
//! the view numbers them as figures, and their text reaches Typst escaped
//! like every other value.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::config::{Config, TabelYaml};
use crate::diag::{Lokasi, Temuan};
use crate::load::BERKAS_YAML;
use crate::masukan::Masukan;
use crate::model::{GambarInstansi, SelTabel, TabelInstansi};
use crate::sheet::{BukuKerja, angka_sel, angka_teks, normal, teks_data};
use crate::validasi::Cakupan;

/// Largest side of a placed image, in pixels (a 40-megapixel photo is still
/// accepted; beyond that the file is likely broken or hostile).
pub const MAKS_SISI_GAMBAR: u32 = 8000;

/// Most pixels of a placed image (25 megapixels): Typst decodes the whole
/// image into memory, 4 bytes a pixel or more (100 MB at this limit), before
/// it is scaled to its place on the page. Read from the PNG/JPEG header,
/// before anything decodes it.
pub const MAKS_PIKSEL_GAMBAR: u64 = 25_000_000;

/// Reads every agency table and every image the analysis blocks place.
pub fn baca(
    masukan: &Masukan,
    config: &Config,
    cakupan: Option<&Cakupan>,
    lap: &mut Temuan,
) -> (Vec<TabelInstansi>, Vec<GambarInstansi>) {
    let mut tabel: Vec<TabelInstansi> = Vec::new();
    for (i, t) in config.tabel.iter().enumerate() {
        let kunci = format!("tabel[{i}]");
        let lokasi = Lokasi::kunci(BERKAS_YAML, &kunci);
        let nama = t.nama.trim();
        if nama.is_empty() {
            lap.galat(
                Some(lokasi),
                "tabel tanpa nama",
                Some("tulis nama: yang dipakai blok analisis \"tabel: nama\"".into()),
            );
            continue;
        }
        if crate::view::NAMA_TABEL.contains(&nama) {
            lap.galat(
                Some(lokasi),
                format!("nama tabel \"{nama}\" sudah dipakai tabel yang dihasilkan lapkin"),
                Some("pilih nama lain".into()),
            );
            continue;
        }
        if tabel.iter().any(|x| x.nama == nama) {
            lap.galat(
                Some(lokasi),
                format!("nama tabel \"{nama}\" dipakai lebih dari sekali"),
                Some("setiap tabel perlu nama sendiri".into()),
            );
            continue;
        }
        let isi = match (
            t.berkas.is_some() || t.lembar.is_some(),
            !t.kolom.is_empty() || !t.baris.is_empty(),
        ) {
            (true, false) => dari_lembar(masukan, t, &kunci, cakupan, lap),
            (false, true) => dari_yaml(t, &kunci, lap),
            _ => {
                lap.galat(
                    Some(lokasi),
                    format!(
                        "tabel \"{nama}\" harus diambil dari tepat satu sumber: lembar buku kerja (berkas dan lembar) atau baris di YAML (kolom dan baris)"
                    ),
                    Some("tulis \"berkas: kinerja.xlsx\" dan \"lembar: Layanan\", atau \"kolom: [...]\" dan \"baris: [[...]]\"".into()),
                );
                continue;
            }
        };
        let Some((kepala, baris, diketik)) = isi else {
            continue;
        };
        if baris.is_empty() {
            lap.galat(
                Some(lokasi),
                format!("tabel \"{nama}\" tidak berisi baris data"),
                Some("isi baris di bawah baris judul, atau hapus tabel ini".into()),
            );
            continue;
        }
        // Wide tables count more printed rows per row (cells cost Typst memory).
        let bobot = crate::load::bobot_kolom(kepala.len());
        let batas = crate::load::MAKS_BARIS_CETAK / bobot;
        if baris.len() > batas {
            let kolom = if bobot > 1 {
                format!(" untuk tabel {} kolom", kepala.len())
            } else {
                String::new()
            };
            lap.galat(
                Some(lokasi),
                format!(
                    "tabel \"{nama}\" berisi {} baris; paling banyak {} baris{kolom} dicetak dalam laporan",
                    crate::format::bulat(Decimal::from(baris.len() as u64)),
                    crate::format::bulat(Decimal::from(batas as u64))
                ),
                Some("ringkas tabel ini (mis. per bulan atau per jenis) sebelum dimasukkan ke laporan".into()),
            );
            continue;
        }
        let angka: Vec<bool> = (0..kepala.len())
            .map(|c| {
                c > 0
                    && baris.iter().any(|r| matches!(r[c], SelTabel::Angka(_)))
                    && baris
                        .iter()
                        .all(|r| matches!(&r[c], SelTabel::Angka(_)) || r[c] == kosong())
            })
            .collect();
        let jumlah = t.jumlah.then(|| {
            (0..kepala.len())
                .map(|c| {
                    angka[c].then(|| {
                        baris
                            .iter()
                            .filter_map(|r| match r[c] {
                                SelTabel::Angka(v) => Some(v),
                                _ => None,
                            })
                            .sum::<Decimal>()
                    })
                })
                .collect::<Vec<_>>()
        });
        // A total row typed in the sheet is checked against the sums, never printed twice.
        if let (Some(j), Some((sel, lok))) = (&jumlah, &diketik) {
            for (c, v) in sel.iter().enumerate() {
                if let (SelTabel::Angka(v), Some(Some(s))) = (v, j.get(c))
                    && v != s
                {
                    lap.galat(
                        Some(lok(c as u32)),
                        format!(
                            "jumlah kolom \"{}\" tabel \"{nama}\" tertulis {}, padahal jumlah barisnya {}",
                            kepala[c],
                            crate::format::apa_adanya(*v),
                            crate::format::apa_adanya(*s)
                        ),
                        Some("perbaiki angka ini atau hapus baris jumlah; lapkin menjumlahkan sendiri".into()),
                    );
                }
            }
        }
        let mut baris = baris;
        if jumlah.is_none()
            && let Some((sel, _)) = diketik
        {
            baris.push(sel);
        }
        tabel.push(TabelInstansi {
            nama: nama.to_string(),
            judul: t.judul.clone(),
            kepala,
            baris,
            angka,
            jumlah,
            sumber: t.sumber.clone().filter(|s| !s.trim().is_empty()),
            lokasi,
        });
    }
    let dipakai: Vec<&str> = config
        .perencanaan
        .tujuan
        .iter()
        .flat_map(|t| &t.sasaran)
        .flat_map(|s| &s.analisis)
        .filter_map(|b| b.tabel.as_deref())
        .collect();
    for (i, t) in config.tabel.iter().enumerate() {
        if !t.nama.trim().is_empty() && !dipakai.contains(&t.nama.trim()) {
            lap.peringatan(
                Some(Lokasi::kunci(BERKAS_YAML, &format!("tabel[{i}]"))),
                format!(
                    "tabel \"{}\" tidak dipakai blok analisis mana pun, jadi tidak tercetak",
                    t.nama.trim()
                ),
                Some(format!(
                    "tambahkan \"- tabel: {}\" pada analisis sasaran yang dibahasnya",
                    t.nama.trim()
                )),
            );
        }
    }
    (tabel, gambar(masukan, config, lap))
}

fn kosong() -> SelTabel {
    SelTabel::Teks(String::new())
}

/// A total row typed in a sheet: its cells, and the location of a cell by column.
type BarisDiketik = (Vec<SelTabel>, Box<dyn Fn(u32) -> Lokasi>);

/// Header, rows, and a typed total row.
type Isi = (Vec<String>, Vec<Vec<SelTabel>>, Option<BarisDiketik>);

fn dari_lembar(
    masukan: &Masukan,
    t: &TabelYaml,
    kunci: &str,
    cakupan: Option<&Cakupan>,
    lap: &mut Temuan,
) -> Option<Isi> {
    let lokasi = || Some(Lokasi::kunci(BERKAS_YAML, kunci));
    let (Some(berkas), Some(lembar)) = (t.berkas.as_deref(), t.lembar.as_deref()) else {
        lap.galat(
            lokasi(),
            "tabel dari buku kerja memerlukan berkas dan lembar",
            Some("tulis \"berkas: kinerja.xlsx\" dan \"lembar: Layanan\"".into()),
        );
        return None;
    };
    let berkas = berkas.trim();
    let b = match masukan.berkas(berkas) {
        Some(b)
            if crate::masukan::Jenis::dari_nama(berkas)
                == Some(crate::masukan::Jenis::BukuKerja) =>
        {
            b
        }
        None if masukan.ditolak(berkas) => return None,
        _ => {
            lap.galat(
                lokasi(),
                format!("buku kerja \"{berkas}\" tidak ada di folder masukan"),
                Some("letakkan lembar tabel di salah satu buku kerja yang dibaca lapkin: aset, pegawai, anggaran atau kinerja (mis. kinerja.xlsx)".into()),
            );
            return None;
        }
    };
    let mut wb = BukuKerja::buka(b, cakupan, lap)?;
    let m = wb.lembar_mentah(lembar, lap)?;
    let nama_berkas = b.nama.clone();
    let (r_kepala, kepala_sel) = m.baris.first()?;
    let kepala: Vec<String> = kepala_sel
        .iter()
        .map(|d| teks_data(d).trim().to_string())
        .collect::<Vec<_>>();
    let lebar = kepala
        .iter()
        .rposition(|k| !k.is_empty())
        .map_or(0, |i| i + 1);
    let kepala: Vec<String> = kepala[..lebar].to_vec();
    let sel = |r: u32, c: usize| Lokasi::sel(&nama_berkas, &m.nama, r, m.kolom_awal + c as u32);
    if let Some(c) = kepala.iter().position(String::is_empty) {
        lap.galat(
            Some(sel(*r_kepala, c)),
            "judul kolom kosong",
            Some("setiap kolom tabel memerlukan judul pada baris pertama lembar".into()),
        );
        return None;
    }
    if let Some(cak) = cakupan {
        for (c, k) in kepala.iter().enumerate() {
            cak.periksa(k, || sel(*r_kepala, c), lap);
        }
    }
    let mut baris = Vec::new();
    let mut diketik: Option<BarisDiketik> = None;
    let n = m.baris.len();
    for (i, (r, cells)) in m.baris.iter().enumerate().skip(1) {
        if cells.len() > lebar
            && cells[lebar..]
                .iter()
                .any(|d| !teks_data(d).trim().is_empty())
        {
            lap.galat(
                Some(sel(*r, lebar)),
                "sel di luar kolom berjudul",
                Some("beri judul kolom ini pada baris pertama, atau kosongkan selnya".into()),
            );
        }
        let row: Vec<SelTabel> = (0..lebar)
            .map(|c| {
                let d = cells.get(c).cloned().unwrap_or(calamine::Data::Empty);
                match angka_sel(&d) {
                    Ok(Some(v)) => SelTabel::Angka(v),
                    Ok(None) => kosong(),
                    Err(_) => {
                        let s = teks_data(&d).trim().to_string();
                        if let Some(cak) = cakupan {
                            cak.periksa(&s, || sel(*r, c), lap);
                        }
                        SelTabel::Teks(s)
                    }
                }
            })
            .collect();
        let total = matches!(&row[0], SelTabel::Teks(s) if matches!(normal(s).as_str(), "jumlah" | "total" | "jumlahtotal"));
        if total && i + 1 == n {
            let (nb, mn, ka, r) = (nama_berkas.clone(), m.nama.clone(), m.kolom_awal, *r);
            diketik = Some((row, Box::new(move |c| Lokasi::sel(&nb, &mn, r, ka + c))));
        } else {
            baris.push(row);
        }
    }
    Some((kepala, baris, diketik))
}

fn dari_yaml(t: &TabelYaml, kunci: &str, lap: &mut Temuan) -> Option<Isi> {
    let kepala: Vec<String> = t.kolom.iter().map(|k| k.trim().to_string()).collect();
    if kepala.is_empty() || kepala.iter().any(String::is_empty) {
        lap.galat(
            Some(Lokasi::kunci(BERKAS_YAML, &format!("{kunci}.kolom"))),
            "judul kolom tabel kosong atau tidak ada",
            Some("tulis kolom: [\"Uraian\", \"Jumlah\"] dengan judul setiap kolom".into()),
        );
        return None;
    }
    let mut baris = Vec::new();
    let mut rusak = false;
    for (j, row) in t.baris.iter().enumerate() {
        let lok = || Some(Lokasi::kunci(BERKAS_YAML, &format!("{kunci}.baris[{j}]")));
        if row.len() != kepala.len() {
            lap.galat(
                lok(),
                format!(
                    "baris berisi {} sel, padahal tabel punya {} kolom",
                    row.len(),
                    kepala.len()
                ),
                Some("isi satu sel untuk setiap kolom; tulis \"\" untuk sel kosong".into()),
            );
            rusak = true;
            continue;
        }
        let mut cells = Vec::new();
        for v in row {
            use serde_yaml_ng::Value;
            let sel = match v {
                Value::Null => kosong(),
                Value::Number(n) => match Decimal::from_str(&n.to_string())
                    .or_else(|_| Decimal::from_scientific(&n.to_string()))
                {
                    Ok(d) => SelTabel::Angka(d),
                    Err(_) => SelTabel::Teks(n.to_string()),
                },
                Value::String(s) => match angka_teks(s.trim()) {
                    Ok(d) if !s.trim().is_empty() => SelTabel::Angka(d),
                    _ => SelTabel::Teks(s.trim().to_string()),
                },
                Value::Bool(b) => SelTabel::Teks(if *b { "Ya" } else { "Tidak" }.into()),
                _ => {
                    lap.galat(
                        lok(),
                        "sel tabel harus teks atau angka",
                        Some("tulis teks di antara tanda kutip".into()),
                    );
                    rusak = true;
                    kosong()
                }
            };
            cells.push(sel);
        }
        baris.push(cells);
    }
    (!rusak).then_some((kepala, baris, None))
}

/// Every image an analysis block places, read once and checked: a plain file
/// name in the inputs folder, PNG or JPEG by content, a sane size, decodable.
fn gambar(masukan: &Masukan, config: &Config, lap: &mut Temuan) -> Vec<GambarInstansi> {
    let mut out: Vec<GambarInstansi> = Vec::new();
    for s in config.perencanaan.tujuan.iter().flat_map(|t| &t.sasaran) {
        for (bi, b) in s.analisis.iter().enumerate() {
            let Some(nama) = b.gambar.as_deref().map(str::trim) else {
                continue;
            };
            let kunci = format!("sasaran {} › analisis[{bi}]", s.kode);
            let lokasi = || Some(Lokasi::kunci(BERKAS_YAML, &kunci));
            if b.keterangan.as_deref().is_none_or(|k| k.trim().is_empty()) {
                lap.galat(
                    lokasi(),
                    format!("gambar \"{nama}\" tanpa keterangan"),
                    Some("tulis \"keterangan: …\" di bawah \"gambar:\"; keterangan menjadi judul gambar di Daftar Gambar".into()),
                );
            }
            if out.iter().any(|g| g.nama == nama) {
                continue;
            }
            if !crate::masukan::nama_sah(nama) {
                lap.galat(
                    lokasi(),
                    format!("jalur gambar \"{nama}\" tidak sah"),
                    Some("letakkan gambar di folder masukan, di samping lapkin.yaml, dan tulis namanya saja, mis. kegiatan.jpg".into()),
                );
                continue;
            }
            let ext = nama
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            let jenis = match ext.as_str() {
                "png" => "png",
                "jpg" | "jpeg" => "jpg",
                _ => {
                    lap.galat(
                        lokasi(),
                        format!("gambar \"{nama}\" bukan berkas PNG atau JPEG"),
                        Some("simpan gambar sebagai .png atau .jpg".into()),
                    );
                    continue;
                }
            };
            let isi = match masukan.berkas(nama) {
                Some(b) => b.isi.clone(),
                None if masukan.ditolak(nama) => continue,
                None => {
                    lap.galat(
                        lokasi(),
                        format!("berkas gambar \"{nama}\" tidak ditemukan"),
                        Some(
                            "letakkan berkas gambar di folder masukan, di samping lapkin.yaml"
                                .into(),
                        ),
                    );
                    continue;
                }
            };
            let berkas = || Some(Lokasi::berkas(nama));
            let ukuran = match jenis {
                "png" => crate::validasi::ukuran_png(&isi),
                _ => ukuran_jpeg(&isi),
            };
            let Some((w, h)) = ukuran else {
                lap.galat(
                    berkas(),
                    format!(
                        "isi berkas \"{nama}\" bukan gambar {} yang terbaca",
                        if jenis == "png" { "PNG" } else { "JPEG" }
                    ),
                    Some("ekspor ulang gambar sebagai PNG atau JPEG".into()),
                );
                continue;
            };
            if w == 0 || h == 0 || w > MAKS_SISI_GAMBAR || h > MAKS_SISI_GAMBAR {
                lap.galat(
                    berkas(),
                    format!(
                        "gambar berukuran {w} × {h} piksel; paling besar {MAKS_SISI_GAMBAR} × {MAKS_SISI_GAMBAR}"
                    ),
                    Some("perkecil gambar (2000 piksel pada sisi panjang sudah tajam di kertas A4)".into()),
                );
                continue;
            }
            if u64::from(w) * u64::from(h) > MAKS_PIKSEL_GAMBAR {
                lap.galat(
                    berkas(),
                    format!(
                        "gambar \"{nama}\" berukuran {w} × {h} piksel ({} megapiksel); paling banyak {} megapiksel",
                        crate::format::angka(
                            Decimal::from(u64::from(w) * u64::from(h)) / Decimal::from(1_000_000),
                            1
                        ),
                        MAKS_PIKSEL_GAMBAR / 1_000_000
                    ),
                    Some(format!(
                        "perkecil \"{nama}\" di program pengolah gambar, mis. menjadi 2000 piksel pada sisi panjang (sudah tajam di kertas A4), lalu simpan ulang"
                    )),
                );
                continue;
            }
            let format = if jenis == "png" {
                typst::visualize::ExchangeFormat::Png
            } else {
                typst::visualize::ExchangeFormat::Jpg
            };
            if let Err(e) = typst::visualize::RasterImage::plain(
                typst::foundations::Bytes::new(isi.to_vec()),
                format,
            ) {
                lap.galat(
                    berkas(),
                    format!("gambar \"{nama}\" rusak dan tidak dapat dibaca ({e})"),
                    Some("ekspor ulang gambar dari program pengolah gambar".into()),
                );
                continue;
            }
            out.push(GambarInstansi {
                nama: nama.to_string(),
                jenis,
                isi,
            });
        }
    }
    out
}

/// Width and height from a JPEG's start-of-frame segment, `None` when the
/// bytes are not a JPEG whose frame header can be found.
pub fn ukuran_jpeg(isi: &[u8]) -> Option<(u32, u32)> {
    if !isi.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= isi.len() {
        if isi[i] != 0xFF {
            return None;
        }
        let penanda = isi[i + 1];
        if penanda == 0xFF {
            i += 1;
            continue;
        }
        if matches!(penanda, 0xD8 | 0x01 | 0xD0..=0xD7) {
            i += 2;
            continue;
        }
        let panjang = u16::from_be_bytes([isi[i + 2], isi[i + 3]]) as usize;
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&penanda) && !matches!(penanda, 0xC4 | 0xC8 | 0xCC) {
            let seg = isi.get(i + 4..i + 9)?;
            let h = u16::from_be_bytes([seg[1], seg[2]]) as u32;
            let w = u16::from_be_bytes([seg[3], seg[4]]) as u32;
            return Some((w, h));
        }
        if panjang < 2 {
            return None;
        }
        i += 2 + panjang;
    }
    None
}
