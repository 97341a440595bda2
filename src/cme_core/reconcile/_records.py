"""Records as the linkage sees them: the caller's ids plus the matching features only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from cme_core.errors import InvalidArgument
from cme_core.identifiers import upn as upn_rules
from cme_core.people import Pupil
from cme_core.returns import DeletionReturn, NewPupilReturn

Pseudonym = Callable[[DeletionReturn | NewPupilReturn], "str | None"]
"""A caller's function giving a record's pseudonymised key (e.g. a keyed hash the LA holds),
or ``None`` where it has none."""


SOURCES = ("deletion", "admission", "register", "case", "notification")
"""The values of :attr:`RecordRef.source`."""

NO_SCHOOL = ""
"""The ``school_laestab`` of a :class:`RecordRef` to a CME case or another LA's notification
(neither is a school's record)."""


@attrs.frozen(kw_only=True)
class RecordRef:
    """How a result names a record: the caller's ids, never personal data.

    ``source`` is one of :data:`SOURCES`: ``"deletion"`` or ``"admission"`` (a return:
    ``school_laestab`` and ``pupil_id`` as on it), ``"register"`` (an entry on a school's
    admission register: the register's school LAESTAB and the entry's ``pupil_id``),
    ``"case"`` (a CME case: ``pupil_id`` is the ``case_id``, ``school_laestab`` is ``""``, a
    case belonging to an LA rather than a school) or ``"notification"`` (another LA's
    notification: ``pupil_id`` is the ``notification_id``, ``school_laestab`` is ``""``).
    ``index`` is the record's position in the input it came from: for a return given as an
    Arrow table, its row number in the table; for a register, the register's position in
    ``registers`` (its entries are told apart by ``pupil_id``).
    """

    source: str
    index: int
    school_laestab: str
    pupil_id: str

    def to_dict(self) -> dict[str, Any]:
        """The ids as JSON-compatible data."""
        return {
            "source": self.source,
            "index": self.index,
            "school_laestab": self.school_laestab,
            "pupil_id": self.pupil_id,
        }


_LETTERS = re.compile(r"[^a-z' -]")
# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)
_SPACES = re.compile(r"[\s-]+")
_POSTCODE = re.compile(r"[^A-Z0-9]")


def _fold(text: str | None) -> str | None:
    if text is None:
        return None
    if text.isascii():  # most names: nothing to decompose
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
        text = text.translate(_UNDECOMPOSED)
    text = _LETTERS.sub("", text).replace("'", "")
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _postcode(text: str | None) -> tuple[str | None, str | None, str | None]:
    if not text:
        return None, None, None
    compact = _POSTCODE.sub("", text.upper())
    if len(compact) < 5 or len(compact) > 7:
        return None, None, None
    outward, inward = compact[:-3], compact[-3:]
    return compact, f"{outward} {inward[0]}", outward


def _upn(text: str | None) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        canonical = upn_rules.compact(text)
    except ValueError:
        return None
    return canonical if upn_rules.is_valid(canonical) else None


@attrs.define(kw_only=True, eq=False)
class Record:
    """One record's matching features (private to the linkage; repr shows the ref only).

    ``ret`` is the object the record came from: a return, the
    :class:`~cme_core.registers.EntryState` of a register entry, a
    :class:`~cme_core.cases.CmeCase` or an other LA's notification."""

    ref: RecordRef
    ret: object = attrs.field(repr=False)
    upn: str | None = attrs.field(repr=False)
    former_upns: tuple[str, ...] = attrs.field(repr=False)
    key: str | None = attrs.field(repr=False)
    first_name: str | None = attrs.field(repr=False)
    given: tuple[str, ...] = attrs.field(repr=False)
    surname: str | None = attrs.field(repr=False)
    surname_parts: tuple[str, ...] = attrs.field(repr=False)
    dob: date | None = attrs.field(repr=False)
    sex: str | None = attrs.field(repr=False)
    postcode: str | None = attrs.field(repr=False)
    postcode_sector: str | None = attrs.field(repr=False)
    postcode_district: str | None = attrs.field(repr=False)


def _name_parts(pupil: Pupil) -> tuple[str | None, tuple[str, ...], str | None, tuple[str, ...]]:
    """First name, given names, surname and the surname's parts (a hyphenated or
    double-barrelled surname keeps its halves, so that either half can match)."""
    raw = (pupil.full_name or "").split()
    words = [w for w in (_fold(x) for x in raw) if w]
    if not words:
        return None, (), None, ()
    if len(words) == 1:
        return words[0], (words[0],), None, ()
    given = tuple(w.replace(" ", "") for w in words[:-1])
    parts = tuple(words[-1].split(" "))
    return given[0], given, "".join(parts), parts


def record_of(
    ret: object,
    *,
    source: str,
    index: int,
    pseudonym: Pseudonym | None = None,
    features: bool = True,
) -> Record:
    """The :class:`Record` of a deletion or new-pupil return (``features=False``: the
    identifiers only, for the exact stage)."""
    expected = DeletionReturn if source == "deletion" else NewPupilReturn
    if not isinstance(ret, expected):
        raise InvalidArgument(
            f"{source}s[{index}] must be a {expected.__name__}, got {type(ret).__name__}"
        )
    key = pseudonym(ret) if pseudonym is not None else None
    if key is not None and not isinstance(key, str):
        raise InvalidArgument("pseudonym must return a str or None")
    ref = RecordRef(
        source=source, index=index, school_laestab=ret.school_laestab, pupil_id=ret.pupil.pupil_id
    )
    return record_of_pupil(ret.pupil, ref=ref, source_object=ret, key=key, features=features)


def record_of_pupil(
    pupil: Pupil,
    *,
    ref: RecordRef,
    source_object: object,
    key: str | None = None,
    features: bool = True,
) -> Record:
    """The :class:`Record` of ``pupil``, named by ``ref``, from ``source_object`` (a return,
    a register entry's state, a case, a notification) with an optional pseudonymised key.
    With ``features=False`` (the exact stage alone) names and postcodes are not read at all:
    only the identifiers."""
    first: str | None = None
    given: tuple[str, ...] = ()
    surname: str | None = None
    parts: tuple[str, ...] = ()
    unit = sector = district = None
    if features:
        first, given, surname, parts = _name_parts(pupil)
        postcode = pupil.address.postcode if pupil.address is not None else None
        unit, sector, district = _postcode(postcode)
    formers = tuple(u for u in (_upn(x) for x in pupil.former_upns) if u is not None)
    return Record(
        ref=ref,
        ret=source_object,
        upn=_upn(pupil.upn),
        former_upns=formers,
        key=key or None,
        first_name=first,
        given=given,
        surname=surname,
        surname_parts=parts,
        dob=pupil.date_of_birth,
        sex=pupil.sex.value if pupil.sex is not None else None,
        postcode=unit,
        postcode_sector=sector,
        postcode_district=district,
    )
