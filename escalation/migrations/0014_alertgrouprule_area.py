"""Each kabupaten keeps its own alert-grouping rules: a rule may name its kabupaten/kota (issue 18).

Existing rules keep no kabupaten: they stay the installation's, holding in every kabupaten served,
as the policies did when they became per kabupaten (no data migration then: a policy without areas
stays the installation's).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0013_office_provincial_choices'),
        ('regions', '0008_province_above_the_kabupaten'),
    ]

    operations = [
        migrations.AddField(
            model_name='alertgrouprule',
            name='area',
            field=models.ForeignKey(blank=True, help_text='Kosong: berlaku di setiap kabupaten/kota yang dilayani.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.adminunit', verbose_name='kabupaten/kota'),
        ),
        migrations.AddField(
            model_name='historicalalertgrouprule',
            name='area',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Kosong: berlaku di setiap kabupaten/kota yang dilayani.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.adminunit', verbose_name='kabupaten/kota'),
        ),
    ]
