"""Staff pages of case funds: the case page's funds panel and its actions, the payer's page with the
case's payment code (一案一码), and the finance workbench."""
