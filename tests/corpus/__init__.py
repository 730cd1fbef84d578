"""A test corpus of two fictional municipalities, defined once and written as .docx, .xlsx, text .pdf
and cp1250 CSV by ``writers``; ``score`` checks what the importers read from each format."""
