import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, content_types_move_back


FROM_EDUCONNECT = ['passwordresettoken', 'emergencyaccessrequest']


def move_content_types(apps, schema_editor):
    content_types_move(apps, from_app='educonnect', to_app='recovery', models=FROM_EDUCONNECT)


def move_content_types_back(apps, schema_editor):
    content_types_move_back(apps, from_app='educonnect', to_app='recovery', models=FROM_EDUCONNECT)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('educonnect', '0002_models_moved_to_activation_and_recovery'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('accounts', '0003_audit_actions_enumerated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='PasswordResetToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyé le')),
                        ('expires_at', models.DateTimeField(db_index=True, verbose_name="valable jusqu'au")),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='utilisé le')),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='password_reset_tokens', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                    ],
                    options={
                        'verbose_name': 'lien de réinitialisation',
                        'verbose_name_plural': 'liens de réinitialisation',
                        'db_table': 'educonnect_passwordresettoken',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='EmergencyAccessRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('last_name', models.CharField(max_length=100, verbose_name='nom saisi')),
                        ('first_name', models.CharField(max_length=100, verbose_name='prénom saisi')),
                        ('division_label', models.CharField(max_length=20, verbose_name='classe saisie')),
                        ('birth_date', models.DateField(verbose_name='date de naissance saisie')),
                        ('message', models.TextField(blank=True, max_length=1000, verbose_name='message')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('status', models.CharField(choices=[('open', 'À traiter'), ('resolved', 'Traitée (nouveau courrier)'), ('rejected', 'Rejetée')], db_index=True, default='open', max_length=8, verbose_name='état')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='reçue le')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='traitée le')),
                        ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emergency_requests', to='accounts.establishment', verbose_name='établissement')),
                        ('pupil', models.ForeignKey(blank=True, help_text='Vide quand les informations saisies ne désignent aucun élève de façon certaine.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='emergency_requests', to='accounts.pupil', verbose_name='élève reconnu')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='traitée par')),
                    ],
                    options={
                        'verbose_name': "demande d'accès de secours",
                        'verbose_name_plural': "demandes d'accès de secours",
                        'db_table': 'educonnect_emergencyaccessrequest',
                        'ordering': ['status', '-created_at'],
                        'indexes': [models.Index(fields=['establishment', 'status'], name='emergency_estab_status_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
