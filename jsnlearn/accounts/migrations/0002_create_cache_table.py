"""The database cache's table, where allauth counts sign-in attempts when REDIS_URL is not set.

A migration rather than a separate `createcachetable` step, so that the table exists wherever
`migrate` has run: a developer's database, the test database and the PaaS release phase. It is
created even while Redis is the cache, so that unsetting REDIS_URL later needs no extra step.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "jsnlearn_cache"  # the LOCATION of the database cache in settings.CACHES


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
