"""The pay pages: payroll settings (pay groups, components) and employees' salaries."""
