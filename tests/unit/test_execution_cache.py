"""The executed chapters are shared by the checkouts on a machine and cleared when the package
that executed them changes (``_ext/code_cache.py``)."""

import code_cache


def test_the_execution_cache_is_per_user_and_can_be_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv("CRAMP_EXECUTION_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert code_cache.shared_execution_cache() == tmp_path / "xdg" / "cramp-lab" / "jupyter_cache"
    monkeypatch.setenv("CRAMP_EXECUTION_CACHE", str(tmp_path / "mine"))
    assert code_cache.shared_execution_cache() == tmp_path / "mine"


def test_a_cache_made_by_another_package_is_cleared_and_the_same_package_keeps_it(tmp_path):
    cache, stamp = tmp_path / "jupyter_cache", tmp_path / "jupyter_cache.widgets-digest"
    assert code_cache._renew(stamp, "digest-a", cache) is False  # first use: nothing to clear
    cache.mkdir()
    (cache / "executed.ipynb").write_text("{}")
    assert code_cache._renew(stamp, "digest-a", cache) is False  # a fresh clone, same code
    assert (cache / "executed.ipynb").is_file()
    assert code_cache._renew(stamp, "digest-b", cache) is True  # the package changed
    assert not cache.exists() and stamp.read_text() == "digest-b"
