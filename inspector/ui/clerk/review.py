"""One registration, reviewed: the data as signed, the officer's checks and the document
comparison, ID scans front and back (full size, zoom), the signature, the signed PDF, where
and when, the findings that bear on the address, versions and what changed, warnings."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.clerk.desk import STATE_LABELS, ClerkDesk, Review
from inspector.clerk.receive import ClerkError
from inspector.error_kinds import message_for
from inspector.localtime import local
from inspector.states import CLERK_DONE, CLERK_OPEN, ClerkState
from inspector.ui.operations import error_text, interface_language

#: Dutch labels of the registration form's fields, in the order a clerk enters them.
FIELD_LABELS: tuple[tuple[str, str], ...] = (
    ("surname", "Geslachtsnaam"),
    ("given_names", "Voornamen"),
    ("birth_date", "Geboortedatum"),
    ("birth_place", "Geboorteplaats"),
    ("birth_country", "Geboorteland"),
    ("sex", "Geslacht"),
    ("nationalities", "Nationaliteit(en)"),
    ("civil_status", "Burgerlijke staat"),
    ("document_type", "Document"),
    ("document_number", "Documentnummer"),
    ("document_country", "Land van afgifte"),
    ("document_expiry", "Geldig tot"),
    ("v_number", "V-nummer"),
    ("bsn", "BSN (opgegeven)"),
    ("street", "Straat"),
    ("house_number", "Huisnummer"),
    ("unit", "Kamer/unit"),
    ("postcode", "Postcode"),
    ("town", "Woonplaats"),
    ("moving_in_date", "Datum adreshouding"),
    ("arrival_date", "Datum aankomst in NL"),
    ("address_abroad_country", "Land vorig adres"),
    ("address_abroad", "Vorig adres buitenland"),
    ("preferred_language", "Taal"),
)
COMPARE_LABELS = {
    "surname": "Geslachtsnaam",
    "given_names": "Voornamen",
    "document_number": "Documentnummer",
    "birth_date": "Geboortedatum",
    "expiry_date": "Geldig tot",
    "sex": "Geslacht",
    "nationality": "Nationaliteit",
    "issuing_country": "Land van afgifte",
}


def _field(key: str) -> Any:
    """The registration form's definition of *key* (None when the form has no such field)."""
    from inspector.core.review import forms

    try:
        return forms()["inschrijving"].field(key)
    except KeyError:
        return None


def _one(key: str, value: Any) -> str:
    from inspector.documents.countries import country_name, is_known_code

    field = _field(key)
    kind = str(getattr(field, "type", ""))
    text = str(value)
    if kind.endswith(("country", "nationality")) and is_known_code(text):
        return f"{country_name(text, 'nl')} ({text})"
    for choice in getattr(field, "choices", ()) or ():
        if choice.id == text:
            return str(choice.label.get("nl") or text)
    return text


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_one(key, v) for v in value)
    text = _one(key, value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and key.endswith(("date", "expiry")):
        return f"{text[8:10]}-{text[5:7]}-{text[0:4]}"
    return text


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=False)


def first_files(review: Review) -> list[str]:
    """The files the review screen shows at once: the first scan, signature, signed PDF."""
    kinds = {f.kind: f for f in review.files}
    first = "id_front" if "id_front" in kinds else "id_back"
    shown = ("signature", "document", first)
    return [f.id for k, f in kinds.items() if k in shown and not f.deleted]


class ScanViewer(QWidget):
    """An ID scan at full size in a scroll area, with zoom; front and back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.zoom = 1.0
        self.image = QLabel()
        self.image.setObjectName("scan_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(False)
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.front = QPushButton("Voorkant")
        self.front.setObjectName("scan_front")
        self.back = QPushButton("Achterkant")
        self.back.setObjectName("scan_back")
        for b in (self.front, self.back):
            b.setCheckable(True)
        self.zoom_in = QPushButton("Inzoomen +")
        self.zoom_in.setObjectName("zoom_in")
        self.zoom_out = QPushButton("Uitzoomen −")
        self.zoom_out.setObjectName("zoom_out")
        self.fit = QPushButton("Passend")
        self.fit.setObjectName("zoom_fit")
        self.zoom_label = QLabel()
        row = QHBoxLayout()
        for w in (self.front, self.back, self.zoom_out, self.zoom_in, self.fit, self.zoom_label):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.area, 1)
        self.zoom_in.clicked.connect(lambda _c=False: self.set_zoom(self.zoom * 1.25))
        self.zoom_out.clicked.connect(lambda _c=False: self.set_zoom(self.zoom / 1.25))
        self.fit.clicked.connect(lambda _c=False: self.fit_to_view())

    def show_bytes(self, data: bytes | None, message: str = "") -> None:
        self._pixmap = QPixmap()
        if data is not None:
            self._pixmap.loadFromData(data)
        if self._pixmap.isNull():
            self.image.setPixmap(QPixmap())
            self.image.setText(message or "Deze scan kan niet worden getoond.")
            self.image.adjustSize()
            self.zoom_label.setText("")
            return
        self.image.setText("")
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        if self._pixmap.isNull():
            return
        self.zoom = max(0.1, min(zoom, 8.0))
        size = self._pixmap.size() * self.zoom
        self.image.setPixmap(
            self._pixmap.scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.image.adjustSize()
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")

    def fit_to_view(self) -> None:
        if self._pixmap.isNull():
            return
        area = self.area.viewport().size()
        w, h = self._pixmap.width(), self._pixmap.height()
        self.set_zoom(min(area.width() / max(w, 1), area.height() / max(h, 1)) * 0.98)


class ReviewPage(QWidget):
    """The whole file of one registration on one screen."""

    back_requested = Signal()
    outcome_requested = Signal(str)
    changed = Signal()

    def __init__(self, desk: ClerkDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.review: Review | None = None
        self._pdf_buffer: QBuffer | None = None

        self.title = QLabel()
        self.title.setObjectName("review_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("review_status")
        self.back_button = QPushButton("← Wachtrij")
        self.back_button.setObjectName("back_to_queue")
        self.take_button = QPushButton("Nemen")
        self.take_button.setObjectName("review_take")
        self.release_button = QPushButton("Vrijgeven")
        self.release_button.setObjectName("review_release")
        self.confirm_button = QPushButton("Bevestigen (tweede medewerker)")
        self.confirm_button.setObjectName("review_confirm")
        self.outcome_button = QPushButton("Uitkomst…")
        self.outcome_button.setObjectName("review_outcome")
        self.export_button = QPushButton("BRP-export…")
        self.export_button.setObjectName("review_export")
        self.letter_button = QPushButton("Bevestigingsbrief…")
        self.letter_button.setObjectName("review_letter")
        self.refusal_button = QPushButton("Besluit weigering…")
        self.refusal_button.setObjectName("review_refusal_letter")
        self.refusal_button.setToolTip(
            "Het besluit met de bezwaarclausule, in de taal van de bewoner en in het Nederlands"
        )
        self.stamp_button = QPushButton("Gestempeld formulier…")
        self.stamp_button.setObjectName("review_stamp")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("review_message")
        self.message.setWordWrap(True)
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        for b in (self.take_button, self.release_button, self.confirm_button, self.outcome_button):
            top.addWidget(b)

        self.warnings = QLabel()
        self.warnings.setObjectName("review_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)

        # Left: data as signed, checks, context.
        self.data_box = QGroupBox("Gegevens zoals ondertekend")
        self.data_form = QFormLayout(self.data_box)
        self.compare = QTableWidget(0, 4)
        self.compare.setObjectName("mrz_comparison")
        self.compare.setHorizontalHeaderLabels(["Veld", "Ingevuld", "MRZ", ""])
        self.compare.verticalHeader().hide()
        self.compare.horizontalHeader().setStretchLastSection(True)
        self.compare_label = QLabel()
        self.context = QLabel()
        self.context.setObjectName("review_context")
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        left_inner = QWidget()
        left_layout = QVBoxLayout(left_inner)
        left_layout.addWidget(self.data_box)
        check_box = QGroupBox("Documentcontrole door de toezichthouder")
        check_layout = QVBoxLayout(check_box)
        check_layout.addWidget(self.compare_label)
        check_layout.addWidget(self.compare)
        left_layout.addWidget(check_box)
        left_layout.addWidget(self.context)
        left_layout.addStretch(1)
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(left_inner)

        # Right: scans, signature, signed PDF.
        self.scans = ScanViewer()
        self.signature = QLabel()
        self.signature.setObjectName("signature_image")
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("signed_pdf")
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("review_tabs")
        self.tabs.addTab(self.scans, "ID-scan")
        self.tabs.addTab(self.signature, "Handtekening")
        self.tabs.addTab(self.pdf_view, "Ondertekend formulier")
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([560, 740])

        outputs = QHBoxLayout()
        outputs.addWidget(self.status, 1)
        for b in (self.export_button, self.letter_button, self.refusal_button, self.stamp_button):
            outputs.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(outputs)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(lambda _c=False: self.back_requested.emit())
        self.take_button.clicked.connect(lambda _c=False: self._act(self.desk.take))
        self.release_button.clicked.connect(lambda _c=False: self._act(self.desk.release))
        self.confirm_button.clicked.connect(lambda _c=False: self._act(self.desk.confirm))
        self.outcome_button.clicked.connect(
            lambda _c=False: self.outcome_requested.emit(
                self.review.record_id if self.review else ""
            )
        )
        self.export_button.clicked.connect(lambda _c=False: self.save_export())
        self.letter_button.clicked.connect(lambda _c=False: self.save_letter())
        self.refusal_button.clicked.connect(lambda _c=False: self.save_refusal())
        self.stamp_button.clicked.connect(lambda _c=False: self.save_stamped())
        self.scans.front.clicked.connect(lambda _c=False: self.show_scan("id_front"))
        self.scans.back.clicked.connect(lambda _c=False: self.show_scan("id_back"))

    # -- loading ----------------------------------------------------------------------------

    def load(self, record_id: str) -> None:
        self.show_review(self.desk.review(record_id))

    def show_review(
        self, review: Review, contents: dict[str, tuple[bytes, str]] | None = None
    ) -> None:
        """*contents*: the files of :func:`first_files` when already read (off the GUI thread)."""
        self.review = review
        s = review.summary
        # Everything the laptop or a clerk typed is escaped: rich text must not read a name
        # or a reason as markup.
        self.title.setText(
            f"<b>{_esc(s.get('surname', ''))}, {_esc(s.get('given_names', ''))}</b> · geboren "
            f"{_esc(_value('birth_date', s.get('birth_date')))} · versie {review.version}"
        )
        term = review.due_on.strftime("%d-%m-%Y")
        who = f" · behandelaar: {review.assigned_to}" if review.assigned_to else ""
        self.status.setText(
            f"{STATE_LABELS.get(review.state, review.state)} · termijn tot {term}{who}"
        )
        self.message.hide()
        if review.warnings:
            items = "".join(f"<li>{_esc(w.text)}</li>" for w in review.warnings)
            self.warnings.setText(f"<b>Controleer vóór inschrijving:</b><ul>{items}</ul>")
            self.warnings.show()
        else:
            self.warnings.setText("")
            self.warnings.hide()
        while self.data_form.rowCount():
            self.data_form.removeRow(0)
        for key, label in FIELD_LABELS:
            if key in review.form:
                value = QLabel(_value(key, review.form.get(key)))
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setObjectName(f"field_{key}")
                self.data_form.addRow(label, value)
        self._compare(review)
        self._context(review)
        self._buttons(review)
        self._files(review, contents)

    def _compare(self, review: Review) -> None:
        if review.check_digits_ok is None:
            self.compare_label.setText("Er is geen MRZ gelezen.")
        else:
            digits = "kloppen" if review.check_digits_ok else "kloppen NIET"
            visual = "ja" if review.visual_check else "nee"
            self.compare_label.setText(
                f"Controlecijfers MRZ {digits}; echtheidskenmerken bekeken: {visual}."
            )
        self.compare.setRowCount(len(review.comparison))
        for i, c in enumerate(review.comparison):
            for j, text in enumerate(
                (
                    COMPARE_LABELS.get(c.field, c.field),
                    c.entered,
                    c.mrz,
                    "gelijk" if c.agrees else "AFWIJKING",
                )
            ):
                self.compare.setItem(i, j, QTableWidgetItem(text))
        self.compare.resizeColumnsToContents()
        self.compare.setMinimumHeight(30 + 26 * max(1, len(review.comparison)))

    def _context(self, review: Review) -> None:
        signed = local(review.signed_at).strftime("%d-%m-%Y %H:%M") if review.signed_at else "—"
        parts = [
            f"<b>Ondertekend</b> {signed} in {_esc(review.place or '—')}, opgenomen door "
            f"{_esc(review.officer or '—')}.",
        ]
        if review.bearing:
            # Escaped: an address investigation's entries carry names from the record.
            items = "".join(f"<li>{_esc(b['text'])}</li>" for b in review.bearing)
            parts.append(f"<b>Bevindingen over het adres</b><ul>{items}</ul>")
        if len(review.versions) > 1:
            versions = ", ".join(
                f"v{v} ({STATE_LABELS.get(st, st).lower()})" for _rid, v, st in review.versions
            )
            parts.append(f"<b>Versies</b>: {versions}")
        if review.changes:
            items = "".join(
                f"<li>{_esc(ch['field'])}: {_esc(_value(ch['field'], ch['before']))} → "
                f"{_esc(_value(ch['field'], ch['after']))}</li>"
                for ch in review.changes
            )
            parts.append(f"<b>Gewijzigd ten opzichte van de vorige versie</b><ul>{items}</ul>")
        if review.outcome and review.outcome.get("state"):
            o = review.outcome
            text = (
                o.get("message")
                or f"BSN {o.get('bsn')}, ingeschreven per {o.get('registration_date')}"
            )
            parts.append(
                f"<b>Uitkomst</b>: {STATE_LABELS.get(str(o['state']), o['state'])} — {_esc(text)}"
            )
        self.context.setText("<br>".join(parts))

    def _buttons(self, review: Review) -> None:
        me = self.desk.ws.officer.name
        open_ = review.state in CLERK_OPEN
        mine = review.assigned_to == me
        self.take_button.setEnabled(open_ and not review.assigned_to)
        self.release_button.setEnabled(open_ and mine and review.state == ClerkState.IN_PROGRESS)
        self.outcome_button.setEnabled(open_ and mine and review.state == ClerkState.IN_PROGRESS)
        self.confirm_button.setVisible(review.state == ClerkState.AWAITING_CONFIRMATION)
        done = review.state in CLERK_DONE
        self.letter_button.setEnabled(review.state == ClerkState.PROCESSED)
        self.refusal_button.setEnabled(review.state == ClerkState.REFUSED)
        self.stamp_button.setEnabled(done)

    def _files(self, review: Review, contents: dict[str, tuple[bytes, str]] | None) -> None:
        kinds = {f.kind: f for f in review.files}
        self.scans.front.setEnabled("id_front" in kinds)
        self.scans.back.setEnabled("id_back" in kinds)
        first = "id_front" if "id_front" in kinds else "id_back"
        if contents is None:
            # One unit of work for the screen's files (each view audited).
            contents = self.desk.files_content(first_files(review))
        self.show_scan(first, contents)
        sig = kinds.get("signature")
        pix = QPixmap()
        if sig is not None and sig.id in contents:
            pix.loadFromData(contents[sig.id][0])
        self.signature.setPixmap(pix)
        if pix.isNull():
            self.signature.setText("Geen handtekening ontvangen.")
        pdf = kinds.get("document")
        self.pdf.close()
        if self._pdf_buffer is not None:
            self._pdf_buffer.close()
            self._pdf_buffer.deleteLater()
            self._pdf_buffer = None
        if pdf is not None and pdf.id in contents:
            buffer = QBuffer(self)
            buffer.setData(QByteArray(contents[pdf.id][0]))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self._pdf_buffer = buffer
            self.pdf.load(buffer)

    def show_scan(self, kind: str, contents: dict[str, tuple[bytes, str]] | None = None) -> None:
        if self.review is None:
            return
        self.scans.front.setChecked(kind == "id_front")
        self.scans.back.setChecked(kind == "id_back")
        f = next((f for f in self.review.files if f.kind == kind), None)
        if f is None:
            self.scans.show_bytes(None, "Geen scan ontvangen.")
        elif f.deleted:
            self.scans.show_bytes(None, "Deze scan is verwijderd (bewaartermijn verstreken).")
        elif contents is not None and f.id in contents:
            self.scans.show_bytes(contents[f.id][0])
        else:
            data, _mime = self.desk.file_content(f.id)
            self.scans.show_bytes(data)

    # -- what comes out -------------------------------------------------------------------

    def _save(self, title: str, name: str, pattern: str, make: Any) -> None:
        """Ask where, make the bytes (the core audits the export), write them."""
        from inspector.letters.model import LetterError
        from inspector.ui.saving import ask_save_path, remember_folder

        if self.review is None:
            return
        path = ask_save_path(self, self.desk.ws, title, name, pattern)
        if path is None:
            return
        try:
            data = make()
            path.write_bytes(data)
        except (ClerkError, LetterError, OSError) as exc:
            self.message.setText(f"Niet opgeslagen: {message_for(exc, interface_language())}")
            self.message.show()
            return
        remember_folder(self.desk.ws, path)
        self.message.setText(f"Opgeslagen: {path}")
        self.message.show()

    def save_export(self) -> None:
        from inspector.clerk import export

        assert self.review is not None
        rid = self.review.record_id
        self._save(
            "BRP-export opslaan", f"brp-export-{rid[:8]}.json", "JSON (*.json)",
            lambda: export.export(self.desk, [rid], "json"),
        )  # fmt: skip

    def _resident_language(self) -> str:
        assert self.review is not None
        lang = str(self.review.form.get("preferred_language") or "nl")
        return lang if lang in ("nl", "en", "pl", "uk", "ro") else "en"

    def save_refusal(self) -> None:
        from inspector.clerk import export

        assert self.review is not None
        rid = self.review.record_id
        lang = self._resident_language()
        self._save(
            "Besluit tot weigering opslaan", f"besluit-weigering-{rid[:8]}.pdf", "PDF (*.pdf)",
            lambda: export.refusal_letter(self.desk.ws, self.desk, rid, lang),
        )  # fmt: skip

    def save_letter(self) -> None:
        from inspector.clerk import export

        assert self.review is not None
        rid = self.review.record_id
        lang = self._resident_language()
        self._save(
            "Bevestiging van inschrijving opslaan", f"bevestiging-inschrijving-{rid[:8]}.pdf",
            "PDF (*.pdf)",
            lambda: export.confirmation_letter(self.desk.ws, self.desk, rid, lang),
        )  # fmt: skip

    def save_stamped(self) -> None:
        from inspector.clerk import export

        assert self.review is not None
        rid = self.review.record_id
        self._save(
            "Gestempeld formulier opslaan", f"inschrijving-gestempeld-{rid[:8]}.pdf",
            "PDF (*.pdf)", lambda: export.stamped_pdf(self.desk, rid),
        )  # fmt: skip

    def _ask_outcome(self) -> None:
        if self.review is not None:
            self.outcome_requested.emit(self.review.record_id)

    def _act(self, fn: Any) -> None:
        if self.review is None:
            return
        try:
            fn(self.review.record_id)
        except ClerkError as exc:
            self.message.setText(error_text(exc))
            self.message.show()
            return
        self.load(self.review.record_id)
        self.changed.emit()
