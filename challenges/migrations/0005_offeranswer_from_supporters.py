# OfferAnswer moves here from supporters. The table exists already (supporters 0002 made it): this adds
# the model to the migration state only, with the same table, constraint and index names.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0004_confirmed_sponsor_without_claimant'),
        ('families', '0001_initial'),
        ('supporters', '0004_offeranswer_moves_to_challenges'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OfferAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message', models.CharField(blank=True, max_length=500, verbose_name='message to the coach')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='at')),
                        ('offer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='families.offer', verbose_name='offer')),
                        ('supporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='offer_answers', to='supporters.supporter', verbose_name='supporter')),
                    ],
                    options={
                        'verbose_name': 'answer to an offer',
                        'verbose_name_plural': 'answers to offers',
                        'db_table': 'supporters_offeranswer',
                        'ordering': ['offer', 'created_at'],
                        'constraints': [models.UniqueConstraint(fields=('offer', 'supporter'), name='supporters_offer_answer_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
