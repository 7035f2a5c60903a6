"""The instructor's handout pages: MyST markdown to plain HTML, citations as (Author, Year) with
the page's references, and maths left as TeX for the MathJax copied next to the pages."""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
from functools import cache, lru_cache
from pathlib import Path

from editions.chapters import _DIRECTIVE, ROOT, new_md_parser, split_options
from widgets.clinical.red_flags import INLINE_ROLES, inline_text


@lru_cache(maxsize=4)
def bibliography(path: Path = ROOT / "references.bib"):
    from pybtex.database import parse_file

    return parse_file(str(path))


@cache
def _latex_text(text: str) -> str:
    """A BibTeX field as plain text (accents decoded, braces dropped)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return Text.from_latex(text).render(Backend())


def _names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_latex_text(" ".join(p.prelast_names + p.last_names)) for p in people]
    if not names:
        names = [
            _latex_text(
                entry.fields.get("organization")
                or entry.fields.get("publisher")
                or entry.fields.get("title", "Anonymous")
            )
        ]
    return names


def author_year(key: str, bib) -> tuple[str, str]:
    if key not in bib.entries:
        raise ValueError(f"citation {key!r} is not in references.bib")
    entry = bib.entries[key]
    names = _names(entry)
    who = (
        names[0]
        if len(names) == 1
        else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    )
    return who, entry.fields.get("year", "n.d.")


def reference_html(key: str, bib) -> str:
    """One entry of a page's reference list: authors (year). Title. Source. DOI or link."""
    entry = bib.entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        _latex_text(
            " ".join(
                p.first_names + p.middle_names + p.prelast_names + p.last_names + p.lineage_names
            )
        )
        for p in people
    ]
    authors = (
        (", ".join(names[:-1]) + " and " + names[-1])
        if len(names) > 1
        else (names[0] if names else _names(entry)[0])
    )
    if "author" not in entry.persons and "editor" in entry.persons:
        authors += " (eds)" if len(names) > 1 else " (ed.)"
    fields = entry.fields
    parts = [
        f"{html.escape(authors)} ({html.escape(fields.get('year', 'n.d.'))}).",
        f"{html.escape(_latex_text(fields.get('title', '')))}.",
    ]
    source = (
        fields.get("journal")
        or fields.get("booktitle")
        or fields.get("publisher")
        or fields.get("howpublished")
        or fields.get("organization")
    )
    if source:
        detail = ""
        if fields.get("volume"):
            detail += f" {fields['volume']}"
            if fields.get("number"):
                detail += f"({fields['number']})"
        if fields.get("pages"):
            detail += f": {fields['pages'].replace('--', '–')}"
        parts.append(f"<i>{html.escape(_latex_text(source))}</i>{html.escape(detail)}.")
    if fields.get("doi"):
        doi = html.escape(fields["doi"])
        parts.append(f'<a href="https://doi.org/{doi}">doi:{doi}</a>')
    elif fields.get("url"):
        url = html.escape(fields["url"], quote=True)
        parts.append(f'<a href="{url}">{url}</a>')
    return f'<li id="ref-{html.escape(key)}">{" ".join(parts)}</li>'


#: MathJax's TeX-to-SVG component (its fonts inside) and the TeX extensions it may load, copied
#: from the book's vendored MathJax (``_ext/offline_assets.py``) so the handout works offline.
MATHJAX_FILES = ("tex-svg.js", "input/tex/extensions")
MATHJAX_DIR = "mathjax"


def vendored_mathjax(root: Path = ROOT) -> Path:
    """The book's vendored MathJax (``_build/.vendor/site/mathjax``), fetched if not there yet."""
    path = root / "_ext" / "offline_assets.py"
    spec = importlib.util.spec_from_file_location("offline_assets", path)
    offline_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(offline_assets)
    return offline_assets.vendor_tree(root) / "mathjax"


def copy_mathjax(out: Path, root: Path = ROOT) -> Path:
    """Copy the MathJax files the pages load into ``out/mathjax``; return that folder."""
    source, target = vendored_mathjax(root), out / MATHJAX_DIR
    for name in MATHJAX_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)
    return target


def _math_html(tex: str, display: bool) -> str:
    """TeX between MathJax's delimiters, ``\\(...\\)`` inline and ``\\[...\\]`` displayed."""
    source = html.escape(tex.strip())
    if display:
        return f'<div class="math">\\[{source}\\]</div>'
    return f'<span class="math">\\({source}\\)</span>'


class HandoutRenderer:
    """MyST markdown to plain HTML: citations as (Author, Year) linked to the page's reference
    list, glossary terms and cross-references as their text, maths as TeX for MathJax,
    directives as boxes."""

    def __init__(self, bib):
        self.bib = bib
        self.cited: list[str] = []
        self.md = new_md_parser()  # its own: the render rules below write into this page
        rules = {
            "myst_role": lambda t: self.role(t.meta.get("name", ""), t.content),
            "math_inline": lambda t: _math_html(t.content, display=False),
            "math_inline_double": lambda t: _math_html(t.content, display=True),
            "math_block": lambda t: _math_html(t.content, display=True),
            "math_block_label": lambda t: _math_html(t.content, display=True),
            "amsmath": lambda t: _math_html(t.content, display=True),
            "fence": self.fence,
            "colon_fence": self.fence,
            "myst_line_comment": lambda t: "",
            "myst_target": lambda t: "",
            "front_matter": lambda t: "",
        }
        for name, rule in rules.items():
            self.md.add_render_rule(
                name, lambda r, tokens, idx, o, e, rule=rule: rule(tokens[idx])
            )

    def _cite(self, keys: str, textual: bool) -> str:
        out = []
        for key in [k.strip() for k in keys.split(",") if k.strip()]:
            who, year = author_year(key, self.bib)
            if key not in self.cited:
                self.cited.append(key)
            link = f'<a href="#ref-{html.escape(key)}">'
            out.append(
                f"{link}{html.escape(who)} ({html.escape(year)})</a>"
                if textual
                else f"{link}{html.escape(who)}, {html.escape(year)}</a>"
            )
        return "; ".join(out) if textual else "(" + "; ".join(out) + ")"

    def role(self, name: str, content: str) -> str:
        if name in ("cite:p", "cite", "cite:ps"):
            return self._cite(content, textual=False)
        if name in ("cite:t", "cite:ts"):
            return self._cite(content, textual=True)
        if name in ("term", "ref", "doc", "numref", "eq", "download", "abbr"):
            text = re.sub(r"\s*<[^<>]*>$", "", content) or content
            return html.escape(text)
        if name == "math":
            return _math_html(content, display=False)
        if name in INLINE_ROLES:
            return html.escape(inline_text(name, content.strip()))
        return f"<code>{html.escape(content)}</code>"

    def fence(self, token) -> str:
        m = _DIRECTIVE.match(token.info.strip())
        if not m:
            return f"<pre><code>{html.escape(token.content)}</code></pre>\n"
        _options, body = split_options(token.content)
        name, argument = m.group(1), m.group(2).strip()
        title = self.inline(argument) if argument else html.escape(name.replace("-", " ").title())
        return (
            f'<div class="box {html.escape(name)}"><p class="box-title">{title}</p>\n'
            f"{self.markdown(body)}</div>\n"
        )

    def markdown(self, text: str) -> str:
        return self.md.render(text)

    def inline(self, text: str) -> str:
        return self.md.renderInline(text)

    def references(self) -> str:
        if not self.cited:
            return ""
        items = "\n".join(reference_html(k, self.bib) for k in self.cited)
        return f'<section class="references"><h2>References</h2><ul>\n{items}\n</ul></section>'


CSS = """
body { font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       background: #fff; max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
a { color: #0b57a4; } code, pre { font: .92em/1.45 ui-monospace, Consolas, monospace; }
pre { background: #f4f5f7; padding: .7rem; overflow-x: auto; border-radius: 4px; }
.exercise { border-left: 4px solid #8a8f98; padding: .1rem 1rem; background: #f7f7f8; }
.solution { border-left: 4px solid #1f7a3a; padding: .1rem 1rem; }
.label { color: #555; font-size: .85rem; font-weight: normal; }
.box { border: 1px solid #ccc; border-radius: 4px; padding: 0 .8rem; margin: .8rem 0; }
.box-title { font-weight: bold; }
div.math { margin: .6rem 0; }
table { border-collapse: collapse; font-size: .92rem; } th, td { border: 1px solid #bbb;
        padding: .3rem .5rem; vertical-align: top; text-align: left; } th { background: #eef0f3; }
nav { font-size: .9rem; display: flex; gap: 1.2rem; flex-wrap: wrap; }
.references li { margin-bottom: .3rem; }
footer { margin-top: 3rem; font-size: .85rem; color: #555; }
body.wide { max-width: 84rem; }
@media print { nav { display: none; } .exercise, .solution { break-inside: avoid; } }
"""

FOOTER = (
    "<footer><p>Cramp Lab, instructor edition. Education only, not medical advice. "
    "Code MIT, text CC BY 4.0.</p></footer>"
)


def page(title: str, body: str, nav: str = "", wide: bool = False, mathjax: str = "") -> str:
    """A self-contained HTML page; ``mathjax`` is the relative path of the MathJax folder, loaded
    if the body has maths."""
    body_tag = '<body class="wide">' if wide else "<body>"
    script = ""
    if mathjax and 'class="math"' in body:
        script = f'<script defer src="{mathjax}/{MATHJAX_FILES[0]}"></script>\n'
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n{script}</head>\n"
        f"{body_tag}\n"
        f"{nav}\n<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main>\n{FOOTER}\n"
        "</body>\n</html>\n"
    )
