"""The CI gate: configuration, waivers, baselines, changed files."""
