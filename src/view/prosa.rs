//! Generated prose: the sentences the report writes itself from the figures,
//! already escaped as [`Markup`].

use rust_decimal::Decimal;

use super::{Markup, tanpa_markup};
use crate::compute::SasaranHasil;
use crate::format::{self, apa_adanya, dengan_satuan, persen, rupiah};
use crate::model::Nilai;

/// The comparisons PermenPANRB 53/2014 asks for, as far as the data allows:
/// per indicator, realisation against target, against earlier years, against
/// the Renstra's final target and against the national standard; then the
/// efficiency of the sasaran's budget.
pub(super) fn perbandingan(s: &SasaranHasil, tahun: i32) -> Vec<Markup> {
    let tahun = format::tahun(tahun);
    let mut out = Vec::new();
    for i in &s.indikator {
        let ind = &i.ind;
        let sat = |n: &Nilai| dengan_satuan(n, &ind.satuan);
        out.push(tanpa_markup(format!(
            "Realisasi indikator \"{}\" tahun {tahun} sebesar {} dibandingkan target {} memberikan capaian {}% (kriteria {}).",
            ind.uraian,
            sat(&ind.realisasi),
            sat(&ind.target),
            persen(i.capaian),
            i.kriteria
        )));
        if !ind.lalu.is_empty() {
            let list: Vec<String> = ind
                .lalu
                .iter()
                .map(|(y, v)| format!("tahun {} sebesar {}", format::tahun(*y), sat(v)))
                .collect();
            let mut text = format!(
                "Dibandingkan tahun-tahun sebelumnya, realisasi {}.",
                list.join(", ")
            );
            if let (Some((y, Nilai::Angka(prev))), Nilai::Angka(now)) =
                (ind.lalu.last(), &ind.realisasi)
            {
                let diff = *now - *prev;
                let arah = if diff.is_zero() {
                    "sama dengan".to_string()
                } else if diff.is_sign_positive() {
                    format!("naik {} dari", apa_adanya(diff))
                } else {
                    format!("turun {} dari", apa_adanya(diff.abs()))
                };
                text.push_str(&format!(
                    " Realisasi tahun {tahun} {arah} realisasi tahun {}.",
                    format::tahun(*y)
                ));
            }
            out.push(tanpa_markup(text));
        }
        if let Some(r) = &ind.target_renstra {
            let mut text = format!(
                "Target akhir periode Renstra untuk indikator ini adalah {}",
                sat(r)
            );
            if let (Nilai::Angka(rt), Nilai::Angka(now)) = (r, &ind.realisasi)
                && !rt.is_zero()
            {
                text.push_str(&format!(
                    "; realisasi tahun {tahun} telah mencapai {}% dari target tersebut",
                    persen(*now / *rt * Decimal::ONE_HUNDRED)
                ));
            }
            text.push('.');
            out.push(tanpa_markup(text));
        }
        if let Some(n) = &ind.standar_nasional {
            out.push(tanpa_markup(format!(
                "Standar nasional untuk indikator ini adalah {}, sedangkan realisasi {} sebesar {}.",
                sat(n),
                tahun,
                sat(&ind.realisasi)
            )));
        }
    }
    if let Some((a, r, Some(ser))) = s.anggaran {
        let efisien = if s.capaian >= ser {
            "efisien"
        } else {
            "belum efisien"
        };
        out.push(tanpa_markup(format!(
            "Dari sisi efisiensi, program pendukung sasaran ini menyerap {} dari anggaran {} ({}%), sedangkan capaian sasaran {}%; penggunaan sumber daya tergolong {efisien}.",
            rupiah(r),
            rupiah(a),
            persen(ser),
            persen(s.capaian)
        )));
    }
    out
}

/// The comparison note under a group table for one measure (`what`, e.g.
/// "nilai IP ASN"): the highest group(s) against the others, with the
/// differences. `None` with fewer than two values.
pub(super) fn perbandingan_kelompok(
    what: &str,
    mut vals: Vec<(String, Decimal)>,
) -> Option<Markup> {
    if vals.len() < 2 {
        return None;
    }
    vals.sort_by_key(|v| std::cmp::Reverse(v.1));
    let tv = vals[0].1;
    let (top, rest): (Vec<_>, Vec<_>) = vals.iter().partition(|(_, v)| *v == tv);
    let top: Vec<&str> = top.iter().map(|(l, _)| l.as_str()).collect();
    let rest: Vec<String> = rest
        .iter()
        .map(|(l, v)| format!("{l} ({}; selisih {})", apa_adanya(*v), apa_adanya(tv - *v)))
        .collect();
    let text = if rest.is_empty() {
        format!(
            "Pada {what}, semua kelompok bernilai sama ({}).",
            apa_adanya(tv)
        )
    } else {
        format!(
            "Pada {what}, {} tertinggi dengan nilai {} dibandingkan {}.",
            gabung(&top),
            apa_adanya(tv),
            rest.join(", ")
        )
    };
    Some(tanpa_markup(text))
}

/// "A", "A dan B", "A, B dan C".
fn gabung(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} dan {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gabung_joins_with_dan() {
        assert_eq!(gabung(&[]), "");
        assert_eq!(gabung(&["A"]), "A");
        assert_eq!(gabung(&["A", "B"]), "A dan B");
        assert_eq!(gabung(&["A", "B", "C"]), "A, B dan C");
    }
}
