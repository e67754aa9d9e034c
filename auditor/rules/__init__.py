"""Rules: load and validate rule files, compile them, evaluate them on documents.

``loader`` reads a ruleset folder; ``matchers`` finds hits; ``kinds/`` holds one
small module per rule kind (require, forbid, format, consistent); ``engine``
runs the selected rules on a document and builds findings.
"""
