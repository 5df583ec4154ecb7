from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('teleservices', '0003_outboxmessage_moved_to_outbox'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns the models moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='emailchangerequest',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='emailconfirmation',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='firstconnectionlock',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='firstconnectionlock',
                    name='establishment',
                ),
                migrations.RemoveField(
                    model_name='firstconnectionlock',
                    name='letter',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='division',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='establishment',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='pupil',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='division',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='establishment',
                ),
                migrations.DeleteModel(
                    name='AccountMerge',
                ),
                migrations.DeleteModel(
                    name='EmailChangeRequest',
                ),
                migrations.DeleteModel(
                    name='EmailConfirmation',
                ),
                migrations.DeleteModel(
                    name='FirstConnectionLock',
                ),
                migrations.DeleteModel(
                    name='Letter',
                ),
                migrations.DeleteModel(
                    name='LetterBatch',
                ),
            ],
            database_operations=[],
        ),
    ]
