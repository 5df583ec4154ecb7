"""What the Scolarité services space remembers: when a family last looked at a child's section,
so that ACCUEIL and NOTES can flag what is new since."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SectionVisit(models.Model):
    """The last two visits of ``user`` to a section of ``pupil``'s space. ``previous_seen_at`` is
    the visit before the current one: what happened after it is "new" for the whole of a visit,
    not only until the page is reloaded."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="section_visits",
    )
    pupil = models.ForeignKey(
        "accounts.Pupil", verbose_name="élève", on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField("rubrique", max_length=20)
    seen_at = models.DateTimeField("dernière visite")
    previous_seen_at = models.DateTimeField("visite précédente", null=True, blank=True)

    class Meta:
        verbose_name = "visite d'une rubrique"
        verbose_name_plural = "visites des rubriques"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "pupil", "section"], name="section_visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.pupil} ({self.section})"
