"""Checking the plans: the rules, running them, and their output formats."""
