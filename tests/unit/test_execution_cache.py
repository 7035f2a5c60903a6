"""The machine's shared caches: where they live, and the executed chapters cleared when the
package that executed them changes (``_ext/code_cache.py``; the pictures' cache:
``test_picture_cache.py``)."""

import code_cache
import pytest

from widgets.book import explorable as ex


@pytest.mark.parametrize(
    ("shared", "name", "variable"),
    [
        (code_cache.shared_execution_cache, "jupyter_cache", "CRAMP_EXECUTION_CACHE"),
        (ex.shared_cache, "explorable", "CRAMP_PICTURE_CACHE"),
    ],
    ids=["executed chapters", "pictures"],
)
def test_each_shared_cache_is_per_user_and_can_be_chosen(
    shared, name, variable, monkeypatch, tmp_path
):
    monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert shared() == tmp_path / "xdg" / "cramp-lab" / name
    monkeypatch.setenv(variable, str(tmp_path / "mine"))
    assert shared() == tmp_path / "mine"


def test_a_cache_made_by_another_package_is_cleared_and_the_same_package_keeps_it(tmp_path):
    cache, stamp = tmp_path / "jupyter_cache", tmp_path / "jupyter_cache.widgets-digest"
    assert code_cache._renew(stamp, "digest-a", cache) is False  # first use: nothing to clear
    cache.mkdir()
    (cache / "executed.ipynb").write_text("{}")
    assert code_cache._renew(stamp, "digest-a", cache) is False  # a fresh clone, same code
    assert (cache / "executed.ipynb").is_file()
    assert code_cache._renew(stamp, "digest-b", cache) is True  # the package changed
    assert not cache.exists() and stamp.read_text() == "digest-b"
