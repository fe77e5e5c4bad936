"""The organisation: the company's own settings, departments (a tree) and locations."""
