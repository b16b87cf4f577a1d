"""The rules of shenbao in pure Python: no Django, no database, no clock."""
