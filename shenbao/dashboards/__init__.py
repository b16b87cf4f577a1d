"""Dashboards: the figures each role's home page shows, with server-rendered SVG charts."""
