
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('teleservices', '0002_account_merge_email_change'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model moves.
            state_operations=[
                migrations.DeleteModel(
                    name='OutboxMessage',
                ),
            ],
            database_operations=[],
        ),
    ]
