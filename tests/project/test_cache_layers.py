"""The switch a benchmark uses to measure what each cache layer buys: off, a layer keeps
nothing and pages stay the same; a misspelt layer is refused."""

from jsnlearn.versions import KeptInMemory
from tests.project.production import manage, production_env, run_python


def test_kept_in_memory_reads_every_time_with_the_memory_layer_off(settings):
    kept, reads = KeptInMemory(size=10), []

    def read():
        reads.append(1)
        return "outline"

    assert kept.get("course-1", read) == kept.get("course-1", read) == "outline"
    assert len(reads) == 1
    settings.KEEP_IN_MEMORY = False
    assert kept.get("course-1", read) == "outline"
    assert len(reads) == 2


def test_the_pages_and_fragments_caches_keep_nothing_when_turned_off(tmp_path):
    env = production_env(tmp_path, JSNLEARN_CACHE_LAYERS_OFF="pages,fragments")
    code = (
        "from django.core.cache import caches; from django.conf import settings\n"
        "for name in ('pages', 'fragments'): caches[name].set('k', 1)\n"
        "print(caches['pages'].get('k'), caches['fragments'].get('k'), settings.KEEP_IN_MEMORY)"
    )
    assert run_python(env, code).stdout.split() == ["None", "None", "True"]


def test_a_layer_that_does_not_exist_is_refused_by_name(tmp_path):
    env = production_env(tmp_path, JSNLEARN_CACHE_LAYERS_OFF="pages,shared")
    checked = manage(env, "check")
    assert checked.returncode != 0
    assert "JSNLEARN_CACHE_LAYERS_OFF names shared: the layers are pages, fragments, memory." in (
        checked.stderr
    )
