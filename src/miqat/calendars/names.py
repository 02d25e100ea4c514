"""Month names and digits as each locale writes them.

Locales: ``"en"`` (Ramadan), ``"en-PK"`` (Pakistani English: Ramazan) and ``"ur"``
(Urdu names, Urdu's Extended Arabic-Indic digits).
"""

from __future__ import annotations

LOCALES = ("en", "en-PK", "ur")

HIJRI_MONTHS_EN = (
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Awwal",
    "Jumada al-Thani",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhul Qadah",
    "Dhul Hijjah",
)

# Pakistani English transliterates from Urdu, where the ض of رمضان is said as a z.
HIJRI_MONTHS_EN_PK = HIJRI_MONTHS_EN[:8] + ("Ramazan",) + HIJRI_MONTHS_EN[9:]

HIJRI_MONTHS_UR = (
    "محرم",
    "صفر",
    "ربیع الاول",
    "ربیع الثانی",
    "جمادی الاول",
    "جمادی الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذوالقعدہ",
    "ذوالحجہ",
)

GREGORIAN_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

GREGORIAN_MONTHS_UR = (
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
)

# Urdu writes the Extended Arabic-Indic digits (U+06F0-U+06F9), not the Arabic ones.
URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; use one of {', '.join(LOCALES)}")
    return locale


def hijri_month_name(month: int, locale: str = "en") -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be 1-12, got {month}")
    names = {"en": HIJRI_MONTHS_EN, "en-PK": HIJRI_MONTHS_EN_PK, "ur": HIJRI_MONTHS_UR}[check_locale(locale)]
    return names[month - 1]


def gregorian_month_name(month: int, locale: str = "en") -> str:
    names = GREGORIAN_MONTHS_UR if check_locale(locale) == "ur" else GREGORIAN_MONTHS_EN
    return names[month - 1]


def digits(number: int, locale: str = "en") -> str:
    text = str(number)
    return text.translate(URDU_DIGITS) if check_locale(locale) == "ur" else text
