//! Diagnostics: every problem found in the inputs, with where it is and how to fix it.
//!
//! Stages never stop at the first problem: they push [`Diagnostik`]s into a
//! [`Temuan`] and go on; the driver stops before rendering when there is an error.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tingkat {
    /// Stops the build.
    Galat,
    /// Printed; the report is still produced.
    Peringatan,
    /// What was read (e.g. rows kept and skipped from a national export):
    /// information, not a problem.
    Catatan,
}

/// Where a problem is: a file, optionally a sheet and a cell (or a YAML key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lokasi {
    /// File name as the user knows it, e.g. `anggaran.xlsx`.
    pub berkas: String,
    /// Sheet name, when the file is a workbook.
    pub lembar: Option<String>,
    /// Cell address (`D23`) or YAML key path (`penandatanganan.tanggal`).
    pub sel: Option<String>,
}

impl Lokasi {
    /// A whole file.
    pub fn berkas(berkas: &str) -> Lokasi {
        Lokasi {
            berkas: berkas.to_string(),
            lembar: None,
            sel: None,
        }
    }

    /// A sheet of a workbook.
    pub fn lembar(berkas: &str, lembar: &str) -> Lokasi {
        Lokasi {
            berkas: berkas.to_string(),
            lembar: Some(lembar.to_string()),
            sel: None,
        }
    }

    /// A cell of a sheet, from zero-based row and column.
    pub fn sel(berkas: &str, lembar: &str, baris: u32, kolom: u32) -> Lokasi {
        Lokasi {
            berkas: berkas.to_string(),
            lembar: Some(lembar.to_string()),
            sel: Some(alamat(baris, kolom)),
        }
    }

    /// A key of the YAML file.
    pub fn kunci(berkas: &str, kunci: &str) -> Lokasi {
        Lokasi {
            berkas: berkas.to_string(),
            lembar: None,
            sel: Some(kunci.to_string()),
        }
    }
}

impl fmt::Display for Lokasi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.berkas)?;
        match (&self.lembar, &self.sel) {
            (Some(l), Some(s)) => write!(f, " › {l}!{s}"),
            (Some(l), None) => write!(f, " › {l}"),
            (None, Some(s)) => write!(f, " › {s}"),
            (None, None) => Ok(()),
        }
    }
}

/// The spreadsheet address of a zero-based cell: (0, 0) → `A1`, (22, 3) → `D23`.
pub fn alamat(baris: u32, kolom: u32) -> String {
    let mut letters = Vec::new();
    let mut n = kolom + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), baris + 1)
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostik {
    /// Error or warning.
    pub tingkat: Tingkat,
    /// Where, when known.
    pub lokasi: Option<Lokasi>,
    /// What is wrong, in Bahasa Indonesia.
    pub pesan: String,
    /// How to fix it, when there is something to say.
    pub saran: Option<String>,
}

impl fmt::Display for Diagnostik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.tingkat {
            Tingkat::Galat => "galat",
            Tingkat::Peringatan => "peringatan",
            Tingkat::Catatan => "catatan",
        };
        match &self.lokasi {
            Some(l) => write!(f, "{label}: {l}: {}", self.pesan)?,
            None => write!(f, "{label}: {}", self.pesan)?,
        }
        if let Some(s) = &self.saran {
            write!(f, "\n  saran: {s}")?;
        }
        Ok(())
    }
}

/// All problems found so far.
#[derive(Debug, Clone, Default)]
pub struct Temuan {
    /// In the order found.
    pub daftar: Vec<Diagnostik>,
}

impl Temuan {
    /// Records an error.
    pub fn galat(
        &mut self,
        lokasi: Option<Lokasi>,
        pesan: impl Into<String>,
        saran: Option<String>,
    ) {
        self.tambah(Tingkat::Galat, lokasi, pesan.into(), saran);
    }

    /// Records a note: what was read, never a problem.
    pub fn catatan(&mut self, lokasi: Option<Lokasi>, pesan: impl Into<String>) {
        self.tambah(Tingkat::Catatan, lokasi, pesan.into(), None);
    }

    /// Records a warning.
    pub fn peringatan(
        &mut self,
        lokasi: Option<Lokasi>,
        pesan: impl Into<String>,
        saran: Option<String>,
    ) {
        self.tambah(Tingkat::Peringatan, lokasi, pesan.into(), saran);
    }

    fn tambah(
        &mut self,
        tingkat: Tingkat,
        lokasi: Option<Lokasi>,
        pesan: String,
        saran: Option<String>,
    ) {
        self.daftar.push(Diagnostik {
            tingkat,
            lokasi,
            pesan,
            saran,
        });
    }

    /// Whether any error (not warning) was recorded.
    pub fn ada_galat(&self) -> bool {
        self.daftar.iter().any(|d| d.tingkat == Tingkat::Galat)
    }

    /// Whether any error was recorded in a file whose name starts with `awalan`
    /// (`anggaran.` matches `anggaran.xlsx`, `.xls` and `.ods`).
    pub fn ada_galat_di(&self, awalan: &str) -> bool {
        self.daftar.iter().any(|d| {
            d.tingkat == Tingkat::Galat
                && d.lokasi
                    .as_ref()
                    .is_some_and(|l| l.berkas.starts_with(awalan))
        })
    }

    /// Number of errors.
    pub fn jumlah_galat(&self) -> usize {
        self.daftar
            .iter()
            .filter(|d| d.tingkat == Tingkat::Galat)
            .count()
    }

    /// Number of warnings.
    pub fn jumlah_peringatan(&self) -> usize {
        self.daftar
            .iter()
            .filter(|d| d.tingkat == Tingkat::Peringatan)
            .count()
    }
}

impl fmt::Display for Temuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.daftar {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// An operating-system error in Bahasa Indonesia, with the system's own text
/// in brackets for whoever needs it.
pub fn galat_os(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let apa = match e.kind() {
        K::NotFound => "tidak ditemukan",
        K::PermissionDenied => "izin ditolak",
        K::StorageFull => "ruang disk penuh",
        K::ReadOnlyFilesystem => "sistem berkas hanya-baca",
        K::AlreadyExists => "sudah ada",
        K::IsADirectory => "ini folder, bukan berkas",
        K::NotADirectory => "bukan folder",
        K::FileTooLarge => "berkas terlalu besar",
        K::InvalidData | K::UnexpectedEof => "isi berkas tidak utuh",
        K::Interrupted | K::WouldBlock => "pembacaan terputus",
        K::QuotaExceeded => "kuota disk habis",
        _ => "galat sistem",
    };
    format!("{apa}: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(alamat(0, 0), "A1");
        assert_eq!(alamat(22, 3), "D23");
        assert_eq!(alamat(0, 25), "Z1");
        assert_eq!(alamat(0, 26), "AA1");
    }

    #[test]
    fn location_display() {
        let l = Lokasi::sel("anggaran.xlsx", "Anggaran", 22, 3);
        assert_eq!(l.to_string(), "anggaran.xlsx › Anggaran!D23");
    }
}
