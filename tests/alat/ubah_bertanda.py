# Perubahan pada PDF bertanda tangan, masing-masing sebagai satu pembaruan bertahap
# (bita lama tidak disentuh), seperti yang dilakukan aplikasi lain atau penyerang.
#
#   ganti-halaman MASUK KELUAR            isi halaman 1 diganti (serangan dua tanda tangan, langkah 1)
#   anotasi MASUK KELUAR                  catatan (anotasi /Text) ditambahkan pada halaman 1
#   dss MASUK KELUAR SERT.pem...          hanya /DSS (sertifikat) untuk tanda tangan terakhir
#   cap-waktu MASUK KELUAR TSA.pem TSAKEY.pem   cap waktu dokumen (RFC 3161) dari TSA lokal
import sys

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader


def ganti_halaman(masuk, keluar):
    with open(masuk, "rb") as f:
        w = IncrementalPdfFileWriter(f)
        halaman, _ = w.find_page_for_modification(0)
        halaman_obj = halaman.get_object()
        isi = generic.StreamObject(
            stream_data=b"BT /F1 24 Tf 72 700 Td (Capaian kinerja 10 persen) Tj ET"
        )
        font = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            }
        )
        halaman_obj[generic.NameObject("/Contents")] = w.add_object(isi)
        halaman_obj[generic.NameObject("/Resources")] = generic.DictionaryObject(
            {
                generic.NameObject("/Font"): generic.DictionaryObject(
                    {generic.NameObject("/F1"): w.add_object(font)}
                )
            }
        )
        w.mark_update(halaman)
        with open(keluar, "wb") as out:
            w.write(out)


def anotasi(masuk, keluar):
    with open(masuk, "rb") as f:
        w = IncrementalPdfFileWriter(f)
        halaman, _ = w.find_page_for_modification(0)
        halaman_obj = halaman.get_object()
        catatan = w.add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Annot"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                    generic.NameObject("/Rect"): generic.ArrayObject(
                        [generic.NumberObject(x) for x in (72, 700, 96, 724)]
                    ),
                    generic.NameObject("/Contents"): generic.TextStringObject(
                        "Angka ini salah"
                    ),
                }
            )
        )
        annots = halaman_obj.get("/Annots")
        if annots is None:
            halaman_obj[generic.NameObject("/Annots")] = generic.ArrayObject([catatan])
        else:
            annots.get_object().append(catatan)
        w.mark_update(halaman)
        with open(keluar, "wb") as out:
            w.write(out)


def muat_sert(berkas):
    from asn1crypto import pem, x509

    with open(berkas, "rb") as f:
        data = f.read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def dss(masuk, keluar, sertifikat):
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    with open(masuk, "rb") as f:
        data = f.read()
    r = PdfFileReader(open(masuk, "rb"))
    ttd = r.embedded_signatures[-1]
    isi = ttd.sig_object.raw_get("/Contents")
    import io

    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(
        buf, isi, certs=[muat_sert(s) for s in sertifikat], force_write=True
    )
    with open(keluar, "wb") as out:
        out.write(buf.getvalue())


def cap_waktu(masuk, keluar, tsa_sert, tsa_kunci):
    from pyhanko.sign import signers, timestamps
    from pyhanko.sign.general import load_private_key_from_pemder

    ts = timestamps.DummyTimeStamper(
        tsa_cert=muat_sert(tsa_sert),
        tsa_key=load_private_key_from_pemder(tsa_kunci, None),
    )
    with open(masuk, "rb") as f:
        w = IncrementalPdfFileWriter(f)
        with open(keluar, "wb") as out:
            signers.PdfTimeStamper(ts).timestamp_pdf(w, "sha256", output=out)


perintah = sys.argv[1]
if perintah == "ganti-halaman":
    ganti_halaman(sys.argv[2], sys.argv[3])
elif perintah == "anotasi":
    anotasi(sys.argv[2], sys.argv[3])
elif perintah == "dss":
    dss(sys.argv[2], sys.argv[3], sys.argv[4:])
elif perintah == "cap-waktu":
    cap_waktu(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
else:
    sys.exit(f"perintah tidak dikenal: {perintah}")
