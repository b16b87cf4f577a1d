"""Date formats the project reads and writes, beside Django's own per language (settings.FORMAT_MODULE_PATH)."""
