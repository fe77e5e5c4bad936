"""Screening: the rules, their decisions, the review queue, what-if and fairness."""
