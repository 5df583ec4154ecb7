"""Establishments, the SIECLE roster (pupils, guardians, staff) and the accounts built from it."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from phonenumber_field.modelfields import PhoneNumberField

uai_validator = RegexValidator(
    r"^\d{7}[A-Z]$", "Un code UAI comporte 7 chiffres suivis d'une lettre majuscule (ex. 0860123X)."
)


class Establishment(models.Model):
    class Kind(models.TextChoices):
        EDUCATION_NATIONALE = "EN", "Éducation nationale"
        AGRICOLE = "AGRI", "Agricole"

    uai = models.CharField("UAI", max_length=8, unique=True, validators=[uai_validator])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=4, choices=Kind.choices, default=Kind.EDUCATION_NATIONALE)
    academie = models.CharField("académie", max_length=80, blank=True)
    city = models.CharField("commune", max_length=120, blank=True)
    school_year = models.PositiveSmallIntegerField(
        "année scolaire en cours",
        help_text="Année de la rentrée (2026 pour 2026-2027). Les exports SIECLE d'une autre année sont refusés.",
    )
    vie_scolaire_phone = PhoneNumberField("téléphone vie scolaire", blank=True)
    vie_scolaire_fax = PhoneNumberField("fax vie scolaire", blank=True)
    vie_scolaire_email = models.EmailField("courriel vie scolaire", blank=True)

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class Division(models.Model):
    """A class ("division" in SIECLE), e.g. "5 B"."""

    class Level(models.TextChoices):
        SIXIEME = "6", "6e"
        CINQUIEME = "5", "5e"
        QUATRIEME = "4", "4e"
        TROISIEME = "3", "3e"
        OTHER = "", "Autre"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="divisions")
    code = models.CharField("code", max_length=8)
    level = models.CharField("niveau", max_length=1, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = "classe"
        ordering = ["establishment", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "code"], name="division_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # An administrator created from the command line has no letter to activate: active at once.
        extra_fields.setdefault("state", User.State.ACTIVE)
        extra_fields.setdefault("profile", User.Profile.PERSONNEL)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. ``username`` is the identifier (``p.nom``, ``p.nom2``…)."""

    class Profile(models.TextChoices):
        ELEVE = "eleve", "Élève"
        PARENT = "parent", "Parent / responsable légal"
        ENSEIGNANT = "enseignant", "Enseignant"
        PERSONNEL = "personnel", "Personnel non-enseignant"
        REGION = "region", "Personnel de la Région"
        AUTRE = "autre", "Autre"

    class State(models.TextChoices):
        PROVISIONAL = "provisional", "Provisoire (courrier non utilisé)"
        AWAITING_EMAIL = "awaiting_email", "En attente de validation du courriel"
        ACTIVE = "active", "Actif"
        CLOSED = "closed", "Fermé"
        EXPIRED = "expired", "Expiré"

    # Profiles that come in through the EduConnect-style form, the others through the academic one.
    EDUCONNECT_PROFILES = frozenset({Profile.ELEVE, Profile.PARENT})

    # Few distinct values: no index on profile, and only the pending states are indexed (see Meta).
    profile = models.CharField("profil", max_length=12, choices=Profile.choices)
    state = models.CharField("état", max_length=16, choices=State.choices, default=State.PROVISIONAL)
    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement de rattachement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text="Pour le personnel : l'établissement dont il gère les comptes.",
        db_index=False,  # partial index in Meta: only staff accounts have one
    )
    # Rotated to end every session of the account at once ("se déconnecter partout").
    session_stamp = models.CharField(max_length=32, default=new_session_stamp, editable=False)
    accepted_charter_version = models.PositiveIntegerField(
        "version de charte acceptée", null=True, blank=True, editable=False
    )
    state_changed_at = models.DateTimeField("changement d'état", default=timezone.now)

    objects = UserManager()

    # Every index costs each UPDATE that is not HOT one more write, and the daily sweep updates up to
    # a million accounts: the table keeps the indexes queries use and no more (docs/activation.md).
    class Meta:
        verbose_name = "compte"
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
            # The sweep's batches: accounts still waiting for their first connection or e-mail, by id.
            models.Index(
                fields=["state", "id"],
                condition=models.Q(state__in=["provisional", "awaiting_email"]),
                name="user_pending_state_idx",
            ),
            # The purge's batches: swept accounts by id (one index write more per swept account,
            # instead of a scan of every "#balaye-" identifier per batch).
            models.Index(fields=["id"], condition=models.Q(state="expired"), name="user_expired_idx"),
            models.Index(
                fields=["establishment"],
                condition=models.Q(establishment__isnull=False),
                name="user_establishment_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def is_guardian(self) -> bool:
        return self.profile == self.Profile.PARENT

    @property
    def is_pupil(self) -> bool:
        return self.profile == self.Profile.ELEVE

    def get_session_auth_hash(self) -> str:
        # Django invalidates sessions whose stored hash differs: mixing the stamp in lets one
        # update end every session of the account, whatever the session backend.
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_stamp}",
            algorithm="sha256",
        ).hexdigest()

    def rotate_session_stamp(self) -> None:
        self.session_stamp = new_session_stamp()


class ReservedIdentifier(models.Model):
    """Every identifier ever handed out. Kept when its account goes, so none is ever reused."""

    value = models.CharField(max_length=150, unique=True)
    base = models.CharField(max_length=150, db_index=True)
    number = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "identifiant attribué"
        verbose_name_plural = "identifiants attribués"

    def __str__(self) -> str:
        return self.value


class Pupil(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", "Masculin"
        FEMALE = "F", "Féminin"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="pupils")
    siecle_id = models.CharField("ELEVE_ID", max_length=20)
    elenoet = models.CharField("ELENOET", max_length=20, blank=True)
    ine = models.CharField("INE", max_length=11, blank=True, db_index=True)
    last_name = models.CharField("nom de famille", max_length=100)
    usage_name = models.CharField("nom d'usage", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    second_first_name = models.CharField("deuxième prénom", max_length=100, blank=True)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    mef_code = models.CharField("code MEF", max_length=11, blank=True)
    division = models.ForeignKey(
        Division, verbose_name="classe", on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils"
    )
    entered_on = models.DateField("date d'entrée", null=True, blank=True)
    left_on = models.DateField("date de sortie", null=True, blank=True)
    account = models.OneToOneField(
        User, verbose_name="compte", on_delete=models.SET_NULL, null=True, blank=True, related_name="pupil"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "élève"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "siecle_id"], name="pupil_unique_siecle_id")
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="pupil_name_idx")]

    def __str__(self) -> str:
        return f"{self.display_last_name} {self.first_name}"

    @property
    def display_last_name(self) -> str:
        return self.usage_name or self.last_name

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


class Guardian(models.Model):
    """A person of the SIECLE guardians export (PERSONNE)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="guardians")
    siecle_id = models.CharField("PERSONNE_ID", max_length=20)
    civility = models.CharField("civilité", max_length=10, blank=True)
    last_name = models.CharField("nom de famille", max_length=100)
    usage_name = models.CharField("nom d'usage", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    phone_home = PhoneNumberField("téléphone personnel", blank=True)
    phone_mobile = PhoneNumberField("téléphone portable", blank=True, db_index=True)
    phone_work = PhoneNumberField("téléphone professionnel", blank=True)
    email = models.EmailField("courriel", blank=True)
    accepts_sms = models.BooleanField("accepte les SMS", null=True, blank=True)
    address_lines = models.TextField("adresse", blank=True, help_text="Une ligne par ligne d'adresse.")
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("commune", max_length=120, blank=True)
    country = models.CharField("pays", max_length=80, blank=True)
    account = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.SET_NULL, null=True, blank=True, related_name="guardian_records"
    )
    pupils = models.ManyToManyField(Pupil, through="GuardianLink", related_name="guardians")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "responsable"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "siecle_id"], name="guardian_unique_siecle_id")
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="guardian_name_idx")]

    def __str__(self) -> str:
        return f"{self.civility} {self.display_last_name} {self.first_name}".strip()

    @property
    def display_last_name(self) -> str:
        return self.usage_name or self.last_name


class GuardianLink(models.Model):
    class Level(models.IntegerChoices):
        LEGAL = 1, "Représentant légal"
        IN_CHARGE = 2, "Personne en charge"
        CONTACT = 3, "Personne à contacter"

    class Parente(models.TextChoices):
        MERE = "10", "Mère"
        PERE = "20", "Père"
        FRATRIE = "37", "Fratrie"
        ASCENDANT = "38", "Ascendant"
        FAMILLE = "39", "Autre membre de la famille"
        EDUCATEUR = "41", "Éducateur"
        ASSISTANT_FAMILIAL = "42", "Assistant familial"
        TUTEUR = "50", "Tuteur"
        ASE = "51", "Aide sociale à l'enfance"
        ELEVE = "70", "Élève lui-même"
        AUTRE = "90", "Autre cas"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="links")
    level = models.PositiveSmallIntegerField("niveau de responsabilité", choices=Level.choices)
    parente = models.CharField("lien de parenté", max_length=2, choices=Parente.choices, blank=True)
    rank = models.PositiveSmallIntegerField(
        "rang", null=True, blank=True, help_text="Responsable légal 1 ou 2 (ordre du fichier)."
    )
    pays_fees = models.BooleanField("paie les frais scolaires", default=False)
    receives_aid = models.BooleanField("perçoit les aides", default=False)
    hosts_pupil = models.BooleanField("héberge l'élève", default=False)
    priority_contact = models.BooleanField("à contacter en priorité", default=False)

    class Meta:
        verbose_name = "lien élève – responsable"
        verbose_name_plural = "liens élève – responsable"
        constraints = [models.UniqueConstraint(fields=["pupil", "guardian"], name="guardian_link_unique")]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.pupil} ({self.get_level_display()})"


class StaffMember(models.Model):
    """A person of the STS-web export (INDIVIDU), or staff added by the school."""

    class Function(models.TextChoices):
        TEACHER = "ENS", "Enseignant"
        MANAGEMENT = "DIR", "Direction"
        EDUCATION = "EDU", "Éducation"
        DOCUMENTATION = "DOC", "Documentation"
        ADMINISTRATION = "ADF", "Administration"
        OTHER = "", "Autre / non renseignée"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="staff")
    sts_id = models.CharField("identifiant STS", max_length=20)
    sts_type = models.CharField("type", max_length=20, blank=True)
    civility = models.CharField("civilité", max_length=10, blank=True)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    function = models.CharField("fonction", max_length=3, choices=Function.choices, blank=True)
    divisions = models.ManyToManyField(Division, verbose_name="classes", blank=True, related_name="teachers")
    main_divisions = models.ManyToManyField(
        Division, verbose_name="professeur principal de", blank=True, related_name="main_teachers"
    )
    account = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_records"
    )
    left_on = models.DateField("date de départ", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "personnel"
        verbose_name_plural = "personnels"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "sts_id"], name="staff_unique_sts_id")
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"


class ProgressMixin:
    """``percent`` of a background job with ``status`` ("done" when finished), ``processed`` and
    ``total``. No fields of its own, so the models using it need no migration."""

    status: str
    processed: int
    total: int

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if not self.total:
            return 0
        return min(100, int(self.processed * 100 / self.total))


class RosterImport(ProgressMixin, models.Model):
    """One upload of SIECLE/STS files, imported in the background with progress."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Échec"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField("fichier", upload_to="imports/%Y/%m/")
    original_name = models.CharField("nom du fichier", max_length=255)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    processed = models.PositiveIntegerField("éléments traités", default=0)
    total = models.PositiveIntegerField("éléments à traiter", default=0)
    report = models.JSONField("rapport", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import SIECLE"
        verbose_name_plural = "imports SIECLE"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class AuditEvent(models.Model):
    """Who did what, to which account or object, and when. Never deleted by the sweeps."""

    created_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    # Partial index in Meta: the sweep writes a million records without an actor.
    actor = models.ForeignKey(
        User, verbose_name="auteur", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_index=False,
    )
    actor_label = models.CharField("auteur (texte)", max_length=150, blank=True)
    action = models.CharField("action", max_length=64)  # indexed in Meta, without a LIKE index
    establishment = models.ForeignKey(
        Establishment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_type = models.CharField("type de cible", max_length=64, blank=True)
    target_id = models.CharField("identifiant de la cible", max_length=64, blank=True)
    target_label = models.CharField("cible", max_length=255, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        verbose_name = "événement d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["action"], name="audit_action_idx"),
            models.Index(fields=["actor"], condition=models.Q(actor__isnull=False), name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.target_label}"
