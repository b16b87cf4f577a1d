"""Printable PDFs: the application package for the paper volume and the district's 附件2 summary."""
