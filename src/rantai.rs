//! The signer's certificate chain, checked against roots the user supplies
//! (`verify --akar FILE.pem`), without any network access: from the signer's
//! certificate in the CMS SignedData, up through the certificates the
//! signature carries, to a certificate of the root file. Every link is
//! checked: the issuer's signature on the certificate (RSA PKCS#1 v1.5 with
//! SHA-256/384/512, ECDSA P-256/P-384 with SHA-256/384), each certificate
//! valid at the signing time, the signer's key usage allowing signatures
//! (digitalSignature or nonRepudiation) and every issuer below the root being
//! a CA allowed to sign certificates. Revocation (CRL/OCSP) is not checked.

use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::der;

/// The chain verdict of one signature.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "hasil", rename_all = "snake_case")]
pub enum Rantai {
    /// No root was given (`--akar`), or the signature is a document
    /// timestamp: the chain was not checked.
    TidakDiperiksa,
    /// The chain leads to a supplied root.
    Sah {
        /// The subjects, signer first, root last.
        sertifikat: Vec<String>,
    },
    /// It does not.
    Gagal {
        /// Why, naming the certificate.
        alasan: String,
    },
}

/// The certificates of a PEM file (`-----BEGIN CERTIFICATE-----` blocks),
/// or the one certificate of a DER file (`.cer`/`.crt` as providers publish
/// their roots).
pub fn baca_akar(pem: &[u8]) -> Result<Vec<Certificate>, String> {
    if pem.first() == Some(&0x30) {
        return Certificate::from_der(pem)
            .map(|c| vec![c])
            .map_err(|e| format!("isinya bukan sertifikat DER yang sah (rincian: {e})"));
    }
    let semua = Certificate::load_pem_chain(pem)
        .map_err(|e| format!("isinya bukan sertifikat PEM yang sah (rincian: {e})"))?;
    if semua.is_empty() {
        return Err("tidak memuat sertifikat PEM (-----BEGIN CERTIFICATE-----)".into());
    }
    Ok(semua)
}

const OID_KEY_USAGE: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.15");
const OID_BASIC_CONSTRAINTS: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.19");
const OID_SKI: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.29.14");

/// Checks the chain of the signer of `cms` (a DER CMS ContentInfo with
/// SignedData) to one of `akar`, at `waktu` (the signing time, Unix seconds).
pub fn periksa(cms: &[u8], akar: &[Certificate], waktu: i64) -> Rantai {
    match periksa_galat(cms, akar, waktu) {
        Ok(sertifikat) => Rantai::Sah { sertifikat },
        Err(alasan) => Rantai::Gagal { alasan },
    }
}

fn periksa_galat(cms: &[u8], akar: &[Certificate], waktu: i64) -> Result<Vec<String>, String> {
    let ci = cms::content_info::ContentInfo::from_der(cms)
        .map_err(|e| format!("CMS tidak dapat dibaca: {e}"))?;
    let sd: cms::signed_data::SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("SignedData tidak dapat dibaca: {e}"))?;
    let dibawa: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let info = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("tanda tangan tidak memuat SignerInfo")?;
    let penanda = dibawa
        .iter()
        .find(|c| match &info.sid {
            cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(i) => {
                c.tbs_certificate.issuer == i.issuer
                    && c.tbs_certificate.serial_number == i.serial_number
            }
            cms::signed_data::SignerIdentifier::SubjectKeyIdentifier(ski) => ekstensi(c, OID_SKI)
                .is_some_and(|v| {
                    der::asn1::OctetString::from_der(v)
                        .is_ok_and(|o| o.as_bytes() == ski.0.as_bytes())
                }),
        })
        .ok_or("sertifikat penanda tangan tidak dibawa tanda tangan")?;

    // The signer's key may sign documents.
    if let Some(v) = ekstensi(penanda, OID_KEY_USAGE) {
        let ku = x509_cert::ext::pkix::KeyUsage::from_der(v)
            .map_err(|e| format!("key usage {} tidak dapat dibaca: {e}", subjek(penanda)))?;
        if !ku.digital_signature() && !ku.non_repudiation() {
            return Err(format!(
                "sertifikat {} tidak untuk tanda tangan (key usage tanpa digitalSignature \
                 atau nonRepudiation)",
                subjek(penanda)
            ));
        }
    }

    let mut jalur = vec![subjek(penanda)];
    let mut kini = penanda;
    for _ in 0..16 {
        berlaku(kini, waktu)?;
        // The certificate is itself a supplied root.
        if akar.iter().any(|a| a == kini) {
            if let Some(akhir) = jalur.last_mut() {
                akhir.push_str(" (akar)");
            }
            return Ok(jalur);
        }
        let calon = |c: &&Certificate| {
            c.tbs_certificate.subject == kini.tbs_certificate.issuer && *c != kini
        };
        if let Some(a) = akar
            .iter()
            .filter(calon)
            .find(|a| ditandatangani(kini, a).is_ok())
        {
            berlaku(a, waktu)?;
            jalur.push(format!("{} (akar)", subjek(a)));
            return Ok(jalur);
        }
        let Some(penerbit) = dibawa
            .iter()
            .filter(calon)
            .find(|p| ditandatangani(kini, p).is_ok())
        else {
            // Say why: no issuer at all, or one whose signature fails.
            let alasan = akar
                .iter()
                .chain(dibawa.iter())
                .filter(calon)
                .find_map(|p| ditandatangani(kini, p).err());
            return Err(match alasan {
                Some(a) => format!(
                    "tanda tangan pada sertifikat {} tidak sah: {a}",
                    subjek(kini)
                ),
                None => format!(
                    "penerbit sertifikat {} ({}) tidak ada di berkas akar maupun di tanda tangan; \
                     rantai tidak sampai ke akar yang diberikan",
                    subjek(kini),
                    kini.tbs_certificate.issuer
                ),
            });
        };
        boleh_menerbitkan(penerbit)?;
        jalur.push(subjek(penerbit));
        kini = penerbit;
    }
    Err("rantai sertifikat terlalu panjang (lebih dari 16)".into())
}

/// The subject as text (RFC 4514).
fn subjek(c: &Certificate) -> String {
    c.tbs_certificate.subject.to_string()
}

/// The DER value of an extension.
fn ekstensi(c: &Certificate, oid: der::asn1::ObjectIdentifier) -> Option<&[u8]> {
    c.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)
        .map(|e| e.extn_value.as_bytes())
}

/// Valid at `waktu`.
fn berlaku(c: &Certificate, waktu: i64) -> Result<(), String> {
    let v = &c.tbs_certificate.validity;
    let awal = v.not_before.to_unix_duration().as_secs() as i64;
    let akhir = v.not_after.to_unix_duration().as_secs() as i64;
    if waktu < awal || waktu > akhir {
        return Err(format!(
            "sertifikat {} tidak berlaku pada waktu penandatanganan (berlaku {} s.d. {})",
            subjek(c),
            v.not_before,
            v.not_after
        ));
    }
    Ok(())
}

/// An intermediate issuer: a CA (basicConstraints) whose key may sign
/// certificates (keyUsage keyCertSign, when the extension is present).
fn boleh_menerbitkan(c: &Certificate) -> Result<(), String> {
    let ca = ekstensi(c, OID_BASIC_CONSTRAINTS)
        .and_then(|v| x509_cert::ext::pkix::BasicConstraints::from_der(v).ok())
        .is_some_and(|b| b.ca);
    if !ca {
        return Err(format!(
            "sertifikat {} menerbitkan sertifikat lain padahal bukan CA (basicConstraints)",
            subjek(c)
        ));
    }
    if let Some(v) = ekstensi(c, OID_KEY_USAGE)
        && !x509_cert::ext::pkix::KeyUsage::from_der(v).is_ok_and(|k| k.key_cert_sign())
    {
        return Err(format!(
            "sertifikat {} tidak boleh menandatangani sertifikat (key usage tanpa keyCertSign)",
            subjek(c)
        ));
    }
    Ok(())
}

/// Whether `penerbit`'s key made the signature on `c`.
fn ditandatangani(c: &Certificate, penerbit: &Certificate) -> Result<(), String> {
    use sha2::Digest;
    let tbs = c
        .tbs_certificate
        .to_der()
        .map_err(|e| format!("sertifikat tidak dapat dikodekan: {e}"))?;
    let ttd = c
        .signature
        .as_bytes()
        .ok_or("tanda tangan sertifikat bukan rangkaian bita utuh")?;
    let spki = penerbit
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())?;
    let alg = c.signature_algorithm.oid.to_string();
    let (ringkasan, rsa_skema): (Vec<u8>, rsa::Pkcs1v15Sign) = match alg.as_str() {
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" => (
            sha2::Sha256::digest(&tbs).to_vec(),
            rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        ),
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => (
            sha2::Sha384::digest(&tbs).to_vec(),
            rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        ),
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => (
            sha2::Sha512::digest(&tbs).to_vec(),
            rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        ),
        lain => return Err(format!("algoritme tanda tangan {lain} tidak didukung")),
    };
    let ec = alg.starts_with("1.2.840.10045.");
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use pkcs8::DecodePublicKey;
    let sah = if !ec {
        rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| "kunci penerbit bukan RSA".to_string())?
            .verify(rsa_skema, &ringkasan, ttd)
            .is_ok()
    } else if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) {
        p256::ecdsa::Signature::from_der(ttd)
            .is_ok_and(|s| k.verify_prehash(&ringkasan, &s).is_ok())
    } else if let Ok(k) = p384::ecdsa::VerifyingKey::from_public_key_der(&spki) {
        p384::ecdsa::Signature::from_der(ttd)
            .is_ok_and(|s| k.verify_prehash(&ringkasan, &s).is_ok())
    } else {
        return Err("kunci penerbit bukan EC P-256/P-384".into());
    };
    if sah {
        Ok(())
    } else {
        Err(format!("tidak dibuat oleh kunci {}", subjek(penerbit)))
    }
}
