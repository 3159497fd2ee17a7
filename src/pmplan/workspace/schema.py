"""JSON Schema of the plan files and ``pmplan.yaml``, for editors such as VS Code's YAML extension."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from pmplan.workspace.config import WorkspaceConfig
from pmplan.workspace.models import KINDS, PlanFile

SCHEMA_ID = "https://pmplan.example/schema/plan-file-v1.json"

PlanFileUnion = Annotated[PlanFile, Field(discriminator="kind")]


def plan_schema() -> dict[str, Any]:
    """One schema for every file of a workspace: a plan file, chosen by its ``kind``, or the
    workspace's settings (``pmplan.yaml``, which has no ``kind``)."""
    schema = TypeAdapter(PlanFileUnion).json_schema()
    schema.pop("discriminator", None)  # each kind's `kind` is a const: oneOf chooses by it
    settings = TypeAdapter(WorkspaceConfig).json_schema()
    schema["$defs"].update(settings.pop("$defs", {}))
    schema["$defs"]["WorkspaceConfig"] = settings
    schema["oneOf"].append({"$ref": "#/$defs/WorkspaceConfig"})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "pmplan workspace files (format v1)",
        "description": f"A pmplan plan file ({', '.join(KINDS)}, chosen by its kind) or the "
        "workspace's settings, pmplan.yaml.",
        **schema,
    }


def plan_schema_json() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
