"""Bundled rulesets (data only). Installed as the package ``auditor.bundled_rulesets``."""
