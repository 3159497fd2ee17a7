from plan_fixtures import lint_ws


def test_base_workspace_is_clean(base_ws):
    assert lint_ws(base_ws) == []
