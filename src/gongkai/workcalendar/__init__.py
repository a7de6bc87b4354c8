"""The working-day calendar as the back office keeps it: years entered or corrected by staff
on top of the State Council notices built into :mod:`gongkai.workdays` (docs/calendar.md)."""
