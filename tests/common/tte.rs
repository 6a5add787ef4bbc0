//! Signing tests' tools: throw-away certificates made by openssl at test time
//! (no key is ever committed), pyHanko standing in for the agency's TTE
//! application, and pdfsig and pyHanko judging the result. `.ci/run` installs
//! all three.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::akar;

/// Runs a program, panicking with a clear message when it is not installed.
pub fn jalankan(program: &str, args: &[&OsStr]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} harus terpasang (lihat .ci/run): {e}"))
}

/// Any string or path as an argument.
pub fn os<S: AsRef<OsStr> + ?Sized>(s: &S) -> &OsStr {
    s.as_ref()
}

/// Panics with the program's output unless it succeeded.
pub fn berhasil(out: &Output, apa: &str) {
    assert!(
        out.status.success(),
        "{apa}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A self-signed RSA certificate `<nama>.pem` with key `<nama>-kunci.pem`,
/// subject `/CN=<cn>/C=ID`; `tambahan`: extra `-addext` values.
pub fn sertifikat(dir: &Path, nama: &str, cn: &str, tambahan: &[&str]) -> (PathBuf, PathBuf) {
    let (k, c) = (
        dir.join(format!("{nama}-kunci.pem")),
        dir.join(format!("{nama}.pem")),
    );
    let subj = format!("/CN={cn}/C=ID");
    let mut args = vec![
        os("req"),
        os("-x509"),
        os("-newkey"),
        os("rsa:2048"),
        os("-nodes"),
        os("-days"),
        os("2"),
        os("-subj"),
        os(&subj),
        os("-keyout"),
        k.as_os_str(),
        os("-out"),
        c.as_os_str(),
    ];
    for t in tambahan {
        args.push(os("-addext"));
        args.push(os(t));
    }
    berhasil(&jalankan("openssl", &args), "openssl req");
    (k, c)
}

/// `kunci` + `sert` as a legacy (3DES) PKCS#12 with password "rahasia", the
/// kind TTE applications hand out.
pub fn p12_legacy(dir: &Path, kunci: &Path, sert: &Path) -> PathBuf {
    let p = dir.join("identitas-legacy.p12");
    berhasil(
        &jalankan(
            "openssl",
            &[
                os("pkcs12"),
                os("-export"),
                os("-legacy"),
                os("-inkey"),
                kunci.as_os_str(),
                os("-in"),
                sert.as_os_str(),
                os("-out"),
                p.as_os_str(),
                os("-passout"),
                os("pass:rahasia"),
            ],
        ),
        "openssl pkcs12",
    );
    p
}

/// pyHanko signs `asli` into field `bidang` (PAdES) as `bertanda`; `lain`:
/// more `addsig` options (`--reason`, `--location` …).
pub fn pyhanko_tandatangani(
    asli: &Path,
    bertanda: &Path,
    bidang: &str,
    (kunci, sert): &(PathBuf, PathBuf),
    lain: &[&str],
) {
    let mut args = vec![
        os("sign"),
        os("addsig"),
        os("--field"),
        os(bidang),
        os("--use-pades"),
    ];
    args.extend(lain.iter().map(os));
    args.extend([
        os("pemder"),
        os("--key"),
        kunci.as_os_str(),
        os("--cert"),
        sert.as_os_str(),
        os("--no-pass"),
        asli.as_os_str(),
        bertanda.as_os_str(),
    ]);
    berhasil(&jalankan("pyhanko", &args), "pyhanko addsig");
}

/// pdfsig's report on a PDF (stdout).
pub fn pdfsig(pdf: &Path) -> String {
    String::from_utf8_lossy(&jalankan("pdfsig", &[pdf.as_os_str()]).stdout).into_owned()
}

/// `pyhanko sign validate`, trusting `sert`: (succeeded, stdout and the
/// process' output for a failure message).
pub fn pyhanko_validasi(sert: &Path, pdf: &Path) -> (bool, String) {
    let out = jalankan(
        "pyhanko",
        &[
            os("sign"),
            os("validate"),
            os("--trust-replace"),
            os("--trust"),
            sert.as_os_str(),
            pdf.as_os_str(),
        ],
    );
    (
        out.status.success(),
        format!("{}{out:?}", String::from_utf8_lossy(&out.stdout)),
    )
}

/// `tests/alat/putusan_pyhanko.py`'s lines: one per signature,
/// `<field> utuh=… sah=… docmdp=…`.
pub fn putusan_pyhanko_teks(pdf: &Path) -> String {
    let out = jalankan(
        "python3",
        &[
            akar().join("tests/alat/putusan_pyhanko.py").as_os_str(),
            pdf.as_os_str(),
        ],
    );
    berhasil(&out, "putusan_pyhanko.py");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
