"""``make bench``: the portal's page times at city scale (see ``bench/run.py``)."""
