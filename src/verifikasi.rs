//! Verify: a signed PDF's signatures, what was added after them, and whether
//! the signed document is exactly the report lapkin builds from its sources.
//!
//! A signature (by lapkin or by another application such as the agency's TTE
//! tool) is an incremental update: it appends to the PDF and covers, through
//! its `/ByteRange`, every byte before it except its own `/Contents`. So:
//!
//! 1. each signature is checked cryptographically (the CMS signature over the
//!    digest of its byte range) by [`crate::cms_pdf`]; the certificate chain is
//!    checked only against roots the user supplies (`verify --akar`,
//!    [`crate::rantai`]), and otherwise said to be unchecked;
//! 2. every revision after the first signature is judged by the rules on what
//!    may change in a signed PDF ([`crate::revisi`]): new signature fields,
//!    document timestamps and long-term validation data (`/DSS`) are allowed;
//!    anything else is a modification — whether or not a later signature
//!    covers it, since a later signer vouches only for what he received;
//! 3. the report is rebuilt — from the sources attached to the signed revision
//!    (an archive PDF, see [`crate::arsip`]), in memory, or from an inputs
//!    folder — and must be a prefix of the file that lies inside the first
//!    signature's range: then the signature provably covers exactly that build.
//!    Nothing is written to disk, not even to the temporary folder.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::arsip::{self, Manifest};
use crate::compile::Huruf;
use crate::diag::Temuan;
use crate::masukan::Masukan;
use crate::rantai::{self, Rantai};
use crate::revisi::{self, Revisi, Tambahan};
use crate::{Bentuk, Gagal};

/// Exit code: every check passed.
pub const KELUAR_SAH: u8 = 0;
/// Exit code: the file or the inputs could not be read (usage error).
pub const KELUAR_GALAT: u8 = 1;
// 2 is the command-line parser's usage error.
/// Exit code: a signature is invalid (signed bytes changed, or bad CMS).
pub const KELUAR_TTD_RUSAK: u8 = 3;
/// Exit code: the signer's certificate chain does not lead to a root given
/// with `--akar` (or a certificate in it is expired, not yet valid, or not
/// allowed to sign). Ranked right after [`KELUAR_DIUBAH`].
pub const KELUAR_RANTAI: u8 = 8;
/// Exit code: a modification (not a signature, timestamp or validation data)
/// was appended after the last signature, unsigned.
pub const KELUAR_DITAMBAH: u8 = 4;
/// Exit code: the signed document is not what lapkin builds from the sources.
pub const KELUAR_BEDA: u8 = 5;
/// Exit code: the PDF has no signature, or the build comparison could not be made.
pub const KELUAR_TIDAK_LENGKAP: u8 = 6;
/// Exit code: a revision after a signature modifies the document (a page,
/// content, annotation, attachment, catalog entry…) and a later signature
/// covers that revision: the earlier signature no longer vouches for what is
/// shown. Ranked right after [`KELUAR_TTD_RUSAK`].
pub const KELUAR_DIUBAH: u8 = 7;

/// One signature, as checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TandaTangan {
    /// The signature field's name.
    pub bidang: String,
    /// The signer (certificate subject, or `/Name`).
    pub penanda: Option<String>,
    /// The claimed signing time (`/M`, or the CMS signing-time attribute).
    pub waktu: Option<String>,
    /// `/Reason`.
    pub alasan: Option<String>,
    /// `/Location`.
    pub tempat: Option<String>,
    /// `/ByteRange`: offset and length of the two signed parts.
    pub rentang: [usize; 4],
    /// A document timestamp (RFC 3161), not a person's signature.
    pub cap_waktu: bool,
    /// The digest of the byte range matches and the CMS signature is valid.
    pub utuh: bool,
    /// Why not, when not.
    pub masalah: Vec<String>,
    /// The certificate chain to the roots given with `--akar`.
    pub rantai: Rantai,
}

impl TandaTangan {
    /// The end of the signed bytes (the revision this signature closes).
    pub fn akhir(&self) -> usize {
        self.rentang[2] + self.rentang[3]
    }
}

/// Whether the signed document equals lapkin's build.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "hasil", rename_all = "snake_case")]
pub enum Kesamaan {
    /// Byte-identical to the build from `sumber`, and covered by the first signature.
    Sama {
        /// Where the build's sources came from.
        sumber: String,
    },
    /// Not identical.
    Beda {
        /// Where the build's sources came from.
        sumber: String,
        /// What differs.
        alasan: String,
    },
    /// The comparison could not be made.
    TidakDiperiksa {
        /// Why.
        alasan: String,
    },
}

/// The result of [`verifikasi`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct Putusan {
    /// The file checked.
    pub berkas: PathBuf,
    /// Its size.
    pub ukuran: usize,
    /// Every signature, in the order of the revisions they close.
    pub tanda_tangan: Vec<TandaTangan>,
    /// Bytes after the end of the last signature's range (0: none); whether
    /// they are allowed is told by [`Putusan::revisi`].
    pub ditambah: usize,
    /// Every revision after the first signature, judged ([`crate::revisi`]).
    pub revisi: Vec<Revisi>,
    /// The build comparison.
    pub kesamaan: Kesamaan,
}

impl Putusan {
    /// The index of the last signature that closes before `r` begins.
    pub fn setelah(&self, r: &Revisi) -> Option<usize> {
        self.tanda_tangan.iter().rposition(|t| t.akhir() <= r.awal)
    }

    /// The index of the first signature whose signed bytes include `r`.
    pub fn ditandatangani_oleh(&self, r: &Revisi) -> Option<usize> {
        self.tanda_tangan.iter().position(|t| t.akhir() >= r.akhir)
    }

    /// The revisions with modifications, each with whether a signature covers it.
    fn diubah(&self) -> impl Iterator<Item = (&Revisi, Option<usize>)> {
        self.revisi
            .iter()
            .filter(|r| !r.perubahan.is_empty())
            .map(|r| (r, self.ditandatangani_oleh(r)))
    }

    /// The exit code: the most serious finding wins, in the order 3, 7, 8, 4, 5, 6
    /// (see the `KELUAR_*` constants).
    pub fn kode_keluar(&self) -> u8 {
        if self.tanda_tangan.iter().any(|t| !t.utuh) {
            KELUAR_TTD_RUSAK
        } else if self.diubah().any(|(_, oleh)| oleh.is_some()) {
            KELUAR_DIUBAH
        } else if self
            .tanda_tangan
            .iter()
            .any(|t| matches!(t.rantai, Rantai::Gagal { .. }))
        {
            KELUAR_RANTAI
        } else if self.diubah().next().is_some() {
            KELUAR_DITAMBAH
        } else if matches!(self.kesamaan, Kesamaan::Beda { .. }) {
            KELUAR_BEDA
        } else if self.tanda_tangan.is_empty()
            || matches!(self.kesamaan, Kesamaan::TidakDiperiksa { .. })
        {
            KELUAR_TIDAK_LENGKAP
        } else {
            KELUAR_SAH
        }
    }
}

impl Putusan {
    /// The verdict as JSON for systems that archive reports (`verify --json`):
    /// every field of the text output, plus `kode_keluar`.
    pub fn json(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        v["kode_keluar"] = self.kode_keluar().into();
        let mut teks = serde_json::to_string_pretty(&v).unwrap_or_default();
        teks.push('\n');
        teks
    }
}

impl fmt::Display for Putusan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({} bita): {} tanda tangan",
            self.berkas.display(),
            self.ukuran,
            self.tanda_tangan.len()
        )?;
        for (i, t) in self.tanda_tangan.iter().enumerate() {
            writeln!(
                f,
                "{} {} (bidang \"{}\"):",
                if t.cap_waktu {
                    "cap waktu dokumen"
                } else {
                    "tanda tangan"
                },
                i + 1,
                t.bidang
            )?;
            writeln!(
                f,
                "  penanda tangan: {}",
                t.penanda.as_deref().unwrap_or("(tidak tercantum)")
            )?;
            writeln!(
                f,
                "  waktu: {}",
                t.waktu.as_deref().unwrap_or("(tidak tercantum)")
            )?;
            if let Some(a) = &t.alasan {
                writeln!(f, "  alasan: {a}")?;
            }
            if let Some(p) = &t.tempat {
                writeln!(f, "  tempat: {p}")?;
            }
            let [a, b, c, d] = t.rentang;
            writeln!(
                f,
                "  bita yang ditandatangani: {a}–{} dan {c}–{}",
                a + b,
                c + d
            )?;
            if t.utuh {
                writeln!(
                    f,
                    "  UTUH: bita yang ditandatangani tidak berubah dan tanda tangan CMS sah{}",
                    if t.rantai == Rantai::TidakDiperiksa {
                        " (rantai sertifikat tidak diperiksa terhadap akar tepercaya; \
                         periksa dengan --akar FILE.pem)"
                    } else {
                        ""
                    }
                )?;
                match &t.rantai {
                    Rantai::TidakDiperiksa => {}
                    Rantai::Sah { sertifikat } => writeln!(
                        f,
                        "  RANTAI SAH: {} — berlaku pada waktu penandatanganan \
                         (pencabutan/CRL/OCSP tidak diperiksa)",
                        sertifikat.join(" ← ")
                    )?,
                    Rantai::Gagal { alasan } => writeln!(
                        f,
                        "  RANTAI TIDAK SAH: {alasan}\n  saran: pastikan berkas --akar memuat \
                         sertifikat akar (dan bila perlu perantara) dari penyedia sertifikat \
                         penanda tangan"
                    )?,
                }
            } else {
                writeln!(
                    f,
                    "  RUSAK: {}",
                    if t.masalah.is_empty() {
                        "tanda tangan tidak sah".to_string()
                    } else {
                        t.masalah.join("; ")
                    }
                )?;
                writeln!(
                    f,
                    "  saran: berkas ini telah diubah setelah ditandatangani; minta salinan asli dari penanda tangan"
                )?;
            }
        }
        if self.tanda_tangan.is_empty() {
            writeln!(
                f,
                "TIDAK ADA TANDA TANGAN: PDF ini belum ditandatangani\n  saran: tandatangani dengan aplikasi TTE atau `lapkin sign`"
            )?;
        } else {
            self.tulis_revisi(f)?;
        }
        match &self.kesamaan {
            Kesamaan::Sama { sumber } => writeln!(
                f,
                "SAMA: dokumen yang ditandatangani sama persis (bita demi bita) dengan hasil lapkin dari {sumber}"
            ),
            Kesamaan::Beda { sumber, alasan } => writeln!(
                f,
                "BEDA: dokumen yang ditandatangani tidak sama dengan hasil lapkin dari {sumber}: {alasan}\n  saran: pastikan masukan dan versi lapkin sama dengan saat laporan disusun (lihat manifest.json)"
            ),
            Kesamaan::TidakDiperiksa { alasan } => {
                writeln!(f, "KESAMAAN TIDAK DIPERIKSA: {alasan}")
            }
        }
    }
}

impl Putusan {
    /// "tanda tangan 2 (bidang "X")".
    fn sebut(&self, i: usize) -> String {
        let t = &self.tanda_tangan[i];
        format!(
            "{} {} (bidang \"{}\")",
            if t.cap_waktu {
                "cap waktu dokumen"
            } else {
                "tanda tangan"
            },
            i + 1,
            t.bidang
        )
    }

    /// The revisions after the first signature: what each adds, and the
    /// verdict on modifications.
    fn tulis_revisi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.revisi.is_empty() {
            writeln!(f, "pembaruan setelah tanda tangan pertama:")?;
        }
        for r in &self.revisi {
            let oleh = match self.ditandatangani_oleh(r) {
                Some(j) => format!("dilindungi {}", self.sebut(j)),
                None => "tidak dilindungi tanda tangan apa pun".into(),
            };
            let mut isi: Vec<String> = r
                .tambahan
                .iter()
                .map(|t| match t {
                    Tambahan::TandaTangan { bidang } => {
                        format!("tanda tangan baru (bidang \"{bidang}\")")
                    }
                    Tambahan::CapWaktu { bidang } => {
                        format!("cap waktu dokumen (bidang \"{bidang}\")")
                    }
                    Tambahan::DataValidasi => {
                        "data validasi jangka panjang (DSS: sertifikat, OCSP, CRL)".into()
                    }
                    Tambahan::Metadata => "metadata dokumen (Info/XMP) diperbarui".into(),
                })
                .collect();
            if !r.perubahan.is_empty() {
                isi.push(format!(
                    "{} perubahan yang tidak diizinkan",
                    r.perubahan.len()
                ));
            }
            if isi.is_empty() {
                isi.push("tidak mengubah apa pun".into());
            }
            writeln!(
                f,
                "  bita {}–{} ({oleh}): {}",
                r.awal,
                r.akhir,
                isi.join("; ")
            )?;
        }
        let mut ada = false;
        for (r, oleh) in self.diubah() {
            ada = true;
            let setelah = self
                .setelah(r)
                .map(|i| self.sebut(i))
                .unwrap_or_else(|| "tanda tangan pertama".into());
            let mut halaman: Vec<u32> = r
                .perubahan
                .iter()
                .flat_map(|p| p.halaman.iter().copied())
                .collect();
            halaman.sort_unstable();
            halaman.dedup();
            let di_mana = if halaman.is_empty() {
                String::new()
            } else {
                format!(" pada {}", revisi::daftar_halaman(&halaman))
            };
            match oleh {
                Some(j) => writeln!(
                    f,
                    "DIUBAH SETELAH DITANDATANGANI: setelah {setelah}, dokumen diubah{di_mana} (bita {}–{}), \
                     lalu perubahan itu ditandatangani oleh {}; isi yang tampil sekarang bukan lagi yang \
                     ditandatangani oleh {setelah}",
                    r.awal,
                    r.akhir,
                    self.sebut(j)
                )?,
                None => writeln!(
                    f,
                    "DITAMBAH: setelah {setelah}, dokumen diubah{di_mana} (bita {}–{}) tanpa tanda tangan",
                    r.awal, r.akhir
                )?,
            }
            for p in &r.perubahan {
                writeln!(f, "  - {p}")?;
            }
            writeln!(
                f,
                "  saran: {}",
                if oleh.is_some() {
                    "jangan pakai berkas ini; minta salinan asli dari penanda tangan pertama \
                     (setelah penandatanganan hanya tanda tangan, cap waktu dan data validasi yang boleh ditambahkan)"
                } else {
                    "gunakan salinan yang berakhir pada tanda tangan terakhir, atau tandatangani ulang"
                }
            )?;
        }
        if !ada {
            if self.ditambah > 0 {
                writeln!(
                    f,
                    "setelah tanda tangan terakhir hanya ada tambahan yang diizinkan (data validasi jangka panjang atau cap waktu)"
                )?;
            } else {
                writeln!(f, "tidak ada tambahan setelah tanda tangan terakhir")?;
            }
            if self
                .revisi
                .iter()
                .any(|r| r.tambahan.contains(&Tambahan::DataValidasi))
            {
                writeln!(
                    f,
                    "data validasi jangka panjang ditambahkan (diizinkan; isinya tidak diperiksa oleh lapkin)"
                )?;
            }
        }
        Ok(())
    }
}

/// Checks the PDF at `berkas`; `masukan`: rebuild from this inputs folder
/// instead of the PDF's own attachments; `huruf`: the fonts folder.
pub fn verifikasi(berkas: &Path, masukan: Option<&Path>, huruf: &Path) -> Result<Putusan> {
    verifikasi_akar(berkas, masukan, huruf, None)
}

/// [`verifikasi`], with the signers' certificate chains checked against the
/// roots in `akar` (`verify --akar FILE.pem`, see [`crate::rantai`]).
pub fn verifikasi_akar(
    berkas: &Path,
    masukan: Option<&Path>,
    huruf: &Path,
    akar: Option<&[x509_cert::Certificate]>,
) -> Result<Putusan> {
    let pdf = std::fs::read(berkas).with_context(|| {
        format!(
            "{} tidak dapat dibaca (periksa nama dan izin berkas)",
            berkas.display()
        )
    })?;
    verifikasi_isi_akar(berkas, &pdf, masukan, huruf, akar)
}

/// [`verifikasi`] of PDF bytes already in memory (an upload to `lapkin
/// serve`); `berkas` names the file in the verdict and its messages.
pub fn verifikasi_isi(
    berkas: &Path,
    pdf: &[u8],
    masukan: Option<&Path>,
    huruf: &Path,
) -> Result<Putusan> {
    verifikasi_isi_akar(berkas, pdf, masukan, huruf, None)
}

/// [`verifikasi_isi`] with chains checked against `akar` (see [`verifikasi_akar`]).
pub fn verifikasi_isi_akar(
    berkas: &Path,
    pdf: &[u8],
    masukan: Option<&Path>,
    huruf: &Path,
    akar: Option<&[x509_cert::Certificate]>,
) -> Result<Putusan> {
    if !pdf.starts_with(b"%PDF-") {
        anyhow::bail!(
            "{} bukan berkas PDF (tidak diawali %PDF-)",
            berkas.display()
        );
    }
    // Nesting and object streams within bounds before any PDF parser runs.
    crate::batas_pdf::periksa(pdf).with_context(|| format!("{}", berkas.display()))?;
    let tanda_tangan = periksa_tanda_tangan(pdf, akar)?;
    let akhir = tanda_tangan.iter().map(TandaTangan::akhir).max();
    let ditambah = match akhir {
        Some(a) => pdf
            .get(a..)
            .map(|sisa| {
                sisa.iter()
                    .rposition(|b| !b.is_ascii_whitespace())
                    .map_or(0, |p| p + 1)
            })
            .unwrap_or(0),
        None => 0,
    };
    let revisi = match tanda_tangan.iter().map(TandaTangan::akhir).min() {
        Some(sejak) => revisi::periksa_revisi(pdf, sejak)?,
        None => Vec::new(),
    };
    let kesamaan = bandingkan(pdf, berkas, &tanda_tangan, masukan, huruf);
    Ok(Putusan {
        berkas: berkas.to_path_buf(),
        ukuran: pdf.len(),
        tanda_tangan,
        ditambah,
        revisi,
        kesamaan,
    })
}

/// A signature field of a PDF, signed or not.
#[derive(Debug, Clone)]
pub struct BidangTandaTangan {
    /// The field's full name (its `/T` and its parents', joined by `.`).
    pub nama: String,
    /// The field object (usually merged with its widget annotation).
    pub id: lopdf::ObjectId,
    /// The signature dictionary (`/V`), `None` for an unsigned field.
    pub nilai: Option<lopdf::Dictionary>,
}

/// Every signature field (`/FT /Sig`, inherited from a parent field too) in
/// the `/AcroForm` of `doc`, in the order of `/Fields`.
pub fn bidang_tanda_tangan(doc: &lopdf::Document) -> Vec<BidangTandaTangan> {
    use lopdf::Object;
    fn jelajah(
        doc: &lopdf::Document,
        id: lopdf::ObjectId,
        induk: &str,
        ft_induk: Option<Vec<u8>>,
        dilihat: &mut std::collections::BTreeSet<lopdf::ObjectId>,
        out: &mut Vec<BidangTandaTangan>,
        kedalaman: usize,
    ) {
        if kedalaman > 32 || !dilihat.insert(id) {
            return;
        }
        let Ok(d) = doc.get_object(id).and_then(Object::as_dict) else {
            return;
        };
        let t = revisi::teks(doc, d, b"T");
        let nama = match (&t, induk.is_empty()) {
            (Some(t), true) => t.clone(),
            (Some(t), false) => format!("{induk}.{t}"),
            (None, _) => induk.to_string(),
        };
        let ft = d
            .get(b"FT")
            .and_then(Object::as_name)
            .ok()
            .map(<[u8]>::to_vec)
            .or(ft_induk);
        if let Ok(anak) = d.get_deref(b"Kids", doc).and_then(Object::as_array) {
            let anak: Vec<_> = anak.iter().filter_map(|k| k.as_reference().ok()).collect();
            // Kids that are fields (have /T); widget-only kids belong to this field.
            let bidang_anak: Vec<_> = anak
                .iter()
                .copied()
                .filter(|k| {
                    doc.get_object(*k)
                        .and_then(Object::as_dict)
                        .is_ok_and(|kd| kd.has(b"T"))
                })
                .collect();
            if !bidang_anak.is_empty() {
                for k in bidang_anak {
                    jelajah(doc, k, &nama, ft.clone(), dilihat, out, kedalaman + 1);
                }
                return;
            }
        }
        if ft.as_deref() != Some(b"Sig".as_slice()) || t.is_none() {
            return;
        }
        let nilai = d
            .get(b"V")
            .ok()
            .and_then(|v| doc.dereference(v).ok())
            .and_then(|(_, v)| v.as_dict().ok())
            .cloned();
        out.push(BidangTandaTangan { nama, id, nilai });
    }
    let mut out = Vec::new();
    let Ok(katalog) = doc.catalog() else {
        return out;
    };
    let Ok(af) = katalog
        .get_deref(b"AcroForm", doc)
        .and_then(Object::as_dict)
    else {
        return out;
    };
    let Ok(bidang) = af.get_deref(b"Fields", doc).and_then(Object::as_array) else {
        return out;
    };
    let mut dilihat = std::collections::BTreeSet::new();
    for b in bidang {
        if let Ok(id) = b.as_reference() {
            jelajah(doc, id, "", None, &mut dilihat, &mut out, 0);
        }
    }
    out
}

/// The `/ByteRange` of a signature dictionary: four non-negative integers.
fn rentang_byte(v: &lopdf::Dictionary) -> Option<[usize; 4]> {
    let a = v.get(b"ByteRange").ok()?.as_array().ok()?;
    let n: Vec<usize> = a
        .iter()
        .map(|x| x.as_i64().ok().and_then(|i| usize::try_from(i).ok()))
        .collect::<Option<_>>()?;
    n.try_into().ok()
}

/// Every signature of the PDF with its cryptographic check
/// ([`crate::cms_pdf::periksa`]), ordered by the end of its byte range.
fn periksa_tanda_tangan(
    pdf: &[u8],
    akar: Option<&[x509_cert::Certificate]>,
) -> Result<Vec<TandaTangan>> {
    let doc = match lopdf::Document::load_mem(pdf) {
        Ok(d) => d,
        Err(e) => anyhow::bail!(
            "struktur PDF tidak dapat dibaca untuk mencari tanda tangan ({e}); berkas mungkin rusak"
        ),
    };
    let mut out = Vec::new();
    for b in bidang_tanda_tangan(&doc) {
        let Some(v) = b.nilai else { continue };
        let (Some(rentang), Ok(contents)) = (
            rentang_byte(&v),
            v.get(b"Contents").and_then(lopdf::Object::as_str),
        ) else {
            continue;
        };
        if contents.iter().all(|x| *x == 0) {
            // An unfilled placeholder: not a signature.
            continue;
        }
        let nama = |k: &[u8]| v.get(k).and_then(lopdf::Object::as_name).ok();
        let cap_waktu = nama(b"SubFilter") == Some(b"ETSI.RFC3161".as_slice())
            || nama(b"Type") == Some(b"DocTimeStamp".as_slice());
        let [a, l1, c, l2] = rentang;
        let bagian = a
            .checked_add(l1)
            .zip(c.checked_add(l2))
            .filter(|(akhir1, akhir2)| a == 0 && c >= *akhir1 && *akhir2 <= pdf.len())
            .map(|(akhir1, akhir2)| [&pdf[a..akhir1], &pdf[c..akhir2]]);
        let mut masalah = Vec::new();
        let hasil = match bagian {
            Some(bagian) => crate::cms_pdf::periksa(contents, &bagian, cap_waktu),
            None => {
                masalah.push("ByteRange tidak sah atau melampaui ukuran berkas".to_string());
                crate::cms_pdf::Pemeriksaan::default()
            }
        };
        let utuh = bagian.is_some() && hasil.sah();
        masalah.extend(hasil.masalah.iter().cloned());
        let cms = crate::cms_pdf::potong_der(contents);
        let m = revisi::teks(&doc, &v, b"M");
        // The chain is judged at the claimed signing time (/M, else the CMS
        // signingTime), or now when the signature names none.
        let rantai = match akar {
            Some(akar) if !cap_waktu => {
                let detik = m
                    .as_deref()
                    .and_then(detik_pdf)
                    .or_else(|| hasil.waktu_bertanda.map(|t| t.timestamp()))
                    .unwrap_or_else(|| chrono::Utc::now().timestamp());
                rantai::periksa(cms, akar, detik)
            }
            _ => Rantai::TidakDiperiksa,
        };
        out.push(TandaTangan {
            bidang: b.nama,
            penanda: hasil
                .penanda
                .clone()
                .or_else(|| revisi::teks(&doc, &v, b"Name")),
            waktu: m
                .as_deref()
                .map(waktu_pdf)
                .or_else(|| {
                    hasil
                        .waktu_bertanda
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                })
                .or_else(|| waktu_tak_bertanda(cms))
                .or_else(|| {
                    hasil.waktu_cap.map(|t| {
                        t.format("%Y-%m-%d %H:%M:%S UTC (cap waktu TSA)")
                            .to_string()
                    })
                }),
            alasan: revisi::teks(&doc, &v, b"Reason"),
            tempat: revisi::teks(&doc, &v, b"Location"),
            rentang,
            cap_waktu,
            utuh,
            masalah,
            rantai,
        });
    }
    out.sort_by_key(TandaTangan::akhir);
    Ok(out)
}

/// The signing-time attribute among the *unsigned* CMS attributes (where
/// lapkin's signatures before `/M` was written put it), marked as a claim.
fn waktu_tak_bertanda(cms_der: &[u8]) -> Option<String> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::SignedData;
    use x509_cert::der::{Decode, Encode, SliceReader, oid::ObjectIdentifier};
    const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
    let mut reader = SliceReader::new(cms_der).ok()?;
    let ci = ContentInfo::decode(&mut reader).ok()?;
    let sd: SignedData = ci.content.decode_as().ok()?;
    let si = sd.signer_infos.0.iter().next()?;
    let attr = si
        .unsigned_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == SIGNING_TIME)?;
    let der = attr.values.iter().next()?.to_der().ok()?;
    let t = x509_cert::time::Time::from_der(&der).ok()?;
    let d = t.to_date_time();
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC (menurut penanda tangan, tidak dilindungi tanda tangan)",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minutes(),
        d.seconds()
    ))
}

/// A PDF date `D:20250131093000+07'00'` as `2025-01-31 09:30:00 +07:00`;
/// anything else unchanged.
/// A PDF date (`D:YYYYMMDDHHmmSS` with an optional zone `Z`, `+07'00'`) as
/// Unix seconds; `None` when it has fewer than 14 digits.
fn detik_pdf(s: &str) -> Option<i64> {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let angka: String = d.chars().take_while(char::is_ascii_digit).collect();
    if angka.len() < 14 {
        return None;
    }
    let t = chrono::NaiveDateTime::parse_from_str(&angka[..14], "%Y%m%d%H%M%S").ok()?;
    let zona = d[14..].replace('\'', "");
    let geser = match zona.as_bytes().first() {
        Some(b'+' | b'-') if zona.len() >= 5 => {
            let j: i64 = zona[1..3].parse().ok()?;
            let m: i64 = zona[3..5].parse().ok()?;
            let g = j * 3600 + m * 60;
            if zona.starts_with('-') { -g } else { g }
        }
        _ => 0,
    };
    Some(t.and_utc().timestamp() - geser)
}

fn waktu_pdf(s: &str) -> String {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let angka: String = d.chars().take_while(char::is_ascii_digit).collect();
    if angka.len() < 14 {
        return s.to_string();
    }
    let zona = d[14..].replace('\'', "");
    let zona = match zona.as_str() {
        "" => String::new(),
        "Z" => " UTC".into(),
        z if z.len() == 5 => format!(" {}:{}", &z[..3], &z[3..]),
        z => format!(" {z}"),
    };
    format!(
        "{}-{}-{} {}:{}:{}{zona}",
        &angka[0..4],
        &angka[4..6],
        &angka[6..8],
        &angka[8..10],
        &angka[10..12],
        &angka[12..14]
    )
}

/// The attachments of a PDF revision: (name, bytes).
pub fn sematan_pdf(pdf: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    crate::batas_pdf::periksa(pdf)?;
    let doc = lopdf::Document::load_mem(pdf).context("struktur PDF tidak dapat dibaca")?;
    let mut out = Vec::new();
    let Ok(names) = doc
        .catalog()?
        .get_deref(b"Names", &doc)
        .and_then(|o| o.as_dict())
    else {
        return Ok(out);
    };
    let Ok(akar) = names
        .get_deref(b"EmbeddedFiles", &doc)
        .and_then(|o| o.as_dict())
    else {
        return Ok(out);
    };
    kumpulkan(&doc, akar, &mut out, &mut 0, 0)?;
    Ok(out)
}

/// Largest attachment read from a PDF, once inflated: the largest input file.
pub const MAKS_LAMPIRAN: u64 = crate::masukan::MAKS_BUKU_KERJA;
/// Largest total of a PDF's attachments, once inflated.
pub const MAKS_LAMPIRAN_TOTAL: u64 = 250_000_000;

/// An embedded file's bytes: stored, or inflated (FlateDecode) at most to
/// [`MAKS_LAMPIRAN`] — a 3 MB PDF may carry an attachment that inflates to
/// gigabytes, and it is refused before that memory is taken.
fn buka_lampiran(nama: &str, stream: &lopdf::Stream) -> Result<Vec<u8>> {
    use std::io::Read;
    let filter = stream
        .dict
        .get(b"Filter")
        .ok()
        .map(|f| match f {
            lopdf::Object::Name(n) => vec![n.clone()],
            lopdf::Object::Array(a) => a
                .iter()
                .filter_map(|x| x.as_name().ok().map(<[u8]>::to_vec))
                .collect(),
            _ => vec![b"?".to_vec()],
        })
        .unwrap_or_default();
    let isi = match filter.as_slice() {
        [] => stream.content.clone(),
        [f] if f.as_slice() == b"FlateDecode" => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(MAKS_LAMPIRAN + 1)
                .read_to_end(&mut out)
                .with_context(|| format!("lampiran {nama} tidak dapat diurai"))?;
            out
        }
        _ => anyhow::bail!("lampiran {nama} memakai penyandian yang tidak dikenal lapkin"),
    };
    if isi.len() as u64 > MAKS_LAMPIRAN {
        anyhow::bail!(
            "lampiran {nama} lebih dari {} setelah dibuka; bukan berkas masukan lapkin yang wajar",
            crate::format::ukuran_berkas(MAKS_LAMPIRAN)
        );
    }
    Ok(isi)
}

fn kumpulkan(
    doc: &lopdf::Document,
    simpul: &lopdf::Dictionary,
    out: &mut Vec<(String, Vec<u8>)>,
    total: &mut u64,
    kedalaman: usize,
) -> Result<()> {
    if kedalaman > 32 {
        anyhow::bail!("pohon lampiran PDF terlalu dalam");
    }
    if let Ok(anak) = simpul.get_deref(b"Kids", doc).and_then(|o| o.as_array()) {
        for k in anak {
            let k = doc.dereference(k)?.1.as_dict()?;
            kumpulkan(doc, k, out, total, kedalaman + 1)?;
        }
    }
    if let Ok(nama) = simpul.get_deref(b"Names", doc).and_then(|o| o.as_array()) {
        for pasangan in nama.chunks(2) {
            let [n, spec] = pasangan else { continue };
            let n = String::from_utf8_lossy(doc.dereference(n)?.1.as_str()?).into_owned();
            let spec = doc.dereference(spec)?.1.as_dict()?;
            let ef = spec.get_deref(b"EF", doc)?.as_dict()?;
            let stream = ef.get_deref(b"F", doc)?.as_stream()?;
            let isi = buka_lampiran(&n, stream)?;
            *total += isi.len() as u64;
            if *total > MAKS_LAMPIRAN_TOTAL {
                anyhow::bail!(
                    "lampiran PDF seluruhnya lebih dari {} setelah dibuka; PDF ini bukan arsip lapkin yang wajar",
                    crate::format::ukuran_berkas(MAKS_LAMPIRAN_TOTAL)
                );
            }
            out.push((n, isi));
        }
    }
    Ok(())
}

fn bandingkan(
    pdf: &[u8],
    berkas: &Path,
    tanda_tangan: &[TandaTangan],
    masukan: Option<&Path>,
    huruf: &Path,
) -> Kesamaan {
    // The revision the first signature closes: a complete PDF of its own.
    let tertanda = tanda_tangan
        .first()
        .map(|t| &pdf[..t.akhir().min(pdf.len())])
        .unwrap_or(pdf);
    let lampiran = match sematan_pdf(tertanda) {
        Ok(l) => l,
        Err(e) => {
            return Kesamaan::TidakDiperiksa {
                alasan: format!("lampiran PDF tidak dapat dibaca: {e:#}"),
            };
        }
    };
    let manifest_pdf = lampiran
        .iter()
        .find(|(n, _)| n == arsip::NAMA_MANIFEST)
        .and_then(|(_, isi)| Manifest::baca(isi).ok());
    let bentuk = if lampiran.is_empty() {
        Bentuk::Laporan
    } else {
        Bentuk::Arsip
    };

    let mut lap = Temuan::default();
    let masukan = match masukan {
        Some(dir) => Masukan::baca_folder(dir, &mut lap),
        None if bentuk == Bentuk::Laporan => {
            return Kesamaan::TidakDiperiksa {
                alasan: "PDF tidak membawa berkas sumber (bukan PDF arsip)\n  saran: sebutkan folder masukan dengan --masukan DIR".into(),
            };
        }
        // Rebuilt from the attachments in memory: nothing is written anywhere.
        None => match Masukan::dari_sematan(lampiran, berkas) {
            Ok(m) => Some(m),
            Err(e) => {
                return Kesamaan::TidakDiperiksa {
                    alasan: format!("{e:#}"),
                };
            }
        },
    };
    let huruf = Huruf::muat(huruf, &mut lap);
    let (Some(masukan), Some(huruf)) = (masukan, huruf) else {
        return Kesamaan::TidakDiperiksa {
            alasan: format!(
                "laporan tidak dapat disusun:\n{lap}masukan mengandung {} galat",
                lap.jumlah_galat()
            ),
        };
    };
    let sumber = masukan.asal.to_string();
    let (dibangun, manifest_baru) = match crate::susun(&masukan, &huruf, bentuk) {
        Ok(s) => (s.pdf, s.manifest),
        Err(Gagal::Data(l)) => {
            lap.daftar.extend(l.daftar);
            return Kesamaan::TidakDiperiksa {
                alasan: format!(
                    "laporan tidak dapat disusun dari {sumber}:\n{lap}masukan mengandung {} galat",
                    lap.jumlah_galat()
                ),
            };
        }
        Err(e) => {
            return Kesamaan::TidakDiperiksa {
                alasan: format!("laporan tidak dapat disusun dari {sumber}: {e}"),
            };
        }
    };
    let ditutup = tanda_tangan.first().map_or(pdf.len(), TandaTangan::akhir);
    if pdf.starts_with(&dibangun) && dibangun.len() <= ditutup {
        return Kesamaan::Sama { sumber };
    }
    let mut alasan = match pdf.iter().zip(&dibangun).position(|(a, b)| a != b) {
        Some(i) => format!("bita pertama yang berbeda di posisi {i}"),
        None if dibangun.len() > ditutup => {
            "hasil susun lebih panjang daripada bagian yang ditandatangani".into()
        }
        None => "panjang berbeda".into(),
    };
    if let (Some(lama), Some(baru)) = (&manifest_pdf, &manifest_baru) {
        let beda = arsip::beda_masukan(lama, baru);
        if !beda.is_empty() {
            alasan.push_str(&format!(
                "; menurut manifest.json yang berbeda: {}",
                beda.join(", ")
            ));
        }
    }
    Kesamaan::Beda { sumber, alasan }
}
