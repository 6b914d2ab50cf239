"""Contract tests (*tests de contrat*) of the ports: run them against your own adapters.

Each contract is a class of ``test_*`` methods checking one documented behaviour of
:mod:`carecircle._ports` each. Subclass it in a test module under a name pytest collects
(``Test…``) and say how to build your implementation; every test method then runs against it:

.. code-block:: python

    from carecircle.testing.contracts import ProfessionalDirectoryContract

    class TestPassDirectory(ProfessionalDirectoryContract):
        def make_directory(self, entries):
            return PassDirectoryAdapter.in_memory(entries)

The directory contracts bring their own small set of fictional entries,
:data:`CONTRACT_PROFESSIONALS` and :data:`CONTRACT_STRUCTURES`: ``make_directory`` receives
them and must return a directory holding exactly those (a team testing a staging directory
seeds it with them once and returns its client). Each test calls ``make_directory`` afresh;
cache inside it if building is slow. The directory contracts only read.

:class:`RecordStoreContract` writes: its ``make_store`` returns a fresh, empty store, and its
tests append changes made by the library's own operations (:mod:`.records`), from many threads
at once too (:mod:`._writers`: ``concurrent_writers``, ``writes_per_writer`` and
``writer_timeout`` tune them).

Failures raise :class:`AssertionError` with a message naming the behaviour and the entries
(by identifier) or versions expected and found. The package needs neither pytest nor
hypothesis. Its contracts are all named here (:class:`DirectoryContract` is what the two directory
contracts share: sorting, paging, the empty query, accents; :class:`ConcurrentWritersContract` the
store contract's threads), beside two public helper modules: the changes the store contract
appends (:mod:`.records`) and the assertions the contracts share (:mod:`.checks`). Its private
modules hold one contract each.
"""

from carecircle.testing.contracts._directory import DirectoryContract
from carecircle.testing.contracts._entries import CONTRACT_PROFESSIONALS, CONTRACT_STRUCTURES
from carecircle.testing.contracts._notifier import NotifierContract
from carecircle.testing.contracts._professionals import ProfessionalDirectoryContract
from carecircle.testing.contracts._stores import RecordStoreContract
from carecircle.testing.contracts._structures import StructureDirectoryContract
from carecircle.testing.contracts._writers import ConcurrentWritersContract

__all__ = [
    "CONTRACT_PROFESSIONALS",
    "CONTRACT_STRUCTURES",
    "ConcurrentWritersContract",
    "DirectoryContract",
    "NotifierContract",
    "ProfessionalDirectoryContract",
    "RecordStoreContract",
    "StructureDirectoryContract",
]
