"""Plans in and out: importing Word, Excel and CSV tables, exporting data, iCalendar."""
