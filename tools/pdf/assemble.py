"""One print HTML from the built book: the main article of every page of ``_toc.yml``, in order.

Each page becomes a ``<section class="pdf-page">`` whose ids carry the page's slug (so ids are
unique in the whole document); links to another page of the book become in-document anchors.
Removed: exercise solutions, quiz marking (feedback, answer keys, check buttons), the explorable
figures' controls and launch links, enlarge links, header links and every script. An explorable
figure keeps its starting picture and its text description, and says which settings it shows.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

PRINT_CSS = Path(__file__).with_name("print.css")
# Everything that only works on screen, or that gives an answer away.
REMOVE = (
    ".solution",  # sphinx-exercise solution blocks
    ".cq-feedback, .cq-check, .cq-hint",  # quiz marking
    ".cx-controls, .cx-status, .cx-spec, .cx-launch",  # explorable controls and launch links
    ".cramp-figure-tools, .headerlink",  # enlarge and permalink links
    "script, style, button, picture > source",
)
ID_REFS = ("for", "aria-labelledby", "aria-describedby", "aria-controls")


def toc_pages(root: Path) -> list[str]:
    """Every page of ``_toc.yml`` (docnames, root first), in the book's order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


def slug(docname: str) -> str:
    """The page's anchor in the print HTML (``chapters/04_force`` -> ``chapters-04_force``)."""
    return docname.replace("/", "-")


def assemble(html_dir: Path, docnames: list[str]) -> str:
    """The print HTML of the pages DOCNAMES of the book built in HTML_DIR."""
    html_dir = html_dir.resolve()
    first = _read(html_dir, docnames[0])
    doc = BeautifulSoup(_skeleton(first, html_dir, docnames[0]), "html.parser")
    titles = {}
    for name in docnames:
        section = _page(_read(html_dir, name), name, html_dir, set(docnames))
        titles[name] = section.h1.get_text(" ", strip=True) if section.h1 else name
        doc.body.append(section)
    doc.body.insert(1, _contents(doc, docnames, titles))
    _drop_dangling_links(doc)
    return str(doc)


def _read(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def _skeleton(page: BeautifulSoup, html_dir: Path, docname: str) -> str:
    """An empty document with the site's style sheets, print.css and the offline MathJax."""
    head = ['<meta charset="utf-8">', "<title>Cramp Lab</title>"]
    head.append("<style>.pst-js-only { display: none !important; }</style>")
    for link in page.head.find_all("link", rel="stylesheet"):
        head.append(f'<link rel="stylesheet" href="{_file_uri(html_dir, docname, link["href"])}">')
    head.append(f'<link rel="stylesheet" href="{PRINT_CSS.resolve().as_uri()}">')
    for script in page.head.find_all("script"):
        if script.get("src") and "mathjax" in script["src"]:
            src = _file_uri(html_dir, docname, script["src"])
            head.append(f'<script defer src="{src}"></script>')
        elif script.string and "window.MathJax" in script.string:
            head.append(f"<script>{script.string}</script>")
    return (
        '<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head>'
        + "".join(head)
        + '</head><body class="pdf-book"></body></html>'
    )


def _file_uri(html_dir: Path, docname: str, href: str) -> str:
    path = posixpath.normpath(posixpath.join(posixpath.dirname(docname), urlsplit(href).path))
    return (html_dir / path).as_uri()


def _page(page: BeautifulSoup, docname: str, html_dir: Path, pages: set[str]) -> Tag:
    """The page's main article as a print section."""
    article = page.select_one("article.bd-article")
    for figure in article.select(".cramp-explorable"):
        _starting_values(page, figure)
    for selector in REMOVE:
        for tag in article.select(selector):
            tag.decompose()
    for details in article.find_all("details"):  # text descriptions: printed open
        details.name = "div"
        details["class"] = details.get("class", []) + ["pdf-details"]
        for summary in details.find_all("summary"):
            summary.name = "p"
            summary["class"] = ["pdf-summary"]
    prefix = slug(docname)
    for tag in article.find_all(True):
        _rewrite(tag, prefix, docname, html_dir, pages)
    section = page.new_tag("section", attrs={"class": "pdf-page", "id": prefix})
    section.extend(list(article.contents))
    return section


def _starting_values(page: BeautifulSoup, figure: Tag) -> None:
    """Replace an explorable figure's screen caption by the settings its picture shows."""
    values = []
    for control in figure.select(".cx-controls .cx-control:not(.cx-scenario)"):
        field = control.find(["input", "select"])
        label = control.find("label")
        for unit in label.select(".cx-unit"):
            unit.decompose()
        name = label.get_text(" ", strip=True)
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            values.append(f"{name}: {chosen.get_text(' ', strip=True)}")
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                values.append(name)
        else:
            values.append(f"{name} {field.get('aria-valuetext', field.get('value', ''))}")
    caption = figure.select_one(".cx-caption")
    if caption is None or not values:
        return
    kind = "findings" if figure.select_one(".cx-check") else "settings"
    caption.clear()
    caption.string = f"Printed with its starting {kind}: {'; '.join(values)}."


def _rewrite(tag: Tag, prefix: str, docname: str, html_dir: Path, pages: set[str]) -> None:
    """Unique ids, in-document links, file images, no data attributes (quiz answer keys)."""
    for attr in [a for a in tag.attrs if a.startswith("data-") or a in ("loading", "srcset")]:
        del tag[attr]
    if tag.has_attr("id"):
        tag["id"] = f"{prefix}--{tag['id']}"
    for attr in ID_REFS:
        if tag.has_attr(attr):
            refs = tag[attr] if isinstance(tag[attr], list) else tag[attr].split()
            tag[attr] = " ".join(f"{prefix}--{ref}" for ref in refs)
    if tag.name == "img" and tag.has_attr("src"):
        tag["src"] = _file_uri(html_dir, docname, tag["src"])
    if tag.name == "a" and tag.has_attr("href"):
        href = _link(tag["href"], prefix, docname, pages)
        if href is None:
            tag.attrs.pop("href")
        else:
            tag["href"] = href


def _link(href: str, prefix: str, docname: str, pages: set[str]) -> str | None:
    """HREF inside the print document, kept when external, None for a file of the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href
    if not parts.path:
        return f"#{prefix}--{parts.fragment}" if parts.fragment else f"#{prefix}"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), parts.path))
    target = re.sub(r"\.html$", "", target)
    if target not in pages:
        return None
    return f"#{slug(target)}--{parts.fragment}" if parts.fragment else f"#{slug(target)}"


def _contents(doc: BeautifulSoup, docnames: list[str], titles: dict[str, str]) -> Tag:
    """A linked list of the pages (the PDF's outline gives the page numbers)."""
    nav = doc.new_tag("nav", attrs={"class": "pdf-page pdf-contents", "id": "pdf-contents"})
    heading = doc.new_tag("h2")
    heading.string = "Contents"
    items = doc.new_tag("ol")
    for name in docnames[1:]:
        item = doc.new_tag("li")
        link = doc.new_tag("a", href=f"#{slug(name)}")
        link.string = titles[name]
        item.append(link)
        items.append(item)
    nav.extend([heading, items])
    return nav


def _drop_dangling_links(doc: BeautifulSoup) -> None:
    """An in-document link whose target is not printed (e.g. inside a solution) links nowhere."""
    ids = {tag["id"] for tag in doc.find_all(id=True)}
    for link in doc.select('a[href^="#"]'):
        if link["href"][1:] not in ids:
            del link["href"]
