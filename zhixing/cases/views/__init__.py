"""Staff pages of the cases app, one module per page (server-rendered, Bootstrap 5 + htmx)."""
