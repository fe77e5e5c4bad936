"""Build static/vendor/lucide/icons.svg, the staff shell's icons, from Lucide's SVG files.

Lucide (ISC licence, https://lucide.dev) ships one SVG per icon in the npm package
`lucide-static`. The shell needs a dozen, so they are kept here as one small sprite
served by our own static files (no CDN, no icon font). To add one:

    cd /tmp && npm pack lucide-static && tar xzf lucide-static-*.tgz
    .venv/bin/python scripts/icon_sprite.py /tmp/package NAME...

with every name already in the sprite plus the new one, then name it in a NavItem.
"""

import json
import re
import sys
from pathlib import Path

SPRITE = Path(__file__).resolve().parents[1] / "static" / "vendor" / "lucide" / "icons.svg"
# Lucide draws with strokes; the <g> carries what its <svg> element would.
STROKE = (
    'fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"'
)


def symbol(package: Path, name: str) -> str:
    source = (package / "icons" / f"{name}.svg").read_text()
    inner = source[source.index(">", source.index("<svg")) + 1 : source.rindex("</svg>")]
    shapes = " ".join(line.strip() for line in inner.splitlines() if line.strip())
    return f'<symbol id="{name}" viewBox="0 0 24 24"><g {STROKE}>{shapes}</g></symbol>'


def main(package: Path, names: list[str]) -> None:
    version = json.loads((package / "package.json").read_text())["version"]
    body = "\n".join(symbol(package, name) for name in sorted(set(names)))
    SPRITE.write_text(
        f"<!-- Lucide {version} (ISC licence, see LICENSE beside this file); "
        f"built by scripts/icon_sprite.py -->\n"
        f'<svg xmlns="http://www.w3.org/2000/svg">\n{body}\n</svg>\n'
    )
    (SPRITE.parent / "LICENSE").write_text((package / "LICENSE").read_text())
    assert re.search(r"<symbol", SPRITE.read_text())


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
