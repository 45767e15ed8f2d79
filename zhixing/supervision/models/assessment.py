"""The annual assessment (述职评议)."""

__all__: list[str] = []
