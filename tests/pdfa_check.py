"""A check of the PDF/A-2b rules that matter for the plan's PDF, read with pypdf (issue 29).

veraPDF, the reference validator, is a Java program that none of this machine's registries (PyPI, npm, Debian)
offer. This checks what WeasyPrint's pdf/a-2b variant is meant to write, so a change in WeasyPrint or in the
template that breaks it is noticed:
- the PDF/A identification in the XMP metadata (pdfaid:part 2, conformance B) and a document ID in the trailer;
- an output intent GTS_PDFA1 with its ICC profile embedded (ISO 19005-2, 6.2.3);
- every font embedded (6.2.11.4), in every page and every form XObject;
- no encryption (6.1.3), no JavaScript and no actions that run by themselves (6.5, 6.6);
- a PDF version of at most 1.7 (6.1.2).
"""

from __future__ import annotations

import io
import re
from typing import List, Set

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts(resources, seen: Set[int], found: List) -> None:
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (_resolve(resources.get("/Font")) or {}).values():
        found.append(_resolve(font))
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            _fonts(xobject["/Resources"], seen, found)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn in the PDF itself
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(_resolve(d)) for d in _resolve(font["/DescendantFonts"]))
    descriptor = _resolve(font.get("/FontDescriptor"))
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def problems(pdf: bytes) -> List[str]:
    """What keeps this PDF from being PDF/A-2b, as far as checked here; empty when nothing does."""
    found: List[str] = []
    version = re.match(rb"%PDF-(\d\.\d)", pdf)
    if not version or float(version.group(1)) > 1.7:
        found.append(f"PDF version {version.group(1).decode() if version else '?'}: PDF/A-2 allows up to 1.7")
    reader = PdfReader(io.BytesIO(pdf))
    trailer, root = reader.trailer, reader.trailer["/Root"]
    if "/Encrypt" in trailer:
        found.append("encrypted")
    if "/ID" not in trailer:
        found.append("no document ID in the trailer")
    metadata = _resolve(root.get("/Metadata"))
    xmp = metadata.get_data().decode("utf-8", "replace") if metadata is not None else ""
    if not re.search(r'pdfaid:part(="|>)2', xmp) or not re.search(r'pdfaid:conformance(="|>)B', xmp):
        found.append("no PDF/A-2b identification in the XMP metadata")
    intents = [_resolve(intent) for intent in _resolve(root.get("/OutputIntents")) or []]
    if not any(intent.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in intent for intent in intents):
        found.append("no GTS_PDFA1 output intent with an ICC profile")
    names = _resolve(root.get("/Names")) or {}
    if "/JavaScript" in names or "/OpenAction" in root and "/JS" in str(_resolve(root["/OpenAction"])):
        found.append("JavaScript")
    if "/AA" in root:
        found.append("actions that run by themselves (/AA)")
    fonts: List = []
    seen: Set[int] = set()
    for page in reader.pages:
        _fonts(page.get("/Resources"), seen, fonts)
    for font in fonts:
        if not _embedded(font):
            found.append(f"font {font.get('/BaseFont')} not embedded")
    if not fonts:
        found.append("no fonts at all: no text in the document?")
    return found
