from django.apps import AppConfig


class MessagesConfig(AppConfig):
    name = "gongkai.interaction.messages"
    label = "citizen_messages"
    verbose_name = "留言"

    def ready(self) -> None:
        from gongkai.interaction.messages import signals  # noqa: F401 - connects the receivers
