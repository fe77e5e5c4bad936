"""Files of the analytics reports: CSV and XLSX of every report (tabular), and a PDF
for management (pdf). Each takes an analytics.reports.shapes.Report and returns bytes."""
