"""Reading a workspace: the YAML reader, the models, settings, the loader, and the index of what it holds."""
