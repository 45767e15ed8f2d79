"""Seed the holiday table from chinesecalendar (ARCHITECTURE §4). Administrators edit it afterwards."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    import chinese_calendar

    Holiday = apps.get_model("core", "Holiday")
    CalendarYear = apps.get_model("core", "CalendarYear")
    rows = [Holiday(date=d, kind="holiday", name=NAMES.get(n, n or "")) for d, n in chinese_calendar.holidays.items()]
    rows += [Holiday(date=d, kind="workday", name=NAMES.get(n, n or "")) for d, n in chinese_calendar.workdays.items()]
    Holiday.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    years = sorted({d.year for d in chinese_calendar.holidays})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=f"chinesecalendar {chinese_calendar.__version__}") for y in years],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
