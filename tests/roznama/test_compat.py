"""The private names of Wagtail, treebeard and Django that Roznama leans on (all in
``roznama.compat``) still do what the project needs; and no other module uses a private name
of a library.  After an upgrade, a failure here names the one function to look at."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.test import RequestFactory
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from roznama import compat

SRC = Path(__file__).resolve().parents[2] / "src" / "roznama"


def changed(what: str) -> str:
    return f"{what} changed in this Wagtail/Django: see roznama/compat.py, which uses it"


def test_tree_paths_are_treebeards_arithmetic():
    assert list(inspect.signature(Page._get_path).parameters) == ["path", "depth", "newstep"], changed("Page._get_path")
    # treebeard's materialised path: four base-36 digits a step.
    assert compat.first_child_path("0001", 2) == "00010001", changed("Page._get_path")
    assert compat.next_sibling_path("00010009") == "0001000A", changed("Page._inc_path")
    assert compat.next_sibling_path("0001000Z") == "00010010", changed("Page._inc_path")


@pytest.mark.django_db
def test_a_remembered_parent_is_what_get_parent_answers_without_a_query(newsroom, django_assert_num_queries):
    page = Page.objects.get(pk=newsroom.world.pk)
    parent = Page.objects.get(pk=newsroom.world.get_parent().pk)
    compat.remember_parent(page, parent)
    with django_assert_num_queries(0):
        assert page.get_parent() is parent, changed("Page._cached_parent_obj")


def test_update_aliases_still_takes_the_revisions_content():
    assert "_content" in inspect.signature(Page.update_aliases).parameters, changed("Page.update_aliases(_content=)")


@pytest.mark.django_db
def test_reference_index_helpers_find_an_articles_picture(newsroom, image_factory):
    from roznama.news.models import ArticlePage

    image = image_factory()
    article = ArticlePage(title="Pictured", slug="pictured", lead_image=image)
    newsroom.world.add_child(instance=article)
    # (the referenced model's content type, its id, the model path, the content path)
    references = compat.references_of(article)
    image_type = ContentType.objects.get_for_model(get_image_model())
    assert (image_type.pk, str(image.pk), "lead_image", "lead_image") in references, changed(
        "ReferenceIndex._extract_references_from_object"
    )
    digest = compat.content_path_hash("lead_image")
    assert digest == compat.content_path_hash("lead_image") != compat.content_path_hash("body"), changed(
        "ReferenceIndex._get_content_path_hash"
    )


@pytest.mark.django_db
def test_image_file_metadata_is_the_files_size_and_hash(image_factory):
    image = image_factory()
    image.file_size, image.file_hash = None, ""
    compat.set_image_file_metadata(image)
    image.file.open("rb")
    data = image.file.read()
    import hashlib

    assert image.file_size == len(data), changed("AbstractImage._set_image_file_metadata")
    assert image.file_hash == hashlib.sha1(data).hexdigest(), changed("AbstractImage._set_image_file_metadata")


@pytest.mark.django_db
def test_the_site_of_a_request_and_its_memory_on_the_request(newsroom):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    site = compat.site_for_request(request)
    assert site is not None and site.is_default_site, changed("Site._find_for_request")
    assert not compat.has_remembered_site(request)
    compat.remember_site(request, site)
    # Wagtail's own lookup answers from the request now, without reading the database.
    assert Site.find_for_request(request) is site, changed("request._wagtail_site")
    assert compat.raw_host(RequestFactory().get("/", HTTP_HOST="News.Example:8000")) == "News.Example:8000", changed(
        "HttpRequest._get_raw_host"
    )
    assert "_get_raw_host" in vars(HttpRequest), changed("HttpRequest._get_raw_host")


def test_cloudfront_invalidation_takes_a_distribution_and_paths():
    params = list(inspect.signature(CloudfrontBackend._create_invalidation).parameters)
    assert params[1:] == ["distribution_id", "paths"], changed("CloudfrontBackend._create_invalidation")


# --- nowhere else ----------------------------------------------------------------------------

# Names with an underscore that Django documents as public API.
DOCUMENTED = {"_meta", "_state", "_default_manager", "_base_manager"}
# lxml's element class is documented under this name.
DOCUMENTED |= {"_Element"}


def _modules():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_but_compat_uses_a_private_name_of_a_library():
    """An attribute ``x._name`` that the project itself does not define belongs to a library."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _modules()}
    ours = set()
    for path, tree in trees.items():
        if path.name == "compat.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                ours.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                ours.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                ours.add(node.id)
            elif isinstance(node, ast.arg):
                ours.add(node.arg)
            elif isinstance(node, ast.alias):
                ours.add(node.asname or node.name.split(".")[-1])
    found = []
    for path, tree in trees.items():
        if path.name == "compat.py":
            continue
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.keyword) and node.arg:
                name = node.arg
            if name and name.startswith("_") and not name.startswith("__") and name not in ours | DOCUMENTED:
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno} {name}")
    assert not found, "private names of libraries outside roznama/compat.py:\n" + "\n".join(found)
