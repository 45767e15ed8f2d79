"""Rules the apps share: pure functions, no database access.

Names (of courts and of parties) are not governed by shared/domain/rules.md; the rules below answer
the "Security" findings of issue 7: names typed or imported into the platform come back out in
spreadsheets (the import's errors sheet, list exports, the bulletin).
"""

from __future__ import annotations

# A cell whose text starts with one of these is read by Excel, LibreOffice and WPS as a formula
# (OWASP "CSV Injection"). Tab and carriage return are on OWASP's list too; in a name they are
# control characters and refused as such.
FORMULA_START = ("=", "+", "-", "@")
