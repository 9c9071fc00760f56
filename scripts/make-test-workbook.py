#!/usr/bin/env python3
"""Writes testdata/presupuesto_comunal.xlsx: a small workbook as clerks make them, for the page's
browser test and the examples — a title row above the header, a total row, a notes sheet.
Standard library only (an xlsx is a zip of XML); run again to rebuild it byte for byte."""

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "testdata" / "presupuesto_comunal.xlsx"

DATA = [
    ["Presupuesto municipal ejecutado 2024 (miles de pesos)"],
    [],
    ["codigo_comuna", "comuna", "region", "presupuesto_inicial", "presupuesto_ejecutado", "fecha_corte"],
    ["13101", "Santiago", "Metropolitana", 350200, 341870.5, "31-12-2024"],
    ["13114", "Las Condes", "Metropolitana", 412000, 405310, "31-12-2024"],
    ["5101", "Valparaíso", "Valparaíso", 198400, "s/i", "31-12-2024"],
    ["8101", "Concepción", "Biobío", 176900, 170022.25, "31-12-2024"],
    ["9101", "Temuco", "La Araucanía", 143250, 139900, "31-12-2024"],
    ["2101", "Antofagasta", "Antofagasta", 221300, 219450, "31-12-2024"],
    ["13101", "Santiago", "Metropolitana", 350200, 341870.5, "31-12-2024"],
    ["", "Total", "", 1852250, 1618422.25, ""],
]
NOTES = [
    ["Notas"],
    ["Fuente: elaboración propia con datos de ejemplo; no son cifras reales."],
    ["Los montos están en miles de pesos."],
]


def column(n):
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{column(c)}{r}"
            if value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Presupuesto" sheetId="1" r:id="rId1"/><sheet name="Notas" sheetId="2" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": sheet(DATA),
    "xl/worksheets/sheet2.xml": sheet(NOTES),
}

with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as archive:
    for name, text in PARTS.items():
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text)
print(OUT)
