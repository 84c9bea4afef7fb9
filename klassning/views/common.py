PAGE_SIZE = 25


def status_summary(counts: dict[str, int]) -> list[tuple[str, int]]:
    from ..models import PlanStatus

    return [(PlanStatus(status).label, n) for status, n in counts.items()]
