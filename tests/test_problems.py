from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest

import cme_core
from cme_core import CmeError, Problem, ProblemsFound, ProblemType, Report, Severity, problems
from cme_core.problems import catalogue, declarations

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


def test_problem_citation_overrides_the_types_citation_for_that_problem_only() -> None:
    assert RULE_E.problem().citation == "c1"
    assert RULE_E.problem(citation="reg 9(1)(a)").citation == "reg 9(1)(a)"
    assert RULE_Q.problem(citation="reg 13(4)").citation == "reg 13(4)"
    assert RULE_Q.problem().citation is None


# --- the catalogue ------------------------------------------------------------------------------

# Codes whose type has neither a citation nor a ``no_citation_reason`` yet. Their owners are to
# give each one or the other, and to take the code out of this set:
# test_known_uncited_is_still_needed fails as soon as an entry is no longer needed.
KNOWN_UNCITED: frozenset[str] = frozenset(
    {
        # src/cme_core/registers.py
        "CME-ATT-102",
        "CME-ATT-103",
        "CME-ATT-104Q",
        "CME-ATT-105",
        "CME-REG-001",
        "CME-REG-002",
        "CME-REG-003",
        "CME-REG-004",
        "CME-REG-005",
        "CME-REG-006Q",
        "CME-REG-008",
        "CME-REG-009Q",
        "CME-REG-010Q",
        "CME-REG-011",
        "CME-REG-012",
        "CME-REG-013",
        "CME-REG-020",
        # src/cme_core/demo.py
        "CME-DEMO-001",
        "CME-DEMO-002",
        "CME-DEMO-003",
        "CME-DEMO-004",
        "CME-DEMO-005",
        "CME-DEMO-006",
        "CME-DEMO-007",
        "CME-DEMO-008",
        # src/cme_core/law/deletion.py
        "CME-LAW-001",
        "CME-LAW-002",
        "CME-LAW-003Q",
        "CME-LAW-004",
        "CME-LAW-006",
        "CME-LAW-007",
        # src/cme_core/people.py
        "CME-PER-003",
        "CME-PER-004Q",
        "CME-PER-006",
        "CME-PER-007Q",
        "CME-PER-008",
        # src/cme_core/referral.py
        "CME-REF-001Q",
        "CME-REF-002Q",
        "CME-REF-003Q",
        # src/cme_core/returns.py
        "CME-RET-001",
        "CME-RET-002",
        "CME-RET-004",
        "CME-RET-005",
        "CME-RET-006",
        "CME-RET-007",
        "CME-RET-008",
        "CME-RET-009",
        "CME-RET-010Q",
        "CME-RET-011",
        "CME-RET-012",
        "CME-RET-013Q",
        "CME-RET-014",
        "CME-RET-015",
        "CME-RET-016",
        "CME-RET-017Q",
        "CME-RET-019Q",
        # src/cme_core/schools.py
        "CME-SCH-001",
        "CME-SCH-002",
        "CME-SCH-003",
        "CME-SCH-004",
    }
)


def _uncited(t: ProblemType) -> bool:
    return not (t.citation or "").strip() and not (t.no_citation_reason or "").strip()


def test_catalogue_has_every_code_once_sorted() -> None:
    types = catalogue()
    assert len({id(t) for t in types}) == len(types)
    twice = sorted(c for c, n in Counter(t.code for t in types).items() if n > 1)
    assert twice == [], f"codes declared by two different ProblemType objects: {twice}"
    assert [t.code for t in types] == sorted(t.code for t in types)


def test_catalogue_has_every_problem_type_in_cme_core() -> None:
    """Nothing declared anywhere in the package is missing from the catalogue (a module that
    declares problem types must be in PROBLEM_MODULES, or under a package listed there)."""
    listed = {id(t) for t in catalogue()}
    missing = []
    for info in pkgutil.walk_packages(cme_core.__path__, "cme_core."):
        if info.name == "cme_core.__main__":
            continue
        with warnings.catch_warnings():  # deprecated shims warn on import
            warnings.simplefilter("ignore", DeprecationWarning)
            module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, ProblemType) and id(value) not in listed:
                missing.append(f"{info.name}.{name} ({value.code})")
    assert missing == []


def test_catalogue_spans_the_package() -> None:
    codes = {t.code for t in catalogue()}
    assert {"1500", "1510", "1530", "1540", "1550"} <= codes  # UPN census rules (identifiers)
    for prefix in ("CME-RET-", "CME-WIRE-", "CME-ATT-", "CME-FILE-", "CME-LAW-", "CME-CAL-"):
        assert any(c.startswith(prefix) for c in codes), prefix


def test_a_code_ends_in_q_exactly_when_it_is_a_query() -> None:
    wrong = [
        (t.code, t.severity.name)
        for t in catalogue()
        if t.code.endswith("Q") != (t.severity is Severity.QUERY)
    ]
    assert wrong == []


def test_every_type_has_a_message_and_a_citation_or_a_reason_for_none() -> None:
    for t in catalogue():
        assert t.title.strip(), t.code
        assert not (t.citation and t.no_citation_reason), f"{t.code}: citation and a reason"
    uncited = sorted(t.code for t in catalogue() if _uncited(t) and t.code not in KNOWN_UNCITED)
    assert uncited == [], "give each a citation or a no_citation_reason"


def test_known_uncited_is_still_needed() -> None:
    still = {t.code for t in catalogue() if _uncited(t)}
    assert sorted(KNOWN_UNCITED - still) == [], "cited now: take these out of KNOWN_UNCITED"


def test_declarations_name_a_public_constant_of_each_type() -> None:
    names = declarations()
    assert set(names) == {t.code for t in catalogue()}
    assert names["CME-WIRE-001"] == "cme_core.serialization.MISSING_FIELD"
    for t in catalogue():
        module_name, _, attr = names[t.code].rpartition(".")
        assert not any(part.startswith("_") for part in names[t.code].split(".")), names[t.code]
        assert getattr(importlib.import_module(module_name), attr) is t


def test_catalogue_reads_all_names_and_private_submodules_of_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "cme_fake_rules"
    pkg.mkdir()
    rule = "ProblemType(code={!r}, severity=Severity.ERROR, title='t', citation='c')"
    header = "from cme_core.problems import ProblemType, Severity\n"
    (pkg / "__init__.py").write_text(
        header
        + "from cme_fake_rules._split import SPLIT\n"
        + "__all__ = ['LAZY', 'SPLIT']\n"
        + f"_LAZY = {rule.format('F-1')}\n"
        + "def __getattr__(name):\n"
        + "    if name == 'LAZY':\n"
        + "        return _LAZY\n"
        + "    raise AttributeError(name)\n",
        encoding="utf-8",
    )
    (pkg / "_split.py").write_text(header + f"SPLIT = {rule.format('F-2')}\n", encoding="utf-8")
    (pkg / "_hidden.py").write_text(header + f"HIDDEN = {rule.format('F-3')}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(problems, "PROBLEM_MODULES", ("cme_fake_rules",))
    problems._scan.cache_clear()
    try:
        assert [t.code for t in catalogue()] == ["F-1", "F-2", "F-3"]
        assert declarations() == {
            "F-1": "cme_fake_rules.LAZY",
            "F-2": "cme_fake_rules.SPLIT",
            "F-3": "cme_fake_rules._hidden.HIDDEN",
        }
    finally:
        problems._scan.cache_clear()
        for name in [m for m in sys.modules if m.startswith("cme_fake_rules")]:
            del sys.modules[name]
