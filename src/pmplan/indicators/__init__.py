"""Performance indicators: red/amber/green and reading an indicator for a period."""
