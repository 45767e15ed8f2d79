# The audit chain is keyed (HMAC under a key outside the database). No data migration: the key is not
# available to migrations, so entries made before keep key_id "" and their plain SHA-256 hash, verified
# as before; core.audit accepts them only before the first keyed entry.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_cachestamp'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16),
        ),
        migrations.AddField(
            model_name='audithead',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16),
        ),
        migrations.AddField(
            model_name='audithead',
            name='mac',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
    ]
