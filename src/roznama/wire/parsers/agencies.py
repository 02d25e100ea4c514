"""Agency names: every way a payload names an agency, mapped to one short name.

Payloads name their agency as a provider qcode ("nprov:REUTERS"), a literal ("reuters.com"),
a URI ("http://tt.se/copyright"), a guid ("tag:reuters.com,0000:newsml_..."), or in words
("The Associated Press"). Stories are stored per (agency, item id), so one agency must always
come out under one name.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# short name -> names, codes and domains it goes by (lower case)
KNOWN_AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters", "thomson reuters", "rtrs", "reuters.com", "thomsonreuters.com"),
    "AP": ("ap", "associated press", "the associated press", "ap.org", "apnews.com", "associatedpress.com"),
    "AFP": ("afp", "agence france-presse", "agence france presse", "afp.com"),
    "APP": ("app", "associated press of pakistan", "app.com.pk"),
    "dpa": ("dpa", "deutsche presse-agentur", "dpa.com", "dpa.de"),
    "NTB": ("ntb", "norsk telegrambyrå", "ntb.no"),
    "TT": ("tt", "tidningarnas telegrambyrå", "tt.se"),
    "PPI": ("ppi", "pakistan press international", "ppi.com.pk"),
    "INP": ("inp", "independent news pakistan"),
    "NNI": ("nni", "news network international"),
    "PTI": ("pti", "press trust of india", "ptinews.com"),
    "ANI": ("ani", "asian news international", "aninews.in"),
    "IANS": ("ians", "indo-asian news service", "ians.in"),
    "Anadolu": ("anadolu", "anadolu agency", "aa", "aa.com.tr"),
    "Xinhua": ("xinhua", "xinhua news agency", "xinhuanet.com", "news.cn"),
    "Kyodo": ("kyodo", "kyodo news", "kyodonews.net"),
    "EFE": ("efe", "agencia efe", "efe.com"),
    "ANSA": ("ansa", "ansa.it"),
    "Bernama": ("bernama", "bernama.com"),
    "IRNA": ("irna", "irna.ir"),
    "WAM": ("wam", "emirates news agency", "wam.ae"),
    "SPA": ("spa", "saudi press agency", "spa.gov.sa"),
    "KUNA": ("kuna", "kuwait news agency", "kuna.net.kw"),
    "QNA": ("qna", "qatar news agency", "qna.org.qa"),
    "Getty Images": ("getty images", "getty images inc.", "gyi", "gettyimages.com"),
}

_BY_NAME = {alias: short for short, aliases in KNOWN_AGENCIES.items() for alias in aliases if "." not in alias}
_BY_DOMAIN = {alias: short for short, aliases in KNOWN_AGENCIES.items() for alias in aliases if "." in alias}
_TAG_URI = re.compile(r"^tag:([^,:/]+)", re.IGNORECASE)
_NEWSML_URN = re.compile(r"^urn:newsml:([^:]+):", re.IGNORECASE)


def host_of(identifier: str) -> str:
    """The domain an identifier belongs to: URLs, ``tag:`` URIs and ``urn:newsml:`` URNs."""
    identifier = identifier.strip()
    for pattern in (_TAG_URI, _NEWSML_URN):
        match = pattern.match(identifier)
        if match:
            return match.group(1).lower()
    if "://" in identifier:
        try:
            host = urlsplit(identifier).hostname or ""
        except ValueError:
            return ""
        return host.lower()
    return ""


def _by_domain(host: str) -> str | None:
    while host:
        if host in _BY_DOMAIN:
            return _BY_DOMAIN[host]
        if "." not in host:
            return None
        host = host.split(".", 1)[1]  # api.ap.org -> ap.org
    return None


def normalise_agency(name: str | None) -> str | None:
    """The short name ("Reuters", "AP", "dpa"...) of a known agency, or None."""
    if not name:
        return None
    text = name.strip()
    host = host_of(text)
    if host:
        return _by_domain(host)
    lowered = re.sub(r"\s+", " ", text.lower())
    if ":" in lowered and " " not in lowered:  # a qcode: "nprov:REUTERS", "dnlprov:dpa"
        lowered = lowered.split(":", 1)[1]
    if lowered in _BY_NAME:
        return _BY_NAME[lowered]
    if "." in lowered and " " not in lowered:
        return _by_domain(lowered)
    return None


def readable_agency(name: str | None) -> str:
    """An unknown agency's own name, tidied for display ("nprov:AcmeNews" -> "AcmeNews")."""
    text = re.sub(r"\s+", " ", (name or "")).strip()
    host = host_of(text)
    if host:
        return host.removeprefix("www.")
    if "://" in text or text.lower().startswith(("urn:", "tag:")):
        return ""  # an identifier without a domain names no agency
    if ":" in text and " " not in text:
        text = text.split(":", 1)[1]
    return text[:40]
