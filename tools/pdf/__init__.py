"""The printable edition of Cramp Lab (``make pdf``): one PDF of the whole built book.

:mod:`pdf.assemble` joins the main article of every page of ``_toc.yml``, in order, into one
print HTML (site chrome, controls, quiz marking and exercise solutions removed; links and ids
made unique and internal); :mod:`pdf.render` prints it to PDF with Debian's chromium, offline;
:mod:`pdf.outline` names the bookmarks after the headings.
"""

from __future__ import annotations

from pathlib import Path

from pdf.assemble import assemble, toc_pages
from pdf.outline import heading_texts, rename_bookmarks
from pdf.render import render

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
PDF_NAME = "cramp-lab.pdf"


def make_pdf(out_dir: Path, html_dir: Path = HTML, browser=None) -> Path:
    """Write ``out_dir/cramp-lab.html`` (the print HTML) and ``out_dir/cramp-lab.pdf`` (printed in
    BROWSER, a playwright chromium, when given)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    print_html = out_dir / "cramp-lab.html"
    html = assemble(html_dir, toc_pages(ROOT))
    print_html.write_text(html, encoding="utf-8")
    pdf = render(print_html, out_dir / PDF_NAME, browser)
    rename_bookmarks(pdf, heading_texts(html))
    return pdf


__all__ = ["HTML", "PDF_NAME", "ROOT", "assemble", "make_pdf", "render", "toc_pages"]
