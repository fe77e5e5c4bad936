"""HR's page for importing an attendance export (WeCom, DingTalk, Feishu) and reading
its validation report; the work is `employees.attendance.imports.attendance_import`."""
