"""Reports of the case funds for finance (issue 9 item 7): the monthly reconciliation report of a
pooled account, as a page, an Excel workbook and a PDF."""
