"""Administrator actions on the municipality's settings: validated, saved and audited."""

from __future__ import annotations

from inspector.core.workspace import Workspace
from inspector.settings import (
    Settings,
    municipality_from_values,
    norms_from_text,
    save_settings,
    sync_values_from_text,
)


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


def update_sync_settings(ws: Workspace, values: dict[str, str]) -> Settings:
    """Set the sync interval, the waiting warning and the retention of delivered records from
    the settings screen's text. SettingsError (Dutch, naming each bad field) and nothing
    changes; administrators only; the audit names the changed keys and their numbers."""
    if ws.officer.role != "administrator":
        raise PermissionError("only an administrator may change the municipality's settings")
    numbers = sync_values_from_text(values)
    changed = {k: v for k, v in numbers.items() if getattr(ws.settings, k) != v}
    if not changed:
        return ws.settings
    settings = ws.settings.model_copy(update=numbers)
    save_settings(ws.paths.settings, settings)
    ws.settings = settings
    with ws.unit() as s:
        ws.audit(s, "settings.sync_changed", "settings", None, **changed)
    return settings


def update_norms(ws: Workspace, values: dict[str, str]) -> Settings:
    """Set the norms the rules read (floor areas, facilities, the local maximum, the minimum
    wage for the housing-deduction signal, the registration terms) from the settings screen's
    text. SettingsError (Dutch, naming each bad field) and nothing changes; administrators
    only; the audit names the changed keys (numbers only, no free text)."""
    if ws.officer.role != "administrator":
        raise PermissionError("only an administrator may change the municipality's settings")
    norms = norms_from_text(values)
    old = ws.settings.norms.model_dump()
    new = norms.model_dump()
    changed = sorted(k for k in new if old.get(k) != new.get(k))
    if not changed:
        return ws.settings
    settings = ws.settings.model_copy(update={"norms": norms})
    save_settings(ws.paths.settings, settings)
    ws.settings = settings
    with ws.unit() as s:
        ws.audit(s, "settings.norms_changed", "settings", None, changed=changed)
    return settings


def update_address_selection(ws: Workspace, values: dict[str, str]) -> Settings:
    """Set the indicator weights, the route's start and the retention of registered persons
    from the settings screen's text. SettingsError (Dutch, naming each bad field) and nothing
    changes; administrators only. The audit names the changed keys (and the new weights: a
    change of weights is a change to publish in the algorithm register), never an address."""
    from inspector.addresses.setting_values import selection_from_values

    if ws.officer.role != "administrator":
        raise PermissionError("only an administrator may change the municipality's settings")
    old = ws.settings.address_selection
    new = selection_from_values(old, values)
    if new == old:
        return ws.settings
    before, after = old.model_dump(), new.model_dump()
    changed = sorted(k for k in after if after[k] != before.get(k))
    settings = ws.settings.model_copy(update={"address_selection": new})
    save_settings(ws.paths.settings, settings)
    ws.settings = settings
    details: dict[str, object] = {"changed": changed}
    if "weights" in changed:
        details["weights"] = dict(new.weights)
    with ws.unit() as s:
        ws.audit(s, "settings.address_selection_changed", "settings", None, **details)
    return settings
