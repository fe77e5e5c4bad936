"""The links in an assessment's `media` that people are shown, and the rule they meet.

The profile turns these into links HR clicks. The vendor paths keep only https
links on the vendor's host (integrations.parsing.allowed_url); every result,
whichever path it takes, is held to the host-free part of that rule
(`https_link`) before it is stored, so a result entered through the API
cannot carry a javascript: or data: link.
"""

from collections.abc import Iterator
from typing import Any

from integrations.parsing import https_link

# media keys holding one link, as the profile shows them
LINK_KEYS = ("report_url", "video_url", "transcript_url")


def media_links(media: Any) -> Iterator[tuple[str, Any]]:
    """Each (dotted path inside media, value) a page would link to; empty values skipped."""
    if not isinstance(media, dict):
        return
    for key in LINK_KEYS:
        if media.get(key) not in (None, ""):
            yield key, media[key]
    videos = media.get("videos")
    if isinstance(videos, list):
        for index, video in enumerate(videos):
            if isinstance(video, dict) and video.get("url") not in (None, ""):
                yield f"videos.{index}.url", video["url"]


def refused_media_link(media: Any) -> str | None:
    """The dotted path of the first link that is not an https web address, if any."""
    for path, value in media_links(media):
        if https_link(value) is None:
            return path
    return None
