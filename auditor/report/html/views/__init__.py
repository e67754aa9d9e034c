"""The report's views, one module each; HtmlReport combines them."""
