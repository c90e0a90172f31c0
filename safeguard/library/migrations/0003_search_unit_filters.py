"""Copy onto each search index row what every search filters and counts on (see ``SearchUnit``).

Three steps, each its own transaction (PostgreSQL refuses to build an index or alter a table in
the transaction that just updated its foreign keys): the columns (here), the rows filled from
their version, resource and file (0004), then the constraints and the browse index (0005).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0002_search_backends'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchunit',
            name='file_access',
            field=models.CharField(blank=True, default='', max_length=12),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='language_bits',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='resource',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='library.resource'),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='resource_access',
            field=models.CharField(blank=True, default='', max_length=12),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='resource_type',
            field=models.CharField(blank=True, default='', max_length=20),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='theme_bits',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='searchunit',
            name='year',
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
