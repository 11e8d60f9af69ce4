"""Administrator actions on the municipality's settings: validated, saved and audited."""

from __future__ import annotations

from inspector.core.workspace import Workspace
from inspector.settings import Settings, municipality_from_values, save_settings


def update_municipality(ws: Workspace, values: dict[str, str]) -> Settings:
    """Replace the municipality's details by the settings screen's *values*.

    Raises SettingsError (Dutch, naming each bad field) and OSError; nothing changes then.
    Only an administrator may do this. The audit names the changed keys, never the values.
    """
    if ws.officer.role != "administrator":
        raise PermissionError("only an administrator may change the municipality's settings")
    municipality = municipality_from_values(values)
    old = ws.settings.municipality
    settings = ws.settings.model_copy(update={"municipality": municipality})
    save_settings(ws.paths.settings, settings)
    ws.settings = settings
    changed = sorted(
        key
        for key in set(old.model_dump()) | set(municipality.model_dump())
        if old.model_dump().get(key) != municipality.model_dump().get(key)
    )
    with ws.unit() as s:
        ws.audit(s, "settings.municipality_changed", "settings", None, changed=changed)
    return settings
