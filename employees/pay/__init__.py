"""Payroll for China: salaries, monthly runs, income tax, social insurance, final pay."""
