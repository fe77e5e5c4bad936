"""Django admin for recruiting: every row read-only, and only the rows the viewer may see.

HR works in the HR pages, whose services keep the rules, the audit trail and
the notifications; admin is where an administrator looks a row up. Importing
the modules registers their admins.
"""

from recruiting.admin import applications, assessments, candidates, jobs, screening

__all__ = ["applications", "assessments", "candidates", "jobs", "screening"]
