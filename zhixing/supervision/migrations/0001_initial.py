from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("cases", "0005_node_fillfactor"), ("courts", "0001_initial")]
    operations: list = []
