//! Generated prose: the sentences the report writes itself from the figures,
//! already escaped as [`Markup`].

use rust_decimal::Decimal;

use super::{Markup, tanpa_markup};
use crate::compute::{Hitungan, SasaranHasil};
use crate::format::{self, apa_adanya, dengan_satuan, nilai_teks, persen, rupiah};
use crate::model::{Arah, Indikator, Nilai, PREDIKAT};

/// The comparisons PermenPANRB 53/2014 asks for, as far as the data allows:
/// per indicator, realisation against target, against earlier years, against
/// the Renstra's final target and against the national standard — each in the
/// indicator's own direction — then the efficiency of the sasaran's resources.
/// `semua` are all sasaran, to name programmes that several of them share.
pub(super) fn perbandingan(s: &SasaranHasil, semua: &[SasaranHasil], tahun: i32) -> Vec<Markup> {
    let th = format::tahun(tahun);
    let mut out = Vec::new();
    for i in &s.indikator {
        let ind = &i.ind;
        let sat = |n: &Nilai| nilai_satuan(n, &ind.satuan);
        out.push(tanpa_markup(format!(
            "Realisasi indikator \"{}\" tahun {th} sebesar {} dibandingkan target {} memberikan capaian {}% (kriteria {}).",
            ind.uraian,
            sat(&ind.realisasi),
            sat(&ind.target),
            persen(i.capaian),
            i.kriteria
        )));
        if let Some(t) = tahun_lalu(ind, &th) {
            out.push(tanpa_markup(t));
        }
        if let Some(r) = &ind.target_renstra {
            out.push(tanpa_markup(renstra(ind, r, &th)));
        }
        if let Some(n) = &ind.standar_nasional {
            out.push(tanpa_markup(standar(ind, n, &th)));
        }
    }
    out.extend(efisiensi(s, semua).into_iter().map(tanpa_markup));
    out
}

/// A value in a sentence with its unit: "85%", "2,5 hari", "12 dokumen";
/// bare for units that only name the kind of number (Indeks, Nilai, Skor …)
/// and for letter grades.
fn nilai_satuan(n: &Nilai, satuan: &str) -> String {
    let s = satuan.trim();
    match n {
        Nilai::Angka(_)
            if !s.is_empty()
                && s != "%"
                && !matches!(
                    s.to_lowercase().as_str(),
                    "indeks" | "predikat" | "nilai" | "skor" | "angka" | "poin" | "level"
                ) =>
        {
            format!("{} {s}", nilai_teks(n))
        }
        _ => dengan_satuan(n, satuan),
    }
}

/// A difference of two values with the indicator's unit: "4 poin persen" for
/// percentages, "2 orang", or the bare number without a unit.
pub(super) fn selisih_satuan(v: Decimal, satuan: &str) -> String {
    match satuan.trim() {
        "%" => format!("{} poin persen", apa_adanya(v)),
        "" => apa_adanya(v),
        s => format!("{} {s}", apa_adanya(v)),
    }
}

/// The sentence on earlier years: the values, then the latest year against
/// this one, with the unit and what the change means for the indicator's
/// direction.
fn tahun_lalu(ind: &Indikator, th: &str) -> Option<String> {
    let sat = |n: &Nilai| nilai_satuan(n, &ind.satuan);
    let (y, prev) = ind.lalu.iter().max_by_key(|(y, _)| *y)?;
    let list: Vec<String> = ind
        .lalu
        .iter()
        .map(|(y, v)| format!("tahun {} sebesar {}", format::tahun(*y), sat(v)))
        .collect();
    let mut text = format!(
        "Dibandingkan tahun-tahun sebelumnya, realisasi {}.",
        list.join(", ")
    );
    let ty = format::tahun(*y);
    match (prev, &ind.realisasi) {
        (Nilai::Angka(prev), Nilai::Angka(now)) => {
            let diff = *now - *prev;
            let beda = selisih_satuan(diff.abs(), &ind.satuan);
            let makna = match (diff.is_zero(), diff.is_sign_positive(), ind.arah) {
                (true, _, _) => String::new(),
                (false, true, Arah::Turun) => {
                    "; karena indikator ini semakin rendah semakin baik, kenaikan ini berarti kinerja memburuk".into()
                }
                (false, false, Arah::Turun) => {
                    "; karena indikator ini semakin rendah semakin baik, penurunan ini merupakan perbaikan kinerja".into()
                }
                (false, true, _) => "; kinerja membaik".into(),
                (false, false, _) => "; kinerja menurun".into(),
            };
            let arah = if diff.is_zero() {
                format!("sama dengan realisasi tahun {ty}")
            } else if diff.is_sign_positive() {
                format!("naik {beda} dari realisasi tahun {ty}")
            } else {
                format!("turun {beda} dari realisasi tahun {ty}")
            };
            text.push_str(&format!(" Realisasi tahun {th} {arah}{makna}."));
        }
        (Nilai::Predikat(prev), Nilai::Predikat(now)) => {
            let arah = match now.cmp(prev) {
                std::cmp::Ordering::Equal => "sama dengan",
                std::cmp::Ordering::Less => "lebih baik dari",
                std::cmp::Ordering::Greater => "lebih rendah dari",
            };
            text.push_str(&format!(
                " Predikat tahun {th} ({}) {arah} predikat tahun {ty} ({}).",
                PREDIKAT[*now], PREDIKAT[*prev]
            ));
        }
        _ => {}
    }
    Some(text)
}

/// The Renstra end-of-period target against this year's realisation, in the
/// indicator's direction.
fn renstra(ind: &Indikator, r: &Nilai, th: &str) -> String {
    let sat = |n: &Nilai| nilai_satuan(n, &ind.satuan);
    let mut text = format!(
        "Target akhir periode Renstra untuk indikator ini adalah {}",
        sat(r)
    );
    match (r, &ind.realisasi, ind.arah) {
        (Nilai::Angka(rt), Nilai::Angka(now), Arah::Naik) if !rt.is_zero() => {
            text.push_str(&format!(
                "; realisasi tahun {th} telah mencapai {}% dari target tersebut",
                persen(*now / *rt * Decimal::ONE_HUNDRED)
            ));
            if now < rt {
                text.push_str(&format!(
                    ", masih kurang {} untuk mencapainya",
                    selisih_satuan(*rt - *now, &ind.satuan)
                ));
            }
        }
        (Nilai::Angka(rt), Nilai::Angka(now), Arah::Turun) => {
            if now <= rt {
                text.push_str(&format!(
                    "; karena indikator ini semakin rendah semakin baik, realisasi tahun {th} sebesar {} telah memenuhi target akhir tersebut",
                    sat(&ind.realisasi)
                ));
            } else {
                text.push_str(&format!(
                    "; karena indikator ini semakin rendah semakin baik, realisasi tahun {th} sebesar {} belum memenuhinya dan masih perlu diturunkan {}",
                    sat(&ind.realisasi),
                    selisih_satuan(*now - *rt, &ind.satuan)
                ));
            }
        }
        (Nilai::Predikat(rt), Nilai::Predikat(now), _) => {
            text.push_str(&format!(
                "; predikat tahun {th} ({}) {}",
                PREDIKAT[*now],
                if now <= rt {
                    "telah mencapai predikat target akhir tersebut"
                } else {
                    "belum mencapai predikat target akhir tersebut"
                }
            ));
        }
        _ => {}
    }
    text.push('.');
    text
}

/// The national standard against this year's realisation, in the
/// indicator's direction.
fn standar(ind: &Indikator, n: &Nilai, th: &str) -> String {
    let sat = |v: &Nilai| nilai_satuan(v, &ind.satuan);
    let hasil = match (n, &ind.realisasi, ind.arah) {
        (Nilai::Angka(sn), Nilai::Angka(now), Arah::Naik) => Some(now >= sn),
        (Nilai::Angka(sn), Nilai::Angka(now), Arah::Turun) => Some(now <= sn),
        (Nilai::Predikat(sn), Nilai::Predikat(now), _) => Some(now <= sn),
        _ => None,
    };
    let nilai = match hasil {
        Some(true) => "; realisasi telah memenuhi standar nasional",
        Some(false) => "; realisasi belum memenuhi standar nasional",
        None => "",
    };
    format!(
        "Standar nasional untuk indikator ini adalah {}, sedangkan realisasi tahun {th} sebesar {}{nilai}.",
        sat(n),
        sat(&ind.realisasi)
    )
}

/// Efficiency of resources (PermenPANRB 53/2014, BAB III: "analisis atas
/// efisiensi penggunaan sumber daya"): the result achieved set against the
/// resources used to achieve it. Each supporting programme is named with its
/// own budget; a programme that also serves another sasaran is said to, and
/// its budget is then not summed into a per-sasaran saving (it would be
/// counted twice). Savings are called efficiency only when the target was
/// met.
fn efisiensi(s: &SasaranHasil, semua: &[SasaranHasil]) -> Vec<String> {
    if s.program.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut dibagi = Vec::new();
    let rincian: Vec<String> = s
        .program
        .iter()
        .map(|p| {
            let lain: Vec<&str> = semua
                .iter()
                .filter(|o| o.sasaran.kode != s.sasaran.kode)
                .filter(|o| o.program.iter().any(|q| q.kode == p.kode))
                .map(|o| o.sasaran.kode.as_str())
                .collect();
            let juga = if lain.is_empty() {
                String::new()
            } else {
                dibagi.push(p.uraian.clone());
                format!("; juga mendukung sasaran {}", gabung(&lain))
            };
            format!(
                "{} (anggaran {}, realisasi {}, serapan {}{juga})",
                p.uraian,
                rupiah(p.alokasi),
                rupiah(p.realisasi),
                p.serapan
                    .map(|v| format!("{}%", persen(v)))
                    .unwrap_or_else(|| "–".into()),
            )
        })
        .collect();
    out.push(format!(
        "Efisiensi penggunaan sumber daya dinilai dengan membandingkan hasil yang dicapai dengan anggaran yang digunakan untuk mencapainya. Sasaran ini didukung oleh {}.",
        rincian.join("; ")
    ));
    let Some((a, r, Some(ser))) = s.anggaran else {
        return out;
    };
    let tercapai = s.capaian >= Decimal::ONE_HUNDRED;
    let sisa = a - r;
    let kalimat = if !dibagi.is_empty() {
        let nama: Vec<&str> = dibagi.iter().map(String::as_str).collect();
        format!(
            "Karena {} juga mendukung sasaran lain, anggarannya tidak dibagi menurut sasaran dan tidak dijumlahkan dua kali; capaian sasaran ini ({}%) dinilai bersama serapan program-program tersebut, dan sisa anggarannya dinilai pada tingkat instansi.",
            gabung(&nama),
            persen(s.capaian)
        )
    } else if tercapai && sisa > Decimal::ZERO {
        format!(
            "Target sasaran tercapai ({}%) dengan realisasi anggaran {} atau {}% dari anggaran {}, sehingga terdapat efisiensi sebesar {}.",
            persen(s.capaian),
            rupiah(r),
            persen(ser),
            rupiah(a),
            rupiah(sisa)
        )
    } else if tercapai {
        format!(
            "Target sasaran tercapai ({}%) dengan menggunakan seluruh anggaran {}; tidak terdapat penghematan anggaran.",
            persen(s.capaian),
            rupiah(a)
        )
    } else {
        format!(
            "Capaian sasaran ({}%) belum mencapai target, sedangkan anggaran terserap {}%; sisa anggaran sebesar {} tidak dapat disebut efisiensi karena hasil yang diperjanjikan belum seluruhnya dicapai.",
            persen(s.capaian),
            persen(ser),
            rupiah(sisa)
        )
    };
    out.push(kalimat);
    out
}

/// The efficiency of the agency's resources as a whole (53/2014), where each
/// programme counts once whatever sasaran it serves: the mean capaian against
/// the whole budget's absorption; the unspent budget is called efficiency
/// only when every sasaran met its target.
pub(super) fn efisiensi_instansi(hasil: &Hitungan) -> Option<Markup> {
    let t = &hasil.anggaran.total;
    let ser = t.serapan?;
    let belum = hasil
        .sasaran
        .iter()
        .filter(|s| s.capaian < Decimal::ONE_HUNDRED)
        .count();
    let sisa = t.alokasi - t.realisasi;
    let mut text = format!(
        "Ditinjau dari efisiensi penggunaan sumber daya instansi, rata-rata capaian sasaran {}% dicapai dengan realisasi anggaran {} atau {}% dari anggaran {}; setiap program dihitung satu kali walaupun mendukung lebih dari satu sasaran.",
        persen(hasil.rata_rata),
        rupiah(t.realisasi),
        persen(ser),
        rupiah(t.alokasi)
    );
    if sisa > Decimal::ZERO {
        if belum == 0 {
            text.push_str(&format!(
                " Seluruh target sasaran tercapai, sehingga sisa anggaran sebesar {} merupakan efisiensi penggunaan sumber daya.",
                rupiah(sisa)
            ));
        } else {
            text.push_str(&format!(
                " Karena {} dari {} sasaran belum mencapai target, sisa anggaran sebesar {} belum dapat seluruhnya disebut efisiensi.",
                format::hitungan(belum as u64),
                format::hitungan(hasil.sasaran.len() as u64),
                rupiah(sisa)
            ));
        }
    }
    Some(tanpa_markup(text))
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
    use crate::compute::{IndikatorHasil, Pagu};
    use crate::diag::Lokasi;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(arah: Arah, satuan: &str, target: Nilai, realisasi: Nilai) -> Indikator {
        Indikator {
            sasaran: "S1".into(),
            uraian: "X".into(),
            satuan: satuan.into(),
            arah,
            target,
            realisasi,
            skor_target: None,
            skor_realisasi: None,
            lalu: Vec::new(),
            target_renstra: None,
            standar_nasional: None,
            lokasi: Lokasi::berkas("kinerja.xlsx"),
            sel: Default::default(),
            rusak: false,
        }
    }

    fn sasaran(kode: &str, i: Indikator, capaian: &str, program: Vec<Pagu>) -> SasaranHasil {
        let cfg: crate::config::Sasaran =
            serde_yaml_ng::from_str(&format!("kode: {kode}\nuraian: Sasaran {kode}")).unwrap();
        let anggaran = (!program.is_empty()).then(|| {
            let a: Decimal = program.iter().map(|p| p.alokasi).sum();
            let r: Decimal = program.iter().map(|p| p.realisasi).sum();
            (a, r, crate::compute::serapan(a, r))
        });
        SasaranHasil {
            tujuan: 0,
            sasaran: cfg,
            indikator: vec![IndikatorHasil {
                ind: i,
                capaian: d(capaian),
                kriteria: "Tinggi".into(),
            }],
            capaian: d(capaian),
            kriteria: "Tinggi".into(),
            anggaran,
            program,
        }
    }

    fn teks(s: &SasaranHasil, semua: &[SasaranHasil]) -> String {
        perbandingan(s, semua, 2025)
            .iter()
            .map(|m| m.0.replace(['\\', '\u{ad}'], ""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn pagu(kode: &str, a: &str, r: &str) -> Pagu {
        Pagu {
            kode: kode.into(),
            uraian: format!("Program {kode}"),
            alokasi: d(a),
            realisasi: d(r),
            serapan: crate::compute::serapan(d(a), d(r)),
        }
    }

    #[test]
    fn lower_is_better_renstra_and_previous_year() {
        // Unemployment 4 % against a Renstra ceiling of 2 %: not "200 % of the target".
        let mut i = ind(Arah::Turun, "%", Nilai::Angka(d("5")), Nilai::Angka(d("4")));
        i.target_renstra = Some(Nilai::Angka(d("2")));
        i.lalu = vec![(2024, Nilai::Angka(d("4.5"))), (2023, Nilai::Angka(d("6")))];
        let s = sasaran("S1", i, "120", Vec::new());
        let t = teks(&s, std::slice::from_ref(&s));
        assert!(!t.contains("200"), "{t}");
        assert!(
            t.contains("belum memenuhinya dan masih perlu diturunkan 2 poin persen"),
            "{t}"
        );
        // The latest year (2024) whatever the order, with the unit, a fall is an improvement.
        assert!(
            t.contains("Realisasi tahun 2025 turun 0,5 poin persen dari realisasi tahun 2024; karena indikator ini semakin rendah semakin baik, penurunan ini merupakan perbaikan kinerja."),
            "{t}"
        );
    }

    #[test]
    fn higher_is_better_renstra_and_previous_year() {
        let mut i = ind(
            Arah::Naik,
            "%",
            Nilai::Angka(d("86")),
            Nilai::Angka(d("82")),
        );
        i.target_renstra = Some(Nilai::Angka(d("90")));
        i.standar_nasional = Some(Nilai::Angka(d("80")));
        i.lalu = vec![(2024, Nilai::Angka(d("78")))];
        let s = sasaran("S1", i, "95.35", Vec::new());
        let t = teks(&s, std::slice::from_ref(&s));
        assert!(t.contains("telah mencapai 91,11% dari target tersebut, masih kurang 8 poin persen untuk mencapainya"), "{t}");
        assert!(
            t.contains("naik 4 poin persen dari realisasi tahun 2024; kinerja membaik"),
            "{t}"
        );
        assert!(
            t.contains("realisasi telah memenuhi standar nasional"),
            "{t}"
        );
    }

    #[test]
    fn letter_grade_comparisons() {
        let g = |p: &str| Nilai::Predikat(PREDIKAT.iter().position(|x| *x == p).unwrap());
        let mut i = ind(Arah::Predikat, "", g("A"), g("BB"));
        i.target_renstra = Some(g("A"));
        i.lalu = vec![(2024, g("B"))];
        let s = sasaran("S1", i, "98", Vec::new());
        let t = teks(&s, std::slice::from_ref(&s));
        assert!(
            t.contains("Predikat tahun 2025 (BB) lebih baik dari predikat tahun 2024 (B)."),
            "{t}"
        );
        assert!(
            t.contains("predikat tahun 2025 (BB) belum mencapai predikat target akhir tersebut"),
            "{t}"
        );
    }

    #[test]
    fn efficiency_names_shared_programmes_and_needs_the_target_met() {
        let i = || {
            ind(
                Arah::Naik,
                "%",
                Nilai::Angka(d("80")),
                Nilai::Angka(d("80")),
            )
        };
        let s1 = sasaran("S1", i(), "100", vec![pagu("1", "100", "90")]);
        let s2 = sasaran("S2", i(), "100", vec![pagu("2", "100", "90")]);
        let s3 = sasaran(
            "S3",
            i(),
            "100",
            vec![pagu("2", "100", "90"), pagu("3", "50", "50")],
        );
        let s4 = sasaran("S4", i(), "90", vec![pagu("4", "100", "80")]);
        let semua = vec![s1, s2, s3, s4];
        let t1 = teks(&semua[0], &semua);
        assert!(t1.contains("terdapat efisiensi sebesar Rp10"), "{t1}");
        let t2 = teks(&semua[1], &semua);
        assert!(t2.contains("juga mendukung sasaran S3"), "{t2}");
        assert!(t2.contains("tidak dijumlahkan dua kali"), "{t2}");
        assert!(!t2.contains("terdapat efisiensi"), "{t2}");
        let t4 = teks(&semua[3], &semua);
        assert!(t4.contains("tidak dapat disebut efisiensi"), "{t4}");
    }

    #[test]
    fn gabung_joins_with_dan() {
        assert_eq!(gabung(&[]), "");
        assert_eq!(gabung(&["A"]), "A");
        assert_eq!(gabung(&["A", "B"]), "A dan B");
        assert_eq!(gabung(&["A", "B", "C"]), "A, B dan C");
    }
}
