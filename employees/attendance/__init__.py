"""Attendance (docs/TIME.md): punches from time clocks, phones and the attendance exports
of WeCom, DingTalk and Feishu; corrections; the daily result of each employee and day;
overtime with its caps and rates; the monthly confirmation that locks a month."""
