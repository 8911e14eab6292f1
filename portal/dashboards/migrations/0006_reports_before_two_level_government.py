"""Reports made for a period that ended before 1 July 2025 (a day such as
1900-01-01 was once accepted) cover no unit that existed: they are removed,
with their files, so leaders no longer find them listed."""

import datetime

from django.db import migrations

REPORTS_BEGIN = datetime.date(2025, 7, 1)  # as portal.dashboards.reports, frozen here


def remove_reports_before_two_level_government(apps, schema_editor):
    Report = apps.get_model("dashboards", "Report")
    for report in Report.objects.filter(period_end__lt=REPORTS_BEGIN):
        for file in (report.pdf_file, report.xlsx_file, report.csv_file):
            if file:
                file.storage.delete(file.name)
        report.delete()


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0005_report_emails")]

    operations = [
        migrations.RunPython(remove_reports_before_two_level_government, migrations.RunPython.noop)
    ]
