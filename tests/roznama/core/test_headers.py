"""The site's security headers as a browser receives them, and Django's deployment check with
the production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from roznama.cache.middleware import make_entry


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [p.strip() for p in header.split(";") if p.strip()]
    return {p.split()[0]: " ".join(p.split()[1:]) for p in parts}


def production(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="roznama.settings.production",
        ROZNAMA_VAR_DIR=str(tmp_path),
        ROZNAMA_SECRET_KEY=secrets.token_urlsafe(50),
        ROZNAMA_ALLOWED_HOSTS="news.example.pk",
        **env,
    )
    # A database and a cache of its own: a shared Redis page cache would answer one run with
    # the page (and headers) the other run stored.
    for shared in ("DATABASE_URL", "ROZNAMA_REDIS_URL"):
        environment.pop(shared, None)
    return subprocess.run(
        [sys.executable, "-m", "roznama.cli", *args], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("preload", ["", "1"])
def test_the_deployment_check_is_clean_with_the_production_settings(tmp_path, preload):
    checked = production(tmp_path, "check", "--deploy", "--fail-level", "WARNING", ROZNAMA_HSTS_PRELOAD=preload)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


PROBE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
client = Client(HTTP_HOST="news.example.pk")
plain = client.get("/ramadan/api/v1/openapi.json")
secure = client.get("/ramadan/api/v1/openapi.json", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "hsts": secure.get("Strict-Transport-Security", ""), "status": secure.status_code}))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "preload,expected",
    [
        ("", "max-age=31536000; includeSubDomains"),
        ("1", "max-age=31536000; includeSubDomains; preload"),
    ],
)
def test_production_redirects_to_https_and_sends_hsts(tmp_path, preload, expected):
    import json

    probe = production(tmp_path, "shell", "-c", PROBE, ROZNAMA_HSTS_PRELOAD=preload)
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://news.example.pk/ramadan/api/v1/openapi.json"]
    assert seen["status"] == 200 and seen["hsts"] == expected


@pytest.mark.django_db
def test_a_readers_page_has_the_strict_policy_and_may_not_be_framed(client, newsroom):
    article = newsroom.article("Budget passed")
    response = client.get(article.url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"  # no inline script, no nonce, no unsafe-inline
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_the_ramadan_widget_may_be_framed_by_any_site(client):
    response = client.get("/ramadan/embed/?city=Karachi&lang=en")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in response
    assert directives(response)["script-src"] == "'self'"  # still no inline script
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_framed_only_by_itself(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == "'self'"  # the editor's live preview frames the admin
    assert policy["script-src"] == "'self' 'unsafe-inline'"  # Wagtail's own inline scripts
    assert policy["object-src"] == "'none'" and policy["connect-src"] == "'self'"


def test_a_nonce_is_never_served_again_from_the_page_cache():
    request = RequestFactory().get("/")
    response = HttpResponse("<p>page</p>")
    response["Cache-Control"] = "public, s-maxage=60"
    assert make_entry(response, request.META, ()) is not None
    response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
    assert make_entry(response, request.META, ()) is None
