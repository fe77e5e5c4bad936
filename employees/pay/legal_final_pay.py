"""Final pay: severance and the city average wages its cap uses (china-rules.md section 5).

Legal rule rows in employees/legal_data.py's shape, installed with the rest.
"""

from datetime import date
from typing import Any

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = ()
