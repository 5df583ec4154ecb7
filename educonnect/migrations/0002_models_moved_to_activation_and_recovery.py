from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('educonnect', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns the models moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='passwordresettoken',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='smscode',
                    name='account',
                ),
                migrations.DeleteModel(
                    name='EmergencyAccessRequest',
                ),
                migrations.DeleteModel(
                    name='PasswordResetToken',
                ),
                migrations.DeleteModel(
                    name='SmsCode',
                ),
            ],
            database_operations=[],
        ),
    ]
