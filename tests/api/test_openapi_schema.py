"""schemathesis against the running gemeente API (uvicorn, on SQLite and on PostgreSQL): for generated requests
to every operation in its OpenAPI schema, no 5xx, and every answer matches the schema (status, content type,
body, headers).

Not checked: that every request the schema allows is accepted (schemathesis' positive_data_acceptance). The API
refuses with a 422 what JSON Schema cannot say: a postcode or phone number that does not exist, neither telefoon
nor email, a toestemming in the future.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]

from tests.api.support import BOT, CONSULENT


def test_the_api_keeps_to_its_openapi_schema(live_server):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6  # meldingen: make, list, one, change, plan, plan versions (and health)
    for operation in operations:
        # the role each operation is for: the bot writes meldingen and plans, the consulent reads and updates
        headers = BOT if operation.method.upper() in ("POST", "PUT") else CONSULENT

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_to_the_schema(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_the_schema()
