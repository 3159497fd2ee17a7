"""Looking at the plans: lists, one item in full, the golden thread."""
