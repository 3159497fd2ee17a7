"""JSON Schema of the plan files, for editors such as VS Code's YAML extension."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from pmplan.workspace.config import WorkspaceConfig
from pmplan.workspace.models import KINDS, PlanFile

SCHEMA_ID = "https://pmplan.example/schema/plan-file-v1.json"

PlanFileUnion = Annotated[PlanFile, Field(discriminator="kind")]


def plan_schema() -> dict[str, Any]:
    """One schema for every plan file, chosen by its ``kind``."""
    schema = TypeAdapter(PlanFileUnion).json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "pmplan plan file (format v1)"
    kinds = list(KINDS)
    schema["description"] = f"A pmplan plan file: {', '.join(kinds[:-1])} or {kinds[-1]}."
    return schema


def config_schema() -> dict[str, Any]:
    schema = TypeAdapter(WorkspaceConfig).json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "pmplan workspace settings (pmplan.yaml)"
    return schema


def plan_schema_json() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def config_schema_json() -> str:
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
