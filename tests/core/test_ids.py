from datetime import UTC, datetime

from parley.core.ids import id_floor_for_time, new_id, time_of_id


def test_ids_increase_strictly_and_fit_signed_64_bits() -> None:
    ids = [new_id() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(0 < i < 2**63 for i in ids)


def test_id_encodes_its_creation_time() -> None:
    before = datetime.now(UTC).timestamp()
    made = new_id()
    assert abs(time_of_id(made) - before) < 2


def test_time_floor_orders_with_ids() -> None:
    moment = datetime(2024, 5, 1, tzinfo=UTC)
    assert id_floor_for_time(moment) < new_id()
    assert time_of_id(id_floor_for_time(moment)) == moment.timestamp()
