"""Every challenge category has a pictogram of its own, for readers who read little."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from supporters.categories import Category


def pictogram(category: str, label: str = "") -> str:
    return render_to_string("_pictogram.html", {"name": category, "label": label})


def test_each_category_draws_its_own_pictogram():
    drawings = {category: re.findall(r"<path[^>]*>", pictogram(category)) for category in Category.values}
    assert all(drawings.values())
    assert len({tuple(paths) for paths in drawings.values()}) == len(Category.values)


def test_a_pictogram_is_named_in_the_reader_s_language_or_hidden_beside_its_name():
    with translation.override("tr"):
        label = str(Category.HOMEWORK.label)
    assert label != "homework help"  # the Turkish catalogue names the category
    named = pictogram("homework", label)
    assert f'role="img" aria-label="{label}"' in named and f"<title>{label}</title>" in named
    beside = pictogram("homework")
    assert 'aria-hidden="true"' in beside and "role=" not in beside and "<title>" not in beside
