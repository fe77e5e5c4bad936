"""The competency catalogue: the traits an AI interview scores, and later a review rates,
a skill records and a course teaches."""
