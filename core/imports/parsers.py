"""Values as a clerk types them, understood as a person would: pure functions, no database.

Every parser takes the cell's text and returns a value, or raises ``ParseError`` with a kind (for
grouping the problems of a file), a message in Bahasa Indonesia and, where the text is close to a
known value, a suggestion that the clerk confirms: a guess is never applied silently.

Decisions a reader needs:

- Dates are day first (Indonesian usage): "10/11/2024" is 10 November. A date cell, an ISO date,
  "27/10/2024", "27-10-24", "27 Oktober 2024", "27 Okt 2024" and an Excel serial (a whole number
  between 1 January 1930 and 2099, as a date cell reads when its format was lost) are understood.
  A year alone ("2019", as a TMT is often known) is read as 1 January of that year and the row
  carries a note saying so; a month and year ("Oktober 2024") as the first of that month, with a
  note too.
- Names: front titles (Drs., H., Hj., Dr., Prof., Ir., ranks such as AKP or Kapten Inf) and back
  degrees (S.H., M.Si, S.Pd.I) are taken out of the name and kept apart, in a canonical spelling
  for the front titles and as typed for the degrees. A degree typed before the name
  ("S.Sos. Siti Rahmawati") is moved behind it. A name typed all in capitals is title-cased.
- Phones: a number whose national part starts with 8 is a mobile; any other valid Indonesian
  number is a landline, kept as a telephone and never used for SMS or WhatsApp. One cell may hold
  several numbers ("0812... / 0813...", "0812..., (0549) 21234"). Numbers are returned in E.164.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import phonenumbers
from django.utils.translation import gettext as _

# --- results and errors ------------------------------------------------------------------


class ParseError(ValueError):
    """A value that could not be understood: a kind (for grouping), a message, maybe a suggestion."""

    def __init__(self, kind: str, message: str, *, suggestion: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.suggestion = suggestion


@dataclass(frozen=True)
class Noted:
    """A value understood with a note the clerk should see (e.g. "2019" read as 1 January 2019)."""

    value: object
    note: str


# --- text ----------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: object) -> str:
    """Text for comparing: no accents, lower case, punctuation as single spaces."""
    value = unicodedata.normalize("NFKD", str(text or ""))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return _PUNCT.sub(" ", value.lower()).replace("_", " ").strip()


def tidy(text: object) -> str:
    """Text with its whitespace collapsed (non-breaking spaces and line breaks included)."""
    return " ".join(str(text or "").split())


def closest(text: str, candidates: Iterable[str], *, cutoff: float = 0.8) -> str | None:
    """The candidate closest to ``text`` (compared folded), if it is close enough; else None."""
    folded = {fold(candidate): candidate for candidate in candidates}
    found = difflib.get_close_matches(fold(text), list(folded), n=1, cutoff=cutoff)
    return folded[found[0]] if found else None


# --- dates ---------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("januari", "jan", "january"),
                ("februari", "feb", "pebruari", "peb", "february"),
                ("maret", "mar", "march"),
                ("april", "apr"),
                ("mei", "may"),
                ("juni", "jun", "june"),
                ("juli", "jul", "july"),
                ("agustus", "agu", "agt", "agus", "ags", "aug", "august"),
                ("september", "sep", "sept"),
                ("oktober", "okt", "oct", "october"),
                ("november", "nov", "nop", "nopember"),
                ("desember", "des", "dec", "december"),
            ],
            start=1,
        )
        for name in names
    }
}
MONTH_NAMES = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
EXCEL_EPOCH = date(1899, 12, 30)
# Serials from 1 January 1930 to 31 December 2099: a plain number outside reads as nothing.
_SERIAL_MIN, _SERIAL_MAX = 10959, 73050
# Years a typed or imported date may have; inside core.dates' DATE_MIN..DATE_MAX, so an import
# never writes a date the database's range constraints refuse (refused per row instead).
_YEAR_MIN, _YEAR_MAX = 1930, 2099

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})[\s\-.]+)?([a-z]+)\.?[\s\-.,]+(\d{4})$")


def format_date(value: date) -> str:
    """A date as an Indonesian reader writes it: 27 Oktober 2024."""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


def _make_date(year_text: str, month: int, day: int, text: str) -> date:
    year = int(year_text)
    if len(year_text) <= 2:  # "27/10/24"; a four-digit "0001" is the year 1, refused below
        year += 2000 if year < 70 else 1900
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise ParseError(
            "date_invalid", _("Tahun di luar rentang yang masuk akal: %(value)s.") % {"value": text}
        )
    try:
        return date(year, month, day)
    except ValueError:
        suggestion = ""
        if month > 12 and day <= 12:  # typed month first, as in English
            try:
                suggestion = format_date(date(year, day, month))
            except ValueError:
                suggestion = ""
        raise ParseError(
            "date_invalid",
            _("Tanggal tidak ada di kalender (tulis hari/bulan/tahun): %(value)s.") % {"value": text},
            suggestion=suggestion,
        ) from None


def parse_date(text: str) -> date | Noted:
    """A calendar date from what a clerk typed (see the module); ParseError if not understood."""
    raw = tidy(text)
    value = raw.lower()
    if not value:
        raise ParseError("required", _("Tanggal kosong."))
    if match := _ISO.match(value):
        return _make_date(match[1], int(match[2]), int(match[3]), raw)
    if match := _NUMERIC.match(value):
        return _make_date(match[3], int(match[2]), int(match[1]), raw)
    if re.fullmatch(r"\d+(\.0+)?", value):
        number = int(float(value))
        if _YEAR_MIN <= number <= _YEAR_MAX:
            return Noted(
                date(number, 1, 1),
                _("Hanya tahun %(year)s: dicatat sebagai 1 Januari %(year)s.") % {"year": number},
            )
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            return EXCEL_EPOCH + timedelta(days=number)
    if match := _WORDS.match(value):
        month = MONTHS.get(match[2])
        if month is None:
            guess = closest(match[2], MONTHS, cutoff=0.75)
            suggestion = ""
            if guess:
                day_part = f"{match[1]} " if match[1] else ""
                suggestion = f"{day_part}{MONTH_NAMES[MONTHS[guess]]} {match[3]}"
            raise ParseError(
                "date_invalid",
                _("Nama bulan tidak dikenal: %(value)s.") % {"value": raw},
                suggestion=suggestion,
            )
        if match[1] is None:
            first = _make_date(match[3], month, 1, raw)
            return Noted(
                first,
                _("Hanya bulan dan tahun: dicatat sebagai %(date)s.") % {"date": format_date(first)},
            )
        return _make_date(match[3], month, int(match[1]), raw)
    raise ParseError(
        "date_invalid",
        _("Bukan tanggal (tulis misalnya 27/10/2024 atau 27 Oktober 2024): %(value)s.") % {"value": raw},
    )


def parse_date_or_datetime(value: object) -> date | Noted:
    """``parse_date`` that also takes a date or datetime cell as it is."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        # A spreadsheet's date cell too stays within the years a typed date may have (core.dates).
        if not _YEAR_MIN <= value.year <= _YEAR_MAX:
            raise ParseError(
                "date_invalid", _("Tahun di luar rentang yang masuk akal: %(value)s.") % {"value": value}
            )
        return value
    return parse_date(str(value))


# --- names ---------------------------------------------------------------------------------

# Front titles, folded (no dots), to their canonical spelling.
FRONT_TITLES: dict[str, str] = {
    "drs": "Drs.",
    "dra": "Dra.",
    "dr": "Dr.",
    "prof": "Prof.",
    "ir": "Ir.",
    "h": "H.",
    "hj": "Hj.",
    "kh": "K.H.",
    "ust": "Ust.",
    "ustadz": "Ustadz",
    "ustaz": "Ustaz",
    "ustadzah": "Ustadzah",
    "ustazah": "Ustazah",
    "hajjah": "Hajjah",
    "haji": "Haji",
    "tuan guru": "Tuan Guru",
    "pdt": "Pdt.",
    "pendeta": "Pendeta",
    "romo": "Romo",
    "bapak": "Bapak",
    "bpk": "Bpk.",
    "ibu": "Ibu",
    # Polri ranks
    "jenderal": "Jenderal",
    "irjen": "Irjen",
    "brigjen": "Brigjen",
    "kombes": "Kombes",
    "kombes pol": "Kombes Pol.",
    "akbp": "AKBP",
    "kompol": "Kompol",
    "akp": "AKP",
    "iptu": "Iptu",
    "ipda": "Ipda",
    "aiptu": "Aiptu",
    "aipda": "Aipda",
    "bripka": "Bripka",
    "brigpol": "Brigpol",
    "brigadir": "Brigadir",
    "briptu": "Briptu",
    "bripda": "Bripda",
    "bharaka": "Bharaka",
    "bharatu": "Bharatu",
    "bharada": "Bharada",
    # TNI ranks
    "mayjen": "Mayjen",
    "kolonel": "Kolonel",
    "letkol": "Letkol",
    "mayor": "Mayor",
    "kapten": "Kapten",
    "lettu": "Lettu",
    "letda": "Letda",
    "peltu": "Peltu",
    "pelda": "Pelda",
    "serma": "Serma",
    "serka": "Serka",
    "sertu": "Sertu",
    "serda": "Serda",
    "kopka": "Kopka",
    "koptu": "Koptu",
    "kopda": "Kopda",
    "praka": "Praka",
    "pratu": "Pratu",
    "prada": "Prada",
}
# A TNI rank is often followed by its corps ("Kapten Inf", "Letkol Czi", "Mayor Laut (P)").
CORPS = {
    "inf": "Inf.",
    "kav": "Kav.",
    "arm": "Arm.",
    "arh": "Arh.",
    "czi": "Czi.",
    "cpl": "Cpl.",
    "chb": "Chb.",
    "ckm": "Ckm.",
    "cku": "Cku.",
    "cpm": "Cpm.",
    "caj": "Caj.",
    "ckh": "Ckh.",
    "cba": "Cba.",
    "ctp": "Ctp.",
    "cpn": "Cpn.",
    "kes": "Kes.",
    "pas": "Pas.",
    "pom": "Pom.",
    "laut": "Laut",
    "pnb": "Pnb.",
    "tek": "Tek.",
    "adm": "Adm.",
    "pol": "Pol.",
}
_TNI_RANKS = {
    "mayjen",
    "kolonel",
    "letkol",
    "mayor",
    "kapten",
    "lettu",
    "letda",
    "peltu",
    "pelda",
    "serma",
    "serka",
    "sertu",
    "serda",
    "kopka",
    "koptu",
    "kopda",
    "praka",
    "pratu",
    "prada",
    "kombes",
    "brigjen",
    "irjen",
}
# Degrees typed without dots, and short ones the dotted pattern cannot tell from a name.
_PLAIN_DEGREES = {
    "sh",
    "se",
    "mm",
    "msi",
    "ma",
    "mh",
    "mpd",
    "spd",
    "sag",
    "sip",
    "sos",
    "ssos",
    "st",
    "skom",
    "lc",
    "phd",
    "amd",
    "mba",
    "mt",
    "mag",
    "mkes",
    "skm",
    "sked",
    "sp",
    "spdi",
    "sthi",
    "shi",
    "sik",
    "sstp",
    "mkn",
    "map",
    "msc",
    "bsc",
    "dipl",
}
# "S.Sos", "M.Si", "S.Pd.I", "A.Md.Kep", "S.Tr.IP", "Ph.D", "S.E", "M.A.P": letters with inner dots.
_DOTTED_DEGREE = re.compile(r"^(?:[A-Za-z]{1,4}\.){1,4}[A-Za-z]{0,5}\.?$")
_NAME_TOKEN_SPLIT = re.compile(r"\s+")


@dataclass(frozen=True)
class PersonName:
    """A name split as Indonesians write it: front titles, the name itself, back degrees."""

    front: str
    name: str
    back: str

    def display(self) -> str:
        """Front titles, name, then back degrees after a comma: "Drs. H. Ahmad Yani, M.Si"."""
        shown = " ".join(part for part in (self.front, self.name) if part)
        return f"{shown}, {self.back}" if self.back else shown


def _is_degree(token: str) -> bool:
    token = token.strip().strip(",")
    if not token:
        return False
    plain = fold(token).replace(" ", "")
    if plain in _PLAIN_DEGREES and (token.isupper() or "." in token or len(plain) <= 3 or plain in {"ssos"}):
        return True
    return bool(_DOTTED_DEGREE.match(token)) and "." in token.rstrip(".") and len(plain) <= 8


def _title_case(name: str) -> str:
    if name.isupper() and len(name.replace(" ", "")) > 3:
        return " ".join(
            word.capitalize() if not word.startswith("(") else word for word in name.lower().split()
        )
    return name


def split_name(text: str) -> PersonName:
    """Front titles, name and back degrees of a name as typed; ParseError if no name is left."""
    raw = tidy(text)
    if not raw:
        raise ParseError("required", _("Nama kosong."))
    # Back degrees after the first comma: "Drs. H. Ahmad, M.Si., S.H." or "Ahmad, SH, MM".
    head, _sep, tail = raw.partition(",")
    back: list[str] = []
    extra_name = ""
    if tail:
        parts = [part.strip() for part in tail.split(",") if part.strip()]
        if all(all(_is_degree(tok) for tok in part.split()) for part in parts):
            back = parts
        else:  # not degrees ("Siregar, Ahmad"): keep the comma's text in the name
            extra_name = tail.strip()
    tokens = [tok for tok in _NAME_TOKEN_SPLIT.split(head.strip()) if tok]
    front: list[str] = []
    while tokens:
        first = fold(tokens[0])
        pair = fold(" ".join(tokens[:2])) if len(tokens) > 1 else ""
        if pair in FRONT_TITLES and len(tokens) > 2:
            front.append(FRONT_TITLES[pair])
            tokens = tokens[2:]
        elif first in FRONT_TITLES and len(tokens) > 1 and (tokens[0].endswith(".") or first not in {"h"}):
            front.append(FRONT_TITLES[first])
            tokens = tokens[1:]
            if first in _TNI_RANKS and len(tokens) > 1 and fold(tokens[0]) in CORPS:
                front.append(CORPS[fold(tokens[0])])
                tokens = tokens[1:]
                if len(tokens) > 1 and re.fullmatch(r"\([A-Za-z]{1,3}\)", tokens[0]):
                    front.append(tokens[0].upper())
                    tokens = tokens[1:]
        elif first == "h" and len(tokens) > 1:  # "H Ahmad": a lone H before a name is Haji
            front.append("H.")
            tokens = tokens[1:]
        elif _is_degree(tokens[0]) and "." in tokens[0] and len(tokens) > 1:
            back.insert(0, tokens[0].rstrip("."))  # typed before the name: it belongs behind it
            tokens = tokens[1:]
        else:
            break
    # Degrees typed behind the name without a comma: "Siti Rahmawati S.Sos".
    while len(tokens) > 1 and "." in tokens[-1] and _is_degree(tokens[-1]):
        back.insert(0, tokens.pop())
    if len(tokens) == 1 and tokens[0].endswith(".") and fold(tokens[0]) in FRONT_TITLES:
        tokens = []  # "Drs." alone: a title without a name
    name = " ".join(tokens)
    if extra_name:
        name = f"{name}, {extra_name}" if name else extra_name
    if not name:
        raise ParseError("name_invalid", _("Hanya gelar, tanpa nama: %(value)s.") % {"value": raw})
    return PersonName(front=" ".join(front), name=_title_case(name), back=", ".join(back))


def _is_front_title(token: str) -> bool:
    folded = fold(token)
    if folded in FRONT_TITLES or folded in CORPS:
        return True
    parts = [fold(part) for part in token.split(".") if part.strip()]
    return bool(parts) and all(part in FRONT_TITLES for part in parts)  # "Drs.H." typed without a space


def split_titles(text: str) -> tuple[str, str]:
    """The titles a clerk typed in one "gelar" field, split: (front titles, back degrees).

    "Drs. H." stays in front; "S.Sos." and "M.Si" are degrees, which belong behind the name
    ("S.Sos. Siti" is displayed "Siti, S.Sos"); ranks and their corps stay in front.
    """
    front: list[str] = []
    back: list[str] = []
    for token in (token for token in re.split(r"[\s,]+", tidy(text)) if token):
        if not _is_front_title(token) and _is_degree(token):
            back.append(token.rstrip(".") if token.count(".") > 1 else token)
        else:
            front.append(token)
    return " ".join(front), ", ".join(back)


def person_name_display(honorific: str, name: str, degrees: str) -> str:
    """How a person's name is shown everywhere: front titles, the name, then back degrees after a
    comma ("Drs. H. Ahmad Yani, M.Si"); a degree kept among the front titles is moved behind."""
    front, misplaced = split_titles(honorific or "")
    back = ", ".join(part for part in (misplaced, tidy(degrees)) if part)
    shown = " ".join(part for part in (front, tidy(name)) if part)
    return f"{shown}, {back}" if back else shown


def name_key(text: str) -> str:
    """A person's name for matching duplicates: titles and degrees out, folded."""
    try:
        return fold(split_name(text).name)
    except ParseError:
        return fold(text)


# --- phones --------------------------------------------------------------------------------

MOBILE, LANDLINE = "mobile", "landline"
_PHONE_SEPARATORS = re.compile(r"\s*(?:/|;|,|\||\n|&|\bdan\b|\batau\b|\bor\b)\s*", re.IGNORECASE)
_PHONE_LABEL = re.compile(
    r"^(?:hp|wa|telp|tlp|tel|telepon|no|nomor|mobile|kantor|rumah|fax)\.?\s*:?\s*", re.I
)


@dataclass(frozen=True)
class Phone:
    """One Indonesian number in E.164 and whether it is a mobile (SMS/WhatsApp) or a landline."""

    e164: str
    kind: str

    @property
    def is_mobile(self) -> bool:
        return self.kind == MOBILE


def _one_phone(chunk: str) -> Phone:
    text = _PHONE_LABEL.sub("", chunk.strip())
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        raise ParseError("phone_invalid", _("Bukan nomor telepon: %(value)s.") % {"value": chunk})
    if text.startswith("+") or digits.startswith("62"):
        candidate = "+" + digits
    elif digits.startswith("8") and 9 <= len(digits) <= 13:  # a number cell lost its leading 0
        candidate = "0" + digits
    else:
        candidate = digits
    try:
        number = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException:
        raise ParseError(
            "phone_invalid", _("Nomor telepon tidak dikenali: %(value)s.") % {"value": chunk}
        ) from None
    if number.country_code != 62:
        raise ParseError(
            "phone_foreign", _("Hanya nomor Indonesia (+62) yang diterima: %(value)s.") % {"value": chunk}
        )
    if not phonenumbers.is_valid_number(number):
        raise ParseError("phone_invalid", _("Nomor telepon tidak valid: %(value)s.") % {"value": chunk})
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, kind=MOBILE if str(number.national_number).startswith("8") else LANDLINE)


def _phone_chunks(text: str) -> list[str]:
    chunks: list[str] = []
    for chunk in _PHONE_SEPARATORS.split(text):
        if not chunk.strip():
            continue
        digits = sum(ch.isdigit() for ch in chunk)
        words = chunk.split()
        # "0812xxxx 0813xxxx": two whole numbers separated by a space only.
        if digits > 14 and len(words) > 1 and all(sum(ch.isdigit() for ch in w) >= 9 for w in words):
            chunks.extend(words)
        else:
            chunks.append(chunk)
    return chunks


def parse_phones(text: str) -> list[Phone]:
    """Every number in a cell, each classified; ParseError naming the first that is not a number."""
    raw = tidy(text) if "\n" not in str(text) else str(text)
    if not raw.strip():
        raise ParseError("required", _("Nomor telepon kosong."))
    phones: list[Phone] = []
    for chunk in _phone_chunks(raw):
        phone = _one_phone(chunk)
        if phone not in phones:
            phones.append(phone)
    return phones


# --- choices by synonyms -------------------------------------------------------------------


@dataclass
class ChoiceParser:
    """One of a fixed set of codes, by code, label or any synonym (compared folded).

    An unknown value close to a known one is refused with that one as the suggestion.
    """

    choices: Mapping[str, str]  # code -> label
    synonyms: Mapping[str, str] = field(default_factory=dict)  # synonym -> code
    kind: str = "choice_unknown"
    noun: str = ""

    def __post_init__(self) -> None:
        self.index: dict[str, str] = {}
        for code, label in self.choices.items():
            self.index[fold(code)] = code
            self.index[fold(label)] = code
        for synonym, code in self.synonyms.items():
            self.index[fold(synonym)] = code

    def __call__(self, text: str) -> str:
        key = fold(text)
        if key in self.index:
            return self.index[key]
        compact = key.replace(" ", "")
        for known, code in self.index.items():
            if known.replace(" ", "") == compact:
                return code
        guess = closest(key, self.index, cutoff=0.8)
        suggestion = str(self.choices[self.index[guess]]) if guess else ""
        raise ParseError(
            self.kind,
            _("%(noun)s tidak dikenal: %(value)s.") % {"noun": self.noun or _("Nilai"), "value": tidy(text)},
            suggestion=suggestion,
        )


# --- areas ---------------------------------------------------------------------------------

_AREA_PREFIX = re.compile(
    r"^(?:(kec|kecamatan|kel|kelurahan|desa|ds|kab|kabupaten|kampung|kp)\b\.?\s*)", re.IGNORECASE
)
_CODE_DOTTED = re.compile(r"^\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?$")
_AREA_SPLIT = re.compile(r"\s*(?:/|,|;|\s-\s|\|)\s*")
KECAMATAN, DESA, KELURAHAN, KABUPATEN = "kecamatan", "desa", "kelurahan", "kabupaten"


def _tier(level: str) -> str:
    # A kelurahan sits where a desa does: "Desa"/"Kel." prefixes find either.
    return DESA if level == KELURAHAN else level


@dataclass(frozen=True)
class Area:
    """An area as the index knows it: Kemendagri code, name, level (kabupaten, kecamatan, desa, kelurahan)."""

    code: str
    name: str
    level: str
    parent_code: str = ""


def area_code_from_digits(text: str) -> str | None:
    """ "6408042001" -> "64.08.04.2001", "640804" -> "64.08.04"; None if not a code's digits."""
    digits = text.strip()
    if not digits.isdigit():
        return None
    if len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    if len(digits) == 6:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"
    if len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    return None


class AreaIndex:
    """Areas by Kemendagri code (with or without dots) or by name, as a clerk writes them.

    Names are compared folded, with "Kec.", "Kecamatan", "Desa", "Kel.", "Kelurahan" prefixes
    telling the level; ``aliases`` adds common spellings (e.g. "Kongbeng" for Kombeng). "Desa X,
    Kec. Y" or "X / Y" is the desa X inside the kecamatan Y. A bare name that is both a
    kecamatan and a desa inside it is the kecamatan. A misspelling close to a known name is
    refused with that name as the suggestion.
    """

    def __init__(self, areas: Iterable[Area], *, aliases: Mapping[str, str] | None = None):
        self.by_code: dict[str, Area] = {}
        self.by_name: dict[str, list[Area]] = {}
        for area in areas:
            self.by_code[area.code] = area
            self.by_name.setdefault(fold(area.name), []).append(area)
        for alias, code in (aliases or {}).items():
            if code in self.by_code:
                self.by_name.setdefault(fold(alias), []).append(self.by_code[code])

    def _label(self, area: Area) -> str:
        prefix = {KECAMATAN: "Kec. ", DESA: "Desa ", KELURAHAN: "Kel. ", KABUPATEN: "Kab. "}.get(
            area.level, ""
        )
        parent = self.by_code.get(area.parent_code)
        if _tier(area.level) == DESA and parent is not None:
            return f"{prefix}{area.name}, Kec. {parent.name}"
        return f"{prefix}{area.name}"

    def label(self, code: str) -> str:
        """How the preview shows an area: "Desa Swarga Bara, Kec. Sangatta Utara (64.08.04.2003)"."""
        area = self.by_code.get(code)
        return f"{self._label(area)} ({code})" if area else code

    def _level_word(self, text: str) -> tuple[str | None, str]:
        match = _AREA_PREFIX.match(text.strip())
        if not match:
            return None, text.strip()
        word = match[1].lower()
        level = KECAMATAN if word.startswith("kec") else KABUPATEN if word.startswith("kab") else DESA
        return level, text.strip()[match.end() :]

    def _candidates(self, text: str) -> tuple[str | None, list[Area]]:
        level, name = self._level_word(text)
        found = self.by_name.get(fold(name), [])
        if level:
            found = [area for area in found if _tier(area.level) == level]
        return level, found

    def _unknown(self, text: str) -> ParseError:
        level, name = self._level_word(text)
        names = [
            key
            for key, areas in self.by_name.items()
            if level is None or any(_tier(a.level) == level for a in areas)
        ]
        guess = difflib.get_close_matches(fold(name), names, n=1, cutoff=0.8)
        suggestion = ""
        if guess:
            areas = [a for a in self.by_name[guess[0]] if level is None or _tier(a.level) == level]
            suggestion = self._label(self._prefer_wider(areas)) if areas else ""
        return ParseError(
            "area_unknown",
            _("Wilayah tidak dikenal: %(value)s.") % {"value": tidy(text)},
            suggestion=suggestion,
        )

    @staticmethod
    def _prefer_wider(areas: list[Area]) -> Area:
        # A kecamatan and a desa of the same name inside it: the bare name means the kecamatan.
        order = {KABUPATEN: 0, KECAMATAN: 1, DESA: 2}
        return sorted(areas, key=lambda a: order.get(_tier(a.level), 3))[0]

    def __call__(self, text: str) -> str:
        """The Kemendagri code of the area named or coded in ``text``; ParseError if not one area."""
        raw = tidy(text)
        if not raw:
            raise ParseError("required", _("Wilayah kosong."))
        code = raw if _CODE_DOTTED.match(raw) else area_code_from_digits(raw.replace(" ", ""))
        if code is not None:
            if code in self.by_code:
                return code
            raise ParseError("area_unknown", _("Kode wilayah tidak dikenal: %(value)s.") % {"value": raw})
        parts = [part for part in _AREA_SPLIT.split(raw) if part]
        if len(parts) > 1:
            return self._combined(parts, raw)
        _level, found = self._candidates(raw)
        return self._one(found, raw)

    def _one(self, found: list[Area], raw: str) -> str:
        if not found:
            raise self._unknown(raw)
        if len(found) == 1:
            return found[0].code
        wider = self._prefer_wider(found)
        inside = [a for a in found if a is not wider and a.parent_code == wider.code]
        if len(inside) == len(found) - 1:
            return wider.code
        options = "; ".join(sorted(self._label(a) for a in found))
        raise ParseError(
            "area_ambiguous",
            _("Nama wilayah %(value)s ada di beberapa tempat: %(options)s. Tulis juga kecamatannya.")
            % {"value": raw, "options": options},
        )

    def _combined(self, parts: list[str], raw: str) -> str:
        # "Desa X, Kec. Y", "X / Y", "Kec. Y - Desa X": the narrowest area consistent with the others.
        matches = [self._candidates(part)[1] for part in parts]
        if not all(matches):
            unknown = next(part for part, found in zip(parts, matches, strict=True) if not found)
            raise self._unknown(unknown)
        chosen: list[Area] = []
        for found in matches:
            for other in matches:
                if other is found:
                    continue
                found = [
                    a
                    for a in found
                    if any(
                        a.parent_code == o.code or o.parent_code == a.code or a.code == o.code for o in other
                    )
                ]
            chosen.extend(found)
        if not chosen:
            raise ParseError(
                "area_mismatch",
                _("Desa dan kecamatan tidak cocok: %(value)s.") % {"value": raw},
            )
        narrowest = sorted(set(chosen), key=lambda a: len(a.code), reverse=True)
        deepest = [a for a in narrowest if len(a.code) == len(narrowest[0].code)]
        return self._one(deepest, raw)


# --- organisations -------------------------------------------------------------------------

_ORG_NOISE = {"kantor", "kabupaten", "kab", "kutai", "timur", "kutim", "sekretariat", "the"}
_ORG_WORDS = {
    "camat": "kecamatan",
    "kec": "kecamatan",
    "ds": "desa",
    "kel": "kelurahan",
    "pemkab": "pemerintah",
}


def org_key(text: str) -> str:
    """An organisation's name for matching: folded, "Kantor Camat" = "Kecamatan", filler words out."""
    words = [_ORG_WORDS.get(word, word) for word in fold(text).split()]
    kept = [word for word in words if word not in _ORG_NOISE]
    return " ".join(kept or words)


class OrgIndex:
    """Organisations by their name, short name or everyday name; close names only as suggestions."""

    def __init__(self, organisations: Iterable[tuple[int, str, str]]):
        self.names: dict[int, str] = {}
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        for pk, name, short_name in organisations:
            self.add(pk, name, short_name)

    def add(self, pk: int, name: str, short_name: str = "") -> None:
        self.names[pk] = name
        for text in (name, short_name):
            if text:
                self.exact.setdefault(fold(text), []).append(pk)
                self.loose.setdefault(org_key(text), []).append(pk)

    def __call__(self, text: str) -> int:
        raw = tidy(text)
        if not raw:
            raise ParseError("required", _("Organisasi kosong."))
        for table, key in ((self.exact, fold(raw)), (self.loose, org_key(raw))):
            found = sorted(set(table.get(key, [])))
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise ParseError(
                    "org_ambiguous",
                    _("Ada beberapa organisasi bernama %(value)s: %(options)s.")
                    % {"value": raw, "options": "; ".join(sorted(self.names[pk] for pk in found))},
                )
        guess = difflib.get_close_matches(org_key(raw), list(self.loose), n=1, cutoff=0.75)
        suggestion = self.names[sorted(self.loose[guess[0]])[0]] if guess else ""
        raise ParseError(
            "org_unknown", _("Organisasi tidak ditemukan: %(value)s.") % {"value": raw}, suggestion=suggestion
        )
