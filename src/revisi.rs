//! Revisions after a signature: what each incremental update changed, judged
//! by the rules on what may change in a signed PDF (ISO 32000-2 §12.8.2.2
//! DocMDP, ETSI EN 319 142-1 PAdES §5.4).
//!
//! A signature covers the bytes of the revision it closes. Later revisions
//! (incremental updates) are *not* covered by it, even when a later signature
//! covers them: whoever signs second vouches only for the file as he received
//! it. So every revision after the first signature is compared, object by
//! object, with the state before it (both states as a PDF reader sees them:
//! the prefix of the file up to that revision's `%%EOF`, loaded with its
//! cross-reference chain). Allowed are only:
//!
//! - new signature fields (`/FT /Sig`) with their widgets and appearance
//!   streams, listed in `/AcroForm /Fields` and in their page's `/Annots`;
//!   an existing empty signature field receiving its `/V` and appearance;
//! - signature dictionaries (`/Type /Sig`) and document timestamps
//!   (`/Type /DocTimeStamp`, SubFilter `ETSI.RFC3161`);
//! - long-term validation data: the catalog's `/DSS` with its `/Certs`,
//!   `/OCSPs`, `/CRLs` and `/VRI`, and the catalog's `/Extensions`;
//! - rewriting an object without changing it, and the cross-reference
//!   streams and object streams that only carry other objects.
//!
//! Everything else — a changed or replaced page, content stream, resource,
//! annotation other than a signature widget, attachment, form field, catalog
//! entry, a deleted object — is a modification ([`Perubahan`]), reported with
//! the pages it touches. New objects are accepted only where they are reached
//! from an accepted structure *and* did not exist before, so an old object
//! (say a page's content stream) cannot be smuggled in as "validation data".

use std::collections::{BTreeMap, BTreeSet, HashSet};

use anyhow::{Context, Result};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// What an accepted revision adds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "jenis", rename_all = "snake_case")]
pub enum Tambahan {
    /// A signature field (new, or an empty one filled) with its signature.
    TandaTangan {
        /// The field's name (`/T`).
        bidang: String,
    },
    /// A document timestamp (RFC 3161).
    CapWaktu {
        /// The field's name (`/T`).
        bidang: String,
    },
    /// Long-term validation data: `/DSS` (certificates, OCSP, CRL, `/VRI`).
    DataValidasi,
    /// The document information dictionary or the XMP metadata stream
    /// rewritten (signing applications update the modification date).
    Metadata,
}

/// A change that the signature rules do not allow.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Perubahan {
    /// The object changed (number, generation).
    pub objek: ObjectId,
    /// What the object is ("halaman", "aliran isi", "anotasi /Text", …).
    pub jenis: String,
    /// What happened to it ("baru", "diubah: /Contents, /Resources", "dihapus", …).
    pub keterangan: String,
    /// The pages (1-based) it belongs to in the new state, if any.
    pub halaman: Vec<u32>,
}

impl std::fmt::Display for Perubahan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "objek {} {} ({}", self.objek.0, self.objek.1, self.jenis)?;
        if !self.halaman.is_empty() {
            write!(f, "; {}", daftar_halaman(&self.halaman))?;
        }
        write!(f, "): {}", self.keterangan)
    }
}

/// "halaman 1", "halaman 1, 3", "halaman 1–38".
pub fn daftar_halaman(h: &[u32]) -> String {
    let mut h = h.to_vec();
    h.sort_unstable();
    h.dedup();
    match h.as_slice() {
        [] => String::new(),
        [a] => format!("halaman {a}"),
        [a, .., b] if (*b - *a) as usize + 1 == h.len() && h.len() > 3 => {
            format!("halaman {a}–{b}")
        }
        _ => format!(
            "halaman {}",
            h.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// One incremental update after the first signature.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Revisi {
    /// Its first byte (the end of the revision before it).
    pub awal: usize,
    /// The end of its `%%EOF` marker (the end of line after it, if any,
    /// belongs to the next revision).
    pub akhir: usize,
    /// What it adds that the rules allow.
    pub tambahan: Vec<Tambahan>,
    /// What it changes that the rules do not allow.
    pub perubahan: Vec<Perubahan>,
}

/// The ends of the revisions of `pdf` (just after each `%%EOF` that closes a
/// `startxref` section) that lie after `sejak`, and the end of the file when
/// it holds more than white space after the last `%%EOF`.
pub fn batas_revisi(pdf: &[u8], sejak: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = sejak;
    while let Some(p) = pdf
        .get(i..)
        .and_then(|s| s.windows(5).position(|w| w == b"%%EOF"))
    {
        let akhir = i + p + 5;
        // The same five bytes inside a stream do not count.
        let sebelum = &pdf[(i + p).saturating_sub(40).max(sejak.min(i + p))..i + p];
        if String::from_utf8_lossy(sebelum).contains("startxref") {
            out.push(akhir);
        }
        i = akhir;
    }
    let isi_akhir = pdf
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    if out.last().copied().unwrap_or(sejak) < isi_akhir {
        out.push(pdf.len());
    }
    out
}

/// Every revision of `pdf` after the byte `sejak` (the end of the first
/// signature's revision), each judged against the state before it.
pub fn periksa_revisi(pdf: &[u8], sejak: usize) -> Result<Vec<Revisi>> {
    let sejak = sejak.min(pdf.len());
    let mut lama = Document::load_mem(&pdf[..sejak])
        .context("revisi yang ditandatangani tidak dapat dibaca sebagai PDF")?;
    let mut awal = sejak;
    let mut out = Vec::new();
    for akhir in batas_revisi(pdf, sejak) {
        let baru = match Document::load_mem(&pdf[..akhir]) {
            Ok(d) => d,
            // The whole file must be readable; a bogus boundary inside a
            // stream is merged into the next revision.
            Err(_) if akhir < pdf.len() => continue,
            Err(e) => {
                out.push(Revisi {
                    awal,
                    akhir,
                    tambahan: Vec::new(),
                    perubahan: vec![Perubahan {
                        objek: (0, 0),
                        jenis: "berkas".into(),
                        keterangan: format!(
                            "pembaruan ini tidak dapat dibaca sebagai PDF ({e}); isinya tidak dapat dinilai"
                        ),
                        halaman: Vec::new(),
                    }],
                });
                break;
            }
        };
        let (tambahan, perubahan) = bandingkan(&lama, &baru);
        out.push(Revisi {
            awal,
            akhir,
            tambahan,
            perubahan,
        });
        lama = baru;
        awal = akhir;
    }
    Ok(out)
}

/// Streams that only carry other objects (compared one by one instead).
fn pembawa(o: &Object) -> bool {
    matches!(o, Object::Stream(s) if s.dict.has_type(b"XRef") || s.dict.has_type(b"ObjStm"))
}

/// Equal as a reader sees them (a stream's place in the file does not count).
fn sama(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(a), Object::Stream(b)) => a.dict == b.dict && a.content == b.content,
        _ => a == b,
    }
}

fn kamus<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match doc.dereference(o).ok()?.1 {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn kamus_id(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    match doc.objects.get(&id)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn rujukan(o: Option<&Object>) -> Option<ObjectId> {
    match o {
        Some(Object::Reference(r)) => Some(*r),
        _ => None,
    }
}

fn akar(doc: &Document) -> Option<ObjectId> {
    rujukan(doc.trailer.get(b"Root").ok())
}

/// The keys whose values differ between two dictionaries (resolved one level
/// deep for references is *not* done: a reference to another object is
/// compared as a reference, the object itself is judged on its own).
fn kunci_beda(a: &Dictionary, b: &Dictionary) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (k, v) in a.iter() {
        if b.get(k).ok() != Some(v) {
            out.insert(String::from_utf8_lossy(k).into_owned());
        }
    }
    for (k, _) in b.iter() {
        if !a.has(k) {
            out.insert(String::from_utf8_lossy(k).into_owned());
        }
    }
    out
}

fn nama(d: &Dictionary, k: &[u8]) -> Option<String> {
    d.get(k)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// A text string entry of `d` (dereferenced): UTF-16BE with its byte order
/// mark, else taken as UTF-8 (PDFDocEncoding and ASCII agree on ASCII).
pub(crate) fn teks(doc: &Document, d: &Dictionary, k: &[u8]) -> Option<String> {
    let o = doc.dereference(d.get(k).ok()?).ok()?.1;
    let b = o.as_str().ok()?;
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        Some(String::from_utf16_lossy(&u))
    } else {
        Some(String::from_utf8_lossy(b).into_owned())
    }
}

/// Every reference reachable from `o` inside `doc`, following only objects
/// for which `ikuti` holds (the start itself excluded unless reached again).
fn jangkauan(
    doc: &Document,
    mulai: &Object,
    ikuti: &dyn Fn(ObjectId) -> bool,
    out: &mut BTreeSet<ObjectId>,
) {
    let mut tumpuk: Vec<&Object> = vec![mulai];
    while let Some(o) = tumpuk.pop() {
        match o {
            Object::Reference(r) => {
                if ikuti(*r)
                    && out.insert(*r)
                    && let Some(x) = doc.objects.get(r)
                {
                    tumpuk.push(x);
                }
            }
            Object::Array(a) => tumpuk.extend(a.iter()),
            Object::Dictionary(d) => tumpuk.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => tumpuk.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// What an object is, for people.
fn jenis(doc: &Document, id: ObjectId) -> String {
    let Some(o) = doc.objects.get(&id) else {
        return "objek".into();
    };
    let d = match o {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(_) => return "larik".into(),
        _ => return "nilai".into(),
    };
    let tipe = nama(d, b"Type");
    let sub = nama(d, b"Subtype");
    match (tipe.as_deref(), sub.as_deref()) {
        (Some("Catalog"), _) => "katalog dokumen".into(),
        (Some("Page"), _) => "halaman".into(),
        (Some("Pages"), _) => "pohon halaman".into(),
        (_, Some("Widget")) if d.has(b"FT") => "bidang formulir".into(),
        (_, Some(s)) if tipe.as_deref() == Some("Annot") || d.has(b"Rect") => {
            format!("anotasi /{s}")
        }
        (Some("Font"), _) => "huruf".into(),
        (Some("XObject"), Some(s)) => format!("XObject /{s}"),
        (Some("EmbeddedFile"), _) => "berkas lampiran".into(),
        (Some("Filespec"), _) => "spesifikasi berkas lampiran".into(),
        (Some("Metadata"), _) => "metadata XMP".into(),
        (Some("Sig"), _) => "kamus tanda tangan".into(),
        (Some(t), _) => format!("/{t}"),
        _ if d.has(b"FT") => "bidang formulir".into(),
        _ if matches!(o, Object::Stream(_)) => "aliran isi".into(),
        _ => "kamus".into(),
    }
}

/// For each page (1-based), the objects that make it up: the page, its
/// contents, resources and annotations, not other pages or the page tree.
fn isi_halaman(doc: &Document) -> (Vec<ObjectId>, BTreeMap<ObjectId, Vec<u32>>) {
    let halaman: Vec<ObjectId> = doc.page_iter().collect();
    let semua: HashSet<ObjectId> = halaman.iter().copied().collect();
    let mut milik: BTreeMap<ObjectId, Vec<u32>> = BTreeMap::new();
    for (i, &h) in halaman.iter().enumerate() {
        let no = i as u32 + 1;
        milik.entry(h).or_default().push(no);
        let Some(d) = kamus_id(doc, h) else { continue };
        let mut capai = BTreeSet::new();
        for (k, v) in d.iter() {
            if k.as_slice() == b"Parent" {
                continue;
            }
            jangkauan(
                doc,
                v,
                &|r| !semua.contains(&r) && !kamus_id(doc, r).is_some_and(|d| d.has_type(b"Pages")),
                &mut capai,
            );
        }
        for id in capai {
            milik.entry(id).or_default().push(no);
        }
    }
    (halaman, milik)
}

struct Nilai<'a> {
    /// For each object of the new state, the pages it belongs to.
    milik: BTreeMap<ObjectId, Vec<u32>>,
    lama: &'a Document,
    baru: &'a Document,
    /// Objects new or different in `baru` (carriers excluded).
    berubah: BTreeSet<ObjectId>,
    /// Changed objects the rules account for.
    sah: BTreeSet<ObjectId>,
    tambahan: Vec<Tambahan>,
    perubahan: Vec<Perubahan>,
}

impl Nilai<'_> {
    fn baru_sama_sekali(&self, id: ObjectId) -> bool {
        !self.lama.objects.contains_key(&id)
    }

    fn langgar(&mut self, id: ObjectId, keterangan: String) {
        self.sah.remove(&id);
        self.perubahan.push(Perubahan {
            objek: id,
            jenis: jenis(self.baru, id),
            keterangan,
            halaman: Vec::new(),
        });
    }

    /// Accepts every changed object reachable from `o` that did not exist
    /// before (appearance streams, validation data and what they use).
    fn terima_baru(&mut self, o: &Object) {
        let mut capai = BTreeSet::new();
        let lama = self.lama;
        jangkauan(
            self.baru,
            o,
            &|r| !lama.objects.contains_key(&r),
            &mut capai,
        );
        for id in capai {
            if self.berubah.contains(&id) {
                self.sah.insert(id);
            }
        }
    }

    /// The catalog may change only in `/AcroForm`, `/DSS`, `/Extensions`.
    fn katalog(&mut self) {
        let (Some(a), Some(b)) = (akar(self.lama), akar(self.baru)) else {
            return;
        };
        if a != b {
            self.langgar(
                b,
                format!("katalog dokumen diganti (sebelumnya objek {} {})", a.0, a.1),
            );
            return;
        }
        if !self.berubah.contains(&b) {
            return;
        }
        let (Some(ka), Some(kb)) = (kamus_id(self.lama, a), kamus_id(self.baru, b)) else {
            return;
        };
        let lain: Vec<String> = kunci_beda(ka, kb)
            .into_iter()
            .filter(|k| !matches!(k.as_str(), "AcroForm" | "DSS" | "Extensions" | "Metadata"))
            .collect();
        if lain.is_empty() {
            self.sah.insert(b);
        } else {
            self.langgar(b, format!("diubah: /{}", lain.join(", /")));
        }
    }

    /// The trailer's `/Info` and the catalog's XMP `/Metadata`: what a reader
    /// shows as document properties, never page content.
    fn metadata(&mut self) {
        let calon = [
            rujukan(self.baru.trailer.get(b"Info").ok()),
            akar(self.baru)
                .and_then(|b| kamus_id(self.baru, b))
                .and_then(|k| rujukan(k.get(b"Metadata").ok())),
        ];
        let mut ada = false;
        for id in calon.into_iter().flatten() {
            if !self.berubah.contains(&id) || self.milik.contains_key(&id) {
                continue;
            }
            let jenis_sama = match (kamus_id(self.lama, id), kamus_id(self.baru, id)) {
                // The same object keeps its kind.
                (Some(a), Some(b)) => nama(a, b"Type") == nama(b, b"Type"),
                (None, Some(_)) => self.baru_sama_sekali(id),
                _ => false,
            };
            if jenis_sama {
                self.sah.insert(id);
                ada = true;
            }
        }
        if ada {
            self.tambahan.push(Tambahan::Metadata);
        }
    }

    /// `/DSS` and `/Extensions`: validation data, accepted when new.
    fn data_validasi(&mut self) {
        let Some(kb) = akar(self.baru).and_then(|b| kamus_id(self.baru, b)) else {
            return;
        };
        let ka = akar(self.lama).and_then(|a| kamus_id(self.lama, a));
        let mut ada_dss = false;
        for kunci in [b"DSS".as_slice(), b"Extensions"] {
            let Ok(v) = kb.get(kunci) else { continue };
            let v = v.clone();
            let berubah_di_katalog = ka.and_then(|k| k.get(kunci).ok()) != Some(&v);
            // Objects of the old /DSS may be rewritten (a /DSS grows: its
            // arrays and /VRI gain entries); nothing else old may.
            let mut lama_dss = BTreeSet::new();
            if let Some(lv) = ka.and_then(|k| k.get(kunci).ok()) {
                if let Some(r) = rujukan(Some(lv)) {
                    lama_dss.insert(r);
                }
                jangkauan(self.lama, lv, &|_| true, &mut lama_dss);
            }
            let mut capai = BTreeSet::new();
            let lama = self.lama;
            jangkauan(
                self.baru,
                &v,
                &|r| !lama.objects.contains_key(&r) || lama_dss.contains(&r),
                &mut capai,
            );
            let mut apa_pun = berubah_di_katalog;
            for id in capai {
                if self.berubah.contains(&id) {
                    apa_pun = true;
                    // What a page shows is never validation data, even when
                    // the page reaches it through a reference that dangled before.
                    if (self.baru_sama_sekali(id) || lama_dss.contains(&id))
                        && !self.milik.contains_key(&id)
                    {
                        self.sah.insert(id);
                    }
                }
            }
            if kunci == b"DSS" && apa_pun {
                ada_dss = true;
            }
        }
        if ada_dss {
            self.tambahan.push(Tambahan::DataValidasi);
        }
    }

    /// `/AcroForm`, its `/Fields`, new signature fields and their widgets;
    /// returns the widgets of accepted signature fields.
    fn formulir(&mut self) -> BTreeSet<ObjectId> {
        let mut widget = BTreeSet::new();
        let kb = akar(self.baru).and_then(|b| kamus_id(self.baru, b));
        let ka = akar(self.lama).and_then(|a| kamus_id(self.lama, a));
        let Some(af_obj) = kb.and_then(|k| k.get(b"AcroForm").ok()).cloned() else {
            return widget;
        };
        let Some(af) = kamus(self.baru, &af_obj).cloned() else {
            return widget;
        };
        let af_lama = ka
            .and_then(|k| k.get(b"AcroForm").ok())
            .and_then(|o| kamus(self.lama, o))
            .cloned()
            .unwrap_or_default();
        if let Some(id) = rujukan(Some(&af_obj))
            && self.berubah.contains(&id)
        {
            let lain: Vec<String> = kunci_beda(&af_lama, &af)
                .into_iter()
                .filter(|k| !matches!(k.as_str(), "Fields" | "SigFlags" | "DR" | "DA"))
                .collect();
            if lain.is_empty() {
                self.sah.insert(id);
            } else {
                self.langgar(id, format!("formulir diubah: /{}", lain.join(", /")));
            }
        }
        // /DR and /DA may gain resources for new appearances.
        for k in [b"DR".as_slice(), b"DA"] {
            if let Ok(v) = af.get(k) {
                let v = v.clone();
                self.terima_baru(&v);
            }
        }
        let larik = |doc: &Document, o: Option<&Object>| -> Vec<Object> {
            o.and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_array().ok())
                .cloned()
                .unwrap_or_default()
        };
        let medan_lama = larik(self.lama, af_lama.get(b"Fields").ok());
        let medan_baru = larik(self.baru, af.get(b"Fields").ok());
        let hilang: Vec<&Object> = medan_lama
            .iter()
            .filter(|m| !medan_baru.contains(m))
            .collect();
        let fields_ref = rujukan(af.get(b"Fields").ok());
        if let Some(id) = fields_ref
            && self.berubah.contains(&id)
        {
            if hilang.is_empty() {
                self.sah.insert(id);
            } else {
                self.langgar(
                    id,
                    format!("{} bidang formulir dihapus dari /Fields", hilang.len()),
                );
            }
        }
        for m in &medan_baru {
            let Some(id) = rujukan(Some(m)) else { continue };
            let Some(d) = kamus_id(self.baru, id).cloned() else {
                continue;
            };
            let baru = self.baru_sama_sekali(id);
            if !baru && !self.berubah.contains(&id) {
                continue;
            }
            let bidang = teks(self.baru, &d, b"T").unwrap_or_default();
            if nama(&d, b"FT").as_deref() != Some("Sig") {
                if baru {
                    self.langgar(
                        id,
                        "bidang formulir baru yang bukan bidang tanda tangan".into(),
                    );
                } else {
                    self.langgar(id, "nilai bidang formulir diubah".into());
                }
                continue;
            }
            if !baru {
                // An existing signature field: only its value and appearance.
                let dl = kamus_id(self.lama, id).cloned().unwrap_or_default();
                let lain: Vec<String> = kunci_beda(&dl, &d)
                    .into_iter()
                    .filter(|k| !matches!(k.as_str(), "V" | "AP" | "AS"))
                    .collect();
                if !lain.is_empty() || dl.has(b"V") {
                    self.langgar(
                        id,
                        if dl.has(b"V") {
                            format!("tanda tangan yang sudah ada pada bidang \"{bidang}\" diganti")
                        } else {
                            format!(
                                "bidang tanda tangan \"{bidang}\" diubah: /{}",
                                lain.join(", /")
                            )
                        },
                    );
                    continue;
                }
            }
            self.sah.insert(id);
            // Its signature value: a new signature or document timestamp.
            let mut cap_waktu = false;
            if let Ok(v) = d.get(b"V")
                && let Some(vid) = rujukan(Some(v))
                && (self.baru_sama_sekali(vid) || self.berubah.contains(&vid))
            {
                let sv = kamus_id(self.baru, vid);
                let tipe = sv.and_then(|s| nama(s, b"Type"));
                cap_waktu = tipe.as_deref() == Some("DocTimeStamp")
                    || sv.and_then(|s| nama(s, b"SubFilter")).as_deref() == Some("ETSI.RFC3161");
                if self.baru_sama_sekali(vid) {
                    self.sah.insert(vid);
                } else {
                    self.langgar(vid, "kamus tanda tangan lama ditimpa".into());
                }
            }
            // Widgets: the field itself (merged) or its kids, with their
            // appearance streams.
            let mut w: Vec<ObjectId> = Vec::new();
            if nama(&d, b"Subtype").as_deref() == Some("Widget") {
                w.push(id);
            }
            if let Ok(kids) = d.get(b"Kids") {
                for k in larik(self.baru, Some(kids)) {
                    if let Some(kid) = rujukan(Some(&k))
                        && self.baru_sama_sekali(kid)
                    {
                        self.sah.insert(kid);
                        w.push(kid);
                    }
                }
            }
            for wid in w {
                widget.insert(wid);
                if let Some(ap) = kamus_id(self.baru, wid).and_then(|x| x.get(b"AP").ok()) {
                    let ap = ap.clone();
                    self.terima_baru(&ap);
                }
            }
            self.tambahan.push(if cap_waktu {
                Tambahan::CapWaktu { bidang }
            } else {
                Tambahan::TandaTangan { bidang }
            });
        }
        widget
    }

    /// A page may change only by gaining signature widgets in `/Annots`.
    fn halaman(&mut self, widget: &BTreeSet<ObjectId>) {
        let lama_hal: Vec<ObjectId> = self.lama.page_iter().collect();
        let baru_hal: Vec<ObjectId> = self.baru.page_iter().collect();
        for i in 0..lama_hal.len().max(baru_hal.len()) {
            let (a, b) = (lama_hal.get(i), baru_hal.get(i));
            if a == b {
                continue;
            }
            let no = i + 1;
            let (id, ket) = match (a, b) {
                (Some(_), Some(b)) => (*b, format!("halaman {no} diganti dengan halaman lain")),
                (None, Some(b)) => (*b, format!("halaman {no} ditambahkan")),
                (Some(a), None) => (*a, format!("halaman {no} dihapus")),
                (None, None) => continue,
            };
            self.perubahan.push(Perubahan {
                objek: id,
                jenis: "halaman".into(),
                keterangan: ket,
                halaman: vec![no as u32],
            });
            self.sah.remove(&id);
        }
        for &h in &baru_hal {
            if !self.berubah.contains(&h) || self.baru_sama_sekali(h) {
                continue;
            }
            let (Some(dl), Some(db)) = (kamus_id(self.lama, h), kamus_id(self.baru, h)) else {
                continue;
            };
            let (dl, db) = (dl.clone(), db.clone());
            let lain: Vec<String> = kunci_beda(&dl, &db)
                .into_iter()
                .filter(|k| k != "Annots")
                .collect();
            if !lain.is_empty() {
                self.langgar(h, format!("diubah: /{}", lain.join(", /")));
                continue;
            }
            if self.annots_sah(&dl, &db, widget) {
                self.sah.insert(h);
            } else {
                self.langgar(
                    h,
                    "anotasi ditambahkan atau dihapus (bukan bidang tanda tangan)".into(),
                );
            }
        }
        // /Annots kept as an indirect array, changed while the page was not.
        for &h in &baru_hal {
            let Some(db) = kamus_id(self.baru, h) else {
                continue;
            };
            let Some(ar) = rujukan(db.get(b"Annots").ok()) else {
                continue;
            };
            if !self.berubah.contains(&ar) {
                continue;
            }
            let dl = kamus_id(self.lama, h).cloned().unwrap_or_default();
            let db = db.clone();
            if self.annots_sah(&dl, &db, widget) {
                self.sah.insert(ar);
            }
        }
    }

    fn annots_sah(&self, dl: &Dictionary, db: &Dictionary, widget: &BTreeSet<ObjectId>) -> bool {
        let larik = |doc: &Document, d: &Dictionary| -> Vec<Object> {
            d.get(b"Annots")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_array().ok())
                .cloned()
                .unwrap_or_default()
        };
        let la = larik(self.lama, dl);
        let ba = larik(self.baru, db);
        la.iter().all(|a| ba.contains(a))
            && ba
                .iter()
                .filter(|b| !la.contains(b))
                .all(|b| rujukan(Some(b)).is_some_and(|r| widget.contains(&r)))
    }
}

/// Judges the change from `lama` to `baru`: (accepted additions, modifications).
pub fn bandingkan(lama: &Document, baru: &Document) -> (Vec<Tambahan>, Vec<Perubahan>) {
    let mut berubah = BTreeSet::new();
    let mut dihapus = Vec::new();
    for (id, o) in &baru.objects {
        if pembawa(o) {
            continue;
        }
        match lama.objects.get(id) {
            Some(l) if sama(l, o) => {}
            _ => {
                berubah.insert(*id);
            }
        }
    }
    for (id, o) in &lama.objects {
        if !baru.objects.contains_key(id) && !pembawa(o) {
            dihapus.push(*id);
        }
    }
    let (_, milik) = isi_halaman(baru);
    let mut n = Nilai {
        milik,
        lama,
        baru,
        berubah,
        sah: BTreeSet::new(),
        tambahan: Vec::new(),
        perubahan: Vec::new(),
    };
    n.katalog();
    n.metadata();
    n.data_validasi();
    let widget = n.formulir();
    n.halaman(&widget);
    let dilaporkan: BTreeSet<ObjectId> = n.perubahan.iter().map(|p| p.objek).collect();
    let sisa: Vec<ObjectId> = n
        .berubah
        .iter()
        .filter(|id| !n.sah.contains(id) && !dilaporkan.contains(id))
        .copied()
        .collect();
    for id in sisa {
        let ket = if n.baru_sama_sekali(id) {
            "baru, bukan bagian dari tanda tangan atau data validasi".to_string()
        } else {
            match (kamus_id(lama, id), kamus_id(baru, id)) {
                (Some(a), Some(b)) => {
                    let k = kunci_beda(a, b);
                    let aliran = matches!(
                        (lama.objects.get(&id), baru.objects.get(&id)),
                        (Some(Object::Stream(x)), Some(Object::Stream(y))) if x.content != y.content
                    );
                    match (k.is_empty(), aliran) {
                        (true, true) => "isi aliran diubah".into(),
                        (true, false) => "diubah".into(),
                        (false, a) => format!(
                            "diubah: /{}{}",
                            k.into_iter().collect::<Vec<_>>().join(", /"),
                            if a { " dan isi alirannya" } else { "" }
                        ),
                    }
                }
                _ => "diubah".into(),
            }
        };
        n.perubahan.push(Perubahan {
            objek: id,
            jenis: jenis(baru, id),
            keterangan: ket,
            halaman: Vec::new(),
        });
    }
    for id in dihapus {
        n.perubahan.push(Perubahan {
            objek: id,
            jenis: jenis(lama, id),
            keterangan: "dihapus".into(),
            halaman: Vec::new(),
        });
    }
    if !n.perubahan.is_empty() {
        let (_, milik_lama) = isi_halaman(lama);
        for p in &mut n.perubahan {
            if p.halaman.is_empty() {
                p.halaman = n
                    .milik
                    .get(&p.objek)
                    .or_else(|| milik_lama.get(&p.objek))
                    .cloned()
                    .unwrap_or_default();
            }
        }
        n.perubahan
            .sort_by_key(|p| (p.halaman.first().copied().unwrap_or(u32::MAX), p.objek));
    }
    (n.tambahan, n.perubahan)
}
