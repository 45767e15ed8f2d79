"""Staff pages of measures: the case's 强制措施 tab and panel, the command centre's board, the equipment
register, operation planning, the operation page and report, and the phone-sized field page."""
