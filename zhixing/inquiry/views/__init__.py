"""The pages of network inquiry and control (issue 10 item 9)."""
