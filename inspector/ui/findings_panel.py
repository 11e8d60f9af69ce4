"""Findings, registration duties and signals of one inspection, refreshed as answers change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.rules import RulesResult
from inspector.rules.model import DutyKinds
from inspector.ui import style

_OUTCOME_COLOURS = {
    "breach": style.ERROR,
    "ok": style.OK,
    "unknown": style.UNKNOWN,
    "advice": style.ADVICE,
}
#: Order of the findings: breaches first, advice never among them.
_ORDER = ("breach", "unknown", "advice", "ok")
REFERRAL_NAMES = {
    "nla": "Nederlandse Arbeidsinspectie",
    "snf": "Stichting Normering Flexwonen",
    "aandachtsfunctionaris_mensenhandel": "Aandachtsfunctionaris mensenhandel",
    "burgerzaken": "Burgerzaken",
    "ruimtelijke_ordening": "Ruimtelijke ordening / vergunningen",
}


class FindingsPanel(QWidget):
    """Three groups: findings (norm, numbers, outcome), registration duty per resident, signals."""

    def __init__(self, parent: QWidget | None = None, language: str = "nl") -> None:
        super().__init__(parent)
        self.language = language
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Outcome")])
        self.tree.setColumnWidth(0, 760)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h3>Findings and signals</h3>")))
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def show_result(self, result: RulesResult, resident_names: dict[str, str]) -> None:
        lang = "nl" if self.language == "nl" else "en"
        self.tree.clear()
        outcome_text = {
            "breach": self.tr("below the norm"),
            "ok": self.tr("meets the norm"),
            DutyKinds.UNKNOWN: self.tr("not yet known"),
            "advice": self.tr("advice not followed"),
        }
        findings = QTreeWidgetItem([self.tr("Findings"), ""])
        for f in sorted(
            result.findings,
            key=lambda f: _ORDER.index(f.outcome) if f.outcome in _ORDER else len(_ORDER),
        ):
            item = QTreeWidgetItem(
                [
                    f.message_nl if lang == "nl" else f.message_en,
                    outcome_text.get(f.outcome, f.outcome),
                ]
            )
            item.setToolTip(0, f"{f.norm_nl if lang == 'nl' else f.norm_en} ({f.source})")
            item.setForeground(1, QBrush(QColor(_OUTCOME_COLOURS.get(f.outcome, "black"))))
            item.setData(0, Qt.ItemDataRole.UserRole, ("finding", f.code, f.outcome))
            findings.addChild(item)
        duties = QTreeWidgetItem([self.tr("Registration duty (BRP)"), ""])
        duty_text = {
            DutyKinds.INGEZETENE: self.tr("must register as resident"),
            DutyKinds.RNI: self.tr("non-resident (RNI)"),
            DutyKinds.ALREADY_CORRECT: self.tr("registered correctly"),
            DutyKinds.REGISTERED_ON_SITE: self.tr("registered on the spot"),
            DutyKinds.UNKNOWN: self.tr("not yet known"),
        }
        for rid, duty in result.duties.items():
            name = resident_names.get(rid, rid[:8])
            reason = duty.reason_nl if lang == "nl" else duty.reason_en
            item = QTreeWidgetItem([f"{name}: {reason}", duty_text.get(duty.kind, duty.kind)])
            if duty.overdue:
                item.setForeground(1, QBrush(QColor(_OUTCOME_COLOURS["breach"])))
            item.setData(0, Qt.ItemDataRole.UserRole, ("duty", duty.kind, rid))
            duties.addChild(item)
        signals = QTreeWidgetItem([self.tr("Signals"), ""])
        for sig in result.signals:
            who = "" if sig.subject == "location" else f"{resident_names.get(sig.subject, '')}: "
            refer = ", ".join(REFERRAL_NAMES.get(r, r) for r in sig.referrals)
            item = QTreeWidgetItem([who + sig.description(lang), refer])
            item.setData(0, Qt.ItemDataRole.UserRole, ("signal", sig.code, sig.subject))
            signals.addChild(item)
        for group in (findings, duties, signals):
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
        breaches = len(result.breaches)
        must_register = sum(1 for d in result.duties.values() if d.kind == DutyKinds.INGEZETENE)
        self.summary.setText(
            " · ".join(
                [
                    self.tr("%n finding(s) below the norm", "", breaches),
                    self.tr("%n signal(s)", "", len(result.signals)),
                    self.tr("%n resident(s) who must register", "", must_register),
                ]
            )
        )
