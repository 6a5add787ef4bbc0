//! The regency summary of a many-agency run (rekapitulasi capaian kinerja
//! perangkat daerah): one row per agency — average capaian and its
//! criterion, each sasaran's capaian, budget, realisation and absorption,
//! number of errors and warnings — sorted by capaian, with a total row, as a
//! PDF/A-2a + PDF/UA-1 in the report's typeface.
//!
//! Figures come from the same computation as the reports ([`crate::muat_hitung`]);
//! an agency whose inputs have errors is listed with its counts and no figures
//! (figures from inputs with errors are not printed anywhere).

use rust_decimal::Decimal;

use crate::compute;
use crate::escape::{esc, literal};
use crate::format;

/// One agency's row.
#[derive(Debug, Clone)]
pub struct BarisRekap {
    /// The agency's name (`instansi.nama`), or its folder's name when the YAML
    /// could not be read.
    pub instansi: String,
    /// Figures, when the agency's report was built.
    pub angka: Option<AngkaRekap>,
    /// Errors found in its inputs.
    pub galat: usize,
    /// Warnings.
    pub peringatan: usize,
}

/// The figures of a built report.
#[derive(Debug, Clone)]
pub struct AngkaRekap {
    /// Average capaian of the sasaran, in percent.
    pub capaian: Decimal,
    /// Its criterion.
    pub kriteria: String,
    /// Each sasaran: code and capaian.
    pub sasaran: Vec<(String, Decimal)>,
    /// Total budget allocation.
    pub pagu: Decimal,
    /// Total realisation.
    pub realisasi: Decimal,
    /// Report year.
    pub tahun: i32,
    /// Region (`instansi.daerah`).
    pub daerah: String,
    /// Signing date (`penandatanganan.tanggal`), ISO.
    pub tanggal: String,
    /// Typeface of the report.
    pub huruf: String,
}

impl AngkaRekap {
    /// The figures of computed inputs.
    pub fn dari(t: &crate::Terhitung) -> AngkaRekap {
        AngkaRekap {
            capaian: t.hasil.rata_rata,
            kriteria: t.hasil.kriteria.clone(),
            sasaran: t
                .hasil
                .sasaran
                .iter()
                .map(|s| (s.sasaran.kode.clone(), s.capaian))
                .collect(),
            pagu: t.hasil.anggaran.total.alokasi,
            realisasi: t.hasil.anggaran.total.realisasi,
            tahun: t.config.laporan.tahun,
            daerah: t.config.instansi.daerah.clone(),
            tanggal: t.config.penandatanganan.tanggal.clone(),
            huruf: t.config.halaman.huruf.clone(),
        }
    }
}

/// The rows sorted: highest capaian first, agencies without figures last
/// (by name).
pub fn urutkan(baris: &mut [BarisRekap]) {
    baris.sort_by(|a, b| {
        let ca = a.angka.as_ref().map(|x| x.capaian);
        let cb = b.angka.as_ref().map(|x| x.capaian);
        cb.cmp(&ca).then_with(|| a.instansi.cmp(&b.instansi))
    });
}

/// The Typst source of the summary (`main.typ`), rows in the order given.
pub fn sumber(baris: &[BarisRekap]) -> String {
    let contoh = baris.iter().find_map(|b| b.angka.as_ref());
    let huruf = contoh.map_or("TeX Gyre Bonum", |a| a.huruf.as_str());
    let judul_daerah = contoh
        .map(|a| format!("{} Tahun {}", a.daerah, a.tahun))
        .unwrap_or_default();
    let mut t = String::new();
    t.push_str(&format!(
        "#set document(title: {})\n",
        literal(&format!(
            "Rekapitulasi Capaian Kinerja Perangkat Daerah {judul_daerah}"
        ))
    ));
    t.push_str(&format!(
        "#set page(paper: \"a4\", flipped: true, margin: 1.8cm, numbering: \"1\")\n\
         #set text(font: {}, size: 9pt, lang: \"id\", region: \"ID\")\n\
         #set par(justify: false)\n\
         #let kp(body) = table.cell(fill: luma(215), align: center + horizon, text(weight: \"bold\", body))\n\
         #let jml(body, align: right) = table.cell(fill: luma(235), align: align, text(weight: \"bold\", body))\n",
        literal(huruf)
    ));
    t.push_str(&format!(
        "#align(center, text(size: 12pt, weight: \"bold\")[REKAPITULASI CAPAIAN KINERJA PERANGKAT DAERAH \\ {}])\n#v(0.6em)\n",
        esc(&judul_daerah.to_uppercase())
    ));
    t.push_str(
        "#table(columns: (0.9cm, 1fr, 2cm, 2.2cm, 2.6cm, 3.3cm, 3.3cm, 1.7cm, 1.2cm, 1.9cm), stroke: 0.5pt, inset: 4pt,\n\
         align: (center, left, right, center, left, right, right, right, right, right),\n\
         table.header(kp[No.], kp[Perangkat Daerah], kp[Rata-rata Capaian (%)], kp[Kriteria], kp[Capaian per Sasaran (%)], \
         kp[Pagu Anggaran (Rp)], kp[Realisasi (Rp)], kp[Serapan (%)], kp[Galat], kp[Peringatan]),\n",
    );
    let (mut pagu, mut realisasi, mut jumlah_capaian, mut n_capaian) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, 0u32);
    let (mut galat, mut peringatan) = (0usize, 0usize);
    for (i, b) in baris.iter().enumerate() {
        galat += b.galat;
        peringatan += b.peringatan;
        let sel = match &b.angka {
            Some(a) => {
                pagu += a.pagu;
                realisasi += a.realisasi;
                jumlah_capaian += a.capaian;
                n_capaian += 1;
                let sasaran: Vec<String> = a
                    .sasaran
                    .iter()
                    .map(|(k, c)| format!("{} {}", esc(k), esc(&format::persen(*c))))
                    .collect();
                [
                    esc(&format::persen(a.capaian)),
                    esc(&a.kriteria),
                    sasaran.join(" \\ "),
                    esc(&format::rupiah(a.pagu)),
                    esc(&format::rupiah(a.realisasi)),
                    esc(&format::persen_atau_strip(compute::serapan(
                        a.pagu,
                        a.realisasi,
                    ))),
                ]
            }
            None => {
                let strip = "–".to_string();
                [
                    strip.clone(),
                    "tidak disusun".into(),
                    strip.clone(),
                    strip.clone(),
                    strip.clone(),
                    strip,
                ]
            }
        };
        t.push_str(&format!(
            "[{}], [{}], {}, [{}], [{}],\n",
            i + 1,
            esc(&b.instansi),
            sel.iter()
                .map(|s| format!("[{s}]"))
                .collect::<Vec<_>>()
                .join(", "),
            b.galat,
            b.peringatan
        ));
    }
    let rata = if n_capaian > 0 {
        Some(jumlah_capaian / Decimal::from(n_capaian))
    } else {
        None
    };
    t.push_str(&format!(
        "table.cell(colspan: 2, fill: luma(235), align: left, text(weight: \"bold\")[Jumlah / rata-rata ({} perangkat daerah)]), jml[{}], jml(align: center)[{}], jml[], jml[{}], jml[{}], jml[{}], jml[{}], jml[{}],\n)\n",
        baris.len(),
        esc(&format::persen_atau_strip(rata)),
        esc(&rata
            .map(|r| compute::kriteria(r, &compute::skala_kriteria_baku()))
            .unwrap_or_else(|| "–".into())),
        esc(&format::rupiah(pagu)),
        esc(&format::rupiah(realisasi)),
        esc(&format::persen_atau_strip(compute::serapan(pagu, realisasi))),
        galat,
        peringatan
    ));
    t.push_str(
        "#v(0.5em)\n#text(size: 8pt)[Rata-rata capaian dan kriteria setiap perangkat daerah dihitung lapkin dari buku kerjanya; \
         baris jumlah: rata-rata capaian perangkat daerah yang laporannya tersusun (kriteria menurut skala baku), \
         jumlah pagu dan realisasi, serta serapan dari kedua jumlah itu. \
         Perangkat daerah yang masukannya mengandung galat tercantum tanpa angka.]\n",
    );
    t
}
