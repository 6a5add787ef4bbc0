#!/usr/bin/env python3
"""Writes the small hostile workbooks of tests/data/raksasa/ (each < 10 KB):

- dimensi-raksasa.xls: a BIFF8 .xls (compound file) whose sheet "Aset" has two
  cells but a DIMENSIONS record claiming 4,294,967,295 rows × 256 columns
  (calamine reserves room for all of them as it opens the file);
- baris-berulang.ods: an .ods whose sheet "Aset" repeats one filled row
  1,000,000 times with number-rows-repeated (a few bytes, a million rows);
- kolom-berulang.ods: one filled cell repeated over 16,384 columns;
- raksasa.jpg: a JPEG header claiming 40,000 × 40,000 pixels;
- piksel-banyak.png: a valid 7,000 × 7,000 PNG (1-bit grey, ~6 KB): each
  side within 8,000 pixels, 49 megapixels in all.

Run from the repository root: python3 tools/buat-lembar-raksasa.py
"""
import struct
import zlib
import zipfile

KELUAR = "tests/data/raksasa/"


def rekaman(jenis, data):
    return struct.pack("<HH", jenis, len(data)) + data


def xls(baris_akhir):
    """A BIFF8 workbook with sheet "Aset"; DIMENSIONS rows 0..baris_akhir."""
    bof_global = rekaman(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    nama = "Aset".encode("latin-1")
    def boundsheet(pos):
        return rekaman(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(nama), 0) + nama)
    eof = rekaman(0x000A, b"")
    globals_len = len(bof_global) + len(boundsheet(0)) + len(eof)
    lembar = (
        rekaman(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
        + rekaman(0x0200, struct.pack("<IIHHH", 0, baris_akhir, 0, 2, 0))
        + rekaman(0x0203, struct.pack("<HHHd", 0, 0, 0, 1.0))
        + rekaman(0x0203, struct.pack("<HHHd", 1, 1, 0, 2.0))
        + eof
    )
    aliran = bof_global + boundsheet(globals_len) + eof + lembar
    # At least 4096 bytes, so the stream lives in ordinary sectors.
    aliran += b"\0" * (4096 - len(aliran))
    n = len(aliran) // 512
    akhir, bebas, fatsect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fatsect, akhir] + [3 + i for i in range(n - 1)] + [akhir]
    fat += [bebas] * (128 - len(fat))
    def entri(nama, jenis, anak, mulai, besar):
        n16 = (nama + "\0").encode("utf-16-le")
        return (
            n16.ljust(64, b"\0")
            + struct.pack("<HBB", len(n16), jenis, 1)
            + struct.pack("<III", bebas, bebas, anak)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", mulai, besar)
        )
    direktori = entri("Root Entry", 5, 1, akhir, 0) + entri("Workbook", 2, bebas, 2, len(aliran))
    direktori = direktori.ljust(512, b"\0")
    kepala = (
        bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, akhir, 0, akhir, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", bebas) * 108
    )
    assert len(kepala) == 512
    return kepala + struct.pack("<128I", *fat) + direktori + aliran


def ods(baris_xml):
    konten = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Aset">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Nama Barang</text:p>'
        '</table:table-cell></table:table-row>'
        + baris_xml
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", konten, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
            ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buf.getvalue()


SEL = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
open(KELUAR + "dimensi-raksasa.xls", "wb").write(xls(0xFFFFFFFF))
open(KELUAR + "baris-berulang.ods", "wb").write(
    ods('<table:table-row table:number-rows-repeated="1000000">' + SEL + "</table:table-row>"))
open(KELUAR + "kolom-berulang.ods", "wb").write(
    ods('<table:table-row>' + SEL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" ') + "</table:table-row>"))

# A JPEG whose frame header (SOF0) claims 40,000 × 40,000 pixels: 44 bytes
# that would decode into 6.4 GB.
open(KELUAR + "raksasa.jpg", "wb").write(
    bytes([0xFF, 0xD8])
    + bytes([0xFF, 0xE0]) + struct.pack(">H", 16) + b"JFIF\0" + bytes([1, 1, 0, 0, 1, 0, 1, 0, 0])
    + bytes([0xFF, 0xC0]) + struct.pack(">HBHHB", 11, 8, 40000, 40000, 1) + bytes([1, 0x11, 0])
    + bytes([0xFF, 0xD9])
)

# A valid PNG of 7,000 × 7,000 white pixels, 1-bit greyscale: a few KB on
# disk, 49 megapixels (196 MB as RGBA) once decoded.
def png(lebar, tinggi):
    def potong(jenis, data):
        return struct.pack(">I", len(data)) + jenis + data + struct.pack(">I", zlib.crc32(jenis + data))
    baris = b"\0" + b"\xff" * ((lebar + 7) // 8)
    return (
        b"\x89PNG\r\n\x1a\n"
        + potong(b"IHDR", struct.pack(">IIBBBBB", lebar, tinggi, 1, 0, 0, 0, 0))
        + potong(b"IDAT", zlib.compress(baris * tinggi, 9))
        + potong(b"IEND", b"")
    )


open(KELUAR + "piksel-banyak.png", "wb").write(png(7000, 7000))
