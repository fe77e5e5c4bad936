"""Social insurance and housing fund per city (china-rules.md section 2).

Legal rule rows in employees/legal_data.py's shape, installed with the rest.
"""

from datetime import date
from typing import Any

RULES: tuple[tuple[str, str, date, Any, str, str, str], ...] = ()
