"""``inspector doctor``: what is wrong with a store, and what to do about it.

It checks, in order: the files, SQLite's own integrity check, every encrypted value (one that
does not decrypt is named by table, column and row id, never by content), the audit chain and
its anchor, and says what to do, including how to put back a backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlalchemy import select

from inspector.core import audit, vault
from inspector.paths import DataPaths
from inspector.storage import seal
from inspector.storage.db import StoreDamaged, check_database_file
from inspector.storage.models import Base
from inspector.storage.types import Encrypted, is_damaged


@dataclass
class DoctorReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    damaged: list[tuple[str, str, str]] = field(default_factory=list)
    rolled_back: list[audit.RolledBack] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        out = list(self.lines)
        if self.damaged:
            out.append(f"beschadigde of buiten de app om gewijzigde waarden: {len(self.damaged)}")
            out.extend(
                f"  {table}.{column}  rij {row_id}" for table, column, row_id in self.damaged
            )
        if self.rolled_back:
            out.append(f"teruggezette of verwijderde rijen: {len(self.rolled_back)}")
            out.extend(f"  {r.describe()}" for r in self.rolled_back)
        out.extend(f"PROBLEEM: {p}" for p in self.problems)
        if self.problems:
            out.append("Wat te doen:")
            out.extend(f"  - {a}" for a in self.advice)
        else:
            out.append("Alles in orde.")
        return "\n".join(out)


def restore_advice(paths: DataPaths) -> str:
    backups = sorted(paths.backups.glob("*.sqlite3")) if paths.backups.exists() else []
    newest = f" (de nieuwste hier: {backups[-1].name})" if backups else ""
    return (
        "een reservekopie terugzetten: sluit de app, bewaar het huidige bestand "
        f"{paths.database.name} apart (voor onderzoek), kopieer de reservekopie{newest} naar "
        f"{paths.database} en verwijder {paths.database.name}-wal en -shm als ze er staan; "
        "ontgrendel daarna en draai 'inspector doctor' opnieuw. Een kopie ouder dan de laatst "
        "bekende stand wordt als zodanig gemeld: aanvaard die alleen bewust met "
        "'inspector doctor --accept-current' (dat wordt in het auditlog vastgelegd)"
    )


def diagnose(
    paths: DataPaths, password: str, username: str | None, *, accept_current: bool = False
) -> DoctorReport:
    report = DoctorReport()
    try:
        vault.StoreMeta.read(paths)
    except vault.VaultError as exc:
        report.problems.append(str(exc))
        report.advice.append("controleer of de gegevensmap klopt (--data-dir)")
        return report
    try:
        check_database_file(paths.database)
    except StoreDamaged as exc:
        report.problems.append(f"de database is beschadigd of ontbreekt: {exc}")
        report.advice.append(restore_advice(paths))
        return report
    report.lines.append(f"database: {paths.database}")
    try:
        con = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)
        verdict = str(con.execute("PRAGMA integrity_check").fetchone()[0])
        con.close()
    except sqlite3.Error as exc:
        verdict = f"niet uit te voeren ({type(exc).__name__})"
    report.lines.append(f"SQLite integrity_check: {verdict}")
    if verdict != "ok":
        report.problems.append("SQLite meldt beschadiging van het databasebestand")
        report.advice.append(restore_advice(paths))
    try:
        ws = vault.unlock(paths, password, username, accept_rollback=True)
    except vault.VaultError as exc:
        report.problems.append(f"ontgrendelen lukt niet: {exc}")
        report.advice.append(restore_advice(paths))
        return report
    try:
        with ws.unit() as s:
            for table_name in seal.BOUND:
                table = Base.metadata.tables[table_name]
                for col in table.columns:
                    if not isinstance(col.type, Encrypted):
                        continue
                    key = table.c[seal.BOUND[table_name][0]]  # the primary key
                    for row_id, value in s.execute(select(key, col)):
                        if is_damaged(value):
                            report.damaged.append((table_name, col.name, str(row_id)))
        report.lines.append("versleutelde waarden gecontroleerd (gebonden aan hun rij)")
        if report.damaged:
            report.problems.append(
                f"{len(report.damaged)} waarde(n) zijn niet te lezen: beschadigd, verplaatst, "
                "teruggezet of hun status/tijdstip is buiten de app om gewijzigd"
            )
            report.advice.append(
                "de app toont ze als 'beschadigd — niet te lezen' en weigert ze te bewerken; "
                "de juiste waarde staat in een reservekopie van vóór de wijziging"
            )
            report.advice.append(restore_advice(paths))
        verdict_audit = ws.verify_audit()
        report.lines.append(verdict_audit.describe())
        for problem in ws.anchor_problems:
            report.problems.append(problem)
        if verdict_audit.ok:
            # A whole row put back from an older copy (its seal version too) authenticates as
            # a row; the chain recorded each row's newest version.
            with ws.unit() as s:
                rolled = audit.rolled_back(s)
            report.lines.append("versies van de rijen vergeleken met het auditlog")
            if rolled:
                report.rolled_back.extend(rolled)
                report.problems.append(
                    f"{len(rolled)} rij(en) zijn niet de laatste versie die het auditlog kent: "
                    "buiten de app om teruggezet of verwijderd"
                )
                report.advice.append(
                    "iemand heeft rijen uit een oudere kopie teruggezet of verwijderd: meld dit "
                    "als beveiligingsincident; de juiste stand staat in een reservekopie van "
                    "na de laatste wijziging"
                )
                report.advice.append(restore_advice(paths))
        if not verdict_audit.ok:
            report.problems.append(
                "het auditlog is niet intact of reikt niet tot het laatst bekende punt"
            )
            report.advice.append(
                "iemand heeft de database buiten de app om gewijzigd of een oudere kopie "
                "teruggezet: meld dit als beveiligingsincident bij uw leidinggevende"
            )
            report.advice.append(restore_advice(paths))
            if accept_current:
                with ws.unit() as s:
                    ws.audit(s, "store.rollback_accepted", "store", ws.meta.store_id)
                ws.renew_anchor(key_material=True, force=True)
                report.lines.append(
                    "de huidige stand is als nieuw ankerpunt aanvaard (vastgelegd in het auditlog)"
                )
    finally:
        ws.close()
    return report
