"""The loader: the real files load and match the source document; broken
files fail with the file and the field named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge_base import KNOWLEDGE_DIR, KnowledgeError, load_knowledge

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "addiction-self-help-groups.txt"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_section_has_the_documents_item_count(knowledge):
    counts = {name: len(section.items) for name, section in knowledge.sections.items()}
    assert counts == {
        "advantages_brief": 4,
        "advantages": 11,
        "disadvantages_brief": 3,
        "disadvantages": 10,
        "ethics": 10,
        "strategies": 13,
        "family": 6,
        "resources": 14,
    }
    assert list(knowledge.groups) == ["aa", "na", "smart", "ca", "alanon", "naranon"]


def test_document_text_is_quoted_faithfully(knowledge):
    document = squash(SEED.read_text(encoding="utf-8"))
    texts = [
        knowledge.overview.summary,
        knowledge.overview.groups_role,
        knowledge.overview.conclusion,
        knowledge.groups_intro,
    ]
    for group in knowledge.groups.values():
        texts += [group.purpose, group.format]
    for section in knowledge.sections.values():
        texts += [section.intro, section.closing] + [item.title for item in section.items]
        texts += [point.text for item in section.items for point in item.points]
    missing = [t for t in texts if t and squash(t) not in document]
    assert not missing


def test_aliases_resolve_to_groups(knowledge):
    assert knowledge.group_matcher.value_of("Alcoholics Anon") == "aa"
    assert knowledge.group_matcher.value_of("al anon") == "alanon"
    assert knowledge.group_matcher.values_in("is smart like NA?") == ["smart", "na"]
    assert knowledge.vocabulary["substance"].value_of("meth") == "drugs"


def test_resources_cite_their_links(knowledge):
    raw = yaml.safe_load((KNOWLEDGE_DIR / "resources.yml").read_text(encoding="utf-8"))
    for item in raw["items"]:
        for link in item.get("links") or []:
            # A crisis line is cited in crisis_lines.yml.
            source = (
                link["source"] if "crisis_line" not in link else knowledge.crisis.by_role(link["crisis_line"]).source
            )
            assert source.startswith("https://"), (item["key"], link)
    assert all(line.source.startswith("https://") for line in knowledge.crisis.lines)


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_copied_files_load(tmp_path):
    assert len(load_knowledge(copy_knowledge(tmp_path)).groups) == 6


@pytest.mark.parametrize(
    "file, change, named",
    [
        ("strategies.yml", lambda d: d["items"][2].pop("title"), "items[2].title"),
        ("groups.yml", lambda d: d["groups"][0].update(approach_type="twelve-steps"), "groups[0].approach_type"),
        ("resources.yml", lambda d: d["items"][0]["links"][0].update(url="", phone=""), "items[0].links[0]"),
        ("ethics.yml", lambda d: d["items"][1].update(number="two"), "items[1].number"),
        ("family.yml", lambda d: d["items"].append(dict(d["items"][0])), "items[6].key"),
        ("vocabulary.yml", lambda d: d["strategy_topic"].pop("boredom"), "items.situations"),
    ],
)
def test_a_broken_file_names_file_and_field(tmp_path, file, change, named):
    folder = copy_knowledge(tmp_path)
    edit_yaml(folder / file, change)
    with pytest.raises(KnowledgeError) as failure:
        load_knowledge(folder)
    message = str(failure.value)
    assert named in message
    assert file in message or "strategies.yml" in message


def test_invalid_yaml_names_the_file(tmp_path):
    folder = copy_knowledge(tmp_path)
    (folder / "overview.yml").write_text("summary: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="overview.yml"):
        load_knowledge(folder)


def test_a_missing_file_is_named(tmp_path):
    folder = copy_knowledge(tmp_path)
    (folder / "family.yml").unlink()
    with pytest.raises(KnowledgeError, match="family.yml"):
        load_knowledge(folder)
