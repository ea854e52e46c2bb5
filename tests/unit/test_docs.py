"""The documentation says what the code does: the indicators page lists every layer (this check
lived on the README's Layers section before the site), the tables written at build time cover every
layer and source, and the README's links into the site lead somewhere."""

from __future__ import annotations

import importlib.util
import re

import pytest

from geodata.config import REPO_ROOT
from geodata.sources import SOURCES
from layers import LAYERS

DOCS = REPO_ROOT / "docs"


@pytest.fixture(scope="module")
def generated():
    path = DOCS / "_hooks" / "generated.py"
    spec = importlib.util.spec_from_file_location("docs_generated", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_indicators_page_lists_every_layer():
    page = (DOCS / "data" / "indicators.md").read_text()
    at_a_glance = page.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    for layer_id in LAYERS:
        assert f"`{layer_id}`" in at_a_glance, layer_id


def test_the_generated_tables_cover_every_layer_and_source(generated):
    summary = generated.indicator_summary()
    details = generated.indicator_details()
    for layer in LAYERS.values():
        assert f"| `{layer.id}` |" in summary, layer.id
        section = details.split(f"{{#{layer.id}}}", 1)[1].split("\n### ", 1)[0]
        for part in ("**Source**", "**Date**", "**Unit**", "**How it aggregates**",
                     "**Missing and suppressed**"):  # fmt: skip
            assert part in section, (layer.id, part)
        assert layer.date in section
    assert "None" not in summary and "None" not in details
    sources = generated.source_table()
    for source in SOURCES:
        assert source.path.replace("{prefix}", "lcr") in sources, source.id


def test_every_layer_a_caseload_becomes_is_documented_and_its_count_not_ranked(generated):
    table = generated.caseload_layers_table()
    for suffix in ("", "_n", "_wa", "_gap", "_p", "_o1"):
        assert f"| `<caseload>{suffix}` |" in table, suffix
    count_row = next(line for line in table.splitlines() if line.startswith("| `<caseload>_n`"))
    assert "no: a count" in count_row
    assert "1 to 4" in table and "None" not in table


def test_proxies_and_suppression_are_said_per_layer(generated):
    details = generated.indicator_details()
    out_of_work = details.split("{#out_of_work}", 1)[1].split("\n### ", 1)[0]
    assert "Proxy" in out_of_work
    assert "partial figure describes the LSOAs that published" in out_of_work
    uc = details.split("{#uc_households}", 1)[1].split("\n### ", 1)[0]
    assert "undercount" in uc  # a count from fewer areas is less, not a different rate


def test_a_page_asking_for_an_unknown_table_fails_the_build(generated):
    page = "# Page\n\n<!-- generated: indicator-summary -->\n"
    assert "| `out_of_work` |" in generated.expand(page)
    with pytest.raises(ValueError, match="unknown generated table 'nothing'"):
        generated.expand("<!-- generated: nothing -->\n")


def test_every_page_of_the_site_is_in_the_nav():
    config = (REPO_ROOT / "mkdocs.yml").read_text()
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    for page in pages:
        assert page in config, f"docs/{page} is not in mkdocs.yml's nav"


def test_readme_is_a_front_door_whose_links_lead_somewhere():
    readme = (REPO_ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    assert "make run" in readme and "make test" in readme
    links = re.findall(r"\]\(((?!https?:)[^)#\s]+)(?:#[^)]*)?\)", readme)
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        assert (REPO_ROOT / link).exists(), link
