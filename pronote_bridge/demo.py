"""The demo collège's Pronote (``core.demo``): its address, and the PRONOTE-ENT identifiers of
the demo family, the demo teacher and one class, linked through the real import of a file laid
out as Pronote's export — with one line Cartable cannot recognise, left to settle on the report.
Idempotent. (The demo secretariat's permissions on these pages: load_demo.)"""

from __future__ import annotations

import hashlib

from django.db.models import Q

from accounts.models import GuardianLink, Pupil
from core.demo import DemoStep, DemoWorld

from .models import PronoteImport, PronoteSettings
from .services import pronote_import_create, pronote_settings_save

DEMO_FILE = "Identifiants_PRONOTE_demo.csv"


def _identifier(seed: str) -> str:
    return "PR" + hashlib.sha256(seed.encode()).hexdigest()[:10].upper()


def _demo_file(world: DemoWorld) -> bytes:
    pupils = list(
        Pupil.objects.current()
        .filter(establishment=world.establishment, account__isnull=False)
        .filter(
            Q(pk__in=[child.pk for child in world.children])
            | Q(division_id=world.children[0].division_id)
        )
        .select_related("division")
        .order_by("last_name", "first_name", "pk")
    )
    links = (
        GuardianLink.objects.legal()
        .filter(pupil__in=world.children, guardian__account=world.parent)
        .select_related("guardian", "pupil__division")
        .order_by("pk")[:1]
    )
    lines = ["Nom;Prénom;Né(e) le;Classe;Profil;Identifiant"]
    for pupil in pupils:
        birth = pupil.birth_date.strftime("%d/%m/%Y") if pupil.birth_date else ""
        division = pupil.division.code if pupil.division else ""
        lines.append(
            f"{pupil.last_name};{pupil.first_name};{birth};{division};Élève;"
            f"{_identifier(pupil.siecle_id)}"
        )
    for link in links:
        guardian = link.guardian
        lines.append(
            f"{guardian.last_name};{guardian.first_name};;{link.pupil.division.code if link.pupil.division else ''};Responsable;"
            f"{_identifier('R' + guardian.siecle_id)}"
        )
    teacher = world.teacher
    lines.append(
        f"{teacher.last_name};{teacher.first_name};;;Professeur;{_identifier('T' + teacher.sts_id)}"
    )
    # Someone Pronote knows and Cartable does not (arrived this week): left to settle.
    lines.append(f"NOUVEL;Arrivant;01/09/2014;;Élève;{_identifier('nouvel-arrivant')}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def run(world: DemoWorld) -> str:
    settings = PronoteSettings.objects.filter(establishment=world.establishment).first()
    if settings is None:
        settings = pronote_settings_save(
            settings=PronoteSettings(
                establishment=world.establishment,
                base_url=f"https://{world.establishment.uai.lower()}.index-education.net/pronote/",
                identification=PronoteSettings.Identification.PRONOTE_ENT_ATTRIBUTE,
            ),
            actor=None,
        )
    imported = PronoteImport.objects.filter(
        establishment=world.establishment, original_name=DEMO_FILE
    ).first()
    if imported is None:
        imported = pronote_import_create(
            establishment=world.establishment,
            name=DEMO_FILE,
            content=_demo_file(world),
            actor=None,
        )
    return (
        f"Pronote de démonstration : {settings.base_url} ; {imported.matched_count} identifiants "
        f"PRONOTE-ENT reliés, {imported.unmatched_count + imported.ambiguous_count} ligne(s) à "
        "traiter (administration, « Imports d'identifiants PRONOTE-ENT »)."
    )


STEP = DemoStep(key="pronote", run=run, order=60)
