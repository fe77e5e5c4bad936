from django.db import migrations

# The multiple unused annual leave is paid at lives once, in payroll's rule
# leave.unused_annual_pay_multiple; the leave rule keeps only what is its own.
MOVED_KEY = "pay_rate"
AVERAGE_MONTHS = 12  # LCL art. 47 para. 3; 实施办法 art. 11: the 12 months before


def forwards(apps, schema_editor):
    from employees.legal_data import install_legal_rules
    from employees.offboarding_data import install_offboarding_defaults

    rule = apps.get_model("employees", "LegalRule")
    for row in rule.objects.filter(code="leave.annual.unused"):
        if isinstance(row.value, dict) and MOVED_KEY in row.value:
            row.value = {key: value for key, value in row.value.items() if key != MOVED_KEY}
            row.save(update_fields=["value"])
    for code in ("severance.rules", "leave.unused_annual_pay_multiple"):
        for row in rule.objects.filter(code=code):
            if isinstance(row.value, dict) and "average_wage_months" not in row.value:
                row.value = {**row.value, "average_wage_months": AVERAGE_MONTHS}
                row.save(update_fields=["value"])
    # tax.severance_exempt joins the shipped rules.
    install_legal_rules(apps)
    install_offboarding_defaults(apps)


def backwards(apps, schema_editor):
    rule = apps.get_model("employees", "LegalRule")
    for row in rule.objects.filter(code="leave.annual.unused"):
        if isinstance(row.value, dict) and MOVED_KEY not in row.value:
            row.value = {**row.value, MOVED_KEY: 3.0}
            row.save(update_fields=["value"])


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0018_leaving"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
