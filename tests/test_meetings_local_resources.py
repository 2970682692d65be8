"""The local resource directory: validated like the knowledge files, nearest first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge_base import KNOWLEDGE_DIR, KnowledgeError
from bot.local_resources import load_local_directory, local_resources_near
from bot.meetings.places import place_finder

PATH = KNOWLEDGE_DIR / "local_resources.yml"


def test_the_sample_directory_is_marked_and_uses_known_categories(knowledge):
    directory = load_local_directory()
    categories = {item.key for item in knowledge.section("resources").items}
    assert directory.sample and len(directory.resources) >= 10
    assert {r.category for r in directory.resources} <= categories
    for resource in directory.resources:
        assert "SAMPLE" in resource.name and "555" in resource.phone and resource.url.startswith("https://example.org/")


def test_nearest_first_within_the_radius():
    place = place_finder().zip_code("10002")
    found = local_resources_near("treatment_centers", place)
    assert [r.name for r, _ in found] == [
        "Brooklyn Bridge Recovery Clinic (SAMPLE)",
        "Harbor Light Outpatient Program (SAMPLE)",
    ]
    assert found[0][1] < found[1][1] < 15


def broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    edit(data["resources"][0])
    path = tmp_path / "local_resources.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda r: r.update(category="pizza"), "resources[0].category"),
        (lambda r: r.pop("phone"), "resources[0].phone"),
        (lambda r: r.update(url="http://example.org"), "resources[0].url"),
        (lambda r: r.update(zip="00000"), "resources[0].zip"),
        (lambda r: r.update(languages=[]), "resources[0].languages"),
    ],
)
def test_a_broken_entry_names_the_file_and_field(tmp_path, edit, field):
    with pytest.raises(KnowledgeError, match=re.escape(f"local_resources.yml: field '{field}'")):
        load_local_directory(broken(tmp_path, edit))
