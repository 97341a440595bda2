"""``cme demo``: the main job on bundled example data (an edge: it reads package data)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any, TextIO

from cme_core import upn
from cme_core.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_of_compulsory_school_age,
)

__all__ = ["run"]


def _data(name: str) -> Any:
    return json.loads(resources.files("cme_core.data").joinpath(name).read_text("utf-8"))


def run(*, fmt: str, out: TextIO) -> int:
    """Print the demonstration as text tables or JSON; returns the exit code (0)."""
    data = _data("example_pupils.json")
    on = date.fromisoformat(data["judged_on"])
    pupils = []
    for item in data["pupils"]:
        dob = date.fromisoformat(item["date_of_birth"])
        problems = upn.problems(item["upn"])
        pupils.append(
            {
                "pupil_id": item["pupil_id"],
                "upn": item["upn"],
                "upn_problems": [p.code for p in problems],
                "compulsory_school_age_start": compulsory_school_age_start(dob).isoformat(),
                "compulsory_school_age_end": compulsory_school_age_end(dob).isoformat(),
                "of_compulsory_school_age": is_of_compulsory_school_age(dob, on),
            }
        )
    if fmt == "json":
        json.dump({"judged_on": on.isoformat(), "pupils": pupils}, out, indent=2)
        out.write("\n")
        return 0
    out.write(f"cme_core demo, judged on {on.isoformat()}\n\n")
    out.write("UPN checks and compulsory school age (Education Act 1996 s8)\n")
    header = f"{'pupil':<9} {'UPN':<14} {'UPN result':<12} {'CSA from':<11} {'CSA to':<11} of CSA"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for p in pupils:
        result = ", ".join(p["upn_problems"]) or "valid"
        start, end = p["compulsory_school_age_start"], p["compulsory_school_age_end"]
        csa = "yes" if p["of_compulsory_school_age"] else "no"
        out.write(f"{p['pupil_id']:<9} {p['upn']:<14} {result:<12} {start:<11} {end:<11} {csa}\n")
    return 0
