"""``{course-citation}``: the course's citation and what its licences let a reader reuse, generated
from the top-level ``CITATION.cff`` by :mod:`widgets.book.citation`, so the landing page never
types them. A change to the file rebuilds the page.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

from widgets.book.citation import citation_markdown, load_cff, reuse_markdown


class CourseCitation(Directive):
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        path = Path(env.srcdir) / "CITATION.cff"
        env.note_dependency(str(path))
        cff = load_cff(path)
        box = nodes.container(classes=["course-citation"])
        branch = env.config.html_theme_options.get("repository_branch") or "main"
        markdown = f"{citation_markdown(cff)}\n\n{reuse_markdown(cff, branch)}"
        self.state.nested_parse(
            StringList(markdown.splitlines(), source=str(path)), self.content_offset, box
        )
        # The citation shows its address whole (the theme would shorten a bare link to
        # "owner/name"), as plain text a reader can copy.
        for link in list(box[0].findall(nodes.reference)):
            link.replace_self(nodes.Text(link.astext()))
        return [box]


def setup(app):
    app.add_directive("course-citation", CourseCitation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
