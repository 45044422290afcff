"""The demo forum's data (``manage.py seed_demo``): the only code that imports every app.

One module per part of the demo, each deterministic and idempotent: organisations,
registrations, payments, programme, outcomes (with the declaration's texts in outcome_texts).
"""
