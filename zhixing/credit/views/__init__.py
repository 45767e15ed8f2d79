"""Staff pages of credit measures: the case page's 信用惩戒 panel and its writes, the leaders' signing
queue and the command centre's credit board."""
