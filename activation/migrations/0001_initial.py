import accounts.models.imports
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, content_types_move_back


FROM_TELESERVICES = ['letter', 'letterbatch', 'firstconnectionlock', 'emailconfirmation']
FROM_EDUCONNECT = ['smscode']


def move_content_types(apps, schema_editor):
    content_types_move(apps, from_app='teleservices', to_app='activation', models=FROM_TELESERVICES)
    content_types_move(apps, from_app='educonnect', to_app='activation', models=FROM_EDUCONNECT)


def move_content_types_back(apps, schema_editor):
    content_types_move_back(apps, from_app='teleservices', to_app='activation', models=FROM_TELESERVICES)
    content_types_move_back(apps, from_app='educonnect', to_app='activation', models=FROM_EDUCONNECT)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('teleservices', '0004_models_moved_to_activation_and_selfservice'),
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
                    name='EmailConfirmation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='courriel')),
                        ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyé le')),
                        ('expires_at', models.DateTimeField(db_index=True, verbose_name="valable jusqu'au")),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='utilisé le')),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_confirmations', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                    ],
                    options={
                        'verbose_name': 'confirmation de courriel',
                        'verbose_name_plural': 'confirmations de courriel',
                        'db_table': 'teleservices_emailconfirmation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Letter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('pupil', 'Élève'), ('guardian', 'Responsable')], max_length=8, verbose_name='destinataire')),
                        ('identifier', models.CharField(max_length=150, verbose_name='identifiant')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='créé le')),
                        ('expires_at', models.DateTimeField(verbose_name="valable jusqu'au")),
                        ('temp_password_hash', models.CharField(editable=False, max_length=255, verbose_name='empreinte du mot de passe provisoire')),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='première connexion le')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='annulé le')),
                        ('swept_at', models.DateTimeField(blank=True, null=True, verbose_name='compte supprimé le')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='envoyé par courriel le')),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='letters', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                        ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='letters', to='accounts.division', verbose_name='classe')),
                        ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='accounts.establishment', verbose_name='établissement')),
                        ('pupil', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='accounts.pupil', verbose_name='élève')),
                        ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='letters', to='accounts.guardian', verbose_name='responsable destinataire')),
                    ],
                    options={
                        'verbose_name': 'courrier de notification',
                        'verbose_name_plural': 'courriers de notification',
                        'db_table': 'teleservices_letter',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='FirstConnectionLock',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('reason', models.CharField(choices=[('account', "Trop d'essais sur ce compte"), ('ip', "Trop d'essais depuis cette adresse IP")], max_length=8, verbose_name='motif')),
                        ('failures', models.PositiveSmallIntegerField(default=0, verbose_name='essais erronés')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='bloqué le')),
                        ('locked_until', models.DateTimeField(db_index=True, verbose_name="bloqué jusqu'au")),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='first_connection_locks', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                        ('establishment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.establishment')),
                        ('letter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='locks', to='activation.letter', verbose_name='courrier')),
                    ],
                    options={
                        'verbose_name': 'courrier bloqué',
                        'verbose_name_plural': 'courriers bloqués',
                        'db_table': 'teleservices_firstconnectionlock',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='LetterBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scope', models.CharField(choices=[('division', 'Une classe'), ('level', 'Un niveau'), ('school', "Tout l'établissement"), ('selection', "Une sélection d'élèves"), ('reset', 'Réinitialisation de comptes')], max_length=10, verbose_name='périmètre')),
                        ('scope_label', models.CharField(blank=True, max_length=255, verbose_name='description')),
                        ('level', models.CharField(blank=True, max_length=1, verbose_name='niveau')),
                        ('pupil_ids', models.JSONField(blank=True, default=list, verbose_name='élèves sélectionnés')),
                        ('reset_pairs', models.JSONField(blank=True, default=list, verbose_name='comptes à réinitialiser')),
                        ('include_pupils', models.BooleanField(default=True, verbose_name='courriers élèves')),
                        ('include_guardians', models.BooleanField(default=True, verbose_name='courriers responsables')),
                        ('send_email', models.BooleanField(default=False, verbose_name="envoyer aussi par courriel aux responsables dont l'adresse est connue")),
                        ('status', models.CharField(choices=[('pending', 'En attente'), ('running', 'En cours'), ('done', 'Terminé'), ('failed', 'Échec')], default='pending', max_length=10, verbose_name='état')),
                        ('processed', models.PositiveIntegerField(default=0, verbose_name='courriers générés')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='courriers à générer')),
                        ('report', models.JSONField(blank=True, default=dict, verbose_name='rapport')),
                        ('error', models.TextField(blank=True, verbose_name='erreur')),
                        ('pdf_path', models.CharField(blank=True, editable=False, max_length=255, verbose_name='fichier PDF')),
                        ('pdf_expires_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="PDF disponible jusqu'au")),
                        ('pdf_deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='PDF supprimé le')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='créé le')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='commencé le')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='demandé par')),
                        ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.division', verbose_name='classe')),
                        ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letter_batches', to='accounts.establishment', verbose_name='établissement')),
                    ],
                    options={
                        'verbose_name': 'lot de courriers',
                        'verbose_name_plural': 'lots de courriers',
                        'db_table': 'teleservices_letterbatch',
                        'ordering': ['-created_at'],
                    },
                    bases=(accounts.models.imports.ProgressMixin, models.Model),
                ),
                migrations.AddField(
                    model_name='letter',
                    name='batch',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='letters', to='activation.letterbatch', verbose_name='lot'),
                ),
                migrations.CreateModel(
                    name='SmsCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('purpose', models.CharField(choices=[('creation', 'Création de compte'), ('password_reset', 'Mot de passe oublié')], max_length=16, verbose_name='usage')),
                        ('phone', models.CharField(db_index=True, max_length=20, verbose_name='numéro (E.164)')),
                        ('code_salt', models.CharField(editable=False, max_length=32)),
                        ('code_hash', models.CharField(editable=False, max_length=64)),
                        ('guardian_ids', models.JSONField(blank=True, default=list, verbose_name='responsables')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='essais')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyé le')),
                        ('expires_at', models.DateTimeField(db_index=True, verbose_name="valable jusqu'au")),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='utilisé le')),
                        ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='vérifié le')),
                        ('identifier', models.CharField(blank=True, max_length=150, verbose_name='identifiant annoncé')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sms_codes', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                    ],
                    options={
                        'verbose_name': 'code SMS',
                        'verbose_name_plural': 'codes SMS',
                        'db_table': 'educonnect_smscode',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='letter',
                    index=models.Index(fields=['account', 'expires_at'], name='letter_account_expiry_idx'),
                ),
                migrations.AddIndex(
                    model_name='letter',
                    index=models.Index(fields=['establishment', 'division'], name='letter_estab_division_idx'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
