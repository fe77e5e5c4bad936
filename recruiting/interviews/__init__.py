"""Interviews people give: scheduling, links, calendar files, notices and scorecards."""
