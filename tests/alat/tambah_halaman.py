# Menambahkan satu halaman kosong sebagai pembaruan bertahap (tanpa menyentuh bita lama).
import sys
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.writer import PageObject

with open(sys.argv[1], "rb") as f:
    w = IncrementalPdfFileWriter(f)
    page = PageObject(contents=w.add_object(generic.StreamObject(stream_data=b"")), media_box=generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 595, 842)]))
    w.insert_page(page)
    with open(sys.argv[2], "wb") as out:
        w.write(out)
