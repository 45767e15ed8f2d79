"""Pages of disposal (财产处置): the case's disposal page and its panel, the auction desk, and the writes
they post (each calling its action in zhixing.disposal.actions)."""
