"""Typed ids of the record kinds: a resident's id cannot be passed where an inspection's is meant.

``NewType`` over ``str`` (the stored UUID text): free at run time, checked by mypy. The store
hands them out (``InspectionSummary.id``, ``ResidentSummary.id``, ``RegistrationDetail.id``, the
managers' return values); an id that comes from outside (a command-line argument, a saved UI
state) is wrapped once where it enters, e.g. ``InspectionId(args.inspection_id)`` or
``ws.inspections.find(key)``.
"""

from __future__ import annotations

from typing import NewType

InspectionId = NewType("InspectionId", str)
ResidentId = NewType("ResidentId", str)
RegistrationId = NewType("RegistrationId", str)
