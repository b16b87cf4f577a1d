"""Simplified Chinese: a date field shows 2026-05-01 and reads the forms people write (as rosters do)."""

# The first is how a date field shows its value; the rest are read too, like the roster's dates
# (shenbao/domain/dates.py): 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日, 20260501.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
