"""Support code below every stage: caches, bundled resources, lazy regexes, characters, console, YAML."""
