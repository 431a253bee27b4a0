"""Domain.is_empty with the empty domain built once.

For every message Rasa checks whether the domain is empty by building an empty domain from scratch and comparing
(1.5% of the Rasa server's time at 20 inwoners, py-spy, issue 8): the empty domain's contents are now built once.
"""

from __future__ import annotations

import functools
from typing import Any, Dict

from rasa.shared.core.domain import Domain

RASA_DOMAIN_IS_EMPTY = Domain.is_empty


@functools.lru_cache(maxsize=None)
def _empty_domain_as_dict() -> Dict[str, Any]:
    return Domain.empty().as_dict()


def domain_is_empty(self: Domain) -> bool:
    """Domain.is_empty of Rasa 3.6, with the empty domain's contents built once instead of on every call."""
    return self.as_dict() == _empty_domain_as_dict()
