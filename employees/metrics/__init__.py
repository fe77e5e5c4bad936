"""KPI metric data: the catalogue of metrics and their values per employee and day,
arriving by file import, the API or by hand (issue 16, point 2)."""
