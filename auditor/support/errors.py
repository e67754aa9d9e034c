"""The errors a user can see, in one place; each carries a message written for the user.

Those the commands turn into exit code 2 (usage, configuration, input named on the command
line) subclass UsageError or are converted where they are caught. Each is also importable
from the module that raises it. (RulesetError is still defined in auditor/rules/loader.py.)
"""
from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""


# raised by auditor/gate/config/
class ConfigError(UsageError):
    """A configuration file that cannot be used (exit code 2)."""


# raised by auditor/gate/changed.py
class ChangedError(UsageError):
    """Not in a git repository, or an unknown ref (exit code 2)."""


# raised by auditor/gate/baseline.py
class BaselineError(Exception):
    """An unreadable or malformed baseline file (exit code 2)."""


# raised by auditor/gate/waivers.py
class WaiverFileError(Exception):
    """A waiver file that cannot be used; the message names the file, line and field."""


# raised by auditor/recognize/profile.py
class ProfileError(ValueError):
    """A profile that cannot be loaded; the message names the file, line and field."""


# raised by auditor/read/decode.py
class InputError(Exception):
    """The input is not a text page (binary file); ``str(e)`` is the reason."""


# raised by auditor/read/lexicon.py
class LexiconError(ValueError):
    """A lexicon term that cannot be compiled (names the lexicon and the term)."""


# raised by auditor/sources/inputs.py
class SourceConfigError(ValueError):
    """Bad scan options (for example an unreadable ``ignore_file``): a usage error."""


# raised by auditor/batch/dask_engine.py
class DaskUnavailable(Exception):
    """dask.distributed is not installed (the dask engine needs it)."""


# raised by auditor/batch/resume.py
class ResumeError(Exception):
    """The output cannot be resumed safely (not a scan output, damaged in the middle)."""
