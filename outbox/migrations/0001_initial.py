
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, content_types_move_back


MOVED = ['outboxmessage']


def move_content_types(apps, schema_editor):
    content_types_move(apps, from_app='teleservices', to_app='outbox', models=MOVED)


def move_content_types_back(apps, schema_editor):
    content_types_move_back(apps, from_app='teleservices', to_app='outbox', models=MOVED)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('teleservices', '0003_outboxmessage_moved_to_outbox'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model moves.
            state_operations=[
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('mail', 'Courriel'), ('sms', 'SMS')], default='mail', max_length=4, verbose_name='type')),
                        ('idempotency_key', models.CharField(max_length=100, unique=True, verbose_name="clé d'unicité")),
                        ('to', models.CharField(max_length=254, verbose_name='destinataire')),
                        ('from_address', models.CharField(blank=True, max_length=254, verbose_name='expéditeur')),
                        ('subject', models.CharField(blank=True, max_length=255, verbose_name='objet')),
                        ('body', models.TextField(verbose_name='message')),
                        ('html_body', models.TextField(blank=True, verbose_name='message HTML')),
                        ('attachments', models.JSONField(blank=True, default=list, verbose_name='pièces jointes')),
                        ('status', models.CharField(choices=[('pending', 'À envoyer'), ('sending', "En cours d'envoi"), ('sent', 'Envoyé'), ('failed', 'Abandonné')], default='pending', max_length=8, verbose_name='état')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='prochain essai')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='pris en charge le')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='envoyé le')),
                        ('last_error', models.TextField(blank=True, verbose_name='dernière erreur')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='créé le')),
                    ],
                    options={
                        'verbose_name': 'message sortant',
                        'verbose_name_plural': 'messages sortants',
                        'db_table': 'teleservices_outboxmessage',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(condition=models.Q(('status__in', ['pending', 'sending'])), fields=['next_attempt_at'], name='outbox_due_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
