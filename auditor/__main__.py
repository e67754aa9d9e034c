import sys

from auditor.cli import entry

sys.exit(entry())
