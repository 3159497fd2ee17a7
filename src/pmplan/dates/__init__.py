"""Pure date arithmetic: financial years and their periods, timescales, working days. No workspace, no I/O."""
