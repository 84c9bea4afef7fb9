import datetime as dt

# A clock a few minutes ahead on the reporter's computer is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=10)
