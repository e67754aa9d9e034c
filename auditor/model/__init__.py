"""The data model: the Document that owns a page's text and every annotation, findings."""
