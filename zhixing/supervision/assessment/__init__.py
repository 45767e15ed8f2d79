"""The annual assessment (述职评议, issue 3 item 7): rounds, secret ballots with one-time codes, results."""
