//! CMS SignedData (RFC 5652) for PDF signatures, lapkin's own: building a
//! PAdES B-B signature ([`bangun_pades`]) and checking a signature or a
//! document timestamp ([`periksa`]), without any network access.
//!
//! Built on the `cms`/`x509-cert`/`der` types for the structures and on
//! `rsa`, `p256`, `p384`, `sha1`, `sha2` for the arithmetic.
//!
//! - Building: the signed attributes are content-type (`id-data`),
//!   message-digest (the digest of the PDF's byte range) and
//!   signing-certificate-v2 (ESS, RFC 5035: the SHA-256 of the signer's
//!   certificate with its issuer and serial). There is no `signingTime`:
//!   PAdES (ETSI EN 319 142-1) forbids the signed attribute and RFC 5652
//!   §11.3 an unsigned one; the claimed time is the PDF's `/M`. The signer
//!   is named by issuer and serial number.
//! - Checking: the `messageDigest` attribute must equal the digest of the
//!   signed bytes (SHA-1/256/384/512), and the signature over the DER of the
//!   signed attributes — taken from the file as they are, re-tagged as a
//!   SET OF — must verify with the key of the signer's certificate (found by
//!   issuer and serial number or by subject key identifier): RSA PKCS#1 v1.5,
//!   RSA-PSS, ECDSA P-256/P-384. For a document timestamp (RFC 3161) the
//!   signed content is the TSTInfo, whose message imprint must equal the
//!   digest of the signed bytes.
//!
//! The certificate chain is not judged here (see [`crate::rantai`]).

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use x509_cert::der::{self, Decode, Encode};
use x509_cert::spki::AlgorithmIdentifierOwned;

const OID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const OID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const OID_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");
const OID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const OID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const OID_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
const OID_SIGNING_CERT_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const OID_SKI: Oid = Oid::new_unwrap("2.5.29.14");

const OID_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const OID_SHA1_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
const OID_SHA256_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const OID_SHA384_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const OID_SHA512_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const OID_EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const OID_ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
const OID_ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const OID_ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const OID_ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");

/// A digest algorithm a PDF signature may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ringkasan {
    /// SHA-1 (old signers; still read, never written).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Ringkasan {
    /// The algorithm with this OID, if known.
    pub fn dari_oid(oid: &Oid) -> Option<Ringkasan> {
        Some(match oid.to_string().as_str() {
            "1.3.14.3.2.26" => Ringkasan::Sha1,
            "2.16.840.1.101.3.4.2.1" => Ringkasan::Sha256,
            "2.16.840.1.101.3.4.2.2" => Ringkasan::Sha384,
            "2.16.840.1.101.3.4.2.3" => Ringkasan::Sha512,
            _ => return None,
        })
    }

    /// Its OID.
    pub fn oid(self) -> Oid {
        Oid::new_unwrap(match self {
            Ringkasan::Sha1 => "1.3.14.3.2.26",
            Ringkasan::Sha256 => "2.16.840.1.101.3.4.2.1",
            Ringkasan::Sha384 => "2.16.840.1.101.3.4.2.2",
            Ringkasan::Sha512 => "2.16.840.1.101.3.4.2.3",
        })
    }

    /// The digest of the concatenation of `bagian`.
    pub fn hitung(self, bagian: &[&[u8]]) -> Vec<u8> {
        use sha2::Digest;
        fn dengan<D: Digest>(bagian: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for b in bagian {
                h.update(b);
            }
            h.finalize().to_vec()
        }
        match self {
            Ringkasan::Sha1 => dengan::<sha1::Sha1>(bagian),
            Ringkasan::Sha256 => dengan::<sha2::Sha256>(bagian),
            Ringkasan::Sha384 => dengan::<sha2::Sha384>(bagian),
            Ringkasan::Sha512 => dengan::<sha2::Sha512>(bagian),
        }
    }

    /// The PKCS#1 v1.5 scheme with this digest.
    fn pkcs1(self) -> rsa::Pkcs1v15Sign {
        match self {
            Ringkasan::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
            Ringkasan::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            Ringkasan::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            Ringkasan::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        }
    }

    /// The PSS scheme with this digest (also for MGF1) and salt length.
    fn pss(self, garam: usize) -> rsa::Pss {
        match self {
            Ringkasan::Sha1 => rsa::Pss::new_with_salt::<sha1::Sha1>(garam),
            Ringkasan::Sha256 => rsa::Pss::new_with_salt::<sha2::Sha256>(garam),
            Ringkasan::Sha384 => rsa::Pss::new_with_salt::<sha2::Sha384>(garam),
            Ringkasan::Sha512 => rsa::Pss::new_with_salt::<sha2::Sha512>(garam),
        }
    }
}

/// A key that signs a digest, with its certificates: what [`bangun_pades`]
/// needs from a signer (lapkin's is [`crate::sertifikat::Penanda`]).
pub trait KunciPenanda {
    /// The signer's certificate (DER) first, then the rest of its chain.
    fn sertifikat(&self) -> &[Vec<u8>];
    /// The digest algorithm this key signs with.
    fn ringkasan(&self) -> Ringkasan;
    /// The signature algorithm's OID (e.g. sha256WithRSAEncryption,
    /// ecdsa-with-SHA384), as written in the SignerInfo.
    fn algoritma_tanda_tangan(&self) -> Oid;
    /// Signs `ringkasan`, a digest made with [`KunciPenanda::ringkasan`]:
    /// PKCS#1 v1.5 for RSA, a DER ECDSA signature of the prehash for EC.
    fn tandatangani_ringkasan(&self, ringkasan: &[u8]) -> Result<Vec<u8>, String>;
}

fn any<T: der::EncodeValue + der::Tagged>(t: &T) -> Result<der::Any, String> {
    der::Any::encode_from(t).map_err(|e| e.to_string())
}

fn atribut(oid: Oid, nilai: der::Any) -> Result<Attribute, String> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![nilai]).map_err(|e| e.to_string())?,
    })
}

/// A DER TLV with a one-byte tag.
fn tlv(tag: u8, isi: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = isi.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let b: Vec<u8> = b.iter().copied().skip_while(|x| *x == 0).collect();
        out.push(0x80 | b.len() as u8);
        out.extend(b);
    }
    out.extend_from_slice(isi);
    out
}

/// SigningCertificateV2 (RFC 5035) for `sert`: one ESSCertIDv2 with the
/// certificate's SHA-256 (the default algorithm, hence not written) and
/// IssuerSerial { GeneralNames { directoryName issuer }, serial }.
fn sertifikat_penanda_v2(sert: &Certificate, der_sert: &[u8]) -> Result<Vec<u8>, String> {
    let hash = Ringkasan::Sha256.hitung(&[der_sert]);
    let penerbit = sert
        .tbs_certificate
        .issuer
        .to_der()
        .map_err(|e| e.to_string())?;
    let seri = sert
        .tbs_certificate
        .serial_number
        .to_der()
        .map_err(|e| e.to_string())?;
    // directoryName is [4] EXPLICIT Name (GeneralName is a CHOICE).
    let nama_umum = tlv(0x30, &tlv(0xA4, &penerbit));
    let issuer_serial = tlv(0x30, &[nama_umum, seri].concat());
    let cert_id = tlv(0x30, &[tlv(0x04, &hash), issuer_serial].concat());
    Ok(tlv(0x30, &tlv(0x30, &cert_id)))
}

/// A PAdES B-B CMS SignedData (DER) over `ringkasan_dokumen`, the digest of
/// the PDF's byte range made with `penanda.ringkasan()`. The signer's chain
/// is carried in the `certificates` set. No signing-time attribute: PAdES
/// forbids the signed one and RFC 5652 §11.3 the unsigned one (OpenSSL
/// rejects it); the claimed time is the signature dictionary's `/M`.
pub fn bangun_pades(
    penanda: &dyn KunciPenanda,
    ringkasan_dokumen: &[u8],
) -> Result<Vec<u8>, String> {
    let alg = penanda.ringkasan();
    let rantai = penanda.sertifikat();
    let sert_der = rantai
        .first()
        .ok_or("tidak ada sertifikat penanda tangan")?;
    let sert = Certificate::from_der(sert_der).map_err(|e| e.to_string())?;
    let alg_id = AlgorithmIdentifierOwned {
        oid: alg.oid(),
        parameters: None,
    };

    let bertanda = SetOfVec::try_from(vec![
        atribut(OID_CONTENT_TYPE, any(&OID_DATA)?)?,
        atribut(
            OID_MESSAGE_DIGEST,
            any(&OctetString::new(ringkasan_dokumen).map_err(|e| e.to_string())?)?,
        )?,
        atribut(
            OID_SIGNING_CERT_V2,
            der::Any::from_der(&sertifikat_penanda_v2(&sert, sert_der)?)
                .map_err(|e| e.to_string())?,
        )?,
    ])
    .map_err(|e| e.to_string())?;
    // The signature covers the DER of the attributes as a SET OF.
    let tanda = penanda
        .tandatangani_ringkasan(&alg.hitung(&[&bertanda.to_der().map_err(|e| e.to_string())?]))?;

    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: sert.tbs_certificate.issuer.clone(),
            serial_number: sert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: alg_id.clone(),
        signed_attrs: Some(bertanda),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: penanda.algoritma_tanda_tangan(),
            parameters: None,
        },
        signature: OctetString::new(tanda).map_err(|e| e.to_string())?,
        unsigned_attrs: None,
    };
    let mut sertifikat = Vec::new();
    for c in rantai {
        sertifikat.push(CertificateChoices::Certificate(
            Certificate::from_der(c).map_err(|e| e.to_string())?,
        ));
    }
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![alg_id]).map_err(|e| e.to_string())?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: OID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(sertifikat).map_err(|e| e.to_string())?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(|e| e.to_string())?),
    };
    ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: any(&sd)?,
    }
    .to_der()
    .map_err(|e| e.to_string())
}

/// (tag, header length, content length) of the DER element at the start of `b`.
fn kepala(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let l = *b.get(1)?;
    if l < 0x80 {
        return Some((tag, 2, usize::from(l)));
    }
    let k = usize::from(l & 0x7F);
    if k == 0 || k > 4 {
        return None;
    }
    let n = b
        .get(2..2 + k)?
        .iter()
        .fold(0usize, |a, x| (a << 8) | usize::from(*x));
    Some((tag, 2 + k, n))
}

/// The whole DER element at the start of `b` and what follows it.
fn elemen(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let (_, h, n) = kepala(b)?;
    (b.len() >= h + n).then(|| b.split_at(h + n))
}

/// The content of the DER element at the start of `b`.
fn isi(b: &[u8]) -> Option<&[u8]> {
    let (_, h, n) = kepala(b)?;
    b.get(h..h + n)
}

/// The CMS's own bytes: `/Contents` is padded with zero bytes after the DER,
/// which is cut off here by the length the DER declares.
pub fn potong_der(contents: &[u8]) -> &[u8] {
    elemen(contents).map_or(contents, |(e, _)| e)
}

/// The first SignerInfo's signed attributes exactly as they are in the file,
/// re-tagged from `[0] IMPLICIT` to SET OF: the bytes the signature covers
/// (decoding and re-encoding would sort them, breaking signatures made by
/// tools that do not).
fn atribut_mentah(cms: &[u8]) -> Option<Vec<u8>> {
    let ci = isi(cms)?; // ContentInfo SEQUENCE
    let (_, sisa) = elemen(ci)?; // contentType
    let sd = isi(isi(sisa)?)?; // [0] EXPLICIT → SignedData SEQUENCE content
    let mut r = sd;
    let mut infos = None;
    while !r.is_empty() {
        let (e, lanjut) = elemen(r)?;
        if e[0] == 0x31 {
            infos = Some(e); // the last SET is signerInfos
        }
        r = lanjut;
    }
    let si = isi(isi(infos?)?)?; // first SignerInfo's content
    let mut r = si;
    while !r.is_empty() {
        let (e, lanjut) = elemen(r)?;
        if e[0] == 0xA0 {
            let mut out = e.to_vec();
            out[0] = 0x31;
            return Some(out);
        }
        r = lanjut;
    }
    None
}

/// What [`periksa`] found.
#[derive(Debug, Clone, Default)]
pub struct Pemeriksaan {
    /// The signer's (or TSA's) certificate subject (RFC 4514), when found.
    pub penanda: Option<String>,
    /// The signed `signingTime` attribute.
    pub waktu_bertanda: Option<chrono::DateTime<chrono::Utc>>,
    /// A document timestamp's `genTime`.
    pub waktu_cap: Option<chrono::DateTime<chrono::Utc>>,
    /// The signed bytes' digest matches (messageDigest, or the TSTInfo's
    /// message imprint for a document timestamp).
    pub ringkasan_cocok: bool,
    /// Everything wrong, in Bahasa Indonesia; empty when the signature is valid.
    pub masalah: Vec<String>,
}

impl Pemeriksaan {
    /// The digest matches and the signature verifies.
    pub fn sah(&self) -> bool {
        self.ringkasan_cocok && self.masalah.is_empty()
    }
}

/// The message for bytes that changed after signing.
pub const PESAN_RINGKASAN: &str = "ringkasan (digest) bita yang ditandatangani tidak cocok: ada bita yang berubah setelah penandatanganan";

fn waktu_der(t: &x509_cert::time::Time) -> Option<chrono::DateTime<chrono::Utc>> {
    let d = t.to_unix_duration();
    chrono::DateTime::from_timestamp(i64::try_from(d.as_secs()).ok()?, 0)
}

/// Checks the CMS `cms` (a `/Contents` value, padding allowed) over the
/// signed bytes `data` (the two parts of the `/ByteRange`); `cap_waktu`:
/// a document timestamp (`/SubFilter /ETSI.RFC3161`).
pub fn periksa(cms: &[u8], data: &[&[u8]], cap_waktu: bool) -> Pemeriksaan {
    let cms = potong_der(cms);
    let mut hasil = Pemeriksaan::default();
    if let Err(m) = periksa_dalam(cms, data, cap_waktu, &mut hasil) {
        hasil.masalah.push(m);
    }
    hasil
}

fn periksa_dalam(
    cms: &[u8],
    data: &[&[u8]],
    cap_waktu: bool,
    hasil: &mut Pemeriksaan,
) -> Result<(), String> {
    let tak_terbaca =
        |e: der::Error| format!("tanda tangan CMS tidak sah (CMS tidak dapat dibaca: {e})");
    let ci = ContentInfo::from_der(cms).map_err(tak_terbaca)?;
    if ci.content_type != OID_SIGNED_DATA {
        return Err("tanda tangan CMS tidak sah (bukan SignedData)".into());
    }
    let sd: SignedData = ci.content.decode_as().map_err(tak_terbaca)?;
    let si = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("tanda tangan CMS tidak sah (tanpa SignerInfo)")?;
    let alg_oid = si.digest_alg.oid;
    let alg = Ringkasan::dari_oid(&alg_oid)
        .ok_or_else(|| format!("algoritma tanda tangan tidak didukung (ringkasan {alg_oid})"))?;

    // The signer's certificate.
    let sertifikat: Vec<&Certificate> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    let sert = sertifikat.iter().copied().find(|c| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(i) => {
            c.tbs_certificate.issuer == i.issuer
                && c.tbs_certificate.serial_number == i.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => c
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == OID_SKI)
            .and_then(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|o| o.as_bytes() == ski.0.as_bytes()),
    });
    hasil.penanda = sert.map(|c| c.tbs_certificate.subject.to_string());

    // What is signed: the byte range, or (timestamp) the TSTInfo whose
    // imprint is the byte range's digest.
    let konten: Vec<u8> = if cap_waktu {
        if sd.encap_content_info.econtent_type != OID_TST_INFO {
            return Err("tanda tangan CMS tidak sah (cap waktu tanpa TSTInfo)".into());
        }
        let tst = sd
            .encap_content_info
            .econtent
            .as_ref()
            .ok_or("tanda tangan CMS tidak sah (cap waktu tanpa TSTInfo)")?;
        let tst = OctetString::from_der(&tst.to_der().map_err(tak_terbaca)?)
            .map_err(tak_terbaca)?
            .into_bytes();
        let (imprint_alg, imprint, waktu_gen) =
            baca_tst(&tst).ok_or("tanda tangan CMS tidak sah (TSTInfo tidak dapat dibaca)")?;
        hasil.waktu_cap = waktu_gen;
        let Some(ia) = Ringkasan::dari_oid(&imprint_alg) else {
            return Err(format!(
                "algoritma tanda tangan tidak didukung (ringkasan {imprint_alg})"
            ));
        };
        hasil.ringkasan_cocok = ia.hitung(data) == imprint;
        tst
    } else {
        Vec::new()
    };

    // The message digest and the bytes the signature is over.
    let ditandatangani = match &si.signed_attrs {
        Some(atribut) => {
            for a in atribut.iter() {
                if a.oid == OID_SIGNING_TIME
                    && let Some(v) = a.values.iter().next()
                    && let Ok(t) = v.to_der().and_then(|d| x509_cert::time::Time::from_der(&d))
                {
                    hasil.waktu_bertanda = waktu_der(&t);
                }
            }
            let md = atribut
                .iter()
                .find(|a| a.oid == OID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| OctetString::from_der(&v.to_der().ok()?).ok())
                .ok_or("tanda tangan CMS tidak sah (tanpa atribut messageDigest)")?;
            let harap = if cap_waktu {
                alg.hitung(&[&konten])
            } else {
                alg.hitung(data)
            };
            let cocok = md.as_bytes() == harap.as_slice();
            if cap_waktu {
                if !cocok {
                    hasil
                        .masalah
                        .push("tanda tangan CMS tidak sah (ringkasan TSTInfo tidak cocok)".into());
                }
            } else {
                hasil.ringkasan_cocok = cocok;
            }
            atribut_mentah(cms).ok_or("tanda tangan CMS tidak sah (atribut tidak dapat dibaca)")?
        }
        None => {
            // No signed attributes: the signature is over the content itself.
            if cap_waktu {
                konten
            } else {
                hasil.ringkasan_cocok = true;
                data.concat()
            }
        }
    };
    if !hasil.ringkasan_cocok {
        hasil.masalah.push(PESAN_RINGKASAN.into());
    }

    let sert = sert.ok_or("tanda tangan CMS tidak sah (sertifikat penanda tangan tidak dibawa)")?;
    verifikasi_tanda(
        sert,
        &si.signature_algorithm,
        alg,
        &ditandatangani,
        si.signature.as_bytes(),
    )
}

/// (imprint algorithm, imprint, genTime) of a DER TSTInfo (RFC 3161).
fn baca_tst(tst: &[u8]) -> Option<(Oid, Vec<u8>, Option<chrono::DateTime<chrono::Utc>>)> {
    let r = isi(tst)?;
    let (_, r) = elemen(r)?; // version
    let (_, r) = elemen(r)?; // policy
    let (mi, r) = elemen(r)?; // messageImprint
    let (_, r) = elemen(r)?; // serialNumber
    let (waktu_gen, _) = elemen(r)?; // genTime
    let mi = isi(mi)?;
    let (alg, sisa) = elemen(mi)?;
    let alg = AlgorithmIdentifierOwned::from_der(alg).ok()?;
    let (cetak, _) = elemen(sisa)?;
    let cetak = OctetString::from_der(cetak).ok()?;
    let waktu_gen = der::asn1::GeneralizedTime::from_der(waktu_gen)
        .ok()
        .and_then(|g| waktu_der(&x509_cert::time::Time::GeneralTime(g)));
    Some((alg.oid, cetak.into_bytes(), waktu_gen))
}

/// Verifies `tanda` over `pesan` with `sert`'s key.
fn verifikasi_tanda(
    sert: &Certificate,
    alg_tanda: &AlgorithmIdentifierOwned,
    alg: Ringkasan,
    pesan: &[u8],
    tanda: &[u8],
) -> Result<(), String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use pkcs8::DecodePublicKey;
    let spki = sert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())?;
    let o = alg_tanda.oid;
    let tidak_sah = |m: &str| Err(format!("tanda tangan CMS tidak sah ({m})"));
    // The digest named by the signature algorithm wins over digestAlgorithm.
    let rsa_alg = match o {
        x if x == OID_RSA => Some(alg),
        x if x == OID_SHA1_RSA => Some(Ringkasan::Sha1),
        x if x == OID_SHA256_RSA => Some(Ringkasan::Sha256),
        x if x == OID_SHA384_RSA => Some(Ringkasan::Sha384),
        x if x == OID_SHA512_RSA => Some(Ringkasan::Sha512),
        _ => None,
    };
    let ec_alg = match o {
        x if x == OID_EC => Some(alg),
        x if x == OID_ECDSA_SHA1 => Some(Ringkasan::Sha1),
        x if x == OID_ECDSA_SHA256 => Some(Ringkasan::Sha256),
        x if x == OID_ECDSA_SHA384 => Some(Ringkasan::Sha384),
        x if x == OID_ECDSA_SHA512 => Some(Ringkasan::Sha512),
        _ => None,
    };
    if let Some(h) = rsa_alg {
        let kunci = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| "tanda tangan CMS tidak sah (kunci sertifikat bukan RSA)".to_string())?;
        return match kunci.verify(h.pkcs1(), &h.hitung(&[pesan]), tanda) {
            Ok(()) => Ok(()),
            Err(_) => tidak_sah("tanda tangan RSA tidak cocok dengan kunci sertifikat"),
        };
    }
    if o == OID_RSA_PSS {
        let p = alg_tanda
            .parameters
            .as_ref()
            .ok_or("algoritma tanda tangan tidak didukung (RSA-PSS tanpa parameter)")?;
        let p: rsa::pkcs1::RsaPssParams = p.decode_as().map_err(|e| {
            format!("algoritma tanda tangan tidak didukung (parameter RSA-PSS: {e})")
        })?;
        let h = Ringkasan::dari_oid(&p.hash.oid).ok_or_else(|| {
            format!(
                "algoritma tanda tangan tidak didukung (RSA-PSS dengan {})",
                p.hash.oid
            )
        })?;
        let kunci = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| "tanda tangan CMS tidak sah (kunci sertifikat bukan RSA)".to_string())?;
        return match kunci.verify(h.pss(usize::from(p.salt_len)), &h.hitung(&[pesan]), tanda) {
            Ok(()) => Ok(()),
            Err(_) => tidak_sah("tanda tangan RSA-PSS tidak cocok dengan kunci sertifikat"),
        };
    }
    if let Some(h) = ec_alg {
        let prehash = h.hitung(&[pesan]);
        let sah = if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) {
            p256::ecdsa::Signature::from_der(tanda)
                .is_ok_and(|s| k.verify_prehash(&prehash, &s).is_ok())
        } else if let Ok(k) = p384::ecdsa::VerifyingKey::from_public_key_der(&spki) {
            p384::ecdsa::Signature::from_der(tanda)
                .is_ok_and(|s| k.verify_prehash(&prehash, &s).is_ok())
        } else {
            return Err(
                "algoritma tanda tangan tidak didukung (kunci EC selain P-256/P-384)".into(),
            );
        };
        return if sah {
            Ok(())
        } else {
            tidak_sah("tanda tangan ECDSA tidak cocok dengan kunci sertifikat")
        };
    }
    Err(format!("algoritma tanda tangan tidak didukung ({o})"))
}
