"""One module per `auditor` subcommand: add_parser(subparsers) and run(args) -> exit code."""
