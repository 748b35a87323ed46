from django.db import migrations


def load(apps, schema_editor):
    from marketplace.geography.services import load_divisions

    load_divisions(province_model=apps.get_model("geography", "Province"), commune_model=apps.get_model("geography", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
