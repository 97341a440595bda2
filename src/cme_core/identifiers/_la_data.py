"""The DfE local-authority code table, as Python literals (read by :mod:`.local_authorities`).

Where the facts come from
-------------------------
* **Which codes census rule 1530 accepts as characters 2-4 of a UPN** ("a valid post April
  1998 LA code or a recognised pseudo LA code"): the project's data-standards notes
  (``standards.md`` section 2),
  checked against the rule's LA list as transcribed in data-to-insight/csc-validator-be-cin
  (``cin_validator/rules/cin2022_23/rule_1530.py``, CIN census 2022-23: it lists 001-005 and
  ranges up to 940-941; 942-943 were added from April 2023). The two lists, one code a line,
  are kept in the project's shared fixtures as
  ``external/cin_validator_upn/rule_1530_la_codes_cin2022_23.txt`` and
  ``..._cin2023_24.txt``; every code of the 2023-24 list is a prefix here, and no other.
* **Names** of English and Welsh authorities: a GIAS-derived ``establishment.local_authority``
  seed table (LA code, "LA (name)" and English/Welsh jurisdiction) found in a public
  repository through the search index; 940 and 941 also in DfE's Multiplication Tables Check
  service (DFEAGILEDEVOPS/MTC, the ``mtc_admin.laCodeLookup`` migration that inserts them).
  The full MTC name table itself was not found in the index.
* **Names of the 700 codes**: GIAS's "Other LA name codes" file (``OtherLaNameCodes.csv``,
  kept in the project's shared fixtures as ``external/gias_la_codes/``) pairs 702, 704, 705
  (Isle of Man), 706 (Guernsey), 707 (Jersey) and 708 with their names. It has no row for
  701 or 703: 701's name ("Scotland Offshore Establishments") is from standards.md only, and
  703 is named in no source read; both are in rule 1530's list, so both are accepted as UPN
  prefixes with ``verified`` False.
* **Cheshire** (875, 895, 896): GIAS's ``EnglishLaNameCodes.csv`` names 875 "Pre LGR (2009)
  Cheshire", 895 Cheshire East and 896 Cheshire West and Chester; GIAS's LA table
  ``las.csv`` (same folder) has Cheshire (E10000004) terminated on 31/03/2009 and the two
  successors live from 01/04/2009 with old LA codes 895 and 896.
* **Dates** of the reorganisations that retired or created codes: the structural changes
  orders named in each row's note (read on legislation.gov.uk, except Cheshire's).

Row layout: ``(code, name, kind, in_use_from, in_use_to, valid_upn_prefix, verified, note)``.
``kind`` is the name of a :class:`~cme_core.identifiers.local_authorities.LocalAuthorityKind`
member. ``in_use_from``/``in_use_to`` are the first and last days on which the code named an
authority in being; ``None`` means "since before April 1998" or "still in use". ``verified`` is
False where some fact in the row was not confirmed against a source read for this table.

875 and 703 (resolved): census rule 1530's LA list contains both (865-896 and 701-708 whole,
in the CIN 2022-23 and 2023-24 lists alike), so both are accepted as UPN prefixes. standards.md
said they "name no LA"; for 875 GIAS disagrees (above), so 875 is a retired code like 820, with
its dates from ``las.csv``. 703 is treated as 701 is: in the rule's range, named in no GIAS
file, accepted, and flagged ``verified`` False. The SSDA903 (children looked after) rule 633
list in the same fixtures (``ssda903_rule_633_la_perm_codes.txt``) omits 875, 703 and every
other non-English or pseudo code: it lists the English LAs that may *return* data, not UPN
prefixes, and so does not bear on rule 1530.
"""

from __future__ import annotations

from datetime import date

__all__ = ["LA_ROWS"]

_GIAS = "Name: GIAS-derived LA table."
_MTC = "Name: GIAS-derived LA table and DfE MTC laCodeLookup migration."
_WELSH = "Welsh authority; name: GIAS-derived LA table."
_PSEUDO = (
    "Pseudo-LA code accepted as a UPN prefix by census rule 1530; its meaning is not published "
    "(standards.md section 2). It maps to no local authority."
)
_OFFSHORE_PAIRING = (
    "In census rule 1530's LA list (CIN validator lists 2022-23 and 2023-24); not in GIAS's "
    "Other LA name codes file (OtherLaNameCodes.csv): the code-name pairing is from "
    "standards.md section 2 only."
)
_OFFSHORE_UNNAMED = (
    "In census rule 1530's LA list (CIN validator lists 2022-23 and 2023-24), so accepted as a "
    "UPN prefix, as 701 is; named in no source read (not in GIAS's Other LA name codes file, "
    "OtherLaNameCodes.csv): what it stands for is not known."
)
_OFFSHORE_CONFIRMED = (
    "GIAS 'LA (name)' value, confirmed with its code by GIAS's Other LA name codes file "
    "(OtherLaNameCodes.csv)."
)

_BEDS = "Bedfordshire (Structural Changes) Order 2008, SI 2008/907: in force 1 April 2009."
_CHESHIRE = (
    "Cheshire (Structural Changes) Order 2008 (SI 2008/634, not read): 1 April 2009, as GIAS's "
    "las.csv records (Cheshire terminated 31/03/2009; 895 and 896 live from 01/04/2009)."
)
_DORSET = (
    "Bournemouth, Dorset and Poole (Structural Changes) Order 2018, SI 2018/648: 1 April 2019."
)
_NORTHANTS = "Northamptonshire (Structural Changes) Order 2020, SI 2020/156: 1 April 2021."
_CUMBRIA = "Cumbria (Structural Changes) Order 2022, SI 2022/331: 1 April 2023."

Row = tuple[str, str, str, date | None, date | None, bool, bool, str]

LA_ROWS: tuple[Row, ...] = (
    # --- pseudo-LA codes (UPN prefixes only) -------------------------------------------------
    ("001", "Pseudo-LA 001", "PSEUDO", None, None, True, False, _PSEUDO),
    ("002", "Pseudo-LA 002", "PSEUDO", None, None, True, False, _PSEUDO),
    ("003", "Pseudo-LA 003", "PSEUDO", None, None, True, False, _PSEUDO),
    ("004", "Pseudo-LA 004", "PSEUDO", None, None, True, False, _PSEUDO),
    ("005", "Pseudo-LA 005", "PSEUDO", None, None, True, False, _PSEUDO),
    # --- Inner London ------------------------------------------------------------------------
    ("201", "City of London", "ENGLISH", None, None, True, True, _GIAS),
    ("202", "Camden", "ENGLISH", None, None, True, True, _GIAS),
    ("203", "Greenwich", "ENGLISH", None, None, True, True, _GIAS),
    ("204", "Hackney", "ENGLISH", None, None, True, True, _GIAS),
    ("205", "Hammersmith and Fulham", "ENGLISH", None, None, True, True, _GIAS),
    ("206", "Islington", "ENGLISH", None, None, True, True, _GIAS),
    ("207", "Kensington and Chelsea", "ENGLISH", None, None, True, True, _GIAS),
    ("208", "Lambeth", "ENGLISH", None, None, True, True, _GIAS),
    ("209", "Lewisham", "ENGLISH", None, None, True, True, _GIAS),
    ("210", "Southwark", "ENGLISH", None, None, True, True, _GIAS),
    ("211", "Tower Hamlets", "ENGLISH", None, None, True, True, _GIAS),
    ("212", "Wandsworth", "ENGLISH", None, None, True, True, _GIAS),
    ("213", "Westminster", "ENGLISH", None, None, True, True, _GIAS),
    # --- Outer London ------------------------------------------------------------------------
    ("301", "Barking and Dagenham", "ENGLISH", None, None, True, True, _GIAS),
    ("302", "Barnet", "ENGLISH", None, None, True, True, _GIAS),
    ("303", "Bexley", "ENGLISH", None, None, True, True, _GIAS),
    ("304", "Brent", "ENGLISH", None, None, True, True, _GIAS),
    ("305", "Bromley", "ENGLISH", None, None, True, True, _GIAS),
    ("306", "Croydon", "ENGLISH", None, None, True, True, _GIAS),
    ("307", "Ealing", "ENGLISH", None, None, True, True, _GIAS),
    ("308", "Enfield", "ENGLISH", None, None, True, True, _GIAS),
    ("309", "Haringey", "ENGLISH", None, None, True, True, _GIAS),
    ("310", "Harrow", "ENGLISH", None, None, True, True, _GIAS),
    ("311", "Havering", "ENGLISH", None, None, True, True, _GIAS),
    ("312", "Hillingdon", "ENGLISH", None, None, True, True, _GIAS),
    ("313", "Hounslow", "ENGLISH", None, None, True, True, _GIAS),
    ("314", "Kingston upon Thames", "ENGLISH", None, None, True, True, _GIAS),
    ("315", "Merton", "ENGLISH", None, None, True, True, _GIAS),
    ("316", "Newham", "ENGLISH", None, None, True, True, _GIAS),
    ("317", "Redbridge", "ENGLISH", None, None, True, True, _GIAS),
    ("318", "Richmond upon Thames", "ENGLISH", None, None, True, True, _GIAS),
    ("319", "Sutton", "ENGLISH", None, None, True, True, _GIAS),
    ("320", "Waltham Forest", "ENGLISH", None, None, True, True, _GIAS),
    # --- Metropolitan districts --------------------------------------------------------------
    ("330", "Birmingham", "ENGLISH", None, None, True, True, _GIAS),
    ("331", "Coventry", "ENGLISH", None, None, True, True, _GIAS),
    ("332", "Dudley", "ENGLISH", None, None, True, True, _GIAS),
    ("333", "Sandwell", "ENGLISH", None, None, True, True, _GIAS),
    ("334", "Solihull", "ENGLISH", None, None, True, True, _GIAS),
    ("335", "Walsall", "ENGLISH", None, None, True, True, _GIAS),
    ("336", "Wolverhampton", "ENGLISH", None, None, True, True, _GIAS),
    ("340", "Knowsley", "ENGLISH", None, None, True, True, _GIAS),
    ("341", "Liverpool", "ENGLISH", None, None, True, True, _GIAS),
    ("342", "St. Helens", "ENGLISH", None, None, True, True, _GIAS),
    ("343", "Sefton", "ENGLISH", None, None, True, True, _GIAS),
    ("344", "Wirral", "ENGLISH", None, None, True, True, _GIAS),
    ("350", "Bolton", "ENGLISH", None, None, True, True, _GIAS),
    ("351", "Bury", "ENGLISH", None, None, True, True, _GIAS),
    ("352", "Manchester", "ENGLISH", None, None, True, True, _GIAS),
    ("353", "Oldham", "ENGLISH", None, None, True, True, _GIAS),
    ("354", "Rochdale", "ENGLISH", None, None, True, True, _GIAS),
    ("355", "Salford", "ENGLISH", None, None, True, True, _GIAS),
    ("356", "Stockport", "ENGLISH", None, None, True, True, _GIAS),
    ("357", "Tameside", "ENGLISH", None, None, True, True, _GIAS),
    ("358", "Trafford", "ENGLISH", None, None, True, True, _GIAS),
    ("359", "Wigan", "ENGLISH", None, None, True, True, _GIAS),
    ("370", "Barnsley", "ENGLISH", None, None, True, True, _GIAS),
    ("371", "Doncaster", "ENGLISH", None, None, True, True, _GIAS),
    ("372", "Rotherham", "ENGLISH", None, None, True, True, _GIAS),
    ("373", "Sheffield", "ENGLISH", None, None, True, True, _GIAS),
    ("380", "Bradford", "ENGLISH", None, None, True, True, _GIAS),
    ("381", "Calderdale", "ENGLISH", None, None, True, True, _GIAS),
    ("382", "Kirklees", "ENGLISH", None, None, True, True, _GIAS),
    ("383", "Leeds", "ENGLISH", None, None, True, True, _GIAS),
    ("384", "Wakefield", "ENGLISH", None, None, True, True, _GIAS),
    ("390", "Gateshead", "ENGLISH", None, None, True, True, _GIAS),
    ("391", "Newcastle upon Tyne", "ENGLISH", None, None, True, True, _GIAS),
    ("392", "North Tyneside", "ENGLISH", None, None, True, True, _GIAS),
    ("393", "South Tyneside", "ENGLISH", None, None, True, True, _GIAS),
    ("394", "Sunderland", "ENGLISH", None, None, True, True, _GIAS),
    ("420", "Isles of Scilly", "ENGLISH", None, None, True, True, _GIAS),
    # --- Wales (the 22 principal councils) ---------------------------------------------------
    ("660", "Isle of Anglesey", "WELSH", None, None, True, True, _WELSH),
    ("661", "Gwynedd", "WELSH", None, None, True, True, _WELSH),
    ("662", "Conwy", "WELSH", None, None, True, True, _WELSH),
    ("663", "Denbighshire", "WELSH", None, None, True, True, _WELSH),
    ("664", "Flintshire", "WELSH", None, None, True, True, _WELSH),
    ("665", "Wrexham", "WELSH", None, None, True, True, _WELSH),
    ("666", "Powys", "WELSH", None, None, True, True, _WELSH),
    ("667", "Ceredigion", "WELSH", None, None, True, True, _WELSH),
    ("668", "Pembrokeshire", "WELSH", None, None, True, True, _WELSH),
    ("669", "Carmarthenshire", "WELSH", None, None, True, True, _WELSH),
    ("670", "Swansea", "WELSH", None, None, True, True, _WELSH),
    ("671", "Neath Port Talbot", "WELSH", None, None, True, True, _WELSH),
    ("672", "Bridgend", "WELSH", None, None, True, True, _WELSH),
    ("673", "Vale of Glamorgan", "WELSH", None, None, True, True, _WELSH),
    ("674", "Rhondda Cynon Taf", "WELSH", None, None, True, True, _WELSH),
    ("675", "Merthyr Tydfil", "WELSH", None, None, True, True, _WELSH),
    ("676", "Caerphilly", "WELSH", None, None, True, True, _WELSH),
    ("677", "Blaenau Gwent", "WELSH", None, None, True, True, _WELSH),
    ("678", "Torfaen", "WELSH", None, None, True, True, _WELSH),
    ("679", "Monmouthshire", "WELSH", None, None, True, True, _WELSH),
    ("680", "Newport", "WELSH", None, None, True, True, _WELSH),
    ("681", "Cardiff", "WELSH", None, None, True, True, _WELSH),
    # --- offshore and overseas establishments ------------------------------------------------
    (
        "701",
        "Scotland Offshore Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        False,
        _OFFSHORE_PAIRING,
    ),
    (
        "702",
        "BFPO Overseas Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    (
        "703",
        "Offshore or overseas code 703 (no published name)",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        False,
        _OFFSHORE_UNNAMED,
    ),
    (
        "704",
        "Fieldwork Overseas Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    (
        "705",
        "Isle of Man Offshore Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    (
        "706",
        "Guernsey Offshore Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    (
        "707",
        "Jersey Offshore Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    (
        "708",
        "Gibraltar Overseas Establishments",
        "OFFSHORE_OR_OVERSEAS",
        None,
        None,
        True,
        True,
        _OFFSHORE_CONFIRMED,
    ),
    # --- unitary authorities and shire counties ----------------------------------------------
    ("800", "Bath and North East Somerset", "ENGLISH", None, None, True, True, _GIAS),
    ("801", "Bristol, City of", "ENGLISH", None, None, True, True, _GIAS),
    ("802", "North Somerset", "ENGLISH", None, None, True, True, _GIAS),
    ("803", "South Gloucestershire", "ENGLISH", None, None, True, True, _GIAS),
    ("805", "Hartlepool", "ENGLISH", None, None, True, True, _GIAS),
    ("806", "Middlesbrough", "ENGLISH", None, None, True, True, _GIAS),
    ("807", "Redcar and Cleveland", "ENGLISH", None, None, True, True, _GIAS),
    ("808", "Stockton-on-Tees", "ENGLISH", None, None, True, True, _GIAS),
    ("810", "Kingston upon Hull, City of", "ENGLISH", None, None, True, True, _GIAS),
    ("811", "East Riding of Yorkshire", "ENGLISH", None, None, True, True, _GIAS),
    ("812", "North East Lincolnshire", "ENGLISH", None, None, True, True, _GIAS),
    ("813", "North Lincolnshire", "ENGLISH", None, None, True, True, _GIAS),
    ("815", "North Yorkshire", "ENGLISH", None, None, True, True, _GIAS),
    ("816", "York", "ENGLISH", None, None, True, True, _GIAS),
    (
        "820",
        "Bedfordshire",
        "ENGLISH",
        None,
        date(2009, 3, 31),
        True,
        True,
        "GIAS: 'Pre LGR (2009) Bedfordshire'. Retired; still a valid UPN prefix. " + _BEDS,
    ),
    ("821", "Luton", "ENGLISH", None, None, True, True, _GIAS),
    ("822", "Bedford", "ENGLISH", date(2009, 4, 1), None, True, True, _GIAS + " " + _BEDS),
    (
        "823",
        "Central Bedfordshire",
        "ENGLISH",
        date(2009, 4, 1),
        None,
        True,
        True,
        _GIAS + " " + _BEDS,
    ),
    ("825", "Buckinghamshire", "ENGLISH", None, None, True, True, _GIAS),
    ("826", "Milton Keynes", "ENGLISH", None, None, True, True, _GIAS),
    ("830", "Derbyshire", "ENGLISH", None, None, True, True, _GIAS),
    ("831", "Derby", "ENGLISH", None, None, True, True, _GIAS),
    (
        "835",
        "Dorset (pre-2019)",
        "ENGLISH",
        None,
        date(2019, 3, 31),
        True,
        True,
        "GIAS: 'Pre-LGR 2019 Dorset'. Retired; still a valid UPN prefix. " + _DORSET,
    ),
    (
        "836",
        "Poole",
        "ENGLISH",
        None,
        date(2019, 3, 31),
        True,
        True,
        "GIAS: 'Pre-LGR 2019 Poole'. Retired; still a valid UPN prefix. " + _DORSET,
    ),
    (
        "837",
        "Bournemouth",
        "ENGLISH",
        None,
        date(2019, 3, 31),
        True,
        True,
        "GIAS: 'Pre-LGR 2019 Bournemouth'. Retired; still a valid UPN prefix. " + _DORSET,
    ),
    ("838", "Dorset", "ENGLISH", date(2019, 4, 1), None, True, True, _GIAS + " " + _DORSET),
    (
        "839",
        "Bournemouth, Christchurch and Poole",
        "ENGLISH",
        date(2019, 4, 1),
        None,
        True,
        True,
        _GIAS + " " + _DORSET,
    ),
    ("840", "County Durham", "ENGLISH", None, None, True, True, _GIAS),
    ("841", "Darlington", "ENGLISH", None, None, True, True, _GIAS),
    ("845", "East Sussex", "ENGLISH", None, None, True, True, _GIAS),
    ("846", "Brighton and Hove", "ENGLISH", None, None, True, True, _GIAS),
    ("850", "Hampshire", "ENGLISH", None, None, True, True, _GIAS),
    ("851", "Portsmouth", "ENGLISH", None, None, True, True, _GIAS),
    ("852", "Southampton", "ENGLISH", None, None, True, True, _GIAS),
    ("855", "Leicestershire", "ENGLISH", None, None, True, True, _GIAS),
    ("856", "Leicester", "ENGLISH", None, None, True, True, _GIAS),
    ("857", "Rutland", "ENGLISH", None, None, True, True, _GIAS),
    ("860", "Staffordshire", "ENGLISH", None, None, True, True, _GIAS),
    ("861", "Stoke-on-Trent", "ENGLISH", None, None, True, True, _GIAS),
    ("865", "Wiltshire", "ENGLISH", None, None, True, True, _GIAS),
    ("866", "Swindon", "ENGLISH", None, None, True, True, _GIAS),
    ("867", "Bracknell Forest", "ENGLISH", None, None, True, True, _GIAS),
    ("868", "Windsor and Maidenhead", "ENGLISH", None, None, True, True, _GIAS),
    ("869", "West Berkshire", "ENGLISH", None, None, True, True, _GIAS),
    ("870", "Reading", "ENGLISH", None, None, True, True, _GIAS),
    ("871", "Slough", "ENGLISH", None, None, True, True, _GIAS),
    ("872", "Wokingham", "ENGLISH", None, None, True, True, _GIAS),
    ("873", "Cambridgeshire", "ENGLISH", None, None, True, True, _GIAS),
    ("874", "Peterborough", "ENGLISH", None, None, True, True, _GIAS),
    (
        "875",
        "Cheshire",
        "ENGLISH",
        None,
        date(2009, 3, 31),
        True,
        True,
        "GIAS (EnglishLaNameCodes.csv): 'Pre LGR (2009) Cheshire'. Retired; still a valid UPN "
        "prefix (in census rule 1530's LA list, CIN validator lists 2022-23 and 2023-24). "
        + _CHESHIRE,
    ),
    ("876", "Halton", "ENGLISH", None, None, True, True, _GIAS),
    ("877", "Warrington", "ENGLISH", None, None, True, True, _GIAS),
    ("878", "Devon", "ENGLISH", None, None, True, True, _GIAS),
    ("879", "Plymouth", "ENGLISH", None, None, True, True, _GIAS),
    ("880", "Torbay", "ENGLISH", None, None, True, True, _GIAS),
    ("881", "Essex", "ENGLISH", None, None, True, True, _GIAS),
    ("882", "Southend-on-Sea", "ENGLISH", None, None, True, True, _GIAS),
    ("883", "Thurrock", "ENGLISH", None, None, True, True, _GIAS),
    ("884", "Herefordshire, County of", "ENGLISH", None, None, True, True, _GIAS),
    ("885", "Worcestershire", "ENGLISH", None, None, True, True, _GIAS),
    ("886", "Kent", "ENGLISH", None, None, True, True, _GIAS),
    ("887", "Medway", "ENGLISH", None, None, True, True, _GIAS),
    ("888", "Lancashire", "ENGLISH", None, None, True, True, _GIAS),
    ("889", "Blackburn with Darwen", "ENGLISH", None, None, True, True, _GIAS),
    ("890", "Blackpool", "ENGLISH", None, None, True, True, _GIAS),
    ("891", "Nottinghamshire", "ENGLISH", None, None, True, True, _GIAS),
    ("892", "Nottingham", "ENGLISH", None, None, True, True, _GIAS),
    ("893", "Shropshire", "ENGLISH", None, None, True, True, _GIAS),
    ("894", "Telford and Wrekin", "ENGLISH", None, None, True, True, _GIAS),
    (
        "895",
        "Cheshire East",
        "ENGLISH",
        date(2009, 4, 1),
        None,
        True,
        True,
        _GIAS + " " + _CHESHIRE,
    ),
    (
        "896",
        "Cheshire West and Chester",
        "ENGLISH",
        date(2009, 4, 1),
        None,
        True,
        True,
        _GIAS + " " + _CHESHIRE,
    ),
    ("908", "Cornwall", "ENGLISH", None, None, True, True, _GIAS),
    (
        "909",
        "Cumbria",
        "ENGLISH",
        None,
        date(2023, 3, 31),
        True,
        True,
        "GIAS: 'Pre-LGR 2023 Cumbria'. Retired; still a valid UPN prefix. " + _CUMBRIA,
    ),
    ("916", "Gloucestershire", "ENGLISH", None, None, True, True, _GIAS),
    ("919", "Hertfordshire", "ENGLISH", None, None, True, True, _GIAS),
    ("921", "Isle of Wight", "ENGLISH", None, None, True, True, _GIAS),
    ("925", "Lincolnshire", "ENGLISH", None, None, True, True, _GIAS),
    ("926", "Norfolk", "ENGLISH", None, None, True, True, _GIAS),
    (
        "928",
        "Northamptonshire",
        "ENGLISH",
        None,
        date(2021, 3, 31),
        True,
        True,
        "GIAS: 'Pre-LGR 2021 Northamptonshire'. Retired; still a valid UPN prefix. " + _NORTHANTS,
    ),
    ("929", "Northumberland", "ENGLISH", None, None, True, True, _GIAS),
    ("931", "Oxfordshire", "ENGLISH", None, None, True, True, _GIAS),
    ("933", "Somerset", "ENGLISH", None, None, True, True, _GIAS),
    ("935", "Suffolk", "ENGLISH", None, None, True, True, _GIAS),
    ("936", "Surrey", "ENGLISH", None, None, True, True, _GIAS),
    ("937", "Warwickshire", "ENGLISH", None, None, True, True, _GIAS),
    ("938", "West Sussex", "ENGLISH", None, None, True, True, _GIAS),
    (
        "940",
        "North Northamptonshire",
        "ENGLISH",
        date(2021, 4, 1),
        None,
        True,
        True,
        _MTC + " " + _NORTHANTS,
    ),
    (
        "941",
        "West Northamptonshire",
        "ENGLISH",
        date(2021, 4, 1),
        None,
        True,
        True,
        _MTC + " " + _NORTHANTS,
    ),
    ("942", "Cumberland", "ENGLISH", date(2023, 4, 1), None, True, True, _GIAS + " " + _CUMBRIA),
    (
        "943",
        "Westmorland and Furness",
        "ENGLISH",
        date(2023, 4, 1),
        None,
        True,
        True,
        _GIAS + " " + _CUMBRIA,
    ),
)
