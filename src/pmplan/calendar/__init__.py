"""The reporting calendar: which report goes to which committee when."""
