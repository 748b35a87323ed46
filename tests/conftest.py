import pytest

from tests.factories import ChannelFactory


@pytest.fixture
def channel(db):
    return ChannelFactory()
