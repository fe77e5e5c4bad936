"""The text a reader sees on a rendered page, for tests that judge wording."""

from html.parser import HTMLParser

HIDDEN = {"script", "style", "code", "template", "noscript"}


class VisibleText(HTMLParser):
    """The text nodes a reader sees: no tags, no attributes, nothing in HIDDEN."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
