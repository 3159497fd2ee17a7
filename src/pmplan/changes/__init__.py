"""The plans through git: the git adapter, snapshots, diff, history, and editing plan files in place."""
