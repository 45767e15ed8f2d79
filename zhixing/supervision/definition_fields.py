"""The snapshot columns a definition may name: plain constants, so that the admin and others can list
them without importing zhixing.supervision.definitions (Ibis, a second of every command's start-up)."""

WITHDRAWN = "withdrawn"  # 销案 (zhixing.cases.rules.WITHDRAWN)
SETS = ("received", "carried_over", "accepted", "closed", "pending", "all")
DATE_FIELDS = ("closed_on", "filed_on", "statutory_due_on")
COLUMNS = (
    "case_id", "case_number", "court_id", "court_code", "court_name", "court_path", "type_code",
    "filed_on", "closed_on", "closure_method", "applied_amount", "realized_amount", "non_litigation",
    "extension_months", "excluded_days", "statutory_due_on", "handler_id", "handler_name",
    "overdue_nodes",
)  # fmt: skip
DERIVED = ("days_to_close",)
