"""Deletions made through querysets (admin bulk actions, cascades) skip ``Model.delete``:
these receivers make every deletion invalidate the cached tile lists too."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Application, ApplicationAudience, Category, bump_catalog_version


@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=Application)
@receiver(post_delete, sender=ApplicationAudience)
def catalog_row_deleted(sender, **kwargs) -> None:
    bump_catalog_version()
