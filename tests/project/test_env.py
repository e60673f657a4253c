import pytest
from django.core.exceptions import ImproperlyConfigured

from jsnlearn.env import env_bool, env_choice, env_int, env_int_list, env_list


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), (" off ", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=not expected) is expected


def test_env_bool_rejects_a_typo_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "flase")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", default=True)


@pytest.mark.parametrize("default", [True, False])
@pytest.mark.parametrize("raw", ["", "  "])
def test_env_bool_refuses_a_blank_value_naming_the_variable(monkeypatch, raw, default):
    monkeypatch.setenv("DJANGO_EMAIL_USE_TLS", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("DJANGO_EMAIL_USE_TLS", default=default)
    assert str(refused.value) == (
        "DJANGO_EMAIL_USE_TLS is set but empty: set it to 1 or 0, "
        f"or unset it for the default ({int(default)})."
    )


def test_env_bool_falls_back_to_its_default_only_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    assert env_bool("FLAG", default=False) is False


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_unset_values_fall_back_to_defaults(monkeypatch):
    monkeypatch.delenv("UNSET_VALUE", raising=False)
    assert env_list("UNSET_VALUE", default=("x",)) == ["x"]
    assert env_int("UNSET_VALUE", 3) == 3
    assert env_choice("UNSET_VALUE", ("a", "b"), default="b") == "b"


def test_env_int_and_choice_name_the_variable_when_wrong(monkeypatch):
    monkeypatch.setenv("PORT_NUMBER", "eighty")
    monkeypatch.setenv("LEVEL", "loud")
    with pytest.raises(ImproperlyConfigured, match="PORT_NUMBER"):
        env_int("PORT_NUMBER", 80)
    with pytest.raises(ImproperlyConfigured, match="LEVEL"):
        env_choice("LEVEL", ("info", "debug"), default="info")


def test_env_int_list_reads_delays_and_refuses_what_is_not_one(monkeypatch):
    monkeypatch.setenv("DELAYS", "0, 60,300")
    assert env_int_list("DELAYS", (1,)) == [0, 60, 300]
    monkeypatch.delenv("DELAYS")
    assert env_int_list("DELAYS", (60, 300)) == [60, 300]
    for wrong in ("1m,5m", "60,-5"):
        monkeypatch.setenv("DELAYS", wrong)
        with pytest.raises(ImproperlyConfigured, match="DELAYS"):
            env_int_list("DELAYS")
