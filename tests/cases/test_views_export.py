"""The inbox's Excel download writes names as text: a court named like a formula (stored before names
were checked on the way in) comes back as text, not as a live formula (issue 7, "Security")."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhixing.courts.models import Court

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.com/x","点此查看")'


def test_inbox_export_writes_a_formula_like_court_name_as_text(client, cast, courts, file_case):
    file_case(filed_on=dt.date(2026, 3, 2))
    Court.objects.filter(pk=courts.xiongan.pk).update(name=LINK)
    client.force_login(cast.officer)
    response = client.get(reverse("cases:inbox_export"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows())
    at = {c.value: i for i, c in enumerate(rows[0])}
    court_cells = [row[at["执行法院"]] for row in rows[1:]]
    assert court_cells and all((c.value, c.data_type) == (LINK, "s") for c in court_cells)
    filed_on = rows[1][at["立案日期"]]
    assert filed_on.is_date and filed_on.value == dt.datetime(2026, 3, 2)  # dates stay dates
    assert isinstance(rows[1][at["剩余天数"]].value, int)  # and numbers numbers
