"""Staff, units and the review helpers of the publishing tests, for the index's lifecycle tests."""

from tests.publishing.conftest import (  # noqa: F401  (fixtures)
    county,
    draft,
    edu,
    login,
    make_staff,
    police,
    staff,
)
