"""pmplan: council action plans, golden thread and indicators kept as YAML in git."""

__version__ = "0.1.0"
