"""Individual income tax on wages (china-rules.md section 1).

Legal rule rows in employees/legal_data.py's shape, installed with the rest.
"""

from datetime import date
from typing import Any

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = ()
