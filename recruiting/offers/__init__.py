"""Offers: the letter, sending and withdrawing, the candidate's answer."""
