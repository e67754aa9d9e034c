"""Auditing pages: command-line inputs to Documents, and the engines that check them."""
