"""Errors that end a command with exit code 2 (usage, configuration, input given on the command line).

Stage-specific errors (rulesets, profiles, lexicons, waivers, baselines) subclass or sit
beside these in their own modules for now; each carries a message written for the user.
"""
from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""
