"""Read-only reports over the other apps: funnel, timing, validity, fairness, experience."""
