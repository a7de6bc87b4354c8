"""Index updates as tasks (django-tasks): immediate by default, a worker in production."""

from __future__ import annotations

from django_tasks import task


@task()
def index_documents(pks: list[int]) -> int:
    from gongkai.search import services

    return services.index_documents(pks)


@task()
def index_unit(unit_pk: int) -> int:
    from gongkai.search import services

    return services.index_unit(unit_pk)


@task()
def index_column_documents(column_pk: int) -> int:
    """After a column is renamed or moved: its documents carry its name in the index."""
    from gongkai.catalog.models import Document
    from gongkai.search import services

    pks = list(Document.objects.public().filter(columns=column_pk).values_list("pk", flat=True))
    return sum(services.index_documents(pks[i : i + 200]) for i in range(0, len(pks), 200))


@task()
def index_unit_documents(unit_pk: int) -> int:
    """After a unit is renamed: its documents carry its name in the index."""
    from gongkai.catalog.models import Document
    from gongkai.search import services

    pks = list(Document.objects.public().filter(unit=unit_pk).values_list("pk", flat=True))
    return sum(services.index_documents(pks[i : i + 200]) for i in range(0, len(pks), 200))


@task()
def index_messages(pks: list[int]) -> int:
    """Index these messages if they are public (masked), take them out otherwise."""
    from gongkai.search import services

    return services.index_messages(pks)


@task()
def index_unit_messages(unit_pk: int) -> int:
    """After a unit is renamed: its public messages carry its name in the index."""
    from gongkai.interaction.messages.models import Message
    from gongkai.search import services

    pks = list(Message.objects.public().filter(unit=unit_pk).values_list("pk", flat=True))
    return sum(services.index_messages(pks[i : i + 200]) for i in range(0, len(pks), 200))
