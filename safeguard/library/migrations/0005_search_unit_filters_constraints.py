"""The constraints and browse index of the search rows filled by 0004."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_search_unit_filters_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchunit",
            name="resource",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="library.resource"
            ),
        ),
        migrations.AddIndex(
            model_name='searchunit',
            index=models.Index(fields=['resource_access', 'file', '-year', '-version', 'resource_type', 'theme_bits', 'language_bits'], name='library_unit_browse'),
        ),
        migrations.AddConstraint(
            model_name='searchunit',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('file__isnull', True), ('file_access', '')), models.Q(('file__isnull', False), ('file_access__in', ['public', 'members', 'restricted', 'embargoed'])), _connector='OR'), name='library_unit_file_access_iff_file'),
        ),
        migrations.AddConstraint(
            model_name='searchunit',
            constraint=models.CheckConstraint(condition=models.Q(('resource_access__in', ['', 'public', 'members', 'restricted'])), name='library_unit_resource_access_valid'),
        ),
    ]
