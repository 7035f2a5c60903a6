"""The mutation score script: what counts as killed, and the views' threshold."""

import json

import mutation_score


def _meta(root, module, codes):
    path = root / f"{module}.meta"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")


def test_killed_and_timed_out_count_unchecked_are_left_out(tmp_path):
    _meta(tmp_path, "widgets/ui/force.py", {"a": 1, "b": 0, "c": 36, "d": None, "e": 33})
    counts = mutation_score.statuses(tmp_path)["widgets/ui/force.py"]
    assert mutation_score.score(counts) == (2, 4)  # killed + timeout of 4 checked


def test_the_views_score_decides_the_exit_code(tmp_path, monkeypatch, capsys):
    _meta(tmp_path, "widgets/ui/force.py", {f"k{i}": 1 for i in range(8)} | {"s1": 0, "s2": 0})
    _meta(tmp_path, "widgets/physiology/force.py", {"s": 0})
    monkeypatch.setattr(
        mutation_score, "statuses", lambda real=mutation_score.statuses: real(tmp_path)
    )
    assert mutation_score.main(["--min", "80"]) == 0  # 8 of 10 views killed; models apart
    assert mutation_score.main(["--min", "81"]) == 1
    assert "views (widgets/ui) in all" in capsys.readouterr().out
