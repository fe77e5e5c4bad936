"""A candidate's data: the export (access and portability) and erasure."""
