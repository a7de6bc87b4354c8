"""Unit-scoped permission policy for documents: the model permission, within the user's units."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.publishing import scope


class DocumentPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and scope.covers(user, instance.unit_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and scope.covers(user, instance.unit_id)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope.filter_units(user, self.model._default_manager.all())

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(pk__in=[u.pk for u in users if scope.covers(u, instance.unit_id)])
