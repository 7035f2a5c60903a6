"""Book plumbing: what turns the package's outputs into the HTML book.

- :mod:`.alt_text`: the MyST-NB renderer (entry point in ``pyproject.toml``) that keeps each
  figure's alt text and turns each widget's spec into an explorable figure;
- :mod:`.explorable_html` and :mod:`.explorable` (states, drawing at build time, the site's
  files): explorable figures in the static book;
- :mod:`.glue`: numbers computed in a chapter, inserted in its prose;
- :mod:`.quiz` and ``quizzes/``: the self-check quizzes;
- :mod:`.live`: the chapters' first cell on Colab and the repository's address.

Chapters use ``from widgets.book import glue`` and ``from widgets.book.quiz import show_quiz``.
"""

from widgets.book.alt_text import AltTextImages
from widgets.book.glue import GLUE_PREFIX, glue, glue_output, glue_text

__all__ = ["GLUE_PREFIX", "AltTextImages", "glue", "glue_output", "glue_text"]
