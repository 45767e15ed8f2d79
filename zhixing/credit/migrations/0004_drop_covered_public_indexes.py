"""The search indexes (0002) cover these two single-column ones: a write to 8,000,000 public rows need not keep them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0003_seed_settings'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='publicentry',
            name='credit_public_id',
        ),
        migrations.RemoveIndex(
            model_name='publicentry',
            name='credit_public_name',
        ),
    ]
