"""Indexes on the IT services' link history (simple-history's ``m2m_fields`` rows).

Every historical record of an IT service holds all its links then, and a service the whole
city shares gets a record for each asset linked to it: at city scale ~1.5 M rows. The service's
page reads a window of its newest records and the links in them (history id → asset ids), and
the asset's page the records that hold the asset (asset id → history ids): from these indexes.

Raw SQL, not ``AddIndex``: the link history models are built by simple-history, whose Meta has
no indexes to declare them in (``makemigrations`` would then drop them again). The SQL is the
same on PostgreSQL and SQLite.
"""

from django.db import migrations

INDEXES = {
    "hist_itservice_assets_hist_idx": ("klassning_historicalitservice_assets",
                                       "history_id, informationasset_id"),
    "hist_itservice_assets_asset_idx": ("klassning_historicalitservice_assets",
                                        "informationasset_id, history_id"),
    # A service's newest records (the window): without it, the newest records of every
    # service were walked back by date until enough of this one's were found.
    "hist_itservice_id_date_idx": ("klassning_historicalitservice",
                                   "id, history_date, history_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('klassning', '0021_itservice_required_profile'),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, (table, columns) in INDEXES.items()
    ]
