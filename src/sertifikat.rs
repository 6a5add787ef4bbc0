//! The signer's PKCS#12 (.p12/.pfx) file: key and certificates, as written by
//! OpenSSL 3 and current Windows (PBES2: PBKDF2 + AES-CBC, HMAC-SHA-256 MAC)
//! and by older tools (PKCS#12 PBE with 3DES or RC2, SHA-1 MAC).
//!
//! The file's structure is read with `pkcs12` and `cms`, PBES2 is decrypted
//! with `pkcs5`; the legacy ciphers are left to the `p12` crate. The key is
//! RSA, EC P-256 or EC P-384; anything else is refused here, before anything
//! is signed or written. [`Penanda`] signs the digest it is given (the CMS
//! signed attributes' digest, see [`crate::cms_pdf`]) as a digest: for ECDSA
//! that is a *prehash* signature — hashing it once more gives signatures no
//! validator accepts.

use crate::cms_pdf::{KunciPenanda, Ringkasan};
use der::{Decode, Encode, Reader, SliceReader, Tagged};
use pkcs8::{DecodePrivateKey, EncodePublicKey};
use x509_cert::der;

/// What went wrong reading a PKCS#12 file, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GagalP12 {
    /// The password does not open the file (MAC mismatch or decryption failure).
    SandiSalah,
    /// The file is not a PKCS#12 file or is damaged.
    Rusak(String),
    /// It uses an algorithm lapkin cannot decrypt.
    TidakDidukung(String),
    /// No private key, or no certificate for it.
    TidakLengkap(String),
    /// A key type lapkin cannot sign with.
    KunciTidakDidukung(String),
}

impl std::fmt::Display for GagalP12 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GagalP12::SandiSalah => write!(f, "kata sandi tidak cocok dengan berkas ini"),
            GagalP12::Rusak(m) => write!(f, "berkas bukan PKCS#12 yang sah atau rusak ({m})"),
            GagalP12::TidakDidukung(m) => {
                write!(
                    f,
                    "berkas memakai algoritma enkripsi yang tidak didukung ({m})"
                )
            }
            GagalP12::TidakLengkap(m) => write!(f, "{m}"),
            GagalP12::KunciTidakDidukung(m) => write!(
                f,
                "jenis kunci tidak didukung ({m}); lapkin menandatangani dengan RSA, EC P-256 atau EC P-384"
            ),
        }
    }
}

/// The private key.
enum Kunci {
    Rsa(rsa::RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

/// A signer read from a PKCS#12 file.
pub struct Penanda {
    kunci: Kunci,
    /// The signer's certificate first, then the rest of the chain.
    sertifikat: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Penanda {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Penanda({}, {} sertifikat)",
            self.jenis_kunci(),
            self.sertifikat.len()
        )
    }
}

impl Penanda {
    /// Reads `data` (a .p12/.pfx file) with `sandi`.
    pub fn dari_p12(data: &[u8], sandi: &str) -> Result<Penanda, GagalP12> {
        let (kunci_der, sertifikat) = match baca_p12(data, sandi) {
            Err(GagalP12::TidakDidukung(_)) => baca_p12_lama(data, sandi)?,
            x => x?,
        };
        let kunci = if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(&kunci_der) {
            Kunci::Rsa(k)
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(&kunci_der) {
            Kunci::P256(k)
        } else if let Ok(k) = p384::ecdsa::SigningKey::from_pkcs8_der(&kunci_der) {
            Kunci::P384(k)
        } else {
            let alg = pkcs8::PrivateKeyInfo::from_der(&kunci_der)
                .map(|p| {
                    let mut s = p.algorithm.oid.to_string();
                    if let Some(Ok(o)) = p
                        .algorithm
                        .parameters
                        .map(|x| x.decode_as::<der::asn1::ObjectIdentifier>())
                    {
                        s.push_str(&format!(", parameter {o}"));
                    }
                    s
                })
                .unwrap_or_else(|_| "tidak dikenal".into());
            return Err(GagalP12::KunciTidakDidukung(nama_oid(&alg)));
        };
        // The certificate whose public key is this key goes first.
        let publik = match &kunci {
            Kunci::Rsa(k) => k.to_public_key().to_public_key_der(),
            Kunci::P256(k) => k.verifying_key().to_public_key_der(),
            Kunci::P384(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        let cocok = sertifikat.iter().position(|c| {
            x509_cert::Certificate::from_der(c)
                .ok()
                .and_then(|c| c.tbs_certificate.subject_public_key_info.to_der().ok())
                .is_some_and(|spki| spki == publik.as_bytes())
        });
        let Some(i) = cocok else {
            return Err(GagalP12::TidakLengkap(
                "berkas tidak memuat sertifikat untuk kunci privatnya".into(),
            ));
        };
        let mut sertifikat = sertifikat;
        let milik = sertifikat.remove(i);
        sertifikat.insert(0, milik);
        Ok(Penanda { kunci, sertifikat })
    }

    /// The signer's name: the common name (CN) of the signer's certificate,
    /// as PDF readers show it; `None` when the certificate has no CN.
    pub fn nama(&self) -> Option<String> {
        nama_umum(&self.sertifikat[0])
    }

    /// "RSA 2048 bit", "EC P-256", "EC P-384".
    pub fn jenis_kunci(&self) -> String {
        match &self.kunci {
            Kunci::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                format!("RSA {} bit", k.size() * 8)
            }
            Kunci::P256(_) => "EC P-256".into(),
            Kunci::P384(_) => "EC P-384".into(),
        }
    }
}

/// The common name (CN, 2.5.4.3) in the subject of a DER certificate.
pub fn nama_umum(sertifikat: &[u8]) -> Option<String> {
    const CN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
    let c = x509_cert::Certificate::from_der(sertifikat).ok()?;
    c.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|a| a.oid == CN)
        .and_then(|a| {
            let isi = a.value.value();
            match a.value.tag() {
                // BMPString: UTF-16BE.
                der::Tag::BmpString => String::from_utf16(
                    &isi.chunks(2)
                        .map(|b| u16::from_be_bytes([b[0], *b.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                )
                .ok(),
                _ => String::from_utf8(isi.to_vec()).ok(),
            }
        })
}

fn nama_oid(s: &str) -> String {
    s.replace("1.2.840.10045.2.1", "EC")
        .replace("1.3.132.0.35", "P-521")
        .replace("1.3.132.0.10", "secp256k1")
        .replace("1.3.101.112", "Ed25519")
        .replace("1.3.101.113", "Ed448")
        .replace("1.2.840.10040.4.1", "DSA")
}

impl KunciPenanda for Penanda {
    fn sertifikat(&self) -> &[Vec<u8>] {
        &self.sertifikat
    }

    /// SHA-384 for a P-384 key, SHA-256 otherwise.
    fn ringkasan(&self) -> Ringkasan {
        match self.kunci {
            Kunci::P384(_) => Ringkasan::Sha384,
            _ => Ringkasan::Sha256,
        }
    }

    fn algoritma_tanda_tangan(&self) -> der::asn1::ObjectIdentifier {
        der::asn1::ObjectIdentifier::new_unwrap(match self.kunci {
            // sha256WithRSAEncryption
            Kunci::Rsa(_) => "1.2.840.113549.1.1.11",
            // ecdsa-with-SHA256
            Kunci::P256(_) => "1.2.840.10045.4.3.2",
            // ecdsa-with-SHA384
            Kunci::P384(_) => "1.2.840.10045.4.3.3",
        })
    }

    fn tandatangani_ringkasan(&self, ringkasan: &[u8]) -> Result<Vec<u8>, String> {
        use p256::ecdsa::signature::hazmat::PrehashSigner;
        match &self.kunci {
            Kunci::Rsa(k) => {
                let skema = match ringkasan.len() {
                    32 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    48 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                    n => return Err(format!("panjang ringkasan {n} bita tidak didukung")),
                };
                k.sign(skema, ringkasan).map_err(|e| e.to_string())
            }
            Kunci::P256(k) => {
                let s: p256::ecdsa::Signature =
                    k.sign_prehash(ringkasan).map_err(|e| e.to_string())?;
                Ok(s.to_der().as_bytes().to_vec())
            }
            Kunci::P384(k) => {
                let s: p384::ecdsa::Signature =
                    k.sign_prehash(ringkasan).map_err(|e| e.to_string())?;
                Ok(s.to_der().as_bytes().to_vec())
            }
        }
    }
}

const OID_DATA: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const OID_ENCRYPTED_DATA: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const OID_SHA1: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const OID_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// (PKCS#8 private key DER, certificates DER) of a PKCS#12 file.
fn baca_p12(data: &[u8], sandi: &str) -> Result<(Vec<u8>, Vec<Vec<u8>>), GagalP12> {
    let pfx = pkcs12::pfx::Pfx::from_der(data).map_err(|e| GagalP12::Rusak(e.to_string()))?;
    if pfx.auth_safe.content_type != OID_DATA {
        return Err(GagalP12::TidakDidukung(
            "isi ditandatangani dengan kunci publik, bukan dilindungi kata sandi".into(),
        ));
    }
    let isi = pfx
        .auth_safe
        .content
        .decode_as::<der::asn1::OctetString>()
        .map_err(|e| GagalP12::Rusak(e.to_string()))?;
    let isi = isi.as_bytes();
    if let Some(mac) = &pfx.mac_data {
        periksa_mac(mac, isi, sandi)?;
    }
    let brankas = Vec::<cms::content_info::ContentInfo>::from_der(isi)
        .map_err(|e| GagalP12::Rusak(e.to_string()))?;
    let mut kunci = None;
    let mut sertifikat = Vec::new();
    for ci in brankas {
        let tas = if ci.content_type == OID_DATA {
            ci.content
                .decode_as::<der::asn1::OctetString>()
                .map_err(|e| GagalP12::Rusak(e.to_string()))?
                .into_bytes()
        } else if ci.content_type == OID_ENCRYPTED_DATA {
            let ed = ci
                .content
                .decode_as::<cms::encrypted_data::EncryptedData>()
                .map_err(|e| GagalP12::Rusak(e.to_string()))?;
            let alg = ed
                .enc_content_info
                .content_enc_alg
                .to_der()
                .map_err(|e| GagalP12::Rusak(e.to_string()))?;
            let sandi_isi = ed
                .enc_content_info
                .encrypted_content
                .ok_or_else(|| GagalP12::Rusak("isi terenkripsi kosong".into()))?;
            buka(&alg, sandi_isi.as_bytes(), sandi)?
        } else {
            continue;
        };
        let tas = pkcs12::safe_bag::SafeContents::from_der(&tas)
            .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        for t in tas {
            let nilai =
                der::Any::from_der(&t.bag_value).map_err(|e| GagalP12::Rusak(e.to_string()))?;
            let nilai = nilai.value();
            if t.bag_id == pkcs12::PKCS_12_PKCS8_KEY_BAG_OID && kunci.is_none() {
                let (alg, isi) =
                    algoritma_dan_isi(nilai).map_err(|e| GagalP12::Rusak(e.to_string()))?;
                kunci = Some(buka(&alg, &isi, sandi)?);
            } else if t.bag_id == pkcs12::PKCS_12_KEY_BAG_OID && kunci.is_none() {
                kunci = Some(nilai.to_vec());
            } else if t.bag_id == pkcs12::PKCS_12_CERT_BAG_OID {
                let cb = pkcs12::cert_type::CertBag::from_der(nilai)
                    .map_err(|e| GagalP12::Rusak(e.to_string()))?;
                if cb.cert_id == pkcs12::PKCS_12_X509_CERT_OID {
                    sertifikat.push(cb.cert_value.as_bytes().to_vec());
                }
            }
        }
    }
    let Some(kunci) = kunci else {
        return Err(GagalP12::TidakLengkap(
            "berkas tidak memuat kunci privat (hanya sertifikat?); ekspor ulang beserta kuncinya"
                .into(),
        ));
    };
    if sertifikat.is_empty() {
        return Err(GagalP12::TidakLengkap(
            "berkas tidak memuat sertifikat; ekspor ulang beserta sertifikatnya".into(),
        ));
    }
    Ok((kunci, sertifikat))
}

/// SEQUENCE { AlgorithmIdentifier, OCTET STRING } (EncryptedPrivateKeyInfo).
fn algoritma_dan_isi(der_bytes: &[u8]) -> der::Result<(Vec<u8>, Vec<u8>)> {
    let mut r = SliceReader::new(der_bytes)?;
    r.sequence(|r| {
        let alg: der::Any = r.decode()?;
        let isi: der::asn1::OctetString = r.decode()?;
        Ok((alg.to_der()?, isi.into_bytes()))
    })
}

/// Decrypts PBES2 content with the algorithm identifier `alg` (DER).
fn buka(alg: &[u8], isi: &[u8], sandi: &str) -> Result<Vec<u8>, GagalP12> {
    match pkcs5::EncryptionScheme::try_from(alg) {
        Ok(skema) => skema.decrypt(sandi, isi).map_err(|_| GagalP12::SandiSalah),
        Err(e) => Err(GagalP12::TidakDidukung(e.to_string())),
    }
}

/// The legacy PKCS#12 ciphers (3DES, RC2), by the `p12` crate.
fn baca_p12_lama(data: &[u8], sandi: &str) -> Result<(Vec<u8>, Vec<Vec<u8>>), GagalP12> {
    let pfx = p12::PFX::parse(data).map_err(|e| GagalP12::Rusak(format!("{e:?}")))?;
    let kunci = pfx
        .key_bags(sandi)
        .map_err(|_| GagalP12::SandiSalah)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            GagalP12::TidakLengkap(
                "berkas tidak memuat kunci privat (hanya sertifikat?); ekspor ulang beserta kuncinya"
                    .into(),
            )
        })?;
    let sertifikat = pfx
        .cert_x509_bags(sandi)
        .map_err(|_| GagalP12::SandiSalah)?;
    Ok((kunci, sertifikat))
}

/// The file's integrity MAC: a wrong password is told as such.
fn periksa_mac(mac: &pkcs12::mac_data::MacData, isi: &[u8], sandi: &str) -> Result<(), GagalP12> {
    use hmac::{Mac, digest::KeyInit};
    use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
    let oid = mac.mac.algorithm.oid;
    let garam = mac.mac_salt.as_bytes();
    let putaran = mac.iterations;
    let harap = mac.mac.digest.as_bytes();
    let cocok = if oid == OID_SHA256 {
        let k = derive_key_utf8::<sha2::Sha256>(sandi, garam, Pkcs12KeyType::Mac, putaran, 32)
            .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        let mut h = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&k)
            .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        h.update(isi);
        h.verify_slice(harap).is_ok()
    } else if oid == OID_SHA1 {
        let k = derive_key_utf8::<sha1::Sha1>(sandi, garam, Pkcs12KeyType::Mac, putaran, 20)
            .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        let mut h = <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&k)
            .map_err(|e| GagalP12::Rusak(e.to_string()))?;
        h.update(isi);
        h.verify_slice(harap).is_ok()
    } else {
        // An unknown MAC digest: decryption still tells a wrong password.
        true
    };
    if cocok {
        Ok(())
    } else {
        Err(GagalP12::SandiSalah)
    }
}
