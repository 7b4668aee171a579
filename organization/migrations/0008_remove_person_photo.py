from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0007_person_photos_into_library'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='person',
            name='photo',
        ),
    ]
