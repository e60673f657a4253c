"""A certificate as a one-page A4 landscape PDF, drawn with fpdf2.

Every text is set in IPAexGothic (fonts/ipaexg.ttf, IPA Font License v1.0, the licence beside
it), which covers Latin letters, kana and the JIS kanji, so a name printed in Japanese renders
as typed; fpdf2 embeds only the glyphs used. The QR code is drawn as vector squares.
"""

from pathlib import Path

import segno
from django.utils import timezone
from fpdf import FPDF

FONT = Path(__file__).resolve().parent / "fonts" / "ipaexg.ttf"

INK = (28, 37, 54)
MUTED = (84, 94, 110)
ACCENT = (176, 48, 58)  # a hanko red
GOLD = (176, 141, 72)
PAPER = (253, 251, 246)


def _issued(certificate) -> str:
    day = timezone.localtime(certificate.issued_at)
    return f"{day.day} {day:%B %Y}"


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    code = segno.make(url, error="m")
    matrix = list(code.matrix)
    cell = size / len(matrix)
    pdf.set_fill_color(*INK)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * cell, y + row * cell, cell + 0.01, cell + 0.01, style="F")


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Certificate: {certificate.course_title}")
    pdf.set_author("jsnlearn")
    pdf.set_subject(f"{certificate.printed_name}, {certificate.course_title}")
    pdf.set_creator("jsnlearn")
    pdf.set_creation_date(certificate.issued_at)
    pdf.add_font("ipaexg", fname=str(FONT))
    pdf.add_page()
    width, height = pdf.w, pdf.h  # 297 x 210

    # Paper, a double frame and a band of colour on the left.
    pdf.set_fill_color(*PAPER)
    pdf.rect(0, 0, width, height, style="F")
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.25)
    pdf.rect(13, 13, width - 26, height - 26)
    pdf.set_fill_color(*ACCENT)
    pdf.rect(13, 13, 5, height - 26, style="F")

    left, text_width = 34, width - 68
    if certificate.is_revoked:
        pdf.set_text_color(*ACCENT)
        pdf.set_font("ipaexg", size=11)
        pdf.set_xy(left, 17)
        revoked = timezone.localtime(certificate.revoked_at)
        pdf.cell(text_width, 6, f"REVOKED on {revoked.day} {revoked:%B %Y}", align="C")
    pdf.set_text_color(*MUTED)
    pdf.set_font("ipaexg", size=11)
    pdf.set_xy(left, 26)
    pdf.cell(text_width, 6, "JSNLEARN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("ipaexg", size=30)
    pdf.set_xy(left, 36)
    pdf.cell(text_width, 14, "Certificate of Completion", align="C")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(width / 2 - 20, 54, width / 2 + 20, 54)

    pdf.set_text_color(*MUTED)
    pdf.set_font("ipaexg", size=12)
    pdf.set_xy(left, 60)
    pdf.cell(text_width, 7, "This certifies that", align="C")

    pdf.set_text_color(*INK)
    size = 30 if len(certificate.printed_name) <= 32 else 22
    pdf.set_font("ipaexg", size=size)
    pdf.set_xy(left, 69)
    pdf.multi_cell(text_width, size * 0.5, certificate.printed_name, align="C")

    pdf.set_text_color(*MUTED)
    pdf.set_font("ipaexg", size=12)
    pdf.set_xy(left, pdf.get_y() + 3)
    pdf.cell(text_width, 7, "has completed every lesson and passed every quiz of", align="C")
    pdf.set_text_color(*INK)
    pdf.set_font("ipaexg", size=18)
    pdf.set_xy(left, pdf.get_y() + 9)
    pdf.multi_cell(text_width, 9, certificate.course_title, align="C")

    pdf.set_text_color(*MUTED)
    pdf.set_font("ipaexg", size=9.5)
    pdf.set_xy(left + 10, pdf.get_y() + 3)
    modules = " · ".join(certificate.module_titles)
    pdf.multi_cell(
        text_width - 20,
        5,
        f"{len(certificate.module_titles)} modules, about {certificate.hours} hours: {modules}",
        align="C",
    )

    # Signature-style columns at the foot: date, instructors; the QR code on the right.
    foot = height - 52
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    columns = [("Date of issue", _issued(certificate))]
    if certificate.instructor_names:
        label = "Instructors" if len(certificate.instructor_names) > 1 else "Instructor"
        columns.append((label, ", ".join(certificate.instructor_names)))
    for index, (label, value) in enumerate(columns):
        x = 34 + index * 80
        pdf.set_text_color(*INK)
        pdf.set_font("ipaexg", size=12)
        pdf.set_xy(x, foot + 4)
        pdf.multi_cell(70, 6, value, align="L")
        pdf.line(x, foot + 17, x + 70, foot + 17)
        pdf.set_text_color(*MUTED)
        pdf.set_font("ipaexg", size=9)
        pdf.set_xy(x, foot + 18)
        pdf.cell(70, 5, label, align="L")

    qr_size = 30
    qr_x, qr_y = width - 34 - qr_size, foot - 6
    _qr(pdf, verify_url, qr_x, qr_y, qr_size)
    pdf.set_text_color(*MUTED)
    pdf.set_font("ipaexg", size=7.5)
    pdf.set_xy(qr_x - 55, qr_y + qr_size + 1)
    pdf.cell(55 + qr_size, 4, "Verify at", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(qr_x - 55, qr_y + qr_size + 5)
    pdf.cell(55 + qr_size, 4, verify_url, align="R")
    pdf.set_xy(qr_x - 55, qr_y + qr_size + 9)
    pdf.cell(55 + qr_size, 4, f"Credential ID {certificate.pk}", align="R")
    return bytes(pdf.output())
