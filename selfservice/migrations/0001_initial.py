import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, content_types_move_back


FROM_TELESERVICES = ['emailchangerequest', 'accountmerge']


def move_content_types(apps, schema_editor):
    content_types_move(apps, from_app='teleservices', to_app='selfservice', models=FROM_TELESERVICES)


def move_content_types_back(apps, schema_editor):
    content_types_move_back(apps, from_app='teleservices', to_app='selfservice', models=FROM_TELESERVICES)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('teleservices', '0004_models_moved_to_activation_and_selfservice'),
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
                    name='EmailChangeRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('old_email', models.EmailField(blank=True, max_length=254, verbose_name='ancienne adresse')),
                        ('new_email', models.EmailField(max_length=254, verbose_name='nouvelle adresse')),
                        ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='demandé le')),
                        ('expires_at', models.DateTimeField(db_index=True, verbose_name="valable jusqu'au")),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmé le')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='annulé le')),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_changes', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                    ],
                    options={
                        'verbose_name': "changement d'adresse électronique",
                        'verbose_name_plural': "changements d'adresse électronique",
                        'db_table': 'teleservices_emailchangerequest',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AccountMerge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('joint', models.BooleanField(default=False, verbose_name='compte joint (responsables 1 et 2)')),
                        ('absorbed_previous_state', models.CharField(max_length=16, verbose_name='état du compte fermé avant regroupement')),
                        ('guardian_ids', models.JSONField(default=list, verbose_name='fiches responsables déplacées')),
                        ('link_ids', models.JSONField(default=list, verbose_name='liens élève – responsable déplacés')),
                        ('pupil_ids', models.JSONField(default=list, verbose_name='élèves rattachés')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='regroupé le')),
                        ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='annulé le')),
                        ('absorbed', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='merges_closed', to=settings.AUTH_USER_MODEL, verbose_name='compte fermé')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='fait par')),
                        ('establishment', models.ForeignKey(blank=True, help_text='Celui des fiches responsables rattachées au compte fermé.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.establishment', verbose_name='établissement')),
                        ('survivor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='merges_kept', to=settings.AUTH_USER_MODEL, verbose_name='compte conservé')),
                        ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='annulé par')),
                    ],
                    options={
                        'verbose_name': 'regroupement de comptes',
                        'verbose_name_plural': 'regroupements de comptes',
                        'db_table': 'teleservices_accountmerge',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('undone_at__isnull', True)), fields=('absorbed',), name='account_merge_absorbed_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
