import pytest

from tests.bundles.helpers import copy_example


@pytest.fixture
def bundle(tmp_path):
    """A copy of the example bundle, to edit."""
    return copy_example(tmp_path)
