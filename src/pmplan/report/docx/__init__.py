"""The report as a Word document: :mod:`.document` (the document, its styles and properties),
:mod:`.layout` (its sections), :mod:`.blocks` (paragraphs, headings and tables in the report's
styles) and :mod:`.ooxml` (the raw Office Open XML that python-docx has no API for)."""
