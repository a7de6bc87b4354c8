from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "gongkai.interaction.consultations"
    label = "consultations"
    verbose_name = "意见征集"
