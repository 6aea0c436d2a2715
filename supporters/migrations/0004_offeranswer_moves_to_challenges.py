# OfferAnswer now belongs to challenges (the offers board). Only the migration state forgets it here:
# the table supporters_offeranswer stays, and challenges 0005 takes it over under the same name.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('supporters', '0003_notification_emailed_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='OfferAnswer'),
            ],
            database_operations=[],
        ),
    ]
