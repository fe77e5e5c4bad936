"""Each menu entry names its own icon, drawn from the Lucide sprite we serve (issue 14, point 9)."""

import re
from pathlib import Path

from django.conf import settings

from hrflow.web.navigation import _nav_items

SPRITE = Path(settings.BASE_DIR) / "static" / "vendor" / "lucide" / "icons.svg"


def test_every_menu_entry_names_a_symbol_of_the_served_sprite():
    symbols = set(re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text()))

    assert _nav_items  # the apps registered their entries
    assert {item.url_name: item.icon for item in _nav_items if item.icon not in symbols} == {}


def test_no_two_menu_entries_share_an_icon():
    icons = [item.icon for item in _nav_items]

    assert len(set(icons)) == len(icons)


def test_the_sprite_ships_with_its_licence():
    licence = (SPRITE.parent / "LICENSE").read_text()

    assert "ISC License" in licence
    assert "Lucide" in licence
