# Putusan pyHanko atas setiap tanda tangan sebuah PDF, satu baris per tanda tangan:
#   <bidang> utuh=<True|False> sah=<True|False> docmdp=<True|False> tingkat=<ModificationLevel>
# "docmdp" adalah penilaian pyHanko atas semua pembaruan setelah tanda tangan itu
# (True: hanya tambahan yang diizinkan aturan PDF; False: ada perubahan terlarang).
# Rantai sertifikat tidak dinilai (sama seperti lapkin verify tanpa akar tepercaya).
import logging
import sys

from pyhanko.pdf_utils.reader import PdfFileReader

logging.disable(logging.CRITICAL)
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

with open(sys.argv[1], "rb") as f:
    r = PdfFileReader(f)
    for ttd in r.embedded_signatures:
        if ttd.sig_object.get("/Type") == "/DocTimeStamp":
            st = validate_pdf_timestamp(ttd)
        else:
            st = validate_pdf_signature(ttd)
        print(
            f"{ttd.field_name} utuh={st.intact} sah={st.valid} "
            f"docmdp={st.docmdp_ok} tingkat={st.modification_level}"
        )
