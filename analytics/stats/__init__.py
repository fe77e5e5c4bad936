"""The statistics behind the validity and fairness reports, as pure functions.

Standard library only (math, statistics, fractions), no Django and no database,
so each formula can be checked against SciPy on the same numbers and the
package imports without Django being set up. Each module names its sources.
"""
