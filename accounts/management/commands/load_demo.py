"""manage.py load_demo: the demo collège, its roster imported from generated SIECLE files, and a
few usable demo accounts. Idempotent: safe to run at every start."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import messages
from accounts.audit import AuditAction
from accounts.lifecycle import Audit, account_activate, account_create
from accounts.models import Establishment, GuardianLink, RosterImport, StaffMember, User
from accounts.roster.demo import build_demo_roster, current_school_year
from accounts.roster.identifiers import identifier_allocate
from accounts.services import roster_import_files
from core import demo
from core.links import public_url

DEMO_UAI = "0860123X"
DEMO_NAME = "Collège Marcel Pagnol"
DEMO_PASSWORD = "Demo-Cartable-2026!"  # noqa: S105 - published demo password, on demo accounts only
SECRETARIAT_GROUP = "Secrétariat"
SECRETARY = ("Claire", "Dubois")

# The secretariat manages the roster and the accounts of its establishment, the imports and the
# application catalogue; it reads the registers (audit log, identifiers, charter acceptances).
SECRETARIAT_PERMISSIONS = {
    "accounts": {
        "user": ("view", "change", "delete"),
        "pupil": ("view", "change"),
        "guardian": ("view", "change"),
        "guardianlink": ("view",),
        "staffmember": ("view", "add", "change"),
        "division": ("view",),
        "establishment": ("view", "change"),
        "rosterimport": ("view", "add"),
        "auditevent": ("view",),
        "reservedidentifier": ("view",),
    },
    "apps_catalog": {
        "category": ("view", "add", "change", "delete"),
        "application": ("view", "add", "change", "delete"),
        "applicationaudience": ("view", "add", "change", "delete"),
    },
    "portal": {"charteracceptance": ("view",)},
    # Pupils' "accès de secours" requests: the secretariat answers them with a new letter.
    "recovery": {"emergencyaccessrequest": ("view", "change")},
    # Regroupements made by families: the secretariat reads them and may undo one.
    "selfservice": {"accountmerge": ("view", "change")},
    # The bulletins of a class, a level or the school in one PDF: ask (add), follow, download and
    # delete the PDF (view). The admin never changes nor deletes a batch (the sweep erases it).
    "livret": {"bulletinbatch": ("view", "add")},
    # The establishment's Pronote: its address, the PRONOTE-ENT identifiers' import and export.
    "pronote_bridge": {
        "pronotesettings": ("view", "add", "change", "delete"),
        "pronoteimport": ("view", "add"),
        "pronoteentlink": ("view", "delete"),
    },
}
# Apps whose every model permission the secretariat holds (notification letters, reset requests…).
SECRETARIAT_APPS = ("activation", "vie_scolaire", "evaluations", "demarches")


class Command(BaseCommand):
    help = (
        "Crée (ou met à jour) le collège de démonstration « Collège Marcel Pagnol » (UAI 0860123X), "
        "génère ses exports SIECLE et STS, les importe avec l'import réel, puis rend utilisables "
        "quelques comptes de démonstration (parent de deux enfants, élève, enseignant, secrétariat) "
        f"avec le mot de passe {DEMO_PASSWORD}. Sans danger à chaque démarrage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pupils", type=int, default=400, help="nombre d'élèves (défaut 400)")
        parser.add_argument(
            "--seed", type=int, default=2026, help="graine du générateur (défaut 2026)"
        )

    def handle(self, *args, **options):
        establishment = self._establishment()
        roster = build_demo_roster(
            pupils=options["pupils"],
            seed=options["seed"],
            uai=DEMO_UAI,
            school_year=establishment.school_year,
            name=DEMO_NAME,
        )
        with tempfile.TemporaryDirectory(prefix="cartable-demo-") as directory:
            paths = []
            for name, content in roster.files.items():
                path = Path(directory) / name
                path.write_bytes(content)
                paths.append(path)
            files = [(path.name, path.read_bytes()) for path in paths]
        roster_import = roster_import_files(establishment=establishment, files=files)
        if roster_import.status != RosterImport.Status.DONE:
            raise CommandError(messages.demo_import_failed(roster_import.error))
        self._summary(roster_import)
        logins, world = self._demo_accounts(establishment)
        # Each feature app brings its part of a living school (core.demo).
        for step in demo.steps():
            self.stdout.write(step.run(world))
        self._print_logins(logins)

    def _establishment(self) -> Establishment:
        wanted = {
            "name": DEMO_NAME,
            "academie": "Poitiers",
            "city": "Poitiers",
            "school_year": current_school_year(timezone.localdate()),
            "vie_scolaire_phone": "+33549450012",
            "vie_scolaire_fax": "+33549450013",
            "vie_scolaire_email": "vie-scolaire.0860123x@ac-poitiers.fr",
        }
        establishment, created = Establishment.objects.get_or_create(uai=DEMO_UAI, defaults=wanted)
        if not created:
            changed = [
                name for name, value in wanted.items() if getattr(establishment, name) != value
            ]
            for name in changed:
                setattr(establishment, name, wanted[name])
            if changed:
                establishment.full_clean()
                establishment.save(update_fields=changed)
        return establishment

    def _summary(self, roster_import: RosterImport) -> None:
        counts = roster_import.report.get("counts", {})
        created = roster_import.report.get("accounts_created", {})
        pupils = counts.get("pupils", {})
        self.stdout.write(
            f"Import SIECLE de démonstration : {sum(pupils.values()) - pupils.get('left', 0)} élèves "
            f"({pupils.get('created', 0)} nouveaux), {sum(created.values())} comptes créés, "
            f"{len(roster_import.report.get('anomalies', []))} anomalies signalées "
            "(détail dans l'administration, « Imports SIECLE »)."
        )

    @transaction.atomic
    def _demo_accounts(
        self, establishment: Establishment
    ) -> tuple[list[tuple[str, User, str]], demo.DemoWorld]:
        links = (
            GuardianLink.objects.of_current_pupils()
            .filter(
                pupil__establishment=establishment,
                level=GuardianLink.Level.LEGAL,
                guardian__account__isnull=False,
                pupil__account__isnull=False,
            )
            .select_related("guardian__account", "pupil__account", "pupil__division")
            .order_by("guardian__account__username", "pupil__birth_date")
        )
        children: dict[User, list] = defaultdict(list)
        for link in links:
            if link.pupil not in children[link.guardian.account]:
                children[link.guardian.account].append(link.pupil)
        family = next(
            (
                (parent, kids)
                for parent, kids in children.items()
                if len(kids) == 2 and len({kid.division_id for kid in kids}) == 2
            ),
            None,
        )
        if family is None:
            raise CommandError(messages.DEMO_WITHOUT_FAMILY)
        parent, kids = family
        pupil = kids[0]
        teacher = (
            StaffMember.objects.filter(
                establishment=establishment,
                function=StaffMember.Function.TEACHER,
                account__isnull=False,
                main_divisions__isnull=False,
                left_on__isnull=True,
            )
            .select_related("account")
            .order_by("account__username")
            .first()
        )
        if teacher is None:
            raise CommandError(messages.DEMO_WITHOUT_TEACHER)

        staff = {
            function: StaffMember.objects.filter(
                establishment=establishment,
                function=function,
                account__isnull=False,
                left_on__isnull=True,
            )
            .select_related("account")
            .order_by("sts_id")
            .first()
            for function in (StaffMember.Function.EDUCATION, StaffMember.Function.MANAGEMENT)
        }
        education = staff[StaffMember.Function.EDUCATION]
        direction = staff[StaffMember.Function.MANAGEMENT]

        secretary = self._secretary(establishment)
        kids_label = " et ".join(f"{kid.first_name} ({kid.division})" for kid in kids)
        logins = [
            (f"Parent de {kids_label}", parent, f"{parent.username}@example.org"),
            (f"Élève ({pupil.first_name}, {pupil.division})", pupil.account, ""),
            (f"Enseignant ({teacher.first_name} {teacher.last_name.title()})", teacher.account, ""),
        ]
        if education is not None:
            logins.append(("CPE (vie scolaire)", education.account, ""))
        if direction is not None:
            logins.append(("Direction", direction.account, ""))
        logins.append(("Secrétariat (administration)", secretary, ""))
        for _, user, email in logins:
            self._make_usable(user, email)
        world = demo.DemoWorld(
            establishment=establishment,
            today=timezone.localdate(),
            parent=parent,
            children=kids,
            teacher=teacher,
            education=education,
            direction=direction,
            secretary=secretary,
        )
        return logins, world

    def _secretary(self, establishment: Establishment) -> User:
        group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
        permissions = Q(pk__in=[])
        for app_label, models in SECRETARIAT_PERMISSIONS.items():
            for model, actions in models.items():
                permissions |= Q(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
        permissions |= Q(content_type__app_label__in=SECRETARIAT_APPS)
        group.permissions.set(Permission.objects.filter(permissions))
        first_name, last_name = SECRETARY
        secretary = User.objects.filter(
            groups=group, establishment=establishment, first_name=first_name, last_name=last_name
        ).first()
        if secretary is None:
            secretary = account_create(
                username=identifier_allocate(first_name=first_name, last_name=last_name),
                first_name=first_name,
                last_name=last_name,
                profile=User.Profile.PERSONNEL,
                state=User.State.ACTIVE,
                establishment=establishment,
                is_staff=True,
                audit=Audit(action=AuditAction.DEMO_ACCOUNT_READY, establishment=establishment),
            )
            secretary.groups.add(group)
        return secretary

    @staticmethod
    def _make_usable(user: User, email: str) -> None:
        # Checking first keeps the password hash, hence the demo sessions, across restarts.
        password = None if user.check_password(DEMO_PASSWORD) else DEMO_PASSWORD
        email_to_set = email if email and not user.email else None
        if password is None and email_to_set is None and user.state == User.State.ACTIVE:
            return
        account_activate(
            account=user,
            password=password,
            email=email_to_set,
            audit=Audit(action=AuditAction.DEMO_ACCOUNT_READY, establishment=user.establishment),
        )

    def _print_logins(self, logins: list[tuple[str, User, str]]) -> None:
        base = public_url("")
        rows = [("Profil", "Identifiant", "Mot de passe")] + [
            (label, user.username, DEMO_PASSWORD) for label, user, _ in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Portail : {base}/"))
        self.stdout.write(
            f"Administration (secrétariat) : {base}/admin/ — à la première visite, activez le passecode "
            "OTP avec une application d'authentification (FreeOTP, Google Authenticator…)."
        )
        self.stdout.write("Comptes de démonstration :")
        for number, row in enumerate(rows):
            self.stdout.write(
                "  "
                + "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True))
            )
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
