from django.db import migrations, models


def create_group(apps, schema_editor):
    """The permission and the "Raw HTML" group that holds it, empty: an administrator adds
    the editors who may paste ad code and embeds."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="rawhtml", model="rawhtml")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="write_raw_html",
        defaults={"name": "Can write raw HTML (ad code and embeds)"},
    )
    group, _created = Group.objects.get_or_create(name="Raw HTML")
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Raw HTML").delete()
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="rawhtml", codename="write_raw_html"
    ).delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="RawHTML",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={
                "verbose_name": "raw HTML",
                "permissions": [("write_raw_html", "Can write raw HTML (ad code and embeds)")],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create_group, remove_group),
    ]
