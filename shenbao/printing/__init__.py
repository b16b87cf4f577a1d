"""Printable PDFs: the application package for the paper volume and the authority's 附件2 summary."""
