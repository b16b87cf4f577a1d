"""Template filters shared by every app's pages (load with {% load shenbao_format %})."""
