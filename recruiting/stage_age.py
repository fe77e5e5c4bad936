"""How long a card has been in its stage, in words: on the board, and in the board's
answer to a move (so a dragged card reads "just now" without a reload)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.core.durations import duration_words

# Below this, "0 minutes" would be the honest length: say "just now" instead.
JUST_NOW_SECONDS = 60


def stage_age_label(entered_at: datetime | None, *, now: datetime | None = None) -> str:
    if entered_at is None:
        return ""
    now = now or timezone.now()
    if (now - entered_at).total_seconds() < JUST_NOW_SECONDS:
        return _("Entered this stage just now")
    # The same words as every other length on the site (hrflow.core.durations).
    return _("%(days)s in stage") % {"days": duration_words(now - entered_at)}
