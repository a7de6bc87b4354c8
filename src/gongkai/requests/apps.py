from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "gongkai.requests"
    label = "foi_requests"  # not "requests", which reads like the HTTP library in tracebacks
    verbose_name = "依申请公开"
