"""The SIECLE / STS roster: pupils, guardians, their links, staff."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from .establishments import Division, Establishment
from .users import User


def current_pupil_q(prefix: str = "", *, today: datetime.date | None = None) -> Q:
    """Pupils still at school (no departure date, or one still to come). ``prefix`` reaches the
    pupil from another model ("pupil__"). The one definition of a current pupil."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": today})


class PupilQuerySet(models.QuerySet):
    def current(self, *, today: datetime.date | None = None) -> PupilQuerySet:
        return self.filter(current_pupil_q(today=today))


class GuardianLinkQuerySet(models.QuerySet):
    def of_current_pupils(self, *, today: datetime.date | None = None) -> GuardianLinkQuerySet:
        return self.filter(current_pupil_q("pupil__", today=today))

    def legal(self) -> GuardianLinkQuerySet:
        return self.filter(level=GuardianLink.Level.LEGAL)


class Pupil(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", "Masculin"
        FEMALE = "F", "Féminin"

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="pupils"
    )
    siecle_id = models.CharField("ELEVE_ID", max_length=20)
    elenoet = models.CharField("ELENOET", max_length=20, blank=True)
    ine = models.CharField("INE", max_length=11, blank=True, db_index=True)
    last_name = models.CharField("nom de famille", max_length=100)
    usage_name = models.CharField("nom d'usage", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    second_first_name = models.CharField("deuxième prénom", max_length=100, blank=True)
    # Empty when SIECLE has none: the pupil is still imported (and reported), first connection
    # then cannot check the date and sends the family to the school.
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    mef_code = models.CharField("code MEF", max_length=11, blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
    )
    entered_on = models.DateField("date d'entrée", null=True, blank=True)
    left_on = models.DateField("date de sortie", null=True, blank=True)
    account = models.OneToOneField(
        User,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = "élève"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "siecle_id"], name="pupil_unique_siecle_id"
            )
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="pupil_name_idx")]

    def __str__(self) -> str:
        return f"{self.display_last_name} {self.first_name}"

    @property
    def display_last_name(self) -> str:
        return self.usage_name or self.last_name

    @property
    def is_current(self) -> bool:
        # The Python side of current_pupil_q.
        return self.left_on is None or self.left_on > timezone.localdate()


class Guardian(models.Model):
    """A person of the SIECLE guardians export (PERSONNE)."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="guardians",
    )
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
    address_lines = models.TextField(
        "adresse", blank=True, help_text="Une ligne par ligne d'adresse."
    )
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("commune", max_length=120, blank=True)
    country = models.CharField("pays", max_length=80, blank=True)
    # Set by the roster import when the person is no longer in the guardians export (the
    # export's date), cleared if they come back; the record stays for history and letters.
    left_on = models.DateField("absent de l'export depuis le", null=True, blank=True)
    account = models.ForeignKey(
        User,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian_records",
    )
    pupils = models.ManyToManyField(
        Pupil, verbose_name="enfants", through="GuardianLink", related_name="guardians"
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "responsable"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "siecle_id"], name="guardian_unique_siecle_id"
            )
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

    objects = GuardianLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "lien élève – responsable"
        verbose_name_plural = "liens élève – responsable"
        constraints = [
            models.UniqueConstraint(fields=["pupil", "guardian"], name="guardian_link_unique")
        ]

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

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="staff",
    )
    sts_id = models.CharField("identifiant STS", max_length=20)
    sts_type = models.CharField("type", max_length=20, blank=True)
    civility = models.CharField("civilité", max_length=10, blank=True)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    function = models.CharField("fonction", max_length=3, choices=Function.choices, blank=True)
    divisions = models.ManyToManyField(
        Division, verbose_name="classes", blank=True, related_name="teachers"
    )
    main_divisions = models.ManyToManyField(
        Division, verbose_name="professeur principal de", blank=True, related_name="main_teachers"
    )
    account = models.ForeignKey(
        User,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
    )
    left_on = models.DateField("date de départ", null=True, blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "personnel"
        verbose_name_plural = "personnels"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "sts_id"], name="staff_unique_sts_id")
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"
