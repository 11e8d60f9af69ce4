"""The planning screens in the main window: two menu entries and their pages (kept here so
that the main window only calls :func:`install`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace
    from inspector.ui.main_window import MainWindow

PLANNING_ROLES = ("coordinator", "administrator")


def install(window: MainWindow, menu: QMenu) -> None:
    """Add "Address selection and planning" (coordinator) and "Planned visits" to *menu*."""
    role = window.workspace.officer.role
    planning = menu.addAction(
        QCoreApplication.translate("PlanningMenu", "Address selection and &planning…")
    )
    planning.setObjectName("planning")
    planning.setEnabled(role in PLANNING_ROLES)
    planning.triggered.connect(lambda _checked=False: open_planning(window))
    visits = menu.addAction(QCoreApplication.translate("PlanningMenu", "Planned &visits…"))
    visits.setObjectName("planned_visits")
    visits.triggered.connect(lambda _checked=False: open_visits(window))


def _show(window: MainWindow, name: str, make: Callable[[Workspace], QWidget]) -> QWidget:
    window.flush_requested.emit()
    page = window.pages.findChild(QWidget, name)
    if page is None:
        page = make(window.workspace)
        page.backRequested.connect(window.show_list)  # type: ignore[attr-defined]
        window.pages.addWidget(page)
    window.pages.setCurrentWidget(page)
    return page


def open_planning(window: MainWindow) -> QWidget:
    from inspector.ui.planning.planning_page import PlanningPage

    if window.workspace.officer.role not in PLANNING_ROLES:
        raise PermissionError("planning is for coordinators")
    return _show(window, "planning_page", PlanningPage)


def open_visits(window: MainWindow) -> QWidget:
    from inspector.ui.planning.visits_page import PlannedVisitsPage

    page = _show(window, "planned_visits", PlannedVisitsPage)
    assert isinstance(page, PlannedVisitsPage)
    if not page.property("connected"):
        page.openInspection.connect(window.open_inspection)
        page.setProperty("connected", True)
    else:
        page.refresh()
    return page
