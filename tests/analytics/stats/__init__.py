"""Tests of analytics.stats, the pure statistics: each checked against SciPy where SciPy has it."""
