"""Attachments and images are Wagtail documents/images, whose permissions are granted per
collection, not by the model permissions of migration 0002. Give the roles that upload
them the same rights on the root collection; which files a user then sees is narrowed to
their units by the wagtail_hooks of this app."""

from django.db import migrations

COLLECTION_PERMISSIONS = {
    "信息员": [("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document")],
    "责任编辑": [("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document")],
    "负责人": [("wagtaildocs", "choose_document")],
    "系统管理员": [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for name, perms in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for app_label, codename in perms:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_roles_and_review_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
