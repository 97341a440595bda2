from __future__ import annotations

import pytest

from cme_core import CmeError, Problem, ProblemsFound, ProblemType, Report, Severity

RULE_E = ProblemType(code="T1", severity=Severity.ERROR, title="an error", citation="c1")
RULE_Q = ProblemType(code="T2Q", severity=Severity.QUERY, title="a query")


def test_report_collects_every_problem_and_classifies() -> None:
    report = Report.of([RULE_E.problem(path=("a",)), RULE_Q.problem(path=("b", 0))])
    assert not report.is_valid
    assert report.codes == ("T1", "T2Q")
    assert [p.json_path for p in report] == ["$.a", "$.b[0]"]
    assert len(report.errors) == 1
    assert len(report.queries) == 1
    assert report.warnings == ()


def test_queries_alone_do_not_invalidate() -> None:
    assert Report.of([RULE_Q.problem()]).is_valid


def test_raise_for_problems_raises_exception_group_of_errors_only() -> None:
    report = Report.of([RULE_E.problem(), RULE_Q.problem(), RULE_E.problem(path=("x",))])
    with pytest.raises(ProblemsFound) as info:
        report.raise_for_problems()
    assert isinstance(info.value, ExceptionGroup)
    assert isinstance(info.value, CmeError)
    assert [p.code for p in info.value.problems] == ["T1", "T1"]


def test_to_dict_is_json_compatible() -> None:
    import datetime as dt
    import json

    problem = RULE_E.problem(values={"on": dt.date(2024, 8, 19), "sev": Severity.QUERY})
    data = Report.of([problem]).to_dict()
    text = json.dumps(data)
    assert '"2024-08-19"' in text
    assert data["counts"] == {"error": 1, "query": 0, "warning": 0}


def test_json_path_quotes_awkward_keys() -> None:
    p = Problem(code="X", severity=Severity.ERROR, message="m", path=("a b", "it's"))
    assert p.json_path == "$['a b']['it\\'s']"


def test_at_prefixes_paths() -> None:
    report = Report.of([RULE_E.problem(path=("upn",))]).at("pupils", 4)
    assert report.problems[0].json_path == "$.pupils[4].upn"
