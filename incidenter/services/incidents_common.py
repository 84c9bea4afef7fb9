import datetime as dt

# A clock a few minutes ahead on the reporter's computer is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=10)

# Earlier times are typing mistakes (0001-01-01 would not even fit the database once in UTC).
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
