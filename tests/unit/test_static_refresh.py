"""A changed file of the static path reaches the site even when no page changed
(_ext/static_refresh.py)."""

from __future__ import annotations

from static_refresh import static_changed


def test_a_changed_missing_or_new_static_file_is_found(tmp_path):
    source, site = tmp_path / "_static", tmp_path / "site"
    (source / "sub").mkdir(parents=True)
    site.mkdir()
    (source / "a.js").write_text("new")
    (site / "a.js").write_text("old")
    (source / "same.css").write_text("x")
    (site / "same.css").write_text("x")
    (source / "sub" / "b.js").write_text("b")
    assert static_changed([source], site) == ["a.js", "sub/b.js"]
    (site / "a.js").write_text("new")
    (site / "sub").mkdir()
    (site / "sub" / "b.js").write_text("b")
    assert static_changed([source], site) == []
